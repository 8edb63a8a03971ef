//! Workspace API keys, stored only as the SHA-256 hash of their token; names are unique per
//! workspace (a unique index, so two daemons cannot both add one).

use credits_core::keys::{KeyInfo, KeyScope};
use credits_core::remedy::Remedy;
use credits_ledger::{Missing, StoreError};
use tokio_postgres::Row;

use crate::db::{Tx, WsRow, all, one, opt};
use crate::workspace::validate_name;

/// Most keys a workspace may have (the SQLite backend's limit).
pub const MAX_KEYS: i64 = 1000;

fn info(ws: &str, r: &Row) -> KeyInfo {
    KeyInfo {
        workspace: ws.to_owned(),
        name: r.get(0),
        scopes: r.get::<_, String>(1).split(',').filter_map(KeyScope::parse).collect(),
        created_at: r.get(2),
        expires_at: r.get(3),
    }
}

fn taken(ws: &WsRow, name: &str) -> StoreError {
    StoreError::Conflict(format!(
        "workspace '{}' already has a key named '{name}'; revoke it first or choose another name",
        ws.name
    ))
}

/// Adds key `name` to `ws` (locked, so the count holds); refused when the name is taken.
pub async fn create(
    tx: &Tx<'_>,
    ws: &WsRow,
    name: &str,
    hash: &str,
    scopes: &[KeyScope],
    created_at: &str,
    expires_at: Option<&str>,
) -> Result<KeyInfo, StoreError> {
    validate_name("key", name)?;
    if scopes.is_empty() {
        return Err(StoreError::InvalidInput("a key needs at least one scope: read, spend, buy or admin".into()));
    }
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Internal("a key hash must be 64 hex digits".into()));
    }
    let count: i64 = one(tx, "SELECT COUNT(*) FROM api_keys WHERE workspace_id = $1", &[&ws.id]).await?.get(0);
    if count >= MAX_KEYS {
        return Err(StoreError::Conflict(format!("workspace '{}' already has {MAX_KEYS} keys; revoke some", ws.name)));
    }
    let inserted = opt(
        tx,
        "INSERT INTO api_keys (workspace_id, name, token_hash, scopes, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, name) DO NOTHING RETURNING id",
        &[&ws.id, &name, &hash, &KeyScope::join(scopes), &created_at, &expires_at],
    )
    .await?;
    if inserted.is_none() {
        return Err(taken(ws, name));
    }
    Ok(KeyInfo {
        workspace: ws.name.clone(),
        name: name.to_owned(),
        scopes: scopes.to_vec(),
        created_at: created_at.to_owned(),
        expires_at: expires_at.map(str::to_owned),
    })
}

/// Every key of `ws`, by name.
pub async fn list(tx: &Tx<'_>, ws: &WsRow) -> Result<Vec<KeyInfo>, StoreError> {
    let rows = all(
        tx,
        "SELECT name, scopes, created_at, expires_at FROM api_keys WHERE workspace_id = $1 ORDER BY name",
        &[&ws.id],
    )
    .await?;
    Ok(rows.iter().map(|r| info(&ws.name, r)).collect())
}

/// Deletes key `name` of `ws`: its token stops working at once. Not found when there is none.
pub async fn revoke(tx: &Tx<'_>, ws: &WsRow, name: &str) -> Result<KeyInfo, StoreError> {
    let gone = opt(
        tx,
        "DELETE FROM api_keys WHERE workspace_id = $1 AND name = $2 RETURNING name, scopes, created_at, expires_at",
        &[&ws.id, &name],
    )
    .await?;
    gone.map(|r| info(&ws.name, &r)).ok_or_else(|| {
        StoreError::NotFound(Missing::new(
            format!("no key named '{name}' in workspace '{}' (already revoked?)", ws.name),
            Remedy::ListKeys,
        ))
    })
}

/// The key whose token hashes to `hash`, expired or not, and the hash as stored.
pub async fn by_hash(tx: &Tx<'_>, hash: &str) -> Result<Option<(KeyInfo, String)>, StoreError> {
    let row = opt(
        tx,
        "SELECT k.name, k.scopes, k.created_at, k.expires_at, w.name, k.token_hash FROM api_keys k
         JOIN workspaces w ON w.id = k.workspace_id WHERE k.token_hash = $1",
        &[&hash],
    )
    .await?;
    Ok(row.map(|r| (info(&r.get::<_, String>(4), &r), r.get(5))))
}
