//! The single writer: one thread owns the write connection and commits every job waiting on its
//! channel in one transaction (group commit). Each job runs in its own savepoint, so a failing
//! job changes nothing while its neighbours commit; answers are sent only after the commit.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::db::Db;
use crate::error::StoreError;

/// Delivers a job's result once the batch's commit outcome is known.
type Finish = Box<dyn FnOnce(Option<&str>) + Send>;
type Job = Box<dyn FnOnce(&Connection) -> Finish + Send>;

/// Most jobs committed in one transaction; bounds latency under a flood.
const MAX_BATCH: usize = 512;

/// Counters the metrics endpoint reads.
#[derive(Debug, Default)]
pub struct WriterStats {
    pub batches: AtomicU64,
    pub jobs: AtomicU64,
}

/// Why writes are refused, when they are (a damaged database file): shared by every handle.
#[derive(Debug, Default)]
struct Refusal {
    on: AtomicBool,
    why: Mutex<String>,
}

/// A cheap, cloneable handle to the writer thread.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
    stats: Arc<WriterStats>,
    refusal: Arc<Refusal>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Writer {
    /// Starts the writer thread on a new connection to `db`.
    pub fn start(db: &Db) -> Result<Writer, StoreError> {
        let conn = db.connect()?;
        let (tx, rx) = mpsc::channel::<Job>();
        let stats = Arc::new(WriterStats::default());
        let thread_stats = stats.clone();
        thread::Builder::new()
            .name("ledger-writer".into())
            .spawn(move || run(conn, rx, &thread_stats))
            .map_err(|e| StoreError::Internal(format!("cannot start the writer thread: {e}")))?;
        Ok(Writer { tx, stats, refusal: Arc::default() })
    }

    pub fn stats(&self) -> &WriterStats {
        &self.stats
    }

    /// From now on every write fails with [`StoreError::Damaged`] and `why` (`None` accepts
    /// writes again). Writing to a damaged file can spread the damage, and a ledger must not
    /// acknowledge what it may not be able to read back.
    pub fn refuse(&self, why: Option<String>) {
        if let Ok(mut w) = self.refusal.why.lock() {
            *w = why.clone().unwrap_or_default();
        }
        self.refusal.on.store(why.is_some(), Ordering::SeqCst);
    }

    /// Runs `f` in the writer's next transaction and resolves after it committed.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        self.submit(f, reply)?;
        rx.await.map_err(|_| StoreError::Internal("the ledger writer stopped".into()))?
    }

    /// Blocking form of [`Writer::write`] for threads outside the async runtime.
    pub fn write_blocking<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        self.submit(f, reply)?;
        rx.blocking_recv().map_err(|_| StoreError::Internal("the ledger writer stopped".into()))?
    }

    fn submit<T, F>(&self, f: F, reply: oneshot::Sender<Result<T, StoreError>>) -> Result<(), StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        if self.refusal.on.load(Ordering::SeqCst) {
            let why = self.refusal.why.lock().map(|w| w.clone()).unwrap_or_default();
            return Err(StoreError::Damaged(why));
        }
        let job: Job = Box::new(move |conn| {
            let result = in_savepoint(conn, f);
            Box::new(move |commit_error: Option<&str>| {
                let result = match commit_error {
                    Some(e) => Err(StoreError::Internal(format!("commit failed: {e}"))),
                    None => result,
                };
                let _ = reply.send(result);
            })
        });
        self.tx.send(job).map_err(|_| StoreError::Internal("the ledger writer stopped".into()))
    }
}

/// Runs `sql` (one statement, no parameters) from the statement cache: the writer runs the same
/// few control statements for every job, and parsing them each time was a measurable share of
/// a debit.
fn exec_cached(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

fn in_savepoint<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
    exec_cached(conn, "SAVEPOINT job")?;
    // A bug in one job must not take the writer (and so the daemon) down with it.
    let result = catch_unwind(AssertUnwindSafe(|| f(conn)))
        .unwrap_or_else(|_| Err(StoreError::Internal("a ledger operation panicked; nothing was written".into())));
    if result.is_ok() {
        exec_cached(conn, "RELEASE job")?;
    } else {
        conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
    }
    result
}

fn run(conn: Connection, rx: mpsc::Receiver<Job>, stats: &WriterStats) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        stats.batches.fetch_add(1, Ordering::Relaxed);
        stats.jobs.fetch_add(batch.len() as u64, Ordering::Relaxed);
        if let Err(e) = exec_cached(&conn, "BEGIN IMMEDIATE") {
            // Dropping the jobs unrun drops their reply channels: each caller gets an error and
            // nothing was written.
            tracing::error!(error = %e, "cannot begin a ledger transaction");
            continue;
        }
        let finishers: Vec<Finish> = batch.into_iter().map(|job| job(&conn)).collect();
        let commit = exec_cached(&conn, "COMMIT").map_err(|e| e.to_string());
        if commit.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        let err = commit.err();
        for finish in finishers {
            finish(err.as_deref());
        }
    }
}
