//! The SQLite ledger: embedded migrations, the single group-committing writer, read
//! connections, and the ledger operations (debits, seats, plans, rollovers, verification).
//!
//! Every mutation is a function `fn(&Connection, …) -> Result<T, StoreError>` run by the
//! [`Writer`] inside a savepoint of a shared transaction; its answer is released only after the
//! transaction commits.

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
pub mod tokens;
pub mod verify;
pub mod workspace;
pub mod writer;

pub use db::{Db, open};
pub use error::{Missing, StoreError};
pub use readers::Readers;
pub use writer::Writer;
