//! How long the CLI waits for the daemon, per call, and what it says when the wait runs out. A
//! stopped or wedged daemon must turn into exit code 3 in bounded time (the cron watchdog relies
//! on it), and a change whose answer never came must say that it may or may not have happened.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use credits_config::Settings;
use credits_proto::Call;
use interprocess::local_socket::Stream;
use interprocess::local_socket::traits::Stream as _;

use crate::error::CliError;
use crate::exit::Kind;

/// Default wait for reads (and `rollover --check`, the watchdog's question).
pub const DEFAULT_READ: Duration = Duration::from_secs(5);
/// Default wait for changes to the ledger.
pub const DEFAULT_WRITE: Duration = Duration::from_secs(30);
/// Least wait for calls that reach Stripe: its client makes up to 4 attempts of 20 s each, and a
/// purchase reported lost while Stripe is still answering would only confuse.
pub const STRIPE_LEAST: Duration = Duration::from_secs(120);
/// The least wait for `backup`, whatever --timeout says for reads: the copy and its check read
/// the whole ledger.
pub const BACKUP_LEAST: Duration = Duration::from_secs(600);

/// The waits in effect.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub read: Duration,
    pub write: Duration,
}

impl Timeouts {
    /// A configured timeout applies to reads and changes alike; without one, the defaults.
    pub fn from_settings(settings: &Settings) -> Timeouts {
        match settings.client_timeout {
            Some(t) => Timeouts { read: t, write: t },
            None => Timeouts { read: DEFAULT_READ, write: DEFAULT_WRITE },
        }
    }

    /// How long to wait for the answer to `call`.
    pub fn budget(&self, call: &Call) -> Duration {
        match effect(call) {
            Effect::Read => self.read,
            // Slow reads (verify recomputes every balance) get the longer wait.
            Effect::SlowRead | Effect::Write { .. } => self.write,
            Effect::Stripe => self.write.max(STRIPE_LEAST),
            Effect::Backup => self.write.max(BACKUP_LEAST),
            // The daemon itself waits this long before answering.
            Effect::Wait(ms) => self.read + Duration::from_millis(ms),
        }
    }
}

/// What a call does, as far as waiting for it and reporting a lost answer go.
enum Effect {
    Read,
    SlowRead,
    /// A snapshot of the whole ledger, verified: at least [`BACKUP_LEAST`].
    Backup,
    /// Changes the ledger; `keyed` when it takes an idempotency key, carried here if given.
    Write {
        keyed: bool,
        key: Option<String>,
    },
    /// Changes state at Stripe and in the ledger.
    Stripe,
    /// Waits server-side for up to this many milliseconds.
    Wait(u64),
}

fn effect(call: &Call) -> Effect {
    let keyed = |key: &Option<String>| Effect::Write { keyed: true, key: key.clone() };
    let write = Effect::Write { keyed: false, key: None };
    match call {
        Call::Hello { .. }
        | Call::Status {}
        | Call::Balance { .. }
        | Call::Check { .. }
        | Call::Forecast { .. }
        | Call::History { .. }
        | Call::Rollover { check: true }
        | Call::SeatsList { .. }
        | Call::KeysList { .. }
        | Call::HoldList { .. }
        | Call::HoldShow { .. }
        | Call::PlanShow { .. }
        | Call::PlanList {}
        | Call::WorkspaceList { .. }
        | Call::WorkspaceShow { .. }
        | Call::ConfigShow {}
        | Call::PurchasesList { .. }
        | Call::PurchaseShow { .. }
        | Call::AutoTopupShow { .. }
        | Call::AutoTopupSimulate { .. }
        | Call::Usage { .. }
        | Call::Advise { .. }
        // Mints a login link in the daemon's memory: quick, and another one is harmless.
        | Call::WebhooksList { .. }
        | Call::WebhooksDeliveries { .. }
        | Call::AlertsList { .. }
        | Call::BillingLogin {} => Effect::Read,
        Call::Verify {} => Effect::SlowRead,
        // Copies the whole file and verifies the copy: minutes for a large ledger.
        Call::Backup { .. } => Effect::Backup,
        Call::PurchaseWait { timeout_ms, .. } => Effect::Wait(timeout_ms.unwrap_or(0)),
        Call::Spend { idempotency_key, .. }
        | Call::HoldCreate { idempotency_key, .. }
        | Call::HoldSettle { idempotency_key, .. }
        | Call::HoldRelease { idempotency_key, .. } => keyed(idempotency_key),
        Call::Buy { .. } | Call::Ensure { .. } | Call::PurchaseCancel { .. } | Call::Reconcile { .. } => Effect::Stripe,
        // Its events carry their own keys, if any.
        Call::SpendBatch { .. } => write,
        Call::Stop {}
        | Call::Rollover { check: false }
        | Call::SeatsAdd { .. }
        | Call::SeatsRemove { .. }
        | Call::PlanSet { .. }
        | Call::WorkspaceAdd { .. }
        | Call::WorkspaceUse { .. }
        | Call::WorkspaceSet { .. }
        | Call::WorkspaceBudget { .. }
        | Call::SeatsLimit { .. }
        | Call::SeatsToken { .. }
        | Call::KeysCreate { .. }
        | Call::KeysRevoke { .. }
        | Call::AutoTopupSet { .. }
        | Call::AutoTopupOff { .. }
        | Call::WebhooksAdd { .. }
        | Call::WebhooksRemove { .. }
        | Call::WebhooksTest { .. }
        | Call::WebhooksReplay { .. }
        | Call::AlertsSet { .. } => write,
    }
}

/// The error for an answer to `call` that did not come within `waited`.
pub fn timed_out(call: &Call, waited: Duration, settings: &Settings) -> CliError {
    let wedged = format!(
        "check the daemon with `studio-credits daemon status` and its log, {}; `--timeout SECONDS` waits longer",
        settings.paths.log.display()
    );
    if matches!(call, Call::Hello { .. }) {
        return CliError::new(
            Kind::DaemonUnreachable,
            format!(
                "the daemon at {} did not answer within {}; it may be stopped, stuck or overloaded",
                settings.paths.socket.display(),
                seconds(waited)
            ),
        )
        .with_hint(wedged);
    }
    timed_out_at(call, waited, "the daemon", &wedged)
}

/// [`timed_out`] for remote mode: the server at `server` did not answer `call`.
pub fn timed_out_remote(call: &Call, waited: Duration, server: &str) -> CliError {
    let wedged = format!(
        "check the server with `studio-credits daemon status` (it reports {server}) and the network; \
         `--timeout SECONDS` waits longer"
    );
    timed_out_at(call, waited, &format!("the server at {server}"), &wedged)
}

/// The error for `who` (the daemon, the server) not answering `call` within `waited`; `wedged`
/// says how to look into it.
fn timed_out_at(call: &Call, waited: Duration, who: &str, wedged: &str) -> CliError {
    let (method, _) = call.encode();
    let what = method.replace('_', " ");
    let secs = seconds(waited);
    let (message, hint) = match effect(call) {
        Effect::Read | Effect::SlowRead | Effect::Backup | Effect::Wait(_) => (
            format!("{who} did not answer `{what}` within {secs}; it may be stopped, stuck or overloaded"),
            wedged.to_owned(),
        ),
        Effect::Write { keyed: true, key: Some(key) } => (
            format!("{who} did not answer `{what}` within {secs}: it may or may not have happened"),
            format!("retry with the same --idempotency-key {key}: it takes effect at most once; {wedged}"),
        ),
        Effect::Write { keyed: true, key: None } => (
            format!("{who} did not answer `{what}` within {secs}: it may or may not have happened"),
            format!(
                "it was sent without --idempotency-key, so a retry could apply it twice: check `studio-credits history` first, and give retries a key; {wedged}"
            ),
        ),
        Effect::Write { keyed: false, .. } => (
            format!("{who} did not answer `{what}` within {secs}: it may or may not have happened"),
            format!("check the result before retrying; {wedged}"),
        ),
        Effect::Stripe => (
            format!("{who} did not answer `{what}` within {secs}: the purchase may or may not have been made"),
            format!("check `studio-credits purchases list` before buying again; {wedged}"),
        ),
    };
    CliError::new(Kind::DaemonUnreachable, message).with_hint(hint)
}

/// The error for a daemon whose listen queue is full: it has not accepted a connection for a
/// while. Nothing was sent.
pub fn not_accepting(settings: &Settings) -> CliError {
    CliError::new(
        Kind::DaemonUnreachable,
        format!(
            "the daemon at {} is not accepting connections (its queue is full); it may be stopped or stuck",
            settings.paths.socket.display()
        ),
    )
    .with_hint(format!(
        "nothing was sent to it, so nothing changed; check the daemon with `studio-credits daemon status` and its log, {}",
        settings.paths.log.display()
    ))
}

/// `5 s`, `0.5 s`.
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 { format!("{s:.0} s") } else { format!("{s} s") }
}

/// True for the errors a socket timeout produces.
pub fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock)
}

/// The socket with a deadline: every read and write waits at most until it.
pub struct Timed {
    stream: Stream,
    deadline: Option<Instant>,
}

impl Timed {
    pub fn new(stream: Stream) -> Timed {
        Timed { stream, deadline: None }
    }

    pub fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = Some(deadline);
    }

    /// Time left, or a `TimedOut` error when none is.
    fn left(&self) -> io::Result<Option<Duration>> {
        match self.deadline {
            None => Ok(None),
            Some(d) => match d.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Ok(Some(left)),
                _ => Err(io::Error::new(io::ErrorKind::TimedOut, "deadline passed")),
            },
        }
    }
}

impl Read for Timed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.stream.set_recv_timeout(left)?;
        self.stream.read(buf)
    }
}

impl Write for Timed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.stream.set_send_timeout(left)?;
        self.stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}
