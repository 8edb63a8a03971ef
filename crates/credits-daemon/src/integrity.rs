//! The ledger file's integrity: SQLite's `PRAGMA quick_check` when the daemon starts, every hour,
//! and with every `verify`. While the last check found damage, every write is refused (the writer
//! answers `ledger_corrupt`, naming the file), and `daemon status`, `/healthz` and `/metrics` say
//! so. A later check that finds the file sound (it was repaired in place) accepts writes again.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use credits_core::time::fmt_time;

use crate::app::App;
use crate::error::AppError;

/// How often the running daemon checks the file.
pub const CHECK_EVERY: Duration = Duration::from_secs(3600);

/// What to do about a damaged file, for error answers.
pub const REPAIR_HINT: &str = "stop the daemon (`studio-credits daemon stop`), restore the database file from a \
     backup or salvage it with `sqlite3 FILE .recover`, put the result in its place, and start the daemon again; \
     `studio-credits verify` checks the file and the journal";

/// The last check's result (`daemon status --json` shows it as `integrity`).
pub use credits_core::records::IntegrityReport as Report;

/// The daemon's view of its file, shared by every task.
#[derive(Debug, Default)]
pub struct Integrity {
    last: Mutex<Report>,
}

impl Integrity {
    pub fn report(&self) -> Report {
        self.last.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Whether the last check found damage.
    pub fn damaged(&self) -> bool {
        self.last.lock().is_ok_and(|r| !r.problems.is_empty())
    }

    /// The sentence every refused write answers with, naming the file.
    pub fn refusal(&self, db: &std::path::Path) -> Option<String> {
        let r = self.report();
        let first = r.problems.first()?;
        Some(format!(
            "the ledger database {} is damaged (SQLite's integrity check found {} problem{}, first: {first}); \
             writes are refused so the damage cannot spread",
            db.display(),
            r.problems.len(),
            if r.problems.len() == 1 { "" } else { "s" }
        ))
    }
}

/// Checks the file now, records the result and makes the writer refuse or accept writes.
pub async fn check(app: &App) -> Result<Report, AppError> {
    let found = app.ledger.quick_check().await?;
    Ok(record(app, found))
}

/// Records what a check found.
pub fn record(app: &App, problems: Vec<String>) -> Report {
    let report = Report { ok: problems.is_empty(), checked_at: Some(fmt_time(app.now())), problems };
    let was_damaged = app.integrity.damaged();
    if let Ok(mut last) = app.integrity.last.lock() {
        *last = report.clone();
    }
    let refusal = app.integrity.refusal(&app.settings.paths.db);
    match &refusal {
        Some(why) => tracing::error!(problems = ?report.problems, "{why}; {REPAIR_HINT}"),
        None if was_damaged => tracing::warn!("the ledger database passes its integrity check again; writes accepted"),
        None => tracing::debug!("the ledger database passed its integrity check"),
    }
    app.ledger.refuse_writes(refusal);
    app.metrics.ledger_corrupt(!report.ok);
    report
}

/// Checks the file every [`CHECK_EVERY`] until the daemon stops (the check at start is
/// [`App::open`]'s).
pub async fn run(app: Arc<App>) {
    let mut stop = app.stopping();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(CHECK_EVERY) => {}
            _ = stop.changed() => return,
        }
        if let Err(e) = check(&app).await {
            tracing::warn!(error = %e, "cannot run the ledger's integrity check; trying again in an hour");
        }
    }
}
