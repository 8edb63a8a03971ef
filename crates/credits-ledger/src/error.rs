//! Ledger errors: what went wrong, as a kind a door maps to an exit code or HTTP status and a
//! sentence that names no command (each door words its own remedy).

use credits_core::limits::{Refusal, TopupLimit};
use credits_core::records::Balance;
use credits_core::remedy::Remedy;

/// A ledger operation that did not happen, and why.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Included and top-up together do not cover the amount, or a monthly top-up limit
    /// (`limit`) keeps the seat from drawing what it needs; nothing was written.
    #[error("payment required: {needed} credits needed, {} spendable", balance.spendable)]
    PaymentRequired { needed: credits_core::Credits, balance: Box<Balance>, limit: Option<Box<TopupLimit>> },
    #[error("{0}")]
    NotFound(Missing),
    /// The workspace has several seats and the request named none.
    #[error("{0}")]
    SeatNotChosen(String),
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
    #[error("internal error: {0}")]
    Internal(String),
}

impl StoreError {
    /// The 402 for `refusal` of a request for `needed`, with the seat's balance.
    pub fn refused(refusal: Refusal, needed: credits_core::Credits, balance: Balance) -> StoreError {
        let limit = match refusal {
            Refusal::Limit(l) => Some(Box::new(l)),
            Refusal::Insufficient(_) => None,
        };
        StoreError::PaymentRequired { needed, balance: Box::new(balance), limit }
    }

    /// A stable machine-readable category.
    pub fn kind(&self) -> &'static str {
        match self {
            StoreError::PaymentRequired { .. } => "payment_required",
            StoreError::NotFound(_) => "not_found",
            StoreError::InvalidInput(_) | StoreError::SeatNotChosen(_) => "invalid_input",
            StoreError::Idempotency(_) => "idempotency_error",
            StoreError::Conflict(_) => "conflict",
            StoreError::Damaged(_) => "ledger_corrupt",
            StoreError::Unavailable(_) => "unavailable",
            StoreError::Internal(_) => "internal",
        }
    }
}

/// What was not found, in one sentence, and what the caller can do about it. The sentence names
/// no command: each door words the remedy itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub message: String,
    pub remedy: Option<Remedy>,
}

impl Missing {
    pub fn new(message: impl Into<String>, remedy: Remedy) -> Missing {
        Missing { message: message.into(), remedy: Some(remedy) }
    }
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<String> for Missing {
    fn from(message: String) -> Missing {
        Missing { message, remedy: None }
    }
}

impl From<&str> for Missing {
    fn from(message: &str) -> Missing {
        Missing { message: message.to_owned(), remedy: None }
    }
}

#[cfg(feature = "rusqlite")]
impl From<rusqlite::Error> for StoreError {
    /// Storage failures get their own category: they are the machine's state, not a bug, and
    /// the caller must hear that nothing was changed. Anything else is the backend's bug, kept
    /// as its message: no driver type crosses the seam.
    fn from(e: rusqlite::Error) -> StoreError {
        storage_failure(&e)
            .map(StoreError::Unavailable)
            .unwrap_or_else(|| StoreError::Internal(format!("database error: {e}")))
    }
}

/// What went wrong with the storage, when `e` is a storage failure rather than a bad statement.
#[cfg(feature = "rusqlite")]
pub fn storage_failure(e: &rusqlite::Error) -> Option<String> {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code()? {
        ErrorCode::DiskFull => Some("the disk is full".to_owned()),
        ErrorCode::SystemIoFailure => Some(format!("the disk failed ({e})")),
        _ => None,
    }
}

#[cfg(feature = "postgres")]
impl From<tokio_postgres::Error> for StoreError {
    /// A lost or refused connection (no answer from the server, or SQLSTATE class 08, 40, 53 or
    /// 57) is `Unavailable`: nothing was committed and the request can be retried. A statement the
    /// server refused is the backend's bug, kept as the server's message (never the URL).
    fn from(e: tokio_postgres::Error) -> StoreError {
        match e.as_db_error() {
            Some(db) if pg_unavailable(db.code().code()) => {
                StoreError::Unavailable(format!("the PostgreSQL server refused the request ({})", db.message()))
            }
            Some(db) => StoreError::Internal(format!("database error: {}", db.message())),
            None if e.is_closed() || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) => {
                StoreError::Unavailable(format!("the connection to PostgreSQL failed ({e})"))
            }
            None => StoreError::Internal(format!("database error: {e}")),
        }
    }
}

/// SQLSTATE classes that say the server or the connection is unavailable, not that a statement
/// was wrong: connection exceptions (08), a transaction the server rolled back (40: a deadlock
/// or serialization failure; nothing changed, a retry may pass), insufficient resources such as a
/// full disk (53), operator intervention such as a shutdown (57), and a lock wait that timed out
/// (55P03: another session keeps the row; nothing changed).
#[cfg(feature = "postgres")]
fn pg_unavailable(code: &str) -> bool {
    matches!(code.get(..2), Some("08" | "40" | "53" | "57")) || code == "55P03"
}
