//! Idempotency keys: a repeated key with the same request returns the stored response; with a
//! different request it is an error. Kept at least 24 hours.
//!
//! Keys belong to their caller: a seat token's keys are that seat's, the local CLI's (the
//! workspace operator's) are the workspace's. One seat can neither replay, block nor probe
//! another's keys, and the CLI's keys do not collide with the seats'.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, ToSql, params};

use crate::error::StoreError;
use crate::multi_insert::MultiInsert;

pub use credits_ledger::idempotency::{KeyOwner, RETENTION, validate_key};

/// The stored `seat_id` of `owner`'s keys when the request acts for seat `seat_id`: 0 for the
/// workspace's keys (seat ids start at 1).
pub fn owner_column(owner: KeyOwner, seat_id: i64) -> i64 {
    match owner {
        KeyOwner::Workspace => 0,
        KeyOwner::Seat => seat_id,
    }
}

use credits_core::time::fmt_time;

/// The stored response for `key`, if the same request was already applied. Errors when the key
/// was used for a different request.
/// `owner` is [`owner_column`]'s value.
pub fn lookup(
    conn: &Connection,
    workspace_id: i64,
    owner: i64,
    key: &str,
    fingerprint: &str,
) -> Result<Option<String>, StoreError> {
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT fingerprint, response FROM idempotency WHERE workspace_id = ?1 AND seat_id = ?2 AND key = ?3",
        )?
        .query_row(params![workspace_id, owner, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    answer(row, key, fingerprint)
}

/// What a key found with `found` (its stored fingerprint and response) answers to a request
/// with `fingerprint`: the response to replay, or an error when the request differs.
pub(crate) fn answer(
    found: Option<(String, String)>,
    key: &str,
    fingerprint: &str,
) -> Result<Option<String>, StoreError> {
    match found {
        None => Ok(None),
        Some((fp, response)) if fp == fingerprint => Ok(Some(response)),
        Some(_) => Err(StoreError::Idempotency(format!(
            "idempotency key '{key}' was already used for a different request; use a new key"
        ))),
    }
}

/// Stored keys' rows: [`store`] writes one, a run of debits many at once.
pub(crate) static ROWS: MultiInsert = MultiInsert::new(
    "INSERT INTO idempotency (workspace_id, seat_id, key, fingerprint, response, created_at) VALUES ",
    6,
);

/// Records the response of a request applied under `key`, in the same transaction as its effect.
pub fn store(
    conn: &Connection,
    workspace_id: i64,
    owner: i64,
    key: &str,
    fingerprint: &str,
    response: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let created = fmt_time(now);
    let row = [(workspace_id, owner, key, fingerprint, response, created.as_str())];
    ROWS.write(conn, &row, |(w, o, k, f, r, c), args| args.extend([w as &dyn ToSql, o, k, f, r, c]))
}

/// Deletes keys older than [`RETENTION`]; returns how many.
pub fn prune(conn: &Connection, now: Timestamp) -> Result<usize, StoreError> {
    let cutoff = fmt_time(now - RETENTION);
    Ok(conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [cutoff])?)
}
