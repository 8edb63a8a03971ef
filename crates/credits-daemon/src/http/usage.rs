//! Metered usage: `GET /v1/balance` and `POST /v1/usage`, the same ledger debit as the CLI's
//! `spend` (included first, then top-up, all or nothing; 402 when both are empty). A seat token
//! acts for its seat; an API key (`read` to look, `spend` to debit) for the seat it names
//! (`?seat=`, or `seat` in the body), or the workspace's only seat. `POST /v1/usage/batch`
//! debits up to 1,000 events at once, each decided on its own (see [`crate::usage_batch`]).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use credits_core::records::Balance;
use credits_ledger::service::Debited;
use credits_proto::ErrorType;
use credits_proto::results::{EventResult, SpendBatchResult};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::auth::{CanRead, CanSpend, Credential};
use super::body::{self, IdempotencyKey, JsonBody};
use super::errors::ApiError;
use crate::app::App;
use crate::usage;

/// `?seat=NAME&workspace=NAME`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatQuery {
    #[serde(default)]
    seat: Option<String>,
    /// Must be the credential's own, if given.
    #[serde(default)]
    workspace: Option<String>,
}

/// The seat named in the query string, if any, once a `workspace` in it is the credential's.
pub fn seat_query(cred: &Credential, q: Result<Query<SeatQuery>, QueryRejection>) -> Result<Option<String>, ApiError> {
    let q = q.map(|Query(q)| q).map_err(|e| ApiError::invalid(format!("bad query string: {}", e.body_text())))?;
    cred.check_workspace(q.workspace.as_deref())?;
    Ok(q.seat)
}

/// The seat's balance, the same object as `balance --json`.
pub async fn balance(
    State(app): State<Arc<App>>,
    CanRead(cred): CanRead,
    q: Result<Query<SeatQuery>, QueryRejection>,
) -> Result<Json<Balance>, ApiError> {
    let seat = seat_query(&cred, q)?;
    let caller = cred.caller(seat)?;
    match cred {
        Credential::Seat(s) => Ok(Json(s.balance)),
        Credential::Key(_) => {
            let b = app.ledger.balance(&caller.scope).await.map_err(|e| ApiError::from_app(&app, e.into()))?;
            Ok(Json(b))
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageBody {
    /// The seat to debit (API keys; a seat token may only name its own).
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    amount: Option<Box<RawValue>>,
    #[serde(default)]
    memo: Option<String>,
    /// Must be the credential's own, if given.
    #[serde(default)]
    workspace: Option<String>,
}

/// Adds `Idempotent-Replayed: true` to an answer replayed from its key (as Stripe does).
pub fn replayed(mut resp: Response, replayed: bool) -> Response {
    if replayed {
        resp.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

/// Debits usage for the token's seat, or the seat a key names.
pub async fn usage(
    State(app): State<Arc<App>>,
    CanSpend(cred): CanSpend,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(body): JsonBody<UsageBody>,
) -> Result<Response, ApiError> {
    cred.check_workspace(body.workspace.as_deref())?;
    let caller = cred.caller(body.seat)?;
    let amount = body::amount(body.amount.as_deref(), false)?;
    let workspace = cred.workspace().to_owned();
    let named_seat = caller.scope.seat.clone();
    match usage::debit(&app, caller, amount, body.memo, key).await {
        Ok(Debited { receipt, replayed: replay }) => {
            if replay {
                app.metrics.replay();
            } else {
                app.metrics.debit(amount.millis());
            }
            Ok(replayed((StatusCode::OK, Json(receipt)).into_response(), replay))
        }
        Err(e) => {
            if e.kind == ErrorType::PaymentRequired {
                app.metrics.payment_required();
            }
            // The refused seat: the one named, or the one the ledger chose (in the balance).
            let seat = named_seat.or_else(|| e.balance.as_ref().map(|b| b.seat.clone()));
            let err = ApiError::from_app(&app, e);
            // Only a credential that may buy gets the link that buys for the seat (it can
            // charge the card on file); a key without `buy` gets the plain billing page.
            Err(match seat {
                Some(seat) if cred.may_buy() => err.for_seat(&app, &workspace, &seat),
                _ => err,
            })
        }
    }
}

/// Largest body of `POST /v1/usage/batch`: 1,000 events with memos of a few hundred characters.
pub const MAX_BATCH_BODY: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    events: Vec<serde_json::Value>,
    /// The seat of events that name none (API keys; a seat token's is its own).
    #[serde(default)]
    seat: Option<String>,
    /// Must be the credential's own, if given.
    #[serde(default)]
    workspace: Option<String>,
}

/// Debits a batch of events: one result per event, in order (`{"results": [...]}`, always 200
/// once the batch was decided; each result says what became of its event).
pub async fn usage_batch(
    State(app): State<Arc<App>>,
    CanSpend(cred): CanSpend,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let bytes = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(MAX_BATCH_BODY),
        _ => body::unreadable(e),
    })?;
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ApiError::invalid("the request body must be a JSON object with `events`"));
    }
    let body: BatchBody =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::invalid(format!("invalid JSON body: {e}")))?;
    cred.check_workspace(body.workspace.as_deref())?;
    // The batch's own fields are checked whole; only its events are answered one by one.
    if let Some(seat) = &body.seat {
        credits_ledger::ledger::validate_name("seat", seat).map_err(|e| ApiError::from_app(&app, e.into()))?;
    }
    let caller = cred.caller(body.seat)?;
    let results =
        crate::usage_batch::debit(&app, &caller, body.events).await.map_err(|e| ApiError::from_app(&app, e))?;
    for r in &results {
        match r {
            EventResult::Ok(receipt) => {
                app.metrics.debit(receipt.entries.iter().map(|e| -e.amount.millis()).sum());
            }
            EventResult::Replayed(_) => app.metrics.replay(),
            EventResult::PaymentRequired { .. } => app.metrics.payment_required(),
            EventResult::InvalidInput { .. } | EventResult::Error { .. } => {}
        }
    }
    Ok(Json(SpendBatchResult { results }).into_response())
}
