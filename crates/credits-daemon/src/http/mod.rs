//! The HTTP API (axum): liveness now; metering, holds, webhooks and metrics hang off [`router`].

use std::sync::Arc;

use axum::Router;
use axum::routing::get;

use crate::app::App;

/// The API's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new().route("/healthz", get(|| async { "ok\n" })).with_state(app)
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
