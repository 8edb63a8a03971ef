//! Holds in the daemon: the operations shared by the socket and HTTP (ids, default TTL,
//! metrics, waking the expiry job) and the expiry job itself, which sleeps until the next open
//! hold expires (not a poll) and releases what is due.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use credits_core::Credits;
use credits_core::records::Scope;
use credits_ledger::StoreError;
use credits_ledger::holds::{self, Applied, HoldReceipt, NewHold};
use credits_ledger::idempotency;
use credits_proto::Call;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;

use crate::app::App;
use crate::caller::{Caller, Door};
use crate::error::AppError;
use crate::metrics::HoldEvent;

/// Longest the expiry job sleeps without looking again (a guard against wall-clock jumps).
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Wakes the expiry job when a hold expires before the instant it is sleeping towards.
#[derive(Debug)]
pub struct HoldTimer {
    wake: Notify,
    /// Unix milliseconds the job sleeps towards; `i64::MAX` while it is (re)computing, so every
    /// new hold wakes it then.
    deadline_ms: AtomicI64,
}

impl Default for HoldTimer {
    fn default() -> Self {
        HoldTimer { wake: Notify::new(), deadline_ms: AtomicI64::new(i64::MAX) }
    }
}

impl HoldTimer {
    /// Tells the job about a new hold expiring at `at`.
    pub fn scheduled(&self, at: Timestamp) {
        if at.as_millisecond() < self.deadline_ms.load(Ordering::Acquire) {
            self.wake.notify_one();
        }
    }
}

/// A new hold id: `hold_` and 24 random hex digits.
fn new_id() -> Result<String, AppError> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(format!("no randomness for a hold id: {e}")))?;
    Ok(format!("hold_{}", hex::encode(bytes)))
}

fn check_key(key: Option<&str>) -> Result<(), AppError> {
    if let Some(k) = key {
        idempotency::validate_key(k)?;
    }
    Ok(())
}

/// Reserves `amount`; `payment_required` when it does not fit. `ttl` defaults to the configured
/// hold TTL.
pub async fn create(
    app: &Arc<App>,
    caller: &Caller,
    amount: Credits,
    ttl: Option<SignedDuration>,
    memo: Option<String>,
    idempotency_key: Option<String>,
) -> Result<Applied<HoldReceipt>, AppError> {
    check_key(idempotency_key.as_deref())?;
    let scope = &caller.scope;
    let actor = caller.actor(&app.user)?;
    let req = NewHold {
        workspace: scope.workspace.clone(),
        seat: scope.seat.clone(),
        user: scope.user.clone(),
        id: new_id()?,
        amount,
        ttl: ttl.unwrap_or(SignedDuration::from_secs(app.settings.hold_ttl_seconds)),
        memo,
        idempotency_key,
        key_owner: caller.key_owner(),
        actor,
    };
    let now = app.now();
    let workspace = req.workspace.clone();
    let result = app.ledger.hold(req, now).await;
    if let Err(e) = &result {
        crate::notify::refused(app, e);
    }
    // A hold lowers what is spendable like a debit: the auto top-up rule may buy.
    crate::purchases::watch::after_debit(app, workspace);
    match &result {
        Ok(a) if !a.replayed => {
            app.metrics.hold(HoldEvent::Created, 1);
            if let Ok(at) = a.value.hold.expires_at.parse::<Timestamp>() {
                app.holds.scheduled(at);
            }
        }
        Err(StoreError::PaymentRequired { .. }) => app.metrics.hold(HoldEvent::Refused, 1),
        _ => {}
    }
    Ok(result?)
}

/// Consumes up to the held amount and gives the rest back.
pub async fn settle(
    app: &App,
    caller: &Caller,
    id: String,
    amount: Credits,
    idempotency_key: Option<String>,
) -> Result<Applied<HoldReceipt>, AppError> {
    check_key(idempotency_key.as_deref())?;
    let (owner, now) = (caller.hold_owner(), app.now());
    let actor = caller.actor(&app.user)?;
    let a = app.ledger.settle(owner, id, amount, idempotency_key, actor, now).await?;
    if !a.replayed {
        app.metrics.hold(HoldEvent::Settled, 1);
    }
    Ok(a)
}

/// Gives a hold's credits back.
pub async fn release(
    app: &App,
    caller: &Caller,
    id: String,
    idempotency_key: Option<String>,
) -> Result<Applied<HoldReceipt>, AppError> {
    check_key(idempotency_key.as_deref())?;
    let (owner, now) = (caller.hold_owner(), app.now());
    let actor = caller.actor(&app.user)?;
    let a = app.ledger.release(owner, id, idempotency_key, actor, now).await?;
    if !a.replayed {
        app.metrics.hold(HoldEvent::Released, 1);
    }
    Ok(a)
}

/// The calls `hold_create`, `hold_settle` and `hold_release` through `door`.
pub async fn handle_call(app: &Arc<App>, door: &Door, call: Call) -> Result<HoldReceipt, AppError> {
    let receipt = match call {
        Call::HoldCreate { scope, amount, ttl_seconds, memo, idempotency_key } => {
            let ttl = ttl_seconds.map(SignedDuration::from_secs);
            create(app, &door.caller(scope), amount, ttl, memo, idempotency_key).await?
        }
        Call::HoldSettle { scope, id, amount, idempotency_key } => {
            let caller = door.caller(Scope { workspace: scope.workspace, ..Scope::default() });
            settle(app, &caller, id, amount, idempotency_key).await?
        }
        Call::HoldRelease { scope, id, idempotency_key } => {
            let caller = door.caller(Scope { workspace: scope.workspace, ..Scope::default() });
            release(app, &caller, id, idempotency_key).await?
        }
        other => return Err(AppError::internal(format!("not a hold call: {}", other.method()))),
    };
    Ok(receipt.value)
}

/// How long the expiry job waits after failing to release due holds.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// Releases expired holds until the daemon stops, sleeping until the next expiry.
pub async fn run_expiry(app: Arc<App>) {
    let mut stop = app.stopping();
    loop {
        // While recomputing, any new hold wakes the job (see `HoldTimer`).
        app.holds.deadline_ms.store(i64::MAX, Ordering::Release);
        let now = app.now();
        let (mut more, mut failed) = (false, false);
        match app.ledger.expire_holds(now).await {
            Ok(done) => {
                if !done.is_empty() {
                    app.metrics.hold(HoldEvent::Expired, done.len() as u64);
                    tracing::info!(expired = done.len(), "released expired holds");
                }
                more = done.len() == holds::EXPIRE_BATCH;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot release expired holds; trying again shortly");
                failed = true;
            }
        }
        if more {
            continue;
        }
        let sleep = match app.ledger.next_hold_expiry().await {
            Ok(Some(at)) => {
                app.holds.deadline_ms.store(at.as_millisecond(), Ordering::Release);
                app.clock.until(at).min(MAX_SLEEP)
            }
            Ok(None) => MAX_SLEEP,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the next hold expiry");
                Duration::from_secs(1)
            }
        };
        // A hold already due that could not be released (writes refused, disk full) must not
        // turn this loop into a busy one that floods the log.
        let sleep = if failed { sleep.max(RETRY_AFTER_FAILURE) } else { sleep };
        tokio::select! {
            _ = tokio::time::sleep(sleep) => {}
            _ = app.holds.wake.notified() => {}
            _ = stop.changed() => return,
        }
    }
}
