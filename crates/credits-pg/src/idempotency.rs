//! Idempotency keys, in the same transaction as the effect they guard: a repeated key with the
//! same request returns the stored response; with a different request it is an error. The
//! primary key (workspace, caller, key) makes a second daemon's insert of the same key fail
//! rather than apply twice; the workspace lock makes it wait and replay instead.

use credits_core::time::fmt_time;
use credits_ledger::StoreError;
use jiff::Timestamp;

use crate::db::{Tx, exec, opt};

pub use credits_ledger::idempotency::{KeyOwner, RETENTION};

/// The stored `seat_id` of `owner`'s keys when the request acts for seat `seat_id`: 0 for the
/// workspace's keys (seat ids start at 1).
pub fn owner_column(owner: KeyOwner, seat_id: i64) -> i64 {
    match owner {
        KeyOwner::Workspace => 0,
        KeyOwner::Seat => seat_id,
    }
}

/// The stored response for `key`, if the same request was already applied; an error when the
/// key was used for a different request.
pub async fn lookup(
    tx: &Tx<'_>,
    workspace_id: i64,
    owner: i64,
    key: &str,
    fingerprint: &str,
) -> Result<Option<String>, StoreError> {
    let row = opt(
        tx,
        "SELECT fingerprint, response FROM idempotency WHERE workspace_id = $1 AND seat_id = $2 AND key = $3",
        &[&workspace_id, &owner, &key],
    )
    .await?;
    match row.map(|r| (r.get::<_, Vec<u8>>(0), r.get::<_, String>(1))) {
        None => Ok(None),
        Some((fp, response)) if fp == fingerprint.as_bytes() => Ok(Some(response)),
        Some(_) => Err(StoreError::Idempotency(format!(
            "idempotency key '{key}' was already used for a different request; use a new key"
        ))),
    }
}

/// Records the response of a request applied under `key`, in the same transaction as its effect.
pub async fn store(
    tx: &Tx<'_>,
    workspace_id: i64,
    owner: i64,
    key: &str,
    fingerprint: &str,
    response: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    exec(
        tx,
        "INSERT INTO idempotency (workspace_id, seat_id, key, fingerprint, response, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[&workspace_id, &owner, &key, &fingerprint.as_bytes(), &response, &fmt_time(now)],
    )
    .await?;
    Ok(())
}

/// Deletes keys older than [`RETENTION`]; returns how many.
pub async fn prune(tx: &Tx<'_>, now: Timestamp) -> Result<usize, StoreError> {
    let cutoff = fmt_time(now - RETENTION);
    let n = exec(tx, "DELETE FROM idempotency WHERE created_at < $1", &[&cutoff]).await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}
