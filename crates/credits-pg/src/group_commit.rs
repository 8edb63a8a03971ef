//! Group commit of debits, per daemon: debits waiting for a connection are carried by one
//! transaction, each inside a savepoint (a refused or failed debit leaves the others intact), and
//! answered only after that transaction's COMMIT. One fsync serves the whole batch, and a
//! workspace's row lock is taken once per batch rather than once per debit.
//!
//! A batch locks its workspaces in name order, so batches of several daemons (or several
//! committers of one daemon) never wait on each other in a cycle.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use credits_ledger::StoreError;
use credits_ledger::ledger::DebitRequest;
use credits_ledger::service::Debited;
use deadpool_postgres::Pool;
use jiff::Timestamp;
use tokio::sync::{Mutex, mpsc, oneshot};

use crate::db::opt;
use crate::ledger;

/// Most debits one transaction carries.
pub const MAX_BATCH: usize = 64;
/// Transactions of debits in flight at once per daemon (workspaces apart run side by side).
pub const COMMITTERS: usize = 4;

/// A debit waiting for its batch.
pub struct Job {
    pub req: DebitRequest,
    pub now: Timestamp,
    pub done: oneshot::Sender<Result<Debited, StoreError>>,
}

/// How many batches and debits were committed.
#[derive(Debug, Default)]
pub struct Counters {
    pub batches: AtomicU64,
    pub jobs: AtomicU64,
}

/// Starts the committers on the current runtime; they stop when every sender is dropped.
pub fn start(pool: Pool, counters: Arc<Counters>) -> mpsc::Sender<Job> {
    let (tx, rx) = mpsc::channel::<Job>(4 * MAX_BATCH * COMMITTERS);
    let rx = Arc::new(Mutex::new(rx));
    for _ in 0..COMMITTERS {
        let (pool, rx, counters) = (pool.clone(), rx.clone(), counters.clone());
        tokio::spawn(async move {
            while let Some(jobs) = next_batch(&rx).await {
                commit(&pool, &counters, jobs).await;
            }
        });
    }
    tx
}

/// The next debit, waited for, and whatever else is already queued behind it.
async fn next_batch(rx: &Mutex<mpsc::Receiver<Job>>) -> Option<Vec<Job>> {
    let mut rx = rx.lock().await;
    let first = rx.recv().await?;
    let mut jobs = vec![first];
    while jobs.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    Some(jobs)
}

async fn commit(pool: &Pool, counters: &Counters, mut jobs: Vec<Job>) {
    match run(pool, &mut jobs).await {
        Ok(answers) => {
            counters.batches.fetch_add(1, Ordering::Relaxed);
            counters.jobs.fetch_add(jobs.len() as u64, Ordering::Relaxed);
            for (job, answer) in jobs.into_iter().zip(answers) {
                let _ = job.done.send(answer);
            }
        }
        // Nothing of the batch committed: every debit in it hears why.
        Err(e) => {
            for job in jobs {
                let _ = job.done.send(Err(same(&e)));
            }
        }
    }
}

/// The batch in one transaction: each debit in its savepoint, then one COMMIT.
async fn run(pool: &Pool, jobs: &mut [Job]) -> Result<Vec<Result<Debited, StoreError>>, StoreError> {
    let mut client = pool.get().await.map_err(|e| StoreError::Unavailable(format!("cannot reach PostgreSQL ({e})")))?;
    let mut tx = client.transaction().await?;
    if jobs.len() > 1 {
        let default: Option<String> =
            opt(&tx, "SELECT value FROM settings WHERE key = 'default_workspace'", &[]).await?.map(|r| r.get(0));
        jobs.sort_by(|a, b| {
            let name = |j: &Job| j.req.workspace.clone().or_else(|| default.clone());
            name(a).cmp(&name(b))
        });
    }
    let mut answers = Vec::with_capacity(jobs.len());
    for job in jobs.iter() {
        let sp = tx.savepoint("debit").await?;
        let answer = ledger::debit(&sp, &job.req, job.now).await;
        if answer.is_ok() {
            sp.commit().await?;
        } else {
            sp.rollback().await?;
        }
        answers.push(answer);
    }
    tx.commit().await?;
    Ok(answers)
}

/// A batch-wide failure, once for each debit of the batch.
fn same(e: &StoreError) -> StoreError {
    match e {
        StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
        StoreError::Damaged(m) => StoreError::Damaged(m.clone()),
        other => StoreError::Internal(other.to_string()),
    }
}
