//! Idempotency keys: a repeated key with the same request returns the stored response; with a
//! different request it is an error. Kept at least 24 hours.

use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::StoreError;
use credits_core::time::fmt_time;

/// How long keys are kept at least.
pub const RETENTION: SignedDuration = SignedDuration::from_hours(48);

/// The stored response for `key`, if the same request was already applied. Errors when the key
/// was used for a different request.
pub fn lookup(
    conn: &Connection,
    workspace_id: i64,
    key: &str,
    fingerprint: &str,
) -> Result<Option<String>, StoreError> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT fingerprint, response FROM idempotency WHERE workspace_id = ?1 AND key = ?2")?
        .query_row(params![workspace_id, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok(None),
        Some((fp, response)) if fp == fingerprint => Ok(Some(response)),
        Some(_) => Err(StoreError::Idempotency(format!(
            "idempotency key '{key}' was already used for a different request; use a new key"
        ))),
    }
}

/// Records the response of a request applied under `key`, in the same transaction as its effect.
pub fn store(
    conn: &Connection,
    workspace_id: i64,
    key: &str,
    fingerprint: &str,
    response: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO idempotency (workspace_id, key, fingerprint, response, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![workspace_id, key, fingerprint, response, fmt_time(now)])?;
    Ok(())
}

/// Deletes keys older than [`RETENTION`]; returns how many.
pub fn prune(conn: &Connection, now: Timestamp) -> Result<usize, StoreError> {
    let cutoff = fmt_time(now - RETENTION);
    Ok(conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [cutoff])?)
}

/// Checks a key's format: printable ASCII, 1 to 255 bytes (Stripe's limit).
pub fn validate_key(key: &str) -> Result<(), StoreError> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(StoreError::InvalidInput(
            "an idempotency key must be 1 to 255 printable ASCII characters without spaces".into(),
        ));
    }
    Ok(())
}
