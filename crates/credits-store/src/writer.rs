//! The single writer: one thread owns the write connection and commits every job waiting on its
//! channel in one transaction (group commit). Each job runs in its own savepoint, so a failing
//! job changes nothing while its neighbours commit; answers are sent only after the commit.
//! Debits, the hot path, are jobs of their own kind: kept as data, consecutive ones run together
//! through [`ledger::debit_run`], which gives each the same isolation without a savepoint each.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

use jiff::Timestamp;
use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::db::Db;
use crate::error::{StoreError, storage_failure};
use crate::ledger::{self, DebitRequest, Debited};

/// Delivers a job's result once the batch's commit outcome is known (`Some` when it failed).
type Finish = Box<dyn FnOnce(Option<&CommitError>) + Send>;
/// Runs in the batch's transaction, or gets the reason there is none.
type AnyJob = Box<dyn FnOnce(Result<&Connection, &CommitError>) -> Finish + Send>;

/// What the writer is asked to do.
enum Job {
    /// Any write, in a savepoint of its own.
    Any(AnyJob),
    /// One debit (boxed: the request is larger than a pointer).
    Debit(Box<DebitJob>),
}

/// A debit waiting for the writer, and where its answer goes.
struct DebitJob {
    req: DebitRequest,
    now: Timestamp,
    reply: oneshot::Sender<Result<Debited, StoreError>>,
}

/// Why a batch did not commit; each of its jobs is answered with it.
#[derive(Debug)]
enum CommitError {
    /// Disk full or failing: the caller is told nothing was changed.
    Storage(String),
    Other(String),
}

impl CommitError {
    fn from_sqlite(e: &rusqlite::Error) -> CommitError {
        match storage_failure(e) {
            Some(why) => CommitError::Storage(why),
            None => CommitError::Other(e.to_string()),
        }
    }

    fn to_store_error(&self) -> StoreError {
        match self {
            CommitError::Storage(why) => StoreError::Unavailable(why.clone()),
            CommitError::Other(e) => StoreError::Internal(format!("commit failed: {e}; nothing was changed")),
        }
    }
}

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
        let conn = db.connect_writer()?;
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

    /// Debits `req` in the writer's next transaction (as [`ledger::debit`]) and resolves after it
    /// committed.
    pub async fn debit(&self, req: DebitRequest, now: Timestamp) -> Result<Debited, StoreError> {
        self.check_refusal()?;
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job::Debit(Box::new(DebitJob { req, now, reply })))
            .map_err(|_| StoreError::Internal("the ledger writer stopped".into()))?;
        rx.await.map_err(|_| StoreError::Internal("the ledger writer stopped".into()))?
    }

    fn check_refusal(&self) -> Result<(), StoreError> {
        if self.refusal.on.load(Ordering::SeqCst) {
            let why = self.refusal.why.lock().map(|w| w.clone()).unwrap_or_default();
            return Err(StoreError::Damaged(why));
        }
        Ok(())
    }

    fn submit<T, F>(&self, f: F, reply: oneshot::Sender<Result<T, StoreError>>) -> Result<(), StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.check_refusal()?;
        let job: AnyJob = Box::new(move |conn| {
            let result = match conn {
                Ok(conn) => in_savepoint(conn, f),
                Err(e) => Err(e.to_store_error()),
            };
            Box::new(move |commit_error: Option<&CommitError>| {
                // Nothing is acknowledged that did not commit.
                let result = match commit_error {
                    Some(e) => Err(e.to_store_error()),
                    None => result,
                };
                let _ = reply.send(result);
            })
        });
        self.tx.send(Job::Any(job)).map_err(|_| StoreError::Internal("the ledger writer stopped".into()))
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
    // SQLite may roll the whole transaction back on a storage error in an earlier job (disk
    // full). A savepoint opened now would start and, on release, commit a transaction of its
    // own, while the batch's COMMIT then fails: the job would be reported failed yet be written.
    if conn.is_autocommit() {
        return Err(StoreError::Unavailable("a storage error rolled back the transaction".into()));
    }
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
            // Each job is answered with the reason, unrun: nothing was written.
            tracing::error!(error = %e, "cannot begin a ledger transaction");
            let err = CommitError::from_sqlite(&e);
            for job in batch {
                match job {
                    Job::Any(job) => job(Err(&err))(Some(&err)),
                    Job::Debit(d) => {
                        let _ = d.reply.send(Err(err.to_store_error()));
                    }
                }
            }
            continue;
        }
        let finishers = run_jobs(&conn, batch);
        let commit = if conn.is_autocommit() {
            // A storage error already rolled the transaction back (see `in_savepoint`).
            Err(CommitError::Storage("a storage error rolled back the transaction".into()))
        } else {
            exec_cached(&conn, "COMMIT").map_err(|e| CommitError::from_sqlite(&e))
        };
        if let Err(e) = &commit {
            tracing::error!(error = ?e, jobs = finishers.len(), "a ledger transaction did not commit");
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
        let err = commit.err();
        for finish in finishers {
            finish(err.as_ref());
        }
    }
}

/// Runs a batch's jobs in order in the open transaction: each other job in its own savepoint,
/// each run of consecutive debits through [`ledger::debit_run`].
fn run_jobs(conn: &Connection, batch: Vec<Job>) -> Vec<Finish> {
    let mut finishers = Vec::with_capacity(batch.len());
    let mut debits: Vec<DebitJob> = Vec::new();
    for job in batch {
        match job {
            Job::Debit(d) => debits.push(*d),
            Job::Any(job) => {
                run_debits(conn, std::mem::take(&mut debits), &mut finishers);
                finishers.push(job(Ok(conn)));
            }
        }
    }
    run_debits(conn, debits, &mut finishers);
    finishers
}

/// Runs consecutive debits together; each is answered after the commit, as any job.
fn run_debits(conn: &Connection, debits: Vec<DebitJob>, finishers: &mut Vec<Finish>) {
    if debits.is_empty() {
        return;
    }
    let run: Vec<(&DebitRequest, Timestamp)> = debits.iter().map(|d| (&d.req, d.now)).collect();
    let results: Vec<Result<Debited, StoreError>> = match ledger::debit_run(conn, &run) {
        Ok(results) => results,
        Err(e) => {
            tracing::error!(error = %e, debits = debits.len(), "a run of debits failed");
            // Nothing of the run may stay, whatever the rest of the batch does.
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK TO debits; RELEASE debits");
            }
            let answer = |e: &StoreError| match e {
                StoreError::Unavailable(why) => StoreError::Unavailable(why.clone()),
                other => StoreError::Internal(format!("{other}; nothing was changed")),
            };
            debits.iter().map(|_| Err(answer(&e))).collect()
        }
    };
    for (d, result) in debits.into_iter().zip(results) {
        let reply = d.reply;
        finishers.push(Box::new(move |commit_error: Option<&CommitError>| {
            // Nothing is acknowledged that did not commit.
            let result = match commit_error {
                Some(e) => Err(e.to_store_error()),
                None => result,
            };
            let _ = reply.send(result);
        }));
    }
}
