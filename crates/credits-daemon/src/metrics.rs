//! The daemon's Prometheus metrics (prometheus-client): HTTP requests and latency by route,
//! debits and 402s over HTTP, hold events from every source, open holds, and the ledger
//! writer's group-commit counters. Served by `GET /metrics` as OpenMetrics text, or in the classic
//! Prometheus text format (0.0.4) derived from it.

use std::sync::Arc;

use credits_ledger::Ledger;
use credits_ledger::service::CommitStats;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels of one HTTP request.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The matched route template (`/v1/holds/{id}/settle`), never the raw path.
    pub route: String,
    pub status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EventLabels {
    event: &'static str,
}

/// What happened to a hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldEvent {
    Created,
    /// Did not fit: payment required.
    Refused,
    Settled,
    Released,
    Expired,
}

impl HoldEvent {
    fn as_str(self) -> &'static str {
        match self {
            HoldEvent::Created => "created",
            HoldEvent::Refused => "refused",
            HoldEvent::Settled => "settled",
            HoldEvent::Released => "released",
            HoldEvent::Expired => "expired",
        }
    }
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// Every metric the daemon exports.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: HistogramFamily,
    debits: Counter,
    debited_millis: Counter,
    payment_required: Counter,
    replays: Counter,
    holds: Family<EventLabels, Counter>,
    holds_open: Gauge,
    purchase_mismatches: Counter,
    ledger_corrupt: Gauge,
    backups: Family<ResultLabels, Counter>,
    backup_last_success: Gauge,
    webhook_deliveries: Family<StateLabels, Gauge>,
    webhook_oldest_pending: Gauge,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabels {
    result: &'static str,
}

/// A webhook delivery's state: `pending`, `delivered`, `failed`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabels {
    pub state: &'static str,
}

/// The outbox as of a scrape (`Ledger::outbox_stats`, ages against the real clock).
#[derive(Debug, Clone, Copy, Default)]
pub struct Outbox {
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
    /// Seconds since the oldest pending delivery's event (0: none pending).
    pub oldest_pending_seconds: i64,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms … ~4 s.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

/// Reads the writer's counters at scrape time.
#[derive(Debug)]
struct WriterCollector(Arc<dyn Ledger>);

impl Collector for WriterCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let CommitStats { batches, jobs } = self.0.commit_stats();
        let c = ConstCounter::new(batches);
        c.encode(encoder.encode_descriptor(
            "writer_batches",
            "Transactions committed by the ledger writer (group commits)",
            None,
            c.metric_type(),
        )?)?;
        let c = ConstCounter::new(jobs);
        c.encode(encoder.encode_descriptor(
            "writer_jobs",
            "Ledger operations run by the writer; jobs / batches is the mean batch size",
            None,
            c.metric_type(),
        )?)?;
        let mean = if batches == 0 { 0.0 } else { jobs as f64 / batches as f64 };
        let g = ConstGauge::new(mean);
        g.encode(encoder.encode_descriptor(
            "writer_mean_batch_size",
            "Mean ledger operations per committed transaction since the daemon started",
            None,
            g.metric_type(),
        )?)?;
        Ok(())
    }
}

impl Metrics {
    /// Registers every metric under the `studio_credits_` prefix.
    pub fn new(ledger: Arc<dyn Ledger>) -> Metrics {
        let mut registry = Registry::with_prefix("studio_credits");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by method, route and status", requests.clone());
        let latency: HistogramFamily = Family::new_with_constructor(latency_histogram);
        registry.register("http_request_duration_seconds", "HTTP request latency by route", latency.clone());
        let debits = Counter::default();
        registry.register(
            "http_debits",
            "Usage debits applied through POST /v1/usage (replays excluded)",
            debits.clone(),
        );
        let debited_millis = Counter::default();
        registry.register(
            "http_debited_millicredits",
            "Millicredits debited through POST /v1/usage",
            debited_millis.clone(),
        );
        let payment_required = Counter::default();
        registry.register(
            "http_payment_required",
            "HTTP requests refused with 402 Payment Required (usage and holds)",
            payment_required.clone(),
        );
        let replays = Counter::default();
        registry.register("http_idempotent_replays", "HTTP answers replayed from an Idempotency-Key", replays.clone());
        let holds = Family::<EventLabels, Counter>::default();
        registry.register("holds", "Hold events from HTTP, the CLI and the expiry job", holds.clone());
        let holds_open = Gauge::default();
        registry.register("holds_open", "Holds currently reserving credits", holds_open.clone());
        let purchase_mismatches = Counter::default();
        registry.register(
            "purchase_amount_mismatches",
            "Purchases Stripe reported paid with another amount or currency (not credited; see `purchases show`)",
            purchase_mismatches.clone(),
        );
        let ledger_corrupt = Gauge::default();
        registry.register(
            "ledger_corrupt",
            "1 while the ledger database failed its last integrity check (PRAGMA quick_check) and writes are refused",
            ledger_corrupt.clone(),
        );
        let backups = Family::<ResultLabels, Counter>::default();
        registry.register("backups", "Scheduled backups, by result (ok: written and verified)", backups.clone());
        let backup_last_success = Gauge::default();
        registry.register(
            "backup_last_success_timestamp_seconds",
            "When the newest scheduled backup was written and verified (Unix time; 0: none since the daemon started)",
            backup_last_success.clone(),
        );
        let webhook_deliveries = Family::<StateLabels, Gauge>::default();
        registry.register(
            "webhook_deliveries",
            "Webhook deliveries in the outbox by state: pending (not yet answered 2xx), delivered, failed (given up)",
            webhook_deliveries.clone(),
        );
        let webhook_oldest_pending = Gauge::default();
        registry.register(
            "webhook_oldest_pending_seconds",
            "Age of the oldest event with a pending webhook delivery (0: none pending)",
            webhook_oldest_pending.clone(),
        );
        registry.register_collector(Box::new(WriterCollector(ledger)));
        Metrics {
            webhook_deliveries,
            webhook_oldest_pending,
            registry,
            requests,
            latency,
            debits,
            debited_millis,
            payment_required,
            replays,
            holds,
            holds_open,
            purchase_mismatches,
            ledger_corrupt,
            backups,
            backup_last_success,
        }
    }

    /// Counts one answered HTTP request and its latency.
    pub fn request(&self, labels: RequestLabels, seconds: f64) {
        self.latency.get_or_create(&RouteLabels { route: labels.route.clone() }).observe(seconds);
        self.requests.get_or_create(&labels).inc();
    }

    /// Counts a debit applied over HTTP.
    pub fn debit(&self, millis: i64) {
        self.debits.inc();
        self.debited_millis.inc_by(u64::try_from(millis).unwrap_or(0));
    }

    pub fn payment_required(&self) {
        self.payment_required.inc();
    }

    pub fn replay(&self) {
        self.replays.inc();
    }

    pub fn hold(&self, event: HoldEvent, n: u64) {
        self.holds.get_or_create(&EventLabels { event: event.as_str() }).inc_by(n);
    }

    /// Counts a purchase recorded as `mismatch`.
    pub fn purchase_mismatch(&self) {
        self.purchase_mismatches.inc();
    }

    /// Records the last integrity check's verdict.
    pub fn ledger_corrupt(&self, corrupt: bool) {
        self.ledger_corrupt.set(i64::from(corrupt));
    }

    /// Counts a scheduled backup; `at` (Unix seconds) is when it succeeded.
    pub fn backup(&self, ok: bool, at: i64) {
        self.backups.get_or_create(&ResultLabels { result: if ok { "ok" } else { "failed" } }).inc();
        if ok {
            self.backup_last_success.set(at);
        }
    }

    /// The exposition text in `format`, with `open_holds` and the outbox as of now.
    pub fn render(&self, open_holds: i64, outbox: Outbox, format: Format) -> String {
        self.holds_open.set(open_holds);
        for (state, n) in [("pending", outbox.pending), ("delivered", outbox.delivered), ("failed", outbox.failed)] {
            self.webhook_deliveries.get_or_create(&StateLabels { state }).set(n);
        }
        self.webhook_oldest_pending.set(outbox.oldest_pending_seconds);
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "cannot encode metrics");
        }
        match format {
            Format::OpenMetrics => out,
            Format::Prometheus => classic_text(&out),
        }
    }
}

/// The two text formats a scraper may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The classic Prometheus text format, version 0.0.4 (what `promtool check metrics` reads).
    Prometheus,
    /// OpenMetrics 1.0.
    OpenMetrics,
}

/// Rewrites OpenMetrics text (as prometheus-client encodes it) into the classic format. The
/// differences that matter here: a counter family is named `x` in OpenMetrics and its sample
/// `x_total`, while the classic format names both `x_total`; and there is no `# EOF` or `# UNIT`.
/// Samples and label escaping are the same in both.
fn classic_text(openmetrics: &str) -> String {
    let counters: std::collections::HashSet<&str> =
        openmetrics.lines().filter_map(|l| l.strip_prefix("# TYPE ")?.strip_suffix(" counter")).collect();
    let mut out = String::with_capacity(openmetrics.len() + 64);
    for line in openmetrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let comment = line
            .strip_prefix("# HELP ")
            .map(|r| ("HELP", r))
            .or_else(|| line.strip_prefix("# TYPE ").map(|r| ("TYPE", r)));
        match comment {
            Some((kind, rest)) => {
                let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
                let suffix = if counters.contains(name) { "_total" } else { "" };
                out.push_str(&format!("# {kind} {name}{suffix} {tail}"));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_text_names_counter_families_like_their_samples() {
        let om = "# HELP a_requests Requests.\n# TYPE a_requests counter\n# UNIT a_requests requests\n\
                  a_requests_total{route=\"/x\"} 3\n# HELP a_open Open.\n# TYPE a_open gauge\na_open 1\n# EOF\n";
        assert_eq!(
            classic_text(om),
            "# HELP a_requests_total Requests.\n# TYPE a_requests_total counter\n\
             a_requests_total{route=\"/x\"} 3\n# HELP a_open Open.\n# TYPE a_open gauge\na_open 1\n"
        );
    }
}
