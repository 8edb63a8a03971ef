//! The PostgreSQL ledger: embedded migrations applied under an advisory lock, a schema that
//! states the ledger's invariants (CHECKs, unique indexes, append-only triggers), and
//! [`PgLedger`], an `impl Ledger` over a connection pool, for several daemons sharing one
//! database. Business rules are credits-core's and the chain hash is the SQLite backend's.

pub mod copy;
pub mod db;
pub mod debit_batch;
pub mod history;
pub mod holds;
pub mod idempotency;
pub mod journal;
pub mod keys;
pub mod ledger;
pub mod limits;
pub mod migrate;
pub mod notify;
pub mod purchases;
pub mod rollover;
pub mod service;
/// A private PostgreSQL server for tests.
#[cfg(feature = "testing")]
pub mod testing;
pub mod tls;
pub mod verify;
pub mod workspace;

pub use service::PgLedger;
