//! Workspace API keys through the real binary: `keys create|list|revoke` over the socket, `sck_`
//! keys on the HTTP routes with their scopes (401 / 403), the seat a key names, the abuse limits
//! (429 with `Retry-After`), exit code 6 in the help, and no token in the daemon's log.

mod common;

use std::time::Duration;

use common::http::Api;
use common::{Home, wait_until};
use serde_json::{Value, json};

/// Creates key `name` with `scopes` (and `extra` flags); its `--json` answer.
fn create(home: &Home, name: &str, scopes: &str, extra: &[&str]) -> Value {
    let mut args = vec!["keys", "create", name, "--scope", scopes];
    args.extend_from_slice(extra);
    home.json(&args)
}

fn token(v: &Value) -> String {
    v["token"].as_str().expect("a token").to_owned()
}

#[test]
fn keys_are_created_once_listed_without_tokens_and_revoked() {
    let home = Home::new();
    let k = create(&home, "ci", "spend,read,buy", &["--expires", "90d"]);
    let t = token(&k);
    assert!(t.starts_with("sck_") && t.len() == 68, "{k}");
    assert_eq!(k["name"], "ci");
    assert_eq!(k["scopes"], json!(["read", "spend", "buy"]));
    let expires: jiff::Timestamp = k["expires_at"].as_str().unwrap().parse().unwrap();
    let days = expires.duration_since(jiff::Timestamp::now()).as_secs_f64() / 86_400.0;
    assert!((89.9..=90.1).contains(&days), "{k}");

    // Human output: one sentence with the token; no expiry means until revoked.
    let human = home.run(&["keys", "create", "deploy", "--scope", "admin"]).expect(0);
    assert!(human.stdout.contains("sck_") && human.stdout.contains("until revoked"), "{human:?}");

    // Names are unique per workspace, not across workspaces.
    let dup = home.run(&["keys", "create", "ci", "--scope", "read", "--json"]).expect(2);
    assert_eq!(dup.json()["error"]["type"], "conflict");
    home.run(&["workspace", "add", "other"]).expect(0);
    create(&home, "ci", "read", &["--workspace", "other"]);

    // Bad input changes nothing.
    home.run(&["keys", "create", "x", "--scope", "root"]).expect(2);
    home.run(&["keys", "create", "y", "--scope", "read", "--expires", "soon"]).expect(2);

    let list = home.json(&["keys", "list"]);
    let names: Vec<&str> = list["keys"].as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ci", "deploy"], "{list}");
    let human_list = home.run(&["keys", "list"]).expect(0).stdout;
    for shown in [list.to_string(), human_list] {
        assert!(!shown.contains("sck_"), "a listing never shows a token: {shown}");
    }

    // Stored only as a hash.
    home.run(&["daemon", "stop"]).expect(0);
    let db = std::fs::read(home.path().join("credits.db")).unwrap();
    let hex = &t["sck_".len()..];
    assert!(!db.windows(hex.len()).any(|w| w == hex.as_bytes()), "the token is not in the database");

    let r = home.json(&["keys", "revoke", "ci"]);
    assert_eq!(r["revoked"], true);
    let again = home.run(&["keys", "revoke", "ci", "--json"]).expect(5);
    assert_eq!(again.json()["error"]["type"], "not_found");
    assert!(home.run(&["keys", "revoke", "ci"]).stderr.contains("keys list"));
    assert_eq!(
        home.json(&["keys", "list", "--workspace", "other"])["keys"][0]["name"],
        "ci",
        "other workspace's key stays"
    );
}

#[test]
fn a_key_acts_for_its_workspace_with_its_scopes() {
    let home = Home::new();
    home.run(&["balance"]).expect(0);
    let addr = home.http_addr();
    let reader = Api::new(&addr, Some(&token(&create(&home, "dash", "read", &[]))));
    let spender = Api::new(&addr, Some(&token(&create(&home, "ci", "spend,read", &[]))));

    // One seat: a key need not name it.
    let mut cli = home.json(&["balance"]);
    cli.as_object_mut().unwrap().remove("forecast");
    assert_eq!(reader.get("/v1/balance").expect(200).json(), cli);
    let refused = reader.post("/v1/usage", &json!({"amount": "1"})).expect(403);
    assert_eq!(refused.error_type(), "forbidden");
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("spend"), "{refused:?}");
    reader.post("/v1/holds", &json!({"amount": "1"})).expect(403);
    reader.post("/v1/usage", &json!({"amount": "-1", "bogus": true})).expect(403);
    assert_eq!(home.json(&["balance"])["spendable"], "500", "a refused request changes nothing");

    let r = spender.post("/v1/usage", &json!({"amount": "2.5"})).expect(200).json();
    assert_eq!(r["balance"]["spendable"], "497.5");

    // Several seats: a key names the one it acts for.
    home.run(&["seats", "add", "bob"]).expect(0);
    let unnamed = spender.post("/v1/usage", &json!({"amount": "1"})).expect(400).json();
    assert_eq!(unnamed["error"]["type"], "invalid_input");
    assert!(unnamed["error"]["hint"].as_str().unwrap().contains("?seat="), "{unnamed}");
    spender.post("/v1/usage", &json!({"amount": "1", "seat": "bob"})).expect(200);
    assert_eq!(spender.get("/v1/balance?seat=bob").expect(200).json()["spendable"], "499");
    spender.get("/v1/balance?seat=nobody").expect(404);

    // Holds: create for a seat, settle and show through the workspace.
    let h = spender.post("/v1/holds", &json!({"amount": "10", "seat": "bob"})).expect(201).json();
    let id = h["hold"]["id"].as_str().unwrap();
    reader.get(&format!("/v1/holds/{id}")).expect(200);
    reader.post(&format!("/v1/holds/{id}/settle"), &json!({"amount": "1"})).expect(403);
    spender.post(&format!("/v1/holds/{id}/settle"), &json!({"amount": "4"})).expect(200);
    assert_eq!(home.json(&["balance", "--seat", "bob"])["spendable"], "495");

    // A key's idempotency keys are the workspace's: the CLI's spend replays through a key.
    home.run(&["spend", "3", "--seat", "bob", "--idempotency-key", "job-7"]).expect(0);
    let replay = spender.post_key("/v1/usage", "job-7", &json!({"amount": "3", "seat": "bob"})).expect(200);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(home.json(&["balance", "--seat", "bob"])["spendable"], "492");

    // A 402's buy_url buys for the seat (it can charge the card on file) only for a key with
    // `buy`; a key without it gets the plain billing page, which needs a sign-in.
    let drained = spender.post("/v1/usage", &json!({"amount": "100000", "seat": "bob"})).expect(402).json();
    let plain = drained["error"]["buy_url"].as_str().expect("buy_url");
    assert!(!plain.contains("/billing/cap/"), "a key without `buy` got a buying link: {plain}");
    let buyer = Api::new(&addr, Some(&token(&create(&home, "buyer", "spend,buy", &[]))));
    let drained = buyer.post("/v1/usage", &json!({"amount": "100000", "seat": "bob"})).expect(402).json();
    assert!(drained["error"]["buy_url"].as_str().expect("buy_url").contains("/billing/cap/"), "{drained}");

    // Seat tokens keep their behaviour, and reach only their own seat.
    let seat = home.json(&["seats", "token", "tester"])["token"].as_str().unwrap().to_owned();
    let seat_api = Api::new(&addr, Some(&seat));
    assert_eq!(seat_api.get("/v1/balance").expect(200).json()["seat"], "tester");
    assert_eq!(
        seat_api.post("/v1/usage", &json!({"amount": "1", "seat": "bob"})).expect(403).error_type(),
        "forbidden"
    );

    // A key of another workspace reaches nothing here.
    home.run(&["workspace", "add", "other"]).expect(0);
    let foreign = Api::new(&addr, Some(&token(&create(&home, "ci", "spend,read", &["--workspace", "other"]))));
    foreign.post("/v1/usage", &json!({"amount": "1", "seat": "bob"})).expect(404);
    foreign.get(&format!("/v1/holds/{id}")).expect(404);

    // Revoked, unknown and expired keys: 401.
    home.run(&["keys", "revoke", "dash"]).expect(0);
    assert_eq!(reader.get("/v1/balance").expect(401).error_type(), "unauthorized");
    let bogus = Api::new(&addr, Some(&format!("sck_{}", "0".repeat(64))));
    bogus.get("/v1/balance").expect(401);
    let brief = Api::new(&addr, Some(&token(&create(&home, "brief", "read", &["--expires", "1s"]))));
    assert!(
        wait_until(Duration::from_secs(10), || brief.get("/v1/balance").status == 401),
        "an expired key is refused"
    );
    assert!(brief.get("/v1/balance").json()["error"]["message"].as_str().unwrap().contains("expired"));
}

#[test]
fn keys_are_rate_limited_failures_block_an_address_and_no_token_is_logged() {
    let mut home = Home::new();
    home.env("RUST_LOG", "debug");
    std::fs::write(
        home.path().join("config.toml"),
        "[http]\nkey_rate_per_second = 1\nkey_burst = 3\nauth_failures_per_minute = 5\n",
    )
    .unwrap();
    home.run(&["balance"]).expect(0);
    let addr = home.http_addr();
    let k = token(&create(&home, "ci", "read", &[]));
    let api = Api::new(&addr, Some(&k));
    for _ in 0..3 {
        api.get("/v1/balance").expect(200);
    }
    let limited = api.get("/v1/balance").expect(429);
    assert_eq!(limited.error_type(), "rate_limited");
    let wait: u64 = limited.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=2).contains(&wait), "{limited:?}");

    // Wrong credentials: 401 until the address has failed too often, then 429 for its further
    // wrong ones; a valid credential from the same address is still served.
    let seat = home.json(&["seats", "token", "tester"])["token"].as_str().unwrap().to_owned();
    let revoked = token(&create(&home, "old", "read", &[]));
    home.run(&["keys", "revoke", "old"]).expect(0);
    let wrong =
        [format!("sck_{}", "f".repeat(64)), revoked.clone(), "sct_nope".to_owned(), "garbage".to_owned(), revoked];
    for t in &wrong {
        Api::new(&addr, Some(t)).get("/v1/balance").expect(401);
    }
    let blocked = Api::new(&addr, Some(&wrong[0])).get("/v1/balance").expect(429);
    let wait: u64 = blocked.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&wait), "{blocked:?}");
    Api::new(&addr, Some(&seat)).get("/v1/balance").expect(200);

    home.run(&["daemon", "stop"]).expect(0);
    let log = std::fs::read_to_string(home.path().join("daemon.log")).unwrap();
    assert!(log.contains("API key created"), "the log is written: {log}");
    for t in [&k, &seat, &wrong[0]] {
        assert!(!log.contains(&t[4..]), "a token is in daemon.log");
    }
}

#[test]
fn exit_code_6_is_in_the_help() {
    let home = Home::new();
    let help = home.run(&["--help"]).expect(0).stdout;
    assert!(help.contains("6   not authorized"), "{help}");
    let keys_help = home.run(&["keys", "--help"]).expect(0).stdout;
    assert!(keys_help.contains("create") && keys_help.contains("revoke"), "{keys_help}");
}
