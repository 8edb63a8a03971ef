//! What `verify` found: balances against the journal, and the hash chains.

pub use credits_core::records::VerifyReport;
