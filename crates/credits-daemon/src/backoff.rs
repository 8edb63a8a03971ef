//! Backing off after failed `accept` calls, shared by the local socket and the HTTP listener.
//!
//! An accept that fails (most often "too many open files") fails again at once if retried at
//! once: the pending connection is still there. Retrying every few milliseconds spun a core and
//! wrote a log line each time (600 KB a minute), so failures wait longer and longer (capped) and
//! are logged at most once per [`REPORT_EVERY`], with the number left out.

use std::time::{Duration, Instant};

/// First pause after a failure.
const FIRST: Duration = Duration::from_millis(5);
/// Longest pause: short enough that service resumes soon after descriptors free up.
const MAX: Duration = Duration::from_secs(1);
/// At most one log line per listener per this long.
pub const REPORT_EVERY: Duration = Duration::from_secs(30);

/// The state of one accept loop.
#[derive(Debug)]
pub struct AcceptBackoff {
    /// What the log lines call the listener ("socket", "HTTP").
    what: &'static str,
    pause: Duration,
    last_report: Option<Instant>,
    unreported: u64,
}

impl AcceptBackoff {
    pub fn new(what: &'static str) -> AcceptBackoff {
        AcceptBackoff { what, pause: FIRST, last_report: None, unreported: 0 }
    }

    /// An accept succeeded: the next failure starts from the shortest pause again.
    pub fn succeeded(&mut self) {
        self.pause = FIRST;
    }

    /// An accept failed: logs it if no line was written lately, then waits (doubling each time).
    pub async fn failed(&mut self, error: &std::io::Error) {
        self.unreported += 1;
        let now = Instant::now();
        if self.last_report.is_none_or(|at| now.duration_since(at) >= REPORT_EVERY) {
            tracing::warn!(
                listener = self.what,
                %error,
                failures = self.unreported,
                "accept failed; backing off (logged at most every {} s)",
                REPORT_EVERY.as_secs()
            );
            self.last_report = Some(now);
            self.unreported = 0;
        }
        tokio::time::sleep(self.pause).await;
        self.pause = (self.pause * 2).min(MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn pauses_double_up_to_the_cap_and_reset_on_success() {
        let mut b = AcceptBackoff::new("test");
        let e = std::io::Error::other("EMFILE");
        let mut pauses = Vec::new();
        for _ in 0..12 {
            let start = tokio::time::Instant::now();
            b.failed(&e).await;
            pauses.push(start.elapsed());
        }
        assert_eq!(pauses[0], FIRST);
        assert_eq!(pauses[1], FIRST * 2);
        assert!(pauses.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(*pauses.last().unwrap(), MAX);
        // Eleven failures after the first were within REPORT_EVERY: none of them was logged.
        assert_eq!(b.unreported, 11);
        b.succeeded();
        let start = tokio::time::Instant::now();
        b.failed(&e).await;
        assert_eq!(start.elapsed(), FIRST);
    }
}
