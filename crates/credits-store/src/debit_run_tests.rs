//! A run of debits without a savepoint each: when one fails after writing, the run is undone and
//! decided again one savepoint per debit, with the same answers and nothing of the failed debit
//! left behind.

use credits_core::{Actor, Credits, PlanCatalogue};
use jiff::Timestamp;
use rusqlite::Connection;

use super::*;
use crate::{verify, workspace};

fn fresh() -> (tempfile::TempDir, Connection, Timestamp) {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::open(&dir.path().join("credits.db")).unwrap();
    let conn = db.connect().unwrap();
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    let now: Timestamp = "2026-11-10T12:00:00Z".parse().unwrap();
    workspace::create(&conn, "w", "free", "UTC", "me", &PlanCatalogue::default(), &Actor::Daemon, now).unwrap();
    (dir, conn, now)
}

fn req(millis: i64, memo: &str) -> DebitRequest {
    DebitRequest {
        workspace: Some("w".into()),
        seat: Some("me".into()),
        user: None,
        amount: Credits::from_millis(millis),
        memo: Some(memo.into()),
        idempotency_key: None,
        key_owner: Default::default(),
        actor: Actor::Daemon,
    }
}

fn included(conn: &Connection) -> i64 {
    conn.query_row("SELECT included_millis FROM seats WHERE name = 'me'", [], |r| r.get(0)).unwrap()
}

fn debits(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT memo FROM journal WHERE kind = 'debit' ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

/// Runs `reqs` as the writer does: one transaction, one run.
fn run(conn: &Connection, reqs: &[DebitRequest], now: Timestamp) -> Vec<DebitResult> {
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let run: Vec<(&DebitRequest, Timestamp)> = reqs.iter().map(|r| (r, now)).collect();
    let results = debit_run(conn, &run).unwrap();
    conn.execute_batch("COMMIT").unwrap();
    results
}

/// A debit refused before it writes (over the balance) leaves its neighbours alone on the fast
/// path.
#[test]
fn refusals_in_a_run_change_nothing_and_keep_the_others() {
    let (_dir, conn, now) = fresh();
    let start = included(&conn);
    assert!(start > 3000, "the free plan includes {start}");
    let reqs = [req(1000, "a"), req(start, "too much"), req(1000, "b")];
    let results = run(&conn, &reqs, now);
    assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
    assert!(matches!(results[1], Err(StoreError::PaymentRequired { .. })), "{:?}", results[1]);
    assert_eq!(included(&conn), start - 2000);
    assert_eq!(debits(&conn), ["a", "b"]);
    assert!(verify::verify(&conn).unwrap().ok());
}

/// A debit that fails after its first write (here a trigger refuses its journal row, after the
/// seat's balance moved) sends the run down the slow path: the same answers for the others, and
/// neither its balance move nor anything else of it committed.
#[test]
fn a_debit_failing_midway_is_undone_and_the_run_decided_again() {
    let (_dir, conn, now) = fresh();
    conn.execute_batch(
        "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.journal WHEN NEW.memo = 'boom'
         BEGIN SELECT RAISE(ABORT, 'boom refused'); END;",
    )
    .unwrap();
    let start = included(&conn);
    let reqs = [req(1000, "a"), req(500, "boom"), req(1000, "b"), req(start, "too much"), req(1, "c")];
    let results = run(&conn, &reqs, now);
    for i in [0, 2, 4] {
        let receipt = &results[i].as_ref().unwrap().receipt;
        assert_eq!(receipt.entries.len(), 1, "{receipt:?}");
    }
    let boom = results[1].as_ref().unwrap_err();
    assert!(boom.to_string().contains("boom refused"), "{boom}");
    assert!(matches!(results[3], Err(StoreError::PaymentRequired { .. })), "{:?}", results[3]);
    // Each receipt's balance is what it was right after that debit, in order.
    let after: Vec<i64> =
        [0, 2, 4].iter().map(|&i| results[i].as_ref().unwrap().receipt.balance.included.remaining.millis()).collect();
    assert_eq!(after, [start - 1000, start - 2000, start - 2001]);
    assert_eq!(included(&conn), start - 2001);
    assert_eq!(debits(&conn), ["a", "b", "c"]);
    let ids: Vec<i64> = [0, 2, 4].iter().map(|&i| results[i].as_ref().unwrap().receipt.entries[0].id).collect();
    assert!(ids.windows(2).all(|w| w[1] == w[0] + 1), "gap-free ids: {ids:?}");
    let report = verify::verify(&conn).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

/// A key used twice in one run replays the first answer (the second writes nothing), a key reused
/// for another request is refused, and a later run replays it from the database.
#[test]
fn keys_within_a_run_and_across_runs_replay_once() {
    let (_dir, conn, now) = fresh();
    let start = included(&conn);
    let keyed = |millis, key: &str| DebitRequest { idempotency_key: Some(key.into()), ..req(millis, "keyed") };
    let results = run(&conn, &[keyed(1000, "k1"), keyed(1000, "k1"), keyed(2000, "k1"), keyed(7, "k2")], now);
    let first = results[0].as_ref().unwrap();
    let again = results[1].as_ref().unwrap();
    assert!(!first.replayed && again.replayed, "{results:?}");
    assert_eq!(first.receipt.entries[0].id, again.receipt.entries[0].id);
    assert!(matches!(results[2], Err(StoreError::Idempotency(_))), "{:?}", results[2]);
    assert!(!results[3].as_ref().unwrap().replayed);
    assert_eq!(included(&conn), start - 1007);
    let later = run(&conn, &[keyed(1000, "k1")], now);
    let later = later[0].as_ref().unwrap();
    assert!(later.replayed);
    assert_eq!(later.receipt.entries[0].id, first.receipt.entries[0].id);
    assert_eq!(included(&conn), start - 1007);
    let stored: i64 = conn.query_row("SELECT COUNT(*) FROM idempotency", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 2);
    assert!(verify::verify(&conn).unwrap().ok());
}

/// A run looks keys up in the database only for refused debits: a key stored by an earlier run
/// still replays its first answer (the write of the run's keys fails on the key and the run is
/// decided again looking every key up), is refused for another request, and replays even once
/// the balance could no longer pay for it; the new keys beside it debit once.
#[test]
fn stored_keys_replay_in_a_run_of_new_keys_even_when_the_balance_is_gone() {
    let (_dir, conn, now) = fresh();
    let start = included(&conn);
    let keyed = |millis, key: &str| DebitRequest { idempotency_key: Some(key.into()), ..req(millis, "keyed") };
    let first = run(&conn, &[keyed(1000, "k1")], now).remove(0).unwrap();

    let results = run(&conn, &[keyed(10, "k2"), keyed(1000, "k1"), keyed(2000, "k1"), keyed(20, "k3")], now);
    assert!(!results[0].as_ref().unwrap().replayed, "{results:?}");
    let again = results[1].as_ref().unwrap();
    assert!(again.replayed, "{results:?}");
    assert_eq!(again.receipt, first.receipt);
    assert!(matches!(results[2], Err(StoreError::Idempotency(_))), "{:?}", results[2]);
    assert!(!results[3].as_ref().unwrap().replayed, "{results:?}");
    assert_eq!(included(&conn), start - 1030);

    // The rest of the balance goes, then the stored request comes again: it replays, the new one
    // beside it is refused.
    let rest = start - 1030;
    let results = run(&conn, &[keyed(rest, "k4"), keyed(1000, "k1"), keyed(1, "k5")], now);
    assert!(!results[0].as_ref().unwrap().replayed, "{results:?}");
    let late = results[1].as_ref().unwrap();
    assert!(late.replayed, "{results:?}");
    assert_eq!(late.receipt, first.receipt);
    assert!(matches!(results[2], Err(StoreError::PaymentRequired { .. })), "{:?}", results[2]);
    assert_eq!(included(&conn), 0);
    let stored: i64 = conn.query_row("SELECT COUNT(*) FROM idempotency", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 4);
    assert_eq!(debits(&conn).len(), 4);
    assert!(verify::verify(&conn).unwrap().ok());
}
