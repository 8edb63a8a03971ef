//! Stripe's side of the HTTP API: `POST /v1/stripe/webhook` (signed events) and the page a
//! buyer's browser lands on after canceling a hosted checkout.
//!
//! The signature is verified over the raw body bytes before anything in it is parsed; unsigned,
//! forged, stale or tampered requests get 400 and change nothing. A redelivered event (same id)
//! is acknowledged with 200 and changes nothing either. A well-signed event is acknowledged with
//! 200 whatever it leads to (`outcome`: applied, unchanged, duplicate, ignored, unconfirmed,
//! mismatch, refused), so Stripe does not retry what a retry cannot fix; only a failure on our
//! side answers 5xx (503 when Stripe could not be asked to confirm the event, or the ledger file
//! is damaged and refuses writes).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use credits_proto::ErrorType;
use credits_stripe::webhook;
use serde_json::json;

use super::body;
use super::errors::ApiError;
use crate::app::App;
use crate::purchases;

/// The routes, merged into the API's router.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/v1/stripe/webhook", post(stripe_webhook))
        .route("/v1/purchases/{id}/cancel", get(checkout_canceled).post(super::rest::purchase_cancel))
}

fn error(status: StatusCode, kind: ErrorType, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "error": { "type": kind.as_str(), "message": message.into() } }))).into_response()
}

async fn stripe_webhook(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) => return body::unreadable(e).into_response(),
    };
    let Some(secret) = app.settings.stripe.webhook_secret.as_ref() else {
        tracing::warn!("a Stripe webhook arrived but no webhook secret is configured (STRIPE_WEBHOOK_SECRET)");
        return error(StatusCode::BAD_REQUEST, ErrorType::InvalidInput, "no webhook signing secret is configured");
    };
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    // Stripe signs with the real time; the daemon's clock may be a test's fake one.
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    if let Err(e) = webhook::verify(&body, signature, secret.expose(), now, webhook::DEFAULT_TOLERANCE_SECS) {
        tracing::warn!(reason = e.kind(), "rejected a Stripe webhook");
        return error(StatusCode::BAD_REQUEST, ErrorType::InvalidInput, e.to_string());
    }
    let event = match webhook::parse_event(&body) {
        Ok(ev) => ev,
        Err(e) => return error(StatusCode::BAD_REQUEST, ErrorType::InvalidInput, e.to_string()),
    };
    match purchases::events::handle(&app, &event).await {
        Ok(outcome) => {
            tracing::info!(event = %event.id, r#type = %event.type_, outcome = outcome.as_str(), "Stripe webhook");
            axum::Json(json!({ "received": true, "outcome": outcome.as_str() })).into_response()
        }
        // A well-signed event that does not fit (wrong object, amount mismatch): acknowledged so
        // Stripe stops retrying, and logged.
        Err(e) if matches!(e.kind, ErrorType::InvalidInput | ErrorType::Conflict) => {
            tracing::error!(event = %event.id, error = %e, "a Stripe event was refused");
            axum::Json(json!({ "received": true, "outcome": "refused" })).into_response()
        }
        // The daemon could not ask Stripe whether the event is true, or cannot write (a damaged
        // ledger file): 503, so Stripe delivers it again later (the daemon's own polling goes on
        // meanwhile).
        Err(e) if matches!(e.kind, ErrorType::StripeUnavailable | ErrorType::LedgerCorrupt) => {
            tracing::warn!(event = %event.id, error = %e, "cannot act on a Stripe event now; Stripe will retry");
            error(StatusCode::SERVICE_UNAVAILABLE, e.kind, e.message)
        }
        Err(e) => {
            tracing::error!(event = %event.id, error = %e, "cannot handle a Stripe event; Stripe will retry");
            error(StatusCode::INTERNAL_SERVER_ERROR, ErrorType::Internal, e.message)
        }
    }
}

async fn checkout_canceled(State(app): State<Arc<App>>, id: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(id)) = id else { return ApiError::not_found("no such purchase").into_response() };
    let pid = id.clone();
    let purchase = match app.ledger.purchase(pid).await {
        Ok(p) => p,
        Err(_) => return (StatusCode::NOT_FOUND, Html("<p>No such purchase.</p>\n")).into_response(),
    };
    match purchases::calls::cancel(&app, purchase).await {
        // The return page says what happened, and sends a buyer who came from a 402 back to
        // their `return_to` with status=failed.
        Ok(p) => axum::response::Redirect::to(&format!("/billing/return?purchase={}", p.id)).into_response(),
        Err(e) => (StatusCode::BAD_GATEWAY, Html(format!("<p>Could not cancel: {}</p>\n", e.message))).into_response(),
    }
}
