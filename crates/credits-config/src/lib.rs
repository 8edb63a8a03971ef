//! Where studio-credits keeps its files and how settings are resolved: flag > environment >
//! config file > default. The environment is passed in, so resolution is testable and the
//! daemon and CLI agree on it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use credits_core::{Cents, Credits, Plan, PlanCatalogue};
use serde::{Deserialize, Serialize};

pub mod backup;
pub mod lockfile;
pub mod private;
pub mod store;

pub use store::Store;

/// Default HTTP listen address: loopback only.
pub const DEFAULT_HTTP_LISTEN: &str = "127.0.0.1:4402";
/// Stripe's API.
pub const DEFAULT_STRIPE_API_BASE: &str = "https://api.stripe.com";

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("invalid config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("cannot find a home directory; set STUDIO_CREDITS_HOME or HOME")]
    NoHome,
    #[error("invalid {name}: {message}")]
    Env { name: &'static str, message: String },
    /// `[client] token` in a file others can read (or that is not the user's): the key may
    /// already be known, so it is not used.
    #[error(
        "refusing the API key in {path}: {why}; run `chmod 600 {path}` (and replace the key if others could \
         read it), or set STUDIO_CREDITS_TOKEN instead"
    )]
    TokenFile { path: PathBuf, why: String },
}

/// A secret (Stripe key, webhook secret): never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("<redacted>")
    }
}

/// The files of one installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paths {
    /// Holds the database, the lock file and the log: the same in every environment of a user.
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
    /// Holds the socket by default: `$XDG_RUNTIME_DIR/studio-credits`, else
    /// `/run/user/<uid>/studio-credits` when that is the user's, else the data directory.
    pub runtime_dir: PathBuf,
    pub db: PathBuf,
    pub socket: PathBuf,
    /// The lock file that keeps one daemon per ledger and says where it listens (see
    /// [`lockfile`]); beside the database.
    pub pidfile: PathBuf,
    pub log: PathBuf,
}

/// The config file, as written by people. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub socket: Option<PathBuf>,
    #[serde(default)]
    pub http: HttpFile,
    #[serde(default)]
    pub stripe: StripeFile,
    #[serde(default)]
    pub topup: TopupFile,
    #[serde(default)]
    pub holds: HoldsFile,
    #[serde(default)]
    pub billing: BillingFile,
    #[serde(default)]
    pub client: ClientFile,
    #[serde(default)]
    pub store: StoreFile,
    #[serde(default)]
    pub backup: backup::BackupFile,
    #[serde(default)]
    pub webhooks: WebhooksFile,
    /// Overrides or additions to the plan catalogue, by plan name.
    #[serde(default)]
    pub plans: BTreeMap<String, PlanFile>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpFile {
    pub listen: Option<String>,
    /// Public base URL used in `buy_url` links of 402 answers.
    pub public_url: Option<String>,
    /// Seconds a connection has to send a request's head, from opening it or from its last answer.
    pub header_timeout_seconds: Option<u64>,
    /// Seconds a connection may sit with no request in flight and no bytes moving.
    pub idle_timeout_seconds: Option<u64>,
    /// Most HTTP connections served at once (default: from the open-file limit).
    pub max_connections: Option<u64>,
    /// PEM certificate chain: with `tls_key`, the HTTP listener serves HTTPS.
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of `tls_cert`; only its owner may read it.
    pub tls_key: Option<PathBuf>,
    /// Requests per second one API key may make, on average (default 50).
    pub key_rate_per_second: Option<u32>,
    /// Requests one API key may make at once above its rate (default 100).
    pub key_burst: Option<u32>,
    /// Failed authentications a client address may make in a minute before it gets 429 for the
    /// rest of that minute (default 20).
    pub auth_failures_per_minute: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StripeFile {
    pub secret_key: Option<Secret>,
    pub webhook_secret: Option<Secret>,
    pub api_base: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopupFile {
    pub credits_per_usd: Option<i64>,
    pub min_cents: Option<i64>,
    pub max_cents: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldsFile {
    pub ttl_seconds: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingFile {
    /// Origins (`https://app.example.com`) a `buy_url` may send the buyer back to (`return_to`).
    pub return_origins: Option<Vec<String>>,
    /// Seconds a login link of `studio-credits open` stays usable.
    pub login_link_seconds: Option<u64>,
    /// Seconds the `buy_url` of a 402 stays usable.
    pub buy_link_seconds: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksFile {
    /// Hosts webhook endpoints may be on (`hooks.example.com`, `*.example.com`, `127.0.0.1`);
    /// default: any public host over https, and loopback over http or https.
    pub allow_hosts: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientFile {
    /// Seconds the CLI waits for each answer of the daemon.
    pub timeout_seconds: Option<f64>,
    /// Remote mode: the central daemon's URL (`https://credits.example:4402`).
    pub server: Option<String>,
    /// Remote mode: the workspace API key (`sck_…`); only in a file that is the user's, mode 0600.
    pub token: Option<Secret>,
    /// Remote mode: a PEM bundle of CA certificates to trust beside the built-in roots.
    pub ca_cert: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreFile {
    /// `sqlite://PATH` (relative to the config file's directory) or `postgres://…`.
    pub url: Option<Secret>,
    /// PEM bundle of the CA that signed the PostgreSQL server's certificate, for
    /// `sslmode=require` (relative to the config file's directory); trusted beside the built-in
    /// roots.
    pub ca_cert: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub price_cents: i64,
    /// Included credits per seat and month, as a decimal string or integer.
    pub included: toml::Value,
}

/// Stripe settings in effect.
#[derive(Debug, Clone, Serialize)]
pub struct StripeSettings {
    pub secret_key: Option<Secret>,
    pub webhook_secret: Option<Secret>,
    pub api_base: String,
}

/// Top-up rules in effect.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TopupSettings {
    pub credits_per_usd: i64,
    pub min: Cents,
    pub max: Cents,
}

/// Limits on HTTP connections, so that no client can take every descriptor or task.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct HttpLimits {
    pub header_timeout_seconds: u64,
    pub idle_timeout_seconds: u64,
    /// `None`: derived from the daemon's open-file limit when it starts.
    pub max_connections: Option<u64>,
    pub key_rate_per_second: u32,
    pub key_burst: u32,
    pub auth_failures_per_minute: u32,
}

/// The certificate and key the HTTP listener serves HTTPS with (`STUDIO_CREDITS_TLS_CERT` /
/// `STUDIO_CREDITS_TLS_KEY`, `[http] tls_cert` / `tls_key`; a relative path in the file is
/// relative to the file's directory). Both or neither: the daemon refuses one without the other.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HttpTls {
    #[serde(rename = "http_tls_cert")]
    pub cert: Option<PathBuf>,
    #[serde(rename = "http_tls_key")]
    pub key: Option<PathBuf>,
}

impl HttpTls {
    /// Whether HTTPS was asked for at all.
    pub fn wanted(&self) -> bool {
        self.cert.is_some() || self.key.is_some()
    }
}

/// Remote mode in effect: the CLI talks to the daemon at `server` over HTTP(S) with `token`
/// instead of the local socket, and never starts a daemon.
#[derive(Debug, Clone, Serialize)]
pub struct RemoteSettings {
    /// `--server`, `STUDIO_CREDITS_SERVER`, `[client] server`.
    pub server: String,
    /// `STUDIO_CREDITS_TOKEN`, `[client] token`: the workspace API key (redacted when shown).
    pub token: Option<Secret>,
    /// `STUDIO_CREDITS_CA_CERT`, `[client] ca_cert`: extra CA certificates (PEM) to trust.
    pub ca_cert: Option<PathBuf>,
    /// `--insecure-http`: plain `http://` allowed to a non-loopback host.
    pub insecure_http: bool,
}

/// The billing page's settings in effect.
#[derive(Debug, Clone, Serialize)]
pub struct BillingSettings {
    /// Normalized origins (`scheme://host[:port]`, lower case) allowed as `return_to`.
    pub return_origins: Vec<String>,
    pub login_link_seconds: u64,
    pub buy_link_seconds: u64,
}

/// `scheme://host[:port]` of an http(s) URL, in lower case; `None` for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // Userinfo (`user@host`) is a classic way to disguise where a link really goes.
    if authority.is_empty() || authority.contains(['@', '\\', ' ']) {
        return None;
    }
    Some(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// Outgoing webhooks' settings in effect.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookSettings {
    /// `[webhooks] allow_hosts`, lower case; `None`: any public host over https, loopback too.
    pub allow_hosts: Option<Vec<String>>,
    /// `STUDIO_CREDITS_WEBHOOK_RETRY_MS`: the first retry's delay in milliseconds (default
    /// 1000), a test aid; each retry doubles it up to an hour.
    pub retry_base_ms: i64,
}

/// Every setting in effect, after precedence.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub paths: Paths,
    pub http_listen: String,
    pub public_url: Option<String>,
    pub http_limits: HttpLimits,
    /// Shown as `http_tls_cert` / `http_tls_key` beside `http_listen` (no empty table when off).
    #[serde(flatten)]
    pub http_tls: HttpTls,
    pub stripe: StripeSettings,
    pub topup: TopupSettings,
    pub hold_ttl_seconds: i64,
    pub billing: BillingSettings,
    pub webhooks: WebhookSettings,
    /// How long the CLI waits for each answer of the daemon (`--timeout`,
    /// `STUDIO_CREDITS_TIMEOUT`, `client.timeout_seconds`); `None`: the CLI's defaults, shorter
    /// for reads than for changes.
    #[serde(rename = "client_timeout_seconds", serialize_with = "ser_seconds")]
    pub client_timeout: Option<Duration>,
    /// Remote mode (`--server` / `STUDIO_CREDITS_SERVER` / `[client] server`); `None`: the
    /// local daemon.
    pub remote: Option<RemoteSettings>,
    #[serde(serialize_with = "ser_plans")]
    pub plans: PlanCatalogue,
    /// `STUDIO_CREDITS_FAKE_NOW`: a test aid that starts the daemon's clock at this instant.
    pub fake_now: Option<String>,
    /// `STUDIO_CREDITS_ROLLOVER_PAUSED=1`: a test and maintenance aid that keeps the daemon from
    /// applying monthly resets by itself; `studio-credits rollover` still applies them.
    pub rollover_paused: bool,
    /// The ledger's backend (`STUDIO_CREDITS_STORE`, `[store] url`; `sqlite://PATH` sets
    /// `paths.db`). Not serialized: its URL may hold a password ([`Store::shown`] redacts it).
    #[serde(skip)]
    pub store: Store,
    /// The store URL given to this process by `--store` or `STUDIO_CREDITS_STORE`: a daemon
    /// the CLI starts gets it in its environment, never on its command line (which other local
    /// users can read in /proc).
    #[serde(skip)]
    pub store_override: Option<Secret>,
    /// The CA bundle a PostgreSQL store's certificate is checked against beside the built-in
    /// roots (`STUDIO_CREDITS_STORE_CA_CERT`, `[store] ca_cert`).
    pub store_ca_cert: Option<PathBuf>,
    /// Scheduled backups (`[backup]`).
    pub backup: backup::BackupSettings,
}

fn ser_seconds<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    d.map(|d| d.as_secs_f64()).serialize(s)
}

/// Longest wait a timeout may ask for (a day): beyond that, a typo rather than a wish.
const MAX_TIMEOUT_SECONDS: f64 = 86_400.0;

/// Parses a timeout in seconds: a positive number, decimals allowed (`0.5`, `5`, `30`).
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s.parse().map_err(|_| format!("{s:?} is not a number of seconds; use e.g. 5 or 0.5"))?;
    timeout_from_seconds(secs)
}

fn timeout_from_seconds(secs: f64) -> Result<Duration, String> {
    if !(secs > 0.0 && secs <= MAX_TIMEOUT_SECONDS) {
        return Err(format!("a timeout must be more than 0 and at most {MAX_TIMEOUT_SECONDS} seconds"));
    }
    Ok(Duration::from_secs_f64(secs))
}

fn ser_plans<S: serde::Serializer>(p: &PlanCatalogue, s: S) -> Result<S::Ok, S::Error> {
    p.all().serialize(s)
}

/// Command-line overrides (highest precedence).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub socket: Option<PathBuf>,
    pub http_listen: Option<String>,
    /// `--timeout`.
    pub timeout: Option<Duration>,
    /// `--server`.
    pub server: Option<String>,
    /// `--insecure-http`.
    pub insecure_http: bool,
    /// `--store` (clap also fills it from `STUDIO_CREDITS_STORE`).
    pub store: Option<Secret>,
}

impl Settings {
    /// Resolves every setting from `overrides`, the environment `env`, and the config file.
    pub fn load(overrides: &Overrides, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let paths = default_paths(&|k| env(k).filter(|v| !v.is_empty()))?;
        let file = read_file(&paths.config_file)?;
        Settings::resolve(paths, &file, overrides, env)
    }

    /// Like [`Settings::load`], but a config file that cannot be read, parsed or accepted is
    /// set aside rather than fatal: the settings are resolved as if it were absent (keeping its
    /// `socket` when the file is at least TOML), and its problem is returned beside them. For
    /// the commands that must work while the file is being edited (`daemon stop`, `daemon
    /// status`); other problems (no home, a bad environment variable) are still errors.
    pub fn load_lenient(
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(Settings, Option<ConfigError>), ConfigError> {
        match Settings::load(overrides, env) {
            Ok(s) => Ok((s, None)),
            Err(problem @ (ConfigError::Parse { .. } | ConfigError::Read { .. })) => {
                let paths = default_paths(&|k| env(k).filter(|v| !v.is_empty()))?;
                let file = FileConfig { socket: salvage_socket(&paths.config_file), ..FileConfig::default() };
                Ok((Settings::resolve(paths, &file, overrides, env)?, Some(problem)))
            }
            Err(e) => Err(e),
        }
    }

    /// Resolves every setting from `overrides`, the environment `env` and an already read `file`.
    fn resolve(
        mut paths: Paths,
        file: &FileConfig,
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let env = |k: &str| env(k).filter(|v| !v.is_empty());
        if let Some(s) =
            overrides.socket.clone().or_else(|| env("STUDIO_CREDITS_SOCKET").map(PathBuf::from)).or(file.socket.clone())
        {
            paths.socket = s;
        }
        let http_listen = overrides
            .http_listen
            .clone()
            .or_else(|| env("STUDIO_CREDITS_HTTP_LISTEN"))
            .or(file.http.listen.clone())
            .unwrap_or_else(|| DEFAULT_HTTP_LISTEN.to_owned());
        let stripe = StripeSettings {
            secret_key: env("STRIPE_SECRET_KEY").map(Secret).or(file.stripe.secret_key.clone()),
            webhook_secret: env("STRIPE_WEBHOOK_SECRET").map(Secret).or(file.stripe.webhook_secret.clone()),
            api_base: env("STUDIO_CREDITS_STRIPE_API_BASE")
                .or(file.stripe.api_base.clone())
                .unwrap_or_else(|| DEFAULT_STRIPE_API_BASE.to_owned())
                .trim_end_matches('/')
                .to_owned(),
        };
        let topup = TopupSettings {
            credits_per_usd: file.topup.credits_per_usd.unwrap_or(100),
            min: Cents::new(file.topup.min_cents.unwrap_or(500)),
            max: Cents::new(file.topup.max_cents.unwrap_or(100_000)),
        };
        let bad = |m: String| ConfigError::Parse { path: paths.config_file.clone(), message: m };
        if topup.credits_per_usd <= 0 || topup.min.get() <= 0 || topup.max < topup.min {
            return Err(bad("topup: credits_per_usd and min_cents must be positive and max_cents ≥ min_cents".into()));
        }
        let http_limits = HttpLimits {
            header_timeout_seconds: file.http.header_timeout_seconds.unwrap_or(10),
            idle_timeout_seconds: file.http.idle_timeout_seconds.unwrap_or(5),
            max_connections: file.http.max_connections,
            key_rate_per_second: file.http.key_rate_per_second.unwrap_or(50),
            key_burst: file.http.key_burst.unwrap_or(100),
            auth_failures_per_minute: file.http.auth_failures_per_minute.unwrap_or(20),
        };
        if http_limits.header_timeout_seconds == 0
            || http_limits.idle_timeout_seconds == 0
            || http_limits.max_connections == Some(0)
        {
            return Err(bad(
                "http: header_timeout_seconds, idle_timeout_seconds and max_connections must be positive".into()
            ));
        }
        let config_dir = paths.config_file.parent().map(Path::to_path_buf).unwrap_or_default();
        let tls_path = |var: &str, in_file: &Option<PathBuf>| {
            env(var).map(PathBuf::from).or_else(|| in_file.as_ref().map(|p| config_dir.join(p)))
        };
        // Which setting named the store, for its error: the flag, the variable or the file.
        let (store_name, from_env) = match &overrides.store {
            Some(url) => ("--store / STUDIO_CREDITS_STORE", Some(url.clone())),
            None => ("STUDIO_CREDITS_STORE", env("STUDIO_CREDITS_STORE").map(Secret)),
        };
        let store_override = overrides.store.clone();
        let store = match from_env
            .filter(|u| !u.expose().is_empty())
            .map(|u| (u, None))
            .or_else(|| file.store.url.clone().map(|u| (u, Some(config_dir.as_path()))))
        {
            None => Store::Sqlite,
            Some((url, base)) => match store::parse(url.expose(), base) {
                Ok(store::Parsed::Sqlite(path)) => {
                    paths.db = path;
                    Store::Sqlite
                }
                Ok(store::Parsed::Postgres(url)) => Store::Postgres(url),
                Err(message) if base.is_none() => {
                    return Err(ConfigError::Env { name: store_name, message });
                }
                Err(message) => return Err(bad(format!("store.url: {message}"))),
            },
        };
        let http_tls = HttpTls {
            cert: tls_path("STUDIO_CREDITS_TLS_CERT", &file.http.tls_cert),
            key: tls_path("STUDIO_CREDITS_TLS_KEY", &file.http.tls_key),
        };
        if http_limits.key_rate_per_second == 0
            || http_limits.key_burst == 0
            || http_limits.auth_failures_per_minute == 0
        {
            return Err(bad(
                "http: key_rate_per_second, key_burst and auth_failures_per_minute must be positive".into()
            ));
        }
        let mut return_origins = Vec::new();
        for o in file.billing.return_origins.iter().flatten() {
            let trimmed = o.trim_end_matches('/');
            match origin_of(trimmed) {
                Some(origin) if origin.len() == trimmed.len() => return_origins.push(origin),
                _ => {
                    return Err(bad(format!(
                        "billing.return_origins: {o:?} is not an origin such as \"https://app.example.com\""
                    )));
                }
            }
        }
        let billing = BillingSettings {
            return_origins,
            login_link_seconds: file.billing.login_link_seconds.unwrap_or(60).max(1),
            buy_link_seconds: file.billing.buy_link_seconds.unwrap_or(15 * 60).max(1),
        };
        let mut allow_hosts = None;
        if let Some(hosts) = &file.webhooks.allow_hosts {
            let mut list = Vec::new();
            for h in hosts {
                let bare = h.strip_prefix("*.").unwrap_or(h);
                if bare.is_empty() || bare.contains(['/', '@', ' ', '*']) {
                    return Err(bad(format!(
                        "webhooks.allow_hosts: {h:?} is not a host such as \"hooks.example.com\" or \"*.example.com\""
                    )));
                }
                list.push(h.to_ascii_lowercase());
            }
            allow_hosts = Some(list);
        }
        let retry_base_ms = match env("STUDIO_CREDITS_WEBHOOK_RETRY_MS") {
            Some(v) => v.parse::<i64>().ok().filter(|&n| n > 0).ok_or_else(|| ConfigError::Env {
                name: "STUDIO_CREDITS_WEBHOOK_RETRY_MS",
                message: format!("{v:?} is not a positive number of milliseconds"),
            })?,
            None => 1000,
        };
        let webhooks = WebhookSettings { allow_hosts, retry_base_ms };
        let client_timeout = match (overrides.timeout, env("STUDIO_CREDITS_TIMEOUT"), file.client.timeout_seconds) {
            (Some(t), _, _) => Some(t),
            (None, Some(v), _) => Some(
                parse_timeout(&v).map_err(|message| ConfigError::Env { name: "STUDIO_CREDITS_TIMEOUT", message })?,
            ),
            (None, None, Some(secs)) => {
                Some(timeout_from_seconds(secs).map_err(|m| bad(format!("client.timeout_seconds: {m}")))?)
            }
            (None, None, None) => None,
        };
        let remote = remote_settings(file, overrides, &env, &paths.config_file, &config_dir)?;
        // Default snapshots go next to the ledger file (the store URL may have moved it).
        let ledger_dir = paths.db.parent().map_or_else(|| paths.data_dir.clone(), Path::to_path_buf);
        let backup = backup::resolve(&file.backup, &config_dir, &ledger_dir).map_err(bad)?;
        let mut plans: Vec<Plan> = PlanCatalogue::default().all().to_vec();
        for (name, p) in &file.plans {
            let included = match &p.included {
                toml::Value::Integer(i) => Credits::from_whole(*i),
                toml::Value::String(s) => Credits::parse(s).ok(),
                _ => None,
            }
            .ok_or_else(|| bad(format!("plans.{name}.included must be a credit amount such as 2500 or \"2500.5\"")))?;
            if p.price_cents < 0 {
                return Err(bad(format!("plans.{name}.price_cents must not be negative")));
            }
            plans.retain(|q| &q.name != name);
            plans.push(Plan { name: name.clone(), price_cents: Cents::new(p.price_cents), included });
        }
        Ok(Settings {
            paths,
            http_listen,
            public_url: file.http.public_url.clone(),
            http_limits,
            http_tls,
            stripe,
            topup,
            hold_ttl_seconds: file.holds.ttl_seconds.unwrap_or(900).max(1),
            billing,
            webhooks,
            client_timeout,
            remote,
            plans: PlanCatalogue::new(plans),
            fake_now: env("STUDIO_CREDITS_FAKE_NOW"),
            rollover_paused: env("STUDIO_CREDITS_ROLLOVER_PAUSED").is_some_and(|v| v != "0" && v != "false"),
            store,
            store_override,
            store_ca_cert: tls_path("STUDIO_CREDITS_STORE_CA_CERT", &file.store.ca_cert),
            backup,
        })
    }

    /// Loads with the process environment.
    pub fn from_process_env(overrides: &Overrides) -> Result<Settings, ConfigError> {
        Settings::load(overrides, &|k| std::env::var(k).ok())
    }

    /// [`Settings::load_lenient`] with the process environment.
    pub fn from_process_env_lenient(overrides: &Overrides) -> Result<(Settings, Option<ConfigError>), ConfigError> {
        Settings::load_lenient(overrides, &|k| std::env::var(k).ok())
    }
}

/// Remote mode's settings: the server from the flag, the environment or the file (none: local
/// mode); the key from the environment or the file, which must then be private (a key in a file
/// others can read is refused even when the environment's is used: it may already be known).
fn remote_settings(
    file: &FileConfig,
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    config_file: &Path,
    config_dir: &Path,
) -> Result<Option<RemoteSettings>, ConfigError> {
    if file.client.token.is_some() {
        private::check_secret_file(config_file).map_err(|e| ConfigError::TokenFile {
            path: config_file.to_owned(),
            why: match e {
                private::PrivateError::Readable { mode, .. } => format!("others can read it (mode {mode:04o})"),
                other => other.to_string(),
            },
        })?;
    }
    let server = overrides.server.clone().filter(|s| !s.is_empty()).or_else(|| env("STUDIO_CREDITS_SERVER"));
    let Some(server) = server.or(file.client.server.clone()).filter(|s| !s.is_empty()) else { return Ok(None) };
    Ok(Some(RemoteSettings {
        server,
        token: env("STUDIO_CREDITS_TOKEN").map(Secret).or(file.client.token.clone()),
        ca_cert: env("STUDIO_CREDITS_CA_CERT")
            .map(PathBuf::from)
            .or_else(|| file.client.ca_cert.as_ref().map(|p| config_dir.join(p))),
        insecure_http: overrides.insecure_http,
    }))
}

fn default_paths(env: &dyn Fn(&str) -> Option<String>) -> Result<Paths, ConfigError> {
    let (data_dir, config_dir, runtime_dir) = if let Some(home) = env("STUDIO_CREDITS_HOME") {
        let h = PathBuf::from(home);
        (h.clone(), h.clone(), h)
    } else {
        let home = env("HOME").map(PathBuf::from).ok_or(ConfigError::NoHome)?;
        let data =
            env("XDG_DATA_HOME").map(PathBuf::from).unwrap_or_else(|| home.join(".local/share")).join("studio-credits");
        let config =
            env("XDG_CONFIG_HOME").map(PathBuf::from).unwrap_or_else(|| home.join(".config")).join("studio-credits");
        // cron, ssh and sudo sessions often lack XDG_RUNTIME_DIR; systemd's directory for the
        // user is still there, and the lock file finds the daemon wherever it listens anyway.
        let runtime = env("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .or_else(private::system_runtime_dir)
            .map_or_else(|| data.clone(), |d| d.join("studio-credits"));
        (data, config, runtime)
    };
    Ok(Paths {
        db: data_dir.join("credits.db"),
        log: data_dir.join("daemon.log"),
        config_file: config_dir.join("config.toml"),
        socket: runtime_dir.join("daemon.sock"),
        pidfile: data_dir.join("daemon.pid"),
        data_dir,
        runtime_dir,
    })
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            toml::from_str(&text).map_err(|e| ConfigError::Parse { path: path.to_owned(), message: e.to_string() })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(e) => Err(ConfigError::Read { path: path.to_owned(), source: e }),
    }
}

/// The `socket` of a config file that is TOML but not a valid config (an unknown key, a bad
/// value elsewhere): where a daemon started with it listens.
fn salvage_socket(path: &Path) -> Option<PathBuf> {
    let table: toml::Table = std::fs::read_to_string(path).ok()?.parse().ok()?;
    table.get("socket")?.as_str().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)], file: Option<&str>) -> Settings {
        let dir = tempfile::tempdir().unwrap();
        if let Some(f) = file {
            std::fs::write(dir.path().join("config.toml"), f).unwrap();
        }
        let mut map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        map.insert("STUDIO_CREDITS_HOME".into(), dir.path().display().to_string());
        Settings::load(&Overrides::default(), &|k| map.get(k).cloned()).unwrap()
    }

    #[test]
    fn every_section_of_the_file_may_be_left_out() {
        // An empty file and a file of one section both load: no section is required.
        let empty: FileConfig = toml::from_str("").expect("an empty config file loads");
        assert!(empty.plans.is_empty());
        let one: FileConfig = toml::from_str("[plans.bench]\nprice_cents = 0\nincluded = 1000\n").expect("one section");
        assert_eq!(one.plans.len(), 1);
    }

    #[test]
    fn the_lock_lives_beside_the_database_whatever_the_runtime_dir() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path().display().to_string();
        let run = t.path().join("run").display().to_string();
        let with: HashMap<&str, &str> = [("HOME", home.as_str()), ("XDG_RUNTIME_DIR", run.as_str())].into();
        let without: HashMap<&str, &str> = [("HOME", home.as_str())].into();
        let a = Settings::load(&Overrides::default(), &|k| with.get(k).map(|v| v.to_string())).unwrap().paths;
        let b = Settings::load(&Overrides::default(), &|k| without.get(k).map(|v| v.to_string())).unwrap().paths;
        assert_eq!(a.pidfile, t.path().join(".local/share/studio-credits/daemon.pid"));
        assert_eq!((&a.pidfile, &a.db), (&b.pidfile, &b.db));
        assert_eq!(a.socket, t.path().join("run/studio-credits/daemon.sock"));
        let fallback = private::system_runtime_dir().map_or(b.data_dir.clone(), |d| d.join("studio-credits"));
        assert_eq!(b.socket, fallback.join("daemon.sock"));
    }

    #[test]
    fn env_beats_file_beats_default() {
        let s = load(&[], None);
        assert_eq!(s.http_listen, DEFAULT_HTTP_LISTEN);
        let s = load(&[], Some("[http]\nlisten = \"127.0.0.1:9\"\n"));
        assert_eq!(s.http_listen, "127.0.0.1:9");
        let s = load(&[("STUDIO_CREDITS_HTTP_LISTEN", "127.0.0.1:0")], Some("[http]\nlisten = \"127.0.0.1:9\"\n"));
        assert_eq!(s.http_listen, "127.0.0.1:0");
    }

    #[test]
    fn tls_paths_come_from_env_then_file_relative_to_its_directory() {
        let s = load(&[], None);
        assert!(!s.http_tls.wanted());
        let s = load(&[], Some("[http]\ntls_cert = \"tls/cert.pem\"\ntls_key = \"/etc/k.pem\"\n"));
        let dir = s.paths.config_file.parent().unwrap().to_path_buf();
        assert_eq!(s.http_tls.cert, Some(dir.join("tls/cert.pem")));
        assert_eq!(s.http_tls.key.as_deref(), Some(Path::new("/etc/k.pem")));
        let s = load(&[("STUDIO_CREDITS_TLS_CERT", "/x/c.pem")], Some("[http]\ntls_cert = \"c.pem\"\n"));
        assert_eq!(s.http_tls.cert.as_deref(), Some(Path::new("/x/c.pem")));
        assert!(s.http_tls.wanted() && s.http_tls.key.is_none());
    }

    #[test]
    fn http_limits_have_defaults_and_refuse_zero() {
        let s = load(&[], None);
        assert_eq!((s.http_limits.header_timeout_seconds, s.http_limits.idle_timeout_seconds), (10, 5));
        assert_eq!(s.http_limits.max_connections, None);
        let s = load(&[], Some("[http]\nheader_timeout_seconds = 3\nmax_connections = 50\n"));
        assert_eq!((s.http_limits.header_timeout_seconds, s.http_limits.max_connections), (3, Some(50)));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "[http]\nmax_connections = 0\n").unwrap();
        let home = dir.path().display().to_string();
        let err = Settings::load(&Overrides::default(), &|k| (k == "STUDIO_CREDITS_HOME").then(|| home.clone()));
        assert!(err.unwrap_err().to_string().contains("max_connections"));
    }

    #[test]
    fn return_origins_are_origins() {
        let s = load(&[], Some("[billing]\nreturn_origins = [\"HTTPS://App.Example/\", \"http://127.0.0.1:9\"]\n"));
        assert_eq!(s.billing.return_origins, ["https://app.example", "http://127.0.0.1:9"]);
        assert_eq!((s.billing.login_link_seconds, s.billing.buy_link_seconds), (60, 900));
        for bad in ["https://app.example/path", "javascript:x", "https://u@evil.example", "app.example"] {
            let dir = tempfile::tempdir().unwrap();
            let text = format!("[billing]\nreturn_origins = [\"{bad}\"]\n");
            std::fs::write(dir.path().join("config.toml"), text).unwrap();
            let home = dir.path().display().to_string();
            let err = Settings::load(&Overrides::default(), &|k| (k == "STUDIO_CREDITS_HOME").then(|| home.clone()));
            assert!(err.unwrap_err().to_string().contains("return_origins"), "{bad}");
        }
        assert_eq!(origin_of("https://a.example:8443/x?y#z").as_deref(), Some("https://a.example:8443"));
        assert_eq!(origin_of("ftp://a.example"), None);
    }

    #[test]
    fn client_timeout_flag_beats_env_beats_file() {
        assert_eq!(load(&[], None).client_timeout, None);
        let file = Some("[client]\ntimeout_seconds = 12\n");
        assert_eq!(load(&[], file).client_timeout, Some(Duration::from_secs(12)));
        assert_eq!(load(&[("STUDIO_CREDITS_TIMEOUT", "0.5")], file).client_timeout, Some(Duration::from_millis(500)));
        for bad in ["0", "-1", "soon", "NaN", "1e9"] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn remote_server_flag_beats_env_beats_file_and_the_token_is_redacted() {
        assert!(load(&[], None).remote.is_none());
        assert!(load(&[("STUDIO_CREDITS_TOKEN", "sck_x")], None).remote.is_none(), "a key alone is not remote mode");
        let text = "[client]\nserver = \"https://file.example\"\n";
        let file = Some(text);
        assert_eq!(load(&[], file).remote.unwrap().server, "https://file.example");
        let env = [("STUDIO_CREDITS_SERVER", "https://env.example"), ("STUDIO_CREDITS_TOKEN", "sck_secret1")];
        let r = load(&env, file).remote.unwrap();
        assert_eq!((r.server.as_str(), r.token.as_ref().unwrap().expose()), ("https://env.example", "sck_secret1"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), text).unwrap();
        let home = dir.path().display().to_string();
        let map: HashMap<&str, String> =
            [("STUDIO_CREDITS_HOME", home), ("STUDIO_CREDITS_SERVER", "https://env.example".into())].into();
        let flag =
            Overrides { server: Some("https://flag.example".into()), insecure_http: true, ..Overrides::default() };
        let s = Settings::load(&flag, &|k| map.get(k).cloned()).unwrap();
        let r = s.remote.as_ref().unwrap();
        assert_eq!((r.server.as_str(), r.insecure_http), ("https://flag.example", true));
        let shown = format!("{s:?} {}", serde_json::to_string(&load(&env, None)).unwrap());
        assert!(!shown.contains("sck_secret1"), "{shown}");
    }

    #[cfg(unix)]
    #[test]
    fn a_token_in_a_config_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[client]\nserver = \"https://h.example\"\ntoken = \"sck_filekey\"\n").unwrap();
        let home = dir.path().display().to_string();
        let env = |k: &str| (k == "STUDIO_CREDITS_HOME").then(|| home.clone());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = Settings::load(&Overrides::default(), &env).unwrap_err().to_string();
        assert!(e.contains("mode 0644") && e.contains("chmod 600") && !e.contains("sck_filekey"), "{e}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let s = Settings::load(&Overrides::default(), &env).unwrap();
        assert_eq!(s.remote.unwrap().token.unwrap().expose(), "sck_filekey");
    }

    #[test]
    fn secrets_are_redacted() {
        let s = load(&[("STRIPE_SECRET_KEY", "sk_test_supersecret")], Some("[stripe]\nwebhook_secret = \"whsec_x\"\n"));
        let shown = format!("{s:?} {}", serde_json::to_string(&s).unwrap());
        assert!(!shown.contains("supersecret") && !shown.contains("whsec_x"), "{shown}");
        assert_eq!(s.stripe.secret_key.unwrap().expose(), "sk_test_supersecret");
    }

    #[test]
    fn lenient_loading_sets_a_broken_file_aside_but_keeps_its_socket() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().display().to_string();
        let env = |k: &str| (k == "STUDIO_CREDITS_HOME").then(|| home.clone());
        std::fs::write(dir.path().join("config.toml"), "socket = \"/tmp/x.sock\"\ntypo = 1\n").unwrap();
        assert!(Settings::load(&Overrides::default(), &env).is_err());
        let (s, problem) = Settings::load_lenient(&Overrides::default(), &env).unwrap();
        assert!(problem.unwrap().to_string().contains("typo"));
        assert_eq!(s.paths.socket, PathBuf::from("/tmp/x.sock"));
        assert_eq!(s.paths.pidfile, dir.path().join("daemon.pid"));
        std::fs::write(dir.path().join("config.toml"), "socket = [\n").unwrap();
        let (s, problem) = Settings::load_lenient(&Overrides::default(), &env).unwrap();
        assert!(problem.is_some());
        assert_eq!(s.paths.socket, dir.path().join("daemon.sock"));
        std::fs::write(dir.path().join("config.toml"), "[http]\nlisten = \"127.0.0.1:9\"\n").unwrap();
        let (s, problem) = Settings::load_lenient(&Overrides::default(), &env).unwrap();
        assert!(problem.is_none());
        assert_eq!(s.http_listen, "127.0.0.1:9");
    }

    #[test]
    fn store_from_env_then_file_and_sqlite_moves_the_database() {
        let s = load(&[], None);
        assert_eq!(s.store, Store::Sqlite);
        assert!(s.paths.db.ends_with("credits.db"));
        let s = load(&[], Some("[store]\nurl = \"sqlite://ledger/main.db\"\n"));
        assert_eq!(s.paths.db, s.paths.config_file.parent().unwrap().join("ledger/main.db"));
        let url = "postgres://app:s3cret@db.example/credits";
        let s = load(&[("STUDIO_CREDITS_STORE", url)], Some("[store]\nurl = \"sqlite:///x.db\"\n"));
        assert_eq!(s.store, Store::Postgres(Secret::new(url)));
        assert_eq!(s.store.shown(&s.paths.db), "postgres://app@db.example/credits");
        let shown = format!("{s:?} {}", serde_json::to_string(&s).unwrap());
        assert!(!shown.contains("s3cret"), "{shown}");
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().display().to_string();
        let err = Settings::load(&Overrides::default(), &|k| match k {
            "STUDIO_CREDITS_HOME" => Some(home.clone()),
            "STUDIO_CREDITS_STORE" => Some("sqlite://relative.db".into()),
            _ => None,
        });
        assert!(err.unwrap_err().to_string().contains("STUDIO_CREDITS_STORE"));
        // `--store` beats the variable and the file, and is kept for a daemon the CLI starts.
        let flag = Overrides { store: Some(Secret::new("sqlite:///flag.db")), ..Overrides::default() };
        let s = Settings::load(&flag, &|k| match k {
            "STUDIO_CREDITS_HOME" => Some(home.clone()),
            "STUDIO_CREDITS_STORE" => Some(url.into()),
            _ => None,
        })
        .unwrap();
        assert_eq!((s.store.clone(), s.paths.db.as_path()), (Store::Sqlite, Path::new("/flag.db")));
        assert_eq!(s.store_override, Some(Secret::new("sqlite:///flag.db")));
        let bad = Overrides { store: Some(Secret::new("sqlite://relative.db")), ..Overrides::default() };
        let err = Settings::load(&bad, &|k| (k == "STUDIO_CREDITS_HOME").then(|| home.clone())).unwrap_err();
        assert!(err.to_string().contains("--store"), "{err}");
    }

    #[test]
    fn the_store_ca_comes_from_env_then_file_relative_to_its_directory() {
        let s = load(&[], Some("[store]\nca_cert = \"pg/ca.pem\"\n"));
        assert_eq!(s.store_ca_cert, Some(s.paths.config_file.parent().unwrap().join("pg/ca.pem")));
        let s = load(&[("STUDIO_CREDITS_STORE_CA_CERT", "/etc/pg-ca.pem")], Some("[store]\nca_cert = \"x.pem\"\n"));
        assert_eq!(s.store_ca_cert.as_deref(), Some(Path::new("/etc/pg-ca.pem")));
    }

    #[test]
    fn plans_are_configurable() {
        let s = load(&[], Some("[plans.pro]\nprice_cents = 2500\nincluded = 3000\n"));
        assert_eq!(s.plans.get("pro").unwrap().included, Credits::from_whole(3000).unwrap());
        assert_eq!(s.plans.get("team").unwrap().included, Credits::from_whole(6000).unwrap());
    }
}
