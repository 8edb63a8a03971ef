//! The JSON shapes of holds, as the socket and the HTTP API return them. Field names are part of
//! the public contract: add fields, never rename one.

use credits_core::Credits;
use credits_core::records::{Balance, Entry};
use serde::{Deserialize, Serialize};

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

    pub(crate) fn parse(s: &str) -> HoldStatus {
        match s {
            "settled" => HoldStatus::Settled,
            "released" => HoldStatus::Released,
            "expired" => HoldStatus::Expired,
            _ => HoldStatus::Held,
        }
    }
}

/// A hold as shown to clients. Field names are part of the JSON contract: add, never rename.
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

/// A result and whether it was replayed from an idempotency key rather than applied now.
#[derive(Debug, Clone)]
pub struct Applied<T> {
    pub value: T,
    pub replayed: bool,
}
