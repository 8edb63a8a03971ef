//! Holds: two-phase usage (authorize, then settle). The arguments of the hold calls, their
//! answers, and the limits every backend enforces.

use credits_core::{Actor, Credits};
use jiff::SignedDuration;

use crate::error::StoreError;
use crate::idempotency::KeyOwner;

pub use credits_core::records::{Hold, HoldReceipt, HoldStatus};

/// Longest TTL a hold may ask for.
pub const MAX_TTL: SignedDuration = SignedDuration::from_hours(7 * 24);
/// Most holds expired in one transaction (the expiry job loops until none is due).
pub const EXPIRE_BATCH: usize = 256;

/// A hold as requested.
#[derive(Debug, Clone)]
pub struct NewHold {
    pub workspace: Option<String>,
    pub seat: Option<String>,
    /// The caller's user name, used to pick a seat when none is named.
    pub user: Option<String>,
    /// The new hold's id (`hold_…`), chosen by the caller.
    pub id: String,
    pub amount: Credits,
    pub ttl: SignedDuration,
    pub memo: Option<String>,
    pub idempotency_key: Option<String>,
    /// Whose keys `idempotency_key` is among.
    pub key_owner: KeyOwner,
    /// Who asks: recorded with every entry the hold writes.
    pub actor: Actor,
}

/// Which holds a caller may touch: those of a workspace, and with `seat` only that seat's (an
/// HTTP token is a seat's credential).
#[derive(Debug, Clone, Default)]
pub struct Owner {
    pub workspace: Option<String>,
    pub seat: Option<String>,
}

/// A result and whether it was replayed from an idempotency key rather than applied now.
#[derive(Debug, Clone)]
pub struct Applied<T> {
    pub value: T,
    pub replayed: bool,
}

/// Checks a hold id's shape (`hold_` and 1–64 letters or digits), so garbage never reaches a
/// query or an error message unescaped.
pub fn validate_id(id: &str) -> Result<(), StoreError> {
    let ok = id
        .strip_prefix("hold_")
        .is_some_and(|rest| !rest.is_empty() && rest.len() <= 64 && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    if ok { Ok(()) } else { Err(StoreError::NotFound(format!("hold {id:?} not found").into())) }
}

/// The keyset cursor of a page of open holds (`Ledger::list_holds`) that follows `hold`: every
/// backend orders open holds by expiry, then id.
pub fn list_cursor(hold: &Hold) -> String {
    format!("{} {}", hold.expires_at, hold.id)
}
