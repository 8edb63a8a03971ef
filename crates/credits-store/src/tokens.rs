//! Seat API tokens, stored only as a SHA-256 hash: the token itself is shown once, by the caller
//! that made it, and never again.

use rusqlite::{Connection, params};

use crate::error::StoreError;
use crate::ledger::{self, SeatRow, WsRow};

/// What to do with a seat's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenChange<'a> {
    /// Set the hash of a new token; refused when the seat already has one.
    Create(&'a str),
    /// Replace the seat's token (or create the first one); the old token stops working.
    Rotate(&'a str),
    /// Remove the seat's token, if it has one.
    Revoke,
}

/// Applies `change` to seat `name` of `ws`. Returns the seat as it was before, so callers can
/// say whether a token existed.
pub fn set(conn: &Connection, ws: &WsRow, name: &str, change: TokenChange<'_>) -> Result<SeatRow, StoreError> {
    let seat = ledger::seat(conn, ws, Some(name), None)?;
    let hash = match change {
        TokenChange::Create(_) if seat.has_token => {
            return Err(StoreError::Conflict(format!(
                "seat '{name}' already has an API token; use --rotate to replace it (the old one stops working) or --revoke"
            )));
        }
        TokenChange::Create(h) | TokenChange::Rotate(h) => {
            if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(StoreError::Internal("a token hash must be 64 hex digits".into()));
            }
            Some(h)
        }
        TokenChange::Revoke => None,
    };
    conn.prepare_cached("UPDATE seats SET token_hash = ?1 WHERE id = ?2")?.execute(params![hash, seat.id])?;
    Ok(seat)
}
