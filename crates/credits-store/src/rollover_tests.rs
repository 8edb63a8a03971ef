//! Rollover rules against a real database file: exactly once (restarts, a second connection, a
//! clock moving backwards, a crash mid-rollover), missed months, time zones and DST, plans, and a
//! randomized run over debits, seats, plans and month boundaries that checks the invariants.

use std::collections::HashMap;

use credits_core::{Credits, EntryKind, Period, PlanCatalogue};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use rusqlite::Connection;

use super::*;
use crate::ledger::DebitRequest;
use crate::{ledger, verify, workspace};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn c(s: &str) -> Credits {
    Credits::parse(s).unwrap()
}

/// A fresh ledger file; durability is not under test here, so commits skip the fsync.
fn fresh() -> (tempfile::TempDir, crate::Db, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::open(&dir.path().join("credits.db")).unwrap();
    let conn = db.connect().unwrap();
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    (dir, db, conn)
}

/// Runs `f` in one transaction, as the writer does; an error rolls everything back.
fn tx<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let r = f(conn);
    conn.execute_batch(if r.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    r
}

fn spend(conn: &Connection, ws: &str, seat: &str, amount: &str, now: Timestamp) {
    let req = DebitRequest {
        workspace: Some(ws.into()),
        seat: Some(seat.into()),
        user: None,
        amount: c(amount),
        memo: None,
        idempotency_key: None,
        key_owner: Default::default(),
        actor: credits_core::Actor::Daemon,
    };
    ledger::debit(conn, &req, now).unwrap();
}

fn included(conn: &Connection, ws: &str, seat: &str) -> String {
    let w = ledger::workspace(conn, Some(ws)).unwrap();
    Credits::from_millis(ledger::seat(conn, &w, Some(seat), None).unwrap().included).to_string()
}

fn period(conn: &Connection, ws: &str) -> String {
    ledger::workspace(conn, Some(ws)).unwrap().period
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn assert_verified(conn: &Connection) {
    let report = verify::verify(conn).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn rolls_once_expiring_exactly_the_unused_and_leaving_top_up() {
    let (_d, _db, conn) = fresh();
    let cat = PlanCatalogue::default();
    let nov = ts("2026-11-10T12:00:00Z");
    workspace::create(&conn, "w", "pro", "UTC", "alice", &cat, &credits_core::Actor::Daemon, nov).unwrap();
    let mut ws = ledger::workspace(&conn, Some("w")).unwrap();
    workspace::add_seat(&conn, &ws, "bob", &cat, &credits_core::Actor::Daemon, nov).unwrap();
    ledger::move_topup(
        &conn,
        &mut ws,
        None,
        EntryKind::Adjust,
        7_000,
        None,
        Some("test"),
        &credits_core::Actor::Daemon,
        nov,
    )
    .unwrap();
    spend(&conn, "w", "alice", "100.5", nov);

    assert!(apply(&conn, "w", &cat, &credits_core::Actor::Daemon, ts("2026-11-30T23:59:59.999Z")).unwrap().is_none());
    let r =
        tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, ts("2026-12-01T00:00:00Z"))).unwrap().unwrap();
    assert_eq!((r.from_period.as_str(), r.to_period.as_str(), r.seats), ("2026-11", "2026-12", 2));
    assert_eq!(r.expired, c("4899.5"));
    assert_eq!(r.granted, c("5000"));
    assert_eq!(period(&conn, "w"), "2026-12");
    assert_eq!(included(&conn, "w", "alice"), "2500");
    assert_eq!(ledger::workspace(&conn, Some("w")).unwrap().topup, 7_000);
    let expire: (i64, String) = conn
        .query_row(
            "SELECT amount_millis, period FROM journal j JOIN seats s ON s.id = j.seat_id
             WHERE s.name = 'alice' AND kind = 'expire'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(expire, (-2_399_500, "2026-11".to_owned()));
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM journal WHERE kind = 'grant' AND period = '2026-12'"), 2);

    // A restart later in the month, a retry, a second daemon: nothing more.
    for at in ["2026-12-01T00:00:00Z", "2026-12-20T00:00:00Z", "2026-12-31T23:59:59Z"] {
        assert!(tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, ts(at))).unwrap().is_none(), "{at}");
    }
    // A clock that moved backwards never rolls a period back.
    assert!(
        tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, ts("2026-11-15T00:00:00Z"))).unwrap().is_none()
    );
    assert_eq!(period(&conn, "w"), "2026-12");
    let s = status(&conn, ts("2026-11-15T00:00:00Z")).unwrap();
    assert_eq!(s[0].state, PeriodState::Ahead);
    assert_verified(&conn);
}

#[test]
fn missed_months_do_not_stack() {
    let (_d, _db, conn) = fresh();
    let cat = PlanCatalogue::default();
    workspace::create(
        &conn,
        "w",
        "free",
        "UTC",
        "alice",
        &cat,
        &credits_core::Actor::Daemon,
        ts("2026-11-10T12:00:00Z"),
    )
    .unwrap();
    spend(&conn, "w", "alice", "20", ts("2026-11-10T12:00:00Z"));
    let now = ts("2027-03-05T08:00:00Z");
    let d = due(&conn, now).unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].period.as_str(), d[0].current_period.as_str()), ("2026-11", "2027-03"));
    assert_eq!(d[0].due_since, "2026-12-01T00:00:00Z");
    let r = tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, now)).unwrap().unwrap();
    assert_eq!((r.from_period.as_str(), r.to_period.as_str()), ("2026-11", "2027-03"));
    assert_eq!(r.expired, c("480"));
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM rollovers"), 1);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM journal WHERE kind = 'grant'"), 2);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM journal WHERE kind = 'expire'"), 1);
    assert_eq!(included(&conn, "w", "alice"), "500");
    assert!(due(&conn, now).unwrap().is_empty());
    assert_verified(&conn);
}

#[test]
fn the_database_admits_one_rollover_per_period_and_only_forward() {
    let (_d, _db, conn) = fresh();
    let cat = PlanCatalogue::default();
    workspace::create(
        &conn,
        "w",
        "free",
        "UTC",
        "alice",
        &cat,
        &credits_core::Actor::Daemon,
        ts("2026-11-10T12:00:00Z"),
    )
    .unwrap();
    tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, ts("2026-12-01T00:00:00Z"))).unwrap().unwrap();
    let ws = ledger::workspace(&conn, Some("w")).unwrap().id;
    let refused = |sql: &str| {
        let e = conn.execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("rollover") || e.to_string().contains("UNIQUE"), "{sql}: {e}");
    };
    // Entering December again, leaving November again, or starting anywhere but the current period.
    refused(&format!("INSERT INTO rollovers VALUES ({ws}, '2026-12', '2026-11', 'x')"));
    refused(&format!("INSERT INTO rollovers VALUES ({ws}, '2027-01', '2026-11', 'x')"));
    refused(&format!("INSERT INTO rollovers VALUES ({ws}, '2026-11', '2026-12', 'x')"));
    // A period changes only through a rollover row; never backwards; rollovers are append-only.
    refused(&format!("UPDATE workspaces SET period = '2027-01' WHERE id = {ws}"));
    refused(&format!("UPDATE workspaces SET period = '2026-11' WHERE id = {ws}"));
    refused("DELETE FROM rollovers");
    refused("UPDATE rollovers SET period = '2027-05'");
    // Other workspace columns stay writable.
    conn.execute(&format!("UPDATE workspaces SET tz = 'Europe/Berlin' WHERE id = {ws}"), []).unwrap();
    assert_verified(&conn);
}

#[test]
fn two_connections_racing_roll_over_once() {
    let (_d, db, conn) = fresh();
    let cat = PlanCatalogue::default();
    workspace::create(
        &conn,
        "w",
        "pro",
        "UTC",
        "alice",
        &cat,
        &credits_core::Actor::Daemon,
        ts("2026-11-10T12:00:00Z"),
    )
    .unwrap();
    let ws = ledger::workspace(&conn, Some("w")).unwrap();
    for i in 0..200 {
        workspace::add_seat(
            &conn,
            &ws,
            &format!("s{i}"),
            &cat,
            &credits_core::Actor::Daemon,
            ts("2026-11-10T12:00:00Z"),
        )
        .unwrap();
    }
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let (db, barrier, cat) = (db.clone(), barrier.clone(), cat.clone());
            // Two daemons whose clocks disagree by a few seconds, both past the boundary.
            let now = ts("2026-12-01T00:00:01Z") + SignedDuration::from_secs(i * 3);
            std::thread::spawn(move || {
                let conn = db.connect().unwrap();
                barrier.wait();
                tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, now)).unwrap()
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_some()).count(), 1, "{results:?}");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM journal WHERE kind = 'grant' AND period = '2026-12'"), 201);
    assert_verified(&conn);
}

#[test]
fn a_crash_mid_rollover_leaves_no_trace_and_the_retry_applies_it() {
    let (_d, _db, conn) = fresh();
    let cat = PlanCatalogue::default();
    workspace::create(
        &conn,
        "w",
        "free",
        "UTC",
        "alice",
        &cat,
        &credits_core::Actor::Daemon,
        ts("2026-11-10T12:00:00Z"),
    )
    .unwrap();
    let before = count(&conn, "SELECT COUNT(*) FROM journal");
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    apply(&conn, "w", &cat, &credits_core::Actor::Daemon, ts("2026-12-01T00:00:00Z")).unwrap().unwrap();
    // The process dies before COMMIT: SQLite discards the transaction.
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM journal"), before);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM rollovers"), 0);
    assert_eq!(period(&conn, "w"), "2026-11");
    assert!(
        tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, ts("2026-12-01T00:00:05Z"))).unwrap().is_some()
    );
    assert_verified(&conn);
}

#[test]
fn boundaries_follow_each_zone_including_dst() {
    let (_d, _db, conn) = fresh();
    let cat = PlanCatalogue::default();
    let t0 = ts("2026-10-20T00:00:00Z");
    for (name, tz) in
        [("utc", "UTC"), ("berlin", "Europe/Berlin"), ("la", "America/Los_Angeles"), ("havana", "America/Havana")]
    {
        workspace::create(&conn, name, "free", tz, "alice", &cat, &credits_core::Actor::Daemon, t0).unwrap();
    }
    // Havana leaves DST at 01:00 on Sunday 1 November 2026, so midnight happens twice; the month
    // starts at the first one (04:00 UTC) and the second (05:00 UTC) changes nothing.
    let rolled = |at: &str| -> Vec<String> {
        let mut names = Vec::new();
        for d in due(&conn, ts(at)).unwrap() {
            if tx(&conn, |c| apply(c, &d.workspace, &cat, &credits_core::Actor::Daemon, ts(at))).unwrap().is_some() {
                names.push(d.workspace);
            }
        }
        names
    };
    assert_eq!(rolled("2026-10-31T22:59:59Z"), Vec::<String>::new());
    assert_eq!(rolled("2026-10-31T23:00:00Z"), ["berlin"]); // CET, after the October DST change
    assert_eq!(rolled("2026-11-01T00:00:00Z"), ["utc"]);
    assert_eq!(rolled("2026-11-01T03:59:59Z"), Vec::<String>::new());
    assert_eq!(rolled("2026-11-01T04:00:00Z"), ["havana"]);
    assert_eq!(rolled("2026-11-01T05:00:00Z"), Vec::<String>::new());
    assert_eq!(rolled("2026-11-01T06:59:59Z"), Vec::<String>::new());
    assert_eq!(rolled("2026-11-01T07:00:00Z"), ["la"]); // PDT until 09:00 UTC that day
    assert_eq!(next_boundary(&conn).unwrap(), Some(ts("2026-11-30T23:00:00Z")));
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM rollovers"), 4);
    // Asunción sprang forward at midnight on 1 October 2023: the month began when the gap ended.
    let asuncion = credits_core::period::zone("America/Asuncion").unwrap();
    let oct: Period = "2023-10".parse().unwrap();
    assert_eq!(oct.start(&asuncion), ts("2023-10-01T04:00:00Z"));
    assert_eq!(Period::containing(ts("2023-10-01T03:59:59Z"), &asuncion).to_string(), "2023-09");
    assert_verified(&conn);
}

#[test]
fn a_pending_plan_takes_effect_at_the_rollover() {
    let (_d, _db, conn) = fresh();
    let cat = PlanCatalogue::default();
    let nov = ts("2026-11-10T12:00:00Z");
    workspace::create(&conn, "w", "free", "UTC", "alice", &cat, &credits_core::Actor::Daemon, nov).unwrap();
    workspace::set_plan(&conn, Some("w"), "team", false, &cat, &credits_core::Actor::Daemon, nov).unwrap();
    assert_eq!(included(&conn, "w", "alice"), "500");
    let r =
        tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, ts("2026-12-01T00:00:00Z"))).unwrap().unwrap();
    assert_eq!((r.plan.as_str(), r.granted), ("team", c("6000")));
    let ws = ledger::workspace(&conn, Some("w")).unwrap();
    assert_eq!((ws.plan.as_str(), ws.pending_plan), ("team", None));
    assert_eq!(included(&conn, "w", "alice"), "6000");
    assert_verified(&conn);
}

#[test]
fn plan_now_never_grants_more_than_the_new_allowance_minus_what_was_used() {
    let (_d, _db, conn) = fresh();
    let cat = PlanCatalogue::default();
    let now = ts("2026-11-10T12:00:00Z");
    workspace::create(&conn, "w", "team", "UTC", "alice", &cat, &credits_core::Actor::Daemon, now).unwrap();
    spend(&conn, "w", "alice", "1000", now);
    workspace::set_plan(&conn, Some("w"), "free", true, &cat, &credits_core::Actor::Daemon, now).unwrap();
    assert_eq!(included(&conn, "w", "alice"), "0"); // 500 - 1000 used → nothing left
    // Back up: 6000 - 1000 used, not 6000 - (500 - 0) as the rewritten allowance would suggest.
    workspace::set_plan(&conn, Some("w"), "team", true, &cat, &credits_core::Actor::Daemon, now).unwrap();
    assert_eq!(included(&conn, "w", "alice"), "5000");
    workspace::set_plan(&conn, Some("w"), "pro", true, &cat, &credits_core::Actor::Daemon, now).unwrap();
    assert_eq!(included(&conn, "w", "alice"), "1500");
    spend(&conn, "w", "alice", "1500", now);
    workspace::set_plan(&conn, Some("w"), "team", true, &cat, &credits_core::Actor::Daemon, now).unwrap();
    assert_eq!(included(&conn, "w", "alice"), "3500");
    // The next period starts clean at the plan's allowance.
    tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, ts("2026-12-01T00:00:00Z"))).unwrap().unwrap();
    assert_eq!(included(&conn, "w", "alice"), "6000");
    assert_verified(&conn);
}

#[test]
fn seats_added_mid_month_or_while_overdue_get_one_grant_per_period() {
    let (_d, _db, conn) = fresh();
    let cat = PlanCatalogue::default();
    workspace::create(
        &conn,
        "w",
        "free",
        "UTC",
        "alice",
        &cat,
        &credits_core::Actor::Daemon,
        ts("2026-11-10T12:00:00Z"),
    )
    .unwrap();
    let ws = ledger::workspace(&conn, Some("w")).unwrap();
    // Added after the boundary but before the rollover ran: a November grant, then December's.
    workspace::add_seat(&conn, &ws, "bob", &cat, &credits_core::Actor::Daemon, ts("2026-12-01T00:00:01Z")).unwrap();
    workspace::remove_seat(&conn, &ws, "alice", &credits_core::Actor::Daemon, ts("2026-12-01T00:00:01Z")).unwrap();
    let r =
        tx(&conn, |c| apply(c, "w", &cat, &credits_core::Actor::Daemon, ts("2026-12-01T00:00:02Z"))).unwrap().unwrap();
    assert_eq!((r.seats, r.expired, r.granted), (1, c("500"), c("500")));
    let ws = ledger::workspace(&conn, Some("w")).unwrap();
    workspace::add_seat(&conn, &ws, "alice", &cat, &credits_core::Actor::Daemon, ts("2026-12-02T00:00:00Z")).unwrap();
    workspace::remove_seat(&conn, &ws, "alice", &credits_core::Actor::Daemon, ts("2026-12-02T00:00:00Z")).unwrap();
    workspace::add_seat(&conn, &ws, "alice", &cat, &credits_core::Actor::Daemon, ts("2026-12-02T00:00:00Z")).unwrap();
    assert_eq!(included(&conn, "w", "alice"), "0"); // removed and re-added: no second December grant
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM journal WHERE kind = 'grant' GROUP BY seat_id, period ORDER BY 1 DESC LIMIT 1"
        ),
        1
    );
    assert_verified(&conn);
}

// ---- randomized ----

#[derive(Debug, Clone)]
enum Op {
    Spend {
        ws: usize,
        seat: usize,
        millis: i64,
    },
    AddSeat {
        ws: usize,
    },
    RemoveSeat {
        ws: usize,
        seat: usize,
    },
    /// Adds back a seat removed earlier (same name).
    ReAddSeat {
        ws: usize,
        seat: usize,
    },
    Plan {
        ws: usize,
        plan: usize,
        now: bool,
    },
    TopUp {
        ws: usize,
        millis: i64,
    },
    /// The clock moves on (hours); may cross one or several month boundaries.
    Advance {
        hours: i64,
    },
    /// The clock moves backwards (hours).
    Back {
        hours: i64,
    },
    /// The daemon's job: apply everything due.
    Roll,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..2usize, 0..8usize, 1..900_000i64).prop_map(|(ws, seat, millis)| Op::Spend { ws, seat, millis }),
        2 => (0..2usize).prop_map(|ws| Op::AddSeat { ws }),
        1 => (0..2usize, 0..8usize).prop_map(|(ws, seat)| Op::RemoveSeat { ws, seat }),
        1 => (0..2usize, 0..8usize).prop_map(|(ws, seat)| Op::ReAddSeat { ws, seat }),
        1 => (0..2usize, 0..3usize, any::<bool>()).prop_map(|(ws, plan, now)| Op::Plan { ws, plan, now }),
        1 => (0..2usize, 1..500_000i64).prop_map(|(ws, millis)| Op::TopUp { ws, millis }),
        3 => (1..24 * 50i64).prop_map(|hours| Op::Advance { hours }),
        1 => (1..24 * 20i64).prop_map(|hours| Op::Back { hours }),
        3 => Just(Op::Roll),
    ]
}

const WORKSPACES: [(&str, &str); 2] = [("east", "Asia/Tokyo"), ("west", "America/Los_Angeles")];
const PLANS: [&str; 3] = ["free", "pro", "team"];

/// Checks every invariant after one step; `last` holds each workspace's previous period.
fn check_invariants(conn: &Connection, last: &mut HashMap<String, String>) -> Result<(), TestCaseError> {
    let report = verify::verify(conn).unwrap();
    prop_assert!(report.ok(), "{:?}", report.problems);
    prop_assert_eq!(count(conn, "SELECT COUNT(*) FROM seats WHERE included_millis < 0"), 0);
    prop_assert_eq!(count(conn, "SELECT COUNT(*) FROM workspaces WHERE topup_millis < 0"), 0);
    prop_assert_eq!(count(conn, "SELECT COUNT(*) FROM journal WHERE balance_after_millis < 0"), 0);
    // At most one grant per seat and period …
    prop_assert_eq!(
        count(
            conn,
            "SELECT COUNT(*) FROM (SELECT 1 FROM journal WHERE kind = 'grant' GROUP BY seat_id, period HAVING COUNT(*) > 1)"
        ),
        0
    );
    // … and exactly one for every active seat in its workspace's current period.
    prop_assert_eq!(
        count(
            conn,
            "SELECT COUNT(*) FROM seats s JOIN workspaces w ON w.id = s.workspace_id WHERE s.active = 1 AND
             (SELECT COUNT(*) FROM journal j WHERE j.seat_id = s.id AND j.kind = 'grant' AND j.period = w.period) <> 1"
        ),
        0
    );
    for ws in ledger::workspaces(conn).unwrap() {
        if let Some(prev) = last.insert(ws.name.clone(), ws.period.clone()) {
            prop_assert!(ws.period >= prev, "{} went back from {prev} to {}", ws.name, ws.period);
        }
        let rolls = count(conn, &format!("SELECT COUNT(*) FROM rollovers WHERE workspace_id = {}", ws.id));
        let periods =
            count(conn, &format!("SELECT COUNT(DISTINCT period) FROM rollovers WHERE workspace_id = {}", ws.id));
        prop_assert_eq!(rolls, periods);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_histories_keep_the_ledger_invariants(ops in prop::collection::vec(op(), 1..60)) {
        let (_d, _db, conn) = fresh();
        let cat = PlanCatalogue::default();
        let mut now = ts("2026-11-20T12:00:00Z");
        let mut seats: [Vec<String>; 2] = [vec!["s0".into()], vec!["s0".into()]];
        let mut removed: [Vec<String>; 2] = [vec![], vec![]];
        let mut next_seat = 1;
        for (name, tz) in WORKSPACES {
            workspace::create(&conn, name, "pro", tz, "s0", &cat, &credits_core::Actor::Daemon, now).unwrap();
        }
        let mut last = HashMap::new();
        check_invariants(&conn, &mut last)?;
        for op in ops {
            match op {
                Op::Spend { ws, seat, millis } => {
                    if let Some(s) = seats[ws].get(seat % seats[ws].len().max(1)).cloned() {
                        let req = DebitRequest {
                            workspace: Some(WORKSPACES[ws].0.into()),
                            seat: Some(s),
                            user: None,
                            amount: Credits::from_millis(millis),
                            memo: None,
                            idempotency_key: None,
                            key_owner: Default::default(), actor: credits_core::Actor::Daemon,
                        };
                        match tx(&conn, |c| ledger::debit(c, &req, now)) {
                            Ok(_) | Err(StoreError::PaymentRequired { .. }) => {}
                            Err(e) => prop_assert!(false, "debit failed: {e}"),
                        }
                    }
                }
                Op::AddSeat { ws } => {
                    let name = format!("s{next_seat}");
                    next_seat += 1;
                    tx(&conn, |c| {
                        let w = ledger::workspace(c, Some(WORKSPACES[ws].0))?;
                        workspace::add_seat(c, &w, &name, &cat, &credits_core::Actor::Daemon, now)
                    })
                    .unwrap();
                    seats[ws].push(name);
                }
                Op::RemoveSeat { ws, seat } => {
                    if !seats[ws].is_empty() {
                        let name = seats[ws].remove(seat % seats[ws].len());
                        tx(&conn, |c| {
                            let w = ledger::workspace(c, Some(WORKSPACES[ws].0))?;
                            workspace::remove_seat(c, &w, &name, &credits_core::Actor::Daemon, now)
                        })
                        .unwrap();
                        removed[ws].push(name);
                    }
                }
                Op::ReAddSeat { ws, seat } => {
                    if !removed[ws].is_empty() {
                        let name = removed[ws].remove(seat % removed[ws].len());
                        tx(&conn, |c| {
                            let w = ledger::workspace(c, Some(WORKSPACES[ws].0))?;
                            workspace::add_seat(c, &w, &name, &cat, &credits_core::Actor::Daemon, now)
                        })
                        .unwrap();
                        seats[ws].push(name);
                    }
                }
                Op::Plan { ws, plan, now: at_once } => {
                    tx(&conn, |c| workspace::set_plan(c, Some(WORKSPACES[ws].0), PLANS[plan], at_once, &cat, &credits_core::Actor::Daemon, now))
                        .unwrap();
                }
                Op::TopUp { ws, millis } => {
                    tx(&conn, |c| {
                        let mut w = ledger::workspace(c, Some(WORKSPACES[ws].0))?;
                        ledger::move_topup(c, &mut w, None, EntryKind::Purchase, millis, None, None, &credits_core::Actor::Daemon, now)
                    })
                    .unwrap();
                }
                Op::Advance { hours } => now += SignedDuration::from_hours(hours),
                Op::Back { hours } => now -= SignedDuration::from_hours(hours),
                Op::Roll => {
                    for d in due(&conn, now).unwrap() {
                        let before = ledger::workspace(&conn, Some(&d.workspace)).unwrap();
                        let unused: i64 = ledger::seats(&conn, &before).unwrap().iter().map(|s| s.included).sum();
                        let r = tx(&conn, |c| apply(c, &d.workspace, &cat, &credits_core::Actor::Daemon, now)).unwrap();
                        let r = r.expect("a due workspace rolls over");
                        let after = ledger::workspace(&conn, Some(&d.workspace)).unwrap();
                        prop_assert_eq!(r.expired.millis(), unused);
                        prop_assert_eq!(after.topup, before.topup, "top-up untouched");
                        prop_assert_eq!(&after.period, &d.current_period);
                        // A second pass, as from a second daemon, finds nothing.
                        prop_assert!(tx(&conn, |c| apply(c, &d.workspace, &cat, &credits_core::Actor::Daemon, now)).unwrap().is_none());
                    }
                    prop_assert!(due(&conn, now).unwrap().is_empty());
                }
            }
            check_invariants(&conn, &mut last)?;
        }
    }
}
