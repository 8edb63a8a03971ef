//! The delivery worker: claims due deliveries from the outbox (leased, so of several daemons on
//! one PostgreSQL database one delivers each at a time), POSTs each signed event with a timeout,
//! and records the attempt: delivered on a 2xx, else retried with exponential backoff and jitter
//! (`credits_core::notify::retry_delay_ms`) until 3 days after the event, then given up.
//! Delivery is at least once: a daemon killed after a receiver answered but before the answer
//! was recorded sends the event again, with the same id.
//!
//! Times here are the real clock's (not the daemon's test clock): receivers check the
//! signature's time against theirs, and the triggers that write events use the database's.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use credits_core::notify::{GIVE_UP_AFTER_MS, retry_delay_ms};
use credits_ledger::notify::{AttemptOutcome, DueDelivery};
use tokio::sync::Notify;

use crate::app::App;

/// Wakes the worker (an event written by the daemon itself, a replay); events written by
/// triggers are found by the poll.
static WAKE: Notify = Notify::const_new();

/// How often the outbox is looked at when nothing woke the worker: one indexed read.
const POLL: Duration = Duration::from_millis(500);
/// How long a claimed delivery is the claimer's: well beyond the request timeout.
const LEASE_MS: i64 = 60_000;
/// How long a receiver has to answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries claimed (and sent concurrently) at once.
const BATCH: u32 = 16;
/// The signature header.
pub const SIGNATURE_HEADER: &str = "Studio-Credits-Signature";

/// Tells the worker to look at the outbox now.
pub fn wake() {
    WAKE.notify_one();
}

/// Milliseconds since the epoch, real clock.
pub fn real_now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Runs until the daemon stops.
pub async fn run(app: Arc<App>) {
    let client = match reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("studio-credits/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the webhook HTTP client; webhooks are not delivered");
            return;
        }
    };
    let mut stop = app.stopping();
    loop {
        let now = real_now_ms();
        let wait = match app.ledger.next_delivery().await {
            Ok(Some(due)) if due <= now => {
                deliver_due(&app, &client, now).await;
                continue;
            }
            Ok(Some(due)) => Duration::from_millis(u64::try_from(due - now).unwrap_or(0)).min(POLL),
            Ok(None) => POLL,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the webhook outbox");
                POLL * 4
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = WAKE.notified() => {}
            _ = stop.changed() => return,
        }
    }
}

async fn deliver_due(app: &Arc<App>, client: &reqwest::Client, now: i64) {
    let due = match app.ledger.claim_deliveries(now, LEASE_MS, BATCH).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "cannot claim webhook deliveries");
            tokio::time::sleep(POLL).await;
            return;
        }
    };
    if due.is_empty() {
        // Due but leased by another daemon (or just claimed): wait for the lease or a change.
        tokio::time::sleep(POLL).await;
        return;
    }
    let mut tasks = tokio::task::JoinSet::new();
    for d in due {
        let (app, client) = (app.clone(), client.clone());
        tasks.spawn(async move {
            let outcome = attempt(&client, &d, app.settings.webhooks.retry_base_ms).await;
            let delivered = outcome.delivered;
            let given_up = !delivered && outcome.next_at.is_none();
            if let Err(e) = app.ledger.record_attempt(outcome).await {
                tracing::warn!(error = %e, event = %d.event_id, "cannot record a webhook attempt");
            } else if given_up {
                tracing::warn!(event = %d.event_id, endpoint = %d.endpoint_id, "webhook delivery given up after 3 days");
            } else if delivered {
                tracing::info!(event = %d.event_id, endpoint = %d.endpoint_id, kind = %d.kind, "webhook delivered");
            }
        });
    }
    while tasks.join_next().await.is_some() {}
}

/// The JSON body of an event, the same bytes on every attempt.
pub fn body(d: &DueDelivery) -> Vec<u8> {
    let data: serde_json::Value = serde_json::from_str(&d.data).unwrap_or(serde_json::Value::Null);
    let event = serde_json::json!({
        "id": d.event_id,
        "object": "event",
        "type": d.kind,
        "created": d.created,
        "workspace": d.workspace,
        "data": data,
    });
    serde_json::to_vec(&event).unwrap_or_default()
}

async fn attempt(client: &reqwest::Client, d: &DueDelivery, base_ms: i64) -> AttemptOutcome {
    let body = body(d);
    let started = real_now_ms();
    let signature = credits_stripe::webhook::sign(&body, &d.secret, started / 1000);
    let sent = client
        .post(&d.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await;
    let ended = real_now_ms();
    let (status, error) = match sent {
        Ok(r) => (Some(r.status().as_u16()), None),
        // Without the URL: it may carry a token of the receiver's.
        Err(e) => (None, Some(describe(&e))),
    };
    let delivered = status.is_some_and(|s| (200..300).contains(&s));
    let next_at = if delivered {
        None
    } else {
        let mut jitter = [0u8; 4];
        let _ = getrandom::fill(&mut jitter);
        let delay = retry_delay_ms(d.attempts.saturating_add(1), base_ms, u32::from_le_bytes(jitter));
        let next = ended.saturating_add(delay);
        (next - d.since.saturating_mul(1000) <= GIVE_UP_AFTER_MS).then_some(next)
    };
    AttemptOutcome {
        event_id: d.event_id.clone(),
        endpoint_id: d.endpoint_id.clone(),
        at: started,
        status,
        error,
        duration_ms: ended - started,
        delivered,
        next_at,
    }
}

fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "redirected (not followed)"
    } else {
        "request failed"
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    if cause.is_empty() { what.to_owned() } else { format!("{what}: {cause}") }
}
