//! Two-phase usage over HTTP: `POST /v1/holds` reserves (201, or 402 when it does not fit),
//! `POST /v1/holds/{id}/settle` consumes up to the held amount and releases the rest,
//! `POST /v1/holds/{id}/release` frees it all, `GET /v1/holds/{id}` shows it. A seat token only
//! reaches its own seat's holds; an API key (`spend` to change, `read` to look) its workspace's,
//! and creates a hold for the seat it names in the body's `seat` (or the only seat).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use credits_ledger::holds::{Applied, HoldReceipt, MAX_TTL};
use credits_proto::ErrorType;
use jiff::SignedDuration;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::auth::{CanRead, CanSpend};
use super::body::{self, IdempotencyKey, JsonBody};
use super::errors::ApiError;
use super::rest::{Q, WorkspaceOnly};
use super::usage::replayed;
use crate::app::App;
use crate::error::AppError;
use crate::holds;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// The seat to hold for (API keys; a seat token may only name its own).
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    amount: Option<Box<RawValue>>,
    #[serde(default)]
    ttl_seconds: Option<Box<RawValue>>,
    #[serde(default)]
    memo: Option<String>,
    #[serde(default)]
    workspace: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettleBody {
    #[serde(default)]
    amount: Option<Box<RawValue>>,
    #[serde(default)]
    workspace: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseBody {
    #[serde(default)]
    workspace: Option<String>,
}

fn hold_id(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(id)| id).map_err(|_| ApiError::not_found("no such hold"))
}

fn ttl(v: Option<&RawValue>) -> Result<Option<SignedDuration>, ApiError> {
    let Some(text) = v.map(RawValue::get).filter(|t| *t != "null") else { return Ok(None) };
    // A whole JSON number, however written (`60`, `60.0`).
    let max = u64::try_from(MAX_TTL.as_secs()).unwrap_or(0);
    let whole =
        text.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']).then(|| body::exact_whole(text, max));
    match whole {
        Some(Ok(s)) if s >= 1 => Ok(Some(SignedDuration::from_secs(s as i64))),
        _ => Err(ApiError::invalid(format!(
            "ttl_seconds must be a whole number of seconds from 1 to {}",
            MAX_TTL.as_secs()
        ))),
    }
}

fn answer(app: &App, status: StatusCode, result: Result<Applied<HoldReceipt>, AppError>) -> Result<Response, ApiError> {
    match result {
        Ok(a) => {
            if a.replayed {
                app.metrics.replay();
            }
            Ok(replayed((status, Json(a.value)).into_response(), a.replayed))
        }
        Err(e) => {
            if e.kind == ErrorType::PaymentRequired {
                app.metrics.payment_required();
            }
            Err(ApiError::from_app(app, e))
        }
    }
}

/// Reserves credits for the token's seat.
pub async fn create(
    State(app): State<Arc<App>>,
    CanSpend(cred): CanSpend,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(body): JsonBody<CreateBody>,
) -> Result<Response, ApiError> {
    cred.check_workspace(body.workspace.as_deref())?;
    let caller = cred.caller(body.seat)?;
    let amount = body::amount(body.amount.as_deref(), false)?;
    let ttl = ttl(body.ttl_seconds.as_deref())?;
    let workspace = cred.workspace().to_owned();
    let named = caller.scope.seat.clone();
    let result = holds::create(&app, &caller, amount, ttl, body.memo, key).await;
    let refused_seat = result.as_ref().err().and_then(|e| e.balance.as_ref()).map(|b| b.seat.clone());
    // Only a credential that may buy gets the link that buys for the seat.
    answer(&app, StatusCode::CREATED, result).map_err(|e| match named.or(refused_seat) {
        Some(seat) if cred.may_buy() => e.for_seat(&app, &workspace, &seat),
        _ => e,
    })
}

/// Consumes up to the held amount; the rest goes back.
pub async fn settle(
    State(app): State<Arc<App>>,
    CanSpend(cred): CanSpend,
    id: Result<Path<String>, PathRejection>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(body): JsonBody<SettleBody>,
) -> Result<Response, ApiError> {
    cred.check_workspace(body.workspace.as_deref())?;
    let amount = body::amount(body.amount.as_deref(), true)?;
    let id = hold_id(id)?;
    let result = holds::settle(&app, &cred.caller(None)?, id, amount, key).await;
    answer(&app, StatusCode::OK, result)
}

/// Frees the whole hold.
pub async fn release(
    State(app): State<Arc<App>>,
    CanSpend(cred): CanSpend,
    id: Result<Path<String>, PathRejection>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(body): JsonBody<ReleaseBody>,
) -> Result<Response, ApiError> {
    cred.check_workspace(body.workspace.as_deref())?;
    let id = hold_id(id)?;
    let result = holds::release(&app, &cred.caller(None)?, id, key).await;
    answer(&app, StatusCode::OK, result)
}

/// One of the seat's holds.
pub async fn show(
    State(app): State<Arc<App>>,
    CanRead(cred): CanRead,
    id: Result<Path<String>, PathRejection>,
    Q(q): Q<WorkspaceOnly>,
) -> Result<Response, ApiError> {
    cred.check_workspace(q.workspace.as_deref())?;
    let id = hold_id(id)?;
    let owner = cred.caller(None)?.hold_owner();
    let hold = app.ledger.get_hold(owner, id).await.map_err(|e| ApiError::from_app(&app, e.into()))?;
    Ok(Json(hold).into_response())
}
