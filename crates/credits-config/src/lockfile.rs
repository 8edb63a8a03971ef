//! The lock file beside the database (`daemon.pid` in the data directory). The running daemon
//! keeps it locked for its whole life, so there is one daemon per ledger whatever environment
//! started it, and writes into it where it can be reached:
//!
//! ```text
//! 12345
//! version 0.1.0
//! socket /run/user/1000/studio-credits/daemon.sock
//! ```
//!
//! The data directory is the same in every environment of a user (a desktop, cron, ssh,
//! systemd); the runtime directory is not. A client that finds no daemon where its own
//! environment points reads this file to find the one that runs.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::private::{self, PrivateError};

/// What the live daemon recorded about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockRecord {
    pub pid: u32,
    pub version: String,
    /// Absolute path of the daemon's socket.
    pub socket: PathBuf,
}

impl LockRecord {
    /// The file's text.
    pub fn render(&self) -> String {
        format!("{}\nversion {}\nsocket {}\n", self.pid, self.version, self.socket.display())
    }

    /// Reads the file's text; `None` when it is not a complete record (a daemon that has just
    /// taken the lock may not have written it yet).
    pub fn parse(text: &str) -> Option<LockRecord> {
        let mut lines = text.lines();
        let pid = lines.next()?.trim().parse().ok()?;
        let (mut version, mut socket) = (None, None);
        for line in lines {
            if let Some(v) = line.strip_prefix("version ") {
                version = Some(v.to_owned());
            } else if let Some(s) = line.strip_prefix("socket ") {
                socket = Some(PathBuf::from(s));
            }
        }
        Some(LockRecord { pid, version: version?, socket: socket.filter(|s| s.is_absolute())? })
    }
}

/// Why the lock file could not be trusted.
#[derive(Debug, thiserror::Error)]
pub enum LockfileError {
    #[error("the daemon's lock file: {0}")]
    Untrusted(#[from] PrivateError),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
}

/// True while some process holds the lock (a daemon runs for this ledger, or is starting or
/// stopping).
pub fn held(lockfile: &Path) -> bool {
    match File::open(lockfile) {
        Ok(f) => matches!(f.try_lock_shared(), Err(fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

/// The live daemon of this ledger as its lock file describes it: `Ok(None)` when none holds the
/// lock (a daemon that was killed leaves the file, but not the lock), or it has not written
/// its record yet, or the recorded pid is gone. Errors when the file belongs to someone else.
pub fn live_daemon(lockfile: &Path) -> Result<Option<LockRecord>, LockfileError> {
    let mut file = match File::open(lockfile) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(LockfileError::Read { path: lockfile.to_owned(), source }),
    };
    private::check_owned(lockfile)?;
    if !matches!(file.try_lock_shared(), Err(fs::TryLockError::WouldBlock)) {
        return Ok(None);
    }
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|source| LockfileError::Read { path: lockfile.to_owned(), source })?;
    Ok(LockRecord::parse(&text).filter(|r| pid_alive(r.pid)))
}

/// True when `pid` is a live process of this user.
pub fn pid_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return false };
        // Signal 0 checks existence and permission; another user's process answers EPERM.
        rustix::process::test_kill_process(pid).is_ok()
    }
    #[cfg(not(unix))]
    {
        pid != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_partial_ones_are_not_records() {
        let r = LockRecord { pid: 42, version: "0.1.0".into(), socket: PathBuf::from("/run/user/1/s/daemon.sock") };
        assert_eq!(LockRecord::parse(&r.render()), Some(r));
        assert_eq!(LockRecord::parse(""), None);
        assert_eq!(LockRecord::parse("42\n"), None);
        assert_eq!(LockRecord::parse("42\nversion 1\nsocket relative.sock\n"), None);
        assert_eq!(LockRecord::parse("x\nversion 1\nsocket /a\n"), None);
    }

    #[test]
    fn a_lock_nobody_holds_names_no_daemon() {
        let t = tempfile::tempdir().unwrap();
        let path = t.path().join("daemon.pid");
        assert!(live_daemon(&path).unwrap().is_none());
        let me = LockRecord { pid: std::process::id(), version: "v".into(), socket: t.path().join("s") };
        fs::write(&path, me.render()).unwrap();
        assert!(!held(&path));
        assert!(live_daemon(&path).unwrap().is_none(), "stale: nobody holds the lock");
        let holder = File::options().read(true).write(true).open(&path).unwrap();
        holder.lock().unwrap();
        assert!(held(&path));
        // A second open file description of this very process sees the lock as held.
        assert_eq!(live_daemon(&path).unwrap(), Some(me));
    }
}
