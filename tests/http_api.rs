//! The HTTP API through the real binary: a daemon auto-started by the CLI, real HTTP over
//! loopback. Metered usage and 402, tokens, bad input, idempotency, holds and their expiry
//! (also across a monthly reset), racing clients, metrics, and the documents it serves.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use common::http::{Api, Resp, request};
use common::{Home, wait_until};
use serde_json::{Value, json};

/// A fresh home with a running daemon, its HTTP address and a token for seat `tester`.
fn setup() -> (Home, Api) {
    let home = Home::new();
    let api = api_for(&home, "tester");
    (home, api)
}

fn api_for(home: &Home, seat: &str) -> Api {
    let token = home.json(&["seats", "token", seat])["token"].as_str().expect("a token").to_owned();
    Api::new(&home.http_addr(), Some(&token))
}

fn spendable(home: &Home, seat: &str) -> String {
    home.json(&["balance", "--seat", seat])["spendable"].as_str().unwrap().to_owned()
}

fn journal(home: &Home) -> Vec<Value> {
    home.json(&["history", "--limit", "100000"])["entries"].as_array().unwrap().clone()
}

fn assert_verified(home: &Home) {
    let v = home.run(&["verify", "--json"]).expect(0).json();
    assert_eq!(v["ok"], true, "{v:#}");
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(0), "{v:#}");
}

#[test]
fn usage_debits_and_answers_402_with_the_documented_body() {
    let (home, api) = setup();
    assert_eq!(request(&api.addr, "GET", "/healthz", &[], None).expect(200).body, "ok\n");

    let b = api.get("/v1/balance").expect(200).json();
    // `balance --json` adds the seat's forecast (GET /v1/forecast) to the balance.
    let mut cli = home.json(&["balance"]);
    assert!(cli.as_object_mut().unwrap().remove("forecast").is_some_and(|f| f.is_object()), "{cli}");
    assert_eq!(b, cli, "GET /v1/balance is `balance --json` without its forecast");

    let r = api.post("/v1/usage", &json!({"amount": "12.5", "memo": "summarize"})).expect(200).json();
    assert_eq!(r["entries"][0]["kind"], "debit");
    assert_eq!(r["entries"][0]["pool"], "included");
    assert_eq!(r["entries"][0]["amount"], "-12.5");
    assert_eq!(r["entries"][0]["memo"], "summarize");
    assert_eq!(r["entries"][0]["actor"], "seat:tester", "the token's seat did it");
    assert_eq!(r["balance"]["spendable"], "487.5");
    assert_eq!(r["balance"]["seat"], "tester");

    let refused = api.post("/v1/usage", &json!({"amount": "487.501"})).expect(402);
    assert_eq!(refused.header("content-type"), Some("application/json"));
    let e = &refused.json()["error"];
    assert_eq!(e["type"], "payment_required");
    assert!(e["message"].as_str().unwrap().contains("487.501"), "{e}");
    let buy_url = e["buy_url"].as_str().unwrap();
    assert!(buy_url.starts_with(&format!("http://{}/billing/cap/", api.addr)), "a seat's capability link: {buy_url}");
    assert_eq!(e["balance"]["spendable"], "487.5");
    // An HTTP client has no CLI: its hint points at buy_url, never at a command.
    assert!(e["hint"].as_str().unwrap().contains("buy_url") && !e.to_string().contains("studio-credits "), "{e}");
    assert_eq!(spendable(&home, "tester"), "487.5");

    // The last credit can be spent exactly; then even 0.001 is refused.
    api.post("/v1/usage", &json!({"amount": "487.5"})).expect(200);
    api.post("/v1/usage", &json!({"amount": "0.001"})).expect(402);
    assert_eq!(spendable(&home, "tester"), "0");
    assert_eq!(journal(&home).len(), 3, "grant and two debits");
    assert_verified(&home);
}

#[test]
fn each_door_words_its_own_hints() {
    let (home, api) = setup();
    home.json(&["seats", "add", "bob"]);
    // The CLI names the command that helps, on its own hint line; the message names none.
    let missing = home.run(&["balance", "--seat", "nobody"]).expect(5);
    assert!(missing.stderr.contains("error: seat 'nobody' not found in workspace"), "{missing:#?}");
    assert!(missing.stderr.contains("hint: see `studio-credits seats list`"), "{missing:#?}");
    let e = &home.run(&["balance", "--seat", "nobody", "--json"]).expect(5).json()["error"];
    assert!(!e["message"].as_str().unwrap().contains("studio-credits"), "{e}");
    assert_eq!(e["hint"], "see `studio-credits seats list`", "{e}");
    // Two seats and none named (the calling user is `tester`, so this names a missing user).
    let several = home.command().args(["balance"]).env("USER", "nobody").env("LOGNAME", "nobody").output().unwrap();
    let several = common::Run::from(several).expect(2);
    assert!(several.stderr.contains("hint: choose one with --seat"), "{several:#?}");
    let refused = home.run(&["spend", "100000", "--seat", "bob"]).expect(42);
    // No Stripe in this daemon: the hint says what makes buying work, not to buy.
    assert!(refused.stderr.contains("hint: Stripe is not configured"), "{refused:#?}");
    assert!(refused.stderr.contains("`studio-credits daemon restart`"), "{refused:#?}");
    // The same refusals over HTTP carry no CLI command anywhere in the body.
    let e = api.post("/v1/usage", &json!({"amount": "100000"})).expect(402).json();
    assert!(!e.to_string().contains("studio-credits "), "{e}");
    // The billing page's capability link for this seat.
    let buy_url = e["error"]["buy_url"].as_str().unwrap_or_default();
    assert!(buy_url.starts_with(&format!("http://{}/billing/cap/", api.addr)), "{e}");
    let e = api.get("/v1/holds/hold_nope").expect(404).json();
    assert!(!e.to_string().contains("studio-credits "), "{e}");
}

#[test]
fn a_drained_seat_gets_402_while_another_seat_still_spends() {
    let home = Home::new();
    home.json(&["seats", "add", "bob"]);
    let tester = api_for(&home, "tester");
    let bob = api_for(&home, "bob");
    tester.post("/v1/usage", &json!({"amount": 500})).expect(200);
    assert_eq!(tester.post("/v1/usage", &json!({"amount": "1"})).expect(402).error_type(), "payment_required");
    let r = bob.post("/v1/usage", &json!({"amount": "1"})).expect(200).json();
    assert_eq!(r["balance"]["seat"], "bob");
    assert_eq!(r["balance"]["spendable"], "499");
    assert_eq!(tester.get("/v1/balance").expect(200).json()["spendable"], "0");
    assert_eq!(bob.get("/v1/balance").expect(200).json()["included"]["remaining"], "499");
    assert_verified(&home);
}

#[test]
fn unauthorized_oversized_and_malformed_requests_change_nothing() {
    let (home, api) = setup();
    let before = journal(&home).len();
    let anon = Api::new(&api.addr, None);
    let body = json!({"amount": "1"});

    // 401: missing, malformed, unknown.
    for a in [
        anon.clone(),
        Api::new(&api.addr, Some("nonsense")),
        Api::new(&api.addr, Some(&format!("sct_{}", "0".repeat(64)))),
    ] {
        let r = a.post("/v1/usage", &body).expect(401);
        assert_eq!(r.error_type(), "unauthorized");
        assert!(r.header("www-authenticate").is_some_and(|v| v.starts_with("Bearer")));
        a.get("/v1/balance").expect(401);
        a.post("/v1/holds", &body).expect(401);
    }
    let wrong_scheme = request(&api.addr, "GET", "/v1/balance", &[("Authorization", "Basic dXNlcjpwYXNz")], None);
    assert_eq!(wrong_scheme.expect(401).error_type(), "unauthorized");

    // Rotated: the old token stops working, the new one works. Revoked: 401.
    let old = api.clone();
    let rotated = home.json(&["seats", "token", "tester", "--rotate"]);
    assert_eq!(rotated["rotated"], true);
    old.get("/v1/balance").expect(401);
    let new = Api::new(&api.addr, rotated["token"].as_str());
    new.get("/v1/balance").expect(200);
    home.json(&["seats", "token", "tester", "--revoke"]);
    assert_eq!(new.post("/v1/usage", &body).expect(401).error_type(), "unauthorized");
    let api = api_for(&home, "tester");

    // 413 beyond 64 KiB (declared length, and a body that is really that long).
    let big = vec![b' '; 64 * 1024 + 1];
    let r = api.send("POST", "/v1/usage", &[], Some(&big)).expect(413);
    assert_eq!(r.error_type(), "payload_too_large");
    let mut padded = format!("{{\"amount\": \"1\", \"memo\": \"{}\"}}", "x".repeat(70_000)).into_bytes();
    padded.truncate(64 * 1024 + 10);
    api.send("POST", "/v1/holds", &[], Some(&padded)).expect(413);

    // 400: malformed JSON, wrong shapes, negative, zero, over-precise, unknown fields, bad TTL.
    for bad in [
        &b"{"[..],
        b"not json",
        b"[]",
        b"{\"amount\": \"-5\"}",
        b"{\"amount\": -5}",
        b"{\"amount\": \"0\"}",
        b"{\"amount\": 0}",
        b"{\"amount\": \"1.0001\"}",
        b"{\"amount\": 1.5}",
        b"{\"amount\": \"1e3\"}",
        b"{\"amount\": \"\"}",
        b"{\"amount\": null}",
        b"{}",
        b"{\"amount\": \"99999999999999999999999\"}",
        b"{\"amount\": \"1\", \"surprise\": true}",
        b"{\"amount\": \"1\", \"memo\": 5}",
        b"\xff\xfe",
    ] {
        for path in ["/v1/usage", "/v1/holds"] {
            let r = api.send("POST", path, &[], Some(bad));
            assert_eq!(r.status, 400, "{path} {:?}: {r:#?}", String::from_utf8_lossy(bad));
            assert_eq!(r.error_type(), "invalid_input");
        }
    }
    for ttl in [json!(0), json!(-1), json!(1.5), json!("10m"), json!(10_000_000)] {
        let r = api.post("/v1/holds", &json!({"amount": "1", "ttl_seconds": ttl})).expect(400);
        assert_eq!(r.error_type(), "invalid_input");
    }
    let r = api.send("POST", "/v1/usage", &[("Idempotency-Key", "has space")], Some(b"{\"amount\": \"1\"}"));
    assert_eq!(r.expect(400).error_type(), "invalid_input");

    // Unknown routes and methods are JSON too; holds that do not exist are 404.
    assert_eq!(api.get("/v1/nope").expect(404).error_type(), "not_found");
    assert_eq!(api.send("DELETE", "/v1/usage", &[], None).expect(405).error_type(), "method_not_allowed");
    assert_eq!(api.post("/v1/holds/hold_nothere/release", &json!({})).expect(404).error_type(), "not_found");
    assert_eq!(
        api.post("/v1/holds/..%2F..%2Fetc/settle", &json!({"amount": "1"})).expect(404).error_type(),
        "not_found"
    );

    assert_eq!(journal(&home).len(), before, "nothing was written");
    assert_eq!(spendable(&home, "tester"), "500");
    assert_verified(&home);
}

#[test]
fn idempotency_keys_replay_refuse_mismatches_and_serialize_concurrent_requests() {
    let (home, api) = setup();
    let body = json!({"amount": "7", "memo": "job-1"});
    let first = api.post_key("/v1/usage", "job-1", &body).expect(200);
    assert_eq!(first.header("idempotent-replayed"), None);
    let again = api.post_key("/v1/usage", "job-1", &body).expect(200);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body, "the original body, byte for byte");
    // (The CLI's keys are the workspace's, not the seat's: see tests/access.rs.)

    let other = api.post_key("/v1/usage", "job-1", &json!({"amount": "8", "memo": "job-1"})).expect(422);
    assert_eq!(other.error_type(), "idempotency_error");
    let other = api.post_key("/v1/holds", "job-1", &json!({"amount": "7"})).expect(422);
    assert_eq!(other.error_type(), "idempotency_error");
    // A refusal is not stored: the same key may be retried once credits are there.
    api.post_key("/v1/usage", "big", &json!({"amount": "600"})).expect(402);
    api.post_key("/v1/usage", "big", &json!({"amount": "600"})).expect(402);
    assert_eq!(spendable(&home, "tester"), "493");

    // 50 concurrent requests with one key: one debit, 50 identical answers.
    let barrier = Arc::new(Barrier::new(50));
    let answers: Vec<Resp> = (0..50)
        .map(|_| {
            let (api, barrier) = (api.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                api.post_key("/v1/usage", "burst", &json!({"amount": "10"}))
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    assert!(answers.iter().all(|r| r.status == 200), "{answers:#?}");
    assert!(answers.iter().all(|r| r.body == answers[0].body));
    assert_eq!(answers.iter().filter(|r| r.header("idempotent-replayed").is_none()).count(), 1);
    let debits: Vec<Value> = journal(&home).into_iter().filter(|e| e["ref"] == "burst").collect();
    assert_eq!(debits.len(), 1, "{debits:#?}");
    assert_eq!(spendable(&home, "tester"), "483");

    // Holds too: one key, one hold.
    let h1 = api.post_key("/v1/holds", "h-1", &json!({"amount": "3"})).expect(201);
    let h2 = api.post_key("/v1/holds", "h-1", &json!({"amount": "3"})).expect(201);
    assert_eq!(h1.body, h2.body);
    let id = h1.json()["hold"]["id"].as_str().unwrap().to_owned();
    let s1 = api.post_key(&format!("/v1/holds/{id}/settle"), "s-1", &json!({"amount": "1"})).expect(200);
    let s2 = api.post_key(&format!("/v1/holds/{id}/settle"), "s-1", &json!({"amount": "1"})).expect(200);
    assert_eq!(s1.body, s2.body);
    assert_eq!(spendable(&home, "tester"), "482");
    assert_verified(&home);
}

#[test]
fn holds_reserve_settle_and_release() {
    let (home, api) = setup();
    home.json(&["seats", "add", "bob"]);
    let bob = api_for(&home, "bob");

    let h = api.post("/v1/holds", &json!({"amount": "100", "memo": "render"})).expect(201).json();
    let id = h["hold"]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("hold_"), "{id}");
    assert_eq!(h["hold"]["status"], "held");
    assert_eq!(h["hold"]["from_included"], "100");
    assert_eq!(h["entries"][0]["kind"], "hold");
    assert_eq!(h["entries"][0]["amount"], "-100");
    assert_eq!(h["balance"]["spendable"], "400");
    assert_eq!(api.get(&format!("/v1/holds/{id}")).expect(200).json()["status"], "held");

    // Another seat's token cannot see or touch it.
    bob.get(&format!("/v1/holds/{id}")).expect(404);
    bob.post(&format!("/v1/holds/{id}/release"), &json!({})).expect(404);

    // Settle consumes 30 and releases 70; a second settle is a conflict; over-settling is refused.
    api.post(&format!("/v1/holds/{id}/settle"), &json!({"amount": "100.001"})).expect(409);
    let s = api.post(&format!("/v1/holds/{id}/settle"), &json!({"amount": "30"})).expect(200).json();
    assert_eq!(s["hold"]["status"], "settled");
    assert_eq!((&s["hold"]["settled"], &s["hold"]["released"]), (&json!("30"), &json!("70")));
    assert_eq!(s["balance"]["spendable"], "470");
    assert_eq!(
        api.post(&format!("/v1/holds/{id}/settle"), &json!({"amount": "1"})).expect(409).error_type(),
        "conflict"
    );
    // A body that is not an object is refused before anything happens (serde alone would read
    // `[]` as a struct of defaults).
    let r = api.send("POST", &format!("/v1/holds/{id}/release"), &[], Some(b"[]")).expect(400);
    assert!(r.body.contains("must be a JSON object"), "{}", r.body);
    api.send("POST", &format!("/v1/holds/{id}/release"), &[], None).expect(409);

    // Release (an empty body is fine) gives everything back.
    let h2 = api.post("/v1/holds", &json!({"amount": 470})).expect(201).json();
    let id2 = h2["hold"]["id"].as_str().unwrap();
    assert_eq!(h2["balance"]["spendable"], "0");
    assert_eq!(api.post("/v1/holds", &json!({"amount": "0.001"})).expect(402).error_type(), "payment_required");
    api.post("/v1/usage", &json!({"amount": "0.001"})).expect(402);
    let r = api.send("POST", &format!("/v1/holds/{id2}/release"), &[], None).expect(200).json();
    assert_eq!(r["hold"]["status"], "released");
    assert_eq!(r["balance"]["spendable"], "470");

    // The CLI: hold, settle, release; exit 42 when a hold does not fit.
    let c = home.json(&["hold", "50", "--ttl", "10m", "--memo", "cli"]);
    let cid = c["hold"]["id"].as_str().unwrap();
    assert_eq!(c["hold"]["amount"], "50");
    let created: jiff::Timestamp = c["hold"]["created_at"].as_str().unwrap().parse().unwrap();
    let expires: jiff::Timestamp = c["hold"]["expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(expires.duration_since(created).as_secs(), 600);
    let settled = home.json(&["hold", "settle", cid, "20"]);
    assert_eq!(settled["hold"]["released"], "30");
    let refused = home.run(&["hold", "451", "--json"]).expect(42).json();
    assert_eq!(refused["error"]["type"], "payment_required");
    let human = home.run(&["hold", "451"]).expect(42);
    assert!(human.stderr.contains("payment required"), "{}", human.stderr);
    let c2 = home.json(&["hold", "5"]);
    let human = home.run(&["hold", "release", c2["hold"]["id"].as_str().unwrap()]).expect(0);
    assert!(human.stdout.contains("5 credits back"), "{}", human.stdout);
    home.run(&["hold", "release", "hold_doesnotexist"]).expect(5);
    home.run(&["hold", "settle", cid, "-1"]).expect(2);
    assert_eq!(spendable(&home, "tester"), "450");

    let kinds: Vec<String> = journal(&home).iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect();
    for k in ["hold", "settle", "release"] {
        assert!(kinds.iter().any(|x| x == k), "{kinds:?}");
    }
    assert_verified(&home);
}

#[test]
fn an_expired_hold_is_released_by_the_daemon() {
    let (home, api) = setup();
    let h = api.post("/v1/holds", &json!({"amount": "40", "ttl_seconds": 1})).expect(201).json();
    let id = h["hold"]["id"].as_str().unwrap().to_owned();
    home.json(&["hold", "60", "--ttl", "1s"]);
    assert_eq!(spendable(&home, "tester"), "400");
    assert!(wait_until(Duration::from_secs(15), || spendable(&home, "tester") == "500"), "holds were not released");
    let hold = api.get(&format!("/v1/holds/{id}")).expect(200).json();
    assert_eq!(hold["status"], "expired");
    assert_eq!(hold["released"], "40");
    // Settling after expiry is a conflict, and changes nothing.
    api.post(&format!("/v1/holds/{id}/settle"), &json!({"amount": "1"})).expect(409);
    let released = journal(&home).into_iter().filter(|e| e["kind"] == "release").count();
    assert_eq!(released, 2);
    assert_eq!(spendable(&home, "tester"), "500");
    assert_verified(&home);
}

#[test]
fn a_hold_across_the_monthly_reset_does_not_resurrect_the_old_months_credits() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-30T23:59:58Z");
    let api = api_for(&home, "tester");
    let h = api.post("/v1/holds", &json!({"amount": "300", "ttl_seconds": 600})).expect(201).json();
    assert_eq!(h["hold"]["period"], "2026-11");
    assert_eq!(h["balance"]["spendable"], "200");
    // The daemon's rollover expires November's 200 and grants December's 500.
    let rolled = wait_until(Duration::from_secs(20), || api.get("/v1/balance").json()["period"] == "2026-12");
    assert!(rolled, "no rollover to 2026-12: {}", api.get("/v1/balance").body);
    assert_eq!(api.get("/v1/balance").json()["included"]["remaining"], "500");

    // Settling 100 after the reset: the other 200 of November's included credits lapse.
    let id = h["hold"]["id"].as_str().unwrap();
    let s = api.post(&format!("/v1/holds/{id}/settle"), &json!({"amount": "100"})).expect(200).json();
    assert_eq!(
        (&s["hold"]["settled"], &s["hold"]["released"], &s["hold"]["lapsed"]),
        (&json!("100"), &json!("0"), &json!("200"))
    );
    assert_eq!(s["balance"]["included"]["remaining"], "500");
    assert_eq!(s["balance"]["spendable"], "500");

    // Same through release, and through expiry.
    let h2 = api.post("/v1/holds", &json!({"amount": "50", "ttl_seconds": 1})).expect(201).json();
    assert_eq!(h2["hold"]["period"], "2026-12");
    assert!(wait_until(Duration::from_secs(15), || spendable(&home, "tester") == "500"));
    assert_verified(&home);
}

#[test]
fn two_hundred_racing_clients_spend_exactly_the_balance() {
    let (home, api) = setup();
    home.json(&["seats", "add", "bob"]);
    let bob = api_for(&home, "bob");
    // 200 clients, 3 credits each, half per seat: each seat's 500 fits 166 debits (498).
    let barrier = Arc::new(Barrier::new(200));
    let results: Vec<(usize, u16)> = (0..200)
        .map(|i| {
            let api = if i % 2 == 0 { api.clone() } else { bob.clone() };
            let barrier = barrier.clone();
            thread::spawn(move || {
                barrier.wait();
                let r = if i % 4 < 2 {
                    api.post("/v1/usage", &json!({"amount": "5"}))
                } else {
                    api.post("/v1/holds", &json!({"amount": "5"}))
                };
                (i % 2, r.status)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let mut ok: HashMap<usize, usize> = HashMap::new();
    for (seat, status) in &results {
        assert!(matches!(status, 200 | 201 | 402), "{status}");
        if *status != 402 {
            *ok.entry(*seat).or_default() += 1;
        }
    }
    // Each seat had 500 and 100 requests of 5: exactly 100 fit; none refused.
    assert_eq!(ok.get(&0), Some(&100));
    assert_eq!(ok.get(&1), Some(&100));
    assert_eq!(spendable(&home, "tester"), "0");
    assert_eq!(spendable(&home, "bob"), "0");
    api.post("/v1/usage", &json!({"amount": "0.001"})).expect(402);

    // A finite balance raced by more than it holds: 200 × 3 against 500.
    let home = Home::new();
    let api = api_for(&home, "tester");
    let barrier = Arc::new(Barrier::new(200));
    let statuses: Vec<u16> = (0..200)
        .map(|_| {
            let (api, barrier) = (api.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                api.post("/v1/usage", &json!({"amount": "3"})).status
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 166);
    assert_eq!(statuses.iter().filter(|s| **s == 402).count(), 34);
    assert_eq!(spendable(&home, "tester"), "2");
    assert_eq!(journal(&home).iter().filter(|e| e["kind"] == "debit").count(), 166);
    assert_verified(&home);
}

/// Parses OpenMetrics/Prometheus text: every line a comment or `name{labels} value`.
fn parse_metrics(text: &str) -> HashMap<String, f64> {
    let mut out = HashMap::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            assert!(line.is_empty() || line.starts_with("# HELP ") || line.starts_with("# TYPE ") || line == "# EOF");
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("bad metrics line {line:?}"));
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':'),
            "bad metric name in {line:?}"
        );
        if let Some(labels) = series.strip_prefix(name) {
            assert!(labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')), "bad labels in {line:?}");
        }
        let v: f64 = value.parse().unwrap_or_else(|_| panic!("bad value in {line:?}"));
        out.insert(series.to_owned(), v);
    }
    assert_eq!(text.lines().last(), Some("# EOF"));
    out
}

#[test]
fn metrics_parse_as_prometheus_text_and_count_what_happened() {
    let (_home, api) = setup();
    for _ in 0..3 {
        api.post("/v1/usage", &json!({"amount": "10"})).expect(200);
    }
    api.post_key("/v1/usage", "m-1", &json!({"amount": "1"})).expect(200);
    api.post_key("/v1/usage", "m-1", &json!({"amount": "1"})).expect(200);
    api.post("/v1/usage", &json!({"amount": "1000"})).expect(402);
    Api::new(&api.addr, None).post("/v1/usage", &json!({"amount": "1"})).expect(401);
    let h = api.post("/v1/holds", &json!({"amount": "5"})).expect(201).json();
    api.post("/v1/holds", &json!({"amount": "5"})).expect(201);
    api.post("/v1/holds", &json!({"amount": "1000"})).expect(402);
    api.post(&format!("/v1/holds/{}/settle", h["hold"]["id"].as_str().unwrap()), &json!({"amount": "2"})).expect(200);

    let r = request(&api.addr, "GET", "/metrics", &[("Accept", "application/openmetrics-text")], None).expect(200);
    assert!(r.header("content-type").unwrap().starts_with("application/openmetrics-text"));
    let m = parse_metrics(&r.body);
    let get = |k: &str| m.get(k).copied().unwrap_or_else(|| panic!("no {k} in\n{}", r.body));
    let req = |status: u16| {
        format!("studio_credits_http_requests_total{{method=\"POST\",route=\"/v1/usage\",status=\"{status}\"}}")
    };
    assert_eq!(get(&req(200)), 5.0);
    assert_eq!(get(&req(402)), 1.0);
    assert_eq!(get(&req(401)), 1.0);
    assert_eq!(get("studio_credits_http_debits_total"), 4.0);
    assert_eq!(get("studio_credits_http_debited_millicredits_total"), 31_000.0);
    assert_eq!(get("studio_credits_http_idempotent_replays_total"), 1.0);
    assert_eq!(get("studio_credits_http_payment_required_total"), 2.0);
    assert_eq!(get("studio_credits_holds_total{event=\"created\"}"), 2.0);
    assert_eq!(get("studio_credits_holds_total{event=\"refused\"}"), 1.0);
    assert_eq!(get("studio_credits_holds_total{event=\"settled\"}"), 1.0);
    assert_eq!(get("studio_credits_holds_open"), 1.0);
    assert_eq!(get("studio_credits_http_request_duration_seconds_count{route=\"/v1/usage\"}"), 7.0);
    assert_eq!(get("studio_credits_http_request_duration_seconds_bucket{le=\"+Inf\",route=\"/v1/usage\"}"), 7.0);
    let (batches, jobs) = (get("studio_credits_writer_batches_total"), get("studio_credits_writer_jobs_total"));
    assert!(jobs >= 10.0 && batches >= 1.0 && batches <= jobs, "{batches} {jobs}");
}

#[test]
fn openapi_billing_and_seat_tokens() {
    let (home, api) = setup();
    let doc = request(&api.addr, "GET", "/openapi.json", &[], None).expect(200).json();
    assert_eq!(doc["openapi"], "3.1.0");
    for p in ["/v1/usage", "/v1/balance", "/v1/holds", "/v1/holds/{id}/settle", "/v1/holds/{id}/release", "/metrics"] {
        assert!(doc["paths"].get(p).is_some(), "{p} missing from /openapi.json");
    }

    let anon = request(&api.addr, "GET", "/billing", &[], None).expect(200);
    assert!(anon.header("content-type").unwrap().starts_with("text/html"));
    assert!(anon.body.contains("studio-credits open"), "{}", anon.body);
    assert!(!anon.body.contains("tester"), "no ledger data without a session");
    // A seat token is for the API; the page wants a browser session (tests/billing/).
    let page = api.get("/billing").expect(200);
    assert!(!page.body.contains("tester") && !page.body.contains("topup-balance"), "{}", page.body);

    // Tokens: created once, shown once, stored hashed; a second create needs --rotate.
    let again = home.run(&["seats", "token", "tester", "--json"]).expect(2).json();
    assert_eq!(again["error"]["type"], "conflict");
    assert!(again["error"]["message"].as_str().unwrap().contains("--rotate"));
    let seats = home.json(&["seats", "list"]);
    assert_eq!(seats["seats"][0]["has_token"], true);
    let token = api.token.as_deref().unwrap();
    for file in ["credits.db", "credits.db-wal"] {
        let bytes = std::fs::read(home.path().join(file)).unwrap_or_default();
        assert!(!bytes.windows(token.len()).any(|w| w == token.as_bytes()), "the token itself is never stored");
    }
    let human = home.run(&["seats", "token", "tester", "--rotate"]).expect(0);
    assert!(human.stdout.contains("sct_") && human.stdout.contains("shown only now"), "{}", human.stdout);
    let revoked = home.json(&["seats", "token", "tester", "--revoke"]);
    assert_eq!(revoked["revoked"], true);
    home.run(&["seats", "token", "nobody"]).expect(5);
    home.run(&["seats", "token", "tester", "--rotate", "--revoke"]).expect(2);
    // A removed seat's token stops working.
    home.json(&["seats", "add", "carol"]);
    let carol = api_for(&home, "carol");
    carol.get("/v1/balance").expect(200);
    home.json(&["seats", "remove", "carol", "--yes"]);
    carol.get("/v1/balance").expect(401);
}
