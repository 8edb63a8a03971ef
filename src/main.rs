//! The `studio-credits` binary: the CLI, and with `daemon run` the daemon itself.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use std::path::Path;

use anyhow::Context;
use credits_cli::CliError;
use credits_cli::commands::store_copy::{Copied, StoreAt};
use credits_config::Settings;
use credits_ledger::Ledger;

mod store_copy;

/// The daemon's hot path allocates and frees across threads (see the workspace manifest).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match credits_cli::parse() {
        credits_cli::Parsed::Command(cli) => credits_cli::run(*cli, &SqliteFiles),
        credits_cli::Parsed::RunDaemon(settings) => run_daemon(*settings),
    }
}

/// Runs the daemon. Its logs go to stderr (the log file when auto-started) and never panic or
/// block on a failed write: `RUST_LOG` filters them.
fn run_daemon(settings: Settings) -> ExitCode {
    use credits_daemon::logging;
    logging::init();
    let code = match credits_daemon::run(settings, open_ledger) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<credits_daemon::lock::AlreadyRunning>().is_some() => {
            logging::direct(&format!("error: {e}"));
            ExitCode::from(credits_cli::exit::ANOTHER_DAEMON)
        }
        Err(e) => {
            logging::direct(&format!("error: {e:#}"));
            ExitCode::from(1)
        }
    };
    logging::flush(Duration::from_secs(1));
    code
}

/// `restore`'s checks of a SQLite ledger file, by the SQLite backend.
struct SqliteFiles;

impl credits_cli::LedgerFiles for SqliteFiles {
    fn inspect(&self, path: &std::path::Path) -> Result<credits_cli::SnapshotReport, String> {
        credits_store::backup::inspect(path).map_err(|e| e.to_string())
    }

    fn copy_store(&self, from: &StoreAt, to: &StoreAt, ca_cert: Option<&Path>) -> Result<Copied, CliError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| CliError::internal(format!("cannot start the runtime: {e}")))?;
        runtime.block_on(store_copy::copy(from, to, ca_cert))
    }
}

/// The ledger backend the store URL names: the embedded SQLite file by default (created and
/// migrated on first use), or a PostgreSQL database that several daemons share (migrated once,
/// whichever daemon comes first). Errors name the store without its password.
fn open_ledger(settings: &Settings) -> anyhow::Result<Arc<dyn Ledger>> {
    let shown = settings.store.shown(&settings.paths.db);
    match &settings.store {
        credits_config::Store::Sqlite => {
            let path = &settings.paths.db;
            let ledger = credits_store::SqliteLedger::open(path)
                .with_context(|| format!("cannot open the ledger at {}", path.display()))?;
            Ok(Arc::new(ledger))
        }
        credits_config::Store::Postgres(url) => {
            let ledger = credits_pg::PgLedger::open_blocking(url.expose(), settings.store_ca_cert.as_deref())
                .with_context(|| format!("cannot open the ledger at {shown}"))?;
            Ok(Arc::new(ledger))
        }
    }
}
