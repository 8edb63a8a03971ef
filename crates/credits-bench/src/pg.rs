//! The PostgreSQL rows: debits over the socket through real daemons whose store is a private
//! PostgreSQL server (`credits_pg::testing`, initdb in a temp dir, Unix socket only, fsync on
//! so commits are as durable as the SQLite rows' `synchronous=FULL`), one or
//! three daemons (separate homes) on one database, one or 64 workspaces. Each setup gets a
//! database of its own, and afterwards its journal must hold exactly one debit entry per
//! acknowledged debit, so no row can report lost work.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};
use credits_pg::testing::PgServer;

use crate::daemon::{Daemon, WORKSPACE};
use crate::load::{self, Counted};
use crate::options::Options;
use crate::report::Report;
use crate::socket_load::{Conn, InWorkspace};
use crate::stats::{Run, Summary, median_f64};
use crate::table::{Row, fmt_duration, fmt_rate};

/// One measured configuration.
#[derive(Debug, Clone, Copy)]
struct Setup {
    daemons: usize,
    clients: usize,
    workspaces: usize,
}

impl Setup {
    fn label(self) -> String {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        format!(
            "PostgreSQL (fsync on), {} daemon{}, {} client{}, {} workspace{}",
            self.daemons,
            s(self.daemons),
            self.clients,
            s(self.clients),
            self.workspaces,
            s(self.workspaces)
        )
    }
}

const SETUPS: [Setup; 5] = [
    Setup { daemons: 1, clients: 1, workspaces: 1 },
    Setup { daemons: 1, clients: 64, workspaces: 1 },
    Setup { daemons: 3, clients: 64, workspaces: 1 },
    Setup { daemons: 1, clients: 64, workspaces: 64 },
    Setup { daemons: 3, clients: 64, workspaces: 64 },
];

/// Runs every setup `o.reps` times on a private server; without PostgreSQL, one row says the
/// section was skipped and stderr says why.
pub fn pg_rows(o: &Options, bin: &Path, report: &mut Report) -> anyhow::Result<()> {
    let server = match PgServer::start_durable() {
        Ok(s) => s,
        Err(why) => {
            eprintln!("pg: skipped: PostgreSQL could not start: {why}");
            let first: String = why.lines().next().unwrap_or_default().chars().take(100).collect();
            report.push(Row {
                section: "pg",
                case: format!("skipped, PostgreSQL could not start: {first}"),
                ..Row::default()
            });
            return Ok(());
        }
    };
    for (i, setup) in SETUPS.into_iter().enumerate() {
        if o.case.as_deref().is_some_and(|c| !setup.label().contains(c)) {
            continue;
        }
        let m =
            measure(o, bin, &server, &format!("bench_{i}"), setup).with_context(|| format!("pg: {}", setup.label()))?;
        let (s, verified, transactions) = (m.summary, m.acked, m.transactions);
        let lat = s.latency.unwrap_or_default();
        let ratio = [
            s.cpu_per_op.map(|c| format!("daemon CPU {}/op", fmt_duration(c))),
            m.server_cpu.map(|c| format!("server CPU {}/op", fmt_duration(c))),
            Some(format!(
                "{} debits, all in the journal, {:.1} per transaction",
                fmt_rate(verified as f64),
                verified as f64 / transactions.max(1) as f64
            )),
        ];
        report.push(Row {
            section: "pg",
            case: setup.label(),
            rate: Some(s.rate),
            value: Some(fmt_duration(lat.p50)),
            p99: Some(lat.p99),
            p999: Some(lat.p999),
            ratio: Some(ratio.into_iter().flatten().collect::<Vec<_>>().join(", ")),
            ..Row::default()
        });
    }
    Ok(())
}

/// What one setup measured.
struct Measured {
    summary: Summary,
    /// Debits acknowledged, all found in the journal.
    acked: u64,
    /// Transactions that wrote them.
    transactions: u64,
    /// The median of the server's CPU per debit over the runs.
    server_cpu: Option<Duration>,
}

/// One setup on a new database `db`.
fn measure(o: &Options, bin: &Path, server: &PgServer, db: &str, setup: Setup) -> anyhow::Result<Measured> {
    let url = server.create_database(db).map_err(anyhow::Error::msg)?;
    let vars = [("STUDIO_CREDITS_STORE", url.as_str())];
    // The first daemon creates the workspaces; the others join the same database.
    let mut daemons = vec![Daemon::start_with_env(bin, |_| Ok(()), None, &vars, "")?];
    for _ in 1..setup.daemons {
        daemons.push(Daemon::join(bin, &vars)?);
    }
    let workspaces: Vec<String> =
        (0..setup.workspaces).map(|w| if w == 0 { WORKSPACE.to_owned() } else { format!("{WORKSPACE}-{w}") }).collect();
    for w in &workspaces[1..] {
        daemons[0].cli(&["workspace", "add", w, "--plan", "bench"])?;
    }
    eprintln!("pg: {} on database {db}", setup.label());
    let acked = Arc::new(AtomicU64::new(0));
    let mut runs = Vec::with_capacity(o.reps);
    let mut server_cpu = Vec::with_capacity(o.reps);
    for rep in 0..o.reps {
        let conns = (0..setup.clients)
            .map(|c| {
                let conn = Conn::connect(&daemons[c % daemons.len()].socket)?;
                let inner = InWorkspace { conn, workspace: workspaces[c % workspaces.len()].clone() };
                Ok(Counted { inner, acked: acked.clone() })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let cpu0 = cpu_time(&daemons);
        let server0 = server_cpu_time(server);
        let before = acked.load(Ordering::Relaxed);
        let mut run: Run = load::closed_loop(conns, o.load_time(), false)?;
        let ops = acked.load(Ordering::Relaxed) - before;
        run.cpu_per_op =
            cpu_time(&daemons).zip(cpu0).filter(|_| ops > 0).map(|(b, a)| b.saturating_sub(a).div_f64(ops as f64));
        if let Some((b, a)) = server_cpu_time(server).zip(server0).filter(|_| ops > 0) {
            server_cpu.push(b.saturating_sub(a).as_secs_f64() / ops as f64);
        }
        eprintln!("pg: {} (run {}): {:.0}/s", setup.label(), rep + 1, run.rate);
        runs.push(run);
    }
    let acked = acked.load(Ordering::Relaxed);
    let (in_journal, transactions) = journal_debits(server, db)?;
    if in_journal != acked {
        bail!("{acked} debits were acknowledged, the journal of {db} holds {in_journal}");
    }
    let verify = daemons[0].cli(&["verify"])?;
    if verify["ok"] != true {
        bail!("`verify` found problems in {db}: {verify}");
    }
    let server_cpu = (!server_cpu.is_empty()).then(|| Duration::from_secs_f64(median_f64(server_cpu)));
    Ok(Measured { summary: Summary::of(&runs), acked, transactions, server_cpu })
}

/// CPU time used so far by the server: the postmaster and the processes it started (backends,
/// WAL writer, checkpointer…; one that exited is counted only once the postmaster reaped it).
/// `None` where `/proc` cannot tell.
fn server_cpu_time(server: &PgServer) -> Option<Duration> {
    let postmaster = server.pid()?;
    // utime, stime, cutime, cstime: fields 14-17 of /proc/PID/stat, after the `(comm)`.
    let ticks = |stat: &str, from: usize, to: usize| -> Option<u64> {
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        (from..=to).map(|i| fields.get(i - 3)?.parse::<u64>().ok()).sum()
    };
    let parent = |stat: &str| -> Option<u32> { stat[stat.rfind(')')? + 2..].split_whitespace().nth(1)?.parse().ok() };
    let mut ticks_total = ticks(&std::fs::read_to_string(format!("/proc/{postmaster}/stat")).ok()?, 14, 17)?;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        if parent(&stat) == Some(postmaster) {
            ticks_total += ticks(&stat, 14, 15).unwrap_or(0);
        }
    }
    // Linux reports these in clock ticks of 1/100 s (USER_HZ).
    Some(Duration::from_millis(ticks_total * 10))
}

/// CPU time used so far by all the daemons together.
fn cpu_time(daemons: &[Daemon]) -> Option<Duration> {
    daemons.iter().map(Daemon::cpu_time).sum()
}

/// The number of debit entries in the journal of database `db`, read straight from the server,
/// and of the transactions that wrote them (how well the daemons' group commit did).
fn journal_debits(server: &PgServer, db: &str) -> anyhow::Result<(u64, u64)> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(async {
        let (client, conn) =
            server.config(db).connect(tokio_postgres::NoTls).await.with_context(|| format!("connect to {db}"))?;
        let conn = tokio::spawn(conn);
        let row = client
            .query_one("SELECT count(*), count(DISTINCT xmin::TEXT) FROM journal WHERE kind = 'debit'", &[])
            .await?;
        let (n, transactions): (i64, i64) = (row.get(0), row.get(1));
        drop(client);
        let _ = conn.await;
        Ok((u64::try_from(n)?, u64::try_from(transactions)?))
    })
}
