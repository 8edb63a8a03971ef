//! Remote mode end to end: a central daemon serving HTTPS (a CA made here with rcgen) and, where
//! purchases are involved, buying through the Stripe emulator; "runner" CLI processes, each with
//! its own empty home, that reach it with `STUDIO_CREDITS_SERVER`, `STUDIO_CREDITS_CA_CERT` and a
//! workspace API key. Everything binds loopback.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::thread;
use std::time::{Duration, Instant};

use common::remote::{Ca, Central, Runner, free_port, millis};
use serde_json::Value;

/// Runs `args` on every runner at once; their results in runner order.
fn on_all(runners: &[Runner], args: &[&str]) -> Vec<common::Run> {
    thread::scope(|s| {
        let handles: Vec<_> = runners.iter().map(|r| s.spawn(move || r.run(args))).collect();
        handles.into_iter().map(|h| h.join().expect("runner thread")).collect()
    })
}

fn assert_no_leftovers(runners: &[Runner]) {
    for r in runners {
        let left = r.leftovers();
        assert!(left.is_empty(), "remote mode must create nothing in the runner's home: {left:?}");
    }
}

#[test]
fn ten_runners_share_one_ledger_over_https() {
    let central = Central::start(true);
    central.with_card("pm_card_visa");
    let token = central.key("ci", "spend,buy,read", &[]);
    let runners: Vec<Runner> = (0..10).map(|_| central.runner(&token)).collect();

    // Concurrent ensures below the minimum: exactly one purchase.
    let runs = on_all(&runners, &["ensure", "--min", "1000", "--buy", "20", "--card-on-file", "--yes", "--json"]);
    for run in &runs {
        assert_eq!(run.code, 0, "{run:#?}");
    }
    let bought = runs.iter().filter(|r| r.json()["bought"] == true).count();
    assert_eq!(bought, 1, "{runs:#?}");
    let purchases = central.home.json(&["purchases", "list"]);
    assert_eq!(purchases["purchases"].as_array().unwrap().len(), 1, "{purchases}");
    let stripe = central.stripe.as_ref().unwrap();
    assert_eq!(stripe.list_payment_intents()["data"].as_array().unwrap().len(), 1);
    let before = central.balance();
    assert_eq!(before["topup"]["remaining"], "2000", "{before}");

    // Concurrent spends debit exactly: 10 runners × 3 spends of 12.345.
    let spent: Vec<Vec<common::Run>> = thread::scope(|s| {
        let handles: Vec<_> = runners
            .iter()
            .map(|r| {
                s.spawn(move || (0..3).map(|_| r.run(&["spend", "12.345", "--memo", "ci job", "--json"])).collect())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for run in spent.iter().flatten() {
        assert_eq!(run.code, 0, "{run:#?}");
        assert_eq!(run.json()["replayed"], false, "{run:#?}");
    }
    let after = central.balance();
    assert_eq!(millis(&before["spendable"]) - millis(&after["spendable"]), 30 * 12_345, "{before} → {after}");

    // Drain the workspace, then a spend is refused with exit 42 and the socket's JSON.
    let left = after["spendable"].as_str().unwrap().to_owned();
    runners[0].run(&["spend", &left, "--json"]).expect(0);
    let refused = runners[1].run(&["spend", "1", "--json"]).expect(42);
    let e = refused.json();
    let local = central.home.run(&["spend", "1", "--json"]).expect(42).json();
    assert_eq!(e["error"]["type"], "payment_required", "{e}");
    assert_eq!(e["error"]["message"], local["error"]["message"], "{e}\n{local}");
    assert_eq!(e["error"]["balance"], local["error"]["balance"], "{e}\n{local}");
    assert_eq!(e["error"]["hint"], local["error"]["hint"], "{e}\n{local}");
    assert!(e["error"]["buy_url"].as_str().is_some_and(|u| u.starts_with(&central.url)), "{e}");
    assert_eq!(central.balance()["spendable"], "0");

    // Who did what: the key's spends and its purchase, by name.
    let h = runners[2].json(&["history", "--limit", "100"]);
    let entries = h["entries"].as_array().unwrap();
    assert!(entries.iter().all(|e| e["actor"].is_string()), "{h}");
    let by_key = |kind: &str| entries.iter().filter(|e| e["kind"] == kind && e["actor"] == "key:ci").count();
    assert!(by_key("debit") >= 31, "{h}");
    assert_eq!(by_key("purchase"), 1, "{h}");
    let v = central.home.json(&["verify"]);
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");
    assert_no_leftovers(&runners);
}

#[test]
fn a_key_without_the_scope_an_invalid_key_and_no_key_exit_6_and_change_nothing() {
    let central = Central::start(false);
    let reader = central.runner(&central.key("reader", "read", &[]));
    let before = central.balance();
    let status = reader.json(&["daemon", "status"]);
    assert_eq!(status["reachable"], true, "{status}");
    assert_eq!((&status["key"], &status["scopes"]), (&Value::from("reader"), &serde_json::json!(["read"])));
    assert_eq!(status["server"], central.url.as_str());
    let human = reader.run(&["daemon", "status"]).expect(0).stdout;
    assert!(human.contains(&central.url) && human.contains("reader"), "{human}");

    for args in [
        vec!["spend", "5"],
        vec!["hold", "5"],
        vec!["buy", "20", "--card-on-file", "--yes"],
        vec!["ensure", "--min", "100000", "--buy", "20", "--card-on-file", "--yes"],
    ] {
        let mut json = args.clone();
        json.push("--json");
        let run = reader.run(&json).expect(6);
        assert_eq!(run.json()["error"]["type"], "forbidden", "{args:?}: {run:#?}");
        let human = reader.run(&args).expect(6);
        assert!(human.stderr.contains("scope"), "{args:?}: {}", human.stderr);
    }
    reader.json(&["balance"]);
    assert_eq!(central.balance(), before, "nothing changed");

    // Revoked, expired, unknown and missing keys.
    let revoked = central.runner(&central.key("old", "read,spend", &[]));
    revoked.json(&["balance"]);
    central.home.run(&["keys", "revoke", "old"]).expect(0);
    let expired = central.runner(&central.key("brief", "read,spend", &["--expires", "1s"]));
    thread::sleep(Duration::from_millis(2100));
    let bogus = central.runner(&format!("sck_{}", "0".repeat(64)));
    let none = Runner::new().with(&[
        ("STUDIO_CREDITS_SERVER", central.url.as_str()),
        ("STUDIO_CREDITS_CA_CERT", &central.ca_file.display().to_string()),
    ]);
    for (who, r) in [("revoked", &revoked), ("expired", &expired), ("unknown", &bogus), ("missing", &none)] {
        for args in [["balance", "--json"], ["spend", "1"], ["daemon", "status"]] {
            let run = r.run(&args).expect(6);
            assert!(!run.stderr.contains("sck_"), "{who}: no key in messages: {}", run.stderr);
            if args[1] == "--json" {
                assert_eq!(run.json()["error"]["type"], "unauthorized", "{who}: {run:#?}");
            }
        }
    }
    assert_eq!(central.balance(), before, "nothing changed");
    assert_no_leftovers(&[reader, revoked, expired, bogus, none]);
}

#[test]
fn wrong_ca_plain_http_and_a_stopped_server_are_refused() {
    let central = Central::start(false);
    let token = central.key("ci", "read,spend", &[]);
    let other_ca = Ca::new("another CA").write(&central.home.path().join("other-ca.pem"));
    let wrong = central.runner(&token).with(&[("STUDIO_CREDITS_CA_CERT", &other_ca.display().to_string())]);
    let run = wrong.run(&["balance", "--json"]).expect(3);
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("TLS") && message.contains(&central.url), "{message}");
    let human = wrong.run(&["spend", "1"]).expect(3);
    assert!(human.stderr.contains("STUDIO_CREDITS_CA_CERT"), "{}", human.stderr);

    // Plain http:// to another machine is refused before anything is sent; loopback is fine.
    let r = central.runner(&token);
    for url in ["http://10.255.255.1:4402", "http://credits.example:4402"] {
        let run = r.run(&["--server", url, "balance", "--json"]).expect(2);
        let e = run.json();
        assert!(e["error"]["message"].as_str().unwrap().contains("refusing plain http://"), "{e}");
        assert!(r.run(&["--server", url, "balance"]).stderr.contains("--insecure-http"));
    }
    let port = free_port();
    let closed = format!("http://127.0.0.1:{port}");
    let run = r.run(&["--server", &closed, "balance", "--json"]).expect(3);
    assert!(run.json()["error"]["message"].as_str().unwrap().contains(&closed), "{run:#?}");

    // A server that accepts but never answers: exit 3 once the timeout has passed.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let stuck = format!("http://{}", silent.local_addr().unwrap());
    let started = Instant::now();
    let run = r.run(&["--server", &stuck, "--timeout", "1", "balance", "--json"]).expect(3);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains(&stuck) && message.contains("did not answer within 1 s"), "{message}");
    drop(silent);

    // A stopped server: exit 3 within the timeout, naming the server; nothing started locally.
    r.json(&["balance"]);
    central.home.run(&["daemon", "stop"]).expect(0);
    let started = Instant::now();
    let run = r.run(&["--timeout", "2", "spend", "1", "--json"]).expect(3);
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    let e = run.json();
    assert_eq!(e["error"]["type"], "daemon_unreachable");
    assert!(e["error"]["message"].as_str().unwrap().contains(&central.url), "{e}");
    let status = r.run(&["daemon", "status", "--json"]).expect(3);
    assert_eq!(status.json()["error"]["type"], "daemon_unreachable");
    assert_no_leftovers(&[wrong, r]);
}

#[test]
fn a_token_in_a_config_file_must_be_private_and_local_only_commands_are_refused() {
    let central = Central::start(false);
    let token = central.key("ci", "read", &[]);
    let r = Runner::new();
    let config_dir = r.dir.path().join("config/studio-credits");
    std::fs::create_dir_all(&config_dir).unwrap();
    let file = config_dir.join("config.toml");
    let ca = central.ca_file.display().to_string();
    std::fs::write(&file, format!("[client]\nserver = \"{}\"\ntoken = \"{token}\"\nca_cert = \"{ca}\"\n", central.url))
        .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = r.run(&["balance"]).expect(2);
    assert!(run.stderr.contains("mode 0644") && run.stderr.contains("chmod 600"), "{}", run.stderr);
    assert!(!run.stderr.contains(&token), "{}", run.stderr);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let b = r.json(&["balance"]);
    assert_eq!(b, central.balance());
    // The key is never shown: `config show` redacts it.
    let shown = r.run(&["config", "show", "--json"]).expect(0);
    assert!(!shown.stdout.contains(&token) && shown.stdout.contains("<redacted>"), "{}", shown.stdout);
    assert_eq!(shown.json()["remote"]["server"], central.url.as_str());

    for args in [
        vec!["daemon", "start"],
        vec!["daemon", "stop"],
        vec!["daemon", "run"],
        vec!["rollover"],
        vec!["verify"],
        vec!["workspace", "list"],
        vec!["workspace", "add", "x"],
        vec!["seats", "token", "tester"],
        vec!["open", "--no-browser"],
    ] {
        let run = r.run(&args).expect(2);
        let words = args.iter().take_while(|a| !a.starts_with('-') && **a != "x" && **a != "tester").cloned();
        let words: Vec<&str> = words.collect();
        let needle = format!("`studio-credits {}` is not available in remote mode", words.join(" "));
        assert!(run.stderr.contains(&needle) && run.stderr.contains("server's machine"), "{args:?}: {}", run.stderr);
    }
    let left: Vec<_> = r.leftovers().into_iter().filter(|p| !p.starts_with(r.dir.path().join("config"))).collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `--json` of `args` run remotely and over the central daemon's socket. A forecast (`balance`,
/// `usage`) depends on the second its clock reads, so it is only checked to be there.
fn both(central: &Central, r: &Runner, args: &[&str]) -> (Value, Value) {
    r.run(&args.iter().copied().filter(|a| *a != "--json").collect::<Vec<_>>()).expect(0);
    let (mut remote, mut local) = (r.json(args), central.home.json(args));
    if matches!(args.first(), Some(&"balance" | &"usage")) && !args.contains(&"--all-seats") {
        for v in [&mut remote, &mut local] {
            assert!(v.as_object_mut().and_then(|o| o.remove("forecast")).is_some_and(|f| f.is_object()), "{v}");
        }
    }
    (remote, local)
}

#[test]
fn every_remote_command_works_and_answers_the_sockets_json() {
    let central = Central::start(false);
    let ops = central.runner(&central.key("ops", "read,spend,buy,admin", &[]));
    // The same answers remotely and locally, for the reads.
    for args in [
        vec!["balance"],
        vec!["balance", "--all-seats"],
        vec!["check", "10"],
        vec!["purchases", "list"],
        vec!["usage"],
        vec!["advise"],
        vec!["rollover", "--check"],
        vec!["seats", "list"],
        vec!["plan", "show"],
        vec!["plan", "list"],
        vec!["keys", "list"],
        vec!["auto-topup", "show"],
        vec!["workspace", "show"],
    ] {
        let (remote, local) = both(&central, &ops, &args);
        assert_eq!(remote, local, "{args:?}");
    }
    // Writes, then the reads again.
    let hold = ops.json(&["hold", "5", "--memo", "job"]);
    let id = hold["hold"]["id"].as_str().or(hold["id"].as_str()).unwrap_or_else(|| panic!("{hold}")).to_owned();
    let (remote, local) = both(&central, &ops, &["hold", "show", &id]);
    assert_eq!(remote, local);
    let (remote, local) = both(&central, &ops, &["hold", "list"]);
    assert_eq!(remote, local);
    ops.json(&["hold", "settle", &id, "2"]);
    let other = ops.json(&["hold", "3"]);
    let other = other["hold"]["id"].as_str().or(other["id"].as_str()).unwrap().to_owned();
    ops.run(&["hold", "release", &other]).expect(0);
    ops.json(&["seats", "add", "bob"]);
    ops.run(&["seats", "remove", "bob", "--yes"]).expect(0);
    ops.json(&["plan", "set", "team"]);
    ops.json(&["spend", "1.5", "--idempotency-key", "job-1"]);
    let again = ops.json(&["spend", "1.5", "--idempotency-key", "job-1"]);
    assert_eq!(again["replayed"], true, "{again}");
    assert!(ops.run(&["spend", "1.5", "--idempotency-key", "job-1"]).expect(0).stdout.contains("job-1"));
    // A batch travels as POST /v1/usage/batch, each event decided on its own.
    let events = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(events.path(), "{\"amount\": \"1\", \"idempotency_key\": \"job-2\"}\n{\"amount\": \"0\"}\n")
        .unwrap();
    let path = events.path().display().to_string();
    let batch = ops.run(&["spend", "--batch", &path, "--json"]).expect(2).json();
    let statuses: Vec<&str> =
        batch["results"].as_array().unwrap().iter().filter_map(|r| r["status"].as_str()).collect();
    assert_eq!(statuses, ["ok", "invalid_input"], "{batch}");
    assert_eq!(batch["results"][0]["entries"][0]["actor"], "key:ops", "{batch}");
    for args in [vec!["history"], vec!["seats", "list"], vec!["plan", "show"], vec!["balance"], vec!["hold", "list"]] {
        let (remote, local) = both(&central, &ops, &args);
        assert_eq!(remote, local, "{args:?}");
    }
    let h = ops.json(&["history"]);
    let actors: Vec<&str> = h["entries"].as_array().unwrap().iter().filter_map(|e| e["actor"].as_str()).collect();
    assert!(actors.contains(&"key:ops"), "{h}");
    assert_no_leftovers(&[ops]);
}

#[test]
fn hosted_checkout_prints_the_url_and_waits_for_the_payment_remotely() {
    let central = Central::start(true);
    let buyer = central.runner(&central.key("buyer", "read,buy", &[]));
    let child = buyer
        .command()
        .args(["buy", "20", "--yes", "--no-browser"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let child = common::ChildGuard(child);
    let mut pending = None;
    let appeared = common::wait_until(Duration::from_secs(30), || {
        let list = central.home.json(&["purchases", "list"]);
        pending = list["purchases"].as_array().unwrap().first().filter(|p| p["state"] == "pending").cloned();
        pending.is_some()
    });
    assert!(appeared, "no pending checkout");
    let p = pending.unwrap();
    let session = p["stripe_checkout_session"].as_str().unwrap();
    let stripe = central.stripe.as_ref().unwrap();
    assert_eq!(stripe.pay_checkout_session(session, "pm_card_visa"), 200);
    let run = child.finish(Duration::from_secs(60)).expect(0);
    let url = p["checkout_url"].as_str().unwrap();
    assert!(
        run.stdout.contains(&format!("Pay for purchase {} at Stripe Checkout:\n  {url}", p["id"].as_str().unwrap())),
        "{run:#?}"
    );
    assert!(run.stdout.contains("Bought 2,000 credits for $20.00"), "{run:#?}");
    assert_eq!(central.balance()["topup"]["remaining"], "2000");
    let h = central.home.json(&["history", "--kind", "purchase"]);
    assert_eq!(h["entries"][0]["actor"], "key:buyer", "{h}");
    assert_no_leftovers(&[buyer]);
}

#[test]
fn a_rate_limited_key_is_told_when_to_retry() {
    let central = Central::start_with(false, "key_rate_per_second = 1\nkey_burst = 1\n");
    let r = central.runner(&central.key("busy", "read", &[]));
    // The handshake takes the one request the burst allows; the balance is then refused.
    let run = r.run(&["balance", "--json"]).expect(3);
    let e = run.json();
    assert_eq!(e["error"]["type"], "unavailable", "{e}");
    assert!(e["error"]["message"].as_str().unwrap().contains("retry in"), "{e}");
    assert_no_leftovers(&[r]);
}
