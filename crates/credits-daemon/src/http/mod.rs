//! The HTTP API (axum): metered usage with 402, holds, the billing page, metrics and the OpenAPI
//! document; Stripe webhooks hang off [`router`] too. Seat calls authenticate with a bearer token;
//! bodies are limited to 64 KiB, requests to 30 s, and every error is JSON with a stable `type`.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};

use crate::app::App;

pub mod auth;
pub mod billing;
pub mod body;
pub mod errors;
pub mod holds;
pub mod layers;
pub mod metrics;
pub mod openapi;
pub mod usage;
pub mod webhook;

/// The API's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/v1/balance", get(usage::balance))
        .route("/v1/usage", post(usage::usage))
        .route("/v1/holds", post(holds::create))
        .route("/v1/holds/{id}", get(holds::show))
        .route("/v1/holds/{id}/settle", post(holds::settle))
        .route("/v1/holds/{id}/release", post(holds::release))
        .route("/billing", get(billing::billing))
        .route("/metrics", get(metrics::metrics))
        .route("/openapi.json", get(openapi::openapi))
        .merge(webhook::routes())
        // Routes above this line are time-limited.
        .route_layer(middleware::from_fn(layers::limit))
        .fallback(errors::fallback)
        .method_not_allowed_fallback(errors::method_not_allowed)
        .layer(DefaultBodyLimit::max(body::MAX_BODY))
        // Every answer is counted, the fallbacks' too.
        .layer(middleware::from_fn_with_state(app.clone(), layers::track))
        .with_state(app)
}

/// Binds the configured address and serves in the background. A bind failure is logged, not
/// fatal: the CLI keeps working over the socket.
pub async fn start(app: Arc<App>) {
    let addr = app.settings.http_listen.clone();
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(%addr, error = %e, "cannot bind the HTTP API; it is disabled");
            return;
        }
    };
    if let Ok(local) = listener.local_addr() {
        app.set_http_addr(local);
        tracing::info!(addr = %local, "HTTP API listening");
    }
    let mut stop = app.stopping();
    let router = router(app);
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = stop.changed().await;
        };
        if let Err(e) = axum::serve(listener, router).with_graceful_shutdown(shutdown).await {
            tracing::error!(error = %e, "HTTP API stopped");
        }
    });
}
