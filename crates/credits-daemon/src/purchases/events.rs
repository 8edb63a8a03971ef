//! Acting on verified Stripe webhook events. Each event is handled at most once (its id is
//! recorded in the transaction that acts on it); an event about a purchase we do not know, or of
//! a type we do not use, is acknowledged and ignored.

use std::sync::Arc;

use credits_core::purchase::{Purchase, PurchaseKind};
use credits_store::purchases::{self as store, Transition};
use credits_stripe::Event;

use super::flow::{EventRef, confirm_with_event, transition_with_event};
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
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Unchanged => "unchanged",
            Outcome::Duplicate => "duplicate",
            Outcome::Ignored => "ignored",
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
                Action::Credit { payment_intent: pi, seen: s.amount_total.zip(s.currency.clone()) }
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
            let action =
                Action::Credit { payment_intent: Some(pi.id.clone()), seen: Some((pi.amount, pi.currency.clone())) };
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
    let purchase: Option<Purchase> = app
        .read(move |c| match store::get(c, &pid) {
            Ok(p) => Ok(Some(p)),
            Err(credits_store::StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        })
        .await?;
    let Some(purchase) = purchase else {
        tracing::info!(event = %event.id, purchase = %purchase_id, "a Stripe event about a purchase this daemon does not know");
        return Ok(Outcome::Ignored);
    };
    let ev = Some(EventRef { id: event.id.clone(), type_: event.type_.clone() });
    let (applied, fresh) = match action {
        Action::Credit { payment_intent, seen } => {
            confirm_with_event(app, &purchase.id, payment_intent, seen, ev).await?
        }
        Action::Move(t) => transition_with_event(app, &purchase.id, t, ev).await?,
        // In a checkout the buyer can try another card on the page: one failed attempt does not
        // end the purchase (the session's expiry does).
        Action::CardFailed(_) if purchase.kind == PurchaseKind::Checkout => return Ok(Outcome::Ignored),
        Action::CardFailed(t) => transition_with_event(app, &purchase.id, t, ev).await?,
    };
    Ok(match (fresh, applied.changed) {
        (false, _) => Outcome::Duplicate,
        (true, true) => Outcome::Applied,
        (true, false) => Outcome::Unchanged,
    })
}

enum Action {
    Credit { payment_intent: Option<String>, seen: Option<(i64, String)> },
    Move(Transition),
    CardFailed(Transition),
}
