//! Exporting a large journal through the real binary: `history --all --json` and `--csv` of a
//! journal of about a million entries, with the CLI's and the daemon's peak memory. The journal
//! is built in-process before the daemon starts: seats inserted set-based (as in the rollover
//! section), then month after month rolled over through `credits_store::rollover::apply`, two
//! entries a seat each time.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use credits_core::PlanCatalogue;
use jiff::Timestamp;

use crate::daemon::Daemon;

/// The workspace the journal is built in.
const WORKSPACE: &str = "journal";
/// Rollovers applied, one a month from 2025-02; the daemon's clock then reads [`NOW`], so none
/// is due when it starts.
const MONTHS: u32 = 5;
const NOW: &str = "2025-06-10T00:00:00Z";

/// One export: what was written and what it took.
#[derive(Debug)]
pub struct Export {
    pub entries: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Peak resident memory of the CLI, in bytes (sampled from /proc while it runs).
    pub cli_peak: u64,
}

/// Builds a journal of `1 + 2 × seats × MONTHS` entries in a new home's database.
pub fn build(home: &std::path::Path, seats: u64) -> anyhow::Result<u64> {
    let db = credits_store::open(&home.join("credits.db"))?;
    let conn = db.connect()?;
    let catalogue = PlanCatalogue::default();
    let created: Timestamp = "2025-01-15T12:00:00Z".parse()?;
    credits_store::workspace::create(
        &conn,
        WORKSPACE,
        "free",
        "UTC",
        "seat0",
        &catalogue,
        &credits_core::Actor::Daemon,
        created,
    )?;
    let ws_id: i64 = conn.query_row("SELECT id FROM workspaces WHERE name = ?1", [WORKSPACE], |r| r.get(0))?;
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO seats (workspace_id, name, included_millis, allowance_millis, created_at)
         SELECT ?2, 'seat' || i, 500000, 500000, '2025-01-15T12:00:00Z' FROM n",
        rusqlite::params![seats as i64 - 1, ws_id],
    )
    .context("populate seats")?;
    for month in 2..MONTHS + 2 {
        let at: Timestamp = format!("2025-{month:02}-01T00:00:01Z").parse()?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        if credits_store::rollover::apply(&conn, WORKSPACE, &catalogue, &credits_core::Actor::Daemon, at)?.is_none() {
            bail!("the rollover to 2025-{month:02} was not due");
        }
        conn.execute_batch("COMMIT")?;
    }
    Ok(conn.query_row("SELECT COUNT(*) FROM journal", [], |r| r.get::<_, i64>(0))? as u64)
}

/// The clock the daemon must run on for [`build`]'s journal.
pub fn now() -> &'static str {
    NOW
}

/// Runs `history --all` with `format` (`--json` or `--csv`), reading its output as it comes and
/// sampling the CLI's peak memory.
pub fn run(daemon: &Daemon, format: &str) -> anyhow::Result<Export> {
    let t0 = Instant::now();
    let mut child = daemon
        .command(&["history", "--all", format, "--workspace", WORKSPACE])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let pid = child.id();
    let mut stdout = child.stdout.take().context("no stdout")?;
    // Counts bytes, lines, and the pretty JSON's entry ids (one `"id": N` line an entry, however
    // many fields an entry has).
    let reader = std::thread::spawn(move || -> std::io::Result<(u64, u64, u64)> {
        let (mut bytes, mut lines, mut ids) = (0u64, 0u64, 0u64);
        let mut input = std::io::BufReader::with_capacity(1 << 16, &mut stdout);
        let mut line = Vec::with_capacity(256);
        loop {
            line.clear();
            let n = std::io::BufRead::read_until(&mut input, b'\n', &mut line)?;
            if n == 0 {
                return Ok((bytes, lines, ids));
            }
            bytes += n as u64;
            lines += 1;
            ids += u64::from(line.trim_ascii_start().starts_with(b"\"id\":"));
        }
    });
    // VmHWM only grows; the last sample before the CLI exits is its peak (to within 5 ms).
    let mut cli_peak = 0;
    while child.try_wait()?.is_none() {
        cli_peak = cli_peak.max(peak_of(pid).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = child.wait()?;
    let (bytes, lines, ids) = reader.join().map_err(|_| anyhow::anyhow!("the reader panicked"))??;
    if !status.success() {
        let mut err = String::new();
        child.stderr.take().map(|mut e| e.read_to_string(&mut err));
        bail!("`history --all {format}` failed ({status}): {err}");
    }
    // CSV: a header and a line an entry; JSON: an `"id"` line an entry.
    let entries = if format == "--csv" { lines.saturating_sub(1) } else { ids };
    Ok(Export { entries, bytes, elapsed: t0.elapsed(), cli_peak })
}

/// VmHWM of `pid`, in bytes.
fn peak_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}
