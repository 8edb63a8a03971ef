//! Group commit of debits, per daemon: the debits waiting when a committer is free share one
//! transaction of three round trips, whatever their number, and are answered only after its
//! COMMIT. One fsync and one turn of each workspace's row lock serve the whole batch.
//!
//! 1. `BEGIN`, the batch's workspaces locked `FOR UPDATE` in name order (the order hold expiry
//!    uses, so batches of several daemons never wait on each other in a cycle), their seats and
//!    the idempotency rows of the batch's keys: pipelined, one round trip.
//! 2. Debits queued while the locks were awaited join the batch when it already holds all they
//!    need ([`Batch::join_late`]): with several daemons on one workspace, a batch spends most of
//!    its time waiting for the others' to commit, and the debits that arrive meanwhile would
//!    otherwise wait for the next wait. Those that need more (another workspace, a key's stored
//!    answer) may join after one more read, of the workspaces no other transaction holds
//!    ([`Batch::join_more`]).
//!    The debits are decided here, in arrival order, on the balances just read (credits-core's
//!    split, the same fingerprints and receipts as one debit at a time), then exactly as many
//!    journal ids are taken as entries will be written (ids are hashed, and must match what one
//!    debit at a time would take).
//! 3. The entries (hashed in chain order), the seats' and workspaces' new balances and chain
//!    heads, the idempotency rows, and `COMMIT`: pipelined, one round trip.
//!
//! A debit the batch cannot decide alone (a workspace or seat not among the rows read, which
//! is an error the one-at-a-time path words) runs after the batch by itself, as does every debit
//! of a batch the server refused for a reason other than being unreachable; the unique indexes
//! and CHECKs still stand behind every row, so a batch that read too little fails whole rather
//! than writing twice.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use credits_core::chain::{ChainFields, entry_hash};
use credits_core::records::{DebitReceipt, Entry};
use credits_core::time::fmt_time;
use credits_core::{Credits, EntryKind, Pool as CreditPool};
use credits_ledger::StoreError;
use credits_ledger::ledger::DebitRequest;
use credits_ledger::service::Debited;
use credits_ledger::stored_receipt;
use deadpool_postgres::{Object, Pool};
use jiff::Timestamp;
use tokio::sync::{mpsc, oneshot};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Row, SimpleQueryMessage};

use crate::db::{self, SeatRow, WsRow, seat_cols, seat_row, ws_cols, ws_row};
use crate::idempotency::owner_column;
use crate::ledger::{debit_fingerprint, validate};
use crate::limits;

/// Most debits one transaction carries.
pub const MAX_BATCH: usize = 256;
/// Committers per daemon. A workspace's debits always go to the same one ([`Lanes::send`]), so
/// a daemon never has two of its own transactions queued on one workspace's row lock (each
/// would carry half a batch). One, measured (credits-bench's `pg` rows, three daemons, 64
/// clients over 64 workspaces): 4.1–4.8k debits/s with one, 3.3k with two, 1.9–2.2k with four.
/// Each committer's batches lock several workspaces, and batches of other daemons that share
/// any of them queue behind them: more committers made more, smaller transactions, each
/// waiting on the others.
pub const COMMITTERS: usize = 1;

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

/// The committers' queues.
#[derive(Debug, Clone)]
pub struct Lanes(Vec<mpsc::Sender<Job>>);

impl Lanes {
    /// Starts the committers on a thread of their own, with `pool`'s connections, which that
    /// thread's runtime drives; each committer stops when its queue's senders are gone, and the
    /// thread when all have. `refused` is the ledger's refusal switch, read again before each
    /// batch touches the database, so debits queued before writes were refused are refused too.
    ///
    /// Why a thread: a batch holds its workspaces' row locks from its first round trip to its
    /// COMMIT, so every wait between them is a wait for every daemon's debits on those
    /// workspaces. On the daemon's runtime an answer from PostgreSQL waited behind whatever
    /// socket and HTTP tasks were queued, most of all behind the burst of answers and new
    /// requests each commit sets off; measured, that tripled a batch's time under its locks.
    pub fn start(pool: Pool, counters: Arc<Counters>, refused: Refused) -> Result<Lanes, StoreError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Internal(format!("cannot start the debit committers: {e}")))?;
        let mut lanes = Vec::with_capacity(COMMITTERS);
        let mut queues = Vec::with_capacity(COMMITTERS);
        for _ in 0..COMMITTERS {
            let (tx, rx) = mpsc::channel::<Job>(4 * MAX_BATCH);
            lanes.push(tx);
            queues.push(Arc::new(tokio::sync::Mutex::new(rx)));
        }
        std::thread::Builder::new()
            .name("debit-committers".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let committers: Vec<_> = queues
                        .into_iter()
                        .map(|queue| tokio::spawn(committer(queue, pool.clone(), counters.clone(), refused.clone())))
                        .collect();
                    for c in committers {
                        let _ = c.await;
                    }
                })
            })
            .map_err(|e| StoreError::Internal(format!("cannot start the debit committers: {e}")))?;
        Ok(Lanes(lanes))
    }

    /// Debits queued for a committer that has not taken them yet.
    pub fn queued(&self) -> usize {
        self.0.iter().map(|tx| tx.max_capacity() - tx.capacity()).sum()
    }

    /// Queues `job` on its workspace's committer; `Err` gives the job back when that committer
    /// has stopped.
    pub async fn send(&self, job: Job) -> Result<(), Job> {
        let lane = lane_of(job.req.workspace.as_deref());
        self.0[lane].send(job).await.map_err(|e| e.0)
    }
}

/// One committer: its queue's debits, batch after batch.
async fn committer(queue: Queue, pool: Pool, counters: Arc<Counters>, refused: Refused) {
    let mut carried = Vec::new();
    loop {
        let jobs = next_batch(&mut *queue.lock().await, std::mem::take(&mut carried)).await;
        let Some(jobs) = jobs else { break };
        // A batch of its own task: were it to panic, its debits hear that the committer
        // stopped, and the lane goes on with the next batch.
        let batch = Batch { pool: pool.clone(), counters: counters.clone(), queue: Some(queue.clone()) };
        match tokio::spawn(batch.commit(refused.clone(), jobs)).await {
            Ok(left) => carried = left,
            Err(e) => tracing::error!(error = %e, "a debit batch stopped; its debits were answered with an error"),
        }
    }
}

/// The committer a workspace's debits go to (`None`: the default workspace, as requested).
pub fn lane_of(workspace: Option<&str>) -> usize {
    let mut hasher = std::hash::DefaultHasher::new();
    workspace.hash(&mut hasher);
    (hasher.finish() % COMMITTERS as u64) as usize
}

/// A committer's queue. Its batch drains it too, once it holds its workspaces' locks
/// ([`Batch::join_late`]); the committer waits for its batch, so the two never wait on each other.
type Queue = Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>;

/// The debits the last batch left for the next (in arrival order, before anything queued), or
/// the next one waited for; then whatever else is already queued behind them.
async fn next_batch(rx: &mut mpsc::Receiver<Job>, carried: Vec<Job>) -> Option<Vec<Job>> {
    let mut jobs = carried;
    if jobs.is_empty() {
        jobs.push(rx.recv().await?);
    }
    while jobs.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    Some(jobs)
}

/// What the batch made of one debit.
// One per debit, moved once to its caller: boxing the answer would cost an allocation per debit
// to save a few hundred bytes that live for microseconds.
#[allow(clippy::large_enum_variant)]
enum Outcome {
    Answered(Result<Debited, StoreError>),
    /// For the one-at-a-time path, after the batch.
    Alone,
}

/// The ledger's refusal switch ([`credits_ledger::Ledger::refuse_writes`]).
pub type Refused = Arc<std::sync::RwLock<Option<String>>>;

/// What one batch works with.
struct Batch {
    pool: Pool,
    counters: Arc<Counters>,
    /// Its committer's queue, for debits that join late; `None` once the batch is split.
    queue: Option<Queue>,
}

impl Batch {
    /// Commits `jobs` (and the debits that join them late) and answers each; gives back the
    /// debits it took from the queue but could not carry, for the next batch.
    async fn commit(mut self, refused: Refused, jobs: Vec<Job>) -> Vec<Job> {
        let refusal = refused.read().unwrap_or_else(|p| p.into_inner()).clone();
        // Requests that are wrong whatever the balances are answered before any database work.
        let mut jobs: Vec<Job> = jobs.into_iter().filter_map(|job| admit(refusal.as_deref(), job)).collect();
        let mut carried = Vec::new();
        if jobs.is_empty() {
            return carried;
        }
        match self.attempt(&mut jobs, &mut carried, refusal.as_deref()).await {
            // A wait that ended before COMMIT was sent (a lock another session keeps past
            // `lock_timeout`, say) fails no workspace but its own: each workspace's debits try
            // again in a batch of their own.
            Err(Failed { error: StoreError::Unavailable(_), before_commit: true, .. }) if workspaces(&jobs) > 1 => {
                self.queue = None;
                let mut groups: Vec<Vec<Job>> = Vec::new();
                for job in jobs {
                    match groups.iter_mut().find(|g| g[0].req.workspace == job.req.workspace) {
                        Some(group) => group.push(job),
                        None => groups.push(vec![job]),
                    }
                }
                for mut group in groups {
                    let outcome = self.attempt(&mut group, &mut carried, refusal.as_deref()).await;
                    self.answer(group, outcome).await;
                }
            }
            outcome => self.answer(jobs, outcome).await,
        }
        carried
    }

    /// One try at a batch, on a pooled connection. With a queue, debits queued meanwhile may
    /// join it ([`Batch::join_late`]); the rest of those taken go to `carried`.
    async fn attempt(
        &self,
        jobs: &mut Vec<Job>,
        carried: &mut Vec<Job>,
        refusal: Option<&str>,
    ) -> Result<Vec<Outcome>, Failed> {
        let client = match self.pool.get().await {
            Ok(client) => client,
            Err(e) => return Err(Failed::early(StoreError::Unavailable(format!("cannot reach PostgreSQL ({e})")))),
        };
        // A connection left inside a failed transaction is rolled back, or dropped from the pool
        // when even that fails (or when the batch stopped half way).
        let mut conn = Leased(Some(client));
        let Some(client) = conn.0.as_ref() else {
            return Err(Failed::early(StoreError::Internal("no connection".into())));
        };
        let out = self.run(client, jobs, carried, refusal).await;
        if out.is_ok() || client.batch_execute("ROLLBACK").await.is_ok() {
            conn.0.take();
        }
        out
    }

    /// Debits queued while this batch waited for its locks join it when the batch already holds
    /// all they need: their workspace's lock, their seat's row, and no idempotency key (whose
    /// stored answer was not read). The first that cannot join ends the joining and waits in
    /// `carried` for the next batch, so debits are still decided in the order they arrived.
    fn join_late(&self, plan: &Plan, jobs: &mut Vec<Job>, carried: &mut Vec<Job>, refusal: Option<&str>) {
        let Some(queue) = &self.queue else { return };
        // Free: the committer waits for its batch before it reads the queue again.
        let Ok(mut rx) = queue.try_lock() else { return };
        while jobs.len() < MAX_BATCH {
            let Ok(job) = rx.try_recv() else { break };
            let Some(job) = admit(refusal, job) else { continue };
            if job.req.idempotency_key.is_none() && plan.locate(&job.req).is_some() {
                jobs.push(job);
            } else {
                carried.push(job);
                break;
            }
        }
    }

    /// When joining stopped at a debit that needs rows the batch did not read, that debit and
    /// those queued behind it may still join: one more round trip locks their workspaces that
    /// no other transaction holds (`SKIP LOCKED`, never waiting) and reads their seats and keys.
    /// Each joins if its workspace and seat are now among the rows read, unless an earlier one
    /// of the same workspace stayed out: one workspace's debits are still decided in the order
    /// they arrived (those of different workspaces touch different balances and chains). Those
    /// left out go back to `carried`, in order. Over many workspaces this is where a batch
    /// grows; a batch of one workspace without keys never gets here.
    async fn join_more(
        &self,
        client: &Object,
        plan: &mut Plan,
        jobs: &mut Vec<Job>,
        carried: &mut Vec<Job>,
        refusal: Option<&str>,
    ) -> Result<(), Failed> {
        let Some(queue) = &self.queue else { return Ok(()) };
        if carried.is_empty() {
            return Ok(());
        }
        let mut more = std::mem::take(carried);
        if let Ok(mut rx) = queue.try_lock() {
            while jobs.len() + more.len() < MAX_BATCH {
                let Ok(job) = rx.try_recv() else { break };
                more.extend(admit(refusal, job));
            }
        }
        match rows(client, &more, LOCK_FREE).await {
            Ok(rows) => plan.extend(rows),
            Err(e) => {
                *carried = more;
                return Err(Failed::early(e));
            }
        }
        let mut left_out: Vec<Option<String>> = Vec::new();
        for job in more {
            let workspace = job.req.workspace.clone().or_else(|| plan.read.default.clone());
            if !left_out.contains(&workspace) && plan.locate(&job.req).is_some() {
                jobs.push(job);
            } else {
                left_out.push(workspace);
                carried.push(job);
            }
        }
        Ok(())
    }

    /// Answers each debit of a batch from its outcome.
    async fn answer(&self, jobs: Vec<Job>, outcome: Result<Vec<Outcome>, Failed>) {
        let outcomes = match outcome {
            Ok(outcomes) => {
                self.counters.batches.fetch_add(1, Ordering::Relaxed);
                outcomes
            }
            // The connection went after the COMMIT may have been sent: ask the server what became
            // of the transaction, and answer as it says, never "nothing changed" on a guess.
            Err(Failed { error: StoreError::Unavailable(why), unknown: Some((xact, outcomes)), .. }) => {
                match fate(&self.pool, &xact).await {
                    Some(true) => {
                        self.counters.batches.fetch_add(1, Ordering::Relaxed);
                        outcomes
                    }
                    Some(false) => {
                        for job in jobs {
                            let _ = job.done.send(Err(StoreError::Unavailable(why.clone())));
                        }
                        return;
                    }
                    None => {
                        tracing::error!(transaction = %xact, "lost PostgreSQL while committing debits; their fate is unknown");
                        for job in jobs {
                            let _ = job.done.send(Err(StoreError::Internal(format!(
                                "the connection to PostgreSQL was lost while this debit was being committed \
                                 ({why}), and whether it was applied cannot be told now: look for it in \
                                 `history` before spending again, or repeat it with the same idempotency key, \
                                 which replays it if it was applied"
                            ))));
                        }
                        return;
                    }
                }
            }
            // The server is not there, or the batch's fate is unknown: every debit hears so, and
            // none runs again here.
            Err(Failed { error: StoreError::Unavailable(why), .. }) => {
                for job in jobs {
                    let _ = job.done.send(Err(StoreError::Unavailable(why.clone())));
                }
                return;
            }
            // Nothing committed; the server refused something of the batch. Each debit runs alone,
            // so one bad request (or a row the batch did not read) cannot fail the others.
            Err(Failed { error, .. }) => {
                tracing::warn!(%error, debits = jobs.len(), "a debit batch was refused; running its debits one by one");
                jobs.iter().map(|_| Outcome::Alone).collect()
            }
        };
        for (job, outcome) in jobs.into_iter().zip(outcomes) {
            let answer = match outcome {
                Outcome::Answered(answer) => {
                    self.counters.jobs.fetch_add(1, Ordering::Relaxed);
                    answer
                }
                Outcome::Alone => self.alone(&job).await,
            };
            let _ = job.done.send(answer);
        }
    }

    /// One debit in its own transaction (the path every debit took before batches).
    async fn alone(&self, job: &Job) -> Result<Debited, StoreError> {
        let mut client =
            self.pool.get().await.map_err(|e| StoreError::Unavailable(format!("cannot reach PostgreSQL ({e})")))?;
        let tx = client.transaction().await?;
        let out = crate::ledger::debit(&tx, &job.req, job.now).await?;
        tx.commit().await?;
        self.counters.batches.fetch_add(1, Ordering::Relaxed);
        self.counters.jobs.fetch_add(1, Ordering::Relaxed);
        Ok(out)
    }

    /// The batch on `client`: read under the locks, decide, take ids, write and commit.
    async fn run(
        &self,
        client: &Object,
        jobs: &mut Vec<Job>,
        carried: &mut Vec<Job>,
        refusal: Option<&str>,
    ) -> Result<Vec<Outcome>, Failed> {
        let read = read(client, jobs).await.map_err(Failed::early)?;
        let xact = read.xact.clone();
        let mut plan = Plan::new(read);
        self.join_late(&plan, jobs, carried, refusal);
        self.join_more(client, &mut plan, jobs, carried, refusal).await?;
        let decided: Vec<Decision> = jobs.iter().map(|j| plan.decide(j)).collect();
        let needed: i64 = decided.iter().map(Decision::entries).sum();
        let ids: Vec<i64> = if needed > 0 {
            let taken = async {
                let st = client.prepare_cached(IDS).await?;
                client.query(&st, &[&needed]).await
            };
            taken.await.map_err(|e| Failed::early(e.into()))?.iter().map(|r| r.get(0)).collect()
        } else {
            Vec::new()
        };
        if ids.len() as i64 != needed {
            let why = format!("asked for {needed} journal ids, got {}", ids.len());
            return Err(Failed::early(StoreError::Internal(why)));
        }
        let (rows, outcomes) = plan.write(jobs, decided, ids).map_err(Failed::early)?;
        // From here the COMMIT may have been sent: a failure leaves the batch's fate unknown to
        // this daemon unless the server said why (then the transaction rolled back).
        let sent = rows.send(client).await;
        #[cfg(feature = "testing")]
        let sent = match sent {
            Ok(()) if testing::LOSE_NEXT_COMMIT_ANSWER.swap(false, Ordering::SeqCst) => {
                Err(StoreError::Unavailable("the answer to COMMIT was lost (a test's doing)".into()))
            }
            sent => sent,
        };
        match sent {
            Ok(()) => Ok(outcomes),
            // No answer from the server: the COMMIT may or may not have run.
            Err(error @ StoreError::Unavailable(_)) => {
                Err(Failed { error, before_commit: false, unknown: Some((xact, outcomes)) })
            }
            // The server refused a statement: the transaction rolled back.
            Err(error) => Err(Failed::late(error)),
        }
    }
}

/// `job` if it may go to the database: a request wrong whatever the balances are (or any, while
/// writes are refused) is answered here.
fn admit(refusal: Option<&str>, job: Job) -> Option<Job> {
    let check = match refusal {
        Some(why) => Err(StoreError::Damaged(why.to_owned())),
        None => validate(&job.req),
    };
    match check {
        Ok(()) => Some(job),
        Err(why) => {
            let _ = job.done.send(Err(why));
            None
        }
    }
}

/// How many workspaces (as named by the requests) a batch's debits are for.
fn workspaces(jobs: &[Job]) -> usize {
    let mut names: Vec<Option<&str>> = jobs.iter().map(|j| j.req.workspace.as_deref()).collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// Why a batch did not commit, and whether its COMMIT may have been sent (then nothing of it
/// may run again: it may have committed).
struct Failed {
    error: StoreError,
    before_commit: bool,
    /// The connection was lost after the COMMIT may have been sent: the transaction's id and the
    /// answers the debits get if it committed ([`fate`] tells).
    unknown: Option<(String, Vec<Outcome>)>,
}

impl Failed {
    fn early(error: StoreError) -> Failed {
        Failed { error, before_commit: true, unknown: None }
    }
    fn late(error: StoreError) -> Failed {
        Failed { error, before_commit: false, unknown: None }
    }
}

/// Whether transaction `xact` committed (`Some(true)`), rolled back (`Some(false)`), or cannot
/// be told (`None`: the server stays out of reach). Asked on a fresh connection, a few times.
pub(crate) async fn fate(pool: &Pool, xact: &str) -> Option<bool> {
    for _ in 0..3 {
        if let Ok(client) = pool.get().await
            && let Ok(row) = client.query_one("SELECT pg_xact_status($1::TEXT::xid8)::TEXT", &[&xact]).await
        {
            match row.get::<_, Option<String>>(0).as_deref() {
                Some("committed") => return Some(true),
                Some("aborted") => return Some(false),
                // Still in progress: the server has not yet seen the connection go.
                _ => {}
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    None
}

/// A connection that goes back to the pool only when the batch on it ended cleanly; dropped any
/// other way (a panic, a failed ROLLBACK), it is closed, never reused mid-transaction.
struct Leased(Option<Object>);

impl Drop for Leased {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            drop(Object::take(client));
        }
    }
}

macro_rules! lock {
    ($how:literal) => {
        concat!(
            "SELECT ",
            ws_cols!(),
            ", (SELECT value FROM settings WHERE key = 'default_workspace')",
            " FROM workspaces WHERE name = ANY($1) OR ($2 AND name = (SELECT value FROM settings WHERE key = 'default_workspace'))",
            " ORDER BY name ",
            $how
        )
    };
}
/// The batch's workspaces, locked in name order, waiting for each.
const LOCK: &str = lock!("FOR UPDATE");
/// More workspaces for a batch that already holds some: only those no other transaction holds,
/// never waiting (waiting here, out of name order, could deadlock with another daemon's batch).
const LOCK_FREE: &str = lock!("FOR UPDATE SKIP LOCKED");

/// The batch's workspaces, by the same rule as [`LOCK`] (read after it, so under its locks).
macro_rules! batch_workspaces {
    () => {
        "(SELECT id FROM workspaces WHERE name = ANY($1) UNION ALL \
         SELECT id FROM workspaces WHERE $2 AND name = (SELECT value FROM settings WHERE key = 'default_workspace'))"
    };
}

/// The named seats and the only seat of each workspace that has one. Active seats are counted
/// once per workspace (a join, not a count per seat: a workspace of many seats costs one pass).
const SEATS: &str = concat!(
    "SELECT ",
    seat_cols!(),
    ", c.n = 1 FROM seats s JOIN (SELECT workspace_id AS ws, count(*) AS n FROM seats",
    " WHERE active AND workspace_id IN ",
    batch_workspaces!(),
    " GROUP BY workspace_id) c ON c.ws = s.workspace_id",
    " WHERE s.active AND (s.name = ANY($3) OR c.n = 1)"
);

/// Stored responses of the batch's keys: the workspace's own (owner 0) and its named seats'.
const KEYS: &str = concat!(
    "SELECT workspace_id, seat_id, key, fingerprint, response FROM idempotency WHERE workspace_id IN ",
    batch_workspaces!(),
    " AND seat_id IN (SELECT 0 UNION ALL SELECT id FROM seats WHERE name = ANY($3) AND workspace_id IN ",
    batch_workspaces!(),
    ") AND key = ANY($4)"
);

const IDS: &str = "SELECT nextval('journal_id_seq') FROM generate_series(1, $1::BIGINT)";

/// Everything a batch writes, in one statement: its entries, the seats' and workspaces' new
/// balances, counters and chain heads, and its idempotency rows, each as `unnest` arrays. (One
/// statement rather than four: each statement costs the server a round of binding, executor
/// start and a reply, under the batch's locks.) The AFTER triggers of all of them run once the
/// whole statement has, so they see every row it wrote.
const WRITE: &str = "WITH \
     journal_rows AS (INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, \
         balance_after_millis, period, ref, memo, time, hash, actor) \
         SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[], $6::BIGINT[], \
         $7::BIGINT[], $8::TEXT[], $9::TEXT[], $10::TEXT[], $11::TEXT[], $12::TEXT[], $13::TEXT[])), \
     seat_rows AS (UPDATE seats SET included_millis = v.included, topup_used_millis = v.used, \
         topup_used_period = v.period \
         FROM unnest($14::BIGINT[], $15::BIGINT[], $16::BIGINT[], $17::TEXT[]) AS v(id, included, used, period) \
         WHERE seats.id = v.id), \
     workspace_rows AS (UPDATE workspaces SET chain_head = v.head, topup_millis = v.topup, \
         topup_used_millis = v.used, topup_used_period = v.period \
         FROM unnest($18::BIGINT[], $19::TEXT[], $20::BIGINT[], $21::BIGINT[], $22::TEXT[]) \
         AS v(id, head, topup, used, period) \
         WHERE workspaces.id = v.id), \
     key_rows AS (INSERT INTO idempotency (workspace_id, seat_id, key, fingerprint, response, created_at) \
         SELECT * FROM unnest($23::BIGINT[], $24::BIGINT[], $25::TEXT[], $26::BYTEA[], $27::TEXT[], $28::TEXT[])) \
     SELECT 1";

/// What was read under the batch's locks.
struct Read {
    /// Locked, by name.
    workspaces: Vec<WsRow>,
    default: Option<String>,
    /// Seats with whether each is its workspace's only active seat.
    seats: Vec<(SeatRow, bool)>,
    /// (workspace id, owner column, key) → (fingerprint, stored response).
    keys: HashMap<(i64, i64, String), (Vec<u8>, String)>,
    /// The transaction's id, to ask after it if the connection goes during COMMIT.
    xact: String,
}

/// Round trip 1: begin, lock, read.
async fn read(client: &Object, jobs: &[Job]) -> Result<Read, StoreError> {
    let (begun, rows) = tokio::join!(
        // Polled in order: each statement is sent on its first poll, so this is the order the
        // server runs them in.
        biased;
        // Generic plans: the batch's statements are the same every time, and planning them
        // anew per execution (PostgreSQL's choice for array parameters) cost more than running
        // them. The transaction's id comes in the same message, to ask after it if the
        // connection goes during COMMIT.
        client.simple_query("BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SELECT pg_current_xact_id()::TEXT"),
        rows(client, jobs, LOCK),
    );
    let xact = begun?
        .iter()
        .find_map(|m| match m {
            SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
            _ => None,
        })
        .ok_or_else(|| StoreError::Internal("BEGIN gave no transaction id".into()))?;
    let rows = rows?;
    Ok(Read { workspaces: rows.workspaces, default: rows.default, seats: rows.seats, keys: rows.keys, xact })
}

/// What one read of rows for some debits found.
struct Found {
    workspaces: Vec<WsRow>,
    default: Option<String>,
    seats: Vec<(SeatRow, bool)>,
    keys: HashMap<(i64, i64, String), (Vec<u8>, String)>,
}

/// The workspaces of `jobs` locked by `lock` ([`LOCK`] or [`LOCK_FREE`]), their named and only
/// seats, and the stored answers of their keys: pipelined, read after the locks.
async fn rows(client: &Object, jobs: &[Job], lock: &str) -> Result<Found, StoreError> {
    let mut names: Vec<&str> = jobs.iter().filter_map(|j| j.req.workspace.as_deref()).collect();
    names.sort_unstable();
    names.dedup();
    let want_default = jobs.iter().any(|j| j.req.workspace.is_none());
    let mut seat_names: Vec<&str> =
        jobs.iter().flat_map(|j| [j.req.seat.as_deref(), j.req.user.as_deref()]).flatten().collect();
    seat_names.sort_unstable();
    seat_names.dedup();
    let mut keys: Vec<&str> = jobs.iter().filter_map(|j| j.req.idempotency_key.as_deref()).collect();
    keys.sort_unstable();
    keys.dedup();

    let (lock, seats, stored) =
        (client.prepare_cached(lock).await?, client.prepare_cached(SEATS).await?, client.prepare_cached(KEYS).await?);
    let lock_args: [&(dyn ToSql + Sync); 2] = [&names, &want_default];
    let seat_args: [&(dyn ToSql + Sync); 3] = [&names, &want_default, &seat_names];
    // Sent back to back: the server runs them in order, so the reads run under the locks.
    let (locked, seat_rows, key_rows) = tokio::join!(
        biased;
        client.query(&lock, &lock_args),
        client.query(&seats, &seat_args),
        async {
            if keys.is_empty() {
                Ok(Vec::new())
            } else {
                client.query(&stored, &[&names, &want_default, &seat_names, &keys]).await
            }
        },
    );
    let locked = locked?;
    let default = locked.first().and_then(|r: &Row| r.get::<_, Option<String>>(db::WS_COL_COUNT));
    Ok(Found {
        workspaces: locked.iter().map(|r| ws_row(r, true)).collect(),
        default,
        seats: seat_rows?.iter().map(|r| (seat_row(r), r.get::<_, bool>(db::SEAT_COL_COUNT))).collect(),
        keys: key_rows?
            .iter()
            .map(|r| ((r.get(0), r.get(1), r.get(2)), (r.get::<_, Vec<u8>>(3), r.get::<_, String>(4))))
            .collect(),
    })
}

/// One debit as decided on the balances read.
enum Decision {
    Answered(Result<Debited, StoreError>),
    Alone,
    /// The same key and request as an earlier debit of this batch: its receipt, replayed.
    ReplayOf(usize),
    Write(Write),
}

impl Decision {
    fn entries(&self) -> i64 {
        match self {
            Decision::Write(w) => w.moves.len() as i64,
            _ => 0,
        }
    }
}

/// A debit that fits: its moves and the balance it leaves.
struct Write {
    ws: usize,
    seat: usize,
    /// (pool, signed amount, balance after).
    moves: Vec<(CreditPool, i64, i64)>,
    balance: credits_core::records::Balance,
    /// (owner column, key, fingerprint) when the debit has a key.
    key: Option<(i64, String, String)>,
}

/// The batch's rows in memory, moved as each debit is decided.
struct Plan {
    read: Read,
    /// (workspace index, owner, key) → (fingerprint, index of the debit that wrote it).
    written_keys: HashMap<(usize, i64, String), (String, usize)>,
    /// Jobs decided so far.
    decided: usize,
}

impl Plan {
    fn new(read: Read) -> Plan {
        Plan { read, written_keys: HashMap::new(), decided: 0 }
    }

    /// Adds what a later read found. Rows already read are kept as they are (a workspace this
    /// batch locked twice, say, or a seat read again): the batch's view of each row is one.
    /// Only workspaces the later read locked are added, so what seats and keys it read of
    /// workspaces another transaction holds are never used.
    fn extend(&mut self, more: Found) {
        let read = &mut self.read;
        if read.default.is_none() {
            read.default = more.default;
        }
        for w in more.workspaces {
            if !read.workspaces.iter().any(|r| r.id == w.id) {
                read.workspaces.push(w);
            }
        }
        for s in more.seats {
            if !read.seats.iter().any(|r| r.0.id == s.0.id) {
                read.seats.push(s);
            }
        }
        for (slot, answer) in more.keys {
            read.keys.entry(slot).or_insert(answer);
        }
    }

    /// The workspace and seat (indexes into what was read) that `req` debits, when both were read.
    fn locate(&self, req: &DebitRequest) -> Option<(usize, usize)> {
        let name = req.workspace.as_deref().or(self.read.default.as_deref())?;
        let ws = self.read.workspaces.iter().position(|w| w.name == name)?;
        let ws_id = self.read.workspaces[ws].id;
        let in_ws = |s: &(SeatRow, bool)| s.0.workspace_id == ws_id;
        let seat = match (req.seat.as_deref(), req.user.as_deref()) {
            (Some(n), _) => self.read.seats.iter().position(|s| in_ws(s) && s.0.name == n),
            (None, user) => user
                .and_then(|u| self.read.seats.iter().position(|s| in_ws(s) && s.0.name == u))
                .or_else(|| self.read.seats.iter().position(|s| in_ws(s) && s.1)),
        }?;
        Some((ws, seat))
    }

    fn decide(&mut self, job: &Job) -> Decision {
        let index = self.decided;
        self.decided += 1;
        let req = &job.req;
        let Some((ws, seat)) = self.locate(req) else {
            return Decision::Alone;
        };
        let (w, s) = (&self.read.workspaces[ws], &self.read.seats[seat].0);
        let fingerprint = debit_fingerprint(&s.name, req.amount, req.memo.as_deref());
        let owner = owner_column(req.key_owner, s.id);
        if let Some(key) = &req.idempotency_key {
            if let Some((fp, first)) = self.written_keys.get(&(ws, owner, key.clone())) {
                return if *fp == fingerprint {
                    Decision::ReplayOf(*first)
                } else {
                    Decision::Answered(Err(reused(key)))
                };
            }
            if let Some((fp, response)) = self.read.keys.get(&(w.id, owner, key.clone())) {
                if fp.as_slice() != fingerprint.as_bytes() {
                    return Decision::Answered(Err(reused(key)));
                }
                return Decision::Answered(
                    stored_receipt::decode(response).map(|receipt| Debited { receipt, replayed: true }),
                );
            }
        }
        let split = match crate::ledger::split(w, s, req.amount) {
            Ok(split) => split,
            Err(e) => return Decision::Answered(Err(e)),
        };
        let mut moves = Vec::with_capacity(2);
        let (mut included, mut topup) = (s.included, w.topup);
        if !split.from_included.is_zero() {
            included -= split.from_included.millis();
            moves.push((CreditPool::Included, -split.from_included.millis(), included));
        }
        if !split.from_topup.is_zero() {
            topup -= split.from_topup.millis();
            moves.push((CreditPool::Topup, -split.from_topup.millis(), topup));
        }
        // The rows in memory move only once the debit is sure to be written: a debit answered
        // with an error here leaves them as they were for the debits after it.
        let (w, s) = (&mut self.read.workspaces[ws], &mut self.read.seats[seat].0);
        let before = (s.included, s.topup_used, s.topup_used_period.clone(), w.topup, w.topup_used);
        let ws_period_before = w.topup_used_period.clone();
        s.included = included;
        w.topup = topup;
        // The month's top-up counters move with the draw (written with the balances; the
        // schema's triggers refuse them past a limit, as the split above already did).
        let balance = match limits::count_draw(w, s, split.from_topup.millis()) {
            None => Err(StoreError::InvalidInput("the month's top-up counter would overflow".into())),
            Some(()) => db::balance(w, s),
        };
        let balance = match balance {
            Ok(b) => b,
            Err(e) => {
                (s.included, s.topup_used, s.topup_used_period, w.topup, w.topup_used) = before;
                w.topup_used_period = ws_period_before;
                return Decision::Answered(Err(e));
            }
        };
        let key = req.idempotency_key.clone().map(|k| {
            self.written_keys.insert((ws, owner, k.clone()), (fingerprint.clone(), index));
            (owner, k, fingerprint)
        });
        Decision::Write(Write { ws, seat, moves, balance, key })
    }

    /// Hashes the entries in chain order and gathers the batch's rows; answers every debit.
    fn write(
        mut self,
        jobs: &[Job],
        decided: Vec<Decision>,
        ids: Vec<i64>,
    ) -> Result<(Rows, Vec<Outcome>), StoreError> {
        let mut rows = Rows::default();
        let mut ids = ids.into_iter();
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(jobs.len());
        let mut receipts: Vec<Option<DebitReceipt>> = Vec::with_capacity(jobs.len());
        let mut touched_seats: Vec<usize> = Vec::new();
        let mut touched_ws: Vec<usize> = Vec::new();
        for (job, decision) in jobs.iter().zip(decided) {
            let (outcome, receipt) = match decision {
                Decision::Answered(answer) => (Outcome::Answered(answer), None),
                Decision::Alone => (Outcome::Alone, None),
                Decision::ReplayOf(first) => match receipts.get(first).cloned().flatten() {
                    Some(receipt) => (Outcome::Answered(Ok(Debited { receipt, replayed: true })), None),
                    None => (Outcome::Alone, None),
                },
                Decision::Write(w) => {
                    let receipt = self.append(&mut rows, &mut ids, job, &w)?;
                    touched_seats.push(w.seat);
                    touched_ws.push(w.ws);
                    if let Some((owner, key, fingerprint)) = w.key {
                        let stored = stored_receipt::encode(&receipt)?;
                        rows.keys.push(self.read.workspaces[w.ws].id, owner, key, fingerprint, stored, job.now);
                    }
                    (Outcome::Answered(Ok(Debited { receipt: receipt.clone(), replayed: false })), Some(receipt))
                }
            };
            outcomes.push(outcome);
            receipts.push(receipt);
        }
        touched_seats.sort_unstable();
        touched_seats.dedup();
        for s in touched_seats {
            let seat = &self.read.seats[s].0;
            rows.seat_ids.push(seat.id);
            rows.seat_included.push(seat.included);
            rows.seat_used.push(seat.topup_used);
            rows.seat_used_period.push(seat.topup_used_period.clone());
        }
        touched_ws.sort_unstable();
        touched_ws.dedup();
        for w in touched_ws {
            let ws = &self.read.workspaces[w];
            rows.ws_ids.push(ws.id);
            rows.ws_heads.push(ws.chain_head.clone());
            rows.ws_topups.push(ws.topup);
            rows.ws_used.push(ws.topup_used);
            rows.ws_used_period.push(ws.topup_used_period.clone());
        }
        Ok((rows, outcomes))
    }

    /// The debit's entries, hashed onto its workspace's chain.
    fn append(
        &mut self,
        rows: &mut Rows,
        ids: &mut impl Iterator<Item = i64>,
        job: &Job,
        w: &Write,
    ) -> Result<DebitReceipt, StoreError> {
        let time = fmt_time(job.now);
        let actor = job.req.actor.to_string();
        let reference = job.req.idempotency_key.as_deref();
        let memo = job.req.memo.as_deref();
        let seat = &self.read.seats[w.seat].0;
        let ws = &mut self.read.workspaces[w.ws];
        let mut entries = Vec::with_capacity(w.moves.len());
        for &(pool, amount, after) in &w.moves {
            let id = ids.next().ok_or_else(|| StoreError::Internal("ran out of journal ids".into()))?;
            let fields = ChainFields {
                id,
                workspace: &ws.name,
                seat: Some(&seat.name),
                pool: pool.as_str(),
                kind: EntryKind::Debit.as_str(),
                amount_millis: amount,
                balance_after_millis: after,
                period: &ws.period,
                reference,
                memo,
                time: &time,
                actor: Some(&actor),
            };
            ws.chain_head = entry_hash(&ws.chain_head, &fields);
            rows.journal.push(JournalRow {
                id,
                workspace_id: ws.id,
                seat_id: seat.id,
                pool: pool.as_str(),
                amount,
                after,
                period: ws.period.clone(),
                reference: reference.map(str::to_owned),
                memo: memo.map(str::to_owned),
                time: time.clone(),
                hash: ws.chain_head.clone(),
                actor: actor.clone(),
            });
            entries.push(Entry {
                id,
                time: time.clone(),
                workspace: ws.name.clone(),
                seat: Some(seat.name.clone()),
                pool,
                kind: EntryKind::Debit,
                amount: Credits::from_millis(amount),
                balance_after: Credits::from_millis(after),
                period: ws.period.clone(),
                reference: reference.map(str::to_owned),
                memo: memo.map(str::to_owned),
                actor: Some(job.req.actor.clone()),
            });
        }
        Ok(DebitReceipt { entries, balance: w.balance.clone() })
    }
}

fn reused(key: &str) -> StoreError {
    StoreError::Idempotency(format!("idempotency key '{key}' was already used for a different request; use a new key"))
}

struct JournalRow {
    id: i64,
    workspace_id: i64,
    seat_id: i64,
    pool: &'static str,
    amount: i64,
    after: i64,
    period: String,
    reference: Option<String>,
    memo: Option<String>,
    time: String,
    hash: String,
    actor: String,
}

/// New idempotency rows, column by column.
#[derive(Default)]
struct KeyRows {
    workspace_ids: Vec<i64>,
    owners: Vec<i64>,
    keys: Vec<String>,
    fingerprints: Vec<Vec<u8>>,
    responses: Vec<String>,
    created: Vec<String>,
}

impl KeyRows {
    fn push(&mut self, ws: i64, owner: i64, key: String, fingerprint: String, response: String, now: Timestamp) {
        self.workspace_ids.push(ws);
        self.owners.push(owner);
        self.keys.push(key);
        self.fingerprints.push(fingerprint.into_bytes());
        self.responses.push(response);
        self.created.push(fmt_time(now));
    }
}

/// Everything the batch writes.
#[derive(Default)]
struct Rows {
    journal: Vec<JournalRow>,
    seat_ids: Vec<i64>,
    seat_included: Vec<i64>,
    seat_used: Vec<i64>,
    seat_used_period: Vec<Option<String>>,
    ws_ids: Vec<i64>,
    ws_heads: Vec<String>,
    ws_topups: Vec<i64>,
    ws_used: Vec<i64>,
    ws_used_period: Vec<Option<String>>,
    keys: KeyRows,
}

impl Rows {
    /// Round trip 3: the rows, then COMMIT. Any failure leaves the transaction rolled back.
    async fn send(self, client: &Object) -> Result<(), StoreError> {
        let j = &self.journal;
        let col = |f: fn(&JournalRow) -> i64| j.iter().map(f).collect::<Vec<i64>>();
        let (ids, ws_ids, amounts, afters) =
            (col(|r| r.id), col(|r| r.workspace_id), col(|r| r.amount), col(|r| r.after));
        let seat_ids: Vec<Option<i64>> = j.iter().map(|r| Some(r.seat_id)).collect();
        let pools: Vec<&str> = j.iter().map(|r| r.pool).collect();
        let kinds: Vec<&str> = j.iter().map(|_| EntryKind::Debit.as_str()).collect();
        let periods: Vec<&str> = j.iter().map(|r| r.period.as_str()).collect();
        let refs: Vec<Option<&str>> = j.iter().map(|r| r.reference.as_deref()).collect();
        let memos: Vec<Option<&str>> = j.iter().map(|r| r.memo.as_deref()).collect();
        let times: Vec<&str> = j.iter().map(|r| r.time.as_str()).collect();
        let hashes: Vec<&str> = j.iter().map(|r| r.hash.as_str()).collect();
        let actors: Vec<&str> = j.iter().map(|r| r.actor.as_str()).collect();
        let k = &self.keys;
        let write = client.prepare_cached(WRITE).await?;
        let args: [&(dyn ToSql + Sync); 28] = [
            &ids,
            &ws_ids,
            &seat_ids,
            &pools,
            &kinds,
            &amounts,
            &afters,
            &periods,
            &refs,
            &memos,
            &times,
            &hashes,
            &actors,
            &self.seat_ids,
            &self.seat_included,
            &self.seat_used,
            &self.seat_used_period,
            &self.ws_ids,
            &self.ws_heads,
            &self.ws_topups,
            &self.ws_used,
            &self.ws_used_period,
            &k.workspace_ids,
            &k.owners,
            &k.keys,
            &k.fingerprints,
            &k.responses,
            &k.created,
        ];
        let (written, committed) = tokio::join!(
            // Polled in order: each statement is sent on its first poll, so this is the order the
            // server runs them in.
            biased;
            client.query(&write, &args),
            client.batch_execute("COMMIT"),
        );
        // A statement that failed aborted the transaction, and the COMMIT behind it rolled back:
        // only when the write succeeded did the batch commit. (No check may fail after a
        // successful COMMIT: the caller runs a failed batch's debits again, one by one.)
        written?;
        Ok(committed?)
    }
}

/// Faults a test can ask for.
#[cfg(feature = "testing")]
pub mod testing {
    use std::sync::atomic::AtomicBool;

    /// The next batch that commits acts as if the answer to its COMMIT never came.
    pub static LOSE_NEXT_COMMIT_ANSWER: AtomicBool = AtomicBool::new(false);
}
