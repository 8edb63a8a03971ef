//! Batch metering through the real binary: `spend --batch` over the socket and
//! `POST /v1/usage/batch` over HTTP. Each event decided on its own, in order (ok, replayed,
//! payment_required, invalid_input); concurrent batches racing for a finite balance; a SIGKILLed
//! daemon losing no acknowledged event.

mod common;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::http::Api;
use common::{Home, Run, wait_until};
use serde_json::{Value, json};

fn statuses(results: &Value) -> Vec<String> {
    results["results"].as_array().expect("results").iter().map(|r| r["status"].as_str().unwrap().to_owned()).collect()
}

fn spendable(home: &Home, seat: &str) -> String {
    home.json(&["balance", "--seat", seat])["spendable"].as_str().unwrap().to_owned()
}

fn assert_verified(home: &Home) {
    let v = home.run(&["verify", "--json"]).expect(0).json();
    assert_eq!(v["ok"], true, "{v:#}");
}

/// `spend --batch -` with `lines` on standard input.
fn spend_batch(home: &Home, lines: &str, extra: &[&str]) -> Run {
    let mut args = vec!["spend", "--batch", "-"];
    args.extend_from_slice(extra);
    let mut child = home
        .command()
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(lines.as_bytes()).expect("write events");
    child.wait_with_output().expect("wait").into()
}

#[test]
fn each_event_is_decided_on_its_own_in_order() {
    let home = Home::new();
    home.run(&["seats", "add", "bob"]).expect(0);
    home.run(&["spend", "5", "--seat", "tester", "--idempotency-key", "seen"]).expect(0);
    let lines = [
        r#"{"amount": "100", "memo": "first", "seat": "tester"}"#,
        r#"{"amount": "396", "seat": "tester"}"#,
        "",
        r#"{"amount": "395", "seat": "tester", "idempotency_key": "last-of-tester"}"#,
        r#"{"amount": "5", "seat": "tester", "idempotency_key": "seen"}"#,
        r#"{"amount": "6", "seat": "tester", "idempotency_key": "seen"}"#,
        r#"{"amount": 2.5, "seat": "bob"}"#,
        r#"{"amount": "0", "seat": "bob"}"#,
        r#"{"amount": "1", "seat": "nobody"}"#,
        r#"{"amount": "1", "seat": "bob", "idempotency": "typo"}"#,
        r#"{"amount": 7, "seat": "bob"}"#,
    ]
    .join("\n");
    let r = spend_batch(&home, &lines, &["--json"]);
    assert_eq!(r.code, 2, "an invalid event makes the exit 2: {r:#?}");
    let v = r.json();
    assert_eq!(
        statuses(&v),
        [
            "ok",
            "payment_required",
            "ok",
            "replayed",
            "invalid_input",
            "invalid_input",
            "invalid_input",
            "invalid_input",
            "invalid_input",
            "ok"
        ]
    );
    let res = v["results"].as_array().unwrap();
    assert_eq!(res[0]["entries"][0]["memo"], "first");
    assert_eq!(res[0]["balance"]["spendable"], "395");
    assert_eq!(res[1]["error"]["type"], "payment_required");
    assert_eq!(res[1]["error"]["balance"]["spendable"], "395", "measured after the events before it");
    assert_eq!(res[2]["balance"]["spendable"], "0");
    assert_eq!(res[2]["entries"][0]["ref"], "last-of-tester");
    assert_eq!(res[3]["entries"][0]["amount"], "-5", "the first receipt under the key");
    assert_eq!(res[4]["error"]["type"], "idempotency_error");
    assert!(res[5]["error"]["message"].as_str().unwrap().contains("not exact"), "{}", res[5]);
    assert!(res[6]["error"]["message"].as_str().unwrap().contains("greater than zero"), "{}", res[6]);
    assert_eq!(res[7]["error"]["type"], "not_found");
    assert!(res[8]["error"]["message"].as_str().unwrap().contains("unknown field `idempotency`"), "{}", res[8]);
    assert_eq!(res[9]["balance"]["spendable"], "493");
    assert_eq!(spendable(&home, "tester"), "0");
    assert_eq!(spendable(&home, "bob"), "493");

    // The same batch again: the keyed events replay, the unkeyed ones are new debits, which
    // now find nothing left on tester's seat; exit 2 still names the invalid ones. People get
    // one line and a table of what was refused, by input line.
    let again = spend_batch(&home, &lines, &[]).expect(2);
    assert!(again.stdout.starts_with("10 events: 1 spent (7 credits), 2 already spent under their keys"), "{again:#?}");
    assert!(again.stdout.contains("payment required") && again.stdout.contains("\n9 "), "{again:#?}");

    assert_eq!(spendable(&home, "bob"), "486");

    // A 402 and no invalid event: exit 42 (the other event is spent). All spent: exit 0.
    let r =
        spend_batch(&home, "{\"amount\": \"1\", \"seat\": \"tester\"}\n{\"amount\": \"1\", \"seat\": \"bob\"}\n", &[]);
    assert_eq!(r.code, 42, "{r:#?}");
    spend_batch(&home, "{\"amount\": \"1\"}\n{\"amount\": \"0.001\"}\n", &["--seat", "bob"]).expect(0);
    assert_eq!(spendable(&home, "bob"), "483.999");

    // A line that is not a JSON object spends nothing at all.
    let bad = spend_batch(&home, "{\"amount\": \"1\", \"seat\": \"bob\"}\n[1, 2]\n", &[]).expect(2);
    assert!(bad.stderr.contains("line 2 of standard input is not a JSON object; nothing was spent"), "{bad:#?}");
    assert_eq!(spendable(&home, "bob"), "483.999");
    assert_verified(&home);
}

#[test]
fn http_batches_follow_the_credential_and_the_limits() {
    let home = Home::new();
    home.run(&["seats", "add", "bob"]).expect(0);
    let addr = home.http_addr();
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().unwrap().to_owned();
    let seat = Api::new(&addr, Some(&token));
    let key = home.json(&["keys", "create", "gw", "--scope", "spend"])["token"].as_str().unwrap().to_owned();
    let gw = Api::new(&addr, Some(&key));

    // A seat token debits its own seat; naming another refuses the whole batch.
    let r =
        seat.post("/v1/usage/batch", &json!({"events": [{"amount": "1"}, {"amount": "2", "memo": "m"}]})).expect(200);
    let v = r.json();
    assert_eq!(statuses(&v), ["ok", "ok"]);
    assert_eq!(v["results"][1]["entries"][0]["actor"], "seat:tester");
    let r = seat.post("/v1/usage/batch", &json!({"events": [{"amount": "1"}, {"amount": "1", "seat": "bob"}]}));
    assert_eq!(r.expect(403).error_type(), "forbidden");
    assert_eq!(spendable(&home, "tester"), "497");

    // A key debits the seat each event names; a malformed event is answered alone.
    let body = json!({"events": [{"amount": "10", "seat": "bob", "idempotency_key": "k1"}, "nonsense", {"amount": "3", "seat": "tester"}]});
    let v = gw.post("/v1/usage/batch", &body).expect(200).json();
    assert_eq!(statuses(&v), ["ok", "invalid_input", "ok"]);
    assert_eq!(v["results"][0]["entries"][0]["actor"], "key:gw");
    let v = gw.post("/v1/usage/batch", &body).expect(200).json();
    assert_eq!(statuses(&v), ["replayed", "invalid_input", "ok"]);
    assert_eq!(spendable(&home, "bob"), "490");
    assert_eq!(spendable(&home, "tester"), "491");

    // 1,000 events fit (a body well over the 64 KiB of single requests); 1,001 do not.
    let events: Vec<Value> = (0..1000)
        .map(|i| json!({"amount": "0.001", "seat": "bob", "memo": format!("event {i} {}", "x".repeat(60))}))
        .collect();
    let v = gw.post("/v1/usage/batch", &json!({"events": events})).expect(200).json();
    assert!(statuses(&v).iter().all(|s| s == "ok"));
    assert_eq!(spendable(&home, "bob"), "489");
    let events: Vec<Value> = (0..1001).map(|_| json!({"amount": "0.001", "seat": "bob"})).collect();
    let r = gw.post("/v1/usage/batch", &json!({"events": events})).expect(400);
    assert!(r.body.contains("at most 1000 events"), "{}", r.body);
    let r = gw.post("/v1/usage/batch", &json!({"events": [], "extra": 1})).expect(400);
    assert_eq!(r.error_type(), "invalid_input");
    assert_eq!(spendable(&home, "bob"), "489");
    let read = home.json(&["keys", "create", "ro", "--scope", "read"])["token"].as_str().unwrap().to_owned();
    let reader = Api::new(&addr, Some(&read));
    reader.post("/v1/usage/batch", &json!({"events": [{"amount": "1", "seat": "bob"}]})).expect(403);
    assert_eq!(spendable(&home, "bob"), "489");
    assert_verified(&home);
}

#[test]
fn concurrent_batches_debit_a_finite_balance_exactly() {
    let home = Home::new();
    home.run(&["balance"]).expect(0);
    // 10 batches of 60 one-credit events race for 500 credits: exactly 500 are debited.
    let batch: String = (0..60).map(|i| format!("{{\"amount\": \"1\", \"memo\": \"e{i}\"}}\n")).collect();
    let runs: Vec<Run> = thread::scope(|s| {
        let handles: Vec<_> = (0..10).map(|_| s.spawn(|| spend_batch(&home, &batch, &["--json"]))).collect();
        handles.into_iter().map(|h| h.join().expect("batch thread")).collect()
    });
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in &runs {
        assert!(r.code == 0 || r.code == 42, "{r:#?}");
        for s in statuses(&r.json()) {
            *counts.entry(s).or_default() += 1;
        }
    }
    assert_eq!(counts.get("ok"), Some(&500), "{counts:?}");
    assert_eq!(counts.get("payment_required"), Some(&100), "{counts:?}");
    assert_eq!(spendable(&home, "tester"), "0");
    let history = home.json(&["history", "--kind", "debit", "--limit", "10000"]);
    assert_eq!(history["entries"].as_array().unwrap().len(), 500);
    assert_verified(&home);
}

#[test]
fn a_killed_daemon_loses_no_acknowledged_event() {
    let home = Home::new();
    home.run(&["balance"]).expect(0);
    let acknowledged: Arc<Mutex<HashSet<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (ack, stopping) = (acknowledged.clone(), stop.clone());
        let home = &home;
        thread::scope(|s| {
            let h = s.spawn(move || {
                let mut n = 0;
                while !stopping.load(Ordering::SeqCst) {
                    let keys: Vec<String> = (0..50).map(|i| format!("b{n}-e{i}")).collect();
                    let lines: String = keys
                        .iter()
                        .map(|k| format!("{{\"amount\": \"0.001\", \"idempotency_key\": \"{k}\"}}\n"))
                        .collect();
                    n += 1;
                    let r = spend_batch(home, &lines, &["--json", "--no-autostart"]);
                    if r.code == 0 {
                        let v = r.json();
                        let mut ack = ack.lock().unwrap();
                        for (k, res) in keys.iter().zip(v["results"].as_array().unwrap()) {
                            assert_eq!(res["status"], "ok", "{res}");
                            ack.insert(k.clone());
                        }
                    }
                }
                n
            });
            // Let some batches through, kill the daemon mid-stream, start it again.
            assert!(wait_until(Duration::from_secs(60), || acknowledged.lock().unwrap().len() >= 500));
            home.kill_daemon();
            home.run(&["daemon", "start"]).expect(0);
            let before = acknowledged.lock().unwrap().len();
            assert!(wait_until(Duration::from_secs(60), || acknowledged.lock().unwrap().len() >= before + 500));
            stop.store(true, Ordering::SeqCst);
            h.join().expect("writer")
        })
    };
    assert!(writer > 2);
    let history = home.json(&["history", "--kind", "debit", "--limit", "1000000"]);
    let mut refs: HashMap<String, usize> = HashMap::new();
    for e in history["entries"].as_array().unwrap() {
        *refs.entry(e["ref"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    let acknowledged = acknowledged.lock().unwrap();
    for k in acknowledged.iter() {
        assert_eq!(refs.get(k), Some(&1), "acknowledged event {k} is in the journal exactly once");
    }
    assert!(refs.values().all(|n| *n == 1), "no event was debited twice");
    assert_verified(&home);
}
