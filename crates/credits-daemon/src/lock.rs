//! One daemon per home: the runtime directory (0700, owned by us) holds a pidfile that the
//! running daemon keeps locked for its whole life.

use std::fs::{self, File, OpenOptions};
use std::io::Write;

use anyhow::{Context, bail};
use credits_config::Paths;

/// Holds the pidfile lock until dropped.
#[derive(Debug)]
pub struct PidLock {
    _file: File,
}

/// Marker error: another daemon holds the lock.
#[derive(Debug, thiserror::Error)]
#[error("another studio-credits daemon is already running for this home (pid {0})")]
pub struct AlreadyRunning(pub String);

/// Creates the private directories and takes the pidfile lock.
pub fn acquire(paths: &Paths) -> anyhow::Result<PidLock> {
    private_dir(&paths.runtime_dir)?;
    private_dir(&paths.data_dir)?;
    if let Some(parent) = paths.socket.parent() {
        private_dir(parent)?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&paths.pidfile)
        .with_context(|| format!("cannot open {}", paths.pidfile.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let pid = fs::read_to_string(&paths.pidfile).unwrap_or_default();
            return Err(AlreadyRunning(pid.trim().to_owned()).into());
        }
        Err(fs::TryLockError::Error(e)) => return Err(e).context("cannot lock the pidfile"),
    }
    file.set_len(0)?;
    writeln!(file, "{}", std::process::id())?;
    file.flush()?;
    Ok(PidLock { _file: file })
}

/// Creates `dir` with mode 0700 if missing and refuses one another user owns or others can
/// enter: the socket inside must be reachable by its owner only.
fn private_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = fs::metadata(dir)?;
        let me = fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(meta.uid());
        if meta.uid() != me {
            bail!("{} belongs to another user; refusing to use it", dir.display());
        }
        if meta.permissions().mode() & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .with_context(|| format!("cannot make {} private", dir.display()))?;
        }
    }
    Ok(())
}
