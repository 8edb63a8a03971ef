//! Snapshots of the SQLite ledger. [`snapshot`] copies the live database with SQLite's online
//! backup API in one step — one read transaction, so the copy is the state of one instant while
//! the writer keeps committing (a step per few pages would restart at every commit) — into a
//! private temporary file beside the target, checks the copy (`PRAGMA quick_check`, then
//! `verify`), and only then links it into place: a file at the target is always a verified
//! snapshot. [`inspect`] checks a file that `restore` is about to put in place.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use credits_core::snapshot::{ChainHead, SnapshotReport};
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use crate::db::Db;
use crate::error::StoreError;
use crate::verify;

/// How often a step that found the source busy is retried (WAL readers are rarely refused).
const BUSY_RETRIES: u32 = 100;

/// Writes a verified snapshot of `db` to `to`, which must not exist (its directory must), as a
/// self-contained file of mode 0600 (rollback journal, no `-wal`). Nothing is left at `to` when
/// the copy does not verify; the error then lists what `verify` found.
pub fn snapshot(db: &Db, to: &Path) -> Result<SnapshotReport, StoreError> {
    let parent = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => return Err(refuse(format!("{} is not a file path", to.display()))),
    };
    if !parent.is_dir() {
        return Err(refuse(format!("the directory {} does not exist", parent.display())));
    }
    if fs::symlink_metadata(to).is_ok() {
        return Err(refuse(format!("{} already exists (choose a new name, or remove it first)", to.display())));
    }
    let tmp = temporary_beside(to);
    let made = (|| {
        create_private(&tmp).map_err(|e| refuse(format!("cannot write in {}: {e}", parent.display())))?;
        copy_live(db, &tmp)?;
        let report = check(&tmp)?;
        if !report.problems.is_empty() {
            return Err(StoreError::Damaged(format!(
                "the snapshot did not verify ({} problem(s), first: {}); nothing was written to {}",
                report.problems.len(),
                report.problems[0],
                to.display()
            )));
        }
        File::open(&tmp).and_then(|f| f.sync_all()).map_err(io_error)?;
        place(&tmp, to)?;
        Ok(report)
    })();
    let _ = fs::remove_file(&tmp);
    let _ = fs::remove_file(journal_of(&tmp));
    let mut report = made?;
    report.path = to.to_owned();
    report.bytes = fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    Ok(report)
}

/// Checks the SQLite ledger file at `path` as `restore` needs it: migrated to this build's
/// schema (a snapshot from an older release is upgraded like the daemon would; one from a newer
/// release is refused), then `PRAGMA quick_check` and `verify`. Problems are in the report, not
/// errors; an error means the file could not be read as a ledger at all.
pub fn inspect(path: &Path) -> Result<SnapshotReport, StoreError> {
    crate::db::open(path)?;
    let mut report = check(path)?;
    report.path = path.to_owned();
    report.bytes = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(report)
}

/// Every workspace's chain head, by name.
pub fn chain_heads(conn: &Connection) -> Result<Vec<ChainHead>, StoreError> {
    let mut stmt = conn.prepare("SELECT name, chain_head FROM workspaces ORDER BY name")?;
    let heads = stmt
        .query_map([], |r| Ok(ChainHead { workspace: r.get(0)?, head: r.get(1)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(heads)
}

/// Copies the live database into the empty file `tmp` in one backup step, then makes the copy
/// a rollback-journal file so it is complete without a `-wal` beside it.
fn copy_live(db: &Db, tmp: &Path) -> Result<(), StoreError> {
    let src = db.connect()?;
    let mut dst = Connection::open(tmp)?;
    {
        let backup = Backup::new(&src, &mut dst)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                // A step of -1 copies everything at once; `More` cannot come, but is harmless.
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked if tries < BUSY_RETRIES => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
                StepResult::Busy | StepResult::Locked => {
                    return Err(StoreError::Unavailable("the ledger stayed locked during the backup".to_owned()));
                }
                _ => {}
            }
        }
    }
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    dst.close().map_err(|(_, e)| StoreError::from(e))
}

/// `quick_check`, `verify` and the chain heads of the file at `path`.
fn check(path: &Path) -> Result<SnapshotReport, StoreError> {
    let conn = Connection::open(path)?;
    let mut problems = Vec::new();
    let lines: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA quick_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0));
        match rows {
            Ok(rows) => rows.collect::<Result<_, _>>().unwrap_or_else(|e| vec![e.to_string()]),
            Err(e) => vec![e.to_string()],
        }
    };
    if !(lines.len() == 1 && lines[0] == "ok") {
        problems.extend(lines.into_iter().map(|l| format!("the file is damaged (PRAGMA quick_check): {l}")));
    }
    let found = match verify::verify(&conn) {
        Ok(found) => found,
        Err(e) => {
            problems.push(format!("the journal could not be read: {e}"));
            return Ok(SnapshotReport { problems, ..SnapshotReport::default() });
        }
    };
    problems.extend(found.problems);
    Ok(SnapshotReport {
        path: PathBuf::new(),
        bytes: 0,
        workspaces: found.workspaces,
        seats: found.seats,
        entries: found.entries,
        chain_heads: chain_heads(&conn)?,
        problems,
    })
}

/// A hidden temporary name in `to`'s directory, unique to this process and moment.
fn temporary_beside(to: &Path) -> PathBuf {
    let name = to.file_name().and_then(|n| n.to_str()).unwrap_or("snapshot");
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    to.with_file_name(format!(".{name}.partial-{}-{nanos}", std::process::id()))
}

fn journal_of(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-journal");
    PathBuf::from(s)
}

/// Creates `path` empty, readable by its owner only; fails if it exists.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Puts `tmp` at `to` unless something appeared there meanwhile (a hard link never replaces);
/// where links are not supported, a rename after a last look.
fn place(tmp: &Path, to: &Path) -> Result<(), StoreError> {
    match fs::hard_link(tmp, to) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(refuse(format!("{} already exists (choose a new name, or remove it first)", to.display())));
        }
        Err(_) if fs::symlink_metadata(to).is_err() => fs::rename(tmp, to).map_err(io_error)?,
        Err(e) => return Err(io_error(e)),
    }
    if let Some(dir) = to.parent() {
        // The new name must survive a crash too.
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

fn refuse(why: String) -> StoreError {
    StoreError::InvalidInput(format!("{why}; nothing was written"))
}

fn io_error(e: std::io::Error) -> StoreError {
    StoreError::Unavailable(format!("the snapshot could not be written ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_is_private_self_contained_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::open(&dir.path().join("credits.db")).unwrap();
        let to = dir.path().join("copy.db");
        let report = snapshot(&db, &to).unwrap();
        assert_eq!((report.path.as_path(), report.problems.len()), (to.as_path(), 0));
        assert_eq!(report.bytes, fs::metadata(&to).unwrap().len());
        #[cfg(unix)]
        assert_eq!(std::os::unix::fs::PermissionsExt::mode(&fs::metadata(&to).unwrap().permissions()) & 0o777, 0o600);
        let mode: String = Connection::open(&to).unwrap().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "delete");
        let again = snapshot(&db, &to).unwrap_err();
        assert!(again.to_string().contains("already exists"), "{again}");
        let missing = snapshot(&db, &dir.path().join("no/such/dir.db")).unwrap_err();
        assert!(missing.to_string().contains("does not exist"), "{missing}");
        // Nothing but the ledger's own files and the one snapshot is left behind.
        let mut names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.retain(|n| !n.starts_with("credits.db"));
        assert_eq!(names, ["copy.db"]);
        assert!(inspect(&to).unwrap().problems.is_empty());
    }
}
