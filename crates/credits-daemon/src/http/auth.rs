//! Bearer authentication: `Authorization: Bearer sct_…` names a seat (its token), `Bearer sck_…`
//! a workspace API key with scopes; both are looked up by the SHA-256 hash of the token, and the
//! stored hash is compared in constant time. Missing, malformed, unknown, expired or revoked
//! credentials get 401 before anything else (including the body) is looked at; a key without
//! the scope a route needs gets 403. A client address that presents too many wrong credentials
//! in a minute gets 429, and so does a key over its request rate ([`super::throttle`]). No token
//! is ever logged.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use credits_core::keys::KeyScope;
use credits_core::records::Balance;
use subtle::ConstantTimeEq;

use super::errors::ApiError;
use super::server::ClientAddr;
use crate::app::App;
use crate::caller::Caller;
use crate::{keys, tokens};

/// The seat a request acts for, and its balance when the token was checked.
#[derive(Debug, Clone)]
pub struct SeatAuth {
    pub workspace: String,
    pub seat: String,
    pub balance: Balance,
}

/// A workspace API key that authenticated a request.
#[derive(Debug, Clone)]
pub struct KeyAuth {
    pub workspace: String,
    pub name: String,
    pub scopes: Vec<KeyScope>,
}

/// Who a request comes from.
#[derive(Debug, Clone)]
pub enum Credential {
    Seat(SeatAuth),
    Key(KeyAuth),
}

impl Credential {
    /// Whether a 402 may carry a link that buys for the seat (the billing page's capability
    /// link, which can charge the card on file): a seat token's holder, or a key with `buy`.
    pub fn may_buy(&self) -> bool {
        match self {
            Credential::Seat(_) => true,
            Credential::Key(k) => k.scopes.contains(&KeyScope::Buy),
        }
    }

    /// Refuses (403) a key without `scope`; a seat token may do everything on its own seat.
    pub fn require(&self, scope: KeyScope) -> Result<(), ApiError> {
        match self {
            Credential::Key(k) if !k.scopes.contains(&scope) => Err(ApiError::forbidden(scope.as_str())),
            _ => Ok(()),
        }
    }

    /// The caller acting on `seat` (from `?seat=` or the body's `seat`): a key reaches any seat
    /// of its workspace (none named: the only one), a seat token only its own.
    pub fn caller(&self, seat: Option<String>) -> Result<Caller, ApiError> {
        match self {
            Credential::Seat(s) => {
                if seat.as_ref().is_some_and(|n| *n != s.seat) {
                    return Err(ApiError::new(
                        axum::http::StatusCode::FORBIDDEN,
                        "forbidden",
                        "a seat token acts only for its own seat; use a workspace API key to reach others",
                    ));
                }
                Ok(Caller::seat_token(s.workspace.clone(), s.seat.clone()))
            }
            Credential::Key(k) => Ok(Caller::key(k.workspace.clone(), k.name.clone(), seat)),
        }
    }

    /// Refuses (403) a `workspace` parameter that names another workspace than the
    /// credential's own.
    pub fn check_workspace(&self, asked: Option<&str>) -> Result<(), ApiError> {
        match asked {
            Some(w) if w != self.workspace() => Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "forbidden",
                match self {
                    Credential::Key(_) => format!("this key belongs to workspace '{}', not '{w}'", self.workspace()),
                    Credential::Seat(_) => {
                        format!("this seat token belongs to workspace '{}', not '{w}'", self.workspace())
                    }
                },
            )),
            _ => Ok(()),
        }
    }

    pub fn workspace(&self) -> &str {
        match self {
            Credential::Seat(s) => &s.workspace,
            Credential::Key(k) => &k.workspace,
        }
    }
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

/// Why a key did not authenticate.
enum KeyRefusal {
    Unknown,
    Expired,
}

/// Looks a key up by its token's hash and checks it is current.
async fn key_for(app: &App, token: &str) -> Result<Result<KeyAuth, KeyRefusal>, ApiError> {
    if !keys::well_formed(token) {
        return Ok(Err(KeyRefusal::Unknown));
    }
    let hash = tokens::hash(token);
    let found = app.ledger.key_by_token(&hash).await.map_err(|e| ApiError::from_app(app, e.into()))?;
    // The lookup is by hash, so its timing says nothing about the token; the comparison of the
    // stored hash does not either.
    let Some((key, _)) = found.filter(|(_, stored)| bool::from(stored.as_bytes().ct_eq(hash.as_bytes()))) else {
        return Ok(Err(KeyRefusal::Unknown));
    };
    if key.expired(app.now()) {
        return Ok(Err(KeyRefusal::Expired));
    }
    Ok(Ok(KeyAuth { workspace: key.workspace, name: key.name, scopes: key.scopes }))
}

impl FromRequestParts<Arc<App>> for Credential {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let now = Instant::now();
        let client = parts.extensions.get::<ClientAddr>().map(|c| c.0);
        let Some(token) = bearer(&parts.headers) else {
            return Err(ApiError::unauthorized(
                "missing bearer token: send `Authorization: Bearer <key or seat token>` (create a key with \
                 `studio-credits keys create NAME --scope SCOPES`, a seat token with `studio-credits seats token NAME`)",
            ));
        };
        // Only presented credentials count: guessing needs them, a forgotten header does not. A
        // valid credential is always served, even from an address that is over its limit:
        // behind a proxy or a NAT one client's garbage must not lock out everyone else.
        let failed = |message: &str| {
            if let Some(ip) = client {
                if let Some(wait) = app.throttle.blocked(ip, now) {
                    return ApiError::too_many(
                        "too many failed authentications from this address; wait before trying again",
                        wait,
                    );
                }
                app.throttle.failed(ip, now);
            }
            ApiError::unauthorized(message)
        };
        if token.starts_with(keys::PREFIX) {
            return match key_for(app, token).await? {
                Ok(key) => {
                    let id = format!("{}\u{0}{}", key.workspace, key.name);
                    app.throttle.key_request(&id, now).map_err(|wait| {
                        ApiError::too_many(format!("API key '{}' is over its request rate; slow down", key.name), wait)
                    })?;
                    Ok(Credential::Key(key))
                }
                Err(KeyRefusal::Expired) => {
                    Err(failed("this API key has expired; create a new one with `studio-credits keys create`"))
                }
                Err(KeyRefusal::Unknown) => Err(failed(
                    "invalid or revoked API key; see `studio-credits keys list` and create one with `studio-credits keys create`",
                )),
            };
        }
        match seat_for(app, token).await? {
            Some(seat) => Ok(Credential::Seat(seat)),
            None => Err(failed(
                "invalid or revoked seat token; create a new one with `studio-credits seats token NAME --rotate`",
            )),
        }
    }
}

/// A credential that may read (`read` scope for keys), checked before the body is looked at.
#[derive(Debug, Clone)]
pub struct CanRead(pub Credential);

/// A credential that may spend (`spend` scope for keys), checked before the body is looked at.
#[derive(Debug, Clone)]
pub struct CanSpend(pub Credential);

impl FromRequestParts<Arc<App>> for CanRead {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let c = Credential::from_request_parts(parts, app).await?;
        c.require(KeyScope::Read)?;
        Ok(CanRead(c))
    }
}

impl FromRequestParts<Arc<App>> for CanSpend {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let c = Credential::from_request_parts(parts, app).await?;
        c.require(KeyScope::Spend)?;
        Ok(CanSpend(c))
    }
}
