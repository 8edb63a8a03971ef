//! The PostgreSQL backend of the [`Ledger`] service: every method is one transaction on a pooled
//! connection. Writes run in READ COMMITTED and take the workspace's row lock first, so each
//! sees the newest committed balances and chain head and concurrent daemons queue per workspace;
//! reads run in one REPEATABLE READ, read-only snapshot. A write is acknowledged only after its
//! COMMIT succeeded.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use credits_core::keys::KeyInfo;
use credits_core::notify::{Alert, DeliveryAttempt, Endpoint};
use credits_core::plan::PlanCatalogue;
use credits_core::purchase::Purchase;
use credits_core::records::{Balance, Entry, SeatBalance, SeatInfo, TopupBalance, WorkspaceBalance, WorkspaceInfo};
use credits_core::{Actor, Credits};
use credits_ledger::StoreError;
use credits_ledger::history::HistoryQuery;
use credits_ledger::holds::{Applied as HoldApplied, Hold, HoldReceipt, NewHold, Owner};
use credits_ledger::ledger::DebitRequest;
use credits_ledger::notify::{AttemptOutcome, DueDelivery, NewEndpoint, NewEvent, OutboxStats, Refusal};
use credits_ledger::purchases::{Applied, AutoDecision, AutoRule, EnsureDecision, NewPurchase, Transition};
use credits_ledger::rollover::{Due, RolloverReport, WorkspaceStatus};
use credits_ledger::service::{
    AutoTopup, CheckAnswer, Clock, CommitStats, Debited, EventRef, Ledger, NewKey, NewWorkspace, Overview,
    OverviewQuery, PurchaseView, Scope, TokenChanged, TokenSeat, TokenUpdate, WorkspaceId, WorkspaceRef,
};
use credits_ledger::usage::{Consumption, MonthUsage, Window};
use credits_ledger::verify::VerifyReport;
use deadpool_postgres::{Hook, HookError, Manager, ManagerConfig, Pool, RecyclingMethod};
use jiff::{SignedDuration, Timestamp};
use tokio_postgres::{IsolationLevel, NoTls};

use crate::db::{self, WsRow};
use crate::notify;
use crate::{
    debit_batch, history, holds, idempotency, keys, ledger, limits, migrate, purchases, rollover, tls, verify,
    workspace,
};

/// Connections per daemon (the debit committers' included): enough for the writes that queue on a workspace lock and the reads
/// beside them, few enough that several daemons stay under the server's `max_connections`.
pub const DEFAULT_POOL_SIZE: usize = 16;

/// Session settings of every connection (see [`PgLedger::connect_with`]).
pub const SESSION_SETTINGS: &[(&str, &str)] =
    &[("lock_timeout", "10s"), ("idle_in_transaction_session_timeout", "60s")];

/// The PostgreSQL ledger: a connection pool and the daemon's own refusal switch.
#[derive(Clone)]
pub struct PgLedger {
    pool: Pool,
    /// Set by [`Ledger::refuse_writes`]: every write fails with this reason.
    refused: Arc<RwLock<Option<String>>>,
    /// Commits of writes other than debits.
    commits: Arc<AtomicU64>,
    /// Debits go to the group committers ([`debit_batch`]).
    debits: debit_batch::Lanes,
    batches: Arc<debit_batch::Counters>,
}

impl std::fmt::Debug for PgLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the connection settings: they may hold a password.
        f.debug_struct("PgLedger").field("pool", &self.pool.status()).finish_non_exhaustive()
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

/// Runs `$body` in a write transaction `$tx` and commits it; the answer is released only after
/// the commit succeeded.
macro_rules! write {
    ($self:ident, $tx:ident => $body:expr) => {{
        $self.writable()?;
        let mut client = $self.client().await?;
        let $tx = client.transaction().await?;
        let out = $body;
        $tx.commit().await?;
        $self.commits.fetch_add(1, Ordering::Relaxed);
        Ok(out)
    }};
}

/// Runs `$body` in a read-only snapshot `$tx`.
macro_rules! read {
    ($self:ident, $tx:ident => $body:expr) => {{
        let mut client = $self.client().await?;
        let $tx =
            client.build_transaction().read_only(true).isolation_level(IsolationLevel::RepeatableRead).start().await?;
        let out = $body;
        $tx.commit().await?;
        Ok(out)
    }};
}

impl PgLedger {
    /// Connects to the database `url` names (`postgres://…` or `host=… dbname=…`) and migrates it.
    pub async fn open(url: &str) -> Result<PgLedger, StoreError> {
        PgLedger::open_with(url, None).await
    }

    /// [`PgLedger::open`], with `sslmode=require` verifying the server also against the CA
    /// bundle `ca_cert` (see [`crate::tls`]).
    pub async fn open_with(url: &str, ca_cert: Option<&Path>) -> Result<PgLedger, StoreError> {
        // The parser's message never repeats the URL, so a password cannot leak through it.
        let config: tokio_postgres::Config =
            url.parse().map_err(|e| StoreError::InvalidInput(format!("invalid PostgreSQL URL: {e}")))?;
        PgLedger::connect_with(config, DEFAULT_POOL_SIZE, ca_cert).await
    }

    /// At most `pool_size` connections with `config` (at least 2 beside the debit committers'
    /// [`debit_batch::COMMITTERS`]); migrates the database first.
    pub async fn connect(config: tokio_postgres::Config, pool_size: usize) -> Result<PgLedger, StoreError> {
        PgLedger::connect_with(config, pool_size, None).await
    }

    /// [`PgLedger::connect`] with TLS as `config`'s `sslmode` says, trusting `ca_cert` too.
    pub async fn connect_with(
        mut config: tokio_postgres::Config,
        pool_size: usize,
        ca_cert: Option<&Path>,
    ) -> Result<PgLedger, StoreError> {
        // An unreachable server is an error in seconds, not a request hanging for minutes; a
        // dead peer is noticed by keepalives rather than at the next query.
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        config.keepalives_idle(Duration::from_secs(30));
        // No wait on the database is unbounded: a write queued behind a workspace lock that
        // another session keeps (a frozen daemon) gives up after `lock_timeout` (`Unavailable`:
        // nothing changed, retry), and the server ends a session that sits inside a transaction
        // for `idle_in_transaction_session_timeout`, releasing its locks. Set by `SET` once a
        // connection is made, not as the `options` startup parameter, which poolers such as
        // PgBouncer refuse; one the URL's `options` already sets is left to it.
        let theirs = config.get_options().unwrap_or_default().to_owned();
        let settings: String = SESSION_SETTINGS
            .iter()
            .filter(|(name, _)| !theirs.contains(name))
            .map(|(name, value)| format!("SET {name} = '{value}';"))
            .collect();
        let tls = tls::connector(&mut config, ca_cert)?;
        let build = |size: usize| {
            let recycling = ManagerConfig { recycling_method: RecyclingMethod::Fast };
            let manager = match &tls {
                Some(tls) => Manager::from_config(config.clone(), tls.clone(), recycling),
                None => Manager::from_config(config.clone(), NoTls, recycling),
            };
            let settings = settings.clone();
            Pool::builder(manager)
                .post_create(Hook::async_fn(move |client, _| {
                    let settings = settings.clone();
                    Box::pin(async move {
                        if !settings.is_empty() {
                            client.batch_execute(&settings).await.map_err(HookError::Backend)?;
                        }
                        Ok(())
                    })
                }))
                .max_size(size)
                .build()
                .map_err(|e| StoreError::Internal(format!("cannot build the connection pool: {e}")))
        };
        // The debit committers have connections of their own, driven by their own thread (see
        // `debit_batch::Lanes::start`); everything else shares the rest.
        let pool = build(pool_size.saturating_sub(debit_batch::COMMITTERS).max(2))?;
        let batches = Arc::new(debit_batch::Counters::default());
        let refused: debit_batch::Refused = Arc::default();
        let debits = debit_batch::Lanes::start(build(debit_batch::COMMITTERS)?, batches.clone(), refused.clone())?;
        let ledger = PgLedger { pool, refused, commits: Arc::default(), debits, batches };
        let mut client = ledger.client().await?;
        migrate::migrate(&mut client).await?;
        Ok(ledger)
    }

    /// [`PgLedger::open`] for synchronous code running inside a tokio runtime (the binary's
    /// `open_ledger`): the connection is made on a thread of its own, the pool's tasks run on
    /// the caller's runtime.
    pub fn open_blocking(url: &str, ca_cert: Option<&Path>) -> Result<PgLedger, StoreError> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| StoreError::Internal("opening the PostgreSQL ledger needs a tokio runtime".into()))?;
        std::thread::scope(|s| s.spawn(|| runtime.block_on(PgLedger::open_with(url, ca_cert))).join())
            .map_err(|_| StoreError::Internal("opening the PostgreSQL ledger stopped".into()))?
    }

    /// Debits waiting for a committer that has not taken them yet (its batch is still running).
    pub fn queued_debits(&self) -> usize {
        self.debits.queued()
    }

    pub(crate) async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        // With its causes (`tls::why`): a refused certificate is named only there.
        self.pool
            .get()
            .await
            .map_err(|e| StoreError::Unavailable(format!("cannot reach PostgreSQL ({})", tls::why(&e))))
    }

    fn writable(&self) -> Result<(), StoreError> {
        match &*self.refused.read().unwrap_or_else(|p| p.into_inner()) {
            Some(why) => Err(StoreError::Damaged(why.clone())),
            None => Ok(()),
        }
    }
}

#[async_trait::async_trait]
impl Ledger for PgLedger {
    async fn ensure_default(&self, user: String, plans: PlanCatalogue, now: Timestamp) -> Result<(), StoreError> {
        write!(self, tx => workspace::ensure_default(&tx, &user, &plans, now).await?)
    }

    async fn workspace(&self, workspace: Option<String>) -> Result<WorkspaceRef, StoreError> {
        read!(self, tx => ws_ref(db::workspace(&tx, workspace.as_deref()).await?))
    }

    async fn workspace_info(&self, workspace: Option<String>) -> Result<WorkspaceInfo, StoreError> {
        read!(self, tx => workspace::info(&tx, &db::workspace(&tx, workspace.as_deref()).await?).await?)
    }

    async fn workspaces(&self, after: Option<String>, limit: u32) -> Result<Vec<WorkspaceInfo>, StoreError> {
        read!(self, tx => {
            let rows = db::all(
                &tx,
                concat!("SELECT ", db::ws_cols!(), " FROM workspaces WHERE name > $1 ORDER BY name LIMIT $2"),
                &[&after.unwrap_or_default(), &i64::from(limit)],
            )
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push(workspace::info(&tx, &db::ws_row(r, false)).await?);
            }
            out
        })
    }

    async fn create_workspace(
        &self,
        new: NewWorkspace,
        plans: PlanCatalogue,
        now: Timestamp,
    ) -> Result<WorkspaceInfo, StoreError> {
        write!(self, tx => workspace::create(&tx, &new.name, &new.plan, &new.tz, &new.first_seat, &plans, &new.actor, now).await?)
    }

    async fn set_default_workspace(&self, name: String) -> Result<WorkspaceInfo, StoreError> {
        write!(self, tx => workspace::set_default(&tx, &name).await?)
    }

    async fn set_workspace(
        &self,
        workspace: Option<String>,
        tz: Option<String>,
        stripe_customer: Option<String>,
    ) -> Result<WorkspaceInfo, StoreError> {
        write!(self, tx => workspace::set(&tx, workspace.as_deref(), tz.as_deref(), stripe_customer.as_deref()).await?)
    }

    async fn set_topup_budget(
        &self,
        workspace: Option<String>,
        budget: Option<Credits>,
    ) -> Result<WorkspaceInfo, StoreError> {
        write!(self, tx => {
            let mut ws = db::lock_workspace(&tx, workspace.as_deref()).await?;
            workspace::set_topup_budget(&tx, &mut ws, budget).await?
        })
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
        write!(self, tx => workspace::set_plan(&tx, workspace.as_deref(), &plan, at_once, &plans, &actor, now).await?)
    }

    async fn seats(
        &self,
        workspace: Option<String>,
        after: Option<String>,
        limit: u32,
    ) -> Result<Vec<SeatInfo>, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            let rows = db::all(
                &tx,
                concat!(
                    "SELECT ", db::seat_cols!(),
                    " FROM seats WHERE workspace_id = $1 AND active AND name > $2 ORDER BY name LIMIT $3"
                ),
                &[&ws.id, &after.unwrap_or_default(), &i64::from(limit)],
            )
            .await?;
            rows.iter().map(|r| workspace::seat_info(&ws, &db::seat_row(r))).collect::<Vec<_>>()
        })
    }

    async fn add_seat(
        &self,
        workspace: Option<String>,
        name: String,
        plans: PlanCatalogue,
        actor: Actor,
        now: Timestamp,
    ) -> Result<SeatInfo, StoreError> {
        write!(self, tx => {
            let mut ws = db::lock_workspace(&tx, workspace.as_deref()).await?;
            workspace::add_seat(&tx, &mut ws, &name, &plans, &actor, now).await?
        })
    }

    async fn remove_seat(
        &self,
        workspace: Option<String>,
        name: String,
        actor: Actor,
        now: Timestamp,
    ) -> Result<SeatInfo, StoreError> {
        write!(self, tx => {
            let mut ws = db::lock_workspace(&tx, workspace.as_deref()).await?;
            workspace::remove_seat(&tx, &mut ws, &name, &actor, now).await?
        })
    }

    async fn set_seat_limit(
        &self,
        workspace: Option<String>,
        seat: String,
        limit: Option<Credits>,
    ) -> Result<SeatInfo, StoreError> {
        write!(self, tx => {
            let ws = db::lock_workspace(&tx, workspace.as_deref()).await?;
            workspace::set_seat_limit(&tx, &ws, &seat, limit).await?
        })
    }

    async fn set_token(
        &self,
        workspace: Option<String>,
        seat: String,
        change: TokenUpdate,
    ) -> Result<TokenChanged, StoreError> {
        write!(self, tx => {
            let ws = db::lock_workspace(&tx, workspace.as_deref()).await?;
            let before = workspace::set_token(&tx, &ws, &seat, &change).await?;
            TokenChanged { workspace: ws.name, seat: before.name, had_token: before.has_token }
        })
    }

    async fn seat_by_token(&self, hash: &str) -> Result<Option<TokenSeat>, StoreError> {
        read!(self, tx => {
            let seat = db::opt(
                &tx,
                concat!("SELECT ", db::seat_cols!(), " FROM seats WHERE token_hash = $1 AND active"),
                &[&hash],
            )
            .await?
            .map(|r| db::seat_row(&r));
            match seat {
                Some(seat) => {
                    let ws = db::ws_row(
                        &db::one(&tx, concat!("SELECT ", db::ws_cols!(), " FROM workspaces WHERE id = $1"), &[&seat.workspace_id]).await?,
                        false,
                    );
                    Some(TokenSeat { balance: db::balance(&ws, &seat)?, workspace: ws.name, seat: seat.name })
                }
                None => None,
            }
        })
    }

    async fn create_key(&self, workspace: Option<String>, key: NewKey, now: Timestamp) -> Result<KeyInfo, StoreError> {
        write!(self, tx => {
            let ws = db::lock_workspace(&tx, workspace.as_deref()).await?;
            let expires = key.expires_at.map(|t| t.to_string());
            keys::create(&tx, &ws, &key.name, &key.hash, &key.scopes, &now.to_string(), expires.as_deref()).await?
        })
    }

    async fn keys(&self, workspace: Option<String>) -> Result<Vec<KeyInfo>, StoreError> {
        read!(self, tx => keys::list(&tx, &db::workspace(&tx, workspace.as_deref()).await?).await?)
    }

    async fn revoke_key(&self, workspace: Option<String>, name: String) -> Result<KeyInfo, StoreError> {
        write!(self, tx => keys::revoke(&tx, &db::workspace(&tx, workspace.as_deref()).await?, &name).await?)
    }

    async fn key_by_token(&self, hash: &str) -> Result<Option<(KeyInfo, String)>, StoreError> {
        read!(self, tx => keys::by_hash(&tx, hash).await?)
    }

    async fn balance(&self, scope: &Scope) -> Result<Balance, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, scope.workspace.as_deref()).await?;
            let seat = db::seat(&tx, &ws, scope.seat.as_deref(), scope.user.as_deref()).await?;
            db::balance(&ws, &seat)?
        })
    }

    async fn balances(
        &self,
        workspace: Option<String>,
        after: Option<String>,
        limit: u32,
    ) -> Result<WorkspaceBalance, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            let rows = db::all(
                &tx,
                concat!(
                    "SELECT ", db::seat_cols!(),
                    " FROM seats WHERE workspace_id = $1 AND active AND name > $2 ORDER BY name LIMIT $3"
                ),
                &[&ws.id, &after.unwrap_or_default(), &i64::from(limit)],
            )
            .await?;
            let mut seats = Vec::with_capacity(rows.len());
            for r in &rows {
                let s = db::seat_row(r);
                seats.push(SeatBalance {
                    seat: s.name.clone(),
                    included: db::balance(&ws, &s)?.included,
                    topup_limit_per_month: s.topup_limit.map(Credits::from_millis),
                    topup_used_this_month: limits::seat_used(&ws, &s),
                });
            }
            let topup = TopupBalance { remaining: Credits::from_millis(ws.topup) };
            WorkspaceBalance {
                topup_budget_per_month: ws.topup_budget.map(Credits::from_millis),
                topup_used_this_month: limits::workspace_used(&ws),
                workspace: ws.name,
                period: ws.period,
                seats,
                topup,
            }
        })
    }

    async fn check(&self, scope: &Scope, amount: Credits) -> Result<CheckAnswer, StoreError> {
        read!(self, tx => {
            let (fits, balance) = ledger::check(
                &tx,
                scope.workspace.as_deref(),
                scope.seat.as_deref(),
                scope.user.as_deref(),
                amount,
            )
            .await?;
            CheckAnswer { fits, balance }
        })
    }

    async fn debit(&self, req: DebitRequest, now: Timestamp) -> Result<Debited, StoreError> {
        self.writable()?;
        let stopped = || StoreError::Internal("the debit committer stopped".into());
        let (done, answer) = tokio::sync::oneshot::channel();
        self.debits.send(debit_batch::Job { req, now, done }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    async fn debit_each(
        &self,
        reqs: Vec<DebitRequest>,
        now: Timestamp,
    ) -> Result<Vec<Result<Debited, StoreError>>, StoreError> {
        credits_ledger::ledger::check_batch_size(reqs.len())?;
        self.writable()?;
        let mut client = self.client().await?;
        let mut tx = client.transaction().await?;
        let xact: String = tx.query_one("SELECT pg_current_xact_id()::TEXT", &[]).await?.get(0);
        let out = crate::ledger::debit_each(&mut tx, &reqs, now).await?;
        match tx.commit().await.map_err(StoreError::from) {
            Ok(()) => {}
            // The connection went while COMMIT was on its way: it may have committed. Ask the
            // server, and never answer "nothing was changed" on a guess.
            Err(StoreError::Unavailable(why)) => match debit_batch::fate(&self.pool, &xact).await {
                Some(true) => {}
                Some(false) => return Err(StoreError::Unavailable(why)),
                None => {
                    return Err(StoreError::Internal(
                        "the connection to PostgreSQL was lost while this batch was being committed; \
                         it may or may not have been debited: check `history` before sending it again"
                            .into(),
                    ));
                }
            },
            Err(e) => return Err(e),
        }
        self.commits.fetch_add(1, Ordering::Relaxed);
        Ok(out)
    }

    async fn history(&self, workspace: Option<String>, query: HistoryQuery) -> Result<Vec<Entry>, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            if let Some(s) = &query.seat {
                history::require_seat(&tx, &ws, s).await?;
            }
            history::history(&tx, &ws, &query).await?
        })
    }

    async fn history_count(&self, workspace: Option<String>, query: HistoryQuery) -> Result<u64, StoreError> {
        read!(self, tx => history::history_count(&tx, &db::workspace(&tx, workspace.as_deref()).await?, &query).await?)
    }

    async fn prune_idempotency(&self, now: Timestamp) -> Result<usize, StoreError> {
        write!(self, tx => idempotency::prune(&tx, now).await?)
    }

    async fn hold(&self, req: NewHold, now: Timestamp) -> Result<HoldApplied<HoldReceipt>, StoreError> {
        write!(self, tx => holds::create(&tx, &req, now).await?)
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
        write!(self, tx => holds::settle(&tx, &owner, &id, amount, idempotency_key.as_deref(), &actor, now).await?)
    }

    async fn release(
        &self,
        owner: Owner,
        id: String,
        idempotency_key: Option<String>,
        actor: Actor,
        now: Timestamp,
    ) -> Result<HoldApplied<HoldReceipt>, StoreError> {
        write!(self, tx => holds::release(&tx, &owner, &id, idempotency_key.as_deref(), &actor, now).await?)
    }

    async fn expire_holds(&self, now: Timestamp) -> Result<Vec<HoldReceipt>, StoreError> {
        write!(self, tx => holds::expire_due(&tx, now).await?)
    }

    async fn next_hold_expiry(&self) -> Result<Option<Timestamp>, StoreError> {
        read!(self, tx => holds::next_expiry(&tx).await?)
    }

    async fn open_holds(&self) -> Result<i64, StoreError> {
        read!(self, tx => holds::open_count(&tx).await?)
    }

    async fn get_hold(&self, owner: Owner, id: String) -> Result<Hold, StoreError> {
        read!(self, tx => holds::get(&tx, &owner, &id).await?)
    }

    async fn list_holds(&self, owner: Owner, after: Option<String>, limit: u32) -> Result<Vec<Hold>, StoreError> {
        read!(self, tx => holds::list_open(&tx, &owner, after.as_deref(), limit).await?)
    }

    async fn rollover_status(&self, now: Timestamp) -> Result<Vec<WorkspaceStatus>, StoreError> {
        read!(self, tx => rollover::status(&tx, now).await?)
    }

    async fn rollovers_due(&self, now: Timestamp) -> Result<Vec<Due>, StoreError> {
        read!(self, tx => rollover::due(&tx, now).await?)
    }

    async fn next_reset(&self) -> Result<Option<Timestamp>, StoreError> {
        read!(self, tx => rollover::next_boundary(&tx).await?)
    }

    async fn rollover(
        &self,
        name: String,
        plans: PlanCatalogue,
        actor: Actor,
        now: Clock,
    ) -> Result<Option<RolloverReport>, StoreError> {
        // The clock is read inside the transaction, once the workspace is ours to roll.
        write!(self, tx => rollover::apply(&tx, &name, &plans, &actor, now()).await?)
    }

    async fn purchase(&self, id: String) -> Result<Purchase, StoreError> {
        read!(self, tx => purchases::get(&tx, &id).await?)
    }

    async fn purchase_in(&self, workspace: Option<String>, id: String) -> Result<Purchase, StoreError> {
        read!(self, tx => purchases::get_in(&tx, &db::workspace(&tx, workspace.as_deref()).await?, &id).await?)
    }

    async fn purchases(
        &self,
        workspace: Option<String>,
        before: Option<String>,
        limit: u32,
    ) -> Result<Vec<Purchase>, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            purchases::list(&tx, &ws, before.as_deref(), limit).await?
        })
    }

    async fn purchase_by_key(&self, workspace: Option<String>, key: String) -> Result<Option<Purchase>, StoreError> {
        read!(self, tx => purchases::by_key(&tx, &db::workspace(&tx, workspace.as_deref()).await?, &key).await?)
    }

    async fn purchases_in_flight(&self) -> Result<Vec<Purchase>, StoreError> {
        read!(self, tx => purchases::in_flight(&tx).await?)
    }

    async fn create_purchase(
        &self,
        workspace: Option<String>,
        new: NewPurchase,
        now: Timestamp,
    ) -> Result<Purchase, StoreError> {
        write!(self, tx => {
            // Locked: the purchase records the workspace's period, which a rollover moves.
            let ws = db::lock_workspace(&tx, workspace.as_deref()).await?;
            purchases::create(&tx, &ws, &new, now).await?
        })
    }

    async fn apply_purchase(
        &self,
        id: String,
        transition: Transition,
        event: Option<EventRef>,
        now: Timestamp,
    ) -> Result<(Applied, bool), StoreError> {
        write!(self, tx => purchases::apply_event(&tx, &id, &transition, event.as_ref(), now).await?)
    }

    async fn installation(
        &self,
        workspace: WorkspaceId,
        candidate: String,
    ) -> Result<(WorkspaceRef, String), StoreError> {
        write!(self, tx => {
            db::exec(
                &tx,
                "INSERT INTO settings (key, value) VALUES ('installation_id', $1) ON CONFLICT (key) DO NOTHING",
                &[&candidate],
            )
            .await?;
            let id: String =
                db::one(&tx, "SELECT value FROM settings WHERE key = 'installation_id'", &[]).await?.get(0);
            let sql = concat!("SELECT ", db::ws_cols!(), " FROM workspaces WHERE id = $1");
            let ws = db::opt(&tx, sql, &[&workspace.0]).await?.map(|r| db::ws_row(&r, false)).ok_or_else(|| {
                StoreError::NotFound(format!("workspace {} not found", workspace.0).into())
            })?;
            (ws_ref(ws), id)
        })
    }

    async fn bind_customer(&self, workspace: WorkspaceId, customer: String) -> Result<String, StoreError> {
        write!(self, tx => purchases::bind_customer(&tx, workspace.0, &customer).await?)
    }

    async fn spendable(&self, scope: Scope) -> Result<Credits, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, scope.workspace.as_deref()).await?;
            purchases::spendable(&tx, &ws, scope.seat.as_deref(), scope.user.as_deref()).await?
        })
    }

    async fn ensure(
        &self,
        scope: Scope,
        min: Credits,
        new: NewPurchase,
        now: Timestamp,
    ) -> Result<EnsureDecision, StoreError> {
        write!(self, tx => {
            let (ws, seat, user) = (scope.workspace.as_deref(), scope.seat.as_deref(), scope.user.as_deref());
            purchases::ensure(&tx, ws, seat, user, min, &new, now).await?
        })
    }

    async fn auto_topup(&self, workspace: Option<String>) -> Result<AutoTopup, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            let (rule, spent) = (purchases::auto_rule(&tx, &ws).await?, purchases::auto_spent(&tx, &ws).await?);
            AutoTopup { workspace: ws_ref(ws), rule, spent }
        })
    }

    async fn set_auto_rule(&self, workspace: Option<String>, rule: AutoRule, now: Timestamp) -> Result<(), StoreError> {
        write!(self, tx => purchases::set_auto_rule(&tx, &db::lock_workspace(&tx, workspace.as_deref()).await?, &rule, now).await?)
    }

    async fn delete_auto_rule(&self, workspace: Option<String>) -> Result<bool, StoreError> {
        write!(self, tx => purchases::delete_auto_rule(&tx, &db::lock_workspace(&tx, workspace.as_deref()).await?).await?)
    }

    async fn auto_rule_workspaces(&self) -> Result<Vec<String>, StoreError> {
        read!(self, tx => purchases::auto_rule_workspaces(&tx).await?)
    }

    async fn auto_decide(
        &self,
        workspace: Option<String>,
        purchase_id: String,
        credits_per_usd: i64,
        now: Timestamp,
    ) -> Result<AutoDecision, StoreError> {
        write!(self, tx => purchases::auto_decide(&tx, workspace.as_deref(), &purchase_id, credits_per_usd, now).await?)
    }

    async fn prune_events(&self, now: Timestamp, age: SignedDuration) -> Result<usize, StoreError> {
        write!(self, tx => purchases::prune_events(&tx, now, age).await?)
    }

    async fn usage(
        &self,
        workspace: Option<String>,
        months: u32,
    ) -> Result<(WorkspaceRef, usize, Vec<MonthUsage>), StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            let seats = db::seats(&tx, &ws).await?.len();
            let list = workspace::usage(&tx, ws.id, months).await?;
            (ws_ref(ws), seats, list)
        })
    }

    async fn consumption(&self, workspace: Option<String>, windows: Vec<Window>) -> Result<Consumption, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            workspace::consumption(&tx, &ws, &windows).await?
        })
    }

    async fn overview(&self, query: OverviewQuery) -> Result<Overview, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, query.workspace.as_deref()).await?;
            let info = workspace::info(&tx, &ws).await?;
            let mut seats = Vec::new();
            for seat in db::seats(&tx, &ws).await? {
                if query.seat.as_ref().is_some_and(|only| *only != seat.name) {
                    continue;
                }
                seats.push(db::balance(&ws, &seat)?);
            }
            let (workspaces, auto_rule, purchases) = match query.everything {
                Some(n) => (
                    db::workspaces(&tx).await?.into_iter().map(|w| w.name).collect(),
                    purchases::auto_rule(&tx, &ws).await?,
                    purchases::list(&tx, &ws, None, n).await?,
                ),
                None => (Vec::new(), None, Vec::new()),
            };
            Overview { info, seats, topup: Credits::from_millis(ws.topup), workspaces, auto_rule, purchases }
        })
    }

    async fn purchase_view(
        &self,
        id: String,
        viewer: Option<(String, String)>,
    ) -> Result<Option<PurchaseView>, StoreError> {
        read!(self, tx => {
            match purchases::get(&tx, &id).await {
                Err(StoreError::NotFound(_)) => None,
                Err(e) => return Err(e),
                Ok(purchase) if viewer.as_ref().is_some_and(|(w, _)| *w != purchase.workspace) => None,
                Ok(purchase) => {
                    let ws = db::workspace(&tx, Some(&purchase.workspace)).await?;
                    let spendable = match &viewer {
                        Some((_, seat)) => Some(db::balance(&ws, &db::seat(&tx, &ws, Some(seat), None).await?)?.spendable),
                        None => None,
                    };
                    Some(PurchaseView { purchase, topup: Credits::from_millis(ws.topup), spendable })
                }
            }
        })
    }

    async fn webhook_add(
        &self,
        workspace: Option<String>,
        endpoint: NewEndpoint,
        now: Timestamp,
    ) -> Result<Endpoint, StoreError> {
        write!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            notify::add(&tx, &ws, &endpoint, &now.to_string()).await?
        })
    }

    async fn webhooks(&self, workspace: Option<String>) -> Result<Vec<Endpoint>, StoreError> {
        read!(self, tx => notify::list(&tx, &db::workspace(&tx, workspace.as_deref()).await?).await?)
    }

    async fn webhook_remove(&self, workspace: Option<String>, id: String) -> Result<Endpoint, StoreError> {
        write!(self, tx => notify::remove(&tx, &db::workspace(&tx, workspace.as_deref()).await?, &id).await?)
    }

    async fn emit(&self, workspace: Option<String>, event: NewEvent, now: Timestamp) -> Result<String, StoreError> {
        write!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            notify::emit(&tx, &ws, &event, now.as_second()).await?
        })
    }

    async fn next_delivery(&self) -> Result<Option<i64>, StoreError> {
        read!(self, tx => notify::next_delivery(&tx).await?)
    }

    async fn claim_deliveries(&self, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<DueDelivery>, StoreError> {
        write!(self, tx => notify::claim(&tx, now_ms, lease_ms, limit).await?)
    }

    async fn record_attempt(&self, outcome: AttemptOutcome) -> Result<(), StoreError> {
        write!(self, tx => notify::record(&tx, &outcome).await?)
    }

    async fn delivery_log(
        &self,
        workspace: Option<String>,
        endpoint: String,
        limit: u32,
    ) -> Result<Vec<DeliveryAttempt>, StoreError> {
        read!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            notify::log(&tx, &ws, &endpoint, limit).await?
        })
    }

    async fn replay_event(&self, workspace: Option<String>, event: String) -> Result<u32, StoreError> {
        write!(self, tx => notify::replay(&tx, &db::workspace(&tx, workspace.as_deref()).await?, &event).await?)
    }

    async fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        read!(self, tx => notify::stats(&tx).await?)
    }

    async fn prune_outbox(&self, before: i64) -> Result<usize, StoreError> {
        write!(self, tx => notify::prune(&tx, before).await?)
    }

    async fn set_alert(
        &self,
        workspace: Option<String>,
        seat: Option<String>,
        below: Option<Credits>,
        now: Timestamp,
    ) -> Result<Option<Alert>, StoreError> {
        write!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            notify::set_alert(&tx, &ws, seat.as_deref(), below, &now.to_string()).await?
        })
    }

    async fn alerts(&self, workspace: Option<String>) -> Result<Vec<Alert>, StoreError> {
        read!(self, tx => notify::alerts(&tx, &db::workspace(&tx, workspace.as_deref()).await?).await?)
    }

    async fn note_refusal(
        &self,
        workspace: Option<String>,
        seat: String,
        refusal: Refusal,
        data: String,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        if refusal == Refusal::Depleted {
            let depleted: Result<bool, StoreError> = read!(self, tx => {
                notify::is_depleted(&tx, &db::workspace(&tx, workspace.as_deref()).await?, &seat).await?
            });
            if depleted? {
                return Ok(false);
            }
        }
        write!(self, tx => {
            let ws = db::workspace(&tx, workspace.as_deref()).await?;
            notify::note_refusal(&tx, &ws, &seat, refusal, &data, &now.to_string(), now.as_second()).await?
        })
    }

    async fn verify(&self) -> Result<VerifyReport, StoreError> {
        read!(self, tx => verify::verify(&tx).await?)
    }

    async fn backup(&self, _to: std::path::PathBuf) -> Result<credits_core::snapshot::SnapshotReport, StoreError> {
        // A database server's own dump is consistent and restorable with its own tools; a copy
        // made here would be a second, weaker format.
        Err(StoreError::InvalidInput(
            "this ledger is in PostgreSQL: back it up with pg_dump (e.g. `pg_dump --format=custom \
             --file=credits.dump DBNAME`, consistent while the daemons run) and restore it with pg_restore"
                .to_owned(),
        ))
    }

    async fn quick_check(&self) -> Result<Vec<String>, StoreError> {
        // PostgreSQL checks its own pages (and checksums when enabled); a query that answers is
        // the check this backend can make from a client.
        read!(self, tx => {
            db::one(&tx, "SELECT 1", &[]).await?;
            Vec::new()
        })
    }

    fn refuse_writes(&self, why: Option<String>) {
        *self.refused.write().unwrap_or_else(|p| p.into_inner()) = why;
    }

    fn commit_stats(&self) -> CommitStats {
        // Debits commit in batches; every other write is a batch of one.
        let other = self.commits.load(Ordering::Relaxed);
        CommitStats {
            batches: other + self.batches.batches.load(Ordering::Relaxed),
            jobs: other + self.batches.jobs.load(Ordering::Relaxed),
        }
    }
}
