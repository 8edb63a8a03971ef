//! The daemon's file-descriptor budget. Every socket client, HTTP connection, database file and
//! the log takes a descriptor; running out stops the daemon from answering anyone. At start the
//! soft limit is raised to the hard one, and the HTTP connection cap is derived from what is left
//! after a reserve for everything else.

/// Descriptors kept out of the HTTP cap: socket clients (the owner's CLI), the ledger's database
/// connections and their WAL files, the log, the listeners, Stripe calls.
pub const RESERVE: u64 = 256;

/// Default HTTP connection cap when the limit is large.
const DEFAULT_HTTP_CAP: u64 = 1024;

/// Raises the soft limit on open descriptors to the hard limit; returns the soft limit then in
/// effect (`None` when unlimited or unknown). Failing to raise it is logged, not fatal.
pub fn raise_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let lim = getrlimit(Resource::Nofile);
        if lim.current != lim.maximum {
            let mut wanted = lim;
            wanted.current = lim.maximum;
            if let Err(e) = setrlimit(Resource::Nofile, wanted) {
                // macOS refuses more than OPEN_MAX for an unlimited hard limit; keep what we have.
                tracing::warn!(error = %e, soft = ?lim.current, hard = ?lim.maximum, "cannot raise the open-file limit");
            }
        }
        getrlimit(Resource::Nofile).current
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The HTTP connection cap: the configured one, else half of the limit (at most 1024); never
/// more than the limit minus [`RESERVE`], never less than 1.
pub fn http_cap(configured: Option<u64>, soft_limit: Option<u64>) -> usize {
    let ceiling = soft_limit.map_or(u64::MAX, |l| l.saturating_sub(RESERVE));
    let wanted = configured.unwrap_or_else(|| soft_limit.map_or(DEFAULT_HTTP_CAP, |l| (l / 2).min(DEFAULT_HTTP_CAP)));
    if wanted > ceiling {
        tracing::warn!(
            wanted,
            ceiling,
            "http.max_connections is too close to the open-file limit; capping it to keep the socket served"
        );
    }
    usize::try_from(wanted.min(ceiling).max(1)).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_a_reserve() {
        assert_eq!(http_cap(None, Some(1024)), 512);
        assert_eq!(http_cap(None, Some(1_048_576)), 1024);
        assert_eq!(http_cap(None, None), 1024);
        assert_eq!(http_cap(Some(5000), Some(1024)), 768);
        assert_eq!(http_cap(Some(10), Some(1024)), 10);
        assert_eq!(http_cap(Some(0), Some(1024)), 1);
        assert_eq!(http_cap(None, Some(100)), 1);
    }
}
