//! The daemon's shared state: settings, the ledger service, the clock, and the
//! stop signal. One `Arc<App>` is handed to every socket connection, HTTP handler and job.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use credits_config::Settings;
use credits_ledger::Ledger;
use credits_proto::results::HttpDisabled;
use jiff::Timestamp;
use tokio::sync::watch;

use crate::clock::Clock;

/// Everything a request handler needs.
pub struct App {
    pub settings: Settings,
    /// The ledger service; every transaction goes through it.
    pub ledger: Arc<dyn Ledger>,
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
    /// The file's last integrity check; while it found damage, writes are refused.
    pub integrity: crate::integrity::Integrity,
    /// The HTTP API's per-key rate limits and per-address failed-authentication limits.
    pub throttle: crate::http::throttle::Throttle,
    /// Scheduled backups: the last outcome.
    pub backups: crate::backups::Backups,
    http_addr: Mutex<Option<SocketAddr>>,
    http_disabled: Mutex<Option<HttpDisabled>>,
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
    /// Opens the ledger with `open` (the backend the binary chose), creating the default
    /// workspace on a fresh home.
    pub async fn open(settings: Settings, open: crate::OpenLedger) -> anyhow::Result<App> {
        let clock = match &settings.fake_now {
            Some(s) => {
                let start: Timestamp =
                    s.parse().with_context(|| format!("STUDIO_CREDITS_FAKE_NOW={s:?} is not an RFC 3339 time"))?;
                tracing::warn!(%start, "using a fake clock (STUDIO_CREDITS_FAKE_NOW); for tests only");
                Clock::starting_at(start)
            }
            None => Clock::real(),
        };
        let ledger = open(&settings)?;
        let user = current_user();
        let (stop_tx, _) = watch::channel(false);
        let metrics = crate::metrics::Metrics::new(ledger.clone());
        let purchases = crate::purchases::Purchases::new(&settings);
        let l = settings.http_limits;
        let throttle =
            crate::http::throttle::Throttle::new(l.key_rate_per_second, l.key_burst, l.auth_failures_per_minute);
        let backups = crate::backups::Backups::new(&settings.backup);
        let app = App {
            backups,
            settings,
            ledger,
            clock,
            started_at: clock.now(),
            user,
            purchases,
            metrics,
            holds: crate::holds::HoldTimer::default(),
            billing: Default::default(),
            integrity: crate::integrity::Integrity::default(),
            throttle,
            http_addr: Mutex::new(None),
            http_disabled: Mutex::new(None),
            stop_tx,
        };
        // Before the first write: a damaged file starts a daemon that refuses writes and says why
        // (status, /healthz), rather than one that adds to the damage or one that will not start.
        let checked = crate::integrity::check(&app)
            .await
            .map_err(|e| anyhow::anyhow!("cannot check the ledger at {}: {e}", app.settings.paths.db.display()))?;
        if checked.ok {
            let (catalogue, now, u) = (app.settings.plans.clone(), app.now(), app.user.clone());
            app.ledger.ensure_default(u, catalogue, now).await?;
        }
        Ok(app)
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn http_addr(&self) -> Option<SocketAddr> {
        self.http_addr.lock().ok().and_then(|a| *a)
    }

    pub fn set_http_addr(&self, addr: SocketAddr) {
        if let Ok(mut a) = self.http_addr.lock() {
            *a = Some(addr);
        }
    }

    /// `https` when the HTTP listener is configured to serve TLS (`http.tls_cert`), else `http`.
    pub fn http_scheme(&self) -> &'static str {
        if self.settings.http_tls.wanted() { "https" } else { "http" }
    }

    /// The base URL of this daemon's own listener (`https://127.0.0.1:4402`): the bound address
    /// when listening, else the configured one.
    pub fn http_url(&self) -> String {
        match self.http_addr() {
            Some(a) => format!("{}://{a}", self.http_scheme()),
            None => format!("{}://{}", self.http_scheme(), self.settings.http_listen),
        }
    }

    /// Why the HTTP API is not listening, when it could not start.
    pub fn http_disabled(&self) -> Option<HttpDisabled> {
        self.http_disabled.lock().ok().and_then(|d| d.clone())
    }

    pub fn set_http_disabled(&self, why: HttpDisabled) {
        if let Ok(mut d) = self.http_disabled.lock() {
            *d = Some(why);
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
