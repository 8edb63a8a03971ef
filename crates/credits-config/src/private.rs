//! Directories and files only their owner may reach: the user's id, the systemd-style runtime
//! directory (`/run/user/<uid>`), and the checks the daemon and the CLI make before they put a
//! socket in a directory or trust a file. A directory is created 0700 when missing; an existing
//! one is never chmod-ed (it may be a home or `/tmp`): one that others can write to is refused.

use std::fs;
use std::path::{Path, PathBuf};

/// Why a directory or file is not private enough to use.
#[derive(Debug, thiserror::Error)]
pub enum PrivateError {
    #[error("cannot create {path}: {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error("cannot read {path}: {source}")]
    Inspect { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a directory")]
    NotADirectory { path: PathBuf },
    #[error("{path} belongs to another user (uid {owner}); refusing to use it")]
    OtherOwner { path: PathBuf, owner: u32 },
    #[error(
        "{path} can be written by other users (mode {mode:04o}), so they could replace the daemon's socket; \
         refusing to use it (its mode was left alone)"
    )]
    Shared { path: PathBuf, mode: u32 },
    #[error(
        "{path} can be read by other users (mode {mode:04o}); a private key must be readable by its owner only: \
         run `chmod 600 {path}`"
    )]
    Readable { path: PathBuf, mode: u32 },
}

/// The effective user id of this process.
#[cfg(unix)]
pub fn current_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// `/run/user/<uid>` when it exists, is a directory, belongs to this user and only they can
/// write to it: where systemd puts a user's runtime files, also in sessions (cron, ssh, sudo)
/// that do not set `XDG_RUNTIME_DIR`.
pub fn system_runtime_dir() -> Option<PathBuf> {
    #[cfg(unix)]
    {
        let dir = PathBuf::from(format!("/run/user/{}", current_uid()));
        check_dir(&dir).ok().map(|()| dir)
    }
    #[cfg(not(unix))]
    None
}

/// Makes sure `dir` exists and only its owner can change what is in it. Missing directories
/// (and missing parents) are created 0700; an existing one must belong to this user (or root)
/// and not be writable by group or others. Nothing's mode is ever changed.
pub fn ensure_dir(dir: &Path) -> Result<(), PrivateError> {
    if !dir.exists() {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(dir).map_err(|source| PrivateError::Create { path: dir.to_owned(), source })?;
    }
    check_dir(dir)
}

/// Checks that `dir` is a directory of this user (or root) that others cannot write to.
pub fn check_dir(dir: &Path) -> Result<(), PrivateError> {
    let meta = fs::metadata(dir).map_err(|source| PrivateError::Inspect { path: dir.to_owned(), source })?;
    if !meta.is_dir() {
        return Err(PrivateError::NotADirectory { path: dir.to_owned() });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != current_uid() && meta.uid() != 0 {
            return Err(PrivateError::OtherOwner { path: dir.to_owned(), owner: meta.uid() });
        }
        if meta.mode() & 0o022 != 0 {
            return Err(PrivateError::Shared { path: dir.to_owned(), mode: meta.mode() & 0o7777 });
        }
    }
    Ok(())
}

/// Checks that `file` belongs to this user, so what it says can be trusted.
pub fn check_owned(file: &Path) -> Result<fs::Metadata, PrivateError> {
    let meta = fs::symlink_metadata(file).map_err(|source| PrivateError::Inspect { path: file.to_owned(), source })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != current_uid() {
            return Err(PrivateError::OtherOwner { path: file.to_owned(), owner: meta.uid() });
        }
    }
    Ok(meta)
}

/// Checks that `file` (a private key) belongs to this user (or root) and that no one else can
/// read or write it. Its mode is never changed: a key others could read may already be known.
pub fn check_secret_file(file: &Path) -> Result<(), PrivateError> {
    let meta = fs::metadata(file).map_err(|source| PrivateError::Inspect { path: file.to_owned(), source })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != current_uid() && meta.uid() != 0 {
            return Err(PrivateError::OtherOwner { path: file.to_owned(), owner: meta.uid() });
        }
        if meta.mode() & 0o077 != 0 {
            return Err(PrivateError::Readable { path: file.to_owned(), mode: meta.mode() & 0o7777 });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

/// Makes `file` (if it exists and is ours) readable and writable by its owner only: the
/// database, its WAL and shared-memory files, the lock file and the log. Returns whether the
/// mode had to change.
pub fn restrict_file(file: &Path) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = match fs::symlink_metadata(file) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        if !meta.is_file() || meta.uid() != current_uid() || meta.mode() & 0o077 == 0 {
            return Ok(false);
        }
        fs::set_permissions(file, fs::Permissions::from_mode(0o600))?;
        Ok(true)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(false)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn creates_missing_directories_0700_and_never_chmods_existing_ones() {
        let t = tempfile::tempdir().unwrap();
        let deep = t.path().join("a/b/c");
        ensure_dir(&deep).unwrap();
        for d in ["a", "a/b", "a/b/c"] {
            assert_eq!(mode(&t.path().join(d)), 0o700, "{d}");
        }
        let open = t.path().join("open");
        fs::create_dir(&open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(matches!(ensure_dir(&open), Err(PrivateError::Shared { mode: 0o1777, .. })));
        assert_eq!(mode(&open), 0o1777, "the sticky bit and mode are left alone");
        let readable = t.path().join("readable");
        fs::create_dir(&readable).unwrap();
        fs::set_permissions(&readable, fs::Permissions::from_mode(0o755)).unwrap();
        ensure_dir(&readable).unwrap();
        assert_eq!(mode(&readable), 0o755);
    }

    #[test]
    fn secret_files_must_be_private_and_are_not_chmodded() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("key.pem");
        fs::write(&f, "x").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o600)).unwrap();
        check_secret_file(&f).unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
        let e = check_secret_file(&f).unwrap_err();
        assert!(matches!(e, PrivateError::Readable { mode: 0o644, .. }));
        assert!(e.to_string().contains(&f.display().to_string()), "{e}");
        assert_eq!(mode(&f), 0o644);
        assert!(matches!(check_secret_file(&t.path().join("missing")), Err(PrivateError::Inspect { .. })));
    }

    #[test]
    fn restricts_files_to_their_owner() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("f");
        fs::write(&f, "x").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(restrict_file(&f).unwrap());
        assert_eq!(mode(&f), 0o600);
        assert!(!restrict_file(&f).unwrap());
        assert!(!restrict_file(&t.path().join("missing")).unwrap());
    }
}
