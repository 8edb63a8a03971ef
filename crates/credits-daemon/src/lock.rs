//! One daemon per ledger: the lock file beside the database (the same in every environment of a
//! user, unlike the runtime directory) is kept locked by the running daemon for its whole life,
//! and records its pid, version and socket so clients from any environment find it.
//!
//! The daemon's files are its owner's only: created under umask 077, and ones left readable by
//! an older version are set to 0600 at start. Directories it creates are 0700; one it did not
//! create is never chmod-ed, and refused when others can write to it.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use credits_config::Paths;
use credits_config::lockfile::LockRecord;
use credits_config::private;

/// Holds the lock until dropped.
#[derive(Debug)]
pub struct PidLock {
    _file: File,
}

/// Marker error: another daemon holds the lock.
#[derive(Debug, thiserror::Error)]
#[error("another studio-credits daemon is already running for this ledger (pid {0})")]
pub struct AlreadyRunning(pub String);

/// Keeps every file the daemon creates from now on private to its owner. Called first thing,
/// while the process has a single thread (the umask is process-wide).
pub fn private_umask() {
    #[cfg(unix)]
    {
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    }
}

/// Makes sure the data directory is private, takes the lock, records this daemon in it, and
/// checks the socket's directory. The socket path recorded is absolute.
pub fn acquire(paths: &Paths) -> anyhow::Result<PidLock> {
    private::ensure_dir(&paths.data_dir)?;
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&paths.pidfile).with_context(|| format!("cannot open {}", paths.pidfile.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let text = fs::read_to_string(&paths.pidfile).unwrap_or_default();
            let pid = text.lines().next().unwrap_or_default().trim().to_owned();
            return Err(AlreadyRunning(pid).into());
        }
        Err(fs::TryLockError::Error(e)) => return Err(e).context("cannot lock the daemon's lock file"),
    }
    restrict_files(paths);
    let socket = std::path::absolute(&paths.socket).context("cannot resolve the socket's path")?;
    if let Some(parent) = socket.parent() {
        private::ensure_dir(parent)?;
    }
    let record = LockRecord { pid: std::process::id(), version: env!("CARGO_PKG_VERSION").to_owned(), socket };
    file.set_len(0)?;
    file.write_all(record.render().as_bytes())?;
    file.flush()?;
    Ok(PidLock { _file: file })
}

/// Sets the ledger's files to 0600 where an older version left them readable by others.
fn restrict_files(paths: &Paths) {
    let with_suffix = |p: &Path, s: &str| -> PathBuf {
        let mut os = p.as_os_str().to_owned();
        os.push(s);
        PathBuf::from(os)
    };
    let files = [
        paths.db.clone(),
        with_suffix(&paths.db, "-wal"),
        with_suffix(&paths.db, "-shm"),
        paths.pidfile.clone(),
        paths.log.clone(),
    ];
    for f in &files {
        match private::restrict_file(f) {
            Ok(true) => tracing::info!(file = %f.display(), "made private (0600)"),
            Ok(false) => {}
            Err(e) => tracing::warn!(file = %f.display(), error = %e, "cannot make private"),
        }
    }
}
