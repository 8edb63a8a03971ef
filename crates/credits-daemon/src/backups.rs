//! Scheduled backups (`[backup] every`): the daemon snapshots its ledger into `[backup] dir`
//! (each snapshot verified before it gets its name), prunes all but the newest `keep`, and
//! remembers the last outcome for `daemon status` and `/metrics`. Nothing is stored in the
//! ledger: the snapshots' names carry their times, so a restarted daemon continues the schedule
//! from the newest one.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use credits_config::backup::{snapshot_name, snapshots};
use credits_core::time::fmt_time;
use credits_proto::results::BackupState;
use jiff::Timestamp;

use crate::app::App;

/// The last scheduled backup's outcome, in memory.
#[derive(Debug, Default)]
pub struct Backups {
    state: Mutex<Option<BackupState>>,
}

impl Backups {
    /// The schedule of `settings`; `None` inside when there is none.
    pub fn new(settings: &credits_config::backup::BackupSettings) -> Backups {
        let state = settings.every.map(|every| BackupState {
            every_seconds: every.as_secs(),
            keep: settings.keep,
            dir: settings.dir.clone(),
            ..BackupState::default()
        });
        Backups { state: Mutex::new(state) }
    }

    /// What `daemon status` shows; `None` without a schedule.
    pub fn state(&self) -> Option<BackupState> {
        self.state.lock().ok().and_then(|s| s.clone())
    }

    fn update(&self, f: impl FnOnce(&mut BackupState)) {
        if let Ok(mut s) = self.state.lock()
            && let Some(s) = s.as_mut()
        {
            f(s);
        }
    }
}

/// Runs the schedule until the daemon stops. Times are the machine's real clock (a test's fake
/// ledger clock does not move backups), as are the names of the snapshots.
pub async fn run(app: Arc<App>) {
    let Some(every) = app.settings.backup.every else { return };
    if matches!(app.settings.store, credits_config::Store::Postgres(_)) {
        let why = "[backup] every is for the SQLite ledger; back up a PostgreSQL ledger with pg_dump";
        tracing::warn!("{why}");
        app.backups.update(|s| {
            s.last_ok = Some(false);
            s.last_error = Some(why.to_owned());
        });
        return;
    }
    let mut stop = app.stopping();
    let dir = app.settings.backup.dir.clone();
    sweep_partials(&dir);
    // Continue from the newest snapshot there is, so a daemon restarted more often than `every`
    // still backs up.
    let newest = snapshots(&dir).ok().and_then(|s| s.last().map(|(at, _)| *at));
    // A snapshot named in the future (a clock once set ahead) must not put the next one off:
    // never later than one interval from now.
    let now = Timestamp::now();
    let soonest = now.checked_add(every).unwrap_or(now);
    let mut due = newest.and_then(|at| at.checked_add(every).ok()).map_or(now, |at| at.min(soonest));
    loop {
        app.backups.update(|s| s.next_at = Some(fmt_time(due)));
        let wait = due.duration_since(Timestamp::now()).try_into().unwrap_or(Duration::ZERO);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.changed() => return,
        }
        once(&app).await;
        let now = Timestamp::now();
        due = now.checked_add(every).unwrap_or(now);
    }
}

/// One scheduled backup: snapshot, verify (done by the ledger before the file gets its name),
/// prune, record.
async fn once(app: &App) {
    let settings = &app.settings.backup;
    let dir = settings.dir.clone();
    let result = match credits_config::private::ensure_dir(&dir) {
        Err(e) => Err(format!("cannot use the backup directory: {e}")),
        Ok(()) => app.ledger.backup(dir.join(snapshot_name(Timestamp::now()))).await.map_err(|e| e.to_string()),
    };
    let at = fmt_time(Timestamp::now());
    match result {
        Ok(report) => {
            let pruned = prune(&dir, settings.keep);
            tracing::info!(path = %report.path.display(), bytes = report.bytes, entries = report.entries, pruned, "scheduled backup written and verified");
            app.metrics.backup(true, Timestamp::now().as_second());
            app.backups.update(|s| {
                s.last_at = Some(at.clone());
                s.last_ok = Some(true);
                s.last_error = None;
                s.last_success_at = Some(at);
                s.last_success_path = Some(report.path);
            });
        }
        Err(e) => {
            tracing::error!(error = %e, "scheduled backup failed");
            app.metrics.backup(false, 0);
            app.backups.update(|s| {
                s.last_at = Some(at);
                s.last_ok = Some(false);
                s.last_error = Some(e);
            });
        }
    }
}

/// Removes all but the newest `keep` snapshots in `dir`; how many it removed.
fn prune(dir: &std::path::Path, keep: u32) -> usize {
    let Ok(found) = snapshots(dir) else { return 0 };
    let extra = found.len().saturating_sub(keep as usize);
    let mut removed = 0;
    for (_, path) in found.into_iter().take(extra) {
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) => tracing::warn!(path = %path.display(), error = %e, "cannot remove an old backup"),
        }
    }
    removed
}

/// Removes the half-written snapshots an earlier daemon left when it stopped in the middle of
/// one (`.NAME.partial-PID-NANOS`): only this daemon writes scheduled snapshots here, and it has
/// not started one yet.
fn sweep_partials(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with(".credits-") && name.contains(".partial-") {
            match std::fs::remove_file(e.path()) {
                Ok(()) => tracing::info!(file = %e.path().display(), "removed a half-written backup"),
                Err(err) => {
                    tracing::warn!(file = %e.path().display(), error = %err, "cannot remove a half-written backup")
                }
            }
        }
    }
}
