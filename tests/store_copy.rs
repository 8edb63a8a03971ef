//! `store copy --to URL`: a SQLite ledger (3 workspaces, 10,000 batch debits, open and settled
//! holds, a purchase through the Stripe emulator) copied into a private PostgreSQL server:
//! verify clean there, chain heads and balances equal, a daemon on the copy continues the
//! chain, and a second copy into the now non-empty database is refused and changes nothing.
//! Then back from PostgreSQL into a new SQLite file. Needs PostgreSQL (`credits_pg::testing`):
//! under `CI=true` its absence fails the test, elsewhere the test says it was skipped.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

use common::stripe::{SECRET_KEY, StripeEmulator};
use common::{Home, Run, wait_until};
use credits_pg::testing::PgServer;
use serde_json::Value;

const WEBHOOK_SECRET: &str = "whsec_store_copy_tests";
const WORKSPACES: [&str; 3] = ["default", "north", "south"];

/// `spend --batch -` with `lines` on standard input.
fn spend_batch(home: &Home, workspace: &str, lines: &str) -> Run {
    let mut child = home
        .command()
        .args(["spend", "--batch", "-", "--json", "--workspace", workspace])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn spend --batch");
    child.stdin.take().expect("stdin").write_all(lines.as_bytes()).expect("write events");
    let out = child.wait_with_output().expect("spend --batch");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The instant `days` ago, as STUDIO_CREDITS_FAKE_NOW takes it.
fn ago(days: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days)).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Restarts the daemon with its clock at `now`; it rolls over the months it missed at once.
fn restart_at(home: &mut Home, now: &str) {
    home.run(&["daemon", "stop"]).expect(0);
    home.env("STUDIO_CREDITS_FAKE_NOW", now);
    home.run(&["daemon", "start"]).expect(0);
}

fn balances(home: &Home) -> Vec<Value> {
    WORKSPACES.iter().map(|w| home.json(&["balance", "--all-seats", "--workspace", w])).collect()
}

fn entries(server: &PgServer, db: &str) -> String {
    server.query(db, "SELECT COUNT(*) FROM journal").expect("count").concat()
}

#[test]
fn a_sqlite_ledger_moves_to_postgres_and_back() {
    let Some(server) = PgServer::start_or_skip("the store copy test") else { return };
    let url = server.create_database("copy_target").expect("database");
    let stripe = StripeEmulator::start();
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let http = format!("127.0.0.1:{port}");
    let mut source = Home::new();
    source
        .env("STRIPE_SECRET_KEY", SECRET_KEY)
        .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .env("STUDIO_CREDITS_STRIPE_API_BASE", &stripe.base_url)
        .env("STUDIO_CREDITS_HTTP_LISTEN", &http)
        .env("STUDIO_CREDITS_FAKE_NOW", &ago(70));
    stripe.register_webhook(&format!("http://{http}/v1/stripe/webhook"), WEBHOOK_SECRET);

    // Three workspaces with a seat `bob` each; 10,000 one-millicredit debits in batches of 1,000.
    source.run(&["balance"]).expect(0);
    for w in &WORKSPACES[1..] {
        source.run(&["workspace", "add", w, "--plan", "pro"]).expect(0);
    }
    for w in WORKSPACES {
        source.run(&["seats", "add", "bob", "--workspace", w]).expect(0);
    }
    for i in 0..10 {
        let w = WORKSPACES[i % 3];
        let lines: String = (0..1000)
            .map(|j| format!("{{\"amount\": \"0.001\", \"seat\": \"bob\", \"memo\": \"b{i}e{j}\"}}\n"))
            .collect();
        let r = spend_batch(&source, w, &lines);
        assert_eq!(r.code, 0, "{r:?}");
    }
    // Two rollovers per workspace (70 days ago, 35 days ago, now): the copy replays them in order
    // past the target's rollover triggers.
    restart_at(&mut source, &ago(35));
    restart_at(&mut source, &ago(0));
    // Holds: one settled, one released, one left open.
    let settled =
        source.json(&["hold", "40", "--seat", "bob", "--ttl", "1h"])["hold"]["id"].as_str().expect("id").to_owned();
    source.run(&["hold", "settle", &settled, "12.5"]).expect(0);
    let released =
        source.json(&["hold", "5", "--seat", "bob", "--ttl", "1h"])["hold"]["id"].as_str().expect("id").to_owned();
    source.run(&["hold", "release", &released]).expect(0);
    source.json(&["hold", "7", "--seat", "bob", "--ttl", "1h", "--workspace", "north"]);
    // A purchase, credited through the emulator's webhook.
    let customer = stripe.create_customer_with_card("pm_card_visa");
    source.run(&["workspace", "set", "--stripe-customer", &customer]).expect(0);
    source.run(&["buy", "20", "--card-on-file", "--yes"]).expect(0);
    let bought = wait_until(Duration::from_secs(30), || {
        source.json(&["purchases", "list"])["purchases"]
            .as_array()
            .is_some_and(|l| l.iter().any(|p| p["state"] == "succeeded"))
    });
    assert!(bought, "the purchase was not credited: {}", source.json(&["purchases", "list"]));
    // Notification settings travel with the ledger.
    source.run(&["alerts", "set", "--below", "100", "--seat", "bob"]).expect(0);
    source.run(&["webhooks", "add", "http://127.0.0.1:9/hook"]).expect(0);
    assert_eq!(source.json(&["verify"])["ok"], true);
    let before = balances(&source);

    // A running daemon is refused; --stop-daemon stops it and copies.
    let refused = source.run(&["store", "copy", "--to", &url]).expect(2);
    assert!(refused.stderr.contains("serving this ledger"), "{refused:?}");
    let untouched = server.query("copy_target", "SELECT to_regclass('journal') IS NULL").expect("query").concat();
    assert_eq!(untouched, "t", "nothing was done while the daemon ran");
    let report = source.json(&["store", "copy", "--to", &url, "--stop-daemon"]);
    assert_eq!(report["verify"]["ok"], true, "{report:#}");
    assert!(!report["target"].as_str().expect("target").contains("secret"), "{report}");
    let rows = |table: &str| {
        report["tables"].as_array().expect("tables").iter().find(|t| t["table"] == table).expect("table")["rows"]
            .as_u64()
            .expect("rows")
    };
    assert!(rows("journal") >= 10_000, "{report:#}");
    assert_eq!(rows("workspaces"), 3);
    assert_eq!(rows("holds"), 3);
    assert_eq!(rows("purchases"), 1);
    assert_eq!(rows("rollovers"), 6, "{report:#}");
    let heads = report["workspaces"].as_array().expect("workspaces");
    assert_eq!(heads.len(), 3);
    assert!(heads.iter().all(|h| h["same"] == true), "{report:#}");
    assert_eq!(entries(&server, "copy_target"), rows("journal").to_string());

    // A daemon on the copy: the same balances, and it continues every chain.
    let mut target = Home::new();
    target.env("STUDIO_CREDITS_STORE", &url);
    assert_eq!(target.json(&["verify"])["ok"], true);
    assert_eq!(balances(&target), before, "balances on the copy");
    assert_eq!(rows("balance_alerts"), 1, "{report:#}");
    assert_eq!(rows("webhook_endpoints"), 1, "{report:#}");
    let hooks = target.run(&["webhooks", "list"]).expect(0);
    assert!(hooks.stdout.contains("http://127.0.0.1:9/hook"), "{hooks:?}");
    target.run(&["spend", "1", "--seat", "bob", "--workspace", "south"]).expect(0);
    let v = target.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v}");
    let after_spend = entries(&server, "copy_target");

    // Copying again into the now non-empty database is refused and changes nothing.
    let again = source.run(&["store", "copy", "--to", &url, "--stop-daemon", "--json"]).expect(2);
    assert!(again.stdout.contains("already holds a ledger"), "{again:?}");
    assert_eq!(entries(&server, "copy_target"), after_spend);
    assert_eq!(target.json(&["verify"])["ok"], true);

    // And back: PostgreSQL to a new SQLite file, chain heads equal again.
    target.run(&["daemon", "stop"]).expect(0);
    let file = target.path().join("back.db");
    let back = target.json(&["store", "copy", "--to", &format!("sqlite://{}", file.display())]);
    assert_eq!(back["verify"]["ok"], true, "{back:#}");
    assert!(back["workspaces"].as_array().expect("workspaces").iter().all(|h| h["same"] == true), "{back:#}");
    let mut restored = Home::new();
    restored.env("STUDIO_CREDITS_STORE", &format!("sqlite://{}", file.display()));
    assert_eq!(restored.json(&["verify"])["ok"], true);
    assert_eq!(restored.json(&["balance", "--all-seats", "--workspace", "north"]), before[1]);
}

/// Refusals that need no PostgreSQL: remote mode, a bad URL, no ledger to copy, an unreachable
/// PostgreSQL target (exit 3); none prints the URL's password, and the source stays as it was.
/// Then SQLite to another SQLite file, and a second copy into it refused.
#[test]
fn store_copy_refuses_what_it_cannot_do_and_never_prints_a_password() {
    let mut remote = Home::new();
    remote.env("STUDIO_CREDITS_SERVER", "https://credits.invalid");
    remote.env("STUDIO_CREDITS_TOKEN", "sck_x");
    let r = remote.run(&["store", "copy", "--to", "sqlite:///tmp/x.db"]).expect(2);
    assert!(r.stderr.contains("not available in remote mode"), "{}", r.stderr);

    let fresh = Home::new();
    let r = fresh.run(&["store", "copy", "--to", "postgres://credits:hunter2@127.0.0.1:1/credits"]).expect(2);
    assert!(r.stderr.contains("no ledger at"), "{}", r.stderr);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);

    let home = Home::new();
    home.json(&["spend", "2"]);
    let r = home.run(&["store", "copy", "--to", "mysql://u:hunter2@h/db"]).expect(2);
    assert!(!r.stderr.contains("hunter2") && !r.stdout.contains("hunter2"), "{r:?}");
    let r = home.run(&["store", "copy", "--to", "sqlite:///no/such/dir/credits.db", "--stop-daemon"]).expect(2);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    let r = home
        .run(&["store", "copy", "--to", "postgres://credits:hunter2@127.0.0.1:1/credits", "--json", "--stop-daemon"])
        .expect(3);
    assert!(!r.stdout.contains("hunter2") && !r.stderr.contains("hunter2"), "{r:?}");
    assert!(r.stdout.contains("postgres://credits@127.0.0.1:1/credits"), "{}", r.stdout);
    assert_eq!(home.json(&["verify"])["ok"], true);
    assert_eq!(home.json(&["balance"])["spendable"], "498");

    // SQLite to another SQLite file: the same chain heads, and the copy serves.
    let file = home.path().join("moved.db");
    let to = format!("sqlite://{}", file.display());
    let r = home.json(&["store", "copy", "--to", &to, "--stop-daemon"]);
    assert_eq!(r["verify"]["ok"], true, "{r:#}");
    assert!(r["workspaces"].as_array().expect("workspaces").iter().all(|h| h["same"] == true), "{r:#}");
    assert!(r["stopped_daemon"].is_u64(), "{r:#}");
    let mut moved = Home::new();
    moved.env("STUDIO_CREDITS_STORE", &to);
    assert_eq!(moved.json(&["balance"])["spendable"], "498");
    let again = home.run(&["store", "copy", "--to", &to]).expect(2);
    assert!(again.stderr.contains("already holds a ledger"), "{}", again.stderr);
}
