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
}

#[test]
fn a_removed_seats_hold_released_after_the_seat_is_back_lapses() {
    let home = Home::new();
    home.json(&["workspace", "add", "acme", "--plan", "pro"]);
    home.json(&["workspace", "use", "acme"]);
    home.json(&["seats", "add", "bob"]);
    let h = home.json(&["hold", "2000", "--seat", "bob", "--ttl", "1h"]);
    let id = h["hold"]["id"].as_str().expect("hold id").to_owned();
    home.json(&["seats", "remove", "bob"]);
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
