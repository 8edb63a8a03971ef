//! Several daemons on one database, at the ledger level: each `PgLedger` below is one daemon's
//! (its own pool), all on one PostgreSQL database. The invariants hold across them because the
//! database enforces them: migrations run once, racing debits never overdraw, a month rolls over
//! once, concurrent `ensure` buys once, a purchase is credited once, a hold closes once.

use std::sync::Arc;

use credits_core::purchase::{PurchaseKind, PurchaseOrigin};
use credits_core::{Actor, Cents, Credits, EntryKind, PlanCatalogue};
use credits_ledger::history::HistoryQuery;
use credits_ledger::holds::{NewHold, Owner};
use credits_ledger::idempotency::KeyOwner;
use credits_ledger::ledger::DebitRequest;
use credits_ledger::purchases::{EnsureDecision, NewPurchase, Transition};
use credits_ledger::service::{EventRef, Scope};
use credits_ledger::{Ledger, StoreError};
use credits_pg::PgLedger;
use credits_pg::testing::PgServer;
use jiff::{SignedDuration, Timestamp};
use tokio::task::JoinSet;

fn t0() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().expect("instant")
}

fn credits(n: i64) -> Credits {
    Credits::from_millis(n * Credits::SCALE)
}

fn alice() -> Scope {
    Scope { workspace: None, seat: Some("alice".into()), user: None }
}

fn debit(n: i64) -> DebitRequest {
    DebitRequest {
        workspace: None,
        seat: Some("alice".into()),
        user: None,
        amount: credits(n),
        memo: None,
        idempotency_key: None,
        key_owner: KeyOwner::Workspace,
        actor: Actor::Cli("alice".into()),
    }
}

fn purchase(id: &str, origin: PurchaseOrigin) -> NewPurchase {
    NewPurchase {
        id: id.into(),
        kind: PurchaseKind::Card,
        origin,
        amount: Cents::new(1000),
        currency: "usd".into(),
        credits: credits(1000),
        stripe_customer: Some("cus_1".into()),
        actor: Actor::Daemon,
        idempotency_key: None,
    }
}

/// Three daemons' ledgers on database `db` (opened together: they race to migrate), with the
/// default workspace (seat alice, 500 included credits).
async fn daemons(server: &PgServer, db: &str) -> Vec<Arc<dyn Ledger>> {
    let url = server.create_database(db).expect("database");
    let mut opening = JoinSet::new();
    for _ in 0..3 {
        let url = url.clone();
        opening.spawn(async move { PgLedger::open(&url).await });
    }
    let mut ledgers: Vec<Arc<dyn Ledger>> = Vec::new();
    while let Some(opened) = opening.join_next().await {
        ledgers.push(Arc::new(opened.expect("task").expect("open")));
    }
    let none = ledgers[0].balance(&alice()).await;
    assert!(matches!(&none, Err(StoreError::NotFound(m)) if m.message == "there is no default workspace"), "{none:?}");
    ledgers[0].ensure_default("alice".into(), PlanCatalogue::default(), t0()).await.expect("default");
    let nope = ledgers[1].workspace(Some("nope".into())).await;
    assert!(matches!(&nope, Err(StoreError::NotFound(m)) if m.message == "workspace 'nope' not found"), "{nope:?}");
    ledgers
}

async fn count(server: &PgServer, db: &str, sql: &str) -> i64 {
    let (client, conn) = server.config(db).connect(tokio_postgres::NoTls).await.expect("connect");
    tokio::spawn(conn);
    client.query_one(sql, &[]).await.expect("count").get(0)
}

/// Daemons starting together migrate once; 150 debits spread over three daemons spend exactly
/// the balance, and every daemon's `verify` is clean.
async fn migrate_once_and_racing_debits(server: &PgServer) {
    let ledgers = daemons(server, "racing_debits").await;
    // Each migration applied once, whichever daemon came first.
    let latest = i64::try_from(credits_pg::migrate::latest()).expect("a small count");
    assert_eq!(count(server, "racing_debits", "SELECT COUNT(*) FROM schema_migrations").await, latest);
    let mut tasks = JoinSet::new();
    for i in 0..150 {
        let l = ledgers[i % 3].clone();
        tasks.spawn(async move { l.debit(debit(10), t0()).await });
    }
    let (mut ok, mut refused) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        match done.expect("task") {
            Ok(_) => ok += 1,
            Err(StoreError::PaymentRequired { .. }) => refused += 1,
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!((ok, refused), (50, 100));
    for l in &ledgers {
        assert_eq!(l.balance(&alice()).await.expect("balance").spendable, Credits::ZERO);
        let report = l.verify().await.expect("verify");
        assert!(report.ok(), "{:?}", report.problems);
    }
}

/// Every daemon's timer fires at the month boundary: one rollover, one grant per seat.
async fn one_rollover(server: &PgServer) {
    let ledgers = daemons(server, "one_rollover").await;
    let plans = PlanCatalogue::default();
    ledgers[1].add_seat(None, "bob".into(), plans.clone(), Actor::Daemon, t0()).await.expect("seat");
    let dec: Timestamp = "2026-12-01T00:00:01Z".parse().expect("instant");
    let mut tasks = JoinSet::new();
    for i in 0..9 {
        let (l, plans) = (ledgers[i % 3].clone(), plans.clone());
        tasks.spawn(async move { l.rollover("default".into(), plans, Actor::Daemon, Arc::new(move || dec)).await });
    }
    let mut rolled = 0;
    while let Some(done) = tasks.join_next().await {
        if done.expect("task").expect("rollover").is_some() {
            rolled += 1;
        }
    }
    assert_eq!(rolled, 1, "exactly one daemon rolled the month over");
    let grants = HistoryQuery {
        kind: Some(EntryKind::Grant),
        since: Some(dec - SignedDuration::from_secs(1)),
        ..Default::default()
    };
    assert_eq!(ledgers[2].history(None, grants).await.expect("history").len(), 2, "one grant per seat");
    assert!(ledgers[0].verify().await.expect("verify").ok());
}

/// Ten `ensure` calls spread over the daemons buy once; a purchase confirmed by every daemon at
/// once (different events) is credited once.
async fn one_purchase(server: &PgServer) {
    let ledgers = daemons(server, "one_purchase").await;
    let mut tasks = JoinSet::new();
    for i in 0..10 {
        let l = ledgers[i % 3].clone();
        let new = purchase(&format!("pur_{i}"), PurchaseOrigin::Ensure);
        tasks.spawn(async move { l.ensure(alice(), credits(1000), new, t0()).await });
    }
    let mut created = Vec::new();
    while let Some(done) = tasks.join_next().await {
        match done.expect("task").expect("ensure") {
            EnsureDecision::Created { purchase, .. } => created.push(purchase.id),
            EnsureDecision::InFlight { .. } => {}
            EnsureDecision::Sufficient { .. } => panic!("500 credits are below the minimum of 1000"),
        }
    }
    assert_eq!(created.len(), 1, "one purchase: {created:?}");
    let id = created.remove(0);
    let mut tasks = JoinSet::new();
    for (i, l) in ledgers.iter().enumerate() {
        let (l, id) = (l.clone(), id.clone());
        let ev = EventRef { id: format!("evt_{i}"), type_: "payment_intent.succeeded".into() };
        let t = Transition::Succeeded { payment_intent: Some("pi_1".into()) };
        tasks.spawn(async move { l.apply_purchase(id, t, Some(ev), t0()).await });
    }
    let mut credited = 0;
    while let Some(done) = tasks.join_next().await {
        if done.expect("task").expect("apply").0.credited.is_some() {
            credited += 1;
        }
    }
    assert_eq!(credited, 1);
    assert_eq!(ledgers[2].balance(&alice()).await.expect("balance").topup.remaining, credits(1000));
    assert_eq!(count(server, "one_purchase", "SELECT COUNT(*) FROM purchases").await, 1);
}

/// A hold made on one daemon is settled on a second; another, expired by two daemons at once, is
/// released once.
async fn holds_across_daemons(server: &PgServer) {
    let ledgers = daemons(server, "holds_across").await;
    let hold = |id: &str, n: i64| NewHold {
        workspace: None,
        seat: Some("alice".into()),
        user: None,
        id: id.into(),
        amount: credits(n),
        ttl: SignedDuration::from_mins(5),
        memo: None,
        idempotency_key: None,
        key_owner: KeyOwner::Workspace,
        actor: Actor::Seat("alice".into()),
    };
    ledgers[0].hold(hold("hold_a", 100), t0()).await.expect("hold");
    let s = ledgers[1]
        .settle(Owner::default(), "hold_a".into(), credits(40), None, Actor::Cli("alice".into()), t0())
        .await
        .expect("settle on another daemon");
    assert_eq!(s.value.balance.spendable, credits(460));
    ledgers[0].hold(hold("hold_b", 200), t0()).await.expect("hold");
    let later = t0() + SignedDuration::from_mins(6);
    let (b, c) = (ledgers[1].clone(), ledgers[2].clone());
    let (x, y) = tokio::join!(b.expire_holds(later), c.expire_holds(later));
    assert_eq!(x.expect("expire").len() + y.expect("expire").len(), 1, "expired once");
    assert_eq!(ledgers[0].balance(&alice()).await.expect("balance").spendable, credits(460));
    assert!(ledgers[0].verify().await.expect("verify").ok());
}

#[test]
fn invariants_hold_across_daemons() {
    let Some(server) = PgServer::start_or_skip("the several-daemons PostgreSQL test") else { return };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(async {
        migrate_once_and_racing_debits(&server).await;
        one_rollover(&server).await;
        one_purchase(&server).await;
        holds_across_daemons(&server).await;
    });
}
