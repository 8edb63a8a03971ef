//! Per-request plumbing: a time limit for every route (answered as a JSON 503 `timeout`), and
//! the request metrics for every answer, unknown routes (404) and wrong methods (405) included
//! (count by method, route template and status; latency by route).

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

/// The route template that answered, carried on the response from the routing layer (where it is
/// known) out to [`track`] (which also sees the answers of the fallbacks).
#[derive(Debug, Clone)]
pub struct Route(pub String);

/// The label of answers no route template matched (404): one series, whatever the path.
const UNMATCHED: &str = "unmatched";

/// Times out one request to a route, and records its route template on the answer.
pub async fn limit(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| Route(m.as_str().to_owned()));
    let mut resp = match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
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
    if let Some(r) = route {
        resp.extensions_mut().insert(r);
    }
    resp
}

/// Counts and times every answer, the fallbacks' (404, 405) included.
pub async fn track(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = method_label(req.method());
    let resp = next.run(req).await;
    let route = resp.extensions().get::<Route>().map_or(UNMATCHED, |r| r.0.as_str()).to_owned();
    let labels = RequestLabels { method: method.to_owned(), route, status: resp.status().as_u16() };
    app.metrics.request(labels, start.elapsed().as_secs_f64());
    resp
}
