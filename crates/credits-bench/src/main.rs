//! `credits-bench`: measures studio-credits against this machine's floor in one run and prints
//! one Markdown table of medians and ratios (see `--help`).
//!
//! Run it with `cargo run --release -p credits-bench` (add `-- --quick` for a one-second smoke
//! run). Progress goes to stderr, the table to stdout.

mod cli;
mod daemon;
mod floor;
mod http_load;
mod load;
mod rollover;
mod socket_load;
mod stats;
mod table;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context, bail};

use crate::daemon::Daemon;
use crate::http_load::HttpConn;
use crate::socket_load::Conn;
use crate::stats::{Run, Summary, median_duration};
use crate::table::{Row, fmt_duration, fmt_mb};

const HELP: &str = "\
credits-bench: durable debits against the SQLite floor, CLI latency against process start.

USAGE:
    cargo run --release -p credits-bench -- [OPTIONS]

OPTIONS:
    --quick                 run everything for about a second (a smoke test, not a measurement)
    --seconds S             length of each timed load run [default: 2]
    --reps N                repetitions of every figure; the table shows medians [default: 3]
    --only LIST             comma-separated sections: floor,socket,http,cli,rollover,memory
    --studio-credits PATH   the binary to measure [default: next to this one]
    --hello PATH            the hello-world baseline [default: next to this one]
    --case TEXT             only the socket and HTTP cases whose label contains TEXT (for profiling)
    --no-build              do not build the binaries first (done only when run through cargo)
    -h, --help              this text
";

const SECTIONS: &[&str] = &["floor", "socket", "http", "cli", "rollover", "memory"];

/// What to run and for how long.
#[derive(Debug, Clone)]
struct Options {
    quick: bool,
    seconds: f64,
    reps: usize,
    only: BTreeSet<String>,
    studio_credits: Option<PathBuf>,
    hello: Option<PathBuf>,
    build: bool,
    case: Option<String>,
    args: Vec<String>,
}

impl Options {
    fn parse() -> anyhow::Result<Options> {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut o = Options {
            quick: false,
            seconds: 2.0,
            reps: 3,
            only: SECTIONS.iter().map(|s| s.to_string()).collect(),
            studio_credits: None,
            hello: None,
            build: true,
            case: None,
            args: args.clone(),
        };
        let (mut seconds, mut reps) = (None, None);
        let mut it = args.into_iter();
        while let Some(a) = it.next() {
            let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
            match a.as_str() {
                "--quick" => o.quick = true,
                "--seconds" => seconds = Some(value("--seconds")?.parse::<f64>().context("--seconds")?),
                "--reps" => reps = Some(value("--reps")?.parse::<usize>().context("--reps")?.max(1)),
                "--only" => {
                    o.only = value("--only")?.split(',').map(|s| s.trim().to_owned()).collect();
                    if let Some(bad) = o.only.iter().find(|s| !SECTIONS.contains(&s.as_str())) {
                        bail!("unknown section {bad:?}; choose from {}", SECTIONS.join(","));
                    }
                }
                "--studio-credits" => o.studio_credits = Some(value("--studio-credits")?.into()),
                "--hello" => o.hello = Some(value("--hello")?.into()),
                "--no-build" => o.build = false,
                "--case" => o.case = Some(value("--case")?),
                "-h" | "--help" => {
                    print!("{HELP}");
                    std::process::exit(0);
                }
                other => bail!("unknown argument {other:?}\n\n{HELP}"),
            }
        }
        if o.quick {
            o.seconds = 0.05;
            o.reps = 1;
        }
        o.seconds = seconds.unwrap_or(o.seconds);
        o.reps = reps.unwrap_or(o.reps);
        Ok(o)
    }

    fn has(&self, section: &str) -> bool {
        self.only.contains(section)
    }

    fn load_time(&self) -> Duration {
        Duration::from_secs_f64(self.seconds)
    }
}

fn main() -> ExitCode {
    match Options::parse().and_then(|o| run(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Binaries next to this one, built with the same profile.
fn sibling(name: &str) -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(exe.parent().context("no directory for the current executable")?.join(name))
}

/// When run through cargo, builds `studio-credits` and `hello` with this binary's profile, so the
/// measured binaries are never stale.
fn build_binaries() -> anyhow::Result<()> {
    let Some(cargo) = std::env::var_os("CARGO") else { return Ok(()) };
    let mut cmd = Command::new(cargo);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "build",
        "-p",
        "studio-credits",
        "--bin",
        "studio-credits",
        "-p",
        "credits-bench",
        "--bin",
        "hello",
    ]);
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    eprintln!("building: {cmd:?}");
    let status = cmd.status().context("cannot run cargo")?;
    if !status.success() {
        bail!("building the benchmarked binaries failed ({status})");
    }
    Ok(())
}

fn run(o: &Options) -> anyhow::Result<()> {
    if o.build && o.studio_credits.is_none() {
        build_binaries()?;
    }
    let bin = match &o.studio_credits {
        Some(p) => p.clone(),
        None => sibling("studio-credits")?,
    };
    let hello = match &o.hello {
        Some(p) => p.clone(),
        None => sibling("hello")?,
    };
    for p in [&bin, &hello] {
        if !p.exists() {
            bail!("{} does not exist; build it first (`cargo build --release --workspace --bins`)", p.display());
        }
    }

    let mut rows = Vec::new();
    let mut targets = Vec::new();
    let floor_best = if o.has("floor") { floor_rows(o, &mut rows)? } else { None };
    let needs_daemon = ["socket", "http", "cli", "memory"].iter().any(|s| o.has(s));
    if needs_daemon {
        let daemon = Daemon::start(&bin)?;
        eprintln!("daemon: pid {} in {}", daemon.pid(), daemon.home().display());
        daemon_rows(o, &daemon, &hello, floor_best, &mut rows, &mut targets)?;
    }
    if o.has("rollover") {
        rollover_rows(o, &mut rows, &mut targets)?;
    }

    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    let via_cargo = std::env::var_os("CARGO").is_some();
    let command = if via_cargo {
        let flag = if profile == "release" { " --release" } else { "" };
        format!("cargo run{flag} -p credits-bench -- {}", o.args.join(" "))
    } else {
        format!("credits-bench {}", o.args.join(" "))
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    println!(
        "studio-credits benchmark · {} · nproc {cores} · {profile} build · medians of {} run(s) of {}",
        jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M UTC"),
        o.reps,
        fmt_duration(o.load_time())
    );
    println!("command: `{}`", command.trim_end());
    if o.quick {
        println!("(--quick: a smoke run; these figures are not measurements)");
    }
    println!();
    print!("{}", table::render(&rows));
    if !targets.is_empty() {
        println!();
        for t in &targets {
            println!("{t}");
        }
    }
    Ok(())
}

/// The floor rows; returns the best batched rate.
fn floor_rows(o: &Options, rows: &mut Vec<Row>) -> anyhow::Result<Option<f64>> {
    let dir = tempfile::Builder::new().prefix("credits-bench-floor-").tempdir()?;
    let mut floor = floor::Floor::open(dir.path())?;
    let mut best: Option<f64> = None;
    for batch in [1usize, 100, 1000] {
        let mut runs = Vec::new();
        for _ in 0..o.reps {
            runs.push(floor.run(batch, o.load_time())?);
        }
        let s = Summary::of(&runs);
        eprintln!("floor: {batch} per transaction: {:.0}/s", s.rate);
        if batch > 1 {
            best = Some(best.map_or(s.rate, |b: f64| b.max(s.rate)));
        }
        // Latency is per transaction: for a batch of 1, the cost of one durable commit.
        let lat = s.latency.unwrap_or_default();
        rows.push(Row {
            section: "floor",
            case: format!("in-process rusqlite, {batch} per transaction (latency per transaction)"),
            rate: Some(s.rate),
            value: Some(fmt_duration(lat.p50)),
            p99: Some(lat.p99),
            p999: Some(lat.p999),
            ..Row::default()
        });
    }
    let mut ledger = floor::LedgerInProcess::open()?;
    for keys in [false, true] {
        let mut runs = Vec::new();
        for _ in 0..o.reps {
            runs.push(ledger.run(1000, o.load_time(), keys)?);
        }
        let s = Summary::of(&runs);
        eprintln!("ledger::debit in-process (keys: {keys}): {:.0}/s", s.rate);
        let lat = s.latency.unwrap_or_default();
        rows.push(Row {
            section: "ledger",
            case: format!(
                "in-process `ledger::debit`, savepoint each, 1000 per transaction{}",
                if keys { ", idempotency key" } else { "" }
            ),
            rate: Some(s.rate),
            value: Some(fmt_duration(lat.p50)),
            p99: Some(lat.p99),
            p999: Some(lat.p999),
            ratio: best.map(|b| format!("{:.2}× floor", s.rate / b)),
            ..Row::default()
        });
    }
    Ok(best)
}

/// One load case against the daemon.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Case {
    Socket {
        clients: usize,
        keys: bool,
    },
    /// `hello` calls instead of debits: what the transport alone allows.
    Hello {
        clients: usize,
    },
    Pipelined {
        keys: bool,
    },
    Http {
        clients: usize,
        keys: bool,
    },
}

impl Case {
    fn label(self) -> String {
        let key = |k: bool| if k { ", idempotency key" } else { "" };
        match self {
            Case::Socket { clients, keys } => {
                format!("{clients} client{}{}", if clients == 1 { "" } else { "s" }, key(keys))
            }
            Case::Hello { clients } => format!("{clients} clients, `hello` only (transport ceiling, no ledger)"),
            Case::Pipelined { keys } => {
                format!("pipelined, 1 connection, {} in flight{}", socket_load::WINDOW, key(keys))
            }
            Case::Http { clients, keys } => {
                format!("{clients} client{}, keep-alive{}", if clients == 1 { "" } else { "s" }, key(keys))
            }
        }
    }

    fn section(self) -> &'static str {
        match self {
            Case::Http { .. } => "http",
            _ => "socket",
        }
    }

    /// The same case without idempotency keys.
    fn without_keys(self) -> Case {
        match self {
            Case::Socket { clients, .. } => Case::Socket { clients, keys: false },
            Case::Hello { clients } => Case::Hello { clients },
            Case::Pipelined { .. } => Case::Pipelined { keys: false },
            Case::Http { clients, .. } => Case::Http { clients, keys: false },
        }
    }

    fn keys(self) -> bool {
        matches!(self, Case::Socket { keys: true, .. } | Case::Pipelined { keys: true } | Case::Http { keys: true, .. })
    }
}

fn daemon_rows(
    o: &Options,
    daemon: &Daemon,
    hello: &Path,
    floor_best: Option<f64>,
    rows: &mut Vec<Row>,
    targets: &mut Vec<String>,
) -> anyhow::Result<()> {
    // Idle: started, workspace created, nothing else yet.
    std::thread::sleep(Duration::from_millis(if o.quick { 10 } else { 500 }));
    let (idle_rss, _) = daemon.memory()?;

    let mut cases = Vec::new();
    if o.has("socket") {
        for keys in [false, true] {
            for clients in [1, 16, 64] {
                cases.push(Case::Socket { clients, keys });
            }
            cases.push(Case::Pipelined { keys });
        }
        cases.push(Case::Hello { clients: 64 });
    }
    let mut http = None;
    if o.has("http") {
        match http_setup(daemon) {
            Ok(h) => {
                http = Some(h);
                for keys in [false, true] {
                    for clients in [1, 16, 64] {
                        cases.push(Case::Http { clients, keys });
                    }
                }
            }
            Err(e) => {
                eprintln!("http: unavailable: {e:#}");
                rows.push(Row {
                    section: "http",
                    case: "unavailable (the reason is on stderr)".into(),
                    ..Row::default()
                });
            }
        }
    }

    if let Some(filter) = &o.case {
        cases.retain(|c| c.label().contains(filter.as_str()));
    }
    if !cases.is_empty() && !o.quick {
        eprintln!("warm-up: 16 socket clients for 1 s");
        load::closed_loop(connect_socket(daemon, 16)?, Duration::from_secs(1), false)?;
    }
    // Repetitions outermost: every case sees every phase of the machine's noise.
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); cases.len()];
    for rep in 0..o.reps {
        for (i, case) in cases.iter().enumerate() {
            let run = run_case(daemon, http.as_ref(), *case, o.load_time())
                .with_context(|| format!("{} {}", case.section(), case.label()))?;
            eprintln!("{} {} (run {}): {:.0}/s", case.section(), case.label(), rep + 1, run.rate);
            runs[i].push(run);
        }
    }
    let summaries: Vec<Summary> = runs.iter().map(|r| Summary::of(r)).collect();
    for (case, s) in cases.iter().zip(&summaries) {
        let mut ratio = Vec::new();
        if let Some(best) = floor_best {
            ratio.push(format!("{:.2}× floor", s.rate / best));
        }
        if case.keys()
            && let Some(j) = cases.iter().position(|c| *c == case.without_keys())
        {
            ratio.push(format!("{:.2}× no key", s.rate / summaries[j].rate));
        }
        let lat = s.latency.unwrap_or_default();
        let mut row = Row {
            section: case.section(),
            case: case.label(),
            rate: Some(s.rate),
            value: Some(fmt_duration(lat.p50)),
            p99: Some(lat.p99),
            p999: Some(lat.p999),
            ratio: Some(ratio.join(", ")),
            target: None,
        };
        match case {
            Case::Socket { clients: 64, keys: false } => {
                if let Some(best) = floor_best {
                    let ok = s.rate >= 0.5 * best;
                    row.target = Some(format!("≥ 0.50× floor: {}", verdict(ok)));
                    targets.push(format!(
                        "- socket debits at 64 clients ≥ 0.5 × floor's best batched rate ({} × 0.5 = {}/s): {}/s, {}",
                        table::fmt_rate(best),
                        table::fmt_rate(best * 0.5),
                        table::fmt_rate(s.rate),
                        verdict(ok)
                    ));
                }
            }
            Case::Socket { clients: 1, keys: false } => {
                let ok = lat.p99 <= Duration::from_millis(1);
                row.target = Some(format!("p99 ≤ 1 ms: {}", verdict(ok)));
                targets.push(format!("- single-client socket p99 ≤ 1 ms: {}, {}", fmt_duration(lat.p99), verdict(ok)));
            }
            Case::Http { clients: 64, keys: false } => {
                let ok = s.rate >= 20_000.0;
                row.target = Some(format!("≥ 20,000/s: {}", verdict(ok)));
                targets.push(format!(
                    "- HTTP debits at 64 clients ≥ 20,000/s: {}/s, {}",
                    table::fmt_rate(s.rate),
                    verdict(ok)
                ));
            }
            _ => {}
        }
        rows.push(row);
    }

    if o.has("cli") {
        let n = if o.quick { 3 } else { 100 * o.reps };
        let (balance, baseline) = cli::balance_vs_hello(daemon, hello, n)?;
        let ratio = balance.as_secs_f64() / baseline.as_secs_f64();
        let ok = ratio <= 2.0;
        eprintln!("cli: balance {} vs hello {}", fmt_duration(balance), fmt_duration(baseline));
        rows.push(Row {
            section: "cli",
            case: format!("`studio-credits balance`, whole process, median of {n}"),
            value: Some(fmt_duration(balance)),
            ratio: Some(format!("{ratio:.2}× hello")),
            target: Some(format!("≤ 2× hello: {}", verdict(ok))),
            ..Row::default()
        });
        rows.push(Row {
            section: "cli",
            case: format!("hello-world, same profile, median of {n}"),
            value: Some(fmt_duration(baseline)),
            ..Row::default()
        });
        targets.push(format!(
            "- `balance` ≤ 2 × hello-world process time: {} vs {} = {ratio:.2}×, {}",
            fmt_duration(balance),
            fmt_duration(baseline),
            verdict(ok)
        ));
    }

    if o.has("memory") {
        let (rss, peak) = daemon.memory()?;
        let ok = idle_rss <= 20_000_000;
        rows.push(Row {
            section: "memory",
            case: "daemon RSS, idle".into(),
            value: Some(fmt_mb(idle_rss)),
            target: Some(format!("≤ 20 MB: {}", verdict(ok))),
            ..Row::default()
        });
        rows.push(Row {
            section: "memory",
            case: "daemon RSS after the load (peak)".into(),
            value: Some(format!("{} ({})", fmt_mb(rss), fmt_mb(peak))),
            ..Row::default()
        });
        targets.push(format!("- daemon idle RSS ≤ 20 MB: {}, {}", fmt_mb(idle_rss), verdict(ok)));
    }
    Ok(())
}

/// The HTTP address and a seat token for the bench seat.
fn http_setup(daemon: &Daemon) -> anyhow::Result<(std::net::SocketAddr, String)> {
    let addr = daemon.http_addr()?.context("the daemon reports no HTTP address")?;
    let token = daemon.cli(&["seats", "token", daemon::USER])?;
    let token = token["token"].as_str().context("`seats token --json` printed no token")?.to_owned();
    // One debit proves the route and the token work before anything is timed.
    let mut conn = HttpConn::connect(addr, &token)?;
    load::Debit::debit(&mut conn, 0, None)?;
    Ok((addr, token))
}

fn connect_socket(daemon: &Daemon, n: usize) -> anyhow::Result<Vec<Conn>> {
    (0..n).map(|_| Conn::connect(&daemon.socket)).collect()
}

fn run_case(
    daemon: &Daemon,
    http: Option<&(std::net::SocketAddr, String)>,
    case: Case,
    duration: Duration,
) -> anyhow::Result<Run> {
    match case {
        Case::Socket { clients, keys } => load::closed_loop(connect_socket(daemon, clients)?, duration, keys),
        Case::Hello { clients } => {
            let conns = connect_socket(daemon, clients)?.into_iter().map(socket_load::HelloOnly).collect();
            load::closed_loop(conns, duration, false)
        }
        Case::Pipelined { keys } => socket_load::pipelined(&daemon.socket, duration, keys),
        Case::Http { clients, keys } => {
            let (addr, token) = http.context("no HTTP API")?;
            let conns = (0..clients).map(|_| HttpConn::connect(*addr, token)).collect::<anyhow::Result<Vec<_>>>()?;
            load::closed_loop(conns, duration, keys)
        }
    }
}

fn rollover_rows(o: &Options, rows: &mut Vec<Row>, targets: &mut Vec<String>) -> anyhow::Result<()> {
    let sizes: &[u64] = if o.quick { &[1_000] } else { &[10_000, 100_000] };
    for &seats in sizes {
        let mut times = Vec::new();
        for _ in 0..o.reps {
            times.push(rollover::once(seats)?);
        }
        let t = median_duration(times);
        eprintln!("rollover: {seats} seats: {}", fmt_duration(t));
        let mut row = Row {
            section: "rollover",
            case: format!("{} seats (expire + grant each), in-process, with commit", table::fmt_rate(seats as f64)),
            rate: Some(2.0 * seats as f64 / t.as_secs_f64()),
            value: Some(fmt_duration(t)),
            ..Row::default()
        };
        if seats == 100_000 {
            let ok = t <= Duration::from_secs(1);
            row.target = Some(format!("≤ 1 s: {}", verdict(ok)));
            targets.push(format!("- rollover of 100,000 seats ≤ 1 s: {}, {}", fmt_duration(t), verdict(ok)));
        }
        rows.push(row);
    }
    Ok(())
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}
