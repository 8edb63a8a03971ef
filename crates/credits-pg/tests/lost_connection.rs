//! A daemon whose database goes away answers `Unavailable` (nothing acknowledged that did not
//! commit) and carries on by itself once the database is back: the pool drops dead connections
//! and makes new ones.

use credits_core::{Actor, Credits, PlanCatalogue};
use credits_ledger::idempotency::KeyOwner;
use credits_ledger::ledger::DebitRequest;
use credits_ledger::service::Scope;
use credits_ledger::{Ledger, StoreError};
use credits_pg::PgLedger;
use credits_pg::testing::PgServer;
use jiff::Timestamp;

fn debit(key: &str) -> DebitRequest {
    DebitRequest {
        workspace: None,
        seat: Some("alice".into()),
        user: None,
        amount: Credits::from_millis(10 * Credits::SCALE),
        memo: None,
        idempotency_key: Some(key.into()),
        key_owner: KeyOwner::Workspace,
        actor: Actor::Cli("alice".into()),
    }
}

#[test]
fn unavailable_while_the_database_is_down_then_recovers() {
    let Some(mut server) = PgServer::start_or_skip("the lost-connection PostgreSQL test") else { return };
    let url = server.create_database("lost").expect("database");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let now: Timestamp = "2026-11-20T10:00:00Z".parse().expect("instant");
    let alice = Scope { workspace: None, seat: Some("alice".into()), user: None };
    let ledger = rt.block_on(async {
        let ledger = PgLedger::open(&url).await.expect("open");
        ledger.ensure_default("alice".into(), PlanCatalogue::default(), now).await.expect("default");
        ledger.debit(debit("k1"), now).await.expect("debit");
        ledger
    });
    server.stop().expect("stop the server");
    rt.block_on(async {
        for key in ["k2", "k3"] {
            let lost = ledger.debit(debit(key), now).await;
            assert!(matches!(lost, Err(StoreError::Unavailable(_))), "{lost:?}");
        }
        assert!(matches!(ledger.balance(&alice).await, Err(StoreError::Unavailable(_))));
    });
    server.restart().expect("start the server again");
    rt.block_on(async {
        ledger.debit(debit("k2"), now).await.expect("a debit once the database is back");
        let bal = ledger.balance(&alice).await.expect("balance");
        assert_eq!(bal.spendable, Credits::from_millis(480 * Credits::SCALE), "k1 and k2, nothing of the refused");
        assert!(ledger.verify().await.expect("verify").ok());
    });
}

/// A session that keeps a workspace locked (a daemon frozen mid-transaction) does not hang the
/// others: a debit waits at most `lock_timeout`, then is `Unavailable` with nothing changed, and
/// goes through once the lock is gone. (The test shortens the wait through the URL's `options`,
/// which come after the ledger's own.)
#[test]
fn a_lock_kept_by_another_session_is_a_bounded_wait() {
    let Some(server) = PgServer::start_or_skip("the lock-timeout PostgreSQL test") else { return };
    let url = server.create_database("kept_lock").expect("database");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let now: Timestamp = "2026-11-20T10:00:00Z".parse().expect("instant");
    let alice = Scope { workspace: None, seat: Some("alice".into()), user: None };
    rt.block_on(async {
        let mut config = server.config("kept_lock");
        config.options("-c lock_timeout=1s");
        let ledger = PgLedger::connect(config, 4).await.expect("open");
        ledger.ensure_default("alice".into(), PlanCatalogue::default(), now).await.expect("default");
        let before = ledger.balance(&alice).await.expect("balance").spendable;

        let (mut other, conn) = server.config("kept_lock").connect(tokio_postgres::NoTls).await.expect("connect");
        tokio::spawn(conn);
        let tx = other.transaction().await.expect("begin");
        tx.execute("SELECT 1 FROM workspaces FOR UPDATE", &[]).await.expect("lock");

        let started = std::time::Instant::now();
        let refused = ledger.debit(debit("kept"), now).await;
        let waited = started.elapsed();
        assert!(matches!(&refused, Err(StoreError::Unavailable(m)) if m.contains("lock timeout")), "{refused:?}");
        assert!(waited < std::time::Duration::from_secs(8), "waited {waited:?} for a 1 s lock timeout");
        assert_eq!(ledger.balance(&alice).await.expect("balance").spendable, before, "nothing moved");

        tx.rollback().await.expect("release");
        let done = ledger.debit(debit("kept"), now).await.expect("the debit once the lock is gone");
        assert!(!done.replayed);
        assert_eq!(
            done.receipt.balance.spendable,
            before.checked_sub(Credits::from_millis(10 * Credits::SCALE)).expect("fits")
        );

        // Without options of its own, the ledger waits its default 10 s, not forever.
        let ledger = PgLedger::open(&url).await.expect("open");
        let tx = other.transaction().await.expect("begin");
        tx.execute("SELECT 1 FROM workspaces FOR UPDATE", &[]).await.expect("lock");
        let started = std::time::Instant::now();
        let refused = ledger.debit(debit("default wait"), now).await;
        let waited = started.elapsed();
        assert!(matches!(&refused, Err(StoreError::Unavailable(_))), "{refused:?}");
        assert!(
            waited >= std::time::Duration::from_secs(9) && waited < std::time::Duration::from_secs(30),
            "{waited:?}"
        );
        tx.rollback().await.expect("release");
    });
}

/// A lock kept on one workspace fails only that workspace's debits: those of another workspace
/// in the same batch (same committer) go through.
#[test]
fn a_kept_lock_fails_only_its_own_workspace() {
    let Some(server) = PgServer::start_or_skip("the kept-lock PostgreSQL test") else { return };
    server.create_database("kept_one").expect("database");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let now: Timestamp = "2026-11-20T10:00:00Z".parse().expect("instant");
    // Two workspaces whose debits share a committer, so they meet in one batch.
    let lane = credits_pg::debit_batch::lane_of(Some("stuck"));
    let free = (0..1000)
        .map(|i| format!("free{i}"))
        .find(|n| credits_pg::debit_batch::lane_of(Some(n)) == lane)
        .expect("a name on the same committer");
    rt.block_on(async {
        let mut config = server.config("kept_one");
        config.options("-c lock_timeout=1s");
        let ledger = std::sync::Arc::new(PgLedger::connect(config, 4).await.expect("open"));
        let plans = PlanCatalogue::default();
        for name in ["stuck", free.as_str()] {
            let new = credits_ledger::service::NewWorkspace {
                name: name.into(),
                plan: "team".into(),
                tz: "UTC".into(),
                first_seat: "alice".into(),
                actor: Actor::Daemon,
            };
            ledger.create_workspace(new, plans.clone(), now).await.expect("workspace");
        }
        let (mut other, conn) = server.config("kept_one").connect(tokio_postgres::NoTls).await.expect("connect");
        tokio::spawn(conn);
        let tx = other.transaction().await.expect("begin");
        tx.execute("SELECT 1 FROM workspaces WHERE name = 'stuck' FOR UPDATE", &[]).await.expect("lock");

        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let ledger = ledger.clone();
            let ws = if i % 2 == 0 { "stuck".to_owned() } else { free.clone() };
            tasks.spawn(async move {
                let req = DebitRequest { workspace: Some(ws.clone()), idempotency_key: None, ..debit("unused") };
                (ws, ledger.debit(req, now).await)
            });
        }
        let (mut stuck_refused, mut free_ok) = (0, 0);
        while let Some(done) = tasks.join_next().await {
            match done.expect("task") {
                (ws, Err(StoreError::Unavailable(_))) if ws == "stuck" => stuck_refused += 1,
                (ws, Ok(_)) if ws == free => free_ok += 1,
                (ws, other) => panic!("{ws}: unexpected {other:?}"),
            }
        }
        assert_eq!((stuck_refused, free_ok), (10, 10));
        tx.rollback().await.expect("release");
        let free_scope = Scope { workspace: Some(free.clone()), seat: Some("alice".into()), user: None };
        let left = ledger.balance(&free_scope).await.expect("balance").included.remaining;
        assert_eq!(left, Credits::from_millis((6_000 - 100) * Credits::SCALE));
    });
}

/// The answer to a batch's COMMIT is lost (a fault the test injects): the daemon asks the
/// server what became of the transaction, and since it committed, the debit is acknowledged
/// once, not reported as "nothing changed".
#[test]
fn a_lost_commit_answer_is_resolved_by_asking_the_server() {
    let Some(server) = PgServer::start_or_skip("the lost-COMMIT PostgreSQL test") else { return };
    let url = server.create_database("lost_commit").expect("database");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let now: Timestamp = "2026-11-20T10:00:00Z".parse().expect("instant");
    let alice = Scope { workspace: None, seat: Some("alice".into()), user: None };
    rt.block_on(async {
        let ledger = PgLedger::open(&url).await.expect("open");
        ledger.ensure_default("alice".into(), PlanCatalogue::default(), now).await.expect("default");
        let before = ledger.balance(&alice).await.expect("balance").spendable;
        credits_pg::debit_batch::testing::LOSE_NEXT_COMMIT_ANSWER.store(true, std::sync::atomic::Ordering::SeqCst);
        let done = ledger.debit(debit("lost answer"), now).await.expect("acknowledged: it committed");
        assert!(!credits_pg::debit_batch::testing::LOSE_NEXT_COMMIT_ANSWER.load(std::sync::atomic::Ordering::SeqCst));
        let ten = Credits::from_millis(10 * Credits::SCALE);
        assert_eq!(done.receipt.balance.spendable, before.checked_sub(ten).expect("fits"));
        assert_eq!(ledger.balance(&alice).await.expect("balance").spendable, done.receipt.balance.spendable);
        let again = ledger.debit(debit("lost answer"), now).await.expect("replay");
        assert!(again.replayed, "applied once");
    });
}
