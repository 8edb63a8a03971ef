//! The ledger seam: the [`Ledger`] service trait every backend implements, the typed arguments
//! and results of its methods, its errors, and the backend conformance suite. No storage here:
//! the daemon depends on this crate alone and is handed an `Arc<dyn Ledger>` by the binary,
//! which picks the backend (`credits-store`'s SQLite today).

/// Scenarios every backend must pass (for backends' tests).
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod copy;
pub mod error;
pub mod history;
pub mod holds;
pub mod idempotency;
pub mod ledger;
pub mod notify;
pub mod purchases;
pub mod rollover;
pub mod service;
pub mod stored_receipt;
pub mod usage;
pub mod verify;

pub use error::{Missing, StoreError};
pub use service::Ledger;
