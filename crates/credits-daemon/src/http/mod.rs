//! The HTTP API (axum): metered usage with 402, holds, the REST routes of the remote CLI
//! ([`rest`]), the billing page, metrics and the OpenAPI document; Stripe webhooks hang off [`router`] too. Seat calls authenticate with a bearer token;
//! bodies are limited to 64 KiB, requests to 30 s, and every error is JSON with a stable `type`.
//! [`server`] runs the accept loop and the connection limits, serving HTTPS when [`tls`] has a
//! certificate.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use credits_proto::ErrorType;
use credits_proto::results::{HttpDisabled, HttpDisabledReason};

use crate::app::App;
use crate::error::AppError;

pub mod auth;
pub mod billing;
pub mod body;
pub mod errors;
pub mod holds;
pub mod layers;
pub mod metrics;
pub mod openapi;
pub mod rest;
pub mod server;
pub mod throttle;
pub mod tls;
pub mod usage;
pub mod webhook;

/// The API's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/v1/balance", get(usage::balance))
        .route("/v1/usage", post(usage::usage).get(rest::usage_report))
        .route("/v1/usage/batch", post(usage::usage_batch).layer(DefaultBodyLimit::max(usage::MAX_BATCH_BODY)))
        .route("/v1/holds", post(holds::create).get(rest::hold_list))
        .route("/v1/holds/{id}", get(holds::show))
        .route("/v1/holds/{id}/settle", post(holds::settle))
        .route("/v1/holds/{id}/release", post(holds::release))
        .route("/metrics", get(metrics::metrics))
        .route("/openapi.json", get(openapi::openapi))
        .merge(rest::routes())
        .merge(webhook::routes())
        .merge(billing::routes())
        // Routes above this line are time-limited.
        .route_layer(middleware::from_fn(layers::limit))
        .fallback(errors::fallback)
        .method_not_allowed_fallback(errors::method_not_allowed)
        .layer(DefaultBodyLimit::max(body::MAX_BODY))
        // Unknown routes and wrong methods have their heads limited too.
        .layer(middleware::from_fn(layers::head_limits))
        // Outermost: every answer is counted, the fallbacks' and the head limits' too.
        .layer(middleware::from_fn_with_state(app.clone(), layers::track))
        .with_state(app)
}

/// `ok` while the daemon can take writes; 503 with a JSON error while its database file failed
/// the integrity check.
async fn healthz(State(app): State<Arc<App>>) -> Response {
    match app.integrity.refusal(&app.settings.paths.db) {
        None => "ok\n".into_response(),
        Some(why) => errors::ApiError::from(AppError::new(ErrorType::LedgerCorrupt, why)).into_response(),
    }
}

/// Binds the configured address and serves in the background. A bind failure is logged and
/// kept for `status` (and the `hello` of a CLI that started this daemon), not fatal: the CLI
/// keeps working over the socket. `fd_limit` is the daemon's open-file limit, from which the
/// default connection cap is derived.
pub async fn start(app: Arc<App>, fd_limit: Option<u64>) {
    let addr = app.settings.http_listen.clone();
    // Before binding: a daemon told to serve HTTPS never serves plain HTTP instead.
    let tls = match tls::acceptor(&app.settings.http_tls) {
        Ok(tls) => tls,
        Err(message) => {
            tracing::error!(%addr, error = %message, "cannot serve HTTPS; the HTTP API is disabled");
            app.set_http_disabled(HttpDisabled { listen: addr, reason: HttpDisabledReason::Tls, message });
            return;
        }
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(%addr, error = %e, "cannot bind the HTTP API; it is disabled");
            app.set_http_disabled(disabled(&addr, &e));
            return;
        }
    };
    if let Ok(local) = listener.local_addr() {
        app.set_http_addr(local);
        tracing::info!(addr = %local, tls = tls.is_some(), "HTTP API listening");
    }
    let configured = app.settings.http_limits;
    let limits = server::Limits {
        header_timeout: Duration::from_secs(configured.header_timeout_seconds),
        idle_timeout: Duration::from_secs(configured.idle_timeout_seconds),
        max_connections: crate::fds::http_cap(configured.max_connections, fd_limit),
    };
    tracing::info!(
        max_connections = limits.max_connections,
        open_files = ?fd_limit,
        header_timeout_s = configured.header_timeout_seconds,
        idle_timeout_s = configured.idle_timeout_seconds,
        "HTTP connection limits"
    );
    let stop = app.stopping();
    tokio::spawn(server::run(listener, router(app), limits, tls, stop));
}

/// Why binding `addr` failed, in a sentence and a kind.
fn disabled(addr: &str, e: &std::io::Error) -> HttpDisabled {
    use std::io::ErrorKind;
    let (reason, message) = match e.kind() {
        ErrorKind::AddrInUse => (HttpDisabledReason::InUse, format!("{addr} already in use")),
        ErrorKind::PermissionDenied => {
            (HttpDisabledReason::PermissionDenied, format!("not allowed to listen on {addr} ({e})"))
        }
        ErrorKind::AddrNotAvailable => {
            (HttpDisabledReason::NotLocal, format!("{addr} is not an address of this machine"))
        }
        // Not an IP:PORT, and the name did not resolve either (or the port is out of range).
        _ if addr.parse::<std::net::SocketAddr>().is_err() => (
            HttpDisabledReason::InvalidAddress,
            format!("{addr:?} is not an address to listen on, such as 127.0.0.1:4402 ({e})"),
        ),
        _ => (HttpDisabledReason::Other, format!("cannot listen on {addr}: {e}")),
    };
    HttpDisabled { listen: addr.to_owned(), reason, message }
}
