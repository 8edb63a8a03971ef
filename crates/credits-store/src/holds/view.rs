//! The JSON shapes of holds, as the socket and the HTTP API return them. Field names are part of
//! the public contract: add fields, never rename one. They live in
//! `credits_core::records`, shared with the wire contract.

pub use credits_core::records::{Hold, HoldReceipt, HoldStatus};

/// A result and whether it was replayed from an idempotency key rather than applied now.
#[derive(Debug, Clone)]
pub struct Applied<T> {
    pub value: T,
    pub replayed: bool,
}
