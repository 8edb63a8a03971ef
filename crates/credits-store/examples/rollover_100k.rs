//! Measures the monthly rollover of one big workspace: `SEATS` seats (default 100,000), each with
//! part of its allowance spent, rolled into the next month in one transaction, as the daemon's
//! writer does it. Prints the time of the rollover (and of `verify` afterwards).
//!
//! ```sh
//! cargo run --release -p credits-store --example rollover_100k          # 100,000 seats
//! SEATS=10000 cargo run --release -p credits-store --example rollover_100k
//! ```

use std::time::Instant;

use credits_core::{Credits, PlanCatalogue};
use credits_store::ledger::{self, DebitRequest};
use credits_store::{rollover, verify, workspace};
use jiff::Timestamp;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seats: usize = std::env::var("SEATS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let db = credits_store::open(&dir.path().join("credits.db"))?;
    let conn = db.connect()?;
    let catalogue = PlanCatalogue::default();
    let nov: Timestamp = "2026-11-10T12:00:00Z".parse()?;
    let dec: Timestamp = "2026-12-01T00:00:01Z".parse()?;

    let t = Instant::now();
    conn.execute_batch("BEGIN")?;
    workspace::create(&conn, "big", "team", "UTC", "seat-0", &catalogue, &credits_core::Actor::Daemon, nov)?;
    let ws = ledger::workspace(&conn, Some("big"))?;
    for i in 1..seats {
        workspace::add_seat(&conn, &ws, &format!("seat-{i}"), &catalogue, &credits_core::Actor::Daemon, nov)?;
    }
    // Every tenth seat spends something, so the expire entries carry different amounts.
    for i in (0..seats).step_by(10) {
        let req = DebitRequest {
            workspace: Some("big".into()),
            seat: Some(format!("seat-{i}")),
            user: None,
            amount: Credits::from_millis(1_000 + i as i64),
            memo: None,
            idempotency_key: None,
            key_owner: Default::default(),
            actor: credits_core::Actor::Daemon,
        };
        ledger::debit(&conn, &req, nov)?;
    }
    conn.execute_batch("COMMIT")?;
    println!("setup: {seats} seats in {:.2?}", t.elapsed());

    let t = Instant::now();
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let report =
        rollover::apply(&conn, "big", &catalogue, &credits_core::Actor::Daemon, dec)?.ok_or("nothing was due")?;
    conn.execute_batch("COMMIT")?;
    let took = t.elapsed();
    println!(
        "rollover: {} seats, {} → {}, expired {} and granted {} credits in {took:.2?} (one transaction, committed)",
        report.seats, report.from_period, report.to_period, report.expired, report.granted
    );

    let t = Instant::now();
    let v = verify::verify(&conn)?;
    println!("verify: {} entries, {} problems, in {:.2?}", v.entries, v.problems.len(), t.elapsed());
    if !v.ok() {
        return Err(format!("verify found problems: {:?}", &v.problems[..v.problems.len().min(5)]).into());
    }
    Ok(())
}
