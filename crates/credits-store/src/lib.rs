//! The SQLite ledger: embedded migrations, the single group-committing writer, read
//! connections, and the ledger operations (debits, seats, plans, rollovers, verification).
//!
//! Every mutation is a function `fn(&Connection, …) -> Result<T, StoreError>` run by the
//! [`Writer`] inside a savepoint of a shared transaction; its answer is released only after the
//! transaction commits.

/// Scenarios every backend must pass (for tests; see `conformance_tests.rs`).
#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
#[cfg(test)]
mod conformance_tests;
pub mod db;
pub mod error;
pub mod history;
pub mod holds;
pub mod idempotency;
pub mod journal;
pub mod ledger;
pub mod purchases;
pub mod readers;
pub mod rollover;
pub mod service;
pub mod tokens;
pub mod usage;
pub mod verify;
pub mod workspace;
pub mod writer;

pub use db::{Db, open};
pub use error::{Missing, StoreError};
pub use readers::Readers;
pub use service::{Ledger, SqliteLedger};
pub use writer::Writer;
