//! The floor: what this disk and SQLite can do at best. Debit-like journal rows plus a cached
//! balance update, appended in-process with the daemon's durability settings (WAL,
//! `synchronous=FULL`), N rows per transaction. No daemon, no IPC, no JSON, no hash chain.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use rusqlite::{Connection, params};

use crate::stats::{Percentiles, Run};

/// The journal's shape (columns and index as in the ledger's migration) and one cached balance.
const SCHEMA: &str = "
CREATE TABLE journal (
    id                   INTEGER PRIMARY KEY,
    workspace_id         INTEGER NOT NULL,
    seat_id              INTEGER,
    pool                 TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    amount_millis        INTEGER NOT NULL,
    balance_after_millis INTEGER NOT NULL,
    period               TEXT NOT NULL,
    ref                  TEXT,
    memo                 TEXT,
    time                 TEXT NOT NULL,
    hash                 TEXT NOT NULL
);
CREATE INDEX journal_by_workspace ON journal (workspace_id, id);
CREATE TABLE balances (id INTEGER PRIMARY KEY, millis INTEGER NOT NULL);
INSERT INTO balances (id, millis) VALUES (1, 9223372036854775807);
";

/// An open floor database in `dir`.
pub struct Floor {
    conn: Connection,
    next_id: i64,
}

impl Floor {
    pub fn open(dir: &Path) -> anyhow::Result<Floor> {
        let conn = Connection::open(dir.join("floor.db")).context("open the floor database")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Floor { conn, next_id: 1 })
    }

    /// Appends rows in transactions of `batch` for at least `duration` (and at least one
    /// transaction); returns rows per second and the latency of each transaction (begin to
    /// durable commit).
    pub fn run(&mut self, batch: usize, duration: Duration) -> anyhow::Result<Run> {
        let hash = "5f".repeat(32);
        let time = "2026-11-24T10:00:00.000Z";
        let cpu0 = thread_cpu();
        let start = Instant::now();
        let mut rows = 0u64;
        let mut lat = Vec::new();
        loop {
            let t0 = Instant::now();
            let tx = self.conn.transaction()?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, period, ref, memo, time, hash)
                     VALUES (?1, 1, 1, 'included', 'debit', -1, ?2, '2026-11', NULL, NULL, ?3, ?4)",
                )?;
                let mut update = tx.prepare_cached("UPDATE balances SET millis = millis - 1 WHERE id = 1")?;
                for _ in 0..batch {
                    insert.execute(params![self.next_id, 1_000_000_000 - self.next_id, time, hash])?;
                    update.execute([])?;
                    self.next_id += 1;
                }
            }
            tx.commit()?;
            lat.push(t0.elapsed().as_nanos() as u64);
            rows += batch as u64;
            if start.elapsed() >= duration {
                break;
            }
        }
        let cpu = thread_cpu().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
        Ok(Run {
            rate: rows as f64 / start.elapsed().as_secs_f64(),
            latency: Percentiles::of(&mut lat),
            cpu_per_op: cpu.map(|c| c / rows.max(1) as u32),
        })
    }
}

/// The ledger's own debit (`credits_store::ledger::debit`: lookups, hash chain, cached balance,
/// receipt) in-process on the daemon's schema and pragmas, run as the writer runs consecutive
/// debits (`ledger::debit_run`), `batch` per transaction: the ledger code's cost without IPC or
/// JSON-RPC.
pub struct LedgerInProcess {
    _dir: tempfile::TempDir,
    conn: Connection,
    keyed: u64,
}

impl LedgerInProcess {
    pub fn open() -> anyhow::Result<LedgerInProcess> {
        use credits_core::{Cents, Credits, Plan, PlanCatalogue};
        let dir = tempfile::Builder::new().prefix("credits-bench-ledger-").tempdir()?;
        let db = credits_store::open(&dir.path().join("credits.db"))?;
        let conn = db.connect_writer()?;
        let mut plans = PlanCatalogue::default().all().to_vec();
        plans.push(Plan {
            name: "bench".into(),
            price_cents: Cents::new(0),
            included: Credits::from_millis(1_000_000_000 * Credits::SCALE),
        });
        let catalogue = PlanCatalogue::new(plans);
        credits_store::workspace::create(
            &conn,
            crate::daemon::WORKSPACE,
            "bench",
            "UTC",
            crate::daemon::USER,
            &catalogue,
            &credits_core::Actor::Daemon,
            jiff::Timestamp::now(),
        )?;
        Ok(LedgerInProcess { _dir: dir, conn, keyed: 0 })
    }

    pub fn run(&mut self, batch: usize, duration: Duration, keys: bool) -> anyhow::Result<Run> {
        let amount = credits_core::Credits::parse(crate::socket_load::AMOUNT)?;
        let cpu0 = thread_cpu();
        let start = Instant::now();
        let mut rows = 0u64;
        let mut lat = Vec::new();
        loop {
            let t0 = Instant::now();
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            let now = jiff::Timestamp::now();
            let reqs: Vec<credits_store::ledger::DebitRequest> = (0..batch)
                .map(|_| {
                    self.keyed += 1;
                    credits_store::ledger::DebitRequest {
                        workspace: Some(crate::daemon::WORKSPACE.into()),
                        seat: None,
                        user: Some(crate::daemon::USER.into()),
                        amount,
                        memo: None,
                        idempotency_key: keys.then(|| format!("k{}", self.keyed)),
                        key_owner: Default::default(),
                        actor: credits_core::Actor::Daemon,
                    }
                })
                .collect();
            let run: Vec<_> = reqs.iter().map(|r| (r, now)).collect();
            for result in credits_store::ledger::debit_run(&self.conn, &run)? {
                result?;
            }
            self.conn.execute_batch("COMMIT")?;
            lat.push(t0.elapsed().as_nanos() as u64);
            rows += batch as u64;
            if start.elapsed() >= duration {
                break;
            }
        }
        let cpu = thread_cpu().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
        Ok(Run {
            rate: rows as f64 / start.elapsed().as_secs_f64(),
            latency: Percentiles::of(&mut lat),
            cpu_per_op: cpu.map(|c| c / rows.max(1) as u32),
        })
    }
}

/// CPU time this thread has run; `None` where Linux's `schedstat` is missing.
fn thread_cpu() -> Option<Duration> {
    crate::stats::schedstat_cpu(std::path::Path::new("/proc/thread-self/schedstat"))
}
