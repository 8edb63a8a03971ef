//! Workspace API keys: `sck_` and 64 random hex digits, returned once and stored only as their
//! SHA-256 hash. A key acts over HTTP for its workspace with its scopes; the socket calls here
//! create, list and revoke them for the local operator.

use std::sync::Arc;

use credits_core::keys::KeyScope;
use credits_ledger::service::NewKey;
use credits_proto::calls::Scope;
use credits_proto::results::{KeyCreated, KeyInfo, KeyList};
use jiff::SignedDuration;

use crate::app::App;
use crate::error::AppError;

/// Every key starts with this, so a leaked one is recognizable (and secret scanners can match it).
pub const PREFIX: &str = "sck_";

/// Longest a key may be valid: ten years.
pub const MAX_EXPIRY_SECONDS: i64 = 10 * 366 * 86_400;

/// A new random key token.
pub fn generate() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(format!("no randomness for a key: {e}")))?;
    Ok(format!("{PREFIX}{}", hex::encode(bytes)))
}

/// Whether `token` has the shape of a key; anything else is refused without a lookup.
pub fn well_formed(token: &str) -> bool {
    token.strip_prefix(PREFIX).is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The socket call `keys_create`.
pub async fn create(
    app: &Arc<App>,
    scope: Scope,
    name: String,
    scopes: Vec<KeyScope>,
    expires_in_seconds: Option<i64>,
) -> Result<KeyCreated, AppError> {
    let mut scopes = scopes;
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(AppError::invalid("a key needs at least one scope: read, spend, buy or admin"));
    }
    // Whole seconds: the times are shown to people and compared by scripts.
    let now = app.now();
    let now = jiff::Timestamp::from_second(now.as_second()).unwrap_or(now);
    let expires_at = match expires_in_seconds {
        None => None,
        Some(s) if (1..=MAX_EXPIRY_SECONDS).contains(&s) => now.checked_add(SignedDuration::from_secs(s)).ok(),
        Some(_) => return Err(AppError::invalid("--expires must be from 1 second to 10 years")),
    };
    let token = generate()?;
    let new = NewKey { name, hash: crate::tokens::hash(&token), scopes, expires_at };
    let key = app.ledger.create_key(scope.workspace, new, now).await?;
    tracing::info!(workspace = %key.workspace, key = %key.name, "API key created");
    Ok(KeyCreated { workspace: key.workspace, name: key.name, token, scopes: key.scopes, expires_at: key.expires_at })
}

/// The socket call `keys_list`.
pub async fn list(app: &Arc<App>, scope: Scope) -> Result<KeyList, AppError> {
    let info = app.ledger.workspace_info(scope.workspace.clone()).await?;
    let keys = app.ledger.keys(Some(info.name.clone())).await?;
    Ok(KeyList { workspace: info.name, keys })
}

/// The socket call `keys_revoke`.
pub async fn revoke(app: &Arc<App>, scope: Scope, name: String) -> Result<KeyInfo, AppError> {
    let key = app.ledger.revoke_key(scope.workspace, name).await?;
    tracing::info!(workspace = %key.workspace, key = %key.name, "API key revoked");
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_well_formed_and_not_seat_tokens() {
        let a = generate().unwrap();
        assert_ne!(a, generate().unwrap());
        assert!(well_formed(&a));
        assert!(!crate::tokens::well_formed(&a));
        for bad in ["", "sck_", "sck_xyz", &a[..a.len() - 1], &format!("{a}0")] {
            assert!(!well_formed(bad), "{bad:?}");
        }
    }
}
