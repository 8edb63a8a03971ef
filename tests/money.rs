//! Money rules at the edges: held included credits that come back after the seat's allowance
//! shrank or the seat was removed, a ledger file that SQLite finds corrupt, and a clock that
//! went backwards behind the monthly reset.

mod common;

use common::Home;
use serde_json::Value;

fn included(home: &Home, seat: &str) -> (String, String) {
    let b = home.json(&["balance", "--seat", seat]);
    let s = |v: &Value| v.as_str().expect("a string amount").to_owned();
    (s(&b["included"]["remaining"]), s(&b["included"]["allowance"]))
}

fn assert_verified(home: &Home) {
    let v = home.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v:#}");
}

#[test]
fn a_released_hold_never_lifts_a_seat_above_its_lowered_allowance() {
    let home = Home::new();
    home.json(&["workspace", "add", "acme", "--plan", "pro"]);
    home.json(&["workspace", "use", "acme"]);
    assert_eq!(included(&home, "tester"), ("2500".into(), "2500".into()));
    let h = home.json(&["hold", "2000", "--ttl", "1h"]);
    let id = h["hold"]["id"].as_str().expect("hold id").to_owned();
    // The new plan counts the open hold as used: 500 - 2000 leaves nothing.
    home.json(&["plan", "set", "free", "--now"]);
    assert_eq!(included(&home, "tester"), ("0".into(), "500".into()));
    let r = home.json(&["hold", "release", &id]);
    assert_eq!(r["hold"]["status"], "released");
    assert_eq!((&r["hold"]["released"], &r["hold"]["lapsed"]), (&Value::from("500"), &Value::from("1500")));
    assert_eq!(included(&home, "tester"), ("500".into(), "500".into()));
    // The lapse is in the journal like any other, and balances still equal the journal.
    let lapses = home.json(&["history", "--kind", "expire", "--seat", "tester"]);
    let memo = lapses["entries"][0]["memo"].as_str().unwrap_or_default().to_owned();
    assert!(memo.contains("1500") && memo.contains("allowance is now 500"), "{lapses:#}");
    assert_verified(&home);

    // Settling gives the unused part back through the same rule.
    home.json(&["workspace", "add", "beta", "--plan", "pro"]);
    let h = home.json(&["hold", "2000", "-w", "beta", "--ttl", "1h"]);
    let id = h["hold"]["id"].as_str().expect("hold id").to_owned();
    home.json(&["plan", "set", "free", "--now", "-w", "beta"]);
    let s = home.json(&["hold", "settle", &id, "100", "-w", "beta"]);
    assert_eq!((&s["hold"]["settled"], &s["hold"]["released"]), (&Value::from("100"), &Value::from("500")));
    assert_eq!(s["hold"]["lapsed"], "1400");
    assert_eq!(s["balance"]["included"]["remaining"], "500");
    assert_verified(&home);

    // And so does a hold that expires unsettled.
    home.json(&["workspace", "add", "gamma", "--plan", "pro"]);
    home.json(&["hold", "2000", "-w", "gamma", "--ttl", "4s"]);
    home.json(&["plan", "set", "free", "--now", "-w", "gamma"]);
    let mut last = Value::Null;
    let released = common::wait_until(std::time::Duration::from_secs(30), || {
        last = home.json(&["history", "-w", "gamma", "--kind", "release"]);
        last["entries"].as_array().is_some_and(|e| !e.is_empty())
    });
    assert!(released, "the hold never expired: {last:#}");
    assert_eq!(last["entries"][0]["amount"], "500", "{last:#}");
    assert_eq!(home.json(&["balance", "-w", "gamma"])["included"]["remaining"], "500");
    assert_verified(&home);
}

#[test]
fn a_removed_seats_hold_released_after_the_seat_is_back_lapses() {
    let home = Home::new();
    home.json(&["workspace", "add", "acme", "--plan", "pro"]);
    home.json(&["workspace", "use", "acme"]);
    home.json(&["seats", "add", "bob"]);
    let h = home.json(&["hold", "2000", "--seat", "bob", "--ttl", "1h"]);
    let id = h["hold"]["id"].as_str().expect("hold id").to_owned();
    home.json(&["seats", "remove", "bob", "--yes"]);
    home.json(&["seats", "add", "bob"]);
    // Re-added in the same month: no second grant.
    assert_eq!(included(&home, "bob"), ("0".into(), "2500".into()));
    let r = home.json(&["hold", "release", &id]);
    assert_eq!((&r["hold"]["released"], &r["hold"]["lapsed"]), (&Value::from("0"), &Value::from("2000")));
    assert_eq!(included(&home, "bob"), ("0".into(), "2500".into()));
    let lapses = home.json(&["history", "--kind", "expire", "--seat", "bob"]);
    assert!(lapses.to_string().contains("the seat was removed"), "{lapses:#}");
    assert_verified(&home);
}

/// Overwrites the header of the first page of table `table` in the database file, after moving
/// every page out of the WAL into the file (so the damage is what a new connection reads).
fn damage_table(home: &Home, table: &str) {
    let db = home.path().join("credits.db");
    let conn = rusqlite::Connection::open(&db).expect("open the ledger");
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0)).expect("checkpoint");
    assert_eq!(busy, 0, "the checkpoint must complete");
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).expect("page size");
    let root: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [table], |r| r.get(0)).expect("root page");
    drop(conn);
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(&db).expect("open the file");
    f.seek(SeekFrom::Start(((root - 1) * page_size) as u64)).expect("seek");
    f.write_all(&[0xEE; 12]).expect("write");
    f.sync_all().expect("sync");
}

#[test]
fn a_damaged_ledger_file_refuses_writes_and_says_so_everywhere() {
    let home = Home::new();
    home.json(&["spend", "1"]);
    // Expires once the file is damaged: its release is refused too, and must not be retried in
    // a busy loop.
    home.json(&["hold", "5", "--ttl", "6s"]);
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().expect("a token").to_owned();
    let http = common::http::Api::new(&home.http_addr(), None);
    let seat = common::http::Api::new(&home.http_addr(), Some(&token));
    assert_eq!(http.get("/healthz").expect(200).body, "ok\n");
    let gauge = |api: &common::http::Api| {
        let m = api.get("/metrics").expect(200).body;
        m.lines().find(|l| l.starts_with("studio_credits_ledger_corrupt ")).map(str::to_owned)
    };
    assert_eq!(gauge(&http).as_deref(), Some("studio_credits_ledger_corrupt 0"));
    assert_eq!(home.json(&["daemon", "status"])["integrity"]["ok"], true);

    // A page of a table debits never touch goes bad behind the running daemon's back; debits
    // would still go through. `verify` checks the file too, and from then on writes are refused.
    damage_table(&home, "auto_topup");
    let v = home.run(&["verify", "--json"]).expect(1).json();
    let db = home.path().join("credits.db").display().to_string();
    let first = v["problems"][0].as_str().unwrap_or_default().to_owned();
    assert!(first.contains(&db) && first.contains("quick_check"), "{v:#}");

    let r = home.run(&["spend", "1"]).expect(1);
    assert!(
        r.stderr.contains(&db) && r.stderr.contains("damaged") && r.stderr.contains("writes are refused"),
        "{r:#?}"
    );
    assert!(r.stderr.contains("backup"), "says what to do: {r:#?}");
    let j = home.run(&["spend", "1", "--json"]).expect(1).json();
    assert_eq!(j["error"]["type"], "ledger_corrupt");
    home.run(&["hold", "5"]).expect(1);
    home.run(&["seats", "add", "bob"]).expect(1);
    let refused = seat.post("/v1/usage", &serde_json::json!({"amount": "1"})).expect(503);
    assert_eq!(refused.error_type(), "ledger_corrupt");
    assert_eq!(seat.get("/v1/balance").expect(200).json()["spendable"], "494", "reads still work");

    let s = home.json(&["daemon", "status"]);
    assert_eq!(s["integrity"]["ok"], false, "{s:#}");
    assert!(!s["integrity"]["problems"].as_array().expect("problems").is_empty(), "{s:#}");
    let human = home.run(&["daemon", "status"]).expect(0).stdout;
    assert!(human.contains("DAMAGED") && human.contains("writes are refused"), "{human}");
    let h = http.get("/healthz").expect(503);
    assert_eq!(h.error_type(), "ledger_corrupt");
    assert!(h.json()["error"]["message"].as_str().unwrap_or_default().contains(&db), "{h:#?}");
    assert_eq!(gauge(&http).as_deref(), Some("studio_credits_ledger_corrupt 1"));

    let retries = || {
        let log = std::fs::read_to_string(home.path().join("daemon.log")).unwrap_or_default();
        log.matches("cannot release expired holds").count()
    };
    assert!(common::wait_until(std::time::Duration::from_secs(20), || retries() > 0), "the hold never came due");
    for _ in 0..5 {
        home.run(&["daemon", "status"]).expect(0);
    }
    assert!(retries() <= 2, "the expiry job retries in a busy loop: {} attempts", retries());

    // A daemon started on the damaged file finds it at once, without a `verify`.
    home.run(&["daemon", "stop"]).expect(0);
    home.run(&["daemon", "start"]).expect(0);
    assert_eq!(home.json(&["daemon", "status"])["integrity"]["ok"], false);
    home.run(&["spend", "1"]).expect(1);
    let http = common::http::Api::new(&home.http_addr(), None);
    http.get("/healthz").expect(503);
    assert_eq!(gauge(&http).as_deref(), Some("studio_credits_ledger_corrupt 1"));
}
