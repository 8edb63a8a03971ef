//! Housekeeping: idempotency keys older than their retention are pruned hourly.

use std::sync::Arc;
use std::time::Duration;

use crate::app::App;

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
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = stop.changed() => return,
        }
    }
}
