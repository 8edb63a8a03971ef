//! `GET /metrics`: the daemon's metrics for Prometheus, in the format the scraper asks for with
//! `Accept`: OpenMetrics for `application/openmetrics-text` (what Prometheus itself asks for
//! first), else the classic text format 0.0.4 (curl, `promtool check metrics`, older scrapers).

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT, CONTENT_TYPE, VARY};
use axum::response::{IntoResponse, Response};

use crate::app::App;
use crate::metrics::Format;

const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
const CLASSIC: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Picks the format from an `Accept` header: OpenMetrics when a range names it with a quality
/// at least that of any range the classic format matches (`text/plain`, `text/*`, `*/*`).
pub fn negotiate(accept: Option<&str>) -> Format {
    let (mut openmetrics, mut classic) = (0.0_f32, 0.0_f32);
    for range in accept.unwrap_or("").split(',') {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or("").to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(0.0));
        match media.as_str() {
            "application/openmetrics-text" => openmetrics = openmetrics.max(q),
            "text/plain" | "text/*" | "*/*" => classic = classic.max(q),
            _ => {}
        }
    }
    if openmetrics > 0.0 && openmetrics >= classic { Format::OpenMetrics } else { Format::Prometheus }
}

pub async fn metrics(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let format = negotiate(headers.get(ACCEPT).and_then(|v| v.to_str().ok()));
    let open = match app.ledger.open_holds().await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "cannot count open holds for /metrics");
            0
        }
    };
    let outbox = match app.ledger.outbox_stats().await {
        Ok(o) => crate::metrics::Outbox {
            pending: o.pending,
            delivered: o.delivered,
            failed: o.failed,
            oldest_pending_seconds: o
                .oldest_pending
                .map_or(0, |t| (crate::notify::deliver::real_now_ms() / 1000 - t).max(0)),
        },
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the webhook outbox for /metrics");
            crate::metrics::Outbox::default()
        }
    };
    let content_type = match format {
        Format::OpenMetrics => OPENMETRICS,
        Format::Prometheus => CLASSIC,
    };
    ([(CONTENT_TYPE, content_type), (VARY, "accept")], app.metrics.render(open, outbox, format)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_like_prometheus_expects() {
        assert_eq!(negotiate(None), Format::Prometheus);
        assert_eq!(negotiate(Some("text/plain")), Format::Prometheus);
        assert_eq!(negotiate(Some("*/*")), Format::Prometheus);
        assert_eq!(negotiate(Some("application/openmetrics-text")), Format::OpenMetrics);
        // What Prometheus 2.x sends.
        let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,\
                          text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assert_eq!(negotiate(Some(prometheus)), Format::OpenMetrics);
        assert_eq!(negotiate(Some("application/openmetrics-text;q=0.2, text/plain")), Format::Prometheus);
        assert_eq!(negotiate(Some("application/openmetrics-text;q=0")), Format::Prometheus);
    }
}
