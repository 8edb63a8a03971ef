//! Per-request plumbing: limits on the request head (JSON 414/431, for every path), a time limit
//! for every route (answered as a JSON 503 `timeout`), and the request metrics for every answer,
//! unknown routes (404) and wrong methods (405) included (count by method, route template and
//! status; latency by route).

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

/// Longest request target (path and query) answered; longer ones get a JSON 414. Well below
/// hyper's own limit (64 KiB), so an over-long URI gets JSON, not hyper's empty answer.
pub const MAX_URI: usize = 8 * 1024;
/// Most bytes of header names and values answered; more get a JSON 431 (hyper answers an empty
/// 431 itself for a head over its 64 KiB buffer or with more than 100 headers).
pub const MAX_HEADERS: usize = 32 * 1024;

/// Refuses request heads over [`MAX_URI`] or [`MAX_HEADERS`].
pub async fn head_limits(req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_len > MAX_URI {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the request target is longer than {} KiB", MAX_URI / 1024),
        )
        .into_response();
    }
    let header_bytes: usize = req.headers().iter().map(|(k, v)| k.as_str().len() + v.len()).sum();
    if header_bytes > MAX_HEADERS {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            format!("the request headers are larger than {} KiB", MAX_HEADERS / 1024),
        )
        .into_response();
    }
    next.run(req).await
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
        // A batch has no key of its own: only its events' keys make a retry safe.
        Err(_) if route.as_ref().is_some_and(|r| r.0 == credits_proto::rest::USAGE_BATCH) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the batch took longer than {} s to answer; its events may or may not have been debited: \
                 retry it only if every event carries an idempotency_key",
                REQUEST_TIMEOUT.as_secs()
            ),
        )
        .into_response(),
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
