//! Acting on verified Stripe webhook events. Each event is handled at most once (its id is
//! recorded in the transaction that acts on it); an event about a purchase we do not know, or of
//! a type we do not use, is acknowledged and ignored.
//!
//! A signed event is a signal, not proof: before a purchase is credited the daemon asks Stripe
//! for the session or PaymentIntent the event names and credits only what Stripe itself says is
//! paid, for this purchase, at its amount. An event (or Stripe's object) with another amount is
//! recorded on the purchase as `mismatch`, never credited.

use std::sync::Arc;

use credits_core::purchase::{Purchase, PurchaseKind, PurchaseState};
use credits_ledger::purchases::Transition;
use credits_proto::ErrorType;
use credits_stripe::{Event, PaymentIntentStatus, StripeError};

use super::flow::{EventRef, confirm_with_event, mismatch, transition_with_event};
use crate::app::App;
use crate::error::AppError;

/// What became of an event, for the answer and the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It moved a purchase (credited, failed, expired, …).
    Applied,
    /// It was valid but changed nothing (already final, or not a move we make).
    Unchanged,
    /// This event id was handled before.
    Duplicate,
    /// Not a type we use, or not about one of our purchases.
    Ignored,
    /// It said a purchase was paid, but Stripe, asked by the daemon, does not confirm it (no such
    /// session or PaymentIntent, another purchase's, or not paid): nothing changed.
    Unconfirmed,
    /// Stripe reported another amount or currency than the purchase's: recorded as `mismatch`,
    /// nothing credited.
    Mismatch,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Unchanged => "unchanged",
            Outcome::Duplicate => "duplicate",
            Outcome::Ignored => "ignored",
            Outcome::Unconfirmed => "unconfirmed",
            Outcome::Mismatch => "mismatch",
        }
    }
}

/// Handles one event whose signature was verified.
pub async fn handle(app: &Arc<App>, event: &Event) -> Result<Outcome, AppError> {
    let bad = |e: credits_stripe::StripeError| AppError::invalid(e.to_string());
    let (purchase_id, action) = match event.type_.as_str() {
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
            let s = event.checkout_session().map_err(bad)?;
            let pi = s.payment_intent.as_ref().map(|p| p.id().to_owned());
            let action = if s.is_paid() {
                Action::Credit { object: Paid::Session(s.id.clone()), seen: s.amount_total.zip(s.currency.clone()) }
            } else {
                // Paid later (a delayed payment method): async_payment_succeeded will follow.
                Action::Move(Transition::Pending {
                    payment_intent: pi,
                    checkout_session: Some(s.id.clone()),
                    checkout_url: None,
                })
            };
            (s.metadata.get("purchase_id").cloned(), action)
        }
        "checkout.session.async_payment_failed" => {
            let s = event.checkout_session().map_err(bad)?;
            let t = Transition::Failed {
                code: Some("async_payment_failed".into()),
                message: "the payment failed after the checkout was completed".into(),
            };
            (s.metadata.get("purchase_id").cloned(), Action::Move(t))
        }
        "checkout.session.expired" => {
            let s = event.checkout_session().map_err(bad)?;
            (s.metadata.get("purchase_id").cloned(), Action::Move(Transition::Expired))
        }
        "payment_intent.succeeded" => {
            let pi = event.payment_intent().map_err(bad)?;
            let action = Action::Credit {
                object: Paid::PaymentIntent(pi.id.clone()),
                seen: Some((pi.amount, pi.currency.clone())),
            };
            (pi.metadata.get("purchase_id").cloned(), action)
        }
        "payment_intent.payment_failed" => {
            let pi = event.payment_intent().map_err(bad)?;
            let message = pi
                .last_payment_error
                .as_ref()
                .and_then(|e| e.message.clone())
                .unwrap_or_else(|| "the payment failed".to_owned());
            let code = pi.last_payment_error.as_ref().and_then(|e| e.code.clone());
            (pi.metadata.get("purchase_id").cloned(), Action::CardFailed(Transition::Failed { code, message }))
        }
        _ => return Ok(Outcome::Ignored),
    };
    let Some(purchase_id) = purchase_id else { return Ok(Outcome::Ignored) };
    let pid = purchase_id.clone();
    let purchase: Option<Purchase> = match app.ledger.purchase(pid).await {
        Ok(p) => Some(p),
        Err(credits_ledger::StoreError::NotFound(_)) => None,
        Err(e) => return Err(e.into()),
    };
    let Some(purchase) = purchase else {
        tracing::info!(event = %event.id, purchase = %purchase_id, "a Stripe event about a purchase this daemon does not know");
        return Ok(Outcome::Ignored);
    };
    let ev = Some(EventRef { id: event.id.clone(), type_: event.type_.clone() });
    let (applied, fresh) = match action {
        // A signed event that names another amount is recorded as a mismatch as it is; any other
        // is checked with Stripe first.
        Action::Credit { seen, .. } if mismatch(&purchase, seen.as_ref()).is_some() => {
            confirm_with_event(app, &purchase.id, None, seen, ev).await?
        }
        Action::Credit { object, .. } => match ask_stripe(app, &purchase, &object).await? {
            Ok((payment_intent, seen)) => confirm_with_event(app, &purchase.id, payment_intent, Some(seen), ev).await?,
            Err(why) => {
                tracing::warn!(event = %event.id, purchase = %purchase.id, why, "a Stripe event said a purchase was paid; Stripe does not confirm it, nothing credited");
                return Ok(Outcome::Unconfirmed);
            }
        },
        Action::Move(t) => transition_with_event(app, &purchase.id, t, ev).await?,
        // In a checkout the buyer can try another card on the page: one failed attempt does not
        // end the purchase (the session's expiry does).
        Action::CardFailed(_) if purchase.kind == PurchaseKind::Checkout => return Ok(Outcome::Ignored),
        Action::CardFailed(t) => transition_with_event(app, &purchase.id, t, ev).await?,
    };
    Ok(match (fresh, applied.changed) {
        (false, _) => Outcome::Duplicate,
        (true, true) if applied.purchase.state == PurchaseState::Mismatch => Outcome::Mismatch,
        (true, true) => Outcome::Applied,
        (true, false) => Outcome::Unchanged,
    })
}

/// Asks Stripe for the object a crediting event names. `Ok(Ok((payment intent, (amount,
/// currency))))` when Stripe says it is paid and belongs to `p`; `Ok(Err(why))` when Stripe does
/// not confirm it; `Err` when Stripe cannot be asked now (the webhook answers 503 and Stripe
/// retries; the daemon's own polling goes on meanwhile).
async fn ask_stripe(app: &Arc<App>, p: &Purchase, object: &Paid) -> Result<Confirmation, AppError> {
    let stripe = app.purchases.stripe()?;
    let unavailable = |e: StripeError| -> Result<Confirmation, AppError> {
        match e {
            // Stripe answered: there is no such object (or the id is not one).
            StripeError::InvalidRequest { .. } => Ok(Err("Stripe has no such object")),
            e => Err(AppError::new(ErrorType::StripeUnavailable, format!("cannot confirm the event with Stripe: {e}"))),
        }
    };
    let ours = |metadata: &credits_stripe::Metadata| metadata.get("purchase_id") == Some(&p.id);
    match object {
        Paid::Session(id) => {
            let s = match stripe.client.retrieve_checkout_session(id).await {
                Ok(s) => s,
                Err(e) => return unavailable(e),
            };
            if !ours(&s.metadata) {
                return Ok(Err("the checkout session belongs to another purchase"));
            }
            if !s.is_paid() {
                return Ok(Err("the checkout session is not paid"));
            }
            let Some(seen) = s.amount_total.zip(s.currency.clone()) else {
                return Ok(Err("the checkout session has no amount"));
            };
            Ok(Ok((s.payment_intent.as_ref().map(|pi| pi.id().to_owned()), seen)))
        }
        Paid::PaymentIntent(id) => {
            let pi = match stripe.client.retrieve_payment_intent(id).await {
                Ok(pi) => pi,
                Err(e) => return unavailable(e),
            };
            if !ours(&pi.metadata) {
                return Ok(Err("the PaymentIntent belongs to another purchase"));
            }
            if pi.status != PaymentIntentStatus::Succeeded {
                return Ok(Err("the PaymentIntent has not succeeded"));
            }
            Ok(Ok((Some(pi.id.clone()), (pi.amount, pi.currency.clone()))))
        }
    }
}

/// Stripe's answer: the payment intent and `(amount, currency)` it confirms, or why it does not.
type Confirmation = Result<(Option<String>, (i64, String)), &'static str>;

/// The Stripe object an event says was paid.
enum Paid {
    Session(String),
    PaymentIntent(String),
}

enum Action {
    Credit { object: Paid, seen: Option<(i64, String)> },
    Move(Transition),
    CardFailed(Transition),
}
