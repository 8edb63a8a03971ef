//! `backup`, `backup --check` and `restore`: snapshots of the SQLite ledger. `backup` is a call
//! to the running daemon (it copies the file it serves, consistently, while it keeps serving);
//! `backup --check` reads the scheduled snapshots' names; `restore` works on the files itself,
//! with the daemon stopped, through [`crate::LedgerFiles`] (the binary links the SQLite backend,
//! this crate does not).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use credits_config::backup::{snapshot_name, snapshots};
use credits_proto::Call;
use credits_proto::results::SnapshotReport;
use jiff::Timestamp;
use serde::Serialize;

use super::Ctx;
use crate::args::{BackupArgs, RestoreArgs};
use crate::error::CliError;
use crate::exit::{self, Kind};

/// `backup PATH` or `backup --check`.
pub fn backup(ctx: &Ctx<'_>, a: &BackupArgs) -> Result<u8, CliError> {
    if a.check {
        return check(ctx);
    }
    if matches!(ctx.settings.store, credits_config::Store::Postgres(_)) {
        return Err(postgres_refused("backup"));
    }
    let Some(given) = a.path.as_deref() else {
        return Err(CliError::invalid("give the file to write, e.g. `studio-credits backup credits-backup.db`"));
    };
    let mut path = std::path::absolute(given)
        .map_err(|e| CliError::invalid(format!("{}: {e}; nothing was written", given.display())))?;
    // Into a directory: a snapshot named for its time, like the scheduled ones.
    if path.is_dir() {
        path = path.join(snapshot_name(Timestamp::now()));
    }
    let mut client = ctx.client()?;
    let report: SnapshotReport = client.call(&Call::Backup { path })?;
    if ctx.out.json {
        ctx.out.answer(&report);
    } else {
        ctx.out.say(&format!(
            "Backed up {} entries in {} workspaces to {} ({} bytes, mode 0600). Verified: every balance equals its journal and every hash chain is intact.",
            report.entries,
            report.workspaces,
            report.path.display(),
            report.bytes
        ));
    }
    Ok(exit::OK)
}

/// What `backup --check --json` prints.
#[derive(Debug, Serialize)]
struct Freshness<'a> {
    ok: bool,
    dir: &'a Path,
    every_seconds: u64,
    newest: Option<PathBuf>,
    newest_at: Option<String>,
    age_seconds: Option<i64>,
}

/// For cron: exit 0 when the newest scheduled snapshot is younger than twice `[backup] every`,
/// else [`exit::BACKUP_STALE`]. Reads the backup directory only; needs no daemon.
fn check(ctx: &Ctx<'_>) -> Result<u8, CliError> {
    let settings = &ctx.settings.backup;
    let Some(every) = settings.every else {
        return Err(CliError::invalid("no scheduled backups to check: [backup] every is not set").with_hint(format!(
            "set e.g. `[backup] every = \"1h\"` in {} and restart the daemon",
            ctx.settings.paths.config_file.display()
        )));
    };
    let dir = &settings.dir;
    let found = snapshots(dir).map_err(|e| CliError::internal(format!("cannot read {}: {e}", dir.display())))?;
    let now = Timestamp::now();
    let newest = found.last();
    let age = newest.map(|(at, _)| now.as_second() - at.as_second());
    let limit = i64::try_from(every.as_secs().saturating_mul(2)).unwrap_or(i64::MAX);
    // A snapshot dated more than a minute ahead of the clock says the clock (or the file) is
    // wrong: not a fresh backup.
    let ok = age.is_some_and(|a| (-60..=limit).contains(&a));
    if ctx.out.json {
        ctx.out.json(&Freshness {
            ok,
            dir,
            every_seconds: every.as_secs(),
            newest: newest.map(|(_, p)| p.clone()),
            newest_at: newest.map(|(at, _)| credits_core::time::fmt_time(*at)),
            age_seconds: age,
        });
    }
    let every_text = human_duration(every);
    match (newest, age) {
        (Some((_, path)), Some(age)) if ok => {
            ctx.out.say(&format!(
                "OK: the newest backup, {}, is {} old (backups every {every_text}).",
                path.display(),
                human_duration(Duration::from_secs(age.max(0).unsigned_abs()))
            ));
            Ok(exit::OK)
        }
        (Some((_, path)), Some(age)) => {
            if !ctx.out.json && !ctx.out.quiet {
                eprintln!(
                    "stale: the newest backup, {}, is {} old, more than twice the interval ({every_text}); check the daemon's log, {}",
                    path.display(),
                    human_duration(Duration::from_secs(age.max(0).unsigned_abs())),
                    ctx.settings.paths.log.display()
                );
            }
            Ok(exit::BACKUP_STALE)
        }
        _ => {
            if !ctx.out.json && !ctx.out.quiet {
                eprintln!(
                    "stale: there is no backup in {} (backups every {every_text}); is the daemon running? See its log, {}",
                    dir.display(),
                    ctx.settings.paths.log.display()
                );
            }
            Ok(exit::BACKUP_STALE)
        }
    }
}

/// `90s`, `5m`, `2h 5m`, `3d 4h`: an age for people.
fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..120 => format!("{s}s"),
        120..7200 => format!("{}m", s / 60),
        7200..172_800 => format!("{}h {}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

/// What `restore --json` prints.
#[derive(Debug, Serialize)]
struct Restored<'a> {
    restored_from: &'a Path,
    ledger: &'a Path,
    /// Where the ledger that was replaced now is; `None` when there was none.
    kept_aside: Option<PathBuf>,
    workspaces: i64,
    seats: i64,
    entries: i64,
    chain_heads: &'a [credits_proto::results::ChainHead],
    /// What `verify` found in the backup: empty unless `--force` restored it anyway.
    problems: &'a [String],
    stopped_daemon: Option<u32>,
}

/// `restore PATH`: verify the backup (on a private copy beside the ledger), keep the current
/// file aside, put the copy in its place. The daemon must not be running (`--stop-daemon` stops
/// it); nothing changes when any step before the swap fails.
pub fn restore(ctx: &Ctx<'_>, a: &RestoreArgs) -> Result<u8, CliError> {
    if matches!(ctx.settings.store, credits_config::Store::Postgres(_)) {
        return Err(postgres_refused("restore"));
    }
    let from = &a.path;
    match fs::metadata(from) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(CliError::invalid(format!("{} is not a file; nothing was changed", from.display()))),
        Err(e) => {
            return Err(CliError::invalid(format!("cannot read {}: {e}; nothing was changed", from.display())));
        }
    }
    let db = ctx.settings.paths.db.clone();
    let stopped_daemon = stop_first(ctx, a.stop_daemon)?;
    let dir = db.parent().map(Path::to_path_buf).unwrap_or_default();
    credits_config::private::ensure_dir(&dir).map_err(|e| CliError::invalid(format!("{e}; nothing was changed")))?;
    let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let name = db.file_name().and_then(|n| n.to_str()).unwrap_or("credits.db").to_owned();
    let tmp = dir.join(format!(".{name}.restoring-{stamp}"));
    let report = match copy_and_inspect(ctx, from, &tmp) {
        Ok(r) => r,
        Err(e) => {
            remove_with_sidecars(&tmp);
            return Err(e);
        }
    };
    if !report.problems.is_empty() && !a.force {
        remove_with_sidecars(&tmp);
        if !ctx.out.json {
            for p in &report.problems {
                eprintln!("problem: {p}");
            }
        }
        return Err(CliError::new(
            Kind::LedgerCorrupt,
            format!(
                "the backup {} does not verify ({} problem(s); first: {}); nothing was changed",
                from.display(),
                report.problems.len(),
                report.problems[0]
            ),
        )
        .with_hint("restore another backup, or pass --force to restore this one as it is"));
    }
    // A command run meanwhile may have started a daemon on the current file: swapping the file
    // under it would leave it writing to the one set aside. Holding the daemon's lock through the
    // swap keeps any other from starting until the restored file is in place.
    let Some(_lock) = lock_ledger(&ctx.settings.paths.pidfile) else {
        remove_with_sidecars(&tmp);
        return Err(CliError::invalid(
            "a daemon started on this ledger while the backup was checked; nothing was changed",
        )
        .with_hint(
            "run `studio-credits restore` again with --stop-daemon, and no other studio-credits commands meanwhile",
        ));
    };
    let kept_aside = swap(&tmp, &db, &stamp).inspect_err(|_| remove_with_sidecars(&tmp))?;
    if ctx.out.json {
        ctx.out.json(&Restored {
            restored_from: from,
            ledger: &db,
            kept_aside,
            workspaces: report.workspaces,
            seats: report.seats,
            entries: report.entries,
            chain_heads: &report.chain_heads,
            problems: &report.problems,
            stopped_daemon,
        });
    } else {
        let verified = if report.problems.is_empty() {
            "verified".to_owned()
        } else {
            format!("NOT verified: {} problem(s), restored anyway (--force)", report.problems.len())
        };
        let aside = match &kept_aside {
            Some(p) => format!(" The ledger it replaced is kept as {}.", p.display()),
            None => String::new(),
        };
        ctx.out.say(&format!(
            "Restored {} entries in {} workspaces from {} ({verified}) into {}.{aside} The next command starts the daemon on it.",
            report.entries,
            report.workspaces,
            from.display(),
            db.display()
        ));
    }
    Ok(exit::OK)
}

/// Refuses while a daemon serves the ledger, or stops it with `--stop-daemon`: its pid then.
pub(super) fn stop_first(ctx: &Ctx<'_>, stop: bool) -> Result<Option<u32>, CliError> {
    let pidfile = &ctx.settings.paths.pidfile;
    if !credits_config::lockfile::held(pidfile) {
        return Ok(None);
    }
    if !stop {
        let pid = credits_config::lockfile::live_daemon(pidfile).ok().flatten().map(|r| r.pid);
        let who = pid.map_or_else(|| "a daemon".to_owned(), |p| format!("the daemon (pid {p})"));
        return Err(CliError::invalid(format!("{who} is serving this ledger; nothing was changed"))
            .with_hint("stop it first with `studio-credits daemon stop`, or pass --stop-daemon"));
    }
    super::daemon::stop(ctx)
}

/// Copies `from` to `tmp` (new, mode 0600) and checks the copy: the backup itself is only read.
fn copy_and_inspect(ctx: &Ctx<'_>, from: &Path, tmp: &Path) -> Result<SnapshotReport, CliError> {
    let failed = |e: std::io::Error| {
        CliError::invalid(format!("cannot copy {} to {}: {e}; nothing was changed", from.display(), tmp.display()))
    };
    let mut source = fs::File::open(from).map_err(failed)?;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut copy = options.open(tmp).map_err(failed)?;
    std::io::copy(&mut source, &mut copy).map_err(failed)?;
    copy.flush().and_then(|()| copy.sync_all()).map_err(failed)?;
    drop(copy);
    // A copy of a live ledger file may have its newest transactions in a `-wal` beside it:
    // they belong to it.
    let wal = with_suffix(from, "-wal");
    if wal.is_file() {
        let mut source = fs::File::open(&wal).map_err(failed)?;
        let mut copy = options.open(with_suffix(tmp, "-wal")).map_err(failed)?;
        std::io::copy(&mut source, &mut copy).map_err(failed)?;
    }
    ctx.files.inspect(tmp).map_err(|e| {
        CliError::invalid(format!(
            "{} is not a studio-credits ledger this version can read: {e}; nothing was changed",
            from.display()
        ))
    })
}

/// Moves the ledger (and its `-wal`, `-shm`) aside and `tmp` into its place; the aside path.
fn swap(tmp: &Path, db: &Path, stamp: &str) -> Result<Option<PathBuf>, CliError> {
    let io = |what: &str, e: std::io::Error| CliError::internal(format!("cannot {what}: {e}"));
    let kept = if db.exists() {
        let aside = with_suffix(db, &format!(".before-restore-{stamp}"));
        fs::rename(db, &aside).map_err(|e| io(&format!("move {} aside; nothing was changed", db.display()), e))?;
        for side in ["-wal", "-shm"] {
            let from = with_suffix(db, side);
            if from.exists() {
                let _ = fs::rename(&from, with_suffix(&aside, side));
            }
        }
        Some(aside)
    } else {
        None
    };
    // The copy was checked through SQLite, which leaves no `-wal` once closed; one that stayed
    // belongs with it.
    let tmp_wal = with_suffix(tmp, "-wal");
    let moved_wal = tmp_wal.exists() && fs::rename(&tmp_wal, with_suffix(db, "-wal")).is_ok();
    let _ = fs::remove_file(with_suffix(tmp, "-shm"));
    fs::rename(tmp, db).map_err(|e| {
        // A `-wal` without its database must not meet the next empty ledger made there.
        if moved_wal {
            let _ = fs::remove_file(with_suffix(db, "-wal"));
        }
        let back = kept.as_ref().map(|k| format!(" (the previous ledger is at {})", k.display())).unwrap_or_default();
        io(&format!("put the backup in place at {}{back}", db.display()), e)
    })?;
    if let Some(dir) = db.parent() {
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(kept)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_with_sidecars(path: &Path) {
    for side in ["", "-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(with_suffix(path, side));
    }
}

/// `backup` / `restore` on a PostgreSQL store: its own tools do it.
fn postgres_refused(what: &str) -> CliError {
    CliError::invalid(format!(
        "`studio-credits {what}` works on the SQLite ledger file; this daemon's ledger is in PostgreSQL"
    ))
    .with_hint(
        "back it up with pg_dump (`pg_dump --format=custom --file=credits.dump DBNAME`, consistent while daemons \
         run) and restore it with pg_restore into an empty database; see README, \"Scaling out\"",
    )
}

/// Takes the daemon's lock on `pidfile` (so that no daemon starts while it is held), or `None`
/// when a daemon holds it or the file cannot be opened.
fn lock_ledger(pidfile: &Path) -> Option<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(pidfile).ok()?;
    file.try_lock().ok()?;
    Some(file)
}
