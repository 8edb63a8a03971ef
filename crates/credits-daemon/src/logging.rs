//! The daemon's log: tracing events to stderr (the log file when auto-started) through a queue
//! and a thread of their own, so that a full disk or a stuck reader loses log lines instead of
//! panicking or stalling the request that logged them.

use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// Log lines waiting for the log thread; beyond this they are dropped (and counted).
const QUEUE: usize = 4096;

struct Queue {
    tx: SyncSender<Vec<u8>>,
    /// Lines queued and not yet written (or failed), for [`flush`].
    pending: Arc<AtomicUsize>,
    dropped: AtomicU64,
}

static LOG: OnceLock<Queue> = OnceLock::new();

/// Starts the log thread and installs the tracing subscriber; `RUST_LOG` filters the events.
pub fn init() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    queue();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(|| LogWriter)
        // Its fallback for a failed write is `eprintln!`, which panics when stderr fails.
        .log_internal_errors(false)
        .init();
}

fn queue() -> &'static Queue {
    LOG.get_or_init(|| {
        let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(QUEUE);
        let pending = Arc::new(AtomicUsize::new(0));
        let written = pending.clone();
        // Should the thread fail to start, the receiver is gone and every line counts as dropped.
        let _ = std::thread::Builder::new().name("log-writer".into()).spawn(move || {
            let mut err = std::io::stderr();
            while let Ok(line) = rx.recv() {
                // A failed write (disk full) loses this line, nothing more.
                let _ = err.write_all(&line);
                written.fetch_sub(1, Ordering::Release);
            }
        });
        Queue { tx, pending, dropped: AtomicU64::new(0) }
    })
}

/// Waits (at most `timeout`) until queued lines are written: the last words before exiting.
pub fn flush(timeout: Duration) {
    let Some(q) = LOG.get() else { return };
    let deadline = Instant::now() + timeout;
    while q.pending.load(Ordering::Acquire) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Writes one line to stderr, ignoring failure: for messages outside tracing (start-up errors).
pub fn direct(line: &str) {
    flush(Duration::from_secs(1));
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// One event's output. The fmt layer writes each event in one `write_all`, so every `write` is
/// queued as it comes and never fails.
struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let q = queue();
        q.pending.fetch_add(1, Ordering::AcqRel);
        let mut line = buf.to_vec();
        let dropped = q.dropped.load(Ordering::Relaxed);
        if dropped > 0 && q.dropped.compare_exchange(dropped, 0, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
            line.extend_from_slice(format!("({dropped} earlier log lines were dropped)\n").as_bytes());
        }
        match q.tx.try_send(line) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                q.pending.fetch_sub(1, Ordering::AcqRel);
                q.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
