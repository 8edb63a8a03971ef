//! Serializable views of ledger state, shared by the store, the wire protocol and the HTTP API.
//! Field names are part of the public JSON contract (`--json` output, socket results, HTTP
//! bodies) that scripts depend on: add fields, never rename or remove one.

use serde::{Deserialize, Serialize};

use crate::amount::Credits;
use crate::ledger::{EntryKind, Pool};

/// A seat's included pool this period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncludedBalance {
    pub remaining: Credits,
    pub allowance: Credits,
    /// RFC 3339 UTC instant of the next monthly reset.
    pub resets_at: String,
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
    pub spendable: Credits,
}

/// One seat's line in an all-seats balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatBalance {
    pub seat: String,
    pub included: IncludedBalance,
}

/// Every seat of a workspace and the shared top-up pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceBalance {
    pub workspace: String,
    pub period: String,
    pub seats: Vec<SeatBalance>,
    pub topup: TopupBalance,
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
}

/// A seat of a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatInfo {
    pub seat: String,
    pub included: Credits,
    pub allowance: Credits,
    pub has_token: bool,
    pub created_at: String,
}
