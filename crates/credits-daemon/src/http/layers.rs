//! Per-request plumbing for every route: a time limit (answered as a JSON 503 `timeout`) and the
//! request metrics (count by method, route template and status; latency by route).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use crate::app::App;
use crate::metrics::RequestLabels;

/// Longest a request may take, body included. A debit that commits after its client gave up is
/// still a debit; retrying with the same `Idempotency-Key` is what makes that safe.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        // Arbitrary methods must not mint new time series.
        _ => "other",
    }
}

/// Times out and measures one request.
pub async fn track(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let method = method_label(req.method());
    let resp = match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {} s; retry it with the same Idempotency-Key",
                REQUEST_TIMEOUT.as_secs()
            ),
        )
        .into_response(),
    };
    let labels = RequestLabels { method: method.to_owned(), route, status: resp.status().as_u16() };
    app.metrics.request(labels, start.elapsed().as_secs_f64());
    resp
}
