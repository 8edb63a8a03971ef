//! Read-only routes (`read` scope, except `GET /v1/status`, which any key may call): balances of
//! every seat, check, holds, history, advice and the rollover status.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use credits_core::time::fmt_time;
use credits_proto::results::{RolloverAnswer, ServerStatus};
use credits_proto::{Call, PROTOCOL_VERSION};
use serde::Deserialize;

use super::{PageQuery, Q, RestKey, WorkspaceOnly};
use crate::app::App;
use crate::error::AppError;
use crate::http::errors::ApiError;

/// The daemon's version and what the key may do: the remote CLI's handshake.
pub async fn status(
    State(app): State<Arc<App>>,
    key: RestKey,
    Q(q): Q<WorkspaceOnly>,
) -> Result<Json<ServerStatus>, ApiError> {
    key.scope(q.workspace, None)?;
    let k = key.0;
    Ok(Json(ServerStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        protocol: PROTOCOL_VERSION,
        workspace: k.workspace,
        key: k.name,
        scopes: k.scopes,
        now: fmt_time(app.now()),
    }))
}

/// One page of every seat's balance.
pub async fn balances(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<PageQuery>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    let call = Call::Balance { scope, all_seats: true, cursor: q.cursor, limit: q.limit };
    key.answer(&app, StatusCode::OK, call).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckQuery {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    seat: Option<String>,
    amount: String,
    /// `check --for`: the seat's burn over this many seconds is added to the amount.
    #[serde(default)]
    for_seconds: Option<i64>,
}

/// Would a spend fit?
pub async fn check(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<CheckQuery>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, q.seat)?;
    let amount = credits_core::Credits::parse_positive(&q.amount)
        .map_err(|e| ApiError::invalid(format!("amount: {e}")))
        .and_then(|a| {
            if a > crate::http::body::MAX_AMOUNT {
                Err(ApiError::invalid("amount is too large (amounts are below 1000000000000000)"))
            } else {
                Ok(a)
            }
        })?;
    key.answer(&app, StatusCode::OK, Call::Check { scope, amount, for_seconds: q.for_seconds }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastQuery {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    every_seat: bool,
}

/// Burn rates and the forecast of one seat (or every seat) and of the workspace.
pub async fn forecast(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<ForecastQuery>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, q.seat)?;
    key.answer(&app, StatusCode::OK, Call::Forecast { scope, every_seat: q.every_seat }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldsQuery {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    cursor: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

/// One page of open holds.
pub async fn holds(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<HoldsQuery>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, q.seat)?;
    key.answer(&app, StatusCode::OK, Call::HoldList { scope, cursor: q.cursor, limit: q.limit }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    cursor: Option<String>,
    #[serde(default)]
    count: bool,
}

/// One page of journal entries, newest first.
pub async fn history(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<HistoryQuery>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, q.seat)?;
    // The `next` of an earlier page: an entry id, digits only (as the OpenAPI document says).
    let entry_id = |c: &str| (1..=18).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit());
    if let Some(c) = q.cursor.as_deref().filter(|c| !entry_id(c)) {
        return Err(ApiError::invalid(format!("invalid history cursor {c:?}: use the `next` of the page before")));
    }
    let call = Call::History {
        scope,
        since: q.since,
        until: q.until,
        kind: q.kind,
        limit: q.limit,
        cursor: q.cursor,
        count: q.count,
    };
    key.answer(&app, StatusCode::OK, call).await
}

/// Top up or upgrade?
pub async fn advice(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<WorkspaceOnly>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::Advise { scope }).await
}

/// Where the key's workspace stands against its monthly reset (`rollover --check`); other
/// workspaces of the daemon are left out.
pub async fn rollover(
    State(app): State<Arc<App>>,
    key: RestKey,
    Q(q): Q<WorkspaceOnly>,
) -> Result<Json<RolloverAnswer>, ApiError> {
    key.scope(q.workspace, None)?;
    let v = key.run(&app, Call::Rollover { check: true }).await?;
    let mut a: RolloverAnswer =
        serde_json::from_str(v.get()).map_err(|e| ApiError::from(AppError::internal(e.to_string())))?;
    let ws = &key.0.workspace;
    a.workspaces.retain(|w| &w.workspace == ws);
    a.due.retain(|d| &d.workspace == ws);
    a.applied.retain(|r| &r.workspace == ws);
    a.errors.retain(|e| &e.workspace == ws);
    Ok(Json(a))
}
