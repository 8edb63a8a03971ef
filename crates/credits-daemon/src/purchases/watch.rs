//! Following purchases to their end: polling Stripe while a purchase is pending (alongside the
//! webhooks, whichever confirms first), resuming in-flight purchases after a restart, and the
//! auto top-up rule applied after debits and by a periodic sweep.

use std::sync::Arc;
use std::time::Duration;

use credits_core::purchase::{Purchase, PurchaseKind};
use credits_ledger::purchases::AutoDecision;
use jiff::SignedDuration;

use super::Stripe;
use super::flow::{self, apply_session, fail, settle_payment_intent};
use crate::app::App;
use crate::error::AppError;

/// How often the background sweep looks at auto top-up rules.
const SWEEP_EVERY: Duration = Duration::from_secs(30);
/// Handled webhook events are remembered this long (Stripe retries for 3 days).
const EVENT_RETENTION: SignedDuration = SignedDuration::from_hours(24 * 30);

/// Polls faster at first, when the buyer is most likely paying right now.
fn poll_interval(elapsed: Duration) -> Duration {
    match elapsed.as_secs() {
        0..120 => Duration::from_secs(1),
        120..600 => Duration::from_secs(3),
        _ => Duration::from_secs(10),
    }
}

/// Follows purchase `id` in the background until it is final or the daemon stops.
pub fn spawn_watch(app: Arc<App>, id: String) {
    tokio::spawn(async move { watch(app, id).await });
}

async fn watch(app: Arc<App>, id: String) {
    let Ok(stripe) = app.purchases.stripe().cloned() else {
        tracing::warn!(purchase = %id, "Stripe is not configured; the purchase stays as it is until it is");
        return;
    };
    let started = std::time::Instant::now();
    let mut stop = app.stopping();
    loop {
        let pid = id.clone();
        let p = match app.ledger.purchase(pid).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(purchase = %id, error = %e, "cannot read the purchase; no longer polling it");
                return;
            }
        };
        if p.state.is_terminal() {
            return;
        }
        if let Err(e) = poll_once(&app, &stripe, &p).await {
            tracing::warn!(purchase = %id, error = %e, "polling the purchase at Stripe failed; trying again");
        }
        tokio::select! {
            _ = tokio::time::sleep(poll_interval(started.elapsed())) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Asks Stripe once where purchase `p` stands and records the answer.
async fn poll_once(app: &Arc<App>, stripe: &Stripe, p: &Purchase) -> Result<(), AppError> {
    let lost = |e: credits_stripe::StripeError| super::stripe_error(&e, Some(&p.id));
    match (p.kind, &p.stripe_checkout_session, &p.stripe_payment_intent) {
        (PurchaseKind::Checkout, Some(session), _) => {
            let s = stripe.client.retrieve_checkout_session(session).await.map_err(lost)?;
            apply_session(app, p, &s).await?;
        }
        (PurchaseKind::Checkout, None, _) => {
            match stripe.client.find_checkout_session_by_metadata("purchase_id", &p.id).await.map_err(lost)? {
                Some(s) => {
                    apply_session(app, p, &s).await?;
                }
                None => {
                    fail(
                        app,
                        &p.id,
                        Some("interrupted"),
                        "the daemon stopped before the checkout page was created; nothing was charged",
                    )
                    .await?;
                }
            }
        }
        (PurchaseKind::Card, _, Some(pi)) => {
            let pi = stripe.client.retrieve_payment_intent(pi).await.map_err(lost)?;
            // A decline ends the purchase; that is an answer, not a polling failure.
            let _ = settle_payment_intent(app, p, &pi).await;
        }
        (PurchaseKind::Card, _, None) => {
            match stripe.client.find_payment_intent_by_metadata("purchase_id", &p.id).await.map_err(lost)? {
                Some(pi) => {
                    let _ = settle_payment_intent(app, p, &pi).await;
                }
                None => {
                    fail(
                        app,
                        &p.id,
                        Some("interrupted"),
                        "the daemon stopped before Stripe received the charge; nothing was charged",
                    )
                    .await?;
                }
            }
        }
    }
    Ok(())
}

/// The purchases' background work, started with the daemon: resume every purchase still in
/// flight (the previous daemon may have stopped, or crashed, before Stripe's answer was
/// recorded), then sweep the auto top-up rules and prune old webhook events periodically.
pub async fn run(app: Arc<App>) {
    match app.ledger.purchases_in_flight().await {
        Ok(list) => {
            for p in list {
                tracing::info!(purchase = %p.id, state = %p.state, "resuming a purchase left in flight");
                spawn_watch(app.clone(), p.id);
            }
        }
        Err(e) => tracing::error!(error = %e, "cannot list the purchases in flight"),
    }
    let mut stop = app.stopping();
    let mut sweeps: u64 = 0;
    loop {
        if sweeps.is_multiple_of(2880) {
            let now = app.now();
            if let Err(e) = app.ledger.prune_events(now, EVENT_RETENTION).await {
                tracing::warn!(error = %e, "cannot prune old Stripe events");
            }
        }
        sweeps += 1;
        if app.purchases.configured() {
            match app.ledger.auto_rule_workspaces().await {
                Ok(names) => {
                    app.purchases.set_auto_rules(!names.is_empty());
                    for name in names {
                        auto_topup(&app, Some(name)).await;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot read the auto top-up rules"),
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(SWEEP_EVERY) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Applies the auto top-up rule of `workspace` (the default when `None`) after a debit, in the
/// background.
pub fn after_debit(app: &Arc<App>, workspace: Option<String>) {
    // Cheap exits keep debits fast: no Stripe, no rule, or a check already queued (it will read
    // the balance after this debit, which has committed).
    if !app.purchases.configured() || !app.purchases.auto_rules() || !app.purchases.queue_auto(&workspace) {
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        app.purchases.start_auto(&workspace);
        auto_topup(&app, workspace).await
    });
}

/// Buys on the card on file if the workspace's rule says so (one purchase in flight at a time,
/// within the monthly limit).
pub async fn auto_topup(app: &Arc<App>, workspace: Option<String>) {
    let Ok(stripe) = app.purchases.stripe().cloned() else { return };
    let (id, cpu, now) = (super::new_purchase_id(), app.settings.topup.credits_per_usd, app.now());
    let ws = workspace.clone();
    let decision = app.ledger.auto_decide(ws, id, cpu, now).await;
    let p = match decision {
        Ok(AutoDecision::Created(p)) => *p,
        Ok(AutoDecision::Skip(why)) => {
            tracing::trace!(workspace = ?workspace, why, "auto top-up: nothing to do");
            if why == credits_core::rules::AutoSkip::MonthlyLimit.as_str() {
                crate::notify::capped(app, workspace);
            }
            return;
        }
        Err(e) => {
            tracing::warn!(workspace = ?workspace, error = %e, "auto top-up: cannot decide");
            return;
        }
    };
    app.purchases.notify();
    tracing::info!(purchase = %p.id, workspace = %p.workspace, amount = %p.amount_cents, "auto top-up: buying");
    let customer = match &p.stripe_customer {
        Some(c) => c.clone(),
        None => {
            let name = p.workspace.clone();
            let ws_id = app.ledger.workspace(Some(name)).await.map(|w| w.id);
            match ws_id {
                Ok(ws_id) => match flow::ensure_customer(app, &stripe, ws_id).await {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = fail(app, &p.id, Some("customer"), &e.message).await;
                        return;
                    }
                },
                Err(e) => {
                    let _ = fail(app, &p.id, Some("internal"), &AppError::from(e).message).await;
                    return;
                }
            }
        }
    };
    match flow::run(app, &stripe, p.clone(), &customer).await {
        Ok(done) => tracing::info!(purchase = %done.id, state = %done.state, "auto top-up finished"),
        Err(e) => tracing::warn!(purchase = %p.id, error = %e, "auto top-up failed"),
    }
}
