//! Row lock vs SERIALIZABLE for a debit, measured side by side on a private server: N tasks (each
//! its own connection) debit workspaces that are one row each (balance + chain head), every
//! debit appending an entry linked to the previous head. (a) `SELECT … FOR UPDATE` under READ
//! COMMITTED; (b) SERIALIZABLE with a plain `SELECT`, retried on SQLSTATE 40001. Prints debits/s,
//! retries and p99 per variant at 1, 8 and 64 tasks over 1 and 64 workspaces, and checks that
//! every committed debit is in the entries, chained.
//!
//! `cargo run --release -p credits-pg --example locking -- [SECONDS]` (default 2 s per cell).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use credits_pg::testing::PgServer;
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, IsolationLevel, NoTls};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Variant {
    RowLock,
    Serializable,
}

impl Variant {
    fn label(self) -> &'static str {
        match self {
            Variant::RowLock => "FOR UPDATE, READ COMMITTED",
            Variant::Serializable => "SERIALIZABLE, retry on 40001",
        }
    }
}

/// What one task did: committed debits' latencies (retries included) and its retries.
#[derive(Default)]
struct Tally {
    nanos: Vec<u64>,
    retries: u64,
}

const SCHEMA: &str = "
    DROP TABLE IF EXISTS entries, ws;
    CREATE TABLE ws (id INT PRIMARY KEY, balance BIGINT NOT NULL, head BIGINT NOT NULL);
    CREATE TABLE entries (id BIGSERIAL PRIMARY KEY, ws INT NOT NULL, amount BIGINT NOT NULL, prev BIGINT NOT NULL);";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seconds: f64 = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(2.0);
    let server = PgServer::start()?;
    let db = "locking";
    server.create_database(db)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    println!(
        "locking: {seconds} s per cell, nproc {}, private PostgreSQL (fsync off)",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    );
    println!("| variant | tasks | workspaces | debits/s | retries | retries/debit | p50 | p99 |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for workspaces in [1, 64] {
        for tasks in [1, 8, 64] {
            for variant in [Variant::RowLock, Variant::Serializable] {
                server.execute(db, SCHEMA)?;
                server.execute(
                    db,
                    &format!("INSERT INTO ws SELECT g, 1000000000, 0 FROM generate_series(0, {}) g", workspaces - 1),
                )?;
                let (tally, elapsed) =
                    rt.block_on(run(&server, db, variant, tasks, workspaces, Duration::from_secs_f64(seconds)))?;
                let committed = tally.nanos.len() as u64;
                rt.block_on(check(&server, db, committed))?;
                let mut nanos = tally.nanos;
                nanos.sort_unstable();
                let at = |q: f64| {
                    let i = ((nanos.len() as f64 * q).ceil() as usize).clamp(1, nanos.len().max(1)) - 1;
                    nanos.get(i).map_or(0.0, |n| *n as f64 / 1e6)
                };
                println!(
                    "| {} | {tasks} | {workspaces} | {:.0} | {} | {:.3} | {:.2} ms | {:.2} ms |",
                    variant.label(),
                    committed as f64 / elapsed.as_secs_f64(),
                    tally.retries,
                    tally.retries as f64 / committed.max(1) as f64,
                    at(0.50),
                    at(0.99)
                );
            }
        }
    }
    Ok(())
}

/// `tasks` tasks debiting for `duration`, task `t` in workspace `t % workspaces`.
async fn run(
    server: &PgServer,
    db: &str,
    variant: Variant,
    tasks: usize,
    workspaces: usize,
    duration: Duration,
) -> Result<(Tally, Duration), Box<dyn std::error::Error>> {
    let mut clients = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        let (client, conn) = server.config(db).connect(NoTls).await?;
        tokio::spawn(conn);
        clients.push(client);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let handles: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(t, mut client)| {
            let stop = stop.clone();
            let ws = (t % workspaces) as i32;
            tokio::spawn(async move {
                let mut tally = Tally::default();
                while !stop.load(Ordering::Relaxed) {
                    let t0 = Instant::now();
                    loop {
                        match debit(&mut client, variant, ws).await {
                            Ok(()) => break,
                            Err(e) if variant == Variant::Serializable && is_retryable(&e) => tally.retries += 1,
                            Err(e) => return Err(e),
                        }
                    }
                    tally.nanos.push(t0.elapsed().as_nanos() as u64);
                }
                Ok(tally)
            })
        })
        .collect();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Tally::default();
    for h in handles {
        let t = h.await??;
        all.nanos.extend(t.nanos);
        all.retries += t.retries;
    }
    Ok((all, start.elapsed()))
}

/// One debit of 1: read the workspace's balance and chain head, append an entry linked to the
/// head, move the balance and the head, commit.
async fn debit(client: &mut Client, variant: Variant, ws: i32) -> Result<(), tokio_postgres::Error> {
    let (level, select) = match variant {
        Variant::RowLock => (IsolationLevel::ReadCommitted, "SELECT balance, head FROM ws WHERE id = $1 FOR UPDATE"),
        Variant::Serializable => (IsolationLevel::Serializable, "SELECT balance, head FROM ws WHERE id = $1"),
    };
    let tx = client.build_transaction().isolation_level(level).start().await?;
    let row = tx.query_one(select, &[&ws]).await?;
    let (balance, head): (i64, i64) = (row.get(0), row.get(1));
    let id: i64 = tx
        .query_one("INSERT INTO entries (ws, amount, prev) VALUES ($1, 1, $2) RETURNING id", &[&ws, &head])
        .await?
        .get(0);
    tx.execute("UPDATE ws SET balance = $2, head = $3 WHERE id = $1", &[&ws, &(balance - 1), &id]).await?;
    tx.commit().await
}

/// A serialization failure (or a deadlock) that a retry may pass.
fn is_retryable(e: &tokio_postgres::Error) -> bool {
    e.code().is_some_and(|c| *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED)
}

/// Every committed debit is an entry; each workspace's entries form one chain ending at its head,
/// and its balance fell by exactly its entries.
async fn check(server: &PgServer, db: &str, committed: u64) -> Result<(), Box<dyn std::error::Error>> {
    let (client, conn) = server.config(db).connect(NoTls).await?;
    tokio::spawn(conn);
    let entries: i64 = client.query_one("SELECT count(*) FROM entries", &[]).await?.get(0);
    if entries as u64 != committed {
        return Err(format!("{committed} debits committed, {entries} entries").into());
    }
    // A fork (two entries on one prev) or a lost update shows here.
    let bad: i64 = client
        .query_one(
            "SELECT count(*) FROM ws w WHERE w.balance + (SELECT count(*) FROM entries e WHERE e.ws = w.id) <> 1000000000
                OR (SELECT count(DISTINCT prev) FROM entries e WHERE e.ws = w.id)
                   <> (SELECT count(*) FROM entries e WHERE e.ws = w.id)",
            &[],
        )
        .await?
        .get(0);
    if bad != 0 {
        return Err(format!("{bad} workspaces with a forked chain or a lost update").into());
    }
    Ok(())
}
