//! Hold rules against a real database file: pool order, settle and release arithmetic, expiry,
//! the monthly reset, idempotency, and a randomized run that checks the ledger's invariants.

use credits_core::{Credits, EntryKind, PlanCatalogue};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use rusqlite::Connection;

use super::*;
use crate::{ledger, rollover, verify, workspace};

fn c(s: &str) -> Credits {
    Credits::parse(s).unwrap()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A fresh ledger with workspace `default` (free plan: 500 included) and seats `alice`, `bob`.
fn ledger_at(now: Timestamp) -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::open(&dir.path().join("credits.db")).unwrap();
    let conn = db.connect().unwrap();
    let cat = PlanCatalogue::default();
    workspace::create(&conn, "default", "free", "UTC", "alice", &cat, &credits_core::Actor::Daemon, now).unwrap();
    let ws = ledger::workspace(&conn, None).unwrap();
    workspace::add_seat(&conn, &ws, "bob", &cat, &credits_core::Actor::Daemon, now).unwrap();
    (dir, conn)
}

fn topup(conn: &Connection, credits: &str, now: Timestamp) {
    let mut ws = ledger::workspace(conn, None).unwrap();
    ledger::move_topup(
        conn,
        &mut ws,
        None,
        EntryKind::Adjust,
        c(credits).millis(),
        None,
        Some("test"),
        &credits_core::Actor::Daemon,
        now,
    )
    .unwrap();
}

fn new_hold(id: &str, seat: &str, amount: &str, ttl_secs: i64) -> NewHold {
    NewHold {
        workspace: None,
        seat: Some(seat.into()),
        user: None,
        id: id.into(),
        amount: c(amount),
        ttl: SignedDuration::from_secs(ttl_secs),
        memo: None,
        idempotency_key: None,
        key_owner: Default::default(),
        actor: credits_core::Actor::Daemon,
    }
}

fn spendable(conn: &Connection, seat: &str) -> (String, String) {
    let ws = ledger::workspace(conn, None).unwrap();
    let s = ledger::seat(conn, &ws, Some(seat), None).unwrap();
    let b = ledger::balance(&ws, &s).unwrap();
    (b.included.remaining.to_string(), b.topup.remaining.to_string())
}

fn assert_verified(conn: &Connection) {
    let report = verify::verify(conn).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn reserve_settle_release_arithmetic() {
    let now = ts("2026-11-10T12:00:00Z");
    let (_d, conn) = ledger_at(now);
    topup(&conn, "100", now);
    let any = Owner::default();

    // 520 = all 500 included + 20 top-up.
    let h = create(&conn, &new_hold("hold_a", "alice", "520", 60), now).unwrap().value;
    assert_eq!((h.hold.from_included, h.hold.from_topup), (c("500"), c("20")));
    assert_eq!(h.entries.len(), 2);
    assert!(h.entries.iter().all(|e| e.kind == EntryKind::Hold));
    assert_eq!(spendable(&conn, "alice"), ("0".into(), "80".into()));
    assert_verified(&conn);

    // Consume 510: included first (500), then 10 of the top-up; 10 top-up comes back.
    let s = settle(&conn, &any, "hold_a", c("510"), None, &credits_core::Actor::Daemon, now).unwrap().value;
    assert_eq!(s.hold.status, HoldStatus::Settled);
    assert_eq!((s.hold.settled, s.hold.released, s.hold.lapsed), (c("510"), c("10"), c("0")));
    assert_eq!(spendable(&conn, "alice"), ("0".into(), "90".into()));
    assert_verified(&conn);

    // A settled hold cannot be settled or released again.
    assert!(matches!(
        settle(&conn, &any, "hold_a", c("1"), None, &credits_core::Actor::Daemon, now),
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        release(&conn, &any, "hold_a", None, &credits_core::Actor::Daemon, now),
        Err(StoreError::Conflict(_))
    ));

    // Bob: hold 50, settle 12.5 → 37.5 back to included.
    create(&conn, &new_hold("hold_b", "bob", "50", 60), now).unwrap();
    assert_eq!(spendable(&conn, "bob"), ("450".into(), "90".into()));
    assert!(matches!(
        settle(&conn, &any, "hold_b", c("50.001"), None, &credits_core::Actor::Daemon, now),
        Err(StoreError::Conflict(_))
    ));
    let s = settle(&conn, &any, "hold_b", c("12.5"), None, &credits_core::Actor::Daemon, now).unwrap().value;
    assert_eq!(s.hold.released, c("37.5"));
    assert_eq!(spendable(&conn, "bob"), ("487.5".into(), "90".into()));

    // Release gives everything back.
    create(&conn, &new_hold("hold_c", "bob", "487.5", 60), now).unwrap();
    create(&conn, &new_hold("hold_d", "bob", "90", 60), now).unwrap();
    assert_eq!(spendable(&conn, "bob"), ("0".into(), "0".into()));
    release(&conn, &any, "hold_c", None, &credits_core::Actor::Daemon, now).unwrap();
    release(&conn, &any, "hold_d", None, &credits_core::Actor::Daemon, now).unwrap();
    assert_eq!(spendable(&conn, "bob"), ("487.5".into(), "90".into()));
    assert_verified(&conn);
}

#[test]
fn a_hold_that_does_not_fit_writes_nothing() {
    let now = ts("2026-11-10T12:00:00Z");
    let (_d, conn) = ledger_at(now);
    let before = verify::verify(&conn).unwrap().entries;
    let err = create(&conn, &new_hold("hold_x", "alice", "500.001", 60), now).unwrap_err();
    assert!(matches!(err, StoreError::PaymentRequired { .. }), "{err:?}");
    assert_eq!(verify::verify(&conn).unwrap().entries, before);
    assert_eq!(open_count(&conn).unwrap(), 0);
}

#[test]
fn only_the_owner_seat_sees_its_hold() {
    let now = ts("2026-11-10T12:00:00Z");
    let (_d, conn) = ledger_at(now);
    create(&conn, &new_hold("hold_a", "alice", "5", 60), now).unwrap();
    let bob = Owner { workspace: None, seat: Some("bob".into()) };
    assert!(matches!(
        release(&conn, &bob, "hold_a", None, &credits_core::Actor::Daemon, now),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        release(&conn, &bob, "nope'; --", None, &credits_core::Actor::Daemon, now),
        Err(StoreError::NotFound(_))
    ));
    let alice = Owner { workspace: None, seat: Some("alice".into()) };
    assert_eq!(get(&conn, &alice, "hold_a").unwrap().status, HoldStatus::Held);
}

#[test]
fn expired_holds_are_released_by_expire_due() {
    let now = ts("2026-11-10T12:00:00Z");
    let (_d, conn) = ledger_at(now);
    create(&conn, &new_hold("hold_a", "alice", "100", 1), now).unwrap();
    create(&conn, &new_hold("hold_b", "alice", "100", 60), now).unwrap();
    assert_eq!(next_expiry(&conn).unwrap(), Some(ts("2026-11-10T12:00:01Z")));
    assert!(expire_due(&conn, now).unwrap().is_empty());
    let later = ts("2026-11-10T12:00:01Z");
    // Past its TTL a hold can no longer be settled, only expire.
    let late = settle(&conn, &Owner::default(), "hold_a", c("1"), None, &credits_core::Actor::Daemon, later);
    assert!(matches!(late, Err(StoreError::Conflict(_))), "{late:?}");
    let done = expire_due(&conn, later).unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].hold.status, HoldStatus::Expired);
    assert_eq!(spendable(&conn, "alice"), ("400".into(), "0".into()));
    assert_eq!(next_expiry(&conn).unwrap(), Some(ts("2026-11-10T12:01:00Z")));
    assert_eq!(open_count(&conn).unwrap(), 1);
    assert_verified(&conn);
}

#[test]
fn a_hold_across_the_monthly_reset_does_not_resurrect_included_credits() {
    let before = ts("2026-11-30T23:59:58Z");
    let (_d, conn) = ledger_at(before);
    topup(&conn, "10", before);
    let cat = PlanCatalogue::default();
    // Alice's hold takes all 500 included credits and 5 of the top-up.
    create(&conn, &new_hold("hold_a", "alice", "505", 60), before).unwrap();
    create(&conn, &new_hold("hold_b", "bob", "100", 60), before).unwrap();
    let after = ts("2026-12-01T00:00:02Z");
    rollover::apply(&conn, "default", &cat, &credits_core::Actor::Daemon, after).unwrap().expect("a rollover was due");
    assert_eq!(spendable(&conn, "alice"), ("500".into(), "5".into()));

    // Released after the reset: the top-up part comes back, the November included part does not.
    let r = release(&conn, &Owner::default(), "hold_a", None, &credits_core::Actor::Daemon, after).unwrap().value;
    assert_eq!((r.hold.released, r.hold.lapsed), (c("5"), c("500")));
    assert_eq!(spendable(&conn, "alice"), ("500".into(), "10".into()));
    // Settled after the reset: consumed 30, the other 70 of November's included lapse.
    let s =
        settle(&conn, &Owner::default(), "hold_b", c("30"), None, &credits_core::Actor::Daemon, after).unwrap().value;
    assert_eq!((s.hold.settled, s.hold.released, s.hold.lapsed), (c("30"), c("0"), c("70")));
    assert_eq!(spendable(&conn, "bob"), ("500".into(), "10".into()));
    assert_verified(&conn);
}

#[test]
fn a_removed_seats_held_included_credits_do_not_come_back() {
    let now = ts("2026-11-10T12:00:00Z");
    let (_d, conn) = ledger_at(now);
    topup(&conn, "10", now);
    create(&conn, &new_hold("hold_a", "bob", "505", 60), now).unwrap();
    let ws = ledger::workspace(&conn, None).unwrap();
    workspace::remove_seat(&conn, &ws, "bob", &credits_core::Actor::Daemon, now).unwrap();
    let r = release(&conn, &Owner::default(), "hold_a", None, &credits_core::Actor::Daemon, now).unwrap().value;
    assert_eq!((r.hold.released, r.hold.lapsed), (c("5"), c("500")));
    assert_eq!(spendable(&conn, "alice"), ("500".into(), "10".into()));
    assert_verified(&conn);
}

#[test]
fn idempotency_keys_replay_and_refuse_a_different_request() {
    let now = ts("2026-11-10T12:00:00Z");
    let (_d, conn) = ledger_at(now);
    let mut req = new_hold("hold_a", "alice", "10", 60);
    req.idempotency_key = Some("k1".into());
    let first = create(&conn, &req, now).unwrap();
    assert!(!first.replayed);
    // A retry gets a fresh id from its caller but the first answer back.
    req.id = "hold_b".into();
    let again = create(&conn, &req, now).unwrap();
    assert!(again.replayed);
    assert_eq!(again.value, first.value);
    assert_eq!(open_count(&conn).unwrap(), 1);
    req.amount = c("11");
    assert!(matches!(create(&conn, &req, now), Err(StoreError::Idempotency(_))));

    let any = Owner::default();
    let s1 = settle(&conn, &any, "hold_a", c("4"), Some("k2"), &credits_core::Actor::Daemon, now).unwrap();
    let s2 = settle(&conn, &any, "hold_a", c("4"), Some("k2"), &credits_core::Actor::Daemon, now).unwrap();
    assert!(!s1.replayed && s2.replayed);
    assert_eq!(s1.value, s2.value);
    assert!(matches!(
        settle(&conn, &any, "hold_a", c("5"), Some("k2"), &credits_core::Actor::Daemon, now),
        Err(StoreError::Idempotency(_))
    ));
    assert_eq!(spendable(&conn, "alice"), ("496".into(), "0".into()));
}

#[derive(Debug, Clone)]
enum Op {
    Hold(usize, i64, i64),
    Settle(usize, i64),
    Release(usize),
    Debit(usize, i64),
    TopUp(i64),
    Wait(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..2usize, 1..300_000i64, 1..120i64).prop_map(|(s, a, t)| Op::Hold(s, a, t)),
        (0..8usize, 0..300_000i64).prop_map(|(h, a)| Op::Settle(h, a)),
        (0..8usize).prop_map(Op::Release),
        (0..2usize, 1..200_000i64).prop_map(|(s, a)| Op::Debit(s, a)),
        (1..200_000i64).prop_map(Op::TopUp),
        // Up to 12 days: crosses the month's end now and then.
        (1..1_000_000i64).prop_map(Op::Wait),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever happens (holds, settles, releases, expiry, debits, top-ups, monthly resets),
    /// no balance goes negative, every balance equals its journal, every hold's parts add up,
    /// and a seat never has more included credits than its allowance.
    #[test]
    fn holds_keep_the_ledger_consistent(ops in prop::collection::vec(op(), 1..60)) {
        let mut now = ts("2026-11-20T00:00:00Z");
        let (_d, conn) = ledger_at(now);
        let cat = PlanCatalogue::default();
        let seats = ["alice", "bob"];
        let mut ids: Vec<String> = Vec::new();
        let any = Owner::default();
        for (i, op) in ops.into_iter().enumerate() {
            match op {
                Op::Hold(s, a, t) => {
                    let id = format!("hold_{i}");
                    let mut req = new_hold(&id, seats[s], "1", t);
                    req.amount = Credits::from_millis(a);
                    match create(&conn, &req, now) {
                        Ok(_) => ids.push(id),
                        Err(StoreError::PaymentRequired { .. }) => {}
                        Err(e) => panic!("{e:?}"),
                    }
                }
                Op::Settle(h, a) => if let Some(id) = ids.get(h) {
                    let _ = settle(&conn, &any, id, Credits::from_millis(a), None, &credits_core::Actor::Daemon, now);
                },
                Op::Release(h) => if let Some(id) = ids.get(h) {
                    let _ = release(&conn, &any, id, None, &credits_core::Actor::Daemon, now);
                },
                Op::Debit(s, a) => {
                    let req = ledger::DebitRequest {
                        workspace: None, seat: Some(seats[s].into()), user: None,
                        amount: Credits::from_millis(a), memo: None, idempotency_key: None, key_owner: Default::default(), actor: credits_core::Actor::Daemon,
                    };
                    let _ = ledger::debit(&conn, &req, now);
                }
                Op::TopUp(a) => topup(&conn, &Credits::from_millis(a).to_string(), now),
                Op::Wait(secs) => {
                    now = now.checked_add(SignedDuration::from_secs(secs)).unwrap();
                    expire_due(&conn, now).unwrap();
                    rollover::apply(&conn, "default", &cat, &credits_core::Actor::Daemon, now).unwrap();
                }
            }
            let report = verify::verify(&conn).unwrap();
            prop_assert!(report.ok(), "{:?}", report.problems);
            let bad: i64 = conn.query_row(
                "SELECT COUNT(*) FROM seats WHERE included_millis < 0 OR included_millis > allowance_millis",
                [], |r| r.get(0)).unwrap();
            prop_assert_eq!(bad, 0);
            let unbalanced: i64 = conn.query_row(
                "SELECT COUNT(*) FROM holds WHERE (status = 'held' AND settled_millis + released_millis + lapsed_millis > 0)
                  OR (status != 'held' AND status != 'settled' AND released_millis + lapsed_millis != amount_millis)
                  OR (status = 'settled' AND settled_millis + released_millis + lapsed_millis != amount_millis)",
                [], |r| r.get(0)).unwrap();
            prop_assert_eq!(unbalanced, 0);
        }
    }
}
