//! The arguments and results of the notification methods of [`crate::Ledger`]: webhook endpoints,
//! the event outbox, deliveries claimed by the daemon's worker and their outcomes, alerts.

/// An endpoint to add; `secret` is its signing secret (stored so the daemon can sign).
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub id: String,
    pub url: String,
    /// Event types; empty: every type.
    pub events: Vec<String>,
    pub secret: String,
}

/// An event the daemon writes itself (one whose cause is not a ledger change, or a test).
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: String,
    /// The event's `data`, a JSON object.
    pub data: String,
    /// Only to this endpoint (a `webhooks test`); `None`: every endpoint that wants the type.
    pub endpoint: Option<String>,
    /// Written once per key: an event with a key already used is not written again (its
    /// first event's id is answered).
    pub dedup: Option<String>,
}

/// A delivery claimed by a worker, leased to it until the lease passes.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub event_id: String,
    pub endpoint_id: String,
    pub url: String,
    pub secret: String,
    pub workspace: String,
    pub kind: String,
    pub data: String,
    /// Unix seconds.
    pub created: i64,
    /// Attempts made so far.
    pub attempts: u32,
    /// Unix seconds when this delivery's retry window began (the event's creation, or its last
    /// replay): retries stop 3 days later.
    pub since: i64,
}

/// How an attempt went; `next_at`: when to try again (unix ms), `None` with `delivered` false:
/// give up.
#[derive(Debug, Clone)]
pub struct AttemptOutcome {
    pub event_id: String,
    pub endpoint_id: String,
    /// Unix milliseconds.
    pub at: i64,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: i64,
    pub delivered: bool,
    pub next_at: Option<i64>,
}

/// The outbox at a glance, for `/metrics`.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutboxStats {
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
    /// Unix seconds of the oldest pending delivery's event.
    pub oldest_pending: Option<i64>,
}

/// Why a debit was refused, for the events a refusal sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not enough credits: `balance.depleted`, once until credits arrive.
    Depleted,
    /// A monthly top-up limit: `limit.reached`.
    Limit,
}

/// Comma-joined event types as stored: `,a,b,`, or `*` for every type.
pub fn stored_events(events: &[String]) -> String {
    if events.is_empty() { "*".to_owned() } else { format!(",{},", events.join(",")) }
}

/// The event types of a stored list.
pub fn events_of(stored: &str) -> Vec<String> {
    if stored == "*" { Vec::new() } else { stored.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect() }
}
