//! The backend conformance suite: scenarios written once against the [`Ledger`] service, run
//! against every backend (SQLite today, in `conformance_tests.rs`). A new backend passes when
//! each scenario passes on a fresh ledger of its own.
//!
//! The invariants the SQLite schema enforces with triggers (the journal is append-only, balances
//! never go negative) are checked here through the service, so a backend that states them
//! differently is held to the same behaviour.

use std::sync::Arc;

use credits_core::keys::KeyScope;
use credits_core::limits::LimitKind::{self, SeatTopupMonthly, WorkspaceTopupMonthly};
use credits_core::purchase::{PurchaseKind, PurchaseOrigin, PurchaseState};
use credits_core::{Actor, Cents, Credits, PlanCatalogue};
use jiff::{SignedDuration, Timestamp};

use crate::error::StoreError;
use crate::history::HistoryQuery;
use crate::holds::{NewHold, Owner};
use crate::idempotency::KeyOwner;
use crate::ledger::DebitRequest;
use crate::purchases::{NewPurchase, Transition};
use crate::service::{EventRef, Ledger, NewKey, NewWorkspace, Scope};

/// A fresh ledger for one scenario, and a way to forge its journal behind the service's back.
pub trait Backend {
    fn ledger(&self) -> Arc<dyn Ledger>;
    /// Changes one journal entry's amount without going through the ledger (a forged row).
    fn tamper(&self);
    /// Re-attributes the newest journal entry to another actor behind the ledger's back.
    fn tamper_actor(&self);
}

/// The instant every scenario starts at.
pub fn start() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().expect("a valid instant")
}

/// Whole credits.
pub fn credits(n: i64) -> Credits {
    Credits::from_millis(n * Credits::SCALE)
}

/// The default workspace (free plan: 500 credits a month) with seat `alice`.
async fn setup(ledger: &dyn Ledger) {
    ledger.ensure_default("alice".into(), PlanCatalogue::default(), start()).await.expect("default workspace");
}

fn alice() -> Scope {
    Scope { workspace: None, seat: Some("alice".into()), user: None }
}

fn debit(amount: Credits, key: Option<&str>) -> DebitRequest {
    DebitRequest {
        workspace: None,
        seat: Some("alice".into()),
        user: None,
        amount,
        memo: Some("conformance".into()),
        idempotency_key: key.map(str::to_owned),
        key_owner: KeyOwner::Workspace,
        actor: Actor::Cli("alice".into()),
    }
}

/// Buys `dollars` of top-up credits (100 credits a dollar) and confirms the purchase.
async fn buy(ledger: &dyn Ledger, id: &str, dollars: i64) {
    let amount = Cents::new(dollars * 100);
    let new = NewPurchase {
        id: id.to_owned(),
        kind: PurchaseKind::Card,
        origin: PurchaseOrigin::Buy,
        amount,
        currency: "usd".into(),
        credits: amount.to_credits(100).expect("credits"),
        stripe_customer: Some("cus_conformance".into()),
        actor: Actor::Cli("alice".into()),
        idempotency_key: None,
    };
    ledger.create_purchase(None, new, start()).await.expect("purchase recorded");
    let t = Transition::Succeeded { payment_intent: Some(format!("pi_{id}")) };
    ledger.apply_purchase(id.to_owned(), t, None, start()).await.expect("purchase credited");
}

/// A debit takes included credits first, then top-up; one that does not fit is refused with
/// exactly what it needed and the unchanged balance.
pub async fn debit_split_and_402(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    buy(&*ledger, "pur_split", 20).await;
    let r = ledger.debit(debit(credits(400), None), start()).await.expect("fits in included");
    assert_eq!(r.receipt.entries.len(), 1);
    assert_eq!(r.receipt.balance.included.remaining, credits(100));
    assert_eq!(r.receipt.balance.topup.remaining, credits(2000));
    let r = ledger.debit(debit(credits(300), None), start()).await.expect("included then top-up");
    assert_eq!(r.receipt.entries.len(), 2, "one entry per pool");
    assert_eq!(r.receipt.entries[0].amount, credits(-100));
    assert_eq!(r.receipt.entries[1].amount, credits(-200));
    assert_eq!(r.receipt.balance.spendable, credits(1800));
    match ledger.debit(debit(credits(1801), None), start()).await {
        Err(StoreError::PaymentRequired { needed, balance, limit: None }) => {
            assert_eq!(needed, credits(1801));
            assert_eq!(balance.spendable, credits(1800));
        }
        other => panic!("expected payment_required, got {other:?}"),
    }
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(1800));
    let check = ledger.check(&alice(), credits(1800)).await.expect("check");
    assert!(check.fits);
    assert!(!ledger.check(&alice(), credits(1801)).await.expect("check").fits);
}

/// No sequence of debits and holds takes a pool below zero.
pub async fn never_negative(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    for amount in [300, 150, 100, 60, 1] {
        let _ = ledger.debit(debit(credits(amount), None), start()).await;
        let bal = ledger.balance(&alice()).await.expect("balance");
        assert!(bal.included.remaining.millis() >= 0 && bal.topup.remaining.millis() >= 0, "{bal:?}");
    }
    let bal = ledger.balance(&alice()).await.expect("balance");
    assert_eq!(bal.spendable, credits(49));
    assert!(matches!(
        ledger.debit(debit(Credits::from_millis(0), None), start()).await,
        Err(StoreError::InvalidInput(_))
    ));
    assert!(matches!(ledger.debit(debit(credits(-5), None), start()).await, Err(StoreError::InvalidInput(_))));
}

/// A repeated idempotency key answers the first receipt and writes nothing; the same key with
/// another amount is refused.
pub async fn idempotency_replay_and_mismatch(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    let first = ledger.debit(debit(credits(10), Some("k-1")), start()).await.expect("first");
    assert!(!first.replayed);
    let again = ledger.debit(debit(credits(10), Some("k-1")), start()).await.expect("replay");
    assert!(again.replayed);
    assert_eq!(again.receipt, first.receipt);
    assert!(matches!(ledger.debit(debit(credits(11), Some("k-1")), start()).await, Err(StoreError::Idempotency(_))));
    let q = HistoryQuery { kind: Some(credits_core::EntryKind::Debit), ..HistoryQuery::default() };
    assert_eq!(ledger.history(None, q).await.expect("history").len(), 1, "written once");
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(490));
}

fn hold(id: &str, amount: Credits, ttl: SignedDuration) -> NewHold {
    NewHold {
        workspace: None,
        seat: Some("alice".into()),
        user: None,
        id: id.to_owned(),
        amount,
        ttl,
        memo: None,
        idempotency_key: None,
        key_owner: KeyOwner::Workspace,
        actor: Actor::Seat("alice".into()),
    }
}

/// A hold reserves, settle consumes part and gives the rest back, release gives all back, and an
/// expired hold is released by the expiry pass.
pub async fn holds_arithmetic_and_expiry(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    let ttl = SignedDuration::from_mins(5);
    let h = ledger.hold(hold("hold_a", credits(100), ttl), start()).await.expect("hold");
    assert_eq!(h.value.balance.spendable, credits(400));
    let s = ledger
        .settle(Owner::default(), "hold_a".into(), credits(30), None, Actor::Cli("alice".into()), start())
        .await
        .expect("settle");
    assert_eq!(s.value.hold.settled, credits(30));
    assert_eq!(s.value.hold.released, credits(70));
    assert_eq!(s.value.balance.spendable, credits(470));
    ledger.hold(hold("hold_b", credits(50), ttl), start()).await.expect("hold");
    let r = ledger
        .release(Owner::default(), "hold_b".into(), None, Actor::Cli("alice".into()), start())
        .await
        .expect("release");
    assert_eq!(r.value.balance.spendable, credits(470));
    ledger.hold(hold("hold_c", credits(200), ttl), start()).await.expect("hold");
    assert_eq!(ledger.open_holds().await.expect("count"), 1);
    assert_eq!(ledger.next_hold_expiry().await.expect("next"), Some(start() + ttl));
    assert!(ledger.expire_holds(start()).await.expect("nothing due").is_empty());
    let expired = ledger.expire_holds(start() + SignedDuration::from_mins(6)).await.expect("expire");
    assert_eq!(expired.len(), 1);
    assert_eq!(ledger.open_holds().await.expect("count"), 0);
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(470));
    assert!(matches!(
        ledger.hold(hold("hold_d", credits(471), ttl), start()).await,
        Err(StoreError::PaymentRequired { .. })
    ));
}

/// Open holds list soonest to expire first, page by page through the cursor, only open ones, and
/// only the named seat's when the owner names one.
pub async fn holds_listed_open_and_paged(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    for (id, mins) in [("hold_late", 30), ("hold_soon", 5), ("hold_mid", 10), ("hold_gone", 1)] {
        ledger.hold(hold(id, credits(10), SignedDuration::from_mins(mins)), start()).await.expect("hold");
    }
    ledger
        .release(Owner::default(), "hold_gone".into(), None, Actor::Cli("alice".into()), start())
        .await
        .expect("release");
    let ids = |holds: &[crate::holds::Hold]| holds.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    let all = ledger.list_holds(Owner::default(), None, 10).await.expect("list");
    assert_eq!(ids(&all), ["hold_soon", "hold_mid", "hold_late"]);
    let first = ledger.list_holds(Owner::default(), None, 2).await.expect("page 1");
    let cursor = crate::holds::list_cursor(first.last().expect("a hold"));
    let rest = ledger.list_holds(Owner::default(), Some(cursor), 2).await.expect("page 2");
    assert_eq!(
        (ids(&first), ids(&rest)),
        (vec!["hold_soon".to_owned(), "hold_mid".into()], vec!["hold_late".to_owned()])
    );
    let alices = Owner { workspace: None, seat: Some("alice".into()) };
    assert_eq!(ledger.list_holds(alices, None, 10).await.expect("alice's").len(), 3);
    let nobody = Owner { workspace: None, seat: Some("nobody".into()) };
    assert!(matches!(ledger.list_holds(nobody, None, 10).await, Err(StoreError::NotFound(_))));
}

/// A workspace months behind catches up in one rollover, which happens once.
pub async fn rollover_once_and_catch_up(b: &dyn Backend) {
    let ledger = b.ledger();
    let created: Timestamp = "2026-09-15T10:00:00Z".parse().expect("instant");
    let plans = PlanCatalogue::default();
    let new = NewWorkspace {
        name: "acme".into(),
        plan: "free".into(),
        tz: "UTC".into(),
        first_seat: "bob".into(),
        actor: Actor::Cli("alice".into()),
    };
    ledger.create_workspace(new, plans.clone(), created).await.expect("workspace");
    let bob = Scope { workspace: Some("acme".into()), seat: Some("bob".into()), user: None };
    let mut req = debit(credits(120), None);
    (req.workspace, req.seat) = (Some("acme".into()), Some("bob".into()));
    ledger.debit(req, created).await.expect("debit");
    let due = ledger.rollovers_due(start()).await.expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].period, "2026-09");
    let now = start();
    let report =
        ledger.rollover("acme".into(), plans.clone(), Actor::Daemon, Arc::new(move || now)).await.expect("rollover");
    let report = report.expect("a rollover was due");
    assert_eq!((report.from_period.as_str(), report.to_period.as_str()), ("2026-09", "2026-11"));
    assert_eq!(report.expired, credits(380));
    assert_eq!(report.granted, credits(500));
    let again = ledger.rollover("acme".into(), plans, Actor::Daemon, Arc::new(move || now)).await.expect("rollover");
    assert!(again.is_none(), "exactly once");
    assert!(ledger.rollovers_due(start()).await.expect("due").is_empty());
    let bal = ledger.balance(&bob).await.expect("balance");
    assert_eq!((bal.period.as_str(), bal.spendable), ("2026-11", credits(500)));
}

/// However often Stripe confirms a purchase, and whichever event says so, it is credited once.
pub async fn purchase_credited_once(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    buy(&*ledger, "pur_once", 10).await;
    let t = Transition::Succeeded { payment_intent: Some("pi_pur_once".into()) };
    let (applied, _) = ledger.apply_purchase("pur_once".into(), t.clone(), None, start()).await.expect("again");
    assert!(!applied.changed && applied.credited.is_none());
    let ev = EventRef { id: "evt_1".into(), type_: "payment_intent.succeeded".into() };
    let (_, fresh) = ledger.apply_purchase("pur_once".into(), t.clone(), Some(ev.clone()), start()).await.expect("ev");
    assert!(fresh);
    let (_, fresh) = ledger.apply_purchase("pur_once".into(), t, Some(ev), start()).await.expect("ev again");
    assert!(!fresh, "a repeated event is recognised");
    let p = ledger.purchase("pur_once".into()).await.expect("purchase");
    assert_eq!(p.state, PurchaseState::Succeeded);
    assert_eq!(ledger.balance(&alice()).await.expect("balance").topup.remaining, credits(1000));
    let q = HistoryQuery { kind: Some(credits_core::EntryKind::Purchase), ..HistoryQuery::default() };
    assert_eq!(ledger.history(None, q).await.expect("history").len(), 1);
}

fn keyed_purchase(id: &str, kind: PurchaseKind, origin: PurchaseOrigin, cents: i64, key: &str) -> NewPurchase {
    let amount = Cents::new(cents);
    NewPurchase {
        id: id.to_owned(),
        kind,
        origin,
        amount,
        currency: "usd".into(),
        credits: amount.to_credits(100).expect("credits"),
        stripe_customer: Some("cus_conformance".into()),
        actor: Actor::Key("ci".into()),
        idempotency_key: Some(key.to_owned()),
    }
}

/// A purchase's idempotency key records one purchase however often (and however concurrently)
/// it is sent: the same request answers the first purchase, another amount or kind is refused,
/// and `ensure` with the key answers that purchase instead of buying again.
pub async fn purchase_idempotency_key_buys_once(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    let (card, buy) = (PurchaseKind::Card, PurchaseOrigin::Buy);
    let first = ledger.create_purchase(None, keyed_purchase("pur_a", card, buy, 2000, "k1"), start()).await;
    assert_eq!(first.expect("recorded").id, "pur_a");
    let again = ledger.create_purchase(None, keyed_purchase("pur_b", card, buy, 2000, "k1"), start()).await;
    assert_eq!(again.expect("replayed").id, "pur_a", "the same key answers the first purchase");
    for other in [
        keyed_purchase("pur_c", card, buy, 3000, "k1"),
        keyed_purchase("pur_d", PurchaseKind::Checkout, buy, 2000, "k1"),
    ] {
        let refused = ledger.create_purchase(None, other, start()).await;
        assert!(matches!(refused, Err(StoreError::Idempotency(_))), "{refused:?}");
    }
    assert_eq!(
        ledger.purchase_by_key(None, "k1".into()).await.expect("lookup").map(|p| p.id).as_deref(),
        Some("pur_a")
    );
    assert!(ledger.purchase_by_key(None, "k2".into()).await.expect("lookup").is_none());

    // `ensure` under a used key answers that purchase, even though credits are short.
    let new = keyed_purchase("pur_e", card, PurchaseOrigin::Ensure, 2000, "k1");
    match ledger.ensure(alice(), credits(1_000_000), new, start()).await.expect("ensure") {
        crate::purchases::EnsureDecision::Created { purchase, .. } => assert_eq!(purchase.id, "pur_a"),
        other => panic!("expected the earlier purchase, got {other:?}"),
    }

    // Racing requests under one new key: one purchase.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..10 {
        let ledger = ledger.clone();
        let new = keyed_purchase(&format!("pur_race{i}"), card, buy, 2000, "race");
        tasks.spawn(async move { ledger.create_purchase(None, new, start()).await });
    }
    let mut ids = std::collections::BTreeSet::new();
    while let Some(done) = tasks.join_next().await {
        ids.insert(done.expect("task").expect("recorded").id);
    }
    assert_eq!(ids.len(), 1, "{ids:?}");
    let all = ledger.purchases(None, None, 100).await.expect("purchases");
    assert_eq!(all.len(), 2, "one purchase per key: {all:?}");
}

/// Many tasks debiting at once spend exactly the balance: no lost update, no overdraft.
pub async fn concurrent_debits(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..60 {
        let ledger = ledger.clone();
        tasks.spawn(async move { ledger.debit(debit(credits(10), None), start()).await });
    }
    let (mut ok, mut refused) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        match done.expect("task") {
            Ok(_) => ok += 1,
            Err(StoreError::PaymentRequired { .. }) => refused += 1,
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    assert_eq!((ok, refused), (50, 10));
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, Credits::from_millis(0));
}

/// A batch decides each debit on its own, in order: a refused, malformed or conflicting one is
/// answered alone and writes nothing, a repeated key replays, the rest are debited; too big a
/// batch is refused whole.
pub async fn debit_each_decides_each(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    ledger.debit(debit(credits(5), Some("seen")), start()).await.expect("first keyed debit");
    let mut nobody = debit(credits(1), None);
    nobody.seat = Some("nobody".into());
    let reqs = vec![
        debit(credits(100), None),
        debit(credits(396), None),
        debit(credits(1), None),
        debit(Credits::from_millis(0), None),
        debit(credits(5), Some("seen")),
        debit(credits(6), Some("seen")),
        nobody,
    ];
    let results = ledger.debit_each(reqs, start()).await.expect("batch");
    assert_eq!(results.len(), 7);
    assert!(matches!(&results[0], Ok(d) if !d.replayed && d.receipt.balance.spendable == credits(395)));
    // 500 − 5 − 100 = 395 left, so 396 does not fit and the one after it does.
    assert!(matches!(&results[1], Err(StoreError::PaymentRequired { needed, .. }) if *needed == credits(396)));
    assert!(matches!(&results[2], Ok(d) if d.receipt.balance.spendable == credits(394)));
    assert!(matches!(&results[3], Err(StoreError::InvalidInput(_))));
    assert!(matches!(&results[4], Ok(d) if d.replayed));
    assert!(matches!(&results[5], Err(StoreError::Idempotency(_))), "{:?}", results[5]);
    assert!(matches!(&results[6], Err(StoreError::NotFound(_))), "{:?}", results[6]);
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(394));
    let report = ledger.verify().await.expect("verify");
    assert!(report.ok(), "{:?}", report.problems);
    let too_many = (0..=crate::ledger::MAX_BATCH).map(|_| debit(Credits::from_millis(1), None)).collect();
    assert!(matches!(ledger.debit_each(too_many, start()).await, Err(StoreError::InvalidInput(_))));
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(394));
}

/// `verify` passes on an untouched ledger and finds a forged journal entry.
pub async fn verify_clean_and_tamper_found(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    buy(&*ledger, "pur_v", 5).await;
    ledger.debit(debit(credits(520), None), start()).await.expect("debit");
    let report = ledger.verify().await.expect("verify");
    assert!(report.ok(), "{:?}", report.problems);
    b.tamper();
    let report = ledger.verify().await.expect("verify");
    assert!(!report.ok(), "the forged entry was not found");
}

/// Every entry names who wrote it (the caller's actor, the daemon for its own jobs), and the hash
/// chain covers it: re-attributing an entry is found by `verify`.
pub async fn actor_recorded_and_tamper_found(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    buy(&*ledger, "pur_a", 1).await;
    ledger.hold(hold("hold_a", credits(5), SignedDuration::from_mins(5)), start()).await.expect("hold");
    ledger.debit(debit(credits(1), None), start()).await.expect("debit");
    let actors: Vec<Option<String>> = ledger
        .history(None, HistoryQuery::default())
        .await
        .expect("history")
        .into_iter()
        .map(|e| e.actor.map(|a| a.to_string()))
        .collect();
    let want = ["cli:alice", "seat:alice", "cli:alice", "daemon"].map(|a| Some(a.to_owned()));
    assert_eq!(actors, want, "newest first: debit, hold, the purchase (its buyer), the first seat's grant");
    assert!(ledger.verify().await.expect("verify").ok());
    b.tamper_actor();
    let report = ledger.verify().await.expect("verify");
    assert!(!report.ok(), "the re-attributed entry was not found");
}

/// API keys: found by their hash only, names unique per workspace, revoking removes the key and a
/// second revoke is not found.
pub async fn api_keys_unique_found_by_hash_and_revoked(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    let hash = "ab".repeat(32);
    let key = |name: &str, hash: &str| NewKey {
        name: name.into(),
        hash: hash.into(),
        scopes: vec![KeyScope::Spend, KeyScope::Read],
        expires_at: None,
    };
    let made = ledger.create_key(None, key("ci", &hash), start()).await.expect("create");
    assert_eq!(made.scopes, vec![KeyScope::Spend, KeyScope::Read]);
    let dup = ledger.create_key(None, key("ci", &"cd".repeat(32)), start()).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let (found, stored) = ledger.key_by_token(&hash).await.expect("lookup").expect("found");
    assert_eq!((found.name.as_str(), stored.as_str()), ("ci", hash.as_str()));
    assert!(ledger.key_by_token(&"ef".repeat(32)).await.expect("lookup").is_none());
    assert_eq!(ledger.keys(None).await.expect("list").len(), 1);
    ledger.revoke_key(None, "ci".into()).await.expect("revoke");
    assert!(ledger.key_by_token(&hash).await.expect("lookup").is_none());
    let again = ledger.revoke_key(None, "ci".into()).await;
    assert!(matches!(again, Err(StoreError::NotFound(_))), "{again:?}");
}

/// The 402 of a limit: the limit's kind, size and what the month used of it.
fn refused_by<T: std::fmt::Debug>(r: Result<T, StoreError>) -> (LimitKind, Credits, Credits) {
    match r {
        Err(StoreError::PaymentRequired { limit: Some(l), .. }) => (l.kind, l.limit, l.used),
        other => panic!("expected a limit's payment_required, got {other:?}"),
    }
}

fn seat_debit(seat: &str, amount: Credits) -> DebitRequest {
    DebitRequest { seat: Some(seat.into()), ..debit(amount, None) }
}

/// Debits `n` one-credit debits of `seats` (round robin) at once; how many succeeded.
async fn race(ledger: &Arc<dyn Ledger>, seats: &[&str], n: usize, now: Timestamp) -> usize {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let (ledger, req) = (ledger.clone(), seat_debit(seats[i % seats.len()], credits(1)));
        tasks.spawn(async move { ledger.debit(req, now).await });
    }
    let mut ok = 0;
    while let Some(done) = tasks.join_next().await {
        match done.expect("task") {
            Ok(_) => ok += 1,
            Err(StoreError::PaymentRequired { limit: Some(_), .. }) => {}
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    ok
}

/// A seat's monthly top-up limit holds exactly under concurrent debits while the pool has plenty;
/// `0` allows included credits only; a workspace budget holds across seats; clearing lifts them.
pub async fn topup_limits_exact(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    buy(&*ledger, "pur_limits", 50).await;
    ledger.debit(debit(credits(500), None), start()).await.expect("included drained");
    let info = ledger.set_seat_limit(None, "alice".into(), Some(credits(50))).await.expect("limit");
    assert_eq!((info.topup_limit_per_month, info.topup_used_this_month), (Some(credits(50)), credits(0)));
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(50), "capped by the limit");
    assert_eq!(race(&ledger, &["alice"], 100, start()).await, 50, "exactly the limit, never more");
    let bal = ledger.balance(&alice()).await.expect("balance");
    assert_eq!((bal.topup.remaining, bal.spendable), (credits(4950), credits(0)));
    assert_eq!(
        refused_by(ledger.debit(debit(credits(1), None), start()).await),
        (SeatTopupMonthly, credits(50), credits(50))
    );
    assert!(!ledger.check(&alice(), credits(1)).await.expect("check").fits);

    ledger.set_seat_limit(None, "alice".into(), Some(credits(0))).await.expect("included only");
    assert_eq!(
        refused_by(ledger.debit(debit(credits(1), None), start()).await),
        (SeatTopupMonthly, credits(0), credits(50))
    );
    ledger.set_seat_limit(None, "alice".into(), None).await.expect("cleared");
    ledger.debit(debit(credits(1), None), start()).await.expect("no limit: the pool pays");

    // The budget counts every seat's draw this month: alice's 51 so far.
    for seat in ["bob", "cy", "dee", "eve"] {
        ledger
            .add_seat(None, seat.into(), PlanCatalogue::default(), Actor::Cli("alice".into()), start())
            .await
            .expect("seat");
        ledger.debit(seat_debit(seat, credits(500)), start()).await.expect("included drained");
    }
    let ws = ledger.set_topup_budget(None, Some(credits(101))).await.expect("budget");
    assert_eq!((ws.topup_budget_per_month, ws.topup_used_this_month), (Some(credits(101)), credits(51)));
    let seats = ["alice", "bob", "cy", "dee", "eve"];
    assert_eq!(race(&ledger, &seats, 100, start()).await, 50, "exactly the budget across seats");
    let all = ledger.balances(None, None, 10).await.expect("balances");
    assert_eq!(all.topup_used_this_month, credits(101));
    assert_eq!(all.seats.iter().map(|s| s.topup_used_this_month.millis()).sum::<i64>(), credits(101).millis());
    assert_eq!(
        refused_by(ledger.debit(seat_debit("bob", credits(1)), start()).await),
        (WorkspaceTopupMonthly, credits(101), credits(101))
    );
    ledger.set_topup_budget(None, None).await.expect("cleared");
    ledger.debit(seat_debit("bob", credits(1)), start()).await.expect("no budget: the pool pays");
    assert!(ledger.verify().await.expect("verify").ok());
}

/// An open hold counts against the limit; a release, or a settle's unused part, gives it back
/// within the month; a new month starts the limit afresh, and a hold of the old month released
/// in the new one takes nothing back from it.
pub async fn topup_limits_holds_and_month(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    buy(&*ledger, "pur_limits", 50).await;
    ledger.debit(debit(credits(500), None), start()).await.expect("included drained");
    ledger.set_seat_limit(None, "alice".into(), Some(credits(50))).await.expect("limit");
    let ttl = SignedDuration::from_hours(1);
    ledger.hold(hold("hold_1", credits(30), ttl), start()).await.expect("hold");
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(20));
    assert_eq!(
        refused_by(ledger.hold(hold("hold_2", credits(21), ttl), start()).await),
        (SeatTopupMonthly, credits(50), credits(30))
    );
    let who = Actor::Cli("alice".into());
    ledger.release(Owner::default(), "hold_1".into(), None, who.clone(), start()).await.expect("release");
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(50), "given back");
    ledger.hold(hold("hold_3", credits(40), ttl), start()).await.expect("hold");
    ledger.settle(Owner::default(), "hold_3".into(), credits(15), None, who.clone(), start()).await.expect("settle");
    assert_eq!(ledger.balance(&alice()).await.expect("balance").spendable, credits(35), "15 consumed, 25 back");
    let late_november: Timestamp = "2026-11-28T00:00:00Z".parse().expect("instant");
    let week = SignedDuration::from_hours(24 * 7);
    ledger.hold(hold("hold_old", credits(35), week), late_november).await.expect("the rest, held into December");

    // December: the counter starts afresh (after the new grant is spent).
    let december: Timestamp = "2026-12-01T00:00:01Z".parse().expect("instant");
    ledger
        .rollover("default".into(), PlanCatalogue::default(), Actor::Daemon, Arc::new(move || december))
        .await
        .expect("rollover")
        .expect("a rollover was due");
    ledger.debit(debit(credits(500), None), december).await.expect("December's included drained");
    let bal = ledger.balance(&alice()).await.expect("balance");
    assert_eq!(bal.limits[0].used, credits(0), "{bal:?}");
    ledger.release(Owner::default(), "hold_old".into(), None, who, december).await.expect("old hold released");
    let bal = ledger.balance(&alice()).await.expect("balance");
    assert_eq!((bal.limits[0].used, bal.spendable), (credits(0), credits(50)), "November's hold takes nothing back");
    assert_eq!(race(&ledger, &["alice"], 60, december).await, 50);
    assert!(ledger.verify().await.expect("verify").ok());
}

/// What each active seat consumed in each window: usage entries of both pools in `[from, to)`,
/// a hold's settle and release netted against it, never below zero; other seats, removed seats
/// and entries outside the window do not count.
pub async fn consumption_per_seat_and_window(b: &dyn Backend) {
    let ledger = b.ledger();
    setup(&*ledger).await;
    let day = SignedDuration::from_hours(24);
    let plans = PlanCatalogue::default();
    let cli = || Actor::Cli("alice".into());
    for name in ["bob", "cy"] {
        ledger.add_seat(None, name.into(), plans.clone(), cli(), start()).await.expect("seat");
    }
    let of = |seat: &str, amount: i64| DebitRequest { seat: Some(seat.into()), ..debit(credits(amount), None) };
    ledger.debit(of("alice", 10), start()).await.expect("debit");
    ledger.debit(of("alice", 20), start() + day).await.expect("debit");
    ledger.debit(of("bob", 5), start() + day).await.expect("debit");
    ledger.debit(of("cy", 7), start() + day).await.expect("debit");
    ledger.remove_seat(None, "cy".into(), cli(), start() + day).await.expect("removed");
    // A hold of 100 on day 2, settled at 30 an hour later: 70 come back.
    ledger.hold(hold("hold_w", credits(100), SignedDuration::from_mins(90)), start() + day * 2).await.expect("hold");
    let later = start() + day * 2 + SignedDuration::from_hours(1);
    ledger.settle(Owner::default(), "hold_w".into(), credits(30), None, cli(), later).await.expect("settle");
    let w = |from: Timestamp, to: Timestamp| crate::usage::Window { from, to };
    let windows = vec![
        w(start(), start() + day),
        w(start() + day, start() + day * 3),
        w(start() + day * 2 + SignedDuration::from_mins(30), start() + day * 3),
        w(start() + day * 5, start() + day * 6),
    ];
    let c = ledger.consumption(None, windows).await.expect("consumption");
    assert_eq!(c.info.period, "2026-11");
    assert_eq!(c.topup, Credits::ZERO);
    let seats: Vec<(&str, Vec<i64>)> =
        c.seats.iter().map(|s| (s.balance.seat.as_str(), s.used.iter().map(|u| u.millis() / 1000).collect())).collect();
    // alice: 10 on day 0 (the day-1 debit is outside the half-open window); 20 + (100 − 70) in
    // days 1–2; in the last half of day 2 only the settle (0) and the release (+70): nothing.
    assert_eq!(seats, vec![("alice", vec![10, 50, 0, 0]), ("bob", vec![0, 5, 0, 0])]);
    assert_eq!(c.seats[0].balance.included.remaining, credits(440));
}

/// Notifications: a low-balance alert fires `balance.low` once per downward crossing (20
/// concurrent debits below it, one event) and re-arms when credits arrive; a credited purchase
/// and a rollover write their events in their own transaction; a delivery is claimed by one
/// worker at a time, retried and logged; `balance.depleted` is written once until credits arrive.
pub async fn notifications_outbox_and_alerts(b: &dyn Backend) {
    use crate::notify::{AttemptOutcome, NewEndpoint, NewEvent, Refusal};
    let ledger = b.ledger();
    setup(&*ledger).await;
    let ep = NewEndpoint {
        id: "we_conf".into(),
        url: "http://127.0.0.1:9/hook".into(),
        events: Vec::new(),
        secret: "whsec_conformance".into(),
    };
    let added = ledger.webhook_add(None, ep, start()).await.expect("endpoint added");
    assert!(added.events.is_empty());
    assert_eq!(ledger.webhooks(None).await.expect("list").len(), 1);
    let alert = ledger.set_alert(None, Some("alice".into()), Some(credits(300)), start()).await.expect("alert");
    assert!(alert.expect("the alert").armed);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let ledger = ledger.clone();
        tasks.spawn(async move { ledger.debit(debit(credits(20), None), start()).await });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task").expect("debit");
    }
    let now_ms = start().as_millisecond();
    let due = ledger.claim_deliveries(now_ms, 60_000, 100).await.expect("claim");
    let low: Vec<_> = due.iter().filter(|d| d.kind == "balance.low").collect();
    assert_eq!(low.len(), 1, "{due:?}");
    let data: serde_json::Value = serde_json::from_str(&low[0].data).expect("JSON data");
    assert_eq!(data["threshold"], "300.000", "{data}");
    assert_eq!(data["seat"], "alice", "{data}");
    assert!(ledger.claim_deliveries(now_ms, 60_000, 100).await.expect("claim").is_empty(), "leased");
    let alerts = ledger.alerts(None).await.expect("alerts");
    assert!(!alerts[0].armed);
    // A retry later, then success; the log keeps both.
    let (ev, epid) = (low[0].event_id.clone(), low[0].endpoint_id.clone());
    let failed = AttemptOutcome {
        event_id: ev.clone(),
        endpoint_id: epid.clone(),
        at: now_ms,
        status: Some(500),
        error: None,
        duration_ms: 3,
        delivered: false,
        next_at: Some(now_ms + 1000),
    };
    ledger.record_attempt(failed.clone()).await.expect("attempt");
    assert!(ledger.claim_deliveries(now_ms + 10, 60_000, 100).await.expect("claim").is_empty());
    let again = ledger.claim_deliveries(now_ms + 1000, 60_000, 100).await.expect("claim");
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    let ok = AttemptOutcome { status: Some(200), delivered: true, next_at: None, ..failed };
    ledger.record_attempt(ok).await.expect("attempt");
    let log = ledger.delivery_log(None, epid.clone(), 100).await.expect("log");
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].attempt, log[0].state.as_str()), (2, "delivered"));
    let stats = ledger.outbox_stats().await.expect("stats");
    assert_eq!(stats.delivered, 1);
    assert_eq!(ledger.replay_event(None, ev).await.expect("replay"), 1);
    // Credits arriving re-arm the alert; the purchase sends `topup.succeeded`.
    buy(&*ledger, "pur_notify", 10).await;
    assert!(ledger.alerts(None).await.expect("alerts")[0].armed);
    let due = ledger.claim_deliveries(now_ms + 2000, 60_000, 100).await.expect("claim");
    let kinds: Vec<&str> = due.iter().map(|d| d.kind.as_str()).collect();
    assert!(kinds.contains(&"topup.succeeded") && kinds.contains(&"balance.low"), "{kinds:?}");
    // Depleted once until credits arrive.
    let note = |r| ledger.note_refusal(None, "alice".into(), r, "{}".into(), start());
    assert!(note(Refusal::Depleted).await.expect("first"));
    assert!(!note(Refusal::Depleted).await.expect("second"));
    assert!(note(Refusal::Limit).await.expect("limit"));
    let test =
        NewEvent { kind: "webhook.test".into(), data: "{}".into(), endpoint: Some("we_conf".into()), dedup: None };
    ledger.emit(None, test, start()).await.expect("test event");
    let once = NewEvent {
        kind: "auto_topup.capped".into(),
        data: "{}".into(),
        endpoint: None,
        dedup: Some("capped:2026-11".into()),
    };
    let first = ledger.emit(None, once.clone(), start()).await.expect("first");
    assert_eq!(ledger.emit(None, once, start()).await.expect("again"), first, "written once per key");
    ledger.webhook_remove(None, "we_conf".into()).await.expect("removed");
    assert_eq!(ledger.outbox_stats().await.expect("stats").pending, 0);
    let later = start().as_second() + 3650 * 86_400;
    assert!(ledger.prune_outbox(later).await.expect("prune") > 0, "done deliveries and their log are pruned");
    assert!(ledger.delivery_log(None, epid.clone(), 100).await.is_err(), "nothing left of the endpoint");
    assert!(ledger.set_alert(None, Some("alice".into()), None, start()).await.expect("off").is_none());
}

/// Runs every scenario, each on a fresh ledger from `fresh`.
pub async fn run_all<B: Backend>(fresh: impl Fn() -> B) {
    debit_split_and_402(&fresh()).await;
    never_negative(&fresh()).await;
    idempotency_replay_and_mismatch(&fresh()).await;
    holds_arithmetic_and_expiry(&fresh()).await;
    holds_listed_open_and_paged(&fresh()).await;
    rollover_once_and_catch_up(&fresh()).await;
    purchase_credited_once(&fresh()).await;
    purchase_idempotency_key_buys_once(&fresh()).await;
    concurrent_debits(&fresh()).await;
    verify_clean_and_tamper_found(&fresh()).await;
    debit_each_decides_each(&fresh()).await;
    actor_recorded_and_tamper_found(&fresh()).await;
    api_keys_unique_found_by_hash_and_revoked(&fresh()).await;
    topup_limits_exact(&fresh()).await;
    topup_limits_holds_and_month(&fresh()).await;
    consumption_per_seat_and_window(&fresh()).await;
    notifications_outbox_and_alerts(&fresh()).await;
}
