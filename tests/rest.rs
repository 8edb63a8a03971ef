//! The REST routes of the remote CLI through the real daemon: every route answers a key with its
//! scope (the same JSON the socket answers) and refuses a key without it (403) before reading the
//! body; strict parameters (400), a foreign `workspace` (403), seat tokens kept to their routes
//! (403), journal entries written through a key naming `key:<name>`, the rollover status narrowed
//! to the key's workspace, and `GET /v1/status`. Purchases through these routes are tested
//! against the Stripe emulator in tests/purchases/rest.rs.

mod common;

use common::Home;
use common::http::{Api, Resp};
use serde_json::{Value, json};

/// Creates key `name` with `scopes` in the default workspace; its token.
fn key(home: &Home, name: &str, scopes: &str) -> String {
    home.json(&["keys", "create", name, "--scope", scopes])["token"].as_str().expect("a token").to_owned()
}

fn send(api: &Api, method: &str, path: &str, body: Option<&Value>) -> Resp {
    let bytes = body.map(Value::to_string);
    let headers: &[(&str, &str)] = if bytes.is_some() { &[("Content-Type", "application/json")] } else { &[] };
    api.send(method, path, headers, bytes.as_deref().map(str::as_bytes))
}

/// A 403 that names the missing scope.
fn refused_for_scope(r: Resp, scope: &str) {
    let r = r.expect(403);
    assert_eq!(r.error_type(), "forbidden", "{r:?}");
    assert_eq!(r.json()["error"]["scope"], scope, "{r:?}");
}

#[test]
fn every_route_serves_a_key_with_its_scope_and_refuses_one_without() {
    let home = Home::new();
    home.run(&["seats", "add", "bob"]).expect(0);
    let addr = home.http_addr();
    let all = Api::new(&addr, Some(&key(&home, "all", "read,spend,admin")));
    let spender = Api::new(&addr, Some(&key(&home, "spender", "spend")));
    let reader = Api::new(&addr, Some(&key(&home, "reader", "read")));
    all.post("/v1/usage", &json!({"amount": "2", "seat": "bob"})).expect(200);

    // Reads: `read`; each answers what the socket answers for the same call.
    let reads: &[(&str, &[&str])] = &[
        ("/v1/balances", &["balance", "--all-seats"]),
        ("/v1/check?amount=12.5&seat=bob", &["check", "12.5", "--seat", "bob"]),
        ("/v1/holds", &["hold", "list"]),
        ("/v1/history?seat=bob&limit=5&count=true", &["history", "--seat", "bob", "--limit", "5"]),
        ("/v1/usage?months=2", &["usage", "--months", "2"]),
        ("/v1/advice", &["advise"]),
        ("/v1/rollover", &["rollover", "--check"]),
        ("/v1/purchases", &["purchases", "list"]),
        ("/v1/auto-topup", &["auto-topup", "show"]),
        ("/v1/seats", &["seats", "list"]),
        ("/v1/plan", &["plan", "show"]),
        ("/v1/plans", &["plan", "list"]),
        ("/v1/workspace", &["workspace", "show"]),
    ];
    for (path, cli) in reads {
        refused_for_scope(spender.get(path), "read");
        let mut got = reader.get(path).expect(200).json();
        let mut want = home.json(cli);
        if *path == "/v1/rollover" {
            // The daemon's clock moves between the two calls.
            want["now"] = got["now"].clone();
        }
        if path.starts_with("/v1/usage") {
            // So do the forecast's rates and instants (tests/forecast.rs checks them).
            for v in [&mut got, &mut want] {
                assert!(v.as_object_mut().unwrap().remove("forecast").is_some(), "{v}");
            }
        }
        assert_eq!(got, want, "GET {path} answers what `{}` does", cli.join(" "));
    }
    refused_for_scope(reader.get("/v1/keys"), "admin");
    let keys = all.get("/v1/keys").expect(200).json();
    assert_eq!(keys, home.json(&["keys", "list"]));

    // Changes: `admin`. A key without it is refused before its body is read (even a broken one),
    // and nothing changes.
    let changes: &[(&str, &str, Value, u16)] = &[
        ("POST", "/v1/seats", json!({"name": "carol"}), 201),
        ("DELETE", "/v1/seats/carol", Value::Null, 200),
        ("PUT", "/v1/plan", json!({"plan": "team", "now": true}), 200),
        ("PATCH", "/v1/workspace", json!({"tz": "Europe/Berlin"}), 200),
        ("PUT", "/v1/auto-topup", json!({"below": "10", "amount_cents": 2000, "monthly_limit_cents": 10000}), 200),
        ("DELETE", "/v1/auto-topup", Value::Null, 200),
        ("POST", "/v1/keys", json!({"name": "made", "scopes": ["read"]}), 201),
        ("DELETE", "/v1/keys/made", Value::Null, 200),
    ];
    for (method, path, body, status) in changes {
        let body = (!body.is_null()).then_some(body);
        refused_for_scope(send(&reader, method, path, body), "admin");
        let garbage = reader.send(method, path, &[], Some(b"{not json"));
        refused_for_scope(garbage, "admin");
        send(&all, method, path, body).expect(*status);
    }
    let ws = home.json(&["workspace", "show"]);
    assert_eq!((ws["plan"].as_str(), ws["time_zone"].as_str()), (Some("team"), Some("Europe/Berlin")), "{ws}");
    let seats = home.json(&["seats", "list"]);
    assert_eq!(seats["seats"].as_array().unwrap().len(), 2, "carol came and went: {seats}");
    assert_eq!(home.json(&["auto-topup", "show"])["rule"], Value::Null);
    let made = home.json(&["keys", "list"])["keys"].as_array().unwrap().iter().any(|k| k["name"] == "made");
    assert!(!made, "the key made through HTTP is revoked");

    // A created key answers its token once, and works.
    let created = send(&all, "POST", "/v1/keys", Some(&json!({"name": "job", "scopes": ["read"]}))).expect(201).json();
    let job = Api::new(&addr, Some(created["token"].as_str().expect("token")));
    job.get("/v1/balances").expect(200);

    // Money routes: `spend` for holds (the list is `read`), `buy` for purchases.
    refused_for_scope(reader.post("/v1/usage", &json!({"amount": "1"})), "spend");
    let h = spender.post("/v1/holds", &json!({"amount": "3", "seat": "bob"})).expect(201).json();
    let listed = reader.get("/v1/holds?seat=bob").expect(200).json();
    assert_eq!(listed["holds"][0]["id"], h["hold"]["id"], "{listed}");
    for (method, path, body) in [
        ("POST", "/v1/purchases", json!({"amount_cents": 2000, "card_on_file": true})),
        ("POST", "/v1/ensure", json!({"min": "10", "amount_cents": 2000, "card_on_file": true})),
        ("POST", "/v1/purchases/pur_x/cancel", json!({})),
    ] {
        refused_for_scope(send(&all, method, path, Some(&body)), "buy");
    }
    for path in ["/v1/purchases/pur_x", "/v1/purchases/pur_x/wait?timeout_ms=1"] {
        refused_for_scope(spender.get(path), "read");
        assert_eq!(reader.get(path).expect(404).error_type(), "not_found");
    }
    // Without Stripe, a buyer learns why, with the remedy the CLI words.
    let buyer = Api::new(&addr, Some(&key(&home, "buyer", "buy")));
    let no_stripe = buyer.post("/v1/purchases", &json!({"amount_cents": 2000, "card_on_file": true})).json();
    assert_eq!(no_stripe["error"]["remedy"], "configure_stripe", "{no_stripe}");
    assert!(home.json(&["purchases", "list"])["purchases"].as_array().unwrap().is_empty());
}

#[test]
fn status_names_the_daemon_and_the_key() {
    let home = Home::new();
    home.run(&["balance"]).expect(0);
    let addr = home.http_addr();
    let ci = Api::new(&addr, Some(&key(&home, "ci", "spend,read")));
    let s = ci.get("/v1/status").expect(200).json();
    let daemon = home.json(&["daemon", "status"]);
    assert_eq!(s["version"], daemon["version"]);
    assert_eq!(s["protocol"], daemon["protocol"]);
    assert_eq!((s["workspace"].as_str(), s["key"].as_str()), (Some("default"), Some("ci")), "{s}");
    assert_eq!(s["scopes"], json!(["read", "spend"]));
    assert!(s["now"].as_str().unwrap().parse::<jiff::Timestamp>().is_ok(), "{s}");
    // Any key may ask, whatever its scopes; nobody else.
    let admin = Api::new(&addr, Some(&key(&home, "ops", "admin")));
    assert_eq!(admin.get("/v1/status").expect(200).json()["scopes"], json!(["admin"]));
    assert_eq!(Api::new(&addr, None).get("/v1/status").expect(401).error_type(), "unauthorized");
}

#[test]
fn bad_parameters_foreign_workspaces_and_seat_tokens_are_refused_and_change_nothing() {
    let home = Home::new();
    home.run(&["workspace", "add", "other"]).expect(0);
    let addr = home.http_addr();
    let ci = Api::new(&addr, Some(&key(&home, "ci", "read,spend,admin")));
    let before = home.json(&["balance"]);

    // Unknown query parameters and body fields: 400.
    for path in ["/v1/balances?bogus=1", "/v1/seats?seat=x", "/v1/balance?nope=1", "/v1/check?amount=1&x=2"] {
        assert_eq!(ci.get(path).expect(400).error_type(), "invalid_input", "{path}");
    }
    for path in ["/v1/check", "/v1/check?amount=-1", "/v1/check?amount=1.0001", "/v1/balances?limit=-1"] {
        assert_eq!(ci.get(path).expect(400).error_type(), "invalid_input", "{path}");
    }
    ci.post("/v1/seats", &json!({"name": "carol", "bogus": true})).expect(400);
    ci.post("/v1/usage", &json!({"amount": "1", "bogus": true})).expect(400);
    send(&ci, "PUT", "/v1/plan", Some(&json!({"plan": "team", "later": true}))).expect(400);

    // A `workspace` naming another workspace than the key's: 403, on new and older routes.
    for path in ["/v1/balances?workspace=other", "/v1/balance?workspace=other", "/v1/workspace?workspace=other"] {
        let r = ci.get(path).expect(403);
        assert!(r.json()["error"]["message"].as_str().unwrap().contains("workspace 'default'"), "{r:?}");
    }
    ci.post("/v1/usage", &json!({"amount": "1", "workspace": "other"})).expect(403);
    ci.post("/v1/seats", &json!({"name": "carol", "workspace": "other"})).expect(403);
    send(&ci, "DELETE", "/v1/seats/tester?workspace=other", None).expect(403);
    // Naming its own is fine.
    ci.get("/v1/balances?workspace=default").expect(200);
    ci.post("/v1/usage", &json!({"amount": "1", "workspace": "default"})).expect(200);

    // Seat tokens: their balance, usage and holds only.
    let seat = home.json(&["seats", "token", "tester"])["token"].as_str().unwrap().to_owned();
    let seat_api = Api::new(&addr, Some(&seat));
    seat_api.get("/v1/balance").expect(200);
    for path in ["/v1/status", "/v1/balances", "/v1/history", "/v1/holds", "/v1/usage", "/v1/seats"] {
        let r = seat_api.get(path).expect(403);
        assert!(r.json()["error"]["message"].as_str().unwrap().contains("workspace API key"), "{path}: {r:?}");
    }
    seat_api.post("/v1/seats", &json!({"name": "carol"})).expect(403);

    let after = home.json(&["balance"]);
    assert_eq!(after["spendable"], "499", "only the one valid spend happened: {before} -> {after}");
    assert_eq!(home.json(&["seats", "list"])["seats"].as_array().unwrap().len(), 1);
    assert_eq!(home.json(&["plan", "show"])["plan"]["name"], "free");
}

#[test]
fn a_keys_journal_entries_name_it_and_rollover_shows_only_its_workspace() {
    let home = Home::new();
    home.run(&["workspace", "add", "other"]).expect(0);
    let addr = home.http_addr();
    let ci = Api::new(&addr, Some(&key(&home, "ci", "read,spend,admin")));
    ci.post("/v1/usage", &json!({"amount": "1"})).expect(200);
    ci.post("/v1/seats", &json!({"name": "bob"})).expect(201);
    home.run(&["spend", "1", "--seat", "tester"]).expect(0);

    let history = ci.get("/v1/history").expect(200).json();
    assert_eq!(history, home.json(&["history"]));
    let who: Vec<(&str, &str, &str)> = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["seat"].as_str().unwrap_or(""), e["actor"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(who[0], ("debit", "tester", "cli:tester"), "{who:?}");
    assert_eq!(who[1], ("grant", "bob", "key:ci"), "a seat added through a key: {who:?}");
    assert_eq!(who[2], ("debit", "tester", "key:ci"), "a spend through a key: {who:?}");

    let r = ci.get("/v1/rollover").expect(200).json();
    let names: Vec<&str> =
        r["workspaces"].as_array().unwrap().iter().map(|w| w["workspace"].as_str().unwrap()).collect();
    assert_eq!(names, ["default"], "{r}");
    assert_eq!(home.json(&["rollover", "--check"])["workspaces"].as_array().unwrap().len(), 2);
}

#[test]
fn an_admin_key_neither_binds_a_stripe_customer_nor_mints_a_key_that_outlives_it() {
    let home = Home::new();
    let boss = home.json(&["keys", "create", "boss", "--scope", "admin", "--expires", "1d"]);
    let addr = home.http_addr();
    let boss_ends = boss["expires_at"].as_str().expect("an expiry").to_owned();
    let api = Api::new(&addr, Some(boss["token"].as_str().expect("a token")));

    // Which customer (so which card) a workspace charges is the operator's to say.
    let r = send(&api, "PATCH", "/v1/workspace", Some(&json!({"stripe_customer": "cus_someone_elses"}))).expect(403);
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("server's machine"), "{r:?}");
    assert_eq!(home.json(&["workspace", "show"])["stripe_customer"], Value::Null);
    let tz = send(&api, "PATCH", "/v1/workspace", Some(&json!({"tz": "Europe/Berlin"}))).expect(200).json();
    assert_eq!(tz["time_zone"], "Europe/Berlin");

    // A key made by an expiring key ends with it at the latest.
    let made = api.post("/v1/keys", &json!({"name": "made", "scopes": ["admin"]})).expect(201).json();
    let made_ends = made["expires_at"].as_str().expect("the made key expires").to_owned();
    let (made_ends, boss_ends): (jiff::Timestamp, jiff::Timestamp) =
        (made_ends.parse().unwrap(), boss_ends.parse().unwrap());
    assert!(made_ends <= boss_ends, "{made_ends} outlives {boss_ends}");
    let longer = api.post("/v1/keys", &json!({"name": "longer", "scopes": ["read"], "expires_in_seconds": 172_800}));
    assert_eq!(longer.expect(403).error_type(), "forbidden");
    let shorter = api.post("/v1/keys", &json!({"name": "short", "scopes": ["read"], "expires_in_seconds": 3600}));
    assert!(shorter.expect(201).json()["expires_at"].is_string());
    let names: Vec<Value> =
        home.json(&["keys", "list"])["keys"].as_array().unwrap().iter().map(|k| k["name"].clone()).collect();
    assert_eq!(names.len(), 3, "boss, made and short only: {names:?}");

    // A key that never expires may make one that never expires.
    let root = Api::new(&addr, Some(&key(&home, "root", "admin")));
    let forever = root.post("/v1/keys", &json!({"name": "forever", "scopes": ["read"]})).expect(201).json();
    assert_eq!(forever["expires_at"], Value::Null);
}
