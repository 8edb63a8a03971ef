//! Workspace API keys, stored only as the SHA-256 hash of their token: the token is shown once,
//! by the caller that made it. A key belongs to one workspace; its name is unique there.

use credits_core::keys::{KeyInfo, KeyScope};
use credits_core::remedy::Remedy;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Missing, StoreError};
use crate::ledger::WsRow;
use crate::workspace::validate_name;

/// Most keys a workspace may have: a listing stays one short answer.
pub const MAX_KEYS: i64 = 1000;

fn scopes_of(stored: &str) -> Vec<KeyScope> {
    stored.split(',').filter_map(KeyScope::parse).collect()
}

fn info(ws: &str, r: &rusqlite::Row<'_>) -> rusqlite::Result<KeyInfo> {
    Ok(KeyInfo {
        workspace: ws.to_owned(),
        name: r.get(0)?,
        scopes: scopes_of(&r.get::<_, String>(1)?),
        created_at: r.get(2)?,
        expires_at: r.get(3)?,
    })
}

/// Adds key `name` to `ws`; refused when the name is taken.
pub fn create(
    conn: &Connection,
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
    let taken: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM api_keys WHERE workspace_id = ?1 AND name = ?2)")?
        .query_row(params![ws.id, name], |r| r.get(0))?;
    if taken {
        return Err(StoreError::Conflict(format!(
            "workspace '{}' already has a key named '{name}'; revoke it first or choose another name",
            ws.name
        )));
    }
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM api_keys WHERE workspace_id = ?1")?
        .query_row([ws.id], |r| r.get(0))?;
    if count >= MAX_KEYS {
        return Err(StoreError::Conflict(format!("workspace '{}' already has {MAX_KEYS} keys; revoke some", ws.name)));
    }
    conn.prepare_cached(
        "INSERT INTO api_keys (workspace_id, name, token_hash, scopes, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![ws.id, name, hash, KeyScope::join(scopes), created_at, expires_at])?;
    Ok(KeyInfo {
        workspace: ws.name.clone(),
        name: name.to_owned(),
        scopes: scopes.to_vec(),
        created_at: created_at.to_owned(),
        expires_at: expires_at.map(str::to_owned),
    })
}

/// Every key of `ws`, by name.
pub fn list(conn: &Connection, ws: &WsRow) -> Result<Vec<KeyInfo>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, scopes, created_at, expires_at FROM api_keys WHERE workspace_id = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([ws.id], |r| info(&ws.name, r))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Deletes key `name` of `ws`: its token stops working at once. Not found when there is none.
pub fn revoke(conn: &Connection, ws: &WsRow, name: &str) -> Result<KeyInfo, StoreError> {
    let found = conn
        .prepare_cached(
            "SELECT name, scopes, created_at, expires_at FROM api_keys WHERE workspace_id = ?1 AND name = ?2",
        )?
        .query_row(params![ws.id, name], |r| info(&ws.name, r))
        .optional()?;
    let Some(key) = found else {
        return Err(StoreError::NotFound(Missing::new(
            format!("no key named '{name}' in workspace '{}' (already revoked?)", ws.name),
            Remedy::ListKeys,
        )));
    };
    conn.prepare_cached("DELETE FROM api_keys WHERE workspace_id = ?1 AND name = ?2")?.execute(params![ws.id, name])?;
    Ok(key)
}

/// The key whose token hashes to `hash`, expired or not (the caller judges expiry by its clock),
/// and the hash as stored (the caller compares it in constant time).
pub fn by_hash(conn: &Connection, hash: &str) -> Result<Option<(KeyInfo, String)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT k.name, k.scopes, k.created_at, k.expires_at, w.name, k.token_hash FROM api_keys k \
             JOIN workspaces w ON w.id = k.workspace_id WHERE k.token_hash = ?1",
        )?
        .query_row([hash], |r| {
            let ws: String = r.get(4)?;
            Ok((info(&ws, r)?, r.get(5)?))
        })
        .optional()?)
}
