//! Money flows as a person meets them, without Stripe: buying says at once when the daemon cannot
//! buy (and when it only needs a restart), `daemon restart`, removing a seat asks and says what it
//! destroys, a replayed spend says so, `hold list` / `hold show`, and dollar amounts explained.
//! The interactive ones run under a real pseudo-terminal (rexpect).

mod common;

use common::Home;
use serde_json::Value;

/// `stderr` mentions every one of `needles`.
fn says(text: &str, needles: &[&str]) -> bool {
    needles.iter().all(|n| text.contains(n))
}

#[test]
fn a_non_terminal_402_without_stripe_says_how_to_make_buying_work() {
    let home = Home::new();
    let run = home.run(&["spend", "700"]).expect(42);
    assert!(says(&run.stderr, &["payment required", "STRIPE_SECRET_KEY", "daemon restart"]), "{}", run.stderr);
    let err = home.run(&["spend", "700", "--json"]).expect(42).json();
    assert!(err["error"]["hint"].as_str().expect("hint").contains("Stripe is not configured"), "{err:#}");
    // The same for a hold that does not fit, and for `check`'s answer.
    let run = home.run(&["hold", "700"]).expect(42);
    assert!(says(&run.stderr, &["Stripe is not configured", "STRIPE_SECRET_KEY"]), "{}", run.stderr);
    let run = home.run(&["check", "700"]).expect(42);
    assert!(
        says(&run.stdout, &["Does not fit", "Buying credits does not work yet", "STRIPE_SECRET_KEY"]),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Buy credits with"), "{}", run.stdout);
    // The balance is untouched.
    assert_eq!(home.json(&["balance"])["spendable"], "500");
}

#[test]
fn a_key_set_after_the_daemon_started_needs_a_restart_and_daemon_restart_gives_it() {
    let mut home = Home::new();
    // The daemon starts without a key.
    home.json(&["balance"]);
    let first = home.daemon_pid().expect("a daemon");
    home.env("STRIPE_SECRET_KEY", "sk_test_exported_later");
    // Nothing listens here: a daemon that has the key fails to reach Stripe, never hangs.
    home.env("STUDIO_CREDITS_STRIPE_API_BASE", "http://127.0.0.1:9");

    let run = home.run(&["buy", "20", "--yes"]).expect(7);
    assert!(says(&run.stderr, &["running daemon", "studio-credits daemon restart"]), "{}", run.stderr);
    assert!(!run.stderr.contains("set STRIPE_SECRET_KEY"), "the key is set; do not ask for it: {}", run.stderr);

    // `config show` does not claim the daemon has the key.
    let shown = home.run(&["config", "show", "--json"]).expect(0).json();
    assert_eq!(shown["running_daemon"]["pid"], first);
    assert_eq!(shown["running_daemon"]["stripe_configured"], false, "{shown:#}");
    let human = home.run(&["config", "show"]).expect(0);
    assert!(says(&human.stderr, &["started without it", "daemon restart"]), "{}", human.stderr);

    let restarted = home.run(&["daemon", "restart", "--json"]).expect(0).json();
    assert_eq!(restarted["restarted"], true);
    assert_eq!(restarted["stopped_pid"], first);
    let second = restarted["daemon"]["pid"].as_u64().expect("new pid");
    assert_ne!(second, u64::from(first));
    assert_eq!(restarted["daemon"]["stripe"]["configured"], true, "{restarted:#}");
    assert_eq!(home.daemon_pid(), Some(second as u32));
    assert_eq!(home.json(&["config", "show"])["running_daemon"]["stripe_configured"], true);
    // Now the daemon tries Stripe (unreachable here): the answer is about Stripe, not the key.
    let run = home.run(&["buy", "20", "--yes", "--card-on-file", "--json"]).expect(7);
    assert!(!run.stdout.contains("restart"), "{}", run.stdout);

    // Human, and with no daemon running it starts one.
    home.run(&["daemon", "stop"]).expect(0);
    let run = home.run(&["daemon", "restart"]).expect(0);
    assert!(run.stdout.contains("No daemon was running; started one"), "{}", run.stdout);
}

#[test]
fn buy_explains_that_amounts_are_dollars() {
    let home = Home::new();
    let run = home.run(&["buy", "abc"]).expect(2);
    assert!(says(&run.stderr, &["dollars", "e.g. 20"]), "{}", run.stderr);
}

#[test]
fn a_replayed_spend_says_nothing_was_charged_again() {
    let home = Home::new();
    let first = home.run(&["spend", "10", "--idempotency-key", "job-1234"]).expect(0);
    assert!(first.stdout.starts_with("Spent 10 credits (10 from included)"), "{}", first.stdout);
    let again = home.run(&["spend", "10", "--idempotency-key", "job-1234"]).expect(0);
    assert!(
        says(&again.stdout, &["Already spent under key job-1234 at ", "UTC; nothing charged again"]),
        "{}",
        again.stdout
    );
    let json = home.json(&["spend", "10", "--idempotency-key", "job-1234"]);
    assert_eq!(json["replayed"], true);
    let fresh = home.json(&["spend", "5", "--idempotency-key", "job-5"]);
    assert_eq!(fresh["replayed"], false);
    assert_eq!(home.json(&["balance"])["spendable"], "485");
}

#[test]
fn removing_a_seat_asks_unless_yes_and_says_what_expired() {
    let home = Home::new();
    home.run(&["seats", "add", "bob"]).expect(0);
    home.run(&["spend", "120", "--seat", "bob"]).expect(0);
    // No terminal and no --yes: refused, nothing removed.
    let run = home.run(&["seats", "remove", "bob"]).expect(2);
    assert!(says(&run.stderr, &["380 included credits", "--yes"]), "{}", run.stderr);
    assert!(home.json(&["seats", "list"])["seats"].as_array().expect("seats").iter().any(|s| s["seat"] == "bob"));

    let removed = home.json(&["seats", "remove", "bob", "--yes"]);
    assert_eq!(removed["expired"], "380", "{removed:#}");
    // Added again this month: no second allowance, and it says why.
    let run = home.run(&["seats", "add", "bob"]).expect(0);
    assert!(
        says(&run.stdout, &["0 included credits", "already had this month's allowance", "next reset"]),
        "{}",
        run.stdout
    );
    let help = home.run(&["seats", "add", "--help"]).expect(0);
    // The help says the same (wrapped to the terminal: compare words).
    let words = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("removed and added again in the same month gets none"), "{}", help.stdout);
}

#[test]
fn hold_list_and_show() {
    let home = Home::new();
    home.run(&["seats", "add", "bob"]).expect(0);
    let a = home.json(&["hold", "40", "--memo", "render", "--ttl", "1h"])["hold"]["id"].as_str().unwrap().to_owned();
    let b = home.json(&["hold", "7", "--seat", "bob", "--ttl", "10m"])["hold"]["id"].as_str().unwrap().to_owned();
    let c = home.json(&["hold", "3"])["hold"]["id"].as_str().unwrap().to_owned();
    home.run(&["hold", "release", &c]).expect(0);

    let ids = |v: &Value| -> Vec<String> {
        v["holds"].as_array().expect("holds").iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
    };
    // Open holds only, soonest to expire first.
    let all = home.json(&["hold", "list"]);
    assert_eq!(ids(&all), [b.clone(), a.clone()], "{all:#}");
    assert_eq!(ids(&home.json(&["hold", "list", "--seat", "bob"])), [b.as_str()]);
    let first = home.json(&["hold", "list", "--limit", "1"]);
    assert_eq!(ids(&first), [b.as_str()]);
    assert!(first["next"].is_string(), "a cut list says there is more: {first:#}");
    let table = home.run(&["hold", "list", "--limit", "1"]).expect(0);
    assert!(says(&table.stdout, &[&b, "1 shown", "--limit"]), "{}", table.stdout);
    let table = home.run(&["hold", "list"]).expect(0);
    assert!(says(&table.stdout, &[&a, &b, "render"]), "{}", table.stdout);

    let shown = home.json(&["hold", "show", &a]);
    assert_eq!(
        (shown["id"].as_str(), shown["status"].as_str(), shown["amount"].as_str()),
        (Some(&*a), Some("held"), Some("40"))
    );
    let human = home.run(&["hold", "show", &c]).expect(0);
    assert!(says(&human.stdout, &["released", "Closed"]), "{}", human.stdout);
    home.run(&["hold", "show", "hold_doesnotexist"]).expect(5);
    home.run(&["hold", "list", "--seat", "nobody"]).expect(5);
}

#[cfg(unix)]
mod tty {
    use std::time::Duration;

    use rexpect::session::PtySession;

    use crate::common::Home;
    use crate::common::pty::{self, exit_code};

    const TIMEOUT_MS: u64 = 20_000;

    fn spawn(home: &Home, args: &[&str]) -> PtySession {
        pty::spawn(home, args, Duration::from_millis(TIMEOUT_MS))
    }

    #[test]
    fn buying_without_stripe_on_a_terminal_asks_nothing() {
        let home = Home::new();
        let mut s = spawn(&home, &["buy", "20"]);
        let out = s.exp_eof().expect("ends without a question");
        assert_eq!(exit_code(&mut s), 7, "{out}");
        assert!(out.contains("Stripe is not configured") && out.contains("STRIPE_SECRET_KEY"), "{out}");
        assert!(!out.contains("Continue?"), "{out}");

        let mut s = spawn(&home, &["spend", "700"]);
        let out = s.exp_eof().expect("ends without a question");
        assert_eq!(exit_code(&mut s), 42, "{out}");
        assert!(!out.contains("Amount in dollars"), "{out}");
        assert!(out.contains("STRIPE_SECRET_KEY"), "{out}");
        assert_eq!(out.matches("payment required").count(), 1, "the refusal once: {out}");
    }

    #[test]
    fn removing_a_seat_on_a_terminal_asks_with_the_amount() {
        let home = Home::new();
        home.run(&["seats", "add", "bob"]).expect(0);
        let mut s = spawn(&home, &["seats", "remove", "bob"]);
        s.exp_string("500 included credits").expect("the loss is named");
        s.exp_string("Remove it? [y/N]").expect("asks");
        s.send_line("n").expect("decline");
        s.exp_eof().expect("exit");
        assert_eq!(exit_code(&mut s), 2);
        assert_eq!(home.json(&["balance", "--seat", "bob"])["included"]["remaining"], "500");

        let mut s = spawn(&home, &["seats", "remove", "bob"]);
        s.exp_string("Remove it? [y/N]").expect("asks");
        s.send_line("y").expect("confirm");
        s.exp_string("Removed seat bob; its 500 included credits").expect("says the amount");
        s.exp_eof().expect("exit");
        assert_eq!(exit_code(&mut s), 0);
    }
}
