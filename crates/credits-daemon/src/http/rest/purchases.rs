//! Purchase routes: buy (`buy` scope, with `Idempotency-Key`), wait for, list, show and cancel
//! purchases, `ensure`, the auto top-up rule (`admin` to change it), the usage report and
//! `reconcile` (`admin`).

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use credits_core::{Cents, Credits};
use credits_proto::Call;
use credits_proto::rest::MAX_REMOTE_WAIT_MS;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{PageQuery, Q, RestKey, WorkspaceOnly, segment};
use crate::app::App;
use crate::http::body::{self, IdempotencyKey, JsonBody};
use crate::http::errors::ApiError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyBody {
    #[serde(default)]
    workspace: Option<String>,
    /// Whose balance the answer shows (default: the workspace's only seat).
    #[serde(default)]
    seat: Option<String>,
    amount_cents: Cents,
    #[serde(default)]
    card_on_file: bool,
}

/// Buys a top-up: on the card on file (answers once Stripe decided), or by hosted checkout
/// (answers the pending purchase and its `checkout_url`).
pub async fn buy(
    State(app): State<Arc<App>>,
    key: RestKey,
    IdempotencyKey(idem): IdempotencyKey,
    JsonBody(b): JsonBody<BuyBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, b.seat)?;
    let call = Call::Buy { scope, amount_cents: b.amount_cents, card_on_file: b.card_on_file, idempotency_key: idem };
    key.answer(&app, StatusCode::OK, call).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitQuery {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    timeout_ms: Option<u64>,
}

/// Waits for a purchase to end, at most [`MAX_REMOTE_WAIT_MS`] per request (below the API's
/// request time limit; the client asks again to wait longer).
pub async fn wait(
    State(app): State<Arc<App>>,
    key: RestKey,
    id: Result<Path<String>, PathRejection>,
    Q(q): Q<WaitQuery>,
) -> Result<Response, ApiError> {
    let id = segment(id, "purchase")?;
    let scope = key.scope(q.workspace, q.seat)?;
    let timeout_ms = Some(q.timeout_ms.unwrap_or(MAX_REMOTE_WAIT_MS).min(MAX_REMOTE_WAIT_MS));
    key.answer(&app, StatusCode::OK, Call::PurchaseWait { scope, id, timeout_ms }).await
}

/// One page of purchases, newest first.
pub async fn list(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<PageQuery>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::PurchasesList { scope, limit: q.limit, cursor: q.cursor }).await
}

/// One purchase.
pub async fn show(
    State(app): State<Arc<App>>,
    key: RestKey,
    id: Result<Path<String>, PathRejection>,
    Q(q): Q<WorkspaceOnly>,
) -> Result<Response, ApiError> {
    let id = segment(id, "purchase")?;
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::PurchaseShow { scope, id }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceBody {
    #[serde(default)]
    workspace: Option<String>,
}

/// Cancels a purchase whose hosted checkout is still open.
pub async fn cancel(
    State(app): State<Arc<App>>,
    key: RestKey,
    id: Result<Path<String>, PathRejection>,
    JsonBody(b): JsonBody<WorkspaceBody>,
) -> Result<Response, ApiError> {
    let id = segment(id, "purchase")?;
    let scope = key.scope(b.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::PurchaseCancel { scope, id }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsureBody {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    min: Option<Box<RawValue>>,
    amount_cents: Cents,
    #[serde(default)]
    card_on_file: bool,
}

/// Buys only below `min` credits; concurrent calls for one workspace buy at most once.
pub async fn ensure(
    State(app): State<Arc<App>>,
    key: RestKey,
    IdempotencyKey(idem): IdempotencyKey,
    JsonBody(b): JsonBody<EnsureBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, b.seat)?;
    let min = body::amount(b.min.as_deref(), false)?;
    let call =
        Call::Ensure { scope, min, amount_cents: b.amount_cents, card_on_file: b.card_on_file, idempotency_key: idem };
    key.answer(&app, StatusCode::OK, call).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReconcileBody {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    fix: bool,
}

/// Compares the workspace's purchases with Stripe's payments; with `fix`, credits what Stripe
/// shows paid and the ledger has not credited (`admin` scope: it can write credits).
pub async fn reconcile(
    State(app): State<Arc<App>>,
    key: RestKey,
    JsonBody(b): JsonBody<ReconcileBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::Reconcile { scope, since: b.since, fix: b.fix }).await
}

/// The auto top-up rule.
pub async fn auto_show(
    State(app): State<Arc<App>>,
    key: RestKey,
    Q(q): Q<WorkspaceOnly>,
) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::AutoTopupShow { scope }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoBody {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    below: Option<Box<RawValue>>,
    amount_cents: Cents,
    monthly_limit_cents: Cents,
}

/// Sets the auto top-up rule.
pub async fn auto_set(
    State(app): State<Arc<App>>,
    key: RestKey,
    JsonBody(b): JsonBody<AutoBody>,
) -> Result<Response, ApiError> {
    let scope = key.scope(b.workspace, None)?;
    let below = body::amount(b.below.as_deref(), false)?;
    let call =
        Call::AutoTopupSet { scope, below, amount_cents: b.amount_cents, monthly_limit_cents: b.monthly_limit_cents };
    key.answer(&app, StatusCode::OK, call).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateQuery {
    #[serde(default)]
    workspace: Option<String>,
    #[serde(default)]
    days: Option<u32>,
    #[serde(default)]
    below: Option<Credits>,
    #[serde(default)]
    amount_cents: Option<i64>,
    #[serde(default)]
    monthly_limit_cents: Option<i64>,
}

/// The auto top-up dry run: the workspace's rule, or the one the query gives, over `days`
/// (default 30).
pub async fn auto_simulate(
    State(app): State<Arc<App>>,
    key: RestKey,
    Q(q): Q<SimulateQuery>,
) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    let call = Call::AutoTopupSimulate {
        scope,
        days: q.days.unwrap_or(30),
        below: q.below,
        amount_cents: q.amount_cents.map(Cents::new),
        monthly_limit_cents: q.monthly_limit_cents.map(Cents::new),
    };
    key.answer(&app, StatusCode::OK, call).await
}

/// Turns auto top-up off.
pub async fn auto_off(State(app): State<Arc<App>>, key: RestKey, Q(q): Q<WorkspaceOnly>) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, None)?;
    key.answer(&app, StatusCode::OK, Call::AutoTopupOff { scope }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageQuery {
    #[serde(default)]
    workspace: Option<String>,
    /// Only this seat's forecast (the monthly figures stay the workspace's).
    #[serde(default)]
    seat: Option<String>,
    #[serde(default)]
    months: Option<u32>,
}

/// Burn per month over the last `months` periods (`GET /v1/usage`; `POST` is a spend).
pub async fn usage_report(
    State(app): State<Arc<App>>,
    key: RestKey,
    Q(q): Q<UsageQuery>,
) -> Result<Response, ApiError> {
    let scope = key.scope(q.workspace, q.seat)?;
    key.answer(&app, StatusCode::OK, Call::Usage { scope, months: q.months }).await
}
