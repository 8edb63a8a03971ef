//! Carrying out a purchase: the workspace's Stripe customer, the off-session card charge, the
//! hosted Checkout Session, and recording what Stripe answered.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use credits_core::purchase::{Purchase, PurchaseKind, PurchaseOrigin, PurchaseState};
use credits_core::{Actor, Cents};
use credits_ledger::purchases::{Applied, NewPurchase, Transition};
use credits_ledger::service::WorkspaceId;
use credits_proto::ErrorType;
use credits_stripe::{
    CheckoutSession, CheckoutSessionParams, CustomerParams, PaymentIntent, PaymentIntentParams, PaymentIntentStatus,
    RetryPolicy, StripeError,
};

use super::{Stripe, stripe_error};
use crate::app::App;
use crate::error::AppError;

/// The currency of every top-up.
pub const CURRENCY: &str = "usd";
/// Attempts of a create whose outcome stays unknown (5xx, timeout, network).
const CREATE_ATTEMPTS: u32 = 4;
/// How long a hosted checkout stays payable (Stripe accepts 30 minutes to 24 hours).
const CHECKOUT_LIFETIME: Duration = Duration::from_secs(31 * 60);

/// Checks a top-up amount against the configured bounds.
pub fn check_amount(app: &App, amount: Cents) -> Result<(), AppError> {
    let t = &app.settings.topup;
    if amount < t.min || amount > t.max {
        return Err(AppError::invalid(format!(
            "a top-up must be between {} and {}; {amount} is outside",
            t.min, t.max
        )));
    }
    Ok(())
}

/// A new purchase of `amount` for workspace `ws` (not yet recorded).
pub fn new_purchase(
    app: &App,
    kind: PurchaseKind,
    origin: PurchaseOrigin,
    amount: Cents,
    customer: Option<String>,
    actor: Actor,
) -> Result<NewPurchase, AppError> {
    let credits = amount
        .to_credits(app.settings.topup.credits_per_usd)
        .ok_or_else(|| AppError::invalid(format!("{amount} buys more credits than can be counted")))?;
    Ok(NewPurchase {
        id: super::new_purchase_id(),
        kind,
        origin,
        amount,
        currency: CURRENCY.to_owned(),
        credits,
        stripe_customer: customer,
        actor,
        idempotency_key: None,
    })
}

/// `buy`: records the purchase (bought by `actor`) and carries it out. A card purchase answers once Stripe decided
/// (or, rarely, still pending); a checkout purchase answers pending, with the URL to pay at. With an
/// `idempotency_key` already used in the workspace, the earlier purchase is answered as it stands
/// and nothing is charged again.
pub async fn buy(
    app: &Arc<App>,
    workspace: Option<String>,
    amount: Cents,
    card_on_file: bool,
    actor: Actor,
    idempotency_key: Option<String>,
) -> Result<Purchase, AppError> {
    check_amount(app, amount)?;
    let stripe = app.purchases.stripe()?.clone();
    let ws = app.ledger.workspace(workspace).await?;
    let customer = ensure_customer(app, &stripe, ws.id).await?;
    let kind = if card_on_file { PurchaseKind::Card } else { PurchaseKind::Checkout };
    let mut new = new_purchase(app, kind, PurchaseOrigin::Buy, amount, Some(customer.clone()), actor)?;
    new.idempotency_key = idempotency_key;
    let (now, id) = (app.now(), new.id.clone());
    let name = ws.name.clone();
    let purchase = app.ledger.create_purchase(Some(name), new, now).await?;
    if purchase.id != id {
        // A retry: the first request carries that purchase out (or did).
        return Ok(purchase);
    }
    app.purchases.notify();
    run(app, &stripe, purchase, &customer).await
}

/// Carries out a recorded purchase (state `created`).
pub async fn run(app: &Arc<App>, stripe: &Stripe, p: Purchase, customer: &str) -> Result<Purchase, AppError> {
    match p.kind {
        PurchaseKind::Card => charge_card(app, stripe, p, customer).await,
        PurchaseKind::Checkout => start_checkout(app, stripe, p, customer).await,
    }
}

/// The workspace's Stripe customer: the bound one, or one created now (once per workspace, with
/// an idempotency key derived from the installation and the workspace).
pub async fn ensure_customer(app: &App, stripe: &Stripe, ws_id: WorkspaceId) -> Result<String, AppError> {
    let _one_at_a_time = app.purchases.customer_lock.lock().await;
    let installation = super::random_token(16);
    let (ws, installation) = app.ledger.installation(ws_id, installation).await?;
    if let Some(cus) = ws.stripe_customer {
        return Ok(cus);
    }
    let params = CustomerParams {
        name: Some(format!("studio-credits workspace {}", ws.name)),
        description: Some("Prepaid AI credits (studio-credits)".into()),
        email: None,
        metadata: BTreeMap::from([("studio_credits_workspace".to_owned(), ws.name.clone())]),
    };
    let key = format!("customer-{installation}-ws{}", ws.id.0);
    // Creating a customer twice is harmless (one is left unused), so the client may retry.
    let customer = stripe.client.create_customer(&params, &key).await.map_err(|e| stripe_error(&e, None))?;
    let bound = app.ledger.bind_customer(ws_id, customer.id).await?;
    tracing::info!(workspace = %ws.name, customer = %bound, "created the workspace's Stripe customer");
    Ok(bound)
}

/// Runs `create`; when its outcome is unknown (5xx, 429, timeout, network), looks the object up
/// by its metadata before trying again, so a create that Stripe carried out but whose answer was
/// lost is never repeated (the retried request also carries the same idempotency key, which real
/// Stripe honours and the emulator does not).
pub async fn create_with_lookup<T, C, CF, L, LF>(mut create: C, mut lookup: L) -> Result<T, StripeError>
where
    C: FnMut() -> CF,
    CF: Future<Output = Result<T, StripeError>>,
    L: FnMut() -> LF,
    LF: Future<Output = Result<Option<T>, StripeError>>,
{
    let backoff = RetryPolicy::default();
    let mut last = None;
    for attempt in 0..CREATE_ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(backoff.backoff(attempt)).await;
            match lookup().await {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => {}
                Err(e) if e.is_retryable() => {
                    last = Some(e);
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
        match create().await {
            Ok(v) => return Ok(v),
            Err(e) if e.is_retryable() => {
                tracing::warn!(error = e.kind(), attempt, "a Stripe create failed with an unknown outcome");
                last = Some(e);
            }
            Err(e) => return Err(e),
        }
    }
    if let Ok(Some(found)) = lookup().await {
        return Ok(found);
    }
    Err(last.unwrap_or(StripeError::Timeout))
}

fn metadata(p: &Purchase) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("purchase_id".to_owned(), p.id.clone()),
        ("studio_credits_workspace".to_owned(), p.workspace.clone()),
    ])
}

/// Charges the customer's default card off-session for purchase `p`.
async fn charge_card(app: &Arc<App>, stripe: &Stripe, p: Purchase, customer: &str) -> Result<Purchase, AppError> {
    let pm = match stripe.client.default_payment_method(customer).await {
        Ok(Some(pm)) => pm,
        Ok(None) => {
            let message = format!("workspace '{}' has no card on file at Stripe (customer {customer})", p.workspace);
            fail(app, &p.id, Some("no_card_on_file"), &message).await?;
            return Err(AppError::new(ErrorType::PaymentFailed, format!("purchase {}: {message}", p.id))
                .with_remedy(Some(credits_core::remedy::Remedy::PayInBrowser))
                .about(Some(&p.id)));
        }
        Err(e) => return Err(stripe_failed(app, &p, &e).await),
    };
    let params = PaymentIntentParams {
        amount_cents: p.amount_cents.get(),
        currency: p.currency.clone(),
        customer: customer.to_owned(),
        payment_method: pm,
        confirm: true,
        off_session: true,
        metadata: metadata(&p),
        description: None,
    };
    let key = format!("{}-payment-intent", p.id);
    let result = create_with_lookup(
        || stripe.once.create_payment_intent(&params, &key),
        || stripe.client.find_payment_intent_by_metadata("purchase_id", &p.id),
    )
    .await;
    match result {
        Ok(pi) => settle_payment_intent(app, &p, &pi).await,
        Err(e) => Err(stripe_failed(app, &p, &e).await),
    }
}

/// Records a failed Stripe call on purchase `p` and returns the error to report.
async fn stripe_failed(app: &App, p: &Purchase, e: &StripeError) -> AppError {
    let err = stripe_error(e, Some(&p.id));
    let code = match e {
        StripeError::CardDeclined { code, .. } => code.clone(),
        other => other.kind().to_owned(),
    };
    if let Err(write_error) = fail(app, &p.id, Some(&code), &e.to_string()).await {
        tracing::error!(purchase = %p.id, error = %write_error, "cannot record a failed purchase");
    }
    err
}

/// Acts on what a PaymentIntent of purchase `p` says: credit, fail, or keep waiting.
pub async fn settle_payment_intent(app: &Arc<App>, p: &Purchase, pi: &PaymentIntent) -> Result<Purchase, AppError> {
    if pi.status == PaymentIntentStatus::Succeeded {
        return Ok(confirm(app, &p.id, Some(pi.id.clone()), Some((pi.amount, pi.currency.clone()))).await?.purchase);
    }
    if let Some(e) = pi.failure() {
        let err = stripe_error(&e, Some(&p.id));
        let code = match &e {
            StripeError::CardDeclined { code, .. } => code.clone(),
            other => other.kind().to_owned(),
        };
        fail(app, &p.id, Some(&code), &e.to_string()).await?;
        return Err(err);
    }
    if pi.status == PaymentIntentStatus::Canceled {
        fail(app, &p.id, Some("canceled"), "the payment was canceled at Stripe").await?;
        return Err(AppError::new(ErrorType::PaymentFailed, format!("purchase {}: the payment was canceled", p.id)));
    }
    // processing (or another in-between state): confirmation comes by webhook or poll.
    let pending = transition(
        app,
        &p.id,
        Transition::Pending { payment_intent: Some(pi.id.clone()), checkout_session: None, checkout_url: None },
    )
    .await?;
    super::watch::spawn_watch(app.clone(), p.id.clone());
    Ok(pending.purchase)
}

/// Creates the hosted Checkout Session of purchase `p` and leaves the purchase pending.
async fn start_checkout(app: &Arc<App>, stripe: &Stripe, p: Purchase, customer: &str) -> Result<Purchase, AppError> {
    let base = public_base(app);
    let expires_at = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default() + CHECKOUT_LIFETIME;
    let params = CheckoutSessionParams {
        amount_cents: p.amount_cents.get(),
        currency: p.currency.clone(),
        product_name: format!("{} Studio AI credits (top-up, never expire)", p.credits),
        customer: customer.to_owned(),
        success_url: format!("{base}/billing?purchase={}&checkout=success", p.id),
        cancel_url: format!("{base}/v1/purchases/{}/cancel", p.id),
        metadata: metadata(&p),
        payment_intent_metadata: metadata(&p),
        setup_future_usage_off_session: true,
        expires_at: i64::try_from(expires_at.as_secs()).ok(),
    };
    let key = format!("{}-checkout-session", p.id);
    let result = create_with_lookup(
        || stripe.once.create_checkout_session(&params, &key),
        || stripe.client.find_checkout_session_by_metadata("purchase_id", &p.id),
    )
    .await;
    match result {
        Ok(session) => {
            let applied = apply_session(app, &p, &session).await?;
            if !applied.purchase.state.is_terminal() {
                super::watch::spawn_watch(app.clone(), p.id.clone());
            }
            Ok(applied.purchase)
        }
        Err(e) => Err(stripe_failed(app, &p, &e).await),
    }
}

/// Acts on what a Checkout Session of purchase `p` says.
pub async fn apply_session(app: &Arc<App>, p: &Purchase, s: &CheckoutSession) -> Result<Applied, AppError> {
    let pi = s.payment_intent.as_ref().map(|pi| pi.id().to_owned());
    if s.is_paid() {
        return confirm(app, &p.id, pi, s.amount_total.zip(s.currency.clone())).await;
    }
    if s.is_expired() {
        return transition(app, &p.id, Transition::Expired).await;
    }
    transition(
        app,
        &p.id,
        Transition::Pending { payment_intent: pi, checkout_session: Some(s.id.clone()), checkout_url: s.url.clone() },
    )
    .await
}

/// Where the buyer's browser comes back to: the configured public URL, else the HTTP API.
fn public_base(app: &App) -> String {
    if let Some(u) = &app.settings.public_url {
        return u.trim_end_matches('/').to_owned();
    }
    app.http_url()
}

/// Stripe confirmed purchase `id`: credits it (once; a repeat changes nothing). `seen` is the
/// amount and currency Stripe reports; a mismatch is recorded on the purchase (state
/// `mismatch`) rather than credited.
pub async fn confirm(
    app: &Arc<App>,
    id: &str,
    payment_intent: Option<String>,
    seen: Option<(i64, String)>,
) -> Result<Applied, AppError> {
    confirm_with_event(app, id, payment_intent, seen, None).await.map(|(applied, _)| applied)
}

/// Why `seen` (Stripe's amount in cents and currency) is not what purchase `p` costs, if it is not.
pub fn mismatch(p: &Purchase, seen: Option<&(i64, String)>) -> Option<String> {
    let (amount, currency) = seen?;
    if *amount == p.amount_cents.get() && currency.eq_ignore_ascii_case(&p.currency) {
        return None;
    }
    // `20.00 USD`: the currency may not be dollars, so no `$`.
    let money = |cents: i64, cur: &str| {
        format!("{} {}", Cents::new(cents).to_string().trim_start_matches('$'), cur.to_ascii_uppercase())
    };
    Some(format!(
        "Stripe reported a payment of {} for this purchase of {}; nothing was credited: check the payment in the \
         Stripe Dashboard (refund it, or buy again)",
        money(*amount, currency),
        money(p.amount_cents.get(), &p.currency)
    ))
}

pub use credits_ledger::service::EventRef;

/// Like [`confirm`], also recording `event` (a duplicate event changes nothing and returns
/// `false`).
pub async fn confirm_with_event(
    app: &Arc<App>,
    id: &str,
    payment_intent: Option<String>,
    seen: Option<(i64, String)>,
    event: Option<EventRef>,
) -> Result<(Applied, bool), AppError> {
    let pid = id.to_owned();
    let current = app.ledger.purchase(pid).await?;
    if let Some(message) = mismatch(&current, seen.as_ref()) {
        tracing::error!(purchase = id, reason = %message, "Stripe confirmed a different amount than the purchase's; not credited");
        let result = transition_with_event(app, id, Transition::Mismatch { message }, event).await?;
        if result.0.changed {
            app.metrics.purchase_mismatch();
        }
        return Ok(result);
    }
    if current.state != PurchaseState::Succeeded {
        app.purchases.crash_point_before_credit(id);
    }
    transition_with_event(app, id, Transition::Succeeded { payment_intent }, event).await
}

/// Records that purchase `id` failed.
pub async fn fail(app: &App, id: &str, code: Option<&str>, message: &str) -> Result<Applied, AppError> {
    let t = Transition::Failed { code: code.map(str::to_owned), message: message.to_owned() };
    transition(app, id, t).await
}

/// Applies `t` to purchase `id` and wakes the waiters.
pub async fn transition(app: &App, id: &str, t: Transition) -> Result<Applied, AppError> {
    transition_with_event(app, id, t, None).await.map(|(applied, _)| applied)
}

/// Applies `t` to purchase `id`, recording `event` in the same transaction; `false` when the
/// event was already handled (then nothing changed).
pub async fn transition_with_event(
    app: &App,
    id: &str,
    t: Transition,
    event: Option<EventRef>,
) -> Result<(Applied, bool), AppError> {
    let (pid, now) = (id.to_owned(), app.now());
    let result = app.ledger.apply_purchase(pid, t, event, now).await?;
    if result.0.changed {
        app.purchases.notify();
        let p = &result.0.purchase;
        if let Some(entry) = &result.0.credited {
            tracing::info!(purchase = %p.id, workspace = %p.workspace, credits = %p.credits, entry = entry.id, "purchase credited");
        } else {
            tracing::info!(purchase = %p.id, state = %p.state, "purchase updated");
        }
    }
    Ok(result)
}
