//! Runs the backend conformance suite against PostgreSQL: one private server for the run
//! (`credits_pg::testing`), a fresh database per scenario, and a summary of which scenarios pass.
//!
//! Scenarios in [`NOT_YET`] need methods this backend does not implement yet: they still run,
//! and must still fail (so the list cannot go stale); every other scenario must pass.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use credits_ledger::Ledger;
use credits_ledger::conformance::{self, Backend};
use credits_pg::PgLedger;
use credits_pg::testing::PgServer;

/// Scenarios expected to fail until the methods they need are implemented.
const NOT_YET: &[&str] = &[];

struct Pg<'s> {
    server: &'s PgServer,
    db: String,
    ledger: Arc<dyn Ledger>,
}

impl Backend for Pg<'_> {
    fn ledger(&self) -> Arc<dyn Ledger> {
        self.ledger.clone()
    }

    fn tamper(&self) {
        // The schema forbids changing the journal; a forger with the superuser's rights turns the
        // guard off first.
        self.server
            .execute(
                &self.db,
                "ALTER TABLE journal DISABLE TRIGGER journal_no_update;
                 UPDATE journal SET amount_millis = amount_millis - 1000 WHERE id = (SELECT MAX(id) FROM journal);",
            )
            .expect("tamper");
    }

    fn tamper_actor(&self) {
        self.server
            .execute(
                &self.db,
                "ALTER TABLE journal DISABLE TRIGGER journal_no_update;
                 UPDATE journal SET actor = 'cli:mallory' WHERE id = (SELECT MAX(id) FROM journal);",
            )
            .expect("tamper");
    }
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        const SCENARIOS: &[&str] = &[$(stringify!($name)),*];

        async fn run(name: &str, b: &Pg<'_>) {
            match name {
                $(stringify!($name) => conformance::$name(b).await,)*
                other => panic!("unknown scenario {other}"),
            }
        }
    };
}

scenarios!(
    debit_split_and_402,
    never_negative,
    idempotency_replay_and_mismatch,
    holds_arithmetic_and_expiry,
    holds_listed_open_and_paged,
    rollover_once_and_catch_up,
    purchase_credited_once,
    purchase_idempotency_key_buys_once,
    concurrent_debits,
    verify_clean_and_tamper_found,
    debit_each_decides_each,
    actor_recorded_and_tamper_found,
    api_keys_unique_found_by_hash_and_revoked,
    topup_limits_exact,
    topup_limits_holds_and_month,
    notifications_outbox_and_alerts,
    consumption_per_seat_and_window,
);

/// One scenario on a fresh database, in a runtime of its own; `Err` with the panic's message.
fn scenario(server: &PgServer, name: &str) -> Result<(), String> {
    let url = server.create_database(name)?;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        rt.block_on(async {
            let ledger = PgLedger::open(&url).await.expect("open the ledger");
            let b = Pg { server, db: name.to_owned(), ledger: Arc::new(ledger) };
            run(name, &b).await;
        })
    }));
    outcome.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default()
    })
}

#[test]
fn conformance_suite_on_postgres() {
    let Some(server) = PgServer::start_or_skip("the PostgreSQL conformance suite") else { return };
    let mut report = Vec::new();
    for name in SCENARIOS {
        let outcome = scenario(&server, name);
        report.push((*name, NOT_YET.contains(name), outcome));
    }
    eprintln!("\nconformance on PostgreSQL:");
    for (name, not_yet, outcome) in &report {
        let status = match (outcome, not_yet) {
            (Ok(()), _) => "pass".to_owned(),
            (Err(_), true) => "not yet (expected)".to_owned(),
            (Err(e), false) => format!("FAIL: {e}"),
        };
        eprintln!("  {name:45} {status}");
    }
    let failed: Vec<_> = report.iter().filter(|(_, not_yet, o)| o.is_err() && !not_yet).map(|(n, ..)| *n).collect();
    let stale: Vec<_> = report.iter().filter(|(_, not_yet, o)| o.is_ok() && *not_yet).map(|(n, ..)| *n).collect();
    assert!(failed.is_empty(), "scenarios failed on PostgreSQL: {failed:?}");
    assert!(stale.is_empty(), "scenarios now pass: remove them from NOT_YET: {stale:?}");
}
