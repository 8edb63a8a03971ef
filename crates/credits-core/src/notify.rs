//! Notifications: the event types sent to webhook endpoints, an endpoint and an alert as the wire
//! shows them, a delivery attempt, and the retry schedule (a pure function of the attempt number
//! and a random draw, so it is tested without waiting).

use serde::{Deserialize, Serialize};

use crate::Credits;

/// Every event type an endpoint can subscribe to.
pub const EVENT_TYPES: &[&str] = &[
    "balance.low",
    "balance.depleted",
    "topup.succeeded",
    "topup.failed",
    "auto_topup.failed",
    "auto_topup.capped",
    "limit.reached",
    "rollover.applied",
    "rollover.overdue",
    "ledger.verify_failed",
];

/// The type of the event `webhooks test` sends (to the tested endpoint only).
pub const TEST_EVENT: &str = "webhook.test";

/// A webhook endpoint (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: String,
    pub workspace: String,
    pub url: String,
    /// The event types it receives; empty: every type.
    pub events: Vec<String>,
    pub created_at: String,
}

/// A low-balance alert: `balance.low` fires once when the balance goes below `below`, and again
/// only after it has been back at or above it (`armed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub workspace: String,
    /// The seat whose spendable balance is watched; `None`: the workspace's total.
    pub seat: Option<String>,
    pub below: Credits,
    pub armed: bool,
}

/// One delivery attempt of an event to an endpoint, with the delivery's state after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryAttempt {
    pub event_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub attempt: u32,
    /// Unix seconds.
    pub at: i64,
    /// The HTTP status answered, if any.
    pub status: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: i64,
    /// `pending`, `delivered` or `failed` (gave up), now.
    pub state: String,
}

/// The first retry's delay, in milliseconds; each retry doubles it.
pub const FIRST_RETRY_MS: i64 = 1_000;
/// The longest delay between two attempts: an hour.
pub const MAX_RETRY_MS: i64 = 3_600_000;
/// Retries stop this long after the event: three days.
pub const GIVE_UP_AFTER_MS: i64 = 3 * 86_400_000;

/// The delay before retry number `failed` (1 after the first failure), from `base_ms` doubling,
/// capped at [`MAX_RETRY_MS`], with "equal jitter": half the delay fixed, half drawn from
/// `jitter` (0..=u32::MAX), so endpoints that fail together do not retry in lockstep.
pub fn retry_delay_ms(failed: u32, base_ms: i64, jitter: u32) -> i64 {
    let base = base_ms.max(1);
    let exp = failed.saturating_sub(1).min(40);
    let delay = base.saturating_mul(1_i64 << exp.min(40)).min(MAX_RETRY_MS.max(base));
    let half = delay / 2;
    half + (i128::from(delay - half) * i128::from(jitter) / i128::from(u32::MAX)) as i64
}

/// Whether `kind` names an event type.
pub fn is_event_type(kind: &str) -> bool {
    EVENT_TYPES.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_a_second_to_an_hour() {
        assert_eq!(retry_delay_ms(1, FIRST_RETRY_MS, u32::MAX), 1_000);
        assert_eq!(retry_delay_ms(1, FIRST_RETRY_MS, 0), 500);
        assert_eq!(retry_delay_ms(2, FIRST_RETRY_MS, u32::MAX), 2_000);
        assert_eq!(retry_delay_ms(5, FIRST_RETRY_MS, u32::MAX), 16_000);
        assert_eq!(retry_delay_ms(13, FIRST_RETRY_MS, u32::MAX), MAX_RETRY_MS);
        assert_eq!(retry_delay_ms(u32::MAX, FIRST_RETRY_MS, u32::MAX), MAX_RETRY_MS);
        assert_eq!(retry_delay_ms(u32::MAX, FIRST_RETRY_MS, 0), MAX_RETRY_MS / 2);
    }
}
