//! The sections that are not socket or HTTP loads: the SQLite floor, the ledger in-process, the
//! CLI against process start, the rollover and the daemon's memory.

use std::path::Path;
use std::time::Duration;

use crate::daemon::Daemon;
use crate::options::Options;
use crate::report::Report;
use crate::stats::{Summary, median_duration};
use crate::table::{Row, fmt_duration, fmt_mb, fmt_rate};
use crate::{cli, export, floor, rollover};

/// The floor rows; returns the best batched rate, the yardstick of the daemon's rows.
pub fn floor_rows(o: &Options, report: &mut Report) -> anyhow::Result<Option<f64>> {
    let dir = tempfile::Builder::new().prefix("credits-bench-floor-").tempdir()?;
    let mut floor = floor::Floor::open(dir.path())?;
    let mut best: Option<f64> = None;
    for batch in [1usize, 100, 1000] {
        let runs = (0..o.reps).map(|_| floor.run(batch, o.load_time())).collect::<anyhow::Result<Vec<_>>>()?;
        let s = Summary::of(&runs);
        eprintln!("floor: {batch} per transaction: {:.0}/s", s.rate);
        if batch > 1 {
            best = Some(best.map_or(s.rate, |b: f64| b.max(s.rate)));
        }
        // Latency is per transaction: for a batch of 1, the cost of one durable commit.
        let lat = s.latency.unwrap_or_default();
        report.push(Row {
            section: "floor",
            case: format!("in-process rusqlite, {batch} per transaction (latency per transaction)"),
            rate: Some(s.rate),
            value: Some(fmt_duration(lat.p50)),
            p99: Some(lat.p99),
            p999: Some(lat.p999),
            ratio: s.cpu_per_op.map(|c| format!("CPU {}/row", fmt_duration(c))),
            ..Row::default()
        });
    }
    Ok(best)
}

/// The ledger's debit in-process: what the ledger code costs without the transport.
/// The in-process ledger's debits per second without keys (what batches are measured against).
pub fn ledger_rows(o: &Options, floor_best: Option<f64>, report: &mut Report) -> anyhow::Result<Option<f64>> {
    let mut ledger = floor::LedgerInProcess::open()?;
    let mut plain = None;
    for keys in [false, true] {
        let runs = (0..o.reps).map(|_| ledger.run(1000, o.load_time(), keys)).collect::<anyhow::Result<Vec<_>>>()?;
        let s = Summary::of(&runs);
        eprintln!("ledger::debit in-process (keys: {keys}): {:.0}/s", s.rate);
        if !keys {
            plain = Some(s.rate);
        }
        let lat = s.latency.unwrap_or_default();
        let ratio = [
            floor_best.map(|b| format!("{:.2}× floor", s.rate / b)),
            s.cpu_per_op.map(|c| format!("CPU {}/debit", fmt_duration(c))),
        ];
        let row = Row {
            section: "ledger",
            case: format!(
                "in-process `ledger::debit`, run as the writer runs them, 1000 per transaction{}",
                if keys { ", idempotency key" } else { "" }
            ),
            rate: Some(s.rate),
            value: Some(fmt_duration(lat.p50)),
            p99: Some(lat.p99),
            p999: Some(lat.p999),
            ratio: Some(ratio.into_iter().flatten().collect::<Vec<_>>().join(", ")),
            ..Row::default()
        };
        // The targets: the ledger's debit at 0.4× the raw-row floor, 0.25× with keys.
        match floor_best {
            Some(floor) => {
                let want = if keys { 0.25 } else { 0.4 };
                let short = format!("≥ {want:.2}× floor");
                let long = format!(
                    "in-process ledger debit{} at least {want:.2}× the 1000-per-transaction floor",
                    if keys { " with idempotency keys" } else { "" }
                );
                report.judge(row, s.rate >= want * floor, &short, long);
            }
            None => report.push(row),
        }
    }
    Ok(plain)
}

/// `studio-credits balance` against the hello-world, medians of many runs.
pub fn cli_rows(o: &Options, daemon: &Daemon, hello: &Path, report: &mut Report) -> anyhow::Result<()> {
    let n = if o.quick { 3 } else { 100 * o.reps };
    let (balance, baseline) = cli::balance_vs_hello(daemon, hello, n)?;
    let ratio = balance.as_secs_f64() / baseline.as_secs_f64();
    eprintln!("cli: balance {} vs hello {}", fmt_duration(balance), fmt_duration(baseline));
    report.judge(
        Row {
            section: "cli",
            case: format!("`studio-credits balance`, whole process, median of {n}"),
            value: Some(fmt_duration(balance)),
            ratio: Some(format!("{ratio:.2}× hello")),
            ..Row::default()
        },
        ratio <= 2.0,
        "≤ 2× hello",
        format!(
            "`balance` ≤ 2 × a hello-world's process time: {} vs {} = {ratio:.2}×",
            fmt_duration(balance),
            fmt_duration(baseline)
        ),
    );
    report.push(Row {
        section: "cli",
        case: format!("hello-world, same profile, median of {n}"),
        value: Some(fmt_duration(baseline)),
        ..Row::default()
    });
    Ok(())
}

/// Remote mode: `spend` from a runner over HTTPS on loopback against the same over the socket.
pub fn remote_rows(o: &Options, bin: &Path, report: &mut Report) -> anyhow::Result<()> {
    let n = if o.quick { 3 } else { 100 * o.reps };
    let daemon = crate::remote::start_tls_daemon(bin)?;
    let (remote, local) = crate::remote::spend_remote_vs_socket(&daemon, n)?;
    eprintln!("remote: spend over HTTPS p50 {} vs socket {}", fmt_duration(remote.p50), fmt_duration(local.p50));
    let ratio = remote.p50.as_secs_f64() / local.p50.as_secs_f64();
    report.push(Row {
        section: "remote",
        case: format!(
            "`studio-credits spend` from a runner over HTTPS (loopback; handshake + POST), whole process, {n}"
        ),
        value: Some(fmt_duration(remote.p50)),
        p99: Some(remote.p99),
        ratio: Some(format!("{ratio:.2}× socket")),
        ..Row::default()
    });
    report.push(Row {
        section: "remote",
        case: format!("`studio-credits spend` over the local socket, whole process, {n}"),
        value: Some(fmt_duration(local.p50)),
        p99: Some(local.p99),
        ..Row::default()
    });
    Ok(())
}

/// The daemon's resident memory: idle (measured by the caller before any load) and now.
pub fn memory_rows(daemon: &Daemon, idle_rss: u64, report: &mut Report) -> anyhow::Result<()> {
    let (rss, peak) = daemon.memory()?;
    report.judge(
        Row { section: "memory", case: "daemon RSS, idle".into(), value: Some(fmt_mb(idle_rss)), ..Row::default() },
        idle_rss <= 20_000_000,
        "≤ 20 MB",
        format!("daemon idle RSS ≤ 20 MB: {}", fmt_mb(idle_rss)),
    );
    report.push(Row {
        section: "memory",
        case: "daemon RSS after the loads (peak)".into(),
        value: Some(format!("{} ({})", fmt_mb(rss), fmt_mb(peak))),
        ..Row::default()
    });
    Ok(())
}

/// The monthly rollover of large workspaces, in-process.
pub fn rollover_rows(o: &Options, report: &mut Report) -> anyhow::Result<()> {
    let sizes: &[u64] = if o.quick { &[1_000] } else { &[10_000, 100_000] };
    for &seats in sizes {
        let times = (0..o.reps).map(|_| rollover::once(seats)).collect::<anyhow::Result<Vec<_>>>()?;
        let t = median_duration(times);
        eprintln!("rollover: {seats} seats: {}", fmt_duration(t));
        let row = Row {
            section: "rollover",
            case: format!(
                "{} seats, in-process, commit included (rate: journal entries/s, 2 per seat)",
                fmt_rate(seats as f64)
            ),
            rate: Some(2.0 * seats as f64 / t.as_secs_f64()),
            value: Some(fmt_duration(t)),
            ..Row::default()
        };
        if seats == 100_000 {
            let ok = t <= Duration::from_secs(1);
            report.judge(row, ok, "≤ 1 s", format!("rollover of 100,000 seats ≤ 1 s: {}", fmt_duration(t)));
        } else {
            report.push(row);
        }
    }
    Ok(())
}

/// `history --all` of a journal of about a million entries (2,000 with `--quick`), as JSON and
/// as CSV: how long it takes and how much memory the CLI and the daemon need for it.
pub fn export_rows(o: &Options, bin: &Path, report: &mut Report) -> anyhow::Result<()> {
    let seats = if o.quick { 200 } else { 100_000 };
    let t0 = std::time::Instant::now();
    let mut built = 0;
    let daemon = Daemon::start_with(
        bin,
        |home| {
            built = export::build(home, seats)?;
            Ok(())
        },
        Some(export::now()),
    )?;
    eprintln!("export: built a journal of {built} entries in {}", fmt_duration(t0.elapsed()));
    let (_, daemon_before) = daemon.memory()?;
    for format in ["--json", "--csv"] {
        let e = export::run(&daemon, format)?;
        if e.entries != built {
            anyhow::bail!("`history --all {format}` wrote {} entries, the journal has {built}", e.entries);
        }
        let (_, daemon_peak) = daemon.memory()?;
        eprintln!(
            "export {format}: {} entries, {} in {}, CLI peak {}",
            e.entries,
            fmt_mb(e.bytes),
            fmt_duration(e.elapsed),
            fmt_mb(e.cli_peak)
        );
        report.judge(
            Row {
                section: "export",
                case: format!(
                    "`history --all {format}` of {} entries ({}; rate: entries/s), CLI peak RSS",
                    fmt_rate(built as f64),
                    fmt_mb(e.bytes)
                ),
                rate: Some(e.entries as f64 / e.elapsed.as_secs_f64()),
                value: Some(fmt_mb(e.cli_peak)),
                ratio: Some(format!(
                    "{} total; daemon peak {} (from {})",
                    fmt_duration(e.elapsed),
                    fmt_mb(daemon_peak),
                    fmt_mb(daemon_before)
                )),
                ..Row::default()
            },
            e.cli_peak <= 100_000_000,
            "≤ 100 MB",
            format!("exporting {built} entries ({format}) takes ≤ 100 MB in the CLI: {}", fmt_mb(e.cli_peak)),
        );
    }
    Ok(())
}
