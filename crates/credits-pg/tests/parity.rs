//! The same script of ledger operations against SQLite and PostgreSQL gives the same answers,
//! entry for entry, and the same hash-chain heads: both backends write and hash the same journal.

use std::sync::Arc;

use credits_core::purchase::{PurchaseKind, PurchaseOrigin};
use credits_core::{Actor, Cents, Credits, PlanCatalogue};
use credits_ledger::Ledger;
use credits_ledger::history::HistoryQuery;
use credits_ledger::holds::{NewHold, Owner};
use credits_ledger::idempotency::KeyOwner;
use credits_ledger::ledger::DebitRequest;
use credits_ledger::purchases::{AutoRule, NewPurchase, Transition};
use credits_ledger::service::{EventRef, NewWorkspace, OverviewQuery, Scope, TokenUpdate};
use credits_pg::PgLedger;
use credits_pg::testing::PgServer;
use jiff::{SignedDuration, Timestamp};

fn at(s: &str) -> Timestamp {
    s.parse().expect("instant")
}

fn credits(n: i64) -> Credits {
    Credits::from_millis(n * Credits::SCALE)
}

fn debit(seat: &str, n: i64, key: Option<&str>) -> DebitRequest {
    DebitRequest {
        workspace: None,
        seat: Some(seat.into()),
        user: None,
        amount: credits(n),
        memo: Some("parity".into()),
        idempotency_key: key.map(str::to_owned),
        key_owner: KeyOwner::Workspace,
        actor: Actor::Cli("alice".into()),
    }
}

fn hold(seat: &str, id: &str, n: i64, mins: i64) -> NewHold {
    NewHold {
        workspace: None,
        seat: Some(seat.into()),
        user: None,
        id: id.into(),
        amount: credits(n),
        ttl: SignedDuration::from_mins(mins),
        memo: None,
        idempotency_key: Some(format!("k-{id}")),
        key_owner: KeyOwner::Seat,
        actor: Actor::Seat(seat.into()),
    }
}

fn purchase(id: &str, origin: PurchaseOrigin, dollars: i64) -> NewPurchase {
    NewPurchase {
        id: id.into(),
        kind: PurchaseKind::Card,
        origin,
        amount: Cents::new(dollars * 100),
        currency: "usd".into(),
        credits: credits(dollars * 100),
        stripe_customer: Some("cus_parity".into()),
        actor: Actor::Cli("alice".into()),
        idempotency_key: None,
    }
}

/// Every operation's answer, as text, in order.
async fn script(l: &dyn Ledger) -> Vec<String> {
    let mut out = Vec::new();
    let plans = PlanCatalogue::default();
    let me = || Actor::Cli("alice".into());
    let t0 = at("2026-11-20T10:00:00Z");
    let later = |mins| t0 + SignedDuration::from_mins(mins);
    macro_rules! rec {
        ($e:expr) => {
            out.push(format!("{}: {:?}", stringify!($e), $e))
        };
    }
    rec!(l.ensure_default("alice".into(), plans.clone(), t0).await);
    rec!(l.add_seat(None, "bob".into(), plans.clone(), me(), t0).await);
    let acme = NewWorkspace {
        name: "acme".into(),
        plan: "pro".into(),
        tz: "Europe/Berlin".into(),
        first_seat: "carol".into(),
        actor: me(),
    };
    rec!(l.create_workspace(acme, plans.clone(), t0).await);
    rec!(l.debit(debit("alice", 120, Some("k1")), later(1)).await);
    rec!(l.debit(debit("alice", 120, Some("k1")), later(2)).await);
    rec!(l.debit(debit("bob", 600, None), later(2)).await);
    rec!(l.hold(hold("bob", "hold_b", 50, 10), later(3)).await);
    rec!(l.settle(Owner::default(), "hold_b".into(), credits(20), None, me(), later(4)).await);
    rec!(l.set_plan(None, "pro".into(), true, plans.clone(), me(), later(5)).await);
    rec!(l.create_purchase(None, purchase("pur_1", PurchaseOrigin::Buy, 10), later(6)).await);
    let pending =
        Transition::Pending { payment_intent: Some("pi_1".into()), checkout_session: None, checkout_url: None };
    let ev = |id: &str| Some(EventRef { id: id.into(), type_: "payment_intent.succeeded".into() });
    rec!(l.apply_purchase("pur_1".into(), pending, ev("evt_1"), later(7)).await);
    let paid = Transition::Succeeded { payment_intent: Some("pi_1".into()) };
    rec!(l.apply_purchase("pur_1".into(), paid.clone(), ev("evt_2"), later(8)).await);
    rec!(l.apply_purchase("pur_1".into(), paid, ev("evt_2"), later(8)).await);
    rec!(l.debit(debit("alice", 2500, None), later(9)).await);
    rec!(l.set_token(None, "bob".into(), TokenUpdate::Create("ab".repeat(32))).await);
    rec!(l.seat_by_token(&"ab".repeat(32)).await);
    rec!(l.hold(hold("bob", "hold_c", 30, 60), later(10)).await);
    rec!(l.remove_seat(None, "bob".into(), me(), later(11)).await);
    let alice = Scope { workspace: None, seat: Some("alice".into()), user: None };
    rec!(l.ensure(alice.clone(), credits(5000), purchase("pur_2", PurchaseOrigin::Ensure, 20), later(12)).await);
    rec!(l.ensure(alice.clone(), credits(5000), purchase("pur_3", PurchaseOrigin::Ensure, 20), later(13)).await);
    let rule = AutoRule { below: credits(100), amount_cents: Cents::new(1000), monthly_limit_cents: Cents::new(5000) };
    rec!(l.set_auto_rule(None, rule, later(14)).await);
    rec!(l.auto_topup(None).await);
    rec!(l.auto_decide(None, "pur_4".into(), 100, later(15)).await);
    let keyed = NewPurchase { idempotency_key: Some("buy-1".into()), ..purchase("pur_5", PurchaseOrigin::Buy, 5) };
    rec!(l.create_purchase(None, keyed.clone(), later(16)).await);
    rec!(l.create_purchase(None, NewPurchase { id: "pur_6".into(), ..keyed }, later(17)).await);
    rec!(l.purchase_by_key(None, "buy-1".into()).await);
    let dec = at("2026-12-01T01:00:00Z");
    rec!(l.rollovers_due(dec).await);
    rec!(l.rollover("default".into(), plans.clone(), Actor::Daemon, Arc::new(move || dec)).await);
    rec!(l.rollover("acme".into(), plans.clone(), Actor::Daemon, Arc::new(move || dec)).await);
    rec!(l.rollover("acme".into(), plans.clone(), Actor::Daemon, Arc::new(move || dec)).await);
    rec!(l.expire_holds(dec).await);
    rec!(l.set_workspace(Some("acme".into()), Some("UTC".into()), Some("cus_acme".into())).await);
    rec!(l.set_default_workspace("acme".into()).await);
    rec!(l.usage(Some("default".into()), 3).await);
    let window = |from: Timestamp, to: Timestamp| credits_ledger::usage::Window { from, to };
    rec!(l.consumption(Some("default".into()), vec![window(t0, later(10)), window(later(10), dec)]).await);
    rec!(l.history(Some("default".into()), HistoryQuery::default()).await);
    rec!(l.history(Some("acme".into()), HistoryQuery::default()).await);
    rec!(l.balances(Some("default".into()), None, 10).await);
    rec!(l.workspaces(None, 10).await);
    rec!(l.purchases(Some("default".into()), None, 10).await);
    rec!(l.overview(OverviewQuery { workspace: Some("default".into()), seat: None, everything: Some(5) }).await);
    rec!(l.rollover_status(dec).await);
    rec!(l.verify().await);
    out
}

#[test]
fn sqlite_and_postgres_answer_and_hash_alike() {
    let Some(server) = PgServer::start_or_skip("the SQLite/PostgreSQL parity test") else { return };
    let url = server.create_database("parity").expect("database");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("ledger.db");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let (sqlite, pg, pg_heads) = rt.block_on(async {
        let sqlite = credits_store::SqliteLedger::open(&file).expect("sqlite");
        let sqlite = script(&sqlite).await;
        let ledger = PgLedger::open(&url).await.expect("postgres");
        let pg = script(&ledger).await;
        let (client, conn) = server.config("parity").connect(tokio_postgres::NoTls).await.expect("connect");
        tokio::spawn(conn);
        let rows = client.query("SELECT name, chain_head FROM workspaces ORDER BY name", &[]).await.expect("heads");
        let heads: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        (sqlite, pg, heads)
    });
    assert_eq!(sqlite.len(), pg.len());
    for (s, p) in sqlite.iter().zip(&pg) {
        assert_eq!(s, p, "the backends answered differently");
    }
    let conn = rusqlite::Connection::open(&file).expect("open");
    let mut stmt = conn.prepare("SELECT name, chain_head FROM workspaces ORDER BY name").expect("prepare");
    let sqlite_heads: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("heads").collect::<Result<_, _>>().expect("rows");
    assert_eq!(sqlite_heads.len(), 2);
    assert_eq!(sqlite_heads, pg_heads, "the same journal hashes to the same chain heads");
}
