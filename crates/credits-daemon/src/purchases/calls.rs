//! The socket calls about purchases: `buy`, waiting for a purchase, listing and canceling them,
//! `ensure`, the auto top-up rule, `usage` and `advise`.

use std::sync::Arc;
use std::time::Duration;

use credits_core::purchase::{Purchase, PurchaseKind, PurchaseOrigin, PurchaseState};
use credits_core::records::Balance;
use credits_core::{Cents, Credits};
use credits_ledger::purchases::{AutoRule, EnsureDecision, Transition};
use credits_ledger::service::AutoTopup as AutoTopupRow;
use credits_proto::calls::Scope;
use credits_proto::page::{self, PurchasesPage};
use credits_proto::results::{AutoTopup, EnsureAnswer, EnsureStatus, PurchaseAnswer};
use credits_proto::{Call, ErrorType};
use credits_stripe::StripeError;
use serde_json::Value;

use super::flow;
use crate::app::App;
use crate::caller::Door;
use crate::error::AppError;

/// The one reconcile run a daemon allows at a time.
static RECONCILING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// Longest single `purchase_wait` (the CLI calls again to wait longer).
const MAX_WAIT: Duration = Duration::from_secs(300);

/// Answers a purchase call.
pub async fn handle(app: &Arc<App>, door: &Door, call: Call) -> Result<Value, AppError> {
    match call {
        Call::Buy { scope, amount_cents, card_on_file, idempotency_key } => {
            let actor = door.caller(scope.clone()).actor(&app.user)?;
            let ws = scope.workspace.clone();
            let answer_by = door.answer_by();
            let p = flow::buy(app, ws, amount_cents, card_on_file, actor, idempotency_key, answer_by).await?;
            to_value(&answer(app, &scope, p).await)
        }
        Call::PurchaseWait { scope, id, timeout_ms } => {
            let p = in_workspace(app, &scope, &id).await?;
            let timeout = Duration::from_millis(timeout_ms.unwrap_or(30_000)).min(MAX_WAIT);
            let p = if p.state.is_terminal() { p } else { super::wait_final(app, &p.id, timeout).await? };
            to_value(&answer(app, &scope, p).await)
        }
        Call::PurchasesList { scope, limit, cursor } => {
            let size = page::page_size(limit);
            // One more than asked for tells whether another page follows.
            let list = app.ledger.purchases(scope.workspace, cursor, size.saturating_add(1)).await?;
            let (purchases, next) = crate::rpc::bounded(list, size, |p| p.id.clone());
            to_value(&PurchasesPage { purchases, next })
        }
        Call::Reconcile { scope, since, fix } => {
            let actor = door.caller(scope.clone()).actor(&app.user)?;
            // One at a time, daemon-wide: a run reads every payment of the customer at Stripe
            // and goes on after an HTTP request is cut, so repeated calls must not pile up.
            let turn = RECONCILING.try_acquire().map_err(|_| {
                AppError::new(ErrorType::Conflict, "a reconcile is already running on this daemon")
                    .with_hint("wait for it to finish, then run reconcile again")
            })?;
            // In a task of its own, as a purchase is: an HTTP request cut at its time limit
            // never stops a fix half way.
            let app = app.clone();
            let task = tokio::spawn(async move {
                let _turn = turn;
                super::reconcile::reconcile(&app, scope, since, fix, actor).await
            });
            let report = task.await.map_err(|e| AppError::internal(format!("reconcile stopped: {e}")))??;
            to_value(&report)
        }
        Call::PurchaseShow { scope, id } => to_value(&in_workspace(app, &scope, &id).await?),
        Call::PurchaseCancel { scope, id } => {
            let p = in_workspace(app, &scope, &id).await?;
            to_value(&cancel(app, p).await?)
        }
        Call::Ensure { scope, min, amount_cents, card_on_file, idempotency_key } => {
            let order = Order { amount: amount_cents, card_on_file, idempotency_key };
            to_value(&ensure(app, door, scope, min, order).await?)
        }
        Call::AutoTopupShow { scope } => to_value(&auto_show(app, scope).await?),
        Call::AutoTopupSet { scope, below, amount_cents, monthly_limit_cents } => {
            if below.millis() <= 0 {
                return Err(AppError::invalid("--below must be greater than zero"));
            }
            flow::check_amount(app, amount_cents)?;
            let rule = AutoRule { below, amount_cents, monthly_limit_cents };
            let (ws, now) = (scope.workspace.clone(), app.now());
            app.ledger.set_auto_rule(ws, rule, now).await?;
            app.purchases.set_auto_rules(true);
            // The rule may apply at once.
            super::watch::after_debit(app, scope.workspace.clone());
            to_value(&auto_show(app, scope).await?)
        }
        Call::AutoTopupSimulate { scope, days, below, amount_cents, monthly_limit_cents } => {
            let trial = match (below, amount_cents, monthly_limit_cents) {
                (None, None, None) => None,
                (Some(below), Some(amount_cents), Some(monthly_limit_cents)) => {
                    if below.millis() <= 0 {
                        return Err(AppError::invalid("--below must be greater than zero"));
                    }
                    flow::check_amount(app, amount_cents)?;
                    if monthly_limit_cents.get() < 0 {
                        return Err(AppError::invalid("--max-per-month must not be negative"));
                    }
                    Some(AutoRule { below, amount_cents, monthly_limit_cents })
                }
                _ => return Err(AppError::invalid("a rule to try needs --below, --buy and --max-per-month together")),
            };
            to_value(&crate::forecast::simulate_auto_topup(app, &scope, days, trial).await?)
        }
        Call::AutoTopupOff { scope } => {
            let ws = scope.workspace.clone();
            let was_on = app.ledger.delete_auto_rule(ws).await?;
            to_value(&AutoTopup { was_on: Some(was_on), ..auto_show(app, scope).await? })
        }
        Call::Usage { scope, months } => to_value(&super::report::usage(app, scope, months.unwrap_or(6)).await?),
        Call::Advise { scope } => to_value(&super::report::advise(app, scope).await?),
        other => Err(AppError::internal(format!("{} is not a purchase call", other.method()))),
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, AppError> {
    serde_json::to_value(v).map_err(|e| AppError::internal(e.to_string()))
}

/// The caller's balance, when a seat can be chosen.
async fn balance(app: &App, scope: &Scope) -> Option<Balance> {
    app.ledger.balance(&scope.clone()).await.ok()
}

/// The purchase and the caller's balance.
async fn answer(app: &App, scope: &Scope, p: Purchase) -> PurchaseAnswer {
    PurchaseAnswer { purchase: p, balance: balance(app, scope).await }
}

async fn in_workspace(app: &App, scope: &Scope, id: &str) -> Result<Purchase, AppError> {
    let (ws, id) = (scope.workspace.clone(), id.to_owned());
    Ok(app.ledger.purchase_in(ws, id).await?)
}

/// Cancels a purchase whose checkout is still open: the session is expired at Stripe first, so
/// it can no longer be paid.
pub async fn cancel(app: &Arc<App>, p: Purchase) -> Result<Purchase, AppError> {
    if p.state.is_terminal() {
        return Ok(p);
    }
    if p.kind == PurchaseKind::Card {
        return Err(AppError::invalid(format!("purchase {} charges the card on file and cannot be canceled", p.id)));
    }
    if let Some(session) = &p.stripe_checkout_session {
        let stripe = app.purchases.stripe()?;
        let key = format!("{}-expire", p.id);
        match stripe.client.expire_checkout_session(session, &key).await {
            Ok(_) => {}
            // Not open any more: it was paid or expired meanwhile; record what it is.
            Err(StripeError::InvalidRequest { .. }) => {
                let s = stripe
                    .client
                    .retrieve_checkout_session(session)
                    .await
                    .map_err(|e| super::stripe_error(&e, Some(&p.id)))?;
                return Ok(flow::apply_session(app, &p, &s).await?.purchase);
            }
            Err(e) => return Err(super::stripe_error(&e, Some(&p.id))),
        }
    }
    Ok(flow::transition(app, &p.id, Transition::Canceled).await?.purchase)
}

/// What `ensure` buys when it must.
struct Order {
    amount: Cents,
    card_on_file: bool,
    /// Passed to the purchase: a retry of an `ensure` that bought answers that purchase.
    idempotency_key: Option<String>,
}

/// `ensure`: buys only below the minimum, and for one workspace at most one purchase at a time.
/// With [`EnsureStatus::InFlight`], the caller waits for that purchase and asks again.
async fn ensure(
    app: &Arc<App>,
    door: &Door,
    scope: Scope,
    min: Credits,
    order: Order,
) -> Result<EnsureAnswer, AppError> {
    let Order { amount, card_on_file, idempotency_key } = order;
    // From the start: looking the customer up may already have taken some of the request's time.
    let answer_by = door.answer_by();
    if min.millis() <= 0 {
        return Err(AppError::invalid("--min must be greater than zero"));
    }
    flow::check_amount(app, amount)?;
    let actor = door.caller(scope.clone()).actor(&app.user)?;
    let spendable = app.ledger.spendable(scope.clone()).await?;
    // A retry of an `ensure` that bought answers that purchase, however many credits there are
    // now (the ledger checks the key again when it records a purchase, against races).
    if let Some(key) = &idempotency_key
        && let Some(earlier) = app.ledger.purchase_by_key(scope.workspace.clone(), key.clone()).await?
    {
        let kind = if card_on_file { PurchaseKind::Card } else { PurchaseKind::Checkout };
        credits_ledger::purchases::replays(key, &earlier, amount, kind)?;
        return ensure_answer(app, &scope, EnsureStatus::Created, Some(earlier), spendable).await;
    }
    if spendable >= min {
        return ensure_answer(app, &scope, EnsureStatus::Sufficient, None, spendable).await;
    }
    let stripe = app.purchases.stripe()?.clone();
    let ws_id = app.ledger.workspace(scope.workspace.clone()).await?.id;
    let customer = flow::ensure_customer(app, &stripe, ws_id).await?;
    let kind = if card_on_file { PurchaseKind::Card } else { PurchaseKind::Checkout };
    let mut new = flow::new_purchase(app, kind, PurchaseOrigin::Ensure, amount, Some(customer.clone()), actor)?;
    new.idempotency_key = idempotency_key;
    let (now, id) = (app.now(), new.id.clone());
    let decision = app.ledger.ensure(scope.clone(), min, new, now).await?;
    match decision {
        EnsureDecision::Sufficient { spendable } => {
            ensure_answer(app, &scope, EnsureStatus::Sufficient, None, spendable).await
        }
        EnsureDecision::InFlight { purchase } => {
            ensure_answer(app, &scope, EnsureStatus::InFlight, Some(*purchase), spendable).await
        }
        // A retry of an `ensure` that bought: that purchase, as it stands.
        EnsureDecision::Created { purchase, spendable } if purchase.id != id => {
            ensure_answer(app, &scope, EnsureStatus::Created, Some(*purchase), spendable).await
        }
        EnsureDecision::Created { purchase, spendable } => {
            app.purchases.notify();
            let done = flow::carry_out(app, &stripe, *purchase, customer, answer_by).await?;
            ensure_answer(app, &scope, EnsureStatus::Created, Some(done), spendable).await
        }
    }
}

async fn ensure_answer(
    app: &App,
    scope: &Scope,
    status: EnsureStatus,
    purchase: Option<Purchase>,
    before: Credits,
) -> Result<EnsureAnswer, AppError> {
    let bought =
        purchase.as_ref().is_some_and(|p| p.state == PurchaseState::Succeeded) && status == EnsureStatus::Created;
    Ok(EnsureAnswer { status, bought, purchase, spendable_before: before, balance: balance(app, scope).await })
}

async fn auto_show(app: &App, scope: Scope) -> Result<AutoTopup, AppError> {
    let AutoTopupRow { workspace: ws, rule, spent } = app.ledger.auto_topup(scope.workspace).await?;
    Ok(AutoTopup {
        workspace: ws.name,
        period: ws.period,
        rule,
        spent_this_period_cents: spent,
        stripe_configured: app.purchases.configured(),
        was_on: None,
    })
}
