//! The result of every [`crate::Call`], one type each: the daemon builds these and the CLI decodes
//! them, so a field is added in one place. Shapes shared with the store and the HTTP API (a
//! balance, a receipt, a hold) live in `credits_core::records` and are re-exported here; paged
//! lists are in [`crate::page`]. Field names are part of the public JSON contract: add fields,
//! never rename one.
//!
//! | call | result |
//! |------|--------|
//! | `hello` | [`Hello`] |
//! | `status` | [`DaemonStatus`] |
//! | `stop` | [`Stopping`] |
//! | `balance` | [`Balance`], with `all_seats` [`crate::page::SeatBalancesPage`] |
//! | `spend` | [`SpendResult`] |
//! | `spend_batch` | [`SpendBatchResult`] |
//! | `check` | [`CheckResult`] |
//! | `forecast` | [`Forecast`] |
//! | `history` | [`crate::page::HistoryPage`] |
//! | `rollover` | [`RolloverAnswer`] |
//! | `seats_list` | [`crate::page::SeatsPage`] |
//! | `seats_add`, `seats_remove` | [`SeatInfo`] |
//! | `seats_token` | [`SeatToken`] |
//! | `keys_create` | [`KeyCreated`] |
//! | `keys_list` | [`KeyList`] |
//! | `keys_revoke` | [`KeyInfo`] |
//! | `webhooks_add` | [`WebhookCreated`] |
//! | `webhooks_list` | [`WebhookList`] |
//! | `webhooks_remove` | [`Endpoint`] |
//! | `webhooks_test`, `webhooks_replay` | [`EventQueued`] |
//! | `webhooks_deliveries` | [`DeliveryLog`] |
//! | `alerts_set`, `alerts_list` | [`AlertList`] |
//! | `plan_show` | [`PlanShow`] |
//! | `plan_list` | [`PlanList`] |
//! | `plan_set`, `workspace_add`, `workspace_use`, `workspace_show`, `workspace_set` | [`WorkspaceInfo`] |
//! | `workspace_list` | [`crate::page::WorkspacesPage`] |
//! | `verify` | [`VerifyReport`] |
//! | `backup` | [`SnapshotReport`] |
//! | `config_show` | the daemon's settings (`credits_config::Settings`) |
//! | `hold_create`, `hold_settle`, `hold_release` | [`HoldReceipt`] |
//! | `hold_list` | [`crate::page::HoldsPage`] |
//! | `hold_show` | [`Hold`] |
//! | `buy`, `purchase_wait` | [`PurchaseAnswer`] |
//! | `purchases_list` | [`crate::page::PurchasesPage`] |
//! | `purchase_show`, `purchase_cancel` | [`Purchase`] |
//! | `ensure` | [`EnsureAnswer`] |
//! | `auto_topup_show`, `auto_topup_set`, `auto_topup_off` | [`AutoTopup`] |
//! | `usage` | [`UsageReport`] |
//! | `advise` | [`Advice`] |
//! | `reconcile` | [`ReconcileReport`] |
//!
//! `GET /v1/status` (HTTP only) answers a [`ServerStatus`].

use std::path::PathBuf;

pub use credits_core::keys::{KeyInfo, KeyScope};
pub use credits_core::notify::{Alert, DeliveryAttempt, Endpoint};

pub use credits_core::plan::Plan;
pub use credits_core::purchase::Purchase;
pub use credits_core::records::{
    AutoRule, Balance, BurnRates, DebitReceipt, Due, Forecast, ForecastBasis, ForecastTime, Hold, HoldReceipt,
    HoldStatus, IntegrityReport, MonthUsage, PeriodState, RolloverReport, SeatForecast, SeatInfo, VerifyReport,
    WorkspaceForecast, WorkspaceInfo, WorkspaceStatus,
};
pub use credits_core::snapshot::{ChainHead, SnapshotReport};
use credits_core::{Cents, Credits};
use serde::{Deserialize, Serialize};

/// `hello`: who answers. Every field has a default, so a CLI can read the handshake of a daemon
/// of another version far enough to say which protocol it speaks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hello {
    pub protocol: u32,
    pub version: String,
    pub pid: u32,
    /// The ledger this daemon serves: lets a client tell it from another daemon that shares the
    /// socket's directory. Absent from daemons that predate it.
    pub db: Option<PathBuf>,
    /// Why the HTTP API is not listening, when it could not start: a CLI that just started
    /// this daemon warns about it without another call.
    pub http_disabled: Option<HttpDisabled>,
}

/// Why the HTTP API could not start (the socket keeps working without it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpDisabled {
    /// The address it was told to listen on (`STUDIO_CREDITS_HTTP_LISTEN`, `[http] listen`).
    pub listen: String,
    pub reason: HttpDisabledReason,
    /// What went wrong, in a sentence, e.g. "127.0.0.1:4402 already in use".
    pub message: String,
}

/// The kind of [`HttpDisabled`], for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HttpDisabledReason {
    /// Another process listens on that port.
    InUse,
    /// Not a `HOST:PORT` this machine can resolve.
    InvalidAddress,
    /// Not an address of this machine.
    NotLocal,
    /// Not allowed (a port below 1024 without privileges).
    PermissionDenied,
    /// HTTPS was asked for (`http.tls_cert` / `tls_key`) but its files are missing, unreadable,
    /// not PEM, or the key can be read by other users.
    Tls,
    Other,
}

/// `status` (and `daemon status --json`): the daemon's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaemonStatus {
    pub pid: u32,
    pub version: String,
    pub protocol: u32,
    pub socket: PathBuf,
    /// Where the HTTP API listens; `None` when it is off.
    pub http_addr: Option<String>,
    /// The base URL of the HTTP API (`https://127.0.0.1:4402` when it serves TLS); `None` when
    /// it is off.
    #[serde(default)]
    pub http_url: Option<String>,
    /// Why it is off, when it could not start.
    #[serde(default)]
    pub http_disabled: Option<HttpDisabled>,
    pub db: PathBuf,
    /// Where the ledger lives, as a URL without any password (`sqlite:///…/credits.db`,
    /// `postgres://user@host:port/db`); `None` from a daemon too old to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    pub started_at: String,
    /// The daemon's clock, which a test may have set.
    pub now: String,
    pub fake_clock: bool,
    pub integrity: IntegrityReport,
    /// Whether this daemon can buy through Stripe, as it started (a key exported later does not
    /// reach it). `None` from a daemon too old to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripe: Option<StripeState>,
    /// Scheduled backups (`[backup] every`), when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<BackupState>,
}

/// The daemon's scheduled backups: the setting and the last run's outcome (kept in memory; the
/// snapshots themselves are the record).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupState {
    pub every_seconds: u64,
    pub keep: u32,
    pub dir: PathBuf,
    /// When the last scheduled backup ended (RFC 3339), whatever its outcome.
    #[serde(default)]
    pub last_at: Option<String>,
    /// Whether it wrote a verified snapshot.
    #[serde(default)]
    pub last_ok: Option<bool>,
    /// Why it failed, when it did.
    #[serde(default)]
    pub last_error: Option<String>,
    /// The newest verified snapshot this daemon wrote, and when.
    #[serde(default)]
    pub last_success_at: Option<String>,
    #[serde(default)]
    pub last_success_path: Option<PathBuf>,
    /// When the next one is due.
    #[serde(default)]
    pub next_at: Option<String>,
}

/// What a daemon knows of Stripe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripeState {
    /// The daemon has a Stripe secret key.
    pub configured: bool,
    /// Why purchases cannot reach Stripe although a key is set (an unusable API base), if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// `GET /v1/status`: the remote daemon's version and what the presenting API key may do (the
/// remote CLI's handshake and `daemon status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerStatus {
    /// The daemon's package version.
    pub version: String,
    /// The daemon's [`crate::PROTOCOL_VERSION`].
    pub protocol: u32,
    /// The key's workspace.
    pub workspace: String,
    /// The key's name.
    pub key: String,
    pub scopes: Vec<KeyScope>,
    /// The daemon's clock, RFC 3339.
    pub now: String,
}

/// `stop`: the daemon stops once this is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stopping {
    pub stopping: bool,
    pub pid: u32,
}

/// `spend`: the debit's receipt, and whether it is the stored answer of an earlier spend under
/// the same idempotency key (then nothing was charged again; HTTP says `Idempotent-Replayed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendResult {
    #[serde(flatten)]
    pub receipt: DebitReceipt,
    /// An older daemon does not say: read as a new spend.
    #[serde(default)]
    pub replayed: bool,
}

/// `spend_batch` (and `POST /v1/usage/batch`): one result per event, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendBatchResult {
    pub results: Vec<EventResult>,
}

/// What became of one event of a batch: `{"status": "ok", "entries", "balance"}` (debited),
/// `"replayed"` (the stored receipt of an earlier debit under the same idempotency key; nothing
/// was charged again), or `"payment_required"` / `"invalid_input"` / `"error"` with an `error`
/// (nothing was charged for it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum EventResult {
    Ok(DebitReceipt),
    Replayed(DebitReceipt),
    PaymentRequired {
        error: EventError,
    },
    /// A malformed event, an unknown seat, an idempotency key reused for another request.
    InvalidInput {
        error: EventError,
    },
    /// Not debited for a reason of the daemon's own (its `error.type` says which); the other
    /// events stand. Retry the event, with its idempotency key.
    Error {
        error: EventError,
    },
}

/// Why one event of a batch was not debited: its stable `type` (`payment_required`,
/// `invalid_input`, `not_found`, `idempotency_error`), a sentence, and for `payment_required`
/// the balance it was measured against and the limit that refused it, if one did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventError {
    #[serde(rename = "type")]
    pub kind: crate::ErrorType,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<Box<Balance>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<credits_core::limits::TopupLimit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<credits_core::remedy::Remedy>,
}

/// `check`: would the amount fit, and the balance it was measured against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub fits: bool,
    pub balance: Balance,
    /// Only for `check --for`: what `fits` was decided on.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub over: Option<CheckFor>,
}

/// `check AMOUNT --for DURATION`: the amount plus the seat's burn over the duration (rounded up
/// to the millicredit), against what it can spend now. Refills at a reset are not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckFor {
    pub amount: Credits,
    pub for_seconds: i64,
    /// The seat's burn rate the forecast uses, in credits per day.
    pub burn_per_day: Credits,
    pub basis: ForecastBasis,
    /// `amount` plus the burn over `for_seconds`.
    pub need: Credits,
    /// What the seat can spend now; `fits` is `need <= spendable`.
    pub spendable: Credits,
}

/// `rollover`: where every workspace stands, what is still overdue after the call, what the
/// call applied and which workspaces failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloverAnswer {
    /// The daemon's clock, RFC 3339.
    pub now: String,
    /// False while the daemon's automatic rollover is paused.
    pub automatic: bool,
    pub workspaces: Vec<WorkspaceStatus>,
    pub due: Vec<Due>,
    pub applied: Vec<RolloverReport>,
    #[serde(default)]
    pub errors: Vec<RolloverFailure>,
}

/// A workspace whose rollover failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloverFailure {
    pub workspace: String,
    pub message: String,
}

/// `keys_create`: the new key and its token (shown only in this answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCreated {
    pub workspace: String,
    pub name: String,
    pub token: String,
    pub scopes: Vec<KeyScope>,
    /// RFC 3339; `null`: never expires.
    pub expires_at: Option<String>,
}

/// `keys_list`: a workspace's keys, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyList {
    pub workspace: String,
    pub keys: Vec<KeyInfo>,
}

/// `seats_token`: the new token (shown only in this answer), or whether one was revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatToken {
    pub workspace: String,
    pub seat: String,
    /// The new token; absent when revoking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Whether a previous token was replaced; absent when revoking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotated: Option<bool>,
    /// Whether the seat had a token to revoke; present only when revoking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
}

/// `plan_show`: the workspace's plan, the one scheduled for the next reset, and when it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanShow {
    pub workspace: String,
    /// `None` when the workspace's plan is no longer in the catalogue.
    pub plan: Option<Plan>,
    pub pending_plan: Option<Plan>,
    pub changes_at: String,
    /// The workspace's IANA time zone (`changes_at` is its midnight on the 1st).
    #[serde(default)]
    pub time_zone: String,
}

/// `plan_list`: every plan on offer, cheapest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanList {
    pub plans: Vec<Plan>,
}

/// `buy` and `purchase_wait`: the purchase and the caller's balance (when a seat can be chosen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseAnswer {
    pub purchase: Purchase,
    pub balance: Option<Balance>,
}

/// What `ensure` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnsureStatus {
    /// Enough credits: nothing bought.
    Sufficient,
    /// Another purchase for the workspace is under way: wait for it and ask again.
    InFlight,
    /// This call started a purchase.
    Created,
}

/// `ensure`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnsureAnswer {
    pub status: EnsureStatus,
    /// True when this call's purchase succeeded.
    pub bought: bool,
    /// The purchase started (`created`) or waited for (`in_flight`).
    pub purchase: Option<Purchase>,
    pub spendable_before: Credits,
    pub balance: Option<Balance>,
}

/// What `reconcile` found wrong between the ledger and Stripe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconcileProblem {
    /// Stripe shows the payment paid; the ledger has not credited it (no purchase at all, or one
    /// that is pending, failed, expired or canceled).
    NotCredited,
    /// The ledger credited the purchase; Stripe does not show it paid (no such object, or unpaid).
    NotPaid,
    /// Stripe's paid amount or currency is not the purchase's (never credited automatically).
    AmountMismatch,
}

/// What `reconcile --fix` did about one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconcileAction {
    /// This run credited the purchase (recording it first when the ledger had no row).
    Credited,
    /// Credited meanwhile by another path (a webhook, a poll, another run): nothing more done.
    AlreadyCredited,
    /// Not something `--fix` changes: a person has to look (see `detail`).
    NeedsOperator,
}

/// One disagreement between the ledger and Stripe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileItem {
    pub problem: ReconcileProblem,
    /// The purchase (from our metadata when the ledger has no row).
    pub purchase_id: Option<String>,
    /// The purchase's state in the ledger before this run; `None`: the ledger has no such purchase.
    pub ledger_state: Option<credits_core::purchase::PurchaseState>,
    /// The purchase's amount in the ledger.
    pub ledger_amount_cents: Option<Cents>,
    /// The Stripe object compared: `cs_…` (a Checkout Session) or `pi_…` (a PaymentIntent).
    pub stripe_object: Option<String>,
    /// Its status at Stripe (`succeeded`, `paid`, `unpaid`, `missing`, …).
    pub stripe_status: Option<String>,
    /// What Stripe shows paid, in the currency's smallest unit, and the currency.
    pub stripe_amount: Option<i64>,
    pub stripe_currency: Option<String>,
    /// One sentence for people.
    pub detail: String,
    /// With `fix`: what was done (`None` without `fix`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ReconcileAction>,
    /// The journal entry this run wrote, when it credited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal_entry_id: Option<i64>,
}

/// `reconcile`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileReport {
    pub workspace: String,
    /// The workspace's Stripe customer whose payments were read.
    pub stripe_customer: Option<String>,
    /// Objects created at or after this instant (RFC 3339 UTC) were compared; `None`: all.
    pub since: Option<String>,
    /// Whether `fix` was asked.
    pub fix: bool,
    /// Stripe objects carrying our metadata that were read (Checkout Sessions and PaymentIntents).
    pub stripe_objects: u64,
    /// Ledger purchases compared.
    pub purchases: u64,
    /// Payments on which the ledger and Stripe agree.
    pub matched: u64,
    /// Every disagreement found (before `fix` acted; see each item's `action`).
    pub problems: Vec<ReconcileItem>,
    /// Problems left for a person after this run (all of them without `fix`).
    pub unresolved: u64,
    /// True when Stripe had more objects than one run reads (the oldest were not compared):
    /// run again with a later `since`.
    pub truncated: bool,
}

/// `auto_topup_show|set|off`: the workspace's rule and what it bought this period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoTopup {
    pub workspace: String,
    pub period: String,
    /// `None` when auto top-up is off.
    pub rule: Option<AutoRule>,
    pub spent_this_period_cents: Cents,
    /// False when the daemon has no Stripe key, so the rule cannot buy.
    pub stripe_configured: bool,
    /// Only in the answer to `auto_topup_off`: whether a rule was on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was_on: Option<bool>,
}

/// `auto_topup_simulate`: what the rule would do over the next days at the current burn (see
/// `credits_core::simulate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoTopupSimulation {
    pub workspace: String,
    pub time_zone: String,
    /// The run's start (the daemon's clock) and end, RFC 3339 UTC.
    pub from: String,
    pub until: String,
    pub days: u32,
    /// The rule simulated: the workspace's, or the one the request gave.
    pub rule: AutoRule,
    /// Whether `rule` is the workspace's own.
    pub workspace_rule: bool,
    /// The workspace's burn the run assumes: each seat's forecast rate, summed.
    pub burn_per_day: Credits,
    /// The purchases the rule would make, in order: the first [`SIMULATED_PURCHASES_LISTED`].
    pub purchases: Vec<SimulatedPurchase>,
    /// How many more it would make after those listed.
    pub more_purchases: u64,
    /// Money all of them would cost.
    pub spent_cents: Cents,
    /// The run's resolution: a minute, or coarser for a very large workspace.
    pub step_seconds: i64,
    /// The first time in each month that the monthly cap would stop a purchase the threshold
    /// asks for (empty: the cap never stops it).
    pub capped: Vec<SimulatedTime>,
    /// The first time a seat would be refused (402) for want of credits, if within the run.
    pub first_refusal: Option<SimulatedTime>,
}

/// How many purchases a dry run lists (its answer stays small whatever the rule).
pub const SIMULATED_PURCHASES_LISTED: usize = 100;

/// An instant of a simulation, in UTC and in the workspace's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulatedTime {
    pub at: String,
    pub at_local: String,
}

/// One purchase of the dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulatedPurchase {
    pub at: String,
    pub at_local: String,
    pub amount_cents: Cents,
    pub credits: Credits,
}

/// `usage`: burn per month and pool, newest month first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageReport {
    pub workspace: String,
    pub current_period: String,
    pub months: Vec<MonthUsage>,
    /// Burn rates and the forecast of every seat (or the one seat asked for) and the workspace.
    /// Absent from daemons that predate it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast: Option<Forecast>,
}

/// What `advise` recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// The plan's included credits cover the recent burn.
    Nothing,
    Upgrade,
    TopUp,
}

/// `advise`: top up or upgrade, with the figures behind the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub workspace: String,
    pub plan: String,
    pub seats: i64,
    pub recent_monthly_burn: Credits,
    /// Completed months averaged into the burn (at most three).
    pub months_considered: u32,
    pub included_per_month: Credits,
    pub topup_credits_per_usd: Option<Credits>,
    pub monthly_cost_cents: Cents,
    pub monthly_topup_cents: Cents,
    /// The next plan up, if there is one.
    pub upgrade: Option<Upgrade>,
    pub recommendation: Recommendation,
    /// One sentence saying why.
    pub reason: String,
}

/// The figures of upgrading to the next plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upgrade {
    pub plan: String,
    pub price_per_seat_cents: Cents,
    pub extra_credits_per_month: Credits,
    pub extra_cost_per_month_cents: Cents,
    /// `None` when the upgrade costs nothing more.
    pub extra_credits_per_usd: Option<Credits>,
    pub monthly_cost_cents: Cents,
    pub monthly_topup_cents: Cents,
    pub cheaper: bool,
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use credits_core::purchase::{PurchaseKind, PurchaseOrigin, PurchaseState};
    use credits_core::records::{IncludedBalance, TopupBalance};
    use serde::de::DeserializeOwned;

    use super::*;

    /// Encodes `v`, decodes it back, and checks nothing was lost; returns the JSON.
    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(v: &T) -> serde_json::Value {
        let json = serde_json::to_value(v).unwrap();
        let back: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(&back, v);
        json
    }

    fn c(millis: i64) -> Credits {
        Credits::from_millis(millis)
    }

    fn balance() -> Balance {
        Balance {
            workspace: "w".into(),
            seat: "s".into(),
            period: "2026-11".into(),
            included: IncludedBalance {
                remaining: c(1500),
                allowance: c(5000),
                resets_at: "2026-12-01T00:00:00Z".into(),
                time_zone: "UTC".into(),
            },
            topup: TopupBalance { remaining: c(0) },
            spendable: c(1500),
            limits: vec![credits_core::limits::TopupLimit {
                kind: credits_core::limits::LimitKind::SeatTopupMonthly,
                limit: c(50_000),
                used: c(1_250),
            }],
        }
    }

    fn purchase() -> Purchase {
        Purchase {
            id: "pur_1".into(),
            workspace: "w".into(),
            kind: PurchaseKind::Checkout,
            origin: PurchaseOrigin::Buy,
            state: PurchaseState::Pending,
            amount_cents: Cents::new(2000),
            currency: "usd".into(),
            credits: c(2_000_000),
            checkout_url: Some("https://checkout.example/x".into()),
            stripe_customer: None,
            stripe_payment_intent: None,
            stripe_checkout_session: None,
            failure: None,
            journal_entry_id: None,
            created_at: "t".into(),
            updated_at: "t".into(),
            completed_at: None,
        }
    }

    fn plan() -> Plan {
        Plan { name: "pro".into(), price_cents: Cents::new(2000), included: c(2_500_000) }
    }

    #[test]
    fn every_result_round_trips() {
        let hello =
            Hello { protocol: 2, version: "0.1.0".into(), pid: 7, db: Some("/tmp/l.db".into()), http_disabled: None };
        assert_eq!(round_trip(&hello)["db"], "/tmp/l.db");
        let integrity = IntegrityReport { ok: false, checked_at: None, problems: vec!["p".into()] };
        round_trip(&DaemonStatus {
            pid: 7,
            version: "0.1.0".into(),
            protocol: 2,
            socket: "/tmp/s".into(),
            http_addr: None,
            http_url: None,
            http_disabled: Some(HttpDisabled {
                listen: "127.0.0.1:4402".into(),
                reason: HttpDisabledReason::InUse,
                message: "127.0.0.1:4402 already in use".into(),
            }),
            db: "/tmp/l.db".into(),
            store: Some("postgres://app@db:5432/credits".into()),
            started_at: "t".into(),
            now: "t".into(),
            fake_clock: true,
            integrity,
            stripe: Some(StripeState { configured: false, problem: None }),
            backup: None,
        });
        round_trip(&Stopping { stopping: true, pid: 7 });
        // `check --for`'s figures sit beside `fits`, and are absent without it.
        let over = CheckFor {
            amount: c(10_000),
            for_seconds: 259_200,
            burn_per_day: c(50_000),
            basis: ForecastBasis::Last7Days,
            need: c(160_000),
            spendable: c(150_000),
        };
        let planned = round_trip(&CheckResult { fits: false, balance: balance(), over: Some(over) });
        assert_eq!((planned["need"].as_str(), planned["basis"].as_str()), (Some("160"), Some("last_7_days")));
        assert!(round_trip(&CheckResult { fits: true, balance: balance(), over: None }).get("need").is_none());
        let never = ForecastTime { at: None, at_local: None, not_before_reset: true };
        let forecast = Forecast {
            workspace: "w".into(),
            period: "2026-11".into(),
            time_zone: "America/New_York".into(),
            now: "2026-11-16T12:00:00Z".into(),
            period_start: "2026-11-01T04:00:00Z".into(),
            resets_at: "2026-12-01T05:00:00Z".into(),
            topup: c(0),
            totals: WorkspaceForecast {
                burn_per_day: BurnRates { period: c(1), last_7_days: c(2) },
                included_runs_out: never.clone(),
                spendable_reaches_zero: never.clone(),
            },
            seats: vec![SeatForecast {
                seat: "bob".into(),
                included: c(150_000),
                spendable: c(150_000),
                burn_per_day: BurnRates { period: c(22_826), last_7_days: c(50_000) },
                basis: ForecastBasis::Period,
                included_runs_out: ForecastTime {
                    at: Some("2026-11-19T12:00:00Z".into()),
                    at_local: Some("2026-11-19T07:00:00-05:00".into()),
                    not_before_reset: false,
                },
                spendable_reaches_zero: never,
            }],
            more_seats: 0,
        };
        let json = round_trip(&forecast);
        assert_eq!(json["seats"][0]["basis"], "period");
        assert_eq!(json["totals"]["included_runs_out"]["at"], serde_json::Value::Null);
        assert_eq!(
            round_trip(&CheckResult { fits: true, balance: balance(), over: None })["balance"]["spendable"],
            "1.5"
        );
        let status = WorkspaceStatus {
            workspace: "w".into(),
            time_zone: "UTC".into(),
            period: "2026-10".into(),
            current_period: "2026-11".into(),
            state: PeriodState::Overdue,
            due_since: Some("t".into()),
            resets_at: "t".into(),
        };
        let due = Due {
            workspace: "w".into(),
            period: "2026-10".into(),
            current_period: "2026-11".into(),
            due_since: "t".into(),
        };
        let applied = RolloverReport {
            workspace: "w".into(),
            from_period: "2026-10".into(),
            to_period: "2026-11".into(),
            plan: "pro".into(),
            seats: 2,
            expired: c(1),
            granted: c(2),
            applied_at: "t".into(),
        };
        let failure = RolloverFailure { workspace: "x".into(), message: "m".into() };
        let rollover = RolloverAnswer {
            now: "t".into(),
            automatic: true,
            workspaces: vec![status],
            due: vec![due],
            applied: vec![applied],
            errors: vec![failure],
        };
        assert_eq!(round_trip(&rollover)["workspaces"][0]["state"], "overdue");
        let token = SeatToken {
            workspace: "w".into(),
            seat: "s".into(),
            token: Some("sct_x".into()),
            rotated: Some(false),
            revoked: None,
        };
        assert!(round_trip(&token).get("revoked").is_none());
        let revoked =
            SeatToken { workspace: "w".into(), seat: "s".into(), token: None, rotated: None, revoked: Some(true) };
        assert!(round_trip(&revoked).get("token").is_none());
        round_trip(&PlanShow {
            workspace: "w".into(),
            plan: Some(plan()),
            pending_plan: None,
            changes_at: "t".into(),
            time_zone: "UTC".into(),
        });
        round_trip(&PlanList { plans: vec![plan()] });
        round_trip(&PurchaseAnswer { purchase: purchase(), balance: Some(balance()) });
        let ensure = EnsureAnswer {
            status: EnsureStatus::InFlight,
            bought: false,
            purchase: Some(purchase()),
            spendable_before: c(10),
            balance: None,
        };
        assert_eq!(round_trip(&ensure)["status"], "in_flight");
        let rule = AutoRule { below: c(1000), amount_cents: Cents::new(500), monthly_limit_cents: Cents::new(5000) };
        let auto = AutoTopup {
            workspace: "w".into(),
            period: "2026-11".into(),
            rule: Some(rule),
            spent_this_period_cents: Cents::new(0),
            stripe_configured: false,
            was_on: None,
        };
        assert!(round_trip(&auto).get("was_on").is_none());
        let month = MonthUsage { period: "2026-11".into(), used: c(5), ..MonthUsage::default() };
        round_trip(&UsageReport {
            workspace: "w".into(),
            current_period: "2026-11".into(),
            months: vec![month],
            forecast: None,
        });
        let upgrade = Upgrade {
            plan: "team".into(),
            price_per_seat_cents: Cents::new(4000),
            extra_credits_per_month: c(1),
            extra_cost_per_month_cents: Cents::new(2000),
            extra_credits_per_usd: None,
            monthly_cost_cents: Cents::new(8000),
            monthly_topup_cents: Cents::new(0),
            cheaper: true,
        };
        let advice = Advice {
            workspace: "w".into(),
            plan: "pro".into(),
            seats: 2,
            recent_monthly_burn: c(6_000_000),
            months_considered: 3,
            included_per_month: c(5_000_000),
            topup_credits_per_usd: Credits::from_whole(100),
            monthly_cost_cents: Cents::new(5000),
            monthly_topup_cents: Cents::new(1000),
            upgrade: Some(upgrade),
            recommendation: Recommendation::TopUp,
            reason: "r".into(),
        };
        assert_eq!(round_trip(&advice)["recommendation"], "top_up");
        round_trip(&VerifyReport { workspaces: 1, seats: 2, entries: 3, problems: vec![] });
    }
}

/// `webhooks_add`: the endpoint and its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookCreated {
    pub endpoint: Endpoint,
    pub secret: String,
}

/// `webhooks_list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookList {
    pub workspace: String,
    pub endpoints: Vec<Endpoint>,
}

/// `webhooks_test`, `webhooks_replay`: the event and how many deliveries it has pending now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventQueued {
    pub event_id: String,
    pub deliveries: u32,
}

/// `webhooks_deliveries`: the newest attempts first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLog {
    pub endpoint: String,
    pub attempts: Vec<DeliveryAttempt>,
}

/// `alerts_set`, `alerts_list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertList {
    pub workspace: String,
    pub alerts: Vec<Alert>,
}
