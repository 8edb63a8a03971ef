//! `GET /metrics`: the daemon's metrics in the OpenMetrics text format Prometheus scrapes.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use credits_store::holds;

use crate::app::App;

const CONTENT: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

pub async fn metrics(State(app): State<Arc<App>>) -> Response {
    let open = match app.read(holds::open_count).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "cannot count open holds for /metrics");
            0
        }
    };
    ([(CONTENT_TYPE, CONTENT)], app.metrics.render(open)).into_response()
}
