//! The ledger service: every operation the daemon needs, each one transaction with typed
//! arguments and a typed result, behind the [`Ledger`] trait so a second backend is an addition
//! (an `impl Ledger`), not a rewrite of the daemon. `credits_store::SqliteLedger` is the only
//! backend today.
//!
//! The trait uses `async_trait` so the daemon can hold an `Arc<dyn Ledger>`: native async trait
//! methods are not dyn-compatible. The price is one boxed future per call, negligible against a
//! durable debit (a group commit with fsync).

use credits_core::keys::{KeyInfo, KeyScope};
use credits_core::notify::{Alert, DeliveryAttempt, Endpoint};
use credits_core::plan::PlanCatalogue;
use credits_core::purchase::Purchase;
use credits_core::records::{Balance, DebitReceipt, Entry, SeatInfo, WorkspaceBalance, WorkspaceInfo};
use credits_core::{Actor, Cents, Credits};
use jiff::{SignedDuration, Timestamp};

use crate::error::StoreError;
use crate::history::HistoryQuery;
use crate::holds::{Applied as HoldApplied, Hold, HoldReceipt, NewHold, Owner};
use crate::ledger::DebitRequest;
use crate::notify::{AttemptOutcome, DueDelivery, NewEndpoint, NewEvent, OutboxStats, Refusal};
use crate::purchases::{Applied, AutoDecision, AutoRule, EnsureDecision, NewPurchase, Transition};
use crate::rollover::{Due, RolloverReport, WorkspaceStatus};
use crate::usage::{Consumption, MonthUsage, Window};
use crate::verify::VerifyReport;

/// The current instant, read where a transaction runs.
pub type Clock = std::sync::Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// A workspace's id: stable across renames, used to bind a Stripe customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkspaceId(pub i64);

pub use credits_core::records::Scope;

/// Whether a debit of some amount fits, and the seat's balance.
#[derive(Debug, Clone)]
pub struct CheckAnswer {
    pub fits: bool,
    pub balance: Balance,
}

/// A debit's receipt, and whether it is the stored answer of an earlier request with the same
/// idempotency key.
#[derive(Debug, Clone)]
pub struct Debited {
    pub receipt: DebitReceipt,
    pub replayed: bool,
}

/// The seat a bearer token belongs to, with its balance.
#[derive(Debug, Clone)]
pub struct TokenSeat {
    pub workspace: String,
    pub seat: String,
    pub balance: Balance,
}

/// What to do with a seat's API token (the argument is the new token's hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenUpdate {
    Create(String),
    Rotate(String),
    Revoke,
}

/// A token change done: the workspace, the seat, and whether it had a token before.
#[derive(Debug, Clone)]
pub struct TokenChanged {
    pub workspace: String,
    pub seat: String,
    pub had_token: bool,
}

/// An API key to add: its name, the SHA-256 hash of its token, what it may do, until when.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub name: String,
    pub hash: String,
    pub scopes: Vec<KeyScope>,
    pub expires_at: Option<Timestamp>,
}

/// A workspace to create.
#[derive(Debug, Clone)]
pub struct NewWorkspace {
    pub name: String,
    pub plan: String,
    pub tz: String,
    pub first_seat: String,
    /// Who creates it: recorded with the first seat's grant.
    pub actor: Actor,
}

/// A workspace as the purchase flow needs it.
#[derive(Debug, Clone)]
pub struct WorkspaceRef {
    pub id: WorkspaceId,
    pub name: String,
    pub plan: String,
    pub period: String,
    pub stripe_customer: Option<String>,
}

/// A workspace's auto top-up rule and what it bought this month.
#[derive(Debug, Clone)]
pub struct AutoTopup {
    pub workspace: WorkspaceRef,
    pub rule: Option<AutoRule>,
    pub spent: Cents,
}

/// A Stripe event that caused a purchase transition (recorded once; a repeat changes nothing).
#[derive(Debug, Clone)]
pub struct EventRef {
    pub id: String,
    pub type_: String,
}

/// A workspace at a glance (the billing page's card), read in one snapshot.
#[derive(Debug, Clone)]
pub struct Overview {
    pub info: WorkspaceInfo,
    /// The balances of the seats asked for, by name.
    pub seats: Vec<Balance>,
    pub topup: Credits,
    /// Every workspace's name, when asked for.
    pub workspaces: Vec<String>,
    pub auto_rule: Option<AutoRule>,
    /// The newest purchases, when asked for.
    pub purchases: Vec<Purchase>,
}

/// What an overview includes.
#[derive(Debug, Clone, Default)]
pub struct OverviewQuery {
    pub workspace: Option<String>,
    /// Only this seat's balance; `None`: every seat's.
    pub seat: Option<String>,
    /// Also every workspace's name, the auto top-up rule and this many newest purchases.
    pub everything: Option<u32>,
}

/// A purchase with the balances its buyer sees next to it.
#[derive(Debug, Clone)]
pub struct PurchaseView {
    pub purchase: Purchase,
    /// The workspace's top-up balance.
    pub topup: Credits,
    /// The viewing seat's spendable balance, when a seat views it.
    pub spendable: Option<Credits>,
}

/// The writer's group-commit counters.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommitStats {
    pub batches: u64,
    pub jobs: u64,
}

/// The ledger, whatever stores it. Every method is one transaction (reads: one snapshot);
/// mutations resolve only after they are durable.
#[async_trait::async_trait]
pub trait Ledger: Send + Sync + std::fmt::Debug + 'static {
    // Workspaces, seats, plans.
    /// Creates the default workspace (free plan, UTC, one seat for `user`) if there is none; its
    /// first grant is the daemon's.
    async fn ensure_default(&self, user: String, plans: PlanCatalogue, now: Timestamp) -> Result<(), StoreError>;
    async fn workspace(&self, workspace: Option<String>) -> Result<WorkspaceRef, StoreError>;
    async fn workspace_info(&self, workspace: Option<String>) -> Result<WorkspaceInfo, StoreError>;
    /// At most `limit` workspaces whose names sort after `after`.
    async fn workspaces(&self, after: Option<String>, limit: u32) -> Result<Vec<WorkspaceInfo>, StoreError>;
    async fn create_workspace(
        &self,
        new: NewWorkspace,
        plans: PlanCatalogue,
        now: Timestamp,
    ) -> Result<WorkspaceInfo, StoreError>;
    async fn set_default_workspace(&self, name: String) -> Result<WorkspaceInfo, StoreError>;
    async fn set_workspace(
        &self,
        workspace: Option<String>,
        tz: Option<String>,
        stripe_customer: Option<String>,
    ) -> Result<WorkspaceInfo, StoreError>;
    /// Sets (`Some`) or clears (`None`) the monthly top-up budget of all the workspace's seats.
    async fn set_topup_budget(
        &self,
        workspace: Option<String>,
        budget: Option<Credits>,
    ) -> Result<WorkspaceInfo, StoreError>;
    async fn set_plan(
        &self,
        workspace: Option<String>,
        plan: String,
        at_once: bool,
        plans: PlanCatalogue,
        actor: Actor,
        now: Timestamp,
    ) -> Result<WorkspaceInfo, StoreError>;
    async fn seats(
        &self,
        workspace: Option<String>,
        after: Option<String>,
        limit: u32,
    ) -> Result<Vec<SeatInfo>, StoreError>;
    async fn add_seat(
        &self,
        workspace: Option<String>,
        name: String,
        plans: PlanCatalogue,
        actor: Actor,
        now: Timestamp,
    ) -> Result<SeatInfo, StoreError>;
    async fn remove_seat(
        &self,
        workspace: Option<String>,
        name: String,
        actor: Actor,
        now: Timestamp,
    ) -> Result<SeatInfo, StoreError>;
    /// Sets (`Some`; 0: included credits only) or clears (`None`) a seat's monthly top-up limit.
    async fn set_seat_limit(
        &self,
        workspace: Option<String>,
        seat: String,
        limit: Option<Credits>,
    ) -> Result<SeatInfo, StoreError>;
    async fn set_token(
        &self,
        workspace: Option<String>,
        seat: String,
        change: TokenUpdate,
    ) -> Result<TokenChanged, StoreError>;
    /// The seat whose token hashes to `hash` (a point read, on the calling thread).
    async fn seat_by_token(&self, hash: &str) -> Result<Option<TokenSeat>, StoreError>;

    // Workspace API keys.
    /// Adds a key (its token's hash); the name must be new in the workspace.
    async fn create_key(&self, workspace: Option<String>, key: NewKey, now: Timestamp) -> Result<KeyInfo, StoreError>;
    /// Every key of a workspace, by name (never a token).
    async fn keys(&self, workspace: Option<String>) -> Result<Vec<KeyInfo>, StoreError>;
    /// Deletes key `name`: its token stops working. Not found when there is none.
    async fn revoke_key(&self, workspace: Option<String>, name: String) -> Result<KeyInfo, StoreError>;
    /// The key whose token hashes to `hash`, expired or not, with the hash as stored (a point
    /// read, on the calling thread).
    async fn key_by_token(&self, hash: &str) -> Result<Option<(KeyInfo, String)>, StoreError>;

    // Balances and debits.
    /// One seat's balance (a point read, on the calling thread).
    async fn balance(&self, scope: &Scope) -> Result<Balance, StoreError>;
    /// A page of a workspace's seat balances: at most `limit` seats after `after`.
    async fn balances(
        &self,
        workspace: Option<String>,
        after: Option<String>,
        limit: u32,
    ) -> Result<WorkspaceBalance, StoreError>;
    /// Would a debit of `amount` fit (a point read, on the calling thread)?
    async fn check(&self, scope: &Scope, amount: Credits) -> Result<CheckAnswer, StoreError>;
    /// Included first, then top-up; all or nothing; 402 with the balance when it does not fit.
    /// A repeated idempotency key answers the stored receipt, marked replayed, and writes nothing.
    async fn debit(&self, req: DebitRequest, now: Timestamp) -> Result<Debited, StoreError>;
    /// Debits each request on its own, in order, all in one transaction: a refusal or bad input
    /// answers that request alone (its writes undone, the others kept), in the answer's slot of
    /// the same index. `Err` only when the transaction itself fails: then nothing was written.
    /// At most [`crate::ledger::MAX_BATCH`] requests.
    async fn debit_each(
        &self,
        reqs: Vec<DebitRequest>,
        now: Timestamp,
    ) -> Result<Vec<Result<Debited, StoreError>>, StoreError>;
    /// Journal entries of a workspace, newest first.
    async fn history(&self, workspace: Option<String>, query: HistoryQuery) -> Result<Vec<Entry>, StoreError>;
    /// How many entries [`Ledger::history`] would list without a cursor or limit.
    async fn history_count(&self, workspace: Option<String>, query: HistoryQuery) -> Result<u64, StoreError>;
    /// Forgets idempotency keys past their retention; returns how many.
    async fn prune_idempotency(&self, now: Timestamp) -> Result<usize, StoreError>;

    // Holds.
    async fn hold(&self, req: NewHold, now: Timestamp) -> Result<HoldApplied<HoldReceipt>, StoreError>;
    async fn settle(
        &self,
        owner: Owner,
        id: String,
        amount: Credits,
        idempotency_key: Option<String>,
        actor: Actor,
        now: Timestamp,
    ) -> Result<HoldApplied<HoldReceipt>, StoreError>;
    async fn release(
        &self,
        owner: Owner,
        id: String,
        idempotency_key: Option<String>,
        actor: Actor,
        now: Timestamp,
    ) -> Result<HoldApplied<HoldReceipt>, StoreError>;
    /// Releases up to [`crate::holds::EXPIRE_BATCH`] holds past their expiry (as `daemon`).
    async fn expire_holds(&self, now: Timestamp) -> Result<Vec<HoldReceipt>, StoreError>;
    async fn next_hold_expiry(&self) -> Result<Option<Timestamp>, StoreError>;
    async fn open_holds(&self) -> Result<i64, StoreError>;
    async fn get_hold(&self, owner: Owner, id: String) -> Result<Hold, StoreError>;
    /// At most `limit` open holds of the owner's workspace (or seat), soonest to expire first,
    /// after the cursor of [`crate::holds::list_cursor`].
    async fn list_holds(&self, owner: Owner, after: Option<String>, limit: u32) -> Result<Vec<Hold>, StoreError>;

    // Monthly rollovers.
    async fn rollover_status(&self, now: Timestamp) -> Result<Vec<WorkspaceStatus>, StoreError>;
    async fn rollovers_due(&self, now: Timestamp) -> Result<Vec<Due>, StoreError>;
    async fn next_reset(&self) -> Result<Option<Timestamp>, StoreError>;
    /// Rolls workspace `name` into the period containing `now()`, once; `None` when it is current.
    /// The clock is read when the transaction runs, not when it is queued.
    async fn rollover(
        &self,
        name: String,
        plans: PlanCatalogue,
        actor: Actor,
        now: Clock,
    ) -> Result<Option<RolloverReport>, StoreError>;

    // Purchases.
    async fn purchase(&self, id: String) -> Result<Purchase, StoreError>;
    async fn purchase_in(&self, workspace: Option<String>, id: String) -> Result<Purchase, StoreError>;
    async fn purchases(
        &self,
        workspace: Option<String>,
        before: Option<String>,
        limit: u32,
    ) -> Result<Vec<Purchase>, StoreError>;
    /// The workspace's purchase recorded under idempotency key `key`, if any.
    async fn purchase_by_key(&self, workspace: Option<String>, key: String) -> Result<Option<Purchase>, StoreError>;
    async fn purchases_in_flight(&self) -> Result<Vec<Purchase>, StoreError>;
    /// Records `new` in state `created`. When `new.idempotency_key` was used before in the
    /// workspace, nothing is recorded: the earlier purchase is answered (its id is not
    /// `new.id`), or `idempotency_error` when its amount or kind differ. `ensure` does the same
    /// before deciding anything (answering [`EnsureDecision::Created`] with the earlier purchase).
    async fn create_purchase(
        &self,
        workspace: Option<String>,
        new: NewPurchase,
        now: Timestamp,
    ) -> Result<Purchase, StoreError>;
    /// Applies a transition, once per Stripe event: `(applied, false)` when the event was seen.
    /// The credit entry names the purchase's buyer ([`crate::purchases::NewPurchase::actor`]).
    async fn apply_purchase(
        &self,
        id: String,
        transition: Transition,
        event: Option<EventRef>,
        now: Timestamp,
    ) -> Result<(Applied, bool), StoreError>;
    /// The installation's id (set to `candidate` the first time) and the workspace.
    async fn installation(
        &self,
        workspace: WorkspaceId,
        candidate: String,
    ) -> Result<(WorkspaceRef, String), StoreError>;
    async fn bind_customer(&self, workspace: WorkspaceId, customer: String) -> Result<String, StoreError>;
    async fn spendable(&self, scope: Scope) -> Result<Credits, StoreError>;
    async fn ensure(
        &self,
        scope: Scope,
        min: Credits,
        new: NewPurchase,
        now: Timestamp,
    ) -> Result<EnsureDecision, StoreError>;
    async fn auto_topup(&self, workspace: Option<String>) -> Result<AutoTopup, StoreError>;
    async fn set_auto_rule(&self, workspace: Option<String>, rule: AutoRule, now: Timestamp) -> Result<(), StoreError>;
    async fn delete_auto_rule(&self, workspace: Option<String>) -> Result<bool, StoreError>;
    async fn auto_rule_workspaces(&self) -> Result<Vec<String>, StoreError>;
    async fn auto_decide(
        &self,
        workspace: Option<String>,
        purchase_id: String,
        credits_per_usd: i64,
        now: Timestamp,
    ) -> Result<AutoDecision, StoreError>;
    async fn prune_events(&self, now: Timestamp, age: SignedDuration) -> Result<usize, StoreError>;

    // Reports.
    /// Per-period usage, newest first, at most `months` periods; with the workspace and its
    /// number of active seats.
    async fn usage(
        &self,
        workspace: Option<String>,
        months: u32,
    ) -> Result<(WorkspaceRef, usize, Vec<MonthUsage>), StoreError>;

    /// Every active seat of a workspace (by name) with its balance and what it consumed in each
    /// of `windows` (see [`crate::usage::consumed`]; entries without a seat do not count), with
    /// the workspace's settings and top-up pool: one snapshot.
    async fn consumption(&self, workspace: Option<String>, windows: Vec<Window>) -> Result<Consumption, StoreError>;

    /// A workspace's card: its settings and balances, and for a full view its neighbours, auto
    /// top-up rule and newest purchases.
    async fn overview(&self, query: OverviewQuery) -> Result<Overview, StoreError>;
    /// Purchase `id` as `viewer` (a workspace and seat; `None`: the whole installation) sees it;
    /// `None` when it does not exist or belongs to another workspace than the viewer's.
    async fn purchase_view(
        &self,
        id: String,
        viewer: Option<(String, String)>,
    ) -> Result<Option<PurchaseView>, StoreError>;

    // Backups.
    /// Writes a verified snapshot of the ledger to `to` (a new file in an existing directory)
    /// while writes go on; on success the file at `to` verifies. A backend whose database has
    /// its own tool for this (PostgreSQL: `pg_dump`) refuses with `InvalidInput` naming it.
    async fn backup(&self, to: std::path::PathBuf) -> Result<credits_core::snapshot::SnapshotReport, StoreError>;
    // Notifications: webhook endpoints, the outbox, alerts.
    /// Adds a webhook endpoint to the workspace.
    async fn webhook_add(
        &self,
        workspace: Option<String>,
        endpoint: NewEndpoint,
        now: Timestamp,
    ) -> Result<Endpoint, StoreError>;
    /// The workspace's endpoints, oldest first.
    async fn webhooks(&self, workspace: Option<String>) -> Result<Vec<Endpoint>, StoreError>;
    /// Removes an endpoint (its pending deliveries are dropped, its log kept); not found if none.
    async fn webhook_remove(&self, workspace: Option<String>, id: String) -> Result<Endpoint, StoreError>;
    /// Writes an event to the outbox; its id.
    async fn emit(&self, workspace: Option<String>, event: NewEvent, now: Timestamp) -> Result<String, StoreError>;
    /// When the next pending delivery is due (unix ms; `Some(0)`: now), if any.
    async fn next_delivery(&self) -> Result<Option<i64>, StoreError>;
    /// Leases up to `limit` due deliveries until `now_ms + lease_ms`; several daemons never get
    /// the same one while its lease runs.
    async fn claim_deliveries(&self, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<DueDelivery>, StoreError>;
    /// Records an attempt in the log and the delivery's new state.
    async fn record_attempt(&self, outcome: AttemptOutcome) -> Result<(), StoreError>;
    /// The newest attempts to an endpoint, newest first.
    async fn delivery_log(
        &self,
        workspace: Option<String>,
        endpoint: String,
        limit: u32,
    ) -> Result<Vec<DeliveryAttempt>, StoreError>;
    /// Sends an event again, now, to every endpoint that wants it; how many deliveries.
    async fn replay_event(&self, workspace: Option<String>, event: String) -> Result<u32, StoreError>;
    async fn outbox_stats(&self) -> Result<OutboxStats, StoreError>;
    /// Deletes deliveries done (delivered or given up) before `before` (unix seconds), their
    /// attempts, and events left with no delivery (but not those written once per key); how
    /// many rows.
    async fn prune_outbox(&self, before: i64) -> Result<usize, StoreError>;
    /// Sets (`below`: Some) or removes the workspace's or a seat's low-balance alert.
    async fn set_alert(
        &self,
        workspace: Option<String>,
        seat: Option<String>,
        below: Option<Credits>,
        now: Timestamp,
    ) -> Result<Option<Alert>, StoreError>;
    async fn alerts(&self, workspace: Option<String>) -> Result<Vec<Alert>, StoreError>;
    /// Records the event a refused debit of `seat` sends (`balance.depleted` only the first time
    /// after it had credits); whether an event was written.
    async fn note_refusal(
        &self,
        workspace: Option<String>,
        seat: String,
        refusal: Refusal,
        data: String,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    // Integrity.
    /// Balances against the journal, and the hash chains.
    async fn verify(&self) -> Result<VerifyReport, StoreError>;
    /// The storage's own consistency check; problems found (empty: sound).
    async fn quick_check(&self) -> Result<Vec<String>, StoreError>;
    /// From now on refuse every write with `why` ([`StoreError::Damaged`]); `None` accepts again.
    fn refuse_writes(&self, why: Option<String>);
    fn commit_stats(&self) -> CommitStats;
}
