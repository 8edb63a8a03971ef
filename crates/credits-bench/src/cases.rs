//! The load cases against the daemon (local socket and HTTP), run with repetitions outermost so
//! every case sees every phase of the machine's noise, and reported as medians.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;

use crate::daemon::{self, Daemon};
use crate::http_load::HttpConn;
use crate::load;
use crate::options::Options;
use crate::report::Report;
use crate::socket_load::{self, Conn};
use crate::stats::{Run, Summary};
use crate::table::{Row, fmt_duration, fmt_rate};

/// One load case against the daemon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Case {
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
    /// Batches of `size` debits (`spend_batch` over the socket, `POST /v1/usage/batch` over
    /// HTTP), from [`BATCH_CLIENTS`] clients; the rate counts debits, the latency batches.
    Batch {
        http: bool,
        size: usize,
    },
}

/// Clients sending batches at once.
const BATCH_CLIENTS: usize = 4;

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
            Case::Batch { size, .. } => {
                format!("batches of {size}, {BATCH_CLIENTS} clients (latency per batch)")
            }
        }
    }

    fn section(self) -> &'static str {
        match self {
            Case::Http { .. } | Case::Batch { http: true, .. } => "http",
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
            Case::Batch { http, size } => Case::Batch { http, size },
        }
    }

    fn keys(self) -> bool {
        matches!(self, Case::Socket { keys: true, .. } | Case::Pipelined { keys: true } | Case::Http { keys: true, .. })
    }
}

/// The cases `o` asks for, in table order; HTTP cases only when `http` is set up.
fn cases(o: &Options, http: bool) -> Vec<Case> {
    let mut cases = Vec::new();
    if o.has("socket") {
        for keys in [false, true] {
            for clients in [1, 16, 64] {
                cases.push(Case::Socket { clients, keys });
            }
            cases.push(Case::Pipelined { keys });
        }
        cases.push(Case::Hello { clients: 64 });
        for size in [100, 1000] {
            cases.push(Case::Batch { http: false, size });
        }
    }
    if http {
        for keys in [false, true] {
            for clients in [1, 16, 64] {
                cases.push(Case::Http { clients, keys });
            }
        }
        for size in [100, 1000] {
            cases.push(Case::Batch { http: true, size });
        }
    }
    if let Some(filter) = &o.case {
        cases.retain(|c| c.label().contains(filter.as_str()));
    }
    cases
}

/// Runs the socket and HTTP loads and reports them against the floor's best batched rate.
pub fn load_rows(
    o: &Options,
    daemon: &Daemon,
    floor_best: Option<f64>,
    ledger_rate: Option<f64>,
    report: &mut Report,
) -> anyhow::Result<()> {
    let mut http = None;
    if o.has("http") {
        match http_setup(daemon) {
            Ok(h) => http = Some(h),
            Err(e) => {
                eprintln!("http: unavailable: {e:#}");
                report.push(Row {
                    section: "http",
                    case: "unavailable (the reason is on stderr)".into(),
                    ..Row::default()
                });
            }
        }
    }
    let cases = cases(o, http.is_some());
    if !cases.is_empty() && !o.quick {
        eprintln!("warm-up: 16 socket clients for 1 s");
        load::closed_loop(connect_socket(daemon, 16)?, Duration::from_secs(1), false)?;
    }
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); cases.len()];
    for rep in 0..o.reps {
        for (i, case) in cases.iter().enumerate() {
            let cpu0 = daemon.cpu_time();
            let mut run = run_case(daemon, http.as_ref(), *case, o.load_time())
                .with_context(|| format!("{} {}", case.section(), case.label()))?;
            // Daemon CPU per operation: steadier than rates on a shared machine, and it shows
            // where the time goes.
            let ops = run.rate * o.load_time().as_secs_f64();
            run.cpu_per_op =
                daemon.cpu_time().zip(cpu0).filter(|_| ops >= 1.0).map(|(b, a)| b.saturating_sub(a).div_f64(ops));
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
        if let (Case::Batch { .. }, Some(ledger)) = (case, ledger_rate) {
            ratio.push(format!("{:.2}× ledger", s.rate / ledger));
        }
        if let Some(cpu) = s.cpu_per_op {
            ratio.push(format!("daemon CPU {}/op", fmt_duration(cpu)));
        }
        if case.keys()
            && let Some(j) = cases.iter().position(|c| *c == case.without_keys())
        {
            ratio.push(format!("{:.2}× no key", s.rate / summaries[j].rate));
        }
        let lat = s.latency.unwrap_or_default();
        let row = Row {
            section: case.section(),
            case: case.label(),
            rate: Some(s.rate),
            value: Some(fmt_duration(lat.p50)),
            p99: Some(lat.p99),
            p999: Some(lat.p999),
            ratio: Some(ratio.join(", ")),
            target: None,
        };
        match (case, floor_best) {
            (Case::Socket { clients: 64, keys: false }, Some(best)) => report.judge(
                row,
                s.rate >= 0.5 * best,
                "≥ 0.50× floor",
                format!(
                    "socket debits at 64 clients ≥ 0.5 × the floor's best batched rate ({}/s): {}/s = {:.2}×",
                    fmt_rate(best),
                    fmt_rate(s.rate),
                    s.rate / best
                ),
            ),
            (Case::Socket { clients: 1, keys: false }, _) => report.judge(
                row,
                lat.p99 <= Duration::from_millis(1),
                "p99 ≤ 1 ms",
                format!("single-client socket debit p99 ≤ 1 ms: {}", fmt_duration(lat.p99)),
            ),
            (Case::Http { clients: 64, keys: false }, _) => report.judge(
                row,
                s.rate >= 20_000.0,
                "≥ 20,000/s",
                format!("HTTP debits at 64 clients ≥ 20,000/s: {}/s", fmt_rate(s.rate)),
            ),
            (Case::Batch { size, .. }, _) if ledger_rate.is_some() => {
                let ledger = ledger_rate.unwrap_or(f64::INFINITY);
                report.judge(
                    row,
                    s.rate >= 0.7 * ledger,
                    "≥ 0.7× ledger",
                    format!(
                        "{} batch debits, batches of {size}, ≥ 0.7 × the in-process ledger ({}/s): {}/s = {:.2}×",
                        case.section(),
                        fmt_rate(ledger),
                        fmt_rate(s.rate),
                        s.rate / ledger
                    ),
                )
            }
            _ => report.push(row),
        }
    }
    // How much of the transport a debit leaves: single debits against `hello` over the same
    // socket, with the same 64 clients.
    let rate = |want: Case| cases.iter().position(|c| *c == want).map(|i| summaries[i].rate);
    if let (Some(debits), Some(hello)) =
        (rate(Case::Socket { clients: 64, keys: false }), rate(Case::Hello { clients: 64 }))
    {
        report.target(
            debits >= 0.5 * hello,
            format!(
                "socket debits at 64 clients ≥ 0.5 × the `hello`-only transport ceiling ({}/s): {}/s = {:.2}×",
                fmt_rate(hello),
                fmt_rate(debits),
                debits / hello
            ),
        );
    }
    Ok(())
}

/// The HTTP address and a seat token for the bench seat.
fn http_setup(daemon: &Daemon) -> anyhow::Result<(SocketAddr, String)> {
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
    http: Option<&(SocketAddr, String)>,
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
        Case::Batch { http: false, size } => {
            let conns = connect_socket(daemon, BATCH_CLIENTS)?
                .into_iter()
                .map(|conn| socket_load::Batches { conn, size })
                .collect();
            per_debit(load::closed_loop(conns, duration, false)?, size)
        }
        Case::Batch { http: true, size } => {
            let (addr, token) = http.context("no HTTP API")?;
            let conns = (0..BATCH_CLIENTS)
                .map(|_| HttpConn::connect(*addr, token).map(|conn| crate::http_load::Batches { conn, size }))
                .collect::<anyhow::Result<Vec<_>>>()?;
            per_debit(load::closed_loop(conns, duration, false)?, size)
        }
    }
}

/// A run of batches as debits per second (its latencies stay per batch).
fn per_debit(run: Run, size: usize) -> anyhow::Result<Run> {
    Ok(Run { rate: run.rate * size as f64, ..run })
}
