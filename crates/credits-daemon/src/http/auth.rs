//! Bearer-token authentication: `Authorization: Bearer sct_…` names a seat through the SHA-256
//! hash of the token. Missing, malformed, unknown or revoked tokens get 401 before anything else
//! (including the body) is looked at.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use credits_core::records::Balance;

use super::errors::ApiError;
use crate::app::App;
use crate::tokens;

/// The seat a request acts for, and its balance when the token was checked.
#[derive(Debug, Clone)]
pub struct SeatAuth {
    pub workspace: String,
    pub seat: String,
    pub balance: Balance,
}

/// The token in an `Authorization: Bearer …` header, if the header has that shape.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Looks the token up; `None` when it names no active seat.
pub async fn seat_for(app: &App, token: &str) -> Result<Option<SeatAuth>, ApiError> {
    if !tokens::well_formed(token) {
        return Ok(None);
    }
    let hash = tokens::hash(token);
    // A point read on this thread: every metered request pays for it.
    let found = app.ledger.seat_by_token(&hash).await.map_err(|e| ApiError::from_app(app, e.into()))?;
    Ok(found.map(|t| SeatAuth { workspace: t.workspace, seat: t.seat, balance: t.balance }))
}

impl FromRequestParts<Arc<App>> for SeatAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer(&parts.headers) else {
            return Err(ApiError::unauthorized(
                "missing bearer token: send `Authorization: Bearer <seat token>` (create one with `studio-credits seats token NAME`)",
            ));
        };
        seat_for(app, token).await?.ok_or_else(|| {
            ApiError::unauthorized(
                "invalid or revoked seat token; create a new one with `studio-credits seats token NAME --rotate`",
            )
        })
    }
}
