//! The journal is tamper-evident: an entry edited, inserted or deleted behind the daemon's back
//! is found and named by `verify`.

mod common;

use common::Home;
use rusqlite::Connection;

/// A home with a few entries, its daemon stopped so the file can be edited.
fn ledger_with_entries() -> Home {
    let home = Home::new();
    for amount in ["10", "20", "30"] {
        home.json(&["spend", amount]);
    }
    assert_eq!(home.json(&["verify"])["ok"], true);
    home.json(&["daemon", "stop"]);
    home
}

fn tamper(home: &Home, sql: &str) {
    let conn = Connection::open(home.path().join("credits.db")).unwrap();
    conn.execute_batch("DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;").unwrap();
    conn.execute_batch(sql).unwrap();
}

fn problems(home: &Home) -> Vec<String> {
    let r = home.run(&["verify", "--json"]);
    assert_eq!(r.code, 1, "verify must fail on a tampered ledger: {r:#?}");
    r.json()["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_journal_refuses_edits_in_place() {
    let home = ledger_with_entries();
    let conn = Connection::open(home.path().join("credits.db")).unwrap();
    let err = conn.execute("UPDATE journal SET amount_millis = 0 WHERE id = 2", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(conn.execute("DELETE FROM journal WHERE id = 2", []).is_err());
}

#[test]
fn an_edited_entry_is_named() {
    let home = ledger_with_entries();
    // Make the second debit cheaper and fix up the cached balance so only the chain can tell.
    tamper(&home, "UPDATE journal SET amount_millis = -1000, balance_after_millis = 489000 WHERE id = 3;");
    let p = problems(&home);
    assert!(p.iter().any(|m| m.contains("entry 3 does not match its hash chain")), "{p:?}");
}

#[test]
fn an_entry_given_another_actor_is_named() {
    let home = ledger_with_entries();
    // Nothing else changes: only the chain, which covers the actor, can tell.
    tamper(&home, "UPDATE journal SET actor = 'daemon' WHERE id = 3;");
    let p = problems(&home);
    assert!(p.iter().any(|m| m.contains("entry 3 does not match its hash chain")), "{p:?}");
}

#[test]
fn a_deleted_entry_is_found() {
    let home = ledger_with_entries();
    tamper(&home, "DELETE FROM journal WHERE id = 2;");
    let p = problems(&home);
    assert!(p.iter().any(|m| m.contains("entry 3")), "{p:?}");
}

#[test]
fn a_deleted_last_entry_is_found() {
    let home = ledger_with_entries();
    tamper(&home, "DELETE FROM journal WHERE id = (SELECT MAX(id) FROM journal);");
    let p = problems(&home);
    assert!(p.iter().any(|m| m.contains("chain head")), "{p:?}");
}

#[test]
fn a_changed_cached_balance_is_found() {
    let home = ledger_with_entries();
    let conn = Connection::open(home.path().join("credits.db")).unwrap();
    conn.execute("UPDATE seats SET included_millis = included_millis + 5000", []).unwrap();
    drop(conn);
    let p = problems(&home);
    assert!(p.iter().any(|m| m.contains("cached included balance")), "{p:?}");
}
