//! The monthly rollover of a large workspace, in-process through `credits_store::rollover::apply`
//! on a fresh ledger (the daemon's schema and pragmas) whose seats are inserted set-based. Every
//! seat has its whole allowance left, the worst case: one `expire` and one `grant` entry each.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use credits_core::{Cents, Credits, Plan, PlanCatalogue};
use jiff::Timestamp;

/// Time to roll a workspace of `seats` seats over to the next month, including the commit.
pub fn once(seats: u64) -> anyhow::Result<Duration> {
    let dir = tempfile::Builder::new().prefix("credits-bench-rollover-").tempdir()?;
    let db = credits_store::open(&dir.path().join("credits.db"))?;
    let conn = db.connect()?;
    let allowance = Credits::from_millis(1_000 * Credits::SCALE);
    let mut plans = PlanCatalogue::default().all().to_vec();
    plans.push(Plan { name: "bench".into(), price_cents: Cents::new(0), included: allowance });
    let catalogue = PlanCatalogue::new(plans);
    let created: Timestamp = "2026-10-15T12:00:00Z".parse()?;
    let next_month: Timestamp = "2026-11-01T00:00:01Z".parse()?;
    credits_store::workspace::create(
        &conn,
        "big",
        "bench",
        "UTC",
        "seat0",
        &catalogue,
        &credits_core::Actor::Daemon,
        created,
    )?;
    let ws_id: i64 = conn.query_row("SELECT id FROM workspaces WHERE name = 'big'", [], |r| r.get(0))?;
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO seats (workspace_id, name, included_millis, allowance_millis, created_at)
         SELECT ?2, 'seat' || i, ?3, ?3, '2026-10-15T12:00:00Z' FROM n",
        rusqlite::params![seats as i64 - 1, ws_id, allowance.millis()],
    )
    .context("populate seats")?;

    let t0 = Instant::now();
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let report = credits_store::rollover::apply(&conn, "big", &catalogue, &credits_core::Actor::Daemon, next_month)?;
    conn.execute_batch("COMMIT")?;
    let elapsed = t0.elapsed();

    let Some(report) = report else { bail!("the rollover was not due") };
    if report.seats != seats as i64 {
        bail!("the rollover covered {} seats, not {seats}", report.seats);
    }
    Ok(elapsed)
}
