//! The daemon's shared state: settings, the ledger writer and readers, the clock, and the
//! stop signal. One `Arc<App>` is handed to every socket connection, HTTP handler and job.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use credits_config::Settings;
use credits_store::{Readers, StoreError, Writer};
use jiff::Timestamp;
use rusqlite::Connection;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::error::AppError;

/// Everything a request handler needs.
pub struct App {
    pub settings: Settings,
    pub writer: Writer,
    pub readers: Arc<Readers>,
    pub clock: Clock,
    pub started_at: Timestamp,
    /// The OS user the daemon runs as; the first seat of new workspaces.
    pub user: String,
    /// Purchases through Stripe: clients, waiters, the crash test aid.
    pub purchases: crate::purchases::Purchases,
    /// Prometheus metrics (`GET /metrics`).
    pub metrics: crate::metrics::Metrics,
    /// Wakes the hold expiry job.
    pub holds: crate::holds::HoldTimer,
    /// The billing page's login links, capability links and browser sessions.
    pub billing: crate::http::billing::sessions::Sessions,
    /// The database file, for checks that need a connection of their own.
    pub db: credits_store::Db,
    /// The file's last integrity check; while it found damage, writes are refused.
    pub integrity: crate::integrity::Integrity,
    http_addr: Mutex<Option<SocketAddr>>,
    stop_tx: watch::Sender<bool>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("db", &self.settings.paths.db).finish_non_exhaustive()
    }
}

/// The OS user name from the environment, or `me`.
pub fn current_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "me".to_owned())
}

impl App {
    /// Opens the ledger (creating the default workspace on a fresh home) and starts the writer.
    pub async fn open(settings: Settings) -> anyhow::Result<App> {
        let clock = match &settings.fake_now {
            Some(s) => {
                let start: Timestamp =
                    s.parse().with_context(|| format!("STUDIO_CREDITS_FAKE_NOW={s:?} is not an RFC 3339 time"))?;
                tracing::warn!(%start, "using a fake clock (STUDIO_CREDITS_FAKE_NOW); for tests only");
                Clock::starting_at(start)
            }
            None => Clock::real(),
        };
        let db = credits_store::open(&settings.paths.db)
            .with_context(|| format!("cannot open the ledger at {}", settings.paths.db.display()))?;
        let writer = Writer::start(&db)?;
        let readers = Arc::new(Readers::new(&db));
        let user = current_user();
        let (stop_tx, _) = watch::channel(false);
        let metrics = crate::metrics::Metrics::new(writer.clone());
        let purchases = crate::purchases::Purchases::new(&settings);
        let app = App {
            settings,
            writer,
            readers,
            clock,
            started_at: clock.now(),
            user,
            purchases,
            metrics,
            holds: crate::holds::HoldTimer::default(),
            billing: Default::default(),
            db,
            integrity: crate::integrity::Integrity::default(),
            http_addr: Mutex::new(None),
            stop_tx,
        };
        // Before the first write: a damaged file starts a daemon that refuses writes and says why
        // (status, /healthz), rather than one that adds to the damage or one that will not start.
        let checked = crate::integrity::check(&app)
            .await
            .map_err(|e| anyhow::anyhow!("cannot check the ledger at {}: {e}", app.settings.paths.db.display()))?;
        if checked.ok {
            let (catalogue, now, u) = (app.settings.plans.clone(), app.now(), app.user.clone());
            app.writer.write(move |c| credits_store::workspace::ensure_default(c, &u, &catalogue, now)).await?;
        }
        Ok(app)
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Runs a read on a pooled connection off the async threads.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let readers = self.readers.clone();
        Ok(tokio::task::spawn_blocking(move || readers.read(f)).await??)
    }

    /// Runs a point read (a handful of indexed rows: a seat's balance, a token) on the calling
    /// thread. Handing it to the blocking pool costs two thread switches, more than such a read
    /// itself (WAL readers never wait for the writer); reads that scan (history, verify,
    /// reports, every seat of a workspace) go through [`App::read`].
    pub fn read_point<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, AppError> {
        Ok(self.readers.read(f)?)
    }

    /// Runs a mutation in the writer's next group commit.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        Ok(self.writer.write(f).await?)
    }

    pub fn http_addr(&self) -> Option<SocketAddr> {
        self.http_addr.lock().ok().and_then(|a| *a)
    }

    pub fn set_http_addr(&self, addr: SocketAddr) {
        if let Ok(mut a) = self.http_addr.lock() {
            *a = Some(addr);
        }
    }

    /// Asks every task to stop.
    pub fn stop(&self) {
        let _ = self.stop_tx.send(true);
    }

    /// A receiver that changes when the daemon is stopping.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stop_tx.subscribe()
    }
}
