//! A usage debit as requested, and the rules every door checks before one.

use credits_core::{Actor, Credits};

use crate::error::StoreError;
use crate::idempotency::KeyOwner;

/// Most debits one [`crate::service::Ledger::debit_each`] carries: a batch is one writer
/// transaction, so its size bounds how long other writes wait behind it.
pub const MAX_BATCH: usize = 1000;

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

/// Refuses a memo over the length rule every door shares ([`credits_core::memo`]).
pub fn validate_memo(memo: Option<&str>) -> Result<(), StoreError> {
    memo.map_or(Ok(()), credits_core::memo::check).map_err(|e| StoreError::InvalidInput(e.to_string()))
}
