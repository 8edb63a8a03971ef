//! The monthly rollover job and the `rollover` call.
//!
//! At start the daemon applies every reset that is due (before it answers its socket, so a CLI
//! that started it never sees a stale month), then sleeps until the earliest end of any
//! workspace's period and applies what is due then, forever. It is a timer, not a poll: it wakes
//! at that boundary, when a workspace is added or changes zone, or after [`MAX_SLEEP`] at most
//! (a guard against wall-clock jumps and suspended machines, which a monotonic timer does not
//! see). Each workspace rolls over in its own writer transaction; exactly once is the database's
//! job (`credits_ledger::rollover`), so a retry, a restart or a second daemon is always safe.

use std::sync::Arc;
use std::time::Duration;

use credits_core::Actor;
use credits_ledger::rollover::{Due, PeriodState, RolloverReport};
use credits_proto::results::{RolloverAnswer, RolloverFailure};
use tokio::sync::Notify;

use crate::app::App;
use crate::error::AppError;

/// Longest the job sleeps without looking again.
const MAX_SLEEP: Duration = Duration::from_secs(60);
/// Pause after a failed pass, so a persistent failure (say, a plan removed from the config file)
/// is retried and logged without spinning.
const RETRY: Duration = Duration::from_secs(30);
/// Shortest sleep, so timer and wall clock disagreeing by a hair cannot make the loop spin.
const MIN_SLEEP: Duration = Duration::from_millis(10);

/// Pokes the job to recompute its timer. One daemon runs per process, and a spurious wake only
/// costs one read, so a process-wide signal is enough.
static SCHEDULE_CHANGED: Notify = Notify::const_new();

/// Tells the job that a boundary may have moved (a workspace was added or changed zone).
pub fn schedule_changed() {
    SCHEDULE_CHANGED.notify_one();
}

/// What one pass did.
#[derive(Debug, Default)]
pub struct Pass {
    pub applied: Vec<RolloverReport>,
    /// Workspaces that could not be rolled over, with the reason.
    pub errors: Vec<(String, AppError)>,
}

/// Applies what is due now, then starts the job; with `STUDIO_CREDITS_ROLLOVER_PAUSED` set,
/// does neither (resets then happen only through `studio-credits rollover`).
pub async fn start(app: Arc<App>) {
    if app.settings.rollover_paused {
        tracing::warn!(
            "automatic monthly rollover is paused (STUDIO_CREDITS_ROLLOVER_PAUSED); `studio-credits rollover` applies it"
        );
        return;
    }
    let first = apply_due(&app).await;
    tokio::spawn(run(app, first.errors.is_empty()));
}

async fn run(app: Arc<App>, mut last_ok: bool) {
    let mut stop = app.stopping();
    loop {
        let sleep = if !last_ok {
            RETRY
        } else {
            match app.ledger.next_reset().await {
                Ok(Some(at)) => app.clock.until(at).clamp(MIN_SLEEP, MAX_SLEEP),
                Ok(None) => MAX_SLEEP,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the next monthly reset");
                    RETRY
                }
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(sleep) => {}
            _ = SCHEDULE_CHANGED.notified() => {}
            _ = stop.changed() => return,
        }
        last_ok = apply_due(&app).await.errors.is_empty();
    }
}

/// Rolls over every workspace that is due, one writer transaction each, and logs what happened.
pub async fn apply_due(app: &Arc<App>) -> Pass {
    let mut pass = Pass::default();
    let now = app.now();
    let due = match app.ledger.rollovers_due(now).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "cannot read which monthly resets are due");
            pass.errors.push((String::new(), e.into()));
            return pass;
        }
    };
    for Due { workspace, period, current_period, due_since } in due {
        let (catalogue, clock, name) = (app.settings.plans.clone(), app.clock, workspace.clone());
        // The writer reads the clock itself: the instant the transaction actually runs.
        match app.ledger.rollover(name, catalogue, Actor::Daemon, Arc::new(move || clock.now())).await {
            Ok(Some(r)) => {
                tracing::info!(
                    workspace = %r.workspace,
                    from = %r.from_period,
                    to = %r.to_period,
                    plan = %r.plan,
                    seats = r.seats,
                    expired = %r.expired,
                    granted = %r.granted,
                    %due_since,
                    "monthly rollover applied"
                );
                pass.applied.push(r);
            }
            // Someone was first: a concurrent `rollover` call or another daemon on this file.
            Ok(None) => tracing::debug!(%workspace, %period, "monthly rollover already applied"),
            Err(e) => {
                tracing::error!(%workspace, %period, %current_period, error = %e, "monthly rollover failed");
                let data = serde_json::json!({
                    "period": period, "current_period": current_period, "due_since": due_since, "error": e.to_string(),
                });
                let key = format!("rollover.overdue:{workspace}:{period}");
                crate::notify::emit_once(app, workspace.clone(), "rollover.overdue", data, key);
                pass.errors.push((workspace, e.into()));
            }
        }
    }
    pass
}

/// The `rollover` call: with `check`, reports where every workspace stands; otherwise applies
/// what is due first and reports that too.
pub async fn call(app: &Arc<App>, check: bool) -> Result<RolloverAnswer, AppError> {
    let pass = if check { Pass::default() } else { apply_due(app).await };
    if !check && !pass.applied.is_empty() {
        schedule_changed();
    }
    if let Some((_, e)) = pass.errors.iter().find(|(w, _)| w.is_empty()) {
        return Err(e.clone());
    }
    let now = app.now();
    let workspaces = app.ledger.rollover_status(now).await?;
    let due = workspaces
        .iter()
        .filter(|w| w.state == PeriodState::Overdue)
        .map(|w| Due {
            workspace: w.workspace.clone(),
            period: w.period.clone(),
            current_period: w.current_period.clone(),
            due_since: w.due_since.clone().unwrap_or_default(),
        })
        .collect::<Vec<Due>>();
    for d in &due {
        let data =
            serde_json::json!({ "period": d.period, "current_period": d.current_period, "due_since": d.due_since });
        let key = format!("rollover.overdue:{}:{}", d.workspace, d.period);
        crate::notify::emit_once(app, d.workspace.clone(), "rollover.overdue", data, key);
    }
    let errors =
        pass.errors.iter().map(|(w, e)| RolloverFailure { workspace: w.clone(), message: e.message.clone() }).collect();
    Ok(RolloverAnswer {
        now: credits_core::time::fmt_instant(now),
        automatic: !app.settings.rollover_paused,
        workspaces,
        due,
        applied: pass.applied,
        errors,
    })
}
