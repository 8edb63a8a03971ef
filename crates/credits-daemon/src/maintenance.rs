//! Housekeeping: idempotency keys older than their retention, and webhook deliveries done more
//! than [`OUTBOX_RETENTION_SECS`] ago (with their attempts and events), are pruned hourly.

use std::sync::Arc;
use std::time::Duration;

use crate::app::App;

/// How long a done webhook delivery stays listed (`webhooks deliveries`) and replayable: 30 days.
pub const OUTBOX_RETENTION_SECS: i64 = 30 * 86_400;

/// Runs until the daemon stops.
pub async fn run(app: Arc<App>) {
    let mut stop = app.stopping();
    loop {
        let now = app.now();
        match app.ledger.prune_idempotency(now).await {
            Ok(n) if n > 0 => tracing::info!(pruned = n, "pruned old idempotency keys"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot prune idempotency keys"),
        }
        let before = crate::notify::deliver::real_now_ms() / 1000 - OUTBOX_RETENTION_SECS;
        match app.ledger.prune_outbox(before).await {
            Ok(n) if n > 0 => tracing::info!(pruned = n, "pruned old webhook deliveries"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot prune webhook deliveries"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = stop.changed() => return,
        }
    }
}
