//! Who did what: every journal entry names its actor (`cli:<os user>`, `seat:<name>`,
//! `daemon`), `history` shows it in JSON, CSV and the table, and `verify` finds an entry whose
//! actor was changed behind the daemon's back.

mod common;

use common::Home;
use common::http::Api;
use serde_json::{Value, json};

/// The journal, oldest first.
fn journal(home: &Home) -> Vec<Value> {
    let mut e = home.json(&["history", "--all"])["entries"].as_array().unwrap().clone();
    e.reverse();
    e
}

fn actors(entries: &[Value]) -> Vec<(String, String)> {
    entries
        .iter()
        .map(|e| (e["kind"].as_str().unwrap().to_owned(), e["actor"].as_str().unwrap_or("<none>").to_owned()))
        .collect()
}

#[test]
fn history_names_the_cli_user_the_seat_token_and_the_daemon() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-30T12:00:00Z");
    home.json(&["seats", "add", "bob"]);
    home.json(&["spend", "10"]);
    let token = home.json(&["seats", "token", "bob"])["token"].as_str().unwrap().to_owned();
    let api = Api::new(&home.http_addr(), Some(&token));
    api.post("/v1/usage", &json!({"amount": "2"})).expect(200);
    // The month ends while the daemon is down: its own rollover writes the next entries.
    home.run(&["daemon", "stop"]).expect(0);
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-12-02T12:00:00Z");
    home.run(&["daemon", "start"]).expect(0);
    assert_eq!(home.json(&["balance"])["period"], "2026-12");

    let got = actors(&journal(&home));
    let want = [
        ("grant", "daemon"),     // the default workspace, made by the daemon for `tester`
        ("grant", "cli:tester"), // seats add bob
        ("debit", "cli:tester"), // spend 10
        ("debit", "seat:bob"),   // POST /v1/usage with bob's token
        ("expire", "daemon"),    // the monthly rollover: tester's unused credits…
        ("grant", "daemon"),     // …and the new month's grant
        ("expire", "daemon"),    // bob's
        ("grant", "daemon"),
    ];
    assert_eq!(got, want.map(|(k, a)| (k.to_owned(), a.to_owned())));

    let csv = home.run(&["history", "--csv", "--all"]).expect(0).stdout;
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",memo,actor"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("4,") && l.ends_with(",seat:bob")), "{csv}");

    let table = home.run(&["history", "--all"]).expect(0).stdout;
    assert!(table.lines().next().unwrap().contains("Actor"), "{table}");
    assert!(table.contains("seat:bob") && table.contains("cli:tester"), "{table}");
    assert_eq!(home.json(&["verify"])["ok"], true);
}

#[test]
fn a_calling_user_that_cannot_be_recorded_is_refused_and_changes_nothing() {
    let mut home = Home::new();
    home.json(&["spend", "1"]);
    let before = journal(&home).len();
    home.env("USER", "evil\u{1b}[31m");
    let r = home.run(&["spend", "1", "--seat", "tester"]);
    assert_ne!(r.code, 0, "{r:#?}");
    assert!(r.stderr.contains("calling user") && r.stderr.contains("control character"), "{r:#?}");
    home.env("USER", "tester");
    assert_eq!(journal(&home).len(), before);
}
