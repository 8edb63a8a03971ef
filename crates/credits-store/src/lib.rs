//! The SQLite ledger: embedded migrations, the single group-committing writer, read
//! connections, and the ledger operations (debits, seats, plans, rollovers, verification).
//!
//! Every mutation is a function `fn(&Connection, …) -> Result<T, StoreError>` run by the
//! [`Writer`] inside a savepoint of a shared transaction; its answer is released only after the
//! transaction commits.

pub mod backup;
#[cfg(test)]
mod conformance_tests;
pub mod copy;
pub mod db;
pub mod history;
pub mod holds;
pub mod idempotency;
pub mod journal;
pub mod keys;
pub mod ledger;
pub mod limits;
mod multi_insert;
pub mod notify;
mod pending;
pub mod purchases;
pub mod readers;
pub mod rollover;
pub mod service;
pub mod tokens;
pub mod usage;
pub mod verify;
pub mod workspace;
pub mod writer;

pub use credits_ledger::error;
pub use credits_ledger::{Ledger, Missing, StoreError};
pub use db::{Db, open};
pub use readers::Readers;
pub use service::SqliteLedger;
pub use writer::Writer;
