//! Idempotency keys: a repeated key with the same request returns the stored response; with a
//! different request it is an error. Kept at least [`RETENTION`].
//!
//! Keys belong to their caller: a seat token's keys are that seat's, the local CLI's (the
//! workspace operator's) are the workspace's. One seat can neither replay, block nor probe
//! another's keys, and the CLI's keys do not collide with the seats'.

use jiff::SignedDuration;

use crate::error::StoreError;

/// Whose keys a request's key is among.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyOwner {
    /// The workspace's: the local CLI and socket.
    #[default]
    Workspace,
    /// The seat's that the request acts for: an HTTP request with that seat's token.
    Seat,
}

/// How long keys are kept at least.
pub const RETENTION: SignedDuration = SignedDuration::from_hours(48);

/// Checks a key's format: printable ASCII, 1 to 255 bytes (Stripe's limit).
pub fn validate_key(key: &str) -> Result<(), StoreError> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(StoreError::InvalidInput(
            "an idempotency key must be 1 to 255 printable ASCII characters without spaces".into(),
        ));
    }
    Ok(())
}
