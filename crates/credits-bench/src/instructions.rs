//! Instructions the daemon executes per request, counted by valgrind's callgrind. Timings on a
//! shared 2-core machine swing by a third between runs; an instruction count moves by a few
//! tenths of a percent, so it is the before/after measure of a change on the request path. The
//! daemon runs under valgrind (every thread on one core, so groups of debits are small and each
//! group's commit weighs more than at full speed; SHA-256 without the CPU's SHA instructions, so
//! the hash chain weighs more than natively), counters are zeroed after a warm-up and dumped
//! after each case. Skipped where valgrind is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::daemon::Daemon;
use crate::load::Debit;
use crate::options::Options;
use crate::report::Report;
use crate::socket_load::{Batches, Conn, HelloOnly};
use crate::table::Row;

/// Clients sending at once: enough that debits meet in the writer's groups.
const CLIENTS: usize = 8;
/// Events in each `spend_batch` of the batch case.
const BATCH: usize = 100;

#[derive(Clone, Copy)]
enum Kind {
    Hello,
    Spend { keys: bool },
    Batch,
}

impl Kind {
    fn label(self) -> String {
        match self {
            Kind::Hello => format!("`hello`, {CLIENTS} clients (per request)"),
            Kind::Spend { keys: false } => format!("`spend`, {CLIENTS} clients (per debit)"),
            Kind::Spend { keys: true } => format!("`spend` with an idempotency key, {CLIENTS} clients (per debit)"),
            Kind::Batch => format!("`spend_batch` of {BATCH}, {CLIENTS} clients (per debit)"),
        }
    }

    /// Requests each client sends: about the same number of debits in every case.
    fn per_client(self, quick: bool) -> usize {
        match (self, quick) {
            (_, true) => 3,
            (Kind::Batch, false) => 5,
            (_, false) => 250,
        }
    }

    fn debits_per_request(self) -> u64 {
        if matches!(self, Kind::Batch) { BATCH as u64 } else { 1 }
    }

    fn connect(self, socket: &Path) -> anyhow::Result<Box<dyn Debit>> {
        let conn = Conn::connect(socket)?;
        Ok(match self {
            Kind::Hello => Box::new(HelloOnly(conn)),
            Kind::Spend { .. } => Box::new(conn),
            Kind::Batch => Box::new(Batches { conn, size: BATCH }),
        })
    }
}

/// The `instructions` rows: one per kind of request.
pub fn instruction_rows(o: &Options, bin: &Path, report: &mut Report) -> anyhow::Result<()> {
    if !found("valgrind") || !found("callgrind_control") {
        eprintln!("instructions: valgrind (with callgrind_control) is not installed; skipped");
        report.push(Row {
            section: "instructions",
            case: "skipped, valgrind is not installed".into(),
            ..Row::default()
        });
        return Ok(());
    }
    let home = tempfile::Builder::new().prefix("credits-bench-callgrind-").tempdir()?;
    let out = home.path().join("callgrind.out");
    // valgrind's control pipes in the temporary directory too, so none is left in /tmp.
    let vgdb = format!("--vgdb-prefix={}", home.path().join("vgdb").display());
    let wrapper = [
        "valgrind".to_owned(),
        "--tool=callgrind".into(),
        "--dump-instr=no".into(),
        vgdb.clone(),
        format!("--callgrind-out-file={}", out.display()),
    ];
    let daemon = Daemon::start_wrapped(bin, &wrapper)?;
    eprintln!("instructions: daemon under callgrind, pid {}", daemon.pid());
    let kinds = [Kind::Hello, Kind::Spend { keys: false }, Kind::Spend { keys: true }, Kind::Batch];
    for (n, kind) in kinds.into_iter().enumerate() {
        // Statement caches, buffers and the runtime's threads warm up outside the count.
        load(&daemon.socket, kind, 2, 2, &format!("warm{n}"))?;
        control(&daemon, &vgdb, "-z")?;
        let per = kind.per_client(o.quick);
        load(&daemon.socket, kind, CLIENTS, per, &format!("case{n}"))?;
        control(&daemon, &vgdb, "-d")?;
        let total = newest_total(&out)?;
        let debits = (CLIENTS * per) as u64 * kind.debits_per_request();
        let each = total / debits.max(1);
        eprintln!("instructions: {}: {each}", kind.label());
        report.push(Row {
            section: "instructions",
            case: kind.label(),
            value: Some(format!("{} instructions", crate::table::fmt_rate(each as f64))),
            ratio: Some(format!("{} requests", crate::table::fmt_rate((CLIENTS * per) as f64))),
            ..Row::default()
        });
    }
    Ok(())
}

fn found(tool: &str) -> bool {
    Command::new(tool).arg("--help").output().is_ok_and(|o| o.status.success())
}

/// `clients` connections each sending `per` requests of `kind`, one at a time; every answer is
/// checked (a refused debit fails the case).
fn load(socket: &Path, kind: Kind, clients: usize, per: usize, tag: &str) -> anyhow::Result<()> {
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let socket = socket.to_owned();
            let tag = format!("icount-{tag}-{c}");
            thread::spawn(move || -> anyhow::Result<()> {
                let mut conn = kind.connect(&socket)?;
                for i in 0..per {
                    let key = format!("{tag}-{i}");
                    let key = matches!(kind, Kind::Spend { keys: true }).then_some(key.as_str());
                    conn.debit(i as u64 + 1, key)?;
                }
                Ok(())
            })
        })
        .collect();
    for w in workers {
        w.join().map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
    }
    Ok(())
}

/// Runs `callgrind_control <flag> <pid>` (`-z` zeroes the counters, `-d` dumps them). valgrind
/// names its control pipes after the user it runs as, so this runs as the daemon's user too.
fn control(daemon: &Daemon, vgdb: &str, flag: &str) -> anyhow::Result<()> {
    let out = Command::new("callgrind_control")
        .env("USER", crate::daemon::USER)
        .args([vgdb, flag])
        .arg(daemon.pid().to_string())
        .output()
        .context("cannot run callgrind_control")?;
    if !out.status.success() {
        bail!("callgrind_control {flag} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

/// The instruction total of the newest dump (`<out>.<n>`, numbered from 1), waiting briefly for
/// valgrind to finish writing it.
fn newest_total(out: &Path) -> anyhow::Result<u64> {
    let dir = out.parent().context("no directory for callgrind's output")?;
    let prefix = format!("{}.", out.file_name().and_then(|n| n.to_str()).unwrap_or_default());
    for _ in 0..200 {
        let newest: Option<(u32, PathBuf)> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let n: u32 = name.strip_prefix(&prefix)?.parse().ok()?;
                Some((n, e.path()))
            })
            .max();
        if let Some((_, path)) = newest {
            let text = std::fs::read_to_string(&path)?;
            let total = text.lines().find_map(|l| l.strip_prefix("totals:").or_else(|| l.strip_prefix("summary:")));
            if let Some(total) = total {
                return total
                    .split_whitespace()
                    .next()
                    .context("an empty callgrind total")?
                    .parse()
                    .context("a callgrind total");
            }
        }
        thread::sleep(Duration::from_millis(50));
    }
    bail!("callgrind wrote no dump in {}", dir.display())
}
