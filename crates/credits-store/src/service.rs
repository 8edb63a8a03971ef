//! The SQLite backend of the [`Ledger`] service: mutations go to the group-committing [`Writer`], point reads
//! (a handful of indexed rows) run on the calling thread, and scans go to the blocking pool.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use credits_core::keys::KeyInfo;
use credits_core::plan::PlanCatalogue;
use credits_core::purchase::Purchase;
use credits_core::records::{Balance, Entry, SeatBalance, SeatInfo, TopupBalance, WorkspaceBalance, WorkspaceInfo};
use credits_core::{Actor, Cents, Credits};
use jiff::{SignedDuration, Timestamp};
use rusqlite::Connection;

use crate::db::Db;
use crate::error::StoreError;
use crate::history::{self, HistoryQuery};
use crate::holds::{self, Applied as HoldApplied, Hold, HoldReceipt, NewHold, Owner};
use crate::keys;
use crate::ledger::{self, DebitRequest, WsRow};
use crate::notify;
use crate::purchases::{self as store, Applied, AutoDecision, AutoRule, EnsureDecision, NewPurchase, Transition};
use crate::readers::Readers;
use crate::rollover::{self, Due, RolloverReport, WorkspaceStatus};
use crate::tokens::{self, TokenChange};
use crate::usage::{self, MonthUsage};
use crate::verify::{self, VerifyReport};
use crate::workspace;
use crate::writer::Writer;
use credits_core::notify::{Alert, DeliveryAttempt, Endpoint};
use credits_ledger::notify::{AttemptOutcome, DueDelivery, NewEndpoint, NewEvent, OutboxStats, Refusal};
use credits_ledger::service::{
    AutoTopup, CheckAnswer, Clock, CommitStats, Debited, EventRef, Ledger, NewKey, NewWorkspace, Overview,
    OverviewQuery, PurchaseView, Scope, TokenChanged, TokenSeat, TokenUpdate, WorkspaceId, WorkspaceRef,
};
use credits_ledger::usage::{Consumption, Window};

/// The SQLite ledger: one writer thread, a pool of WAL readers.
#[derive(Debug, Clone)]
pub struct SqliteLedger {
    db: Db,
    writer: Writer,
    readers: Arc<Readers>,
}

impl SqliteLedger {
    /// Opens (creating and migrating) the database at `path` and starts its writer.
    pub fn open(path: &std::path::Path) -> Result<SqliteLedger, StoreError> {
        let db = crate::db::open(path)?;
        SqliteLedger::start(&db)
    }

    /// Starts the writer on an open database.
    pub fn start(db: &Db) -> Result<SqliteLedger, StoreError> {
        Ok(SqliteLedger { db: db.clone(), writer: Writer::start(db)?, readers: Arc::new(Readers::new(db)) })
    }

    /// A read that scans, on the blocking pool (two thread switches are cheap next to it).
    async fn scan<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let readers = self.readers.clone();
        tokio::task::spawn_blocking(move || readers.read(f))
            .await
            .map_err(|e| StoreError::Internal(format!("a ledger read stopped: {e}")))?
    }

    /// A point read on the calling thread: handing it to the blocking pool would cost more than
    /// the read (WAL readers never wait for the writer).
    fn point<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.readers.read(f)
    }

    async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.writer.write(f).await
    }
}

fn ws_ref(ws: WsRow) -> WorkspaceRef {
    WorkspaceRef {
        id: WorkspaceId(ws.id),
        name: ws.name,
        plan: ws.plan,
        period: ws.period,
        stripe_customer: ws.stripe_customer,
    }
}

/// The installation's id, set to `candidate` the first time it is asked for.
fn installation_id(conn: &Connection, candidate: &str) -> Result<String, StoreError> {
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('installation_id', ?1)", [candidate])?;
    Ok(conn.query_row("SELECT value FROM settings WHERE key = 'installation_id'", [], |r| r.get(0))?)
}

fn workspace_by_id(conn: &Connection, id: WorkspaceId) -> Result<WsRow, StoreError> {
    let name: String = conn.query_row("SELECT name FROM workspaces WHERE id = ?1", [id.0], |r| r.get(0))?;
    ledger::workspace(conn, Some(&name))
}

/// What a Stripe event did to a purchase, as recorded with the event.
fn outcome(t: &Transition) -> &'static str {
    match t {
        Transition::Pending { .. } => "pending",
        Transition::Succeeded { .. } => "credited",
        Transition::Failed { .. } => "failed",
        Transition::Expired => "expired",
        Transition::Canceled => "canceled",
        Transition::Mismatch { .. } => "mismatch",
    }
}

#[async_trait::async_trait]
impl Ledger for SqliteLedger {
    async fn ensure_default(&self, user: String, plans: PlanCatalogue, now: Timestamp) -> Result<(), StoreError> {
        self.write(move |c| workspace::ensure_default(c, &user, &plans, now)).await
    }

    async fn workspace(&self, workspace: Option<String>) -> Result<WorkspaceRef, StoreError> {
        self.scan(move |c| ledger::workspace(c, workspace.as_deref()).map(ws_ref)).await
    }

    async fn workspace_info(&self, workspace: Option<String>) -> Result<WorkspaceInfo, StoreError> {
        self.scan(move |c| workspace::info(c, &ledger::workspace(c, workspace.as_deref())?)).await
    }

    async fn workspaces(&self, after: Option<String>, limit: u32) -> Result<Vec<WorkspaceInfo>, StoreError> {
        self.scan(move |c| {
            let rows = ledger::workspaces_page(c, after.as_deref(), limit)?;
            rows.iter().map(|w| workspace::info(c, w)).collect()
        })
        .await
    }

    async fn create_workspace(
        &self,
        new: NewWorkspace,
        plans: PlanCatalogue,
        now: Timestamp,
    ) -> Result<WorkspaceInfo, StoreError> {
        self.write(move |c| {
            workspace::create(c, &new.name, &new.plan, &new.tz, &new.first_seat, &plans, &new.actor, now)
        })
        .await
    }

    async fn set_default_workspace(&self, name: String) -> Result<WorkspaceInfo, StoreError> {
        self.write(move |c| workspace::set_default(c, &name)).await
    }

    async fn set_workspace(
        &self,
        workspace: Option<String>,
        tz: Option<String>,
        stripe_customer: Option<String>,
    ) -> Result<WorkspaceInfo, StoreError> {
        self.write(move |c| workspace::set(c, workspace.as_deref(), tz.as_deref(), stripe_customer.as_deref())).await
    }

    async fn set_topup_budget(
        &self,
        workspace: Option<String>,
        budget: Option<Credits>,
    ) -> Result<WorkspaceInfo, StoreError> {
        self.write(move |c| workspace::set_topup_budget(c, &ledger::workspace(c, workspace.as_deref())?, budget)).await
    }

    async fn set_plan(
        &self,
        workspace: Option<String>,
        plan: String,
        at_once: bool,
        plans: PlanCatalogue,
        actor: Actor,
        now: Timestamp,
    ) -> Result<WorkspaceInfo, StoreError> {
        self.write(move |c| workspace::set_plan(c, workspace.as_deref(), &plan, at_once, &plans, &actor, now)).await
    }

    async fn seats(
        &self,
        workspace: Option<String>,
        after: Option<String>,
        limit: u32,
    ) -> Result<Vec<SeatInfo>, StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            workspace::list_seats(c, &ws, after.as_deref(), limit)
        })
        .await
    }

    async fn add_seat(
        &self,
        workspace: Option<String>,
        name: String,
        plans: PlanCatalogue,
        actor: Actor,
        now: Timestamp,
    ) -> Result<SeatInfo, StoreError> {
        self.write(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            workspace::add_seat(c, &ws, &name, &plans, &actor, now)
        })
        .await
    }

    async fn remove_seat(
        &self,
        workspace: Option<String>,
        name: String,
        actor: Actor,
        now: Timestamp,
    ) -> Result<SeatInfo, StoreError> {
        self.write(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            workspace::remove_seat(c, &ws, &name, &actor, now)
        })
        .await
    }

    async fn set_seat_limit(
        &self,
        workspace: Option<String>,
        seat: String,
        limit: Option<Credits>,
    ) -> Result<SeatInfo, StoreError> {
        self.write(move |c| workspace::set_seat_limit(c, &ledger::workspace(c, workspace.as_deref())?, &seat, limit))
            .await
    }

    async fn set_token(
        &self,
        workspace: Option<String>,
        seat: String,
        change: TokenUpdate,
    ) -> Result<TokenChanged, StoreError> {
        self.write(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            let change = match &change {
                TokenUpdate::Create(h) => TokenChange::Create(h),
                TokenUpdate::Rotate(h) => TokenChange::Rotate(h),
                TokenUpdate::Revoke => TokenChange::Revoke,
            };
            let before = tokens::set(c, &ws, &seat, change)?;
            Ok(TokenChanged { workspace: ws.name, seat: before.name, had_token: before.has_token })
        })
        .await
    }

    async fn seat_by_token(&self, hash: &str) -> Result<Option<TokenSeat>, StoreError> {
        self.point(|c| match ledger::seat_by_token_hash(c, hash)? {
            Some((ws, seat)) => {
                Ok(Some(TokenSeat { balance: ledger::balance(&ws, &seat)?, workspace: ws.name, seat: seat.name }))
            }
            None => Ok(None),
        })
    }

    async fn create_key(&self, workspace: Option<String>, key: NewKey, now: Timestamp) -> Result<KeyInfo, StoreError> {
        self.write(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            let expires = key.expires_at.map(|t| t.to_string());
            keys::create(c, &ws, &key.name, &key.hash, &key.scopes, &now.to_string(), expires.as_deref())
        })
        .await
    }

    async fn keys(&self, workspace: Option<String>) -> Result<Vec<KeyInfo>, StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            keys::list(c, &ws)
        })
        .await
    }

    async fn revoke_key(&self, workspace: Option<String>, name: String) -> Result<KeyInfo, StoreError> {
        self.write(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            keys::revoke(c, &ws, &name)
        })
        .await
    }

    async fn key_by_token(&self, hash: &str) -> Result<Option<(KeyInfo, String)>, StoreError> {
        self.point(|c| keys::by_hash(c, hash))
    }

    async fn balance(&self, scope: &Scope) -> Result<Balance, StoreError> {
        self.point(|c| {
            let ws = ledger::workspace(c, scope.workspace.as_deref())?;
            let seat = ledger::seat(c, &ws, scope.seat.as_deref(), scope.user.as_deref())?;
            ledger::balance(&ws, &seat)
        })
    }

    async fn balances(
        &self,
        workspace: Option<String>,
        after: Option<String>,
        limit: u32,
    ) -> Result<WorkspaceBalance, StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            let mut seats = Vec::new();
            for s in ledger::seats_page(c, &ws, after.as_deref(), limit)? {
                seats.push(SeatBalance {
                    seat: s.name.clone(),
                    included: ledger::balance(&ws, &s)?.included,
                    topup_limit_per_month: s.topup_limit.map(Credits::from_millis),
                    topup_used_this_month: crate::limits::seat_used(&ws, &s),
                });
            }
            let topup = TopupBalance { remaining: Credits::from_millis(ws.topup) };
            Ok(WorkspaceBalance {
                topup_budget_per_month: ws.topup_budget.map(Credits::from_millis),
                topup_used_this_month: crate::limits::workspace_used(&ws),
                workspace: ws.name,
                period: ws.period,
                seats,
                topup,
            })
        })
        .await
    }

    async fn check(&self, scope: &Scope, amount: Credits) -> Result<CheckAnswer, StoreError> {
        let (fits, balance) = self.point(|c| {
            ledger::check(c, scope.workspace.as_deref(), scope.seat.as_deref(), scope.user.as_deref(), amount)
        })?;
        Ok(CheckAnswer { fits, balance })
    }

    async fn debit(&self, req: DebitRequest, now: Timestamp) -> Result<Debited, StoreError> {
        self.writer.debit(req, now).await
    }

    async fn debit_each(
        &self,
        reqs: Vec<DebitRequest>,
        now: Timestamp,
    ) -> Result<Vec<Result<Debited, StoreError>>, StoreError> {
        credits_ledger::ledger::check_batch_size(reqs.len())?;
        self.write(move |c| ledger::debit_each(c, &reqs, now)).await
    }

    async fn history(&self, workspace: Option<String>, query: HistoryQuery) -> Result<Vec<Entry>, StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            if let Some(s) = &query.seat {
                history::require_seat(c, &ws, s)?;
            }
            history::history(c, &ws, &query)
        })
        .await
    }

    async fn history_count(&self, workspace: Option<String>, query: HistoryQuery) -> Result<u64, StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            history::history_count(c, &ws, &query)
        })
        .await
    }

    async fn prune_idempotency(&self, now: Timestamp) -> Result<usize, StoreError> {
        self.write(move |c| crate::idempotency::prune(c, now)).await
    }

    async fn hold(&self, req: NewHold, now: Timestamp) -> Result<HoldApplied<HoldReceipt>, StoreError> {
        self.write(move |c| holds::create(c, &req, now)).await
    }

    async fn settle(
        &self,
        owner: Owner,
        id: String,
        amount: Credits,
        idempotency_key: Option<String>,
        actor: Actor,
        now: Timestamp,
    ) -> Result<HoldApplied<HoldReceipt>, StoreError> {
        self.write(move |c| holds::settle(c, &owner, &id, amount, idempotency_key.as_deref(), &actor, now)).await
    }

    async fn release(
        &self,
        owner: Owner,
        id: String,
        idempotency_key: Option<String>,
        actor: Actor,
        now: Timestamp,
    ) -> Result<HoldApplied<HoldReceipt>, StoreError> {
        self.write(move |c| holds::release(c, &owner, &id, idempotency_key.as_deref(), &actor, now)).await
    }

    async fn expire_holds(&self, now: Timestamp) -> Result<Vec<HoldReceipt>, StoreError> {
        self.write(move |c| holds::expire_due(c, now)).await
    }

    async fn next_hold_expiry(&self) -> Result<Option<Timestamp>, StoreError> {
        self.scan(holds::next_expiry).await
    }

    async fn open_holds(&self) -> Result<i64, StoreError> {
        self.scan(holds::open_count).await
    }

    async fn get_hold(&self, owner: Owner, id: String) -> Result<Hold, StoreError> {
        self.scan(move |c| holds::get(c, &owner, &id)).await
    }

    async fn list_holds(&self, owner: Owner, after: Option<String>, limit: u32) -> Result<Vec<Hold>, StoreError> {
        self.scan(move |c| holds::list_open(c, &owner, after.as_deref(), limit)).await
    }

    async fn rollover_status(&self, now: Timestamp) -> Result<Vec<WorkspaceStatus>, StoreError> {
        self.scan(move |c| rollover::status(c, now)).await
    }

    async fn rollovers_due(&self, now: Timestamp) -> Result<Vec<Due>, StoreError> {
        self.scan(move |c| rollover::due(c, now)).await
    }

    async fn next_reset(&self) -> Result<Option<Timestamp>, StoreError> {
        self.scan(rollover::next_boundary).await
    }

    async fn rollover(
        &self,
        name: String,
        plans: PlanCatalogue,
        actor: Actor,
        now: Clock,
    ) -> Result<Option<RolloverReport>, StoreError> {
        self.write(move |c| rollover::apply(c, &name, &plans, &actor, now())).await
    }

    async fn purchase(&self, id: String) -> Result<Purchase, StoreError> {
        self.scan(move |c| store::get(c, &id)).await
    }

    async fn purchase_in(&self, workspace: Option<String>, id: String) -> Result<Purchase, StoreError> {
        self.scan(move |c| store::get_in(c, &ledger::workspace(c, workspace.as_deref())?, &id)).await
    }

    async fn purchases(
        &self,
        workspace: Option<String>,
        before: Option<String>,
        limit: u32,
    ) -> Result<Vec<Purchase>, StoreError> {
        self.scan(move |c| store::list(c, &ledger::workspace(c, workspace.as_deref())?, before.as_deref(), limit)).await
    }

    async fn purchase_by_key(&self, workspace: Option<String>, key: String) -> Result<Option<Purchase>, StoreError> {
        self.scan(move |c| store::by_key(c, &ledger::workspace(c, workspace.as_deref())?, &key)).await
    }

    async fn purchases_in_flight(&self) -> Result<Vec<Purchase>, StoreError> {
        self.scan(store::in_flight).await
    }

    async fn create_purchase(
        &self,
        workspace: Option<String>,
        new: NewPurchase,
        now: Timestamp,
    ) -> Result<Purchase, StoreError> {
        self.write(move |c| store::create(c, &ledger::workspace(c, workspace.as_deref())?, &new, now)).await
    }

    async fn apply_purchase(
        &self,
        id: String,
        transition: Transition,
        event: Option<EventRef>,
        now: Timestamp,
    ) -> Result<(Applied, bool), StoreError> {
        self.write(move |c| {
            if let Some(ev) = &event
                && store::event_seen(c, &ev.id)?
            {
                return Ok((Applied { purchase: store::get(c, &id)?, changed: false, credited: None }, false));
            }
            let applied = store::apply(c, &id, &transition, now)?;
            if let Some(ev) = &event {
                let outcome = if applied.changed { outcome(&transition) } else { "unchanged" };
                store::record_event(c, &ev.id, &ev.type_, Some(&id), outcome, now)?;
            }
            Ok((applied, true))
        })
        .await
    }

    async fn installation(
        &self,
        workspace: WorkspaceId,
        candidate: String,
    ) -> Result<(WorkspaceRef, String), StoreError> {
        self.write(move |c| {
            let inst = installation_id(c, &candidate)?;
            Ok((ws_ref(workspace_by_id(c, workspace)?), inst))
        })
        .await
    }

    async fn bind_customer(&self, workspace: WorkspaceId, customer: String) -> Result<String, StoreError> {
        self.write(move |c| store::bind_customer(c, workspace.0, &customer)).await
    }

    async fn spendable(&self, scope: Scope) -> Result<Credits, StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, scope.workspace.as_deref())?;
            store::spendable(c, &ws, scope.seat.as_deref(), scope.user.as_deref())
        })
        .await
    }

    async fn ensure(
        &self,
        scope: Scope,
        min: Credits,
        new: NewPurchase,
        now: Timestamp,
    ) -> Result<EnsureDecision, StoreError> {
        self.write(move |c| {
            store::ensure(c, scope.workspace.as_deref(), scope.seat.as_deref(), scope.user.as_deref(), min, &new, now)
        })
        .await
    }

    async fn auto_topup(&self, workspace: Option<String>) -> Result<AutoTopup, StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            let (rule, spent): (Option<AutoRule>, Cents) = (store::auto_rule(c, &ws)?, store::auto_spent(c, &ws)?);
            Ok(AutoTopup { workspace: ws_ref(ws), rule, spent })
        })
        .await
    }

    async fn set_auto_rule(&self, workspace: Option<String>, rule: AutoRule, now: Timestamp) -> Result<(), StoreError> {
        self.write(move |c| store::set_auto_rule(c, &ledger::workspace(c, workspace.as_deref())?, &rule, now)).await
    }

    async fn delete_auto_rule(&self, workspace: Option<String>) -> Result<bool, StoreError> {
        self.write(move |c| store::delete_auto_rule(c, &ledger::workspace(c, workspace.as_deref())?)).await
    }

    async fn auto_rule_workspaces(&self) -> Result<Vec<String>, StoreError> {
        self.scan(store::auto_rule_workspaces).await
    }

    async fn auto_decide(
        &self,
        workspace: Option<String>,
        purchase_id: String,
        credits_per_usd: i64,
        now: Timestamp,
    ) -> Result<AutoDecision, StoreError> {
        self.write(move |c| store::auto_decide(c, workspace.as_deref(), &purchase_id, credits_per_usd, now)).await
    }

    async fn prune_events(&self, now: Timestamp, age: SignedDuration) -> Result<usize, StoreError> {
        self.write(move |c| store::prune_events(c, now, age)).await
    }

    async fn usage(
        &self,
        workspace: Option<String>,
        months: u32,
    ) -> Result<(WorkspaceRef, usize, Vec<MonthUsage>), StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            let seats = ledger::seats(c, &ws)?.len();
            let list = usage::months(c, ws.id, months)?;
            Ok((ws_ref(ws), seats, list))
        })
        .await
    }

    async fn consumption(&self, workspace: Option<String>, windows: Vec<Window>) -> Result<Consumption, StoreError> {
        self.scan(move |c| usage::consumption(c, &ledger::workspace(c, workspace.as_deref())?, &windows)).await
    }

    async fn overview(&self, query: OverviewQuery) -> Result<Overview, StoreError> {
        self.scan(move |c| {
            let ws = ledger::workspace(c, query.workspace.as_deref())?;
            let info = workspace::info(c, &ws)?;
            let mut seats = Vec::new();
            for seat in ledger::seats(c, &ws)? {
                if query.seat.as_ref().is_some_and(|only| *only != seat.name) {
                    continue;
                }
                seats.push(ledger::balance(&ws, &seat)?);
            }
            let (workspaces, auto_rule, purchases) = match query.everything {
                Some(n) => (
                    ledger::workspaces(c)?.into_iter().map(|w| w.name).collect(),
                    store::auto_rule(c, &ws)?,
                    store::list(c, &ws, None, n)?,
                ),
                None => (Vec::new(), None, Vec::new()),
            };
            Ok(Overview { info, seats, topup: Credits::from_millis(ws.topup), workspaces, auto_rule, purchases })
        })
        .await
    }

    async fn purchase_view(
        &self,
        id: String,
        viewer: Option<(String, String)>,
    ) -> Result<Option<PurchaseView>, StoreError> {
        self.scan(move |c| {
            let purchase = match store::get(c, &id) {
                Ok(p) => p,
                Err(StoreError::NotFound(_)) => return Ok(None),
                Err(e) => return Err(e),
            };
            if let Some((workspace, _)) = &viewer
                && *workspace != purchase.workspace
            {
                return Ok(None);
            }
            let ws = ledger::workspace(c, Some(&purchase.workspace))?;
            let spendable = match &viewer {
                Some((_, seat)) => Some(ledger::balance(&ws, &ledger::seat(c, &ws, Some(seat), None)?)?.spendable),
                None => None,
            };
            Ok(Some(PurchaseView { purchase, topup: Credits::from_millis(ws.topup), spendable }))
        })
        .await
    }

    async fn webhook_add(
        &self,
        workspace: Option<String>,
        endpoint: NewEndpoint,
        now: Timestamp,
    ) -> Result<Endpoint, StoreError> {
        self.write(move |c| notify::add(c, &ledger::workspace(c, workspace.as_deref())?, &endpoint, &now.to_string()))
            .await
    }

    async fn webhooks(&self, workspace: Option<String>) -> Result<Vec<Endpoint>, StoreError> {
        self.scan(move |c| notify::list(c, &ledger::workspace(c, workspace.as_deref())?)).await
    }

    async fn webhook_remove(&self, workspace: Option<String>, id: String) -> Result<Endpoint, StoreError> {
        self.write(move |c| notify::remove(c, &ledger::workspace(c, workspace.as_deref())?, &id)).await
    }

    async fn emit(&self, workspace: Option<String>, event: NewEvent, now: Timestamp) -> Result<String, StoreError> {
        self.write(move |c| notify::emit(c, &ledger::workspace(c, workspace.as_deref())?, &event, now.as_second()))
            .await
    }

    async fn next_delivery(&self) -> Result<Option<i64>, StoreError> {
        self.point(notify::next_delivery)
    }

    async fn claim_deliveries(&self, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<DueDelivery>, StoreError> {
        self.write(move |c| notify::claim(c, now_ms, lease_ms, limit)).await
    }

    async fn record_attempt(&self, outcome: AttemptOutcome) -> Result<(), StoreError> {
        self.write(move |c| notify::record(c, &outcome)).await
    }

    async fn delivery_log(
        &self,
        workspace: Option<String>,
        endpoint: String,
        limit: u32,
    ) -> Result<Vec<DeliveryAttempt>, StoreError> {
        self.scan(move |c| notify::log(c, &ledger::workspace(c, workspace.as_deref())?, &endpoint, limit)).await
    }

    async fn replay_event(&self, workspace: Option<String>, event: String) -> Result<u32, StoreError> {
        self.write(move |c| notify::replay(c, &ledger::workspace(c, workspace.as_deref())?, &event)).await
    }

    async fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        self.point(notify::stats)
    }

    async fn prune_outbox(&self, before: i64) -> Result<usize, StoreError> {
        self.write(move |c| notify::prune(c, before)).await
    }

    async fn set_alert(
        &self,
        workspace: Option<String>,
        seat: Option<String>,
        below: Option<Credits>,
        now: Timestamp,
    ) -> Result<Option<Alert>, StoreError> {
        self.write(move |c| {
            notify::set_alert(c, &ledger::workspace(c, workspace.as_deref())?, seat.as_deref(), below, &now.to_string())
        })
        .await
    }

    async fn alerts(&self, workspace: Option<String>) -> Result<Vec<Alert>, StoreError> {
        self.scan(move |c| notify::alerts(c, &ledger::workspace(c, workspace.as_deref())?)).await
    }

    async fn note_refusal(
        &self,
        workspace: Option<String>,
        seat: String,
        refusal: Refusal,
        data: String,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        // Most refusals of a depleted seat follow its first: a point read spares them a write.
        if refusal == Refusal::Depleted {
            let (ws, s) = (workspace.clone(), seat.clone());
            if self.point(move |c| notify::is_depleted(c, &ledger::workspace(c, ws.as_deref())?, &s))? {
                return Ok(false);
            }
        }
        self.write(move |c| {
            let ws = ledger::workspace(c, workspace.as_deref())?;
            notify::note_refusal(c, &ws, &seat, refusal, &data, &now.to_string(), now.as_second())
        })
        .await
    }

    async fn verify(&self) -> Result<VerifyReport, StoreError> {
        self.scan(verify::verify).await
    }

    async fn backup(&self, to: std::path::PathBuf) -> Result<credits_core::snapshot::SnapshotReport, StoreError> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || crate::backup::snapshot(&db, &to))
            .await
            .map_err(|e| StoreError::Internal(format!("the backup stopped: {e}")))?
    }

    async fn quick_check(&self) -> Result<Vec<String>, StoreError> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.quick_check())
            .await
            .map_err(|e| StoreError::Internal(format!("the integrity check stopped: {e}")))?
    }

    fn refuse_writes(&self, why: Option<String>) {
        self.writer.refuse(why);
    }

    fn commit_stats(&self) -> CommitStats {
        let s = self.writer.stats();
        CommitStats { batches: s.batches.load(Ordering::Relaxed), jobs: s.jobs.load(Ordering::Relaxed) }
    }
}
