//! A usage debit as requested, and the rules every door checks before one.

use credits_core::{Actor, Credits};

use crate::error::StoreError;
use crate::idempotency::KeyOwner;

pub use credits_core::ledger::MAX_BATCH;

/// Refuses a batch of more than [`MAX_BATCH`] debits, before anything is read or written.
pub fn check_batch_size(n: usize) -> Result<(), StoreError> {
    if n > MAX_BATCH {
        return Err(StoreError::InvalidInput(format!(
            "a batch holds at most {MAX_BATCH} events, not {n}; send it in parts"
        )));
    }
    Ok(())
}

/// A usage debit as requested by a client.
#[derive(Debug, Clone)]
pub struct DebitRequest {
    pub workspace: Option<String>,
    pub seat: Option<String>,
    /// The caller's user name, used to pick a seat when none is named.
    pub user: Option<String>,
    pub amount: Credits,
    pub memo: Option<String>,
    pub idempotency_key: Option<String>,
    /// Whose keys `idempotency_key` is among.
    pub key_owner: KeyOwner,
    /// Who asks: recorded with every entry the debit writes.
    pub actor: Actor,
}

/// Names of workspaces and seats: 1–64 of `A-Z a-z 0-9 . _ - @` (both backends and every door
/// hold names to this one rule).
pub fn validate_name(what: &str, name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'@'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidInput(format!(
            "invalid {what} name {name:?}: use 1 to 64 letters, digits, '.', '_', '-' or '@'"
        )))
    }
}

/// Refuses a memo over the length rule every door shares ([`credits_core::memo`]).
pub fn validate_memo(memo: Option<&str>) -> Result<(), StoreError> {
    memo.map_or(Ok(()), credits_core::memo::check).map_err(|e| StoreError::InvalidInput(e.to_string()))
}
