//! Serializable views of ledger state, shared by the store, the wire protocol and the HTTP API.
//! Field names are part of the public JSON contract (`--json` output, socket results, HTTP
//! bodies) that scripts depend on: add fields, never rename or remove one.

use serde::{Deserialize, Serialize};

use crate::amount::{Cents, Credits};
use crate::ledger::{EntryKind, Pool};

/// A seat's included pool this period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncludedBalance {
    pub remaining: Credits,
    pub allowance: Credits,
    /// RFC 3339 UTC instant of the next monthly reset.
    pub resets_at: String,
    /// The workspace's IANA time zone, whose midnight on the 1st that reset is.
    #[serde(default)]
    pub time_zone: String,
}

/// The workspace's shared top-up pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopupBalance {
    pub remaining: Credits,
}

/// What one seat can spend right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub workspace: String,
    pub seat: String,
    pub period: String,
    pub included: IncludedBalance,
    pub topup: TopupBalance,
    /// Included plus the top-up this seat may draw now (capped by its limits).
    pub spendable: Credits,
    /// The monthly top-up limits that apply to this seat (its own, then the workspace's
    /// budget), with what this month has used of each; empty when none is set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<crate::limits::TopupLimit>,
}

/// One seat's line in an all-seats balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatBalance {
    pub seat: String,
    pub included: IncludedBalance,
    /// The seat's monthly top-up limit (0: included credits only); `None`: no limit of its own.
    #[serde(default)]
    pub topup_limit_per_month: Option<Credits>,
    /// Top-up credits the seat has drawn this month (open holds included).
    #[serde(default)]
    pub topup_used_this_month: Credits,
}

/// Every seat of a workspace and the shared top-up pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceBalance {
    pub workspace: String,
    pub period: String,
    pub seats: Vec<SeatBalance>,
    pub topup: TopupBalance,
    /// The most top-up credits all seats together may draw a month; `None`: no budget.
    #[serde(default)]
    pub topup_budget_per_month: Option<Credits>,
    /// Top-up credits all seats have drawn this month (open holds included).
    #[serde(default)]
    pub topup_used_this_month: Credits,
}

/// One journal entry as shown to users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: i64,
    pub time: String,
    pub workspace: String,
    pub seat: Option<String>,
    pub pool: Pool,
    pub kind: EntryKind,
    /// Signed: negative for debits and expiries.
    pub amount: Credits,
    pub balance_after: Credits,
    pub period: String,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub memo: Option<String>,
    /// Who wrote it; `None` for entries written before actors were recorded.
    #[serde(default)]
    pub actor: Option<crate::Actor>,
}

/// The result of a debit: the entries it wrote and the balance after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebitReceipt {
    pub entries: Vec<Entry>,
    pub balance: Balance,
}

/// A workspace's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceInfo {
    pub name: String,
    pub plan: String,
    /// Plan that takes effect at the next reset, if a change is scheduled.
    pub pending_plan: Option<String>,
    pub time_zone: String,
    pub period: String,
    pub resets_at: String,
    pub seats: i64,
    pub stripe_customer: Option<String>,
    pub default: bool,
    /// The most top-up credits all seats together may draw a month; `None`: no budget.
    #[serde(default)]
    pub topup_budget_per_month: Option<Credits>,
    /// Top-up credits all seats have drawn this month (open holds included).
    #[serde(default)]
    pub topup_used_this_month: Credits,
}

/// A seat of a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatInfo {
    pub seat: String,
    pub included: Credits,
    pub allowance: Credits,
    pub has_token: bool,
    pub created_at: String,
    /// The seat's monthly top-up limit (0: included credits only); `None`: no limit of its own.
    #[serde(default)]
    pub topup_limit_per_month: Option<Credits>,
    /// Top-up credits the seat has drawn this month (open holds included).
    #[serde(default)]
    pub topup_used_this_month: Credits,
    /// `seats remove` only: the included credits that expired with the seat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired: Option<Credits>,
}

/// Where a hold is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HoldStatus {
    Held,
    Settled,
    Released,
    Expired,
}

impl HoldStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HoldStatus::Held => "held",
            HoldStatus::Settled => "settled",
            HoldStatus::Released => "released",
            HoldStatus::Expired => "expired",
        }
    }

    /// The status stored as `s`; anything unknown reads as still held (it is never released twice).
    pub fn parse(s: &str) -> HoldStatus {
        match s {
            "settled" => HoldStatus::Settled,
            "released" => HoldStatus::Released,
            "expired" => HoldStatus::Expired,
            _ => HoldStatus::Held,
        }
    }
}

/// A hold as shown to clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    pub id: String,
    pub workspace: String,
    pub seat: String,
    pub status: HoldStatus,
    /// Credits reserved.
    pub amount: Credits,
    pub from_included: Credits,
    pub from_topup: Credits,
    /// Credits consumed by `settle`.
    pub settled: Credits,
    /// Credits given back to their pools.
    pub released: Credits,
    /// Included credits not given back because their month ended (or the seat was removed) first.
    pub lapsed: Credits,
    /// The period the included part was taken from.
    pub period: String,
    pub memo: Option<String>,
    pub created_at: String,
    pub expires_at: String,
    pub closed_at: Option<String>,
}

/// The answer to a hold operation: the hold, the journal entries written, the seat's balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldReceipt {
    pub hold: Hold,
    pub entries: Vec<Entry>,
    pub balance: Balance,
}

/// The outcome of verifying the ledger: balances against the journal, and the hash chains.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    pub workspaces: i64,
    pub seats: i64,
    pub entries: i64,
    /// One sentence per difference found; empty when the ledger is consistent.
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What one monthly rollover did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloverReport {
    pub workspace: String,
    pub from_period: String,
    pub to_period: String,
    /// The plan of the new period (a pending `plan set` takes effect here).
    pub plan: String,
    pub seats: i64,
    /// Unused included credits of the old period, summed over the seats.
    pub expired: Credits,
    /// Included credits granted for the new period, summed over the seats.
    pub granted: Credits,
    /// RFC 3339 instant (daemon clock) the rollover was applied.
    pub applied_at: String,
}

/// A workspace whose reset is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub workspace: String,
    pub period: String,
    pub current_period: String,
    /// RFC 3339 instant the missed reset was due.
    pub due_since: String,
}

/// Where a workspace's stored period stands against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodState {
    /// On the period containing now.
    Current,
    /// Behind: a reset is due.
    Overdue,
    /// Ahead of the clock (the clock moved backwards, or the zone changed); never rolled back.
    Ahead,
}

/// One workspace's rollover status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceStatus {
    pub workspace: String,
    pub time_zone: String,
    pub period: String,
    pub current_period: String,
    pub state: PeriodState,
    /// RFC 3339 instant the overdue reset was due; only when overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_since: Option<String>,
    /// RFC 3339 instant the stored period ends (the next reset, unless overdue).
    pub resets_at: String,
}

/// A workspace's auto top-up rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoRule {
    /// Buy when the lowest spendable balance of any seat falls below this.
    pub below: Credits,
    /// How much to buy each time, on the card on file.
    pub amount_cents: Cents,
    /// At most this much per billing period.
    pub monthly_limit_cents: Cents,
}

/// One period's movements of a workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthUsage {
    pub period: String,
    /// Credits used from the seats' included allowances.
    pub included_used: Credits,
    /// Credits used from the shared top-up pool.
    pub topup_used: Credits,
    /// Both pools.
    pub used: Credits,
    pub granted: Credits,
    pub expired: Credits,
    pub purchased: Credits,
}

/// The last check of the ledger's database file (`PRAGMA quick_check`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityReport {
    /// False when the last check found damage (writes are refused meanwhile).
    pub ok: bool,
    /// When the last check ran; `None` before the first.
    pub checked_at: Option<String>,
    /// What `PRAGMA quick_check` reported; empty when the file is sound.
    pub problems: Vec<String>,
}

/// Which seat a call is about, from the wire to the ledger: a workspace (`None`: the default
/// one), and a seat named outright or picked by the calling user (or the only seat).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// Workspace name; `None` means the default workspace.
    #[serde(default)]
    pub workspace: Option<String>,
    /// Seat name; `None` means the caller's own seat (`user`), or the only seat.
    #[serde(default)]
    pub seat: Option<String>,
    /// The calling OS user, to pick a seat when none is named.
    #[serde(default)]
    pub user: Option<String>,
}

/// Burn rates in credits per day (rounded down to the millicredit), see [`crate::forecast`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurnRates {
    /// Consumption since the period started, over the time since.
    pub period: Credits,
    /// Consumption in the last 7 days, over 7 days.
    pub last_7_days: Credits,
}

/// Which burn rate a seat's forecast uses: the greater one (a tie: `last_7_days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ForecastBasis {
    #[serde(rename = "period")]
    Period,
    #[serde(rename = "last_7_days")]
    Last7Days,
}

/// When something happens at the current burn: an instant before the period's reset, or not
/// before it (at or after the reset, or never).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastTime {
    /// RFC 3339 UTC, whole seconds; `None` when `not_before_reset`.
    pub at: Option<String>,
    /// The same instant in the workspace's time zone, RFC 3339 with its offset.
    pub at_local: Option<String>,
    /// True when it does not happen before the reset: `at` and `at_local` are then `None`.
    pub not_before_reset: bool,
}

/// One seat's burn and forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatForecast {
    pub seat: String,
    /// Included credits left now.
    pub included: Credits,
    /// What the seat can spend now.
    pub spendable: Credits,
    pub burn_per_day: BurnRates,
    /// The rate the forecast uses.
    pub basis: ForecastBasis,
    pub included_runs_out: ForecastTime,
    pub spendable_reaches_zero: ForecastTime,
}

/// The workspace's burn (the sum of its seats') and forecast (when every seat's has happened).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceForecast {
    pub burn_per_day: BurnRates,
    pub included_runs_out: ForecastTime,
    pub spendable_reaches_zero: ForecastTime,
}

/// Burn rates and forecast of a workspace's seats (all, or one) and of the workspace, computed
/// from the journal at the daemon's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub workspace: String,
    pub period: String,
    pub time_zone: String,
    /// The instant it was computed for: the daemon's clock rounded up to the whole second.
    pub now: String,
    /// RFC 3339 UTC instant the period started.
    pub period_start: String,
    /// RFC 3339 UTC instant of the next monthly reset.
    pub resets_at: String,
    /// The shared top-up pool now.
    pub topup: Credits,
    /// The whole workspace.
    pub totals: WorkspaceForecast,
    /// Every active seat, by name (at most 1,000 of them), or the one seat asked for.
    pub seats: Vec<SeatForecast>,
    /// How many more seats the workspace has than `seats` lists (the totals count them all).
    #[serde(default)]
    pub more_seats: u64,
}
