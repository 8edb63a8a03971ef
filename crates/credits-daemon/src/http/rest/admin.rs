//! Administration routes (`admin` scope to change, `read` to look): seats, plans, the workspace's
//! settings and its API keys. Creating a seat or a key answers 201; a name already taken is 409.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use credits_core::keys::KeyScope;
use credits_proto::Call;
use serde::Deserialize;

use super::{PageQuery, Q, RestKey, WorkspaceOnly, segment};
use crate::app::App;
use crate::http::body::JsonBody;
use crate::http::errors::ApiError;

/// One page of active seats.
pub async fn seats(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<PageQuery>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::SeatsList { scope, cursor: q.cursor, limit: q.limit }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameBody {
    #[serde(default)]
    workspace: Option<String>,
    name: String,
}

/// Adds a seat.
pub async fn seat_add(
    State(app): State<Arc<App>>,
    key: RestKey,
    JsonBody(b): JsonBody<NameBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, None)?;
    key.answer(&app, StatusCode::CREATED, Call::SeatsAdd { scope, name: b.name }).await
}

/// Removes a seat.
pub async fn seat_remove(
    State(app): State<Arc<App>>,
    key: RestKey,
    name: Result<Path<String>, PathRejection>,
    Q(q): Q<WorkspaceOnly>,
) -> Result<Response, ApiError> {
    let name = segment(name, "seat")?;
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::SeatsRemove { scope, name }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitBody {
    #[serde(default)]
    workspace: Option<String>,
    /// Credits a month (`"0"`: none); absent or `null`: no limit.
    #[serde(default)]
    topup_per_month: Option<credits_core::Credits>,
}

/// Sets or clears a seat's monthly top-up limit.
pub async fn seat_limit(
    State(app): State<Arc<App>>,
    key: RestKey,
    name: Result<Path<String>, PathRejection>,
    JsonBody(b): JsonBody<LimitBody>,
) -> Result<Response, ApiError> {
    let name = segment(name, "seat")?;
    let scope = key.scope(b.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::SeatsLimit { scope, name, topup_per_month: b.topup_per_month }).await
}

/// Sets or clears the monthly top-up budget of all the workspace's seats.
pub async fn workspace_budget(
    State(app): State<Arc<App>>,
    key: RestKey,
    JsonBody(b): JsonBody<LimitBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::WorkspaceBudget { scope, topup_per_month: b.topup_per_month }).await
}

/// The workspace's plan.
pub async fn plan(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<WorkspaceOnly>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::PlanShow { scope }).await
}

/// Every plan on offer.
pub async fn plans(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<WorkspaceOnly>) -> Result<Response, ApiError> {
    key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::PlanList {}).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    #[serde(default)]
    workspace: Option<String>,
    plan: String,
    #[serde(default)]
    now: bool,
}

/// Changes the plan from the next period, or at once with `now`.
pub async fn plan_set(
    State(app): State<Arc<App>>,
    key: RestKey,
    JsonBody(b): JsonBody<PlanBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::PlanSet { scope, plan: b.plan, now: b.now }).await
}

/// The workspace's settings.
pub async fn workspace(
    State(app): State<Arc<App>>,
    key: RestKey,
    Q(q): Q<WorkspaceOnly>,
) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::WorkspaceShow { scope }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceBody {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    tz: Option<String>,
    #[serde(default)]
    stripe_customer: Option<String>,
}

/// Changes the workspace's time zone or Stripe customer.
pub async fn workspace_set(
    State(app): State<Arc<App>>,
    key: RestKey,
    JsonBody(b): JsonBody<WorkspaceBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, None)?;
    // Which Stripe customer a workspace charges is the operator's to say: a key that could name
    // one could point its workspace at another workspace's card.
    if b.stripe_customer.is_some() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "the Stripe customer is set on the server's machine only (`studio-credits workspace set --stripe-customer`)",
        ));
    }
    key.answer(&app, StatusCode::OK, Call::WorkspaceSet { scope, tz: b.tz, stripe_customer: None }).await
}

/// The workspace's keys, never their tokens.
pub async fn keys(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<WorkspaceOnly>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::KeysList { scope }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyBody {
    #[serde(default)]
    workspace: Option<String>,
    name: String,
    scopes: Vec<KeyScope>,
    #[serde(default)]
    expires_in_seconds: Option<i64>,
}

/// Creates a key; the answer is the only time its token is shown.
pub async fn key_create(
    State(app): State<Arc<App>>,
    key: RestKey,
    JsonBody(b): JsonBody<KeyBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, None)?;
    let expires_in_seconds = within_own_life(&key, app.now(), b.expires_in_seconds)?;
    let call = Call::KeysCreate { scope, name: b.name, scopes: b.scopes, expires_in_seconds };
    key.answer(&app, StatusCode::CREATED, call).await
}

/// Revokes a key.
pub async fn key_revoke(
    State(app): State<Arc<App>>,
    key: RestKey,
    name: Result<Path<String>, PathRejection>,
    Q(q): Q<WorkspaceOnly>,
) -> Result<Response, ApiError> {
    let name = segment(name, "key")?;
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::KeysRevoke { scope, name }).await
}

/// The life of a key that key `creator` creates: never longer than the creator's own, so an
/// expiring key cannot outlive itself through a key it made. Unasked, it ends with the creator.
fn within_own_life(creator: &RestKey, now: jiff::Timestamp, asked: Option<i64>) -> Result<Option<i64>, ApiError> {
    let Some(end) = creator.0.expires_at else { return Ok(asked) };
    let left = end.duration_since(now).as_secs().max(0);
    match asked {
        None => Ok(Some(left)),
        Some(s) if s <= left => Ok(Some(s)),
        Some(_) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("this key expires at {end}; a key it creates must expire by then"),
        )),
    }
}
