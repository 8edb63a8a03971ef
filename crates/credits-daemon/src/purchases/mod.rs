//! Top-up purchases through Stripe, credited to the workspace's top-up pool once the charge is
//! confirmed: the daemon's side of `buy`, `ensure`, auto top-up, webhooks and polling.
//!
//! A purchase is recorded before Stripe is asked anything, every Stripe POST carries an
//! `Idempotency-Key` derived from the purchase id, and a create whose outcome is unknown is looked
//! up by its metadata before it is tried again (the emulator ignores idempotency keys). Stripe's
//! confirmation arrives by webhook, by polling, or by the answer to the charge itself, whichever is
//! first; the store credits a purchase exactly once however many of them arrive.
//!
//! Modules: [`flow`] carries out purchases, [`watch`] polls and resumes them, [`events`] acts on
//! webhook events, [`calls`] answers the socket, [`report`] computes `usage` and `advise`,
//! [`reconcile`] compares the ledger with Stripe's payments (and credits what is missing).

pub mod calls;
pub mod events;
pub mod flow;
pub mod reconcile;
pub mod report;
pub mod watch;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use credits_config::Settings;
use credits_core::purchase::Purchase;
use credits_core::remedy::Remedy;
use credits_proto::ErrorType;
use credits_stripe::{RetryPolicy, SecretKey, StripeClient, StripeError};
use tokio::sync::{Mutex, watch as tokio_watch};

use crate::app::App;
use crate::error::AppError;

/// Test aid: when this variable is `1` at daemon start, the daemon aborts right before it would
/// credit a confirmed purchase, as if killed between Stripe's confirmation and the ledger write.
/// Only for tests of crash recovery; never set it in production.
pub const CRASH_BEFORE_CREDIT_ENV: &str = "STUDIO_CREDITS_TEST_CRASH_BEFORE_CREDIT";

/// The Stripe clients of a configured daemon.
#[derive(Debug, Clone)]
pub struct Stripe {
    /// Retries transient failures itself: for reads and for POSTs whose repetition is harmless.
    pub client: StripeClient,
    /// Never retries: for creates, whose retry must first look the object up (see
    /// [`flow::create_with_lookup`]).
    pub once: StripeClient,
}

/// Purchase state shared by every task of the daemon.
pub struct Purchases {
    stripe: Result<Stripe, String>,
    /// Bumped after every committed change to a purchase; waiters re-read on a bump.
    changed: tokio_watch::Sender<u64>,
    /// Serializes creating Stripe customers, so one workspace never gets two.
    pub(crate) customer_lock: Mutex<()>,
    crash_before_credit: bool,
    /// Whether any workspace has an auto top-up rule: when none has, a debit costs no extra
    /// writer job.
    auto_rules: AtomicBool,
    /// Workspaces with an auto top-up check queued but not started: a burst of debits queues one.
    auto_queued: std::sync::Mutex<HashSet<Option<String>>>,
}

impl std::fmt::Debug for Purchases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Purchases").field("stripe", &self.stripe.is_ok()).finish_non_exhaustive()
    }
}

impl Purchases {
    /// Builds the Stripe clients from the settings (no request is made).
    pub fn new(settings: &Settings) -> Purchases {
        let stripe = match &settings.stripe.secret_key {
            None => Err(String::new()),
            Some(key) => StripeClient::new(&settings.stripe.api_base, SecretKey::new(key.expose()))
                .map(|client| Stripe { once: client.clone().with_retry_policy(RetryPolicy::none()), client })
                .map_err(|e| e.to_string()),
        };
        if let Err(e) = &stripe
            && !e.is_empty()
        {
            tracing::error!(error = %e, "the Stripe settings are unusable; purchases are disabled");
        }
        let crash_before_credit = std::env::var(CRASH_BEFORE_CREDIT_ENV).is_ok_and(|v| v == "1");
        if crash_before_credit {
            tracing::warn!("{CRASH_BEFORE_CREDIT_ENV}=1: the daemon aborts before crediting a purchase (test aid)");
        }
        Purchases {
            stripe,
            changed: tokio_watch::channel(0).0,
            customer_lock: Mutex::new(()),
            crash_before_credit,
            // Until the first sweep has read the rules, assume there are some.
            auto_rules: AtomicBool::new(true),
            auto_queued: std::sync::Mutex::new(HashSet::new()),
        }
    }

    /// Whether purchases can reach Stripe, for `daemon status` (the CLI asks before it offers to buy).
    pub fn state(&self) -> credits_proto::results::StripeState {
        match &self.stripe {
            Ok(_) => credits_proto::results::StripeState { configured: true, problem: None },
            Err(e) if e.is_empty() => credits_proto::results::StripeState::default(),
            Err(e) => credits_proto::results::StripeState { configured: true, problem: Some(e.clone()) },
        }
    }

    /// The Stripe clients, or the `stripe_unavailable` error that says how to configure them.
    pub fn stripe(&self) -> Result<&Stripe, AppError> {
        match &self.stripe {
            Ok(s) => Ok(s),
            Err(e) if e.is_empty() => Err(AppError::new(
                ErrorType::StripeUnavailable,
                "Stripe is not configured: the daemon has no Stripe secret key",
            )
            .with_remedy(Some(Remedy::ConfigureStripe))),
            Err(e) => Err(AppError::new(ErrorType::StripeUnavailable, format!("Stripe is misconfigured: {e}"))
                .with_remedy(Some(Remedy::FixStripeSettings))),
        }
    }

    /// Records whether any auto top-up rule exists.
    pub fn set_auto_rules(&self, any: bool) {
        self.auto_rules.store(any, Ordering::Relaxed);
    }

    pub fn auto_rules(&self) -> bool {
        self.auto_rules.load(Ordering::Relaxed)
    }

    /// Queues an auto top-up check for `workspace`; false when one is already queued.
    pub(crate) fn queue_auto(&self, workspace: &Option<String>) -> bool {
        self.auto_queued.lock().map(|mut q| q.insert(workspace.clone())).unwrap_or(true)
    }

    /// Marks the queued check of `workspace` as started.
    pub(crate) fn start_auto(&self, workspace: &Option<String>) {
        if let Ok(mut q) = self.auto_queued.lock() {
            q.remove(workspace);
        }
    }

    /// Whether Stripe is configured.
    pub fn configured(&self) -> bool {
        self.stripe.is_ok()
    }

    /// Tells waiters that some purchase changed.
    pub fn notify(&self) {
        self.changed.send_modify(|v| *v = v.wrapping_add(1));
    }

    /// A receiver that changes whenever some purchase changed.
    pub fn subscribe(&self) -> tokio_watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// The test aid of [`CRASH_BEFORE_CREDIT_ENV`].
    pub(crate) fn crash_point_before_credit(&self, purchase_id: &str) {
        if self.crash_before_credit {
            tracing::error!(purchase = purchase_id, "{CRASH_BEFORE_CREDIT_ENV}=1: aborting before crediting");
            std::process::abort();
        }
    }
}

/// A new purchase id: `pur_` and 24 random letters and digits.
pub fn new_purchase_id() -> String {
    format!("pur_{}", random_token(24))
}

/// `n` random characters from `[A-Za-z0-9]`.
pub fn random_token(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(n);
    while out.len() < n {
        let mut buf = [0u8; 32];
        // The OS random source does not fail on supported platforms; fall back to the clock.
        if getrandom::fill(&mut buf).is_err() {
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            buf[..16].copy_from_slice(&t.as_nanos().to_le_bytes());
        }
        // 62 * 4 = 248: reject bytes above it so every character is equally likely.
        out.extend(buf.iter().filter(|b| **b < 248).map(|b| ALPHABET[usize::from(*b % 62)] as char));
    }
    out.truncate(n);
    out
}

/// How often a wait for a purchase reads it again without being told it changed.
const SHARED_RECHECK: Duration = Duration::from_secs(1);

/// Waits until purchase `id` is final or `timeout` passed; returns it as it is then.
pub async fn wait_final(app: &App, id: &str, timeout: Duration) -> Result<Purchase, AppError> {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut changed = app.purchases.subscribe();
    loop {
        changed.borrow_and_update();
        let pid = id.to_owned();
        let p = app.ledger.purchase(pid).await?;
        if p.state.is_terminal() {
            return Ok(p);
        }
        tokio::select! {
            _ = changed.changed() => {}
            // Another daemon on a shared database (PostgreSQL) can finish the purchase (its
            // webhook, its charge) without this daemon's channel hearing of it: read it again.
            _ = tokio::time::sleep(SHARED_RECHECK) => {}
            _ = tokio::time::sleep_until(deadline) => return Ok(p),
        }
    }
}

/// How a Stripe failure is reported: about `purchase_id` (or the workspace's customer when
/// `None`), with the remedy each door words for its audience.
pub fn stripe_error(e: &StripeError, purchase_id: Option<&str>) -> AppError {
    let what = match purchase_id {
        Some(id) => format!("purchase {id}"),
        None => "creating the workspace's Stripe customer".to_owned(),
    };
    let err = match e {
        StripeError::CardDeclined { .. } => AppError::new(ErrorType::PaymentFailed, format!("{what}: {e}")),
        StripeError::AuthenticationRequired { .. } => AppError::new(
            ErrorType::PaymentFailed,
            format!(
                "{what}: the card on file needs authentication by its holder (3-D Secure), which a charge without the \
                 cardholder present cannot do"
            ),
        ),
        StripeError::Authentication => AppError::new(ErrorType::StripeUnavailable, "Stripe rejected the secret key"),
        StripeError::InvalidRequest { .. }
        | StripeError::Decode(_)
        | StripeError::InvalidInput(_)
        | StripeError::RateLimited
        | StripeError::Server { .. }
        | StripeError::Network(_)
        | StripeError::Timeout => AppError::new(ErrorType::StripeUnavailable, format!("{what}: {e}")),
    };
    let remedy = match e {
        StripeError::CardDeclined { .. } | StripeError::AuthenticationRequired { .. } => Remedy::PayInBrowser,
        StripeError::Authentication => Remedy::FixStripeSettings,
        StripeError::InvalidRequest { .. } | StripeError::Decode(_) | StripeError::InvalidInput(_) => {
            Remedy::CheckStripeCustomer
        }
        StripeError::RateLimited | StripeError::Server { .. } | StripeError::Network(_) | StripeError::Timeout => {
            Remedy::CheckPurchase
        }
    };
    err.with_remedy(Some(remedy)).about(purchase_id)
}
