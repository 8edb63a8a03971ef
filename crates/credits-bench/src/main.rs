//! `credits-bench`: measures studio-credits against this machine's floor in one run and prints
//! one Markdown table of medians and ratios, then each target with its verdict (see `--help`).
//!
//! Run it with `cargo run --release -p credits-bench` (add `-- --quick` for a one-second smoke
//! run). Progress goes to stderr, the table to stdout.

mod cases;
mod cli;
mod daemon;
mod export;
mod floor;
mod http_load;
mod instructions;
mod load;
mod options;
mod pg;
mod remote;
mod report;
mod rollover;
mod sections;
mod socket_load;
mod stats;
mod table;

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context, bail};

/// The daemon's allocator, so the in-process ledger rows cost what the daemon's writer pays.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use crate::daemon::Daemon;
use crate::options::Options;
use crate::report::Report;
use crate::table::fmt_duration;

fn main() -> ExitCode {
    match Options::parse().and_then(|o| run(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
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
    let load_before = loadavg();

    let mut report = Report::default();
    let floor_best = if o.has("floor") { sections::floor_rows(o, &mut report)? } else { None };
    let ledger_rate = if o.has("ledger") { sections::ledger_rows(o, floor_best, &mut report)? } else { None };
    if ["socket", "http", "cli", "memory"].iter().any(|s| o.has(s)) {
        let daemon = Daemon::start(&bin)?;
        eprintln!("daemon: pid {} in {}", daemon.pid(), daemon.home().display());
        // Idle: started, workspace created, nothing else yet.
        std::thread::sleep(Duration::from_millis(if o.quick { 10 } else { 500 }));
        let (idle_rss, _) = daemon.memory()?;
        cases::load_rows(o, &daemon, floor_best, ledger_rate, &mut report)?;
        if o.has("cli") {
            sections::cli_rows(o, &daemon, &hello, &mut report)?;
        }
        if o.has("memory") {
            sections::memory_rows(&daemon, idle_rss, &mut report)?;
        }
    }
    if o.has("pg") {
        pg::pg_rows(o, &bin, &mut report)?;
    }
    if o.has("remote") {
        sections::remote_rows(o, &bin, &mut report)?;
    }
    if o.has("rollover") {
        sections::rollover_rows(o, &mut report)?;
    }
    if o.has("export") {
        sections::export_rows(o, &bin, &mut report)?;
    }
    if o.has("instructions") {
        instructions::instruction_rows(o, &bin, &mut report)?;
    }

    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    let command = if std::env::var_os("CARGO").is_some() {
        let flag = if profile == "release" { " --release" } else { "" };
        format!("cargo run{flag} -p credits-bench -- {}", o.args.join(" "))
    } else {
        format!("credits-bench {}", o.args.join(" "))
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    println!(
        "studio-credits benchmark · {} · nproc {cores} · {profile} build · medians of {} run(s), loads of {} each",
        jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M UTC"),
        o.reps,
        fmt_duration(o.load_time())
    );
    println!("command: `{}`", command.trim_end());
    // Other work on the machine moves every figure; the load average says how much there was.
    println!("load average (1 min) before / after: {load_before} / {}", loadavg());
    if o.quick {
        println!("(--quick: a smoke run; these figures are not measurements)");
    }
    println!();
    print!("{}", report.render());
    Ok(())
}

/// Binaries next to this one, built with the same profile.
fn sibling(name: &str) -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let name = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    Ok(exe.parent().context("no directory for the current executable")?.join(name))
}

/// When run through cargo, builds `studio-credits` and `hello` with this binary's profile, so the
/// measured binaries are never stale.
fn build_binaries() -> anyhow::Result<()> {
    let Some(cargo) = std::env::var_os("CARGO") else { return Ok(()) };
    let mut cmd = Command::new(cargo);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.args(["build", "-p", "studio-credits", "--bin", "studio-credits", "-p", "credits-bench", "--bin", "hello"]);
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

/// The 1-minute load average (Linux), or `?`.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}
