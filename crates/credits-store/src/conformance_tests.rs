//! Runs the backend conformance suite against SQLite, each scenario on a fresh file.

use std::sync::Arc;

use credits_ledger::Ledger;
use credits_ledger::conformance::{self, Backend};

use crate::SqliteLedger;

struct Sqlite {
    dir: tempfile::TempDir,
    ledger: Arc<dyn Ledger>,
}

fn fresh() -> Sqlite {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = SqliteLedger::open(&dir.path().join("ledger.db")).expect("open");
    Sqlite { dir, ledger: Arc::new(ledger) }
}

impl Backend for Sqlite {
    fn ledger(&self) -> Arc<dyn Ledger> {
        self.ledger.clone()
    }

    fn tamper(&self) {
        let conn = rusqlite::Connection::open(self.dir.path().join("ledger.db")).expect("open");
        // The schema forbids changing the journal; a forger drops the guard first.
        conn.execute_batch(
            "DROP TRIGGER journal_no_update;
             UPDATE journal SET amount_millis = amount_millis - 1000 WHERE id = (SELECT MAX(id) FROM journal);",
        )
        .expect("tamper");
    }

    fn tamper_actor(&self) {
        let conn = rusqlite::Connection::open(self.dir.path().join("ledger.db")).expect("open");
        conn.execute_batch(
            "DROP TRIGGER journal_no_update;
             UPDATE journal SET actor = 'cli:mallory' WHERE id = (SELECT MAX(id) FROM journal);",
        )
        .expect("tamper");
    }
}

/// One test per scenario, so a failure names it.
macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            conformance::$name(&fresh()).await;
        }
    )*};
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
