//! Seat API tokens: `sct_` and 64 random hex digits, returned once and stored only as their
//! SHA-256 hash, which is what the HTTP API looks a bearer token up by.

use std::sync::Arc;

use credits_ledger::service::TokenUpdate;
use credits_proto::calls::Scope;
use credits_proto::results::SeatToken;
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::error::AppError;

/// Every token starts with this, so a leaked one is recognizable (and secret scanners can match it).
pub const PREFIX: &str = "sct_";

/// A new random token.
pub fn generate() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(format!("no randomness for a token: {e}")))?;
    Ok(format!("{PREFIX}{}", hex::encode(bytes)))
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `token` has the shape of one of ours; anything else is refused without a lookup.
pub fn well_formed(token: &str) -> bool {
    token.strip_prefix(PREFIX).is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The socket call `seats_token`: creates, rotates or revokes seat `name`'s token.
pub async fn handle_call(
    app: &Arc<App>,
    scope: Scope,
    name: String,
    rotate: bool,
    revoke: bool,
) -> Result<SeatToken, AppError> {
    if rotate && revoke {
        return Err(AppError::invalid("choose one of --rotate and --revoke"));
    }
    let token = if revoke { None } else { Some(generate()?) };
    let hashed = token.as_deref().map(hash);
    let change = match hashed {
        None => TokenUpdate::Revoke,
        Some(h) if rotate => TokenUpdate::Rotate(h),
        Some(h) => TokenUpdate::Create(h),
    };
    let done = app.ledger.set_token(scope.workspace, name, change).await?;
    let revoking = token.is_none();
    Ok(SeatToken {
        workspace: done.workspace,
        seat: done.seat,
        rotated: (!revoking).then_some(done.had_token),
        revoked: revoking.then_some(done.had_token),
        token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_well_formed() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a, b);
        assert!(well_formed(&a) && well_formed(&b));
        assert_eq!(hash(&a).len(), 64);
        for bad in ["", "sct_", "sct_xyz", "Bearer", &a[..a.len() - 1], &format!("{a}0")] {
            assert!(!well_formed(bad), "{bad:?}");
        }
    }
}
