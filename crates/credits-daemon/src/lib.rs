//! The studio-credits daemon: owns the ledger, answers the CLI on a local socket, serves the
//! HTTP API, and runs the background jobs (monthly rollover, hold expiry, purchases).
//!
//! [`run`] is the whole life of a daemon: lock the ledger, open it, serve until told to
//! stop, clean up.

pub mod app;
pub mod backoff;
pub mod backups;
pub mod caller;
pub mod clock;
pub mod error;
pub mod fds;
pub mod forecast;
pub mod holds;
pub mod http;
pub mod integrity;
pub mod keys;
pub mod lock;
pub mod logging;
pub mod maintenance;
pub mod metrics;
pub mod notify;
pub mod purchases;
pub mod rollover;
pub mod rpc;
pub mod socket;
pub mod tokens;
pub mod usage;
pub mod usage_batch;

use std::sync::Arc;

use anyhow::Context;
use credits_config::Settings;
use credits_ledger::Ledger;

pub use app::App;

/// Opens the ledger a daemon serves. The binary chooses the backend, so this crate knows only
/// the [`Ledger`] trait.
pub type OpenLedger = fn(&Settings) -> anyhow::Result<Arc<dyn Ledger>>;

/// Runs a daemon in the foreground until SIGTERM, SIGINT or a `stop` call, on the ledger `open`
/// returns. Returns an error when it cannot start (another daemon holds the ledger, the ledger
/// cannot be opened, …).
pub fn run(settings: Settings, open: OpenLedger) -> anyhow::Result<()> {
    lock::private_umask();
    let lock = lock::acquire(&settings.paths)?;
    let fd_limit = fds::raise_limit();
    // The ledger writer is a thread of its own and the busiest one under load; the async side
    // gets the other cores, at least one. On 2 cores a second worker only added cross-thread
    // wake-ups: credits-bench measured 10–15% more daemon CPU per debit with it.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores.saturating_sub(1).clamp(1, 4))
        .enable_all()
        .thread_name("credits-daemon")
        .build()
        .context("cannot start the async runtime")?;
    let result = runtime.block_on(serve(settings, open, fd_limit));
    drop(lock);
    result
}

async fn serve(settings: Settings, open: OpenLedger, fd_limit: Option<u64>) -> anyhow::Result<()> {
    let app = Arc::new(App::open(settings, open).await?);
    rollover::start(app.clone()).await;
    let listener = socket::bind(&app.settings.paths.socket)?;
    http::start(app.clone(), fd_limit).await;
    tracing::info!(socket = %app.settings.paths.socket.display(), pid = std::process::id(), "daemon ready");
    let socket_task = tokio::spawn(socket::serve(app.clone(), listener));
    tokio::spawn(maintenance::run(app.clone()));
    tokio::spawn(backups::run(app.clone()));
    tokio::spawn(integrity::run(app.clone()));
    tokio::spawn(purchases::watch::run(app.clone()));
    tokio::spawn(holds::run_expiry(app.clone()));
    tokio::spawn(notify::deliver::run(app.clone()));
    let mut stop = app.stopping();
    tokio::select! {
        _ = stop.changed() => tracing::info!("stop requested"),
        _ = signal_terminate() => tracing::info!("terminated by signal"),
    }
    app.stop();
    socket_task.abort();
    let _ = std::fs::remove_file(&app.settings.paths.socket);
    Ok(())
}

#[cfg(unix)]
async fn signal_terminate() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}

#[cfg(not(unix))]
async fn signal_terminate() {
    let _ = tokio::signal::ctrl_c().await;
}
