//! Store errors: what went wrong in words a caller can map to an exit code or HTTP status.

use credits_core::records::Balance;

/// A ledger operation that did not happen, and why.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Included and top-up together do not cover the amount; nothing was written.
    #[error("payment required: {needed} credits needed, {} spendable", balance.spendable)]
    PaymentRequired { needed: credits_core::Credits, balance: Box<Balance> },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    InvalidInput(String),
    /// An idempotency key reused with different parameters.
    #[error("{0}")]
    Idempotency(String),
    #[error("{0}")]
    Conflict(String),
    /// The database file is damaged (`PRAGMA quick_check` found problems): writes are refused
    /// until it is repaired. The message names the file.
    #[error("{0}")]
    Damaged(String),
    /// The storage under the ledger failed (disk full, I/O error); nothing was changed and the
    /// same request can be retried once the cause is fixed.
    #[error("the ledger could not be written: {0}; nothing was changed")]
    Unavailable(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl StoreError {
    /// A stable machine-readable category.
    pub fn kind(&self) -> &'static str {
        match self {
            StoreError::PaymentRequired { .. } => "payment_required",
            StoreError::NotFound(_) => "not_found",
            StoreError::InvalidInput(_) => "invalid_input",
            StoreError::Idempotency(_) => "idempotency_error",
            StoreError::Conflict(_) => "conflict",
            StoreError::Damaged(_) => "ledger_corrupt",
            StoreError::Unavailable(_) => "unavailable",
            StoreError::Sqlite(_) | StoreError::Internal(_) => "internal",
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    /// Storage failures get their own category: they are the machine's state, not a bug, and
    /// the caller must hear that nothing was changed.
    fn from(e: rusqlite::Error) -> StoreError {
        storage_failure(&e).map(StoreError::Unavailable).unwrap_or(StoreError::Sqlite(e))
    }
}

/// What went wrong with the storage, when `e` is a storage failure rather than a bad statement.
pub(crate) fn storage_failure(e: &rusqlite::Error) -> Option<String> {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code()? {
        ErrorCode::DiskFull => Some("the disk is full".to_owned()),
        ErrorCode::SystemIoFailure => Some(format!("the disk failed ({e})")),
        _ => None,
    }
}
