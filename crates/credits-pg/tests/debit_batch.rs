//! Group commit of debits: debits arriving together share a transaction, yet each is answered
//! as if it had run alone: a repeated key replays the first receipt, a reused key with another
//! request is refused, a debit that does not fit is a 402, an unknown workspace or seat and an
//! unchosen seat keep their own errors, and the balance moves by exactly what was acknowledged.

use std::collections::HashSet;

use credits_core::{Actor, Credits, EntryKind, PlanCatalogue};
use credits_ledger::history::HistoryQuery;
use credits_ledger::idempotency::KeyOwner;
use credits_ledger::ledger::DebitRequest;
use credits_ledger::service::{NewWorkspace, Scope};
use credits_ledger::{Ledger, StoreError};
use credits_pg::PgLedger;
use credits_pg::testing::PgServer;
use jiff::Timestamp;
use tokio::task::JoinSet;

fn t0() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().expect("instant")
}

fn credits(n: i64) -> Credits {
    Credits::from_millis(n * Credits::SCALE)
}

fn debit(workspace: Option<&str>, seat: Option<&str>, n: i64) -> DebitRequest {
    DebitRequest {
        workspace: workspace.map(str::to_owned),
        seat: seat.map(str::to_owned),
        user: None,
        amount: credits(n),
        memo: None,
        idempotency_key: None,
        key_owner: KeyOwner::Workspace,
        actor: Actor::Cli("alice".into()),
    }
}

fn keyed(key: &str, memo: &str) -> DebitRequest {
    DebitRequest { idempotency_key: Some(key.into()), memo: Some(memo.into()), ..debit(None, Some("alice"), 10) }
}

/// A ledger on a new database `db`: the default workspace (seat alice, 500 included credits)
/// and "two" (team plan, seat alice, 6,000 included credits).
async fn two_workspaces(server: &PgServer, db: &str) -> std::sync::Arc<PgLedger> {
    let url = server.create_database(db).expect("database");
    let ledger = std::sync::Arc::new(PgLedger::open(&url).await.expect("open"));
    let plans = PlanCatalogue::default();
    ledger.ensure_default("alice".into(), plans.clone(), t0()).await.expect("default");
    let two = NewWorkspace {
        name: "two".into(),
        plan: "team".into(),
        tz: "UTC".into(),
        first_seat: "alice".into(),
        actor: Actor::Daemon,
    };
    ledger.create_workspace(two, plans, t0()).await.expect("workspace");
    ledger
}

/// What each request of the mix is, to check its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum What {
    SameKey,
    ReusedKey,
    Fill,
    NoWorkspace,
    NoSeat,
    SeatNotChosen,
    Zero,
    OtherWorkspace,
}

#[test]
fn debits_in_one_batch_are_answered_as_if_alone() {
    let Some(server) = PgServer::start_or_skip("the debit batch PostgreSQL test") else { return };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(async {
        let ledger = two_workspaces(&server, "debit_batch").await;
        // "two" gets a second seat, bob.
        let plans = PlanCatalogue::default();
        ledger.add_seat(Some("two".into()), "bob".into(), plans, Actor::Daemon, t0()).await.expect("seat");
        let before = ledger.commit_stats();

        let mut mix: Vec<(What, DebitRequest)> = Vec::new();
        mix.extend((0..20).map(|_| (What::SameKey, keyed("k1", "same"))));
        mix.push((What::ReusedKey, keyed("k2", "first")));
        mix.push((What::ReusedKey, keyed("k2", "second")));
        mix.extend((0..30).map(|_| (What::Fill, debit(None, Some("alice"), 20))));
        mix.push((What::NoWorkspace, debit(Some("nope"), Some("alice"), 1)));
        mix.push((What::NoSeat, debit(Some("two"), Some("carol"), 1)));
        mix.push((What::SeatNotChosen, debit(Some("two"), None, 1)));
        mix.push((What::Zero, debit(None, Some("alice"), 0)));
        mix.extend((0..5).map(|_| (What::OtherWorkspace, debit(Some("two"), Some("bob"), 5))));
        // Round after round, all at once, so that they queue behind each other's batches.
        let mut tasks = JoinSet::new();
        for (what, req) in mix {
            let l = ledger.clone();
            tasks.spawn(async move { (what, l.debit(req, t0()).await) });
        }
        let mut applied_k1 = Vec::new();
        let mut replayed_k1 = Vec::new();
        let mut seen: HashSet<What> = HashSet::new();
        let (mut k2_ok, mut k2_refused, mut fill_ok, mut fill_402, mut other_ok) = (0, 0, 0, 0, 0);
        while let Some(done) = tasks.join_next().await {
            let (what, answer) = done.expect("task");
            seen.insert(what);
            match (what, answer) {
                (What::SameKey, Ok(d)) if d.replayed => replayed_k1.push(d.receipt),
                (What::SameKey, Ok(d)) => applied_k1.push(d.receipt),
                (What::ReusedKey, Ok(d)) => {
                    assert!(!d.replayed);
                    k2_ok += 1;
                }
                (What::ReusedKey, Err(StoreError::Idempotency(m))) => {
                    assert!(m.contains("'k2' was already used for a different request"), "{m}");
                    k2_refused += 1;
                }
                (What::Fill, Ok(_)) => fill_ok += 1,
                (What::Fill, Err(StoreError::PaymentRequired { needed, .. })) => {
                    assert_eq!(needed, credits(20));
                    fill_402 += 1;
                }
                (What::NoWorkspace, Err(StoreError::NotFound(m))) => {
                    assert_eq!(m.message, "workspace 'nope' not found")
                }
                (What::NoSeat, Err(StoreError::NotFound(m))) => {
                    assert_eq!(m.message, "seat 'carol' not found in workspace 'two'")
                }
                (What::SeatNotChosen, Err(StoreError::SeatNotChosen(m))) => assert!(m.contains("several seats"), "{m}"),
                (What::Zero, Err(StoreError::InvalidInput(m))) => assert!(m.contains("greater than zero"), "{m}"),
                (What::OtherWorkspace, Ok(d)) => {
                    assert_eq!(d.receipt.balance.workspace, "two");
                    other_ok += 1;
                }
                (what, answer) => panic!("{what:?}: unexpected {answer:?}"),
            }
        }
        assert_eq!(seen.len(), 8, "every kind of request answered");
        assert_eq!(applied_k1.len(), 1, "one of twenty same-key debits applied");
        assert_eq!(replayed_k1.len(), 19);
        assert!(replayed_k1.iter().all(|r| *r == applied_k1[0]), "every replay is the first receipt");
        assert_eq!((k2_ok, k2_refused), (1, 1), "a reused key with another request is refused");
        // 500 included credits: 10 (k1) + 10 (k2) leave 480, which 24 debits of 20 spend.
        assert_eq!((fill_ok, fill_402), (24, 6));
        assert_eq!(other_ok, 5);
        let alice = Scope { workspace: None, seat: Some("alice".into()), user: None };
        assert_eq!(ledger.balance(&alice).await.expect("balance").spendable, Credits::ZERO);
        let bob = Scope { workspace: Some("two".into()), seat: Some("bob".into()), user: None };
        assert_eq!(ledger.balance(&bob).await.expect("balance").included.remaining, credits(6_000 - 25));

        // The journal holds exactly the acknowledged debits.
        let debits = HistoryQuery { kind: Some(EntryKind::Debit), ..Default::default() };
        assert_eq!(ledger.history_count(None, debits.clone()).await.expect("count"), 1 + 1 + 24);
        assert_eq!(ledger.history_count(Some("two".into()), debits).await.expect("count"), 5);
        let report = ledger.verify().await.expect("verify");
        assert!(report.ok(), "{:?}", report.problems);

        // Debits did share transactions.
        let after = ledger.commit_stats();
        let (batches, jobs) = (after.batches - before.batches, after.jobs - before.jobs);
        assert!(jobs > batches, "{jobs} debits in {batches} transactions: no batch formed");

        // A later debit with a stored key replays from the database, or is refused.
        let again = ledger.debit(keyed("k1", "same"), t0()).await.expect("replay");
        assert!(again.replayed);
        assert_eq!(again.receipt, applied_k1[0]);
        let other = ledger.debit(keyed("k1", "changed"), t0()).await;
        assert!(matches!(other, Err(StoreError::Idempotency(_))), "{other:?}");
    });
}

/// With the workspaces' row locks held elsewhere, the debits queued behind a waiting batch join
/// it once it holds its lock: those of its workspace at once, then (one more read) a debit with
/// a key, whose stored answer the batch had not read, and the rest of its workspace's; the one
/// for a workspace another session still holds commits after that session lets go. Each
/// workspace's debits are decided in the order they queued.
#[test]
fn debits_queued_behind_a_lock_join_the_batch_that_holds_it() {
    let Some(server) = PgServer::start_or_skip("the debit batch PostgreSQL test") else { return };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(async {
        let ledger = two_workspaces(&server, "late_joiners").await;

        // Two other sessions hold the two workspaces' row locks.
        let connect = || async {
            let (client, conn) = server.config("late_joiners").connect(tokio_postgres::NoTls).await.expect("connect");
            (client, tokio::spawn(conn))
        };
        let (holder, holding) = connect().await;
        holder
            .batch_execute(
                "BEGIN; SELECT 1 FROM workspaces WHERE name = (SELECT value FROM settings WHERE key = 'default_workspace') FOR UPDATE",
            )
            .await
            .expect("lock the default workspace");
        let (other, other_holding) = connect().await;
        other.batch_execute("BEGIN; SELECT 1 FROM workspaces WHERE name = 'two' FOR UPDATE").await.expect("lock two");

        let mut tasks = JoinSet::new();
        let spawn = |tasks: &mut JoinSet<_>, i: usize, req: DebitRequest| {
            let l = ledger.clone();
            tasks.spawn(async move { (i, l.debit(req, t0()).await) });
        };
        // The first debit's batch waits for the default workspace's lock...
        spawn(&mut tasks, 0, debit(None, Some("alice"), 1));
        let waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = 'late_joiners' AND wait_event_type = 'Lock'";
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        // (Asked outside the holders' transactions, whose view of other sessions stays as it was.)
        let (watcher, watching) = connect().await;
        while watcher.query_one(waiting, &[]).await.expect("activity").get::<_, i64>(0) == 0 {
            if let Some(done) = tasks.try_join_next() {
                panic!("the first debit did not wait for the lock: {:?}", done.expect("task").1);
            }
            assert!(std::time::Instant::now() < deadline, "the first batch never waited for the lock");
            tokio::task::yield_now().await;
        }
        // ...while debits queue behind it, one at a time so that they queue in this order: ten
        // plain ones, one with a key, one for the other workspace, four more plain ones.
        for i in 1..=16 {
            let req = match i {
                11 => keyed("late", "keyed"),
                12 => debit(Some("two"), Some("alice"), 1),
                _ => debit(None, Some("alice"), 1),
            };
            spawn(&mut tasks, i, req);
            while ledger.queued_debits() < i {
                assert!(std::time::Instant::now() < deadline, "debit {i} never queued");
                tokio::task::yield_now().await;
            }
        }
        holder.batch_execute("COMMIT").await.expect("release the default workspace");

        // All but the one for `two` commit while `two` is still held.
        let mut first_entry = [0i64; 17];
        for n in 0..16 {
            let next = tokio::time::timeout(std::time::Duration::from_secs(30), tasks.join_next()).await;
            let next = next.unwrap_or_else(|_| panic!("only {n} debits were answered while `two` was held"));
            let (i, answer) = next.expect("an answer").expect("task");
            assert_ne!(i, 12, "the debit for `two` was answered while another session held `two`");
            first_entry[i] = answer.unwrap_or_else(|e| panic!("debit {i}: {e:?}")).receipt.entries[0].id;
        }
        other.batch_execute("COMMIT").await.expect("release two");
        let (i, answer) = tasks.join_next().await.expect("the last answer").expect("task");
        assert_eq!(i, 12);
        first_entry[12] = answer.unwrap_or_else(|e| panic!("debit 12: {e:?}")).receipt.entries[0].id;
        // The default workspace's debits are in the journal in the order they queued; the one
        // for `two` comes after all of them.
        let default_ws: Vec<i64> = (0..17).filter(|&i| i != 12).map(|i| first_entry[i]).collect();
        assert!(default_ws.windows(2).all(|w| w[0] < w[1]), "entries out of queue order: {first_entry:?}");
        assert!(default_ws.iter().all(|&id| id < first_entry[12]), "{first_entry:?}");
        // Two transactions: sixteen debits of the default workspace, then the one for `two`.
        let rows = watcher
            .query("SELECT count(*) FROM journal WHERE kind = 'debit' GROUP BY xmin::TEXT ORDER BY min(id)", &[])
            .await
            .expect("journal");
        let sizes: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
        assert_eq!(sizes, [16, 1], "debits per transaction");
        let alice = Scope { workspace: None, seat: Some("alice".into()), user: None };
        assert_eq!(ledger.balance(&alice).await.expect("balance").included.remaining, credits(500 - 15 - 10));
        let two_alice = Scope { workspace: Some("two".into()), seat: Some("alice".into()), user: None };
        assert_eq!(ledger.balance(&two_alice).await.expect("balance").included.remaining, credits(6_000 - 1));
        let report = ledger.verify().await.expect("verify");
        assert!(report.ok(), "{:?}", report.problems);
        drop((holder, other, watcher));
        let _ = (holding.await, other_holding.await, watching.await);
    });
}
