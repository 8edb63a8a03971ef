//! `POST /billing/buy`: checks the session and its CSRF token, reads the amount (a pack or a
//! custom amount within the configured limits), asks once before charging the card on file, then
//! starts the purchase through the same flow as `studio-credits buy`: the card is charged at once
//! (then the return page), or the browser goes to Stripe Checkout.

use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use credits_core::{Actor, Cents};
use serde::Deserialize;

use super::card::{self, card_on_file, customer_of, workspace_for};
use super::{sessions, view, web};
use crate::app::App;
use crate::purchases::flow;

#[derive(Debug, Default, Deserialize)]
pub struct BuyBody {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(default)]
    workspace: Option<String>,
    /// Cents of a pack, or `custom`.
    #[serde(default)]
    amount: Option<String>,
    /// Dollars, when `amount` is `custom`.
    #[serde(default)]
    custom: Option<String>,
    /// `card` or `checkout`.
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    confirm: Option<String>,
}

fn refused(app: &App, status: StatusCode, title: &str, line: &str) -> Response {
    let nonce = web::nonce();
    web::page(
        app,
        status,
        &nonce,
        view::message_page(&nonce, title, &[line, "Go back to the billing page and try again."]),
    )
}

/// The amount a form asks for, or why it cannot be bought.
fn amount(app: &App, body: &BuyBody) -> Result<Cents, String> {
    let a = match body.amount.as_deref().map(str::trim) {
        Some("custom") => {
            let custom = body.custom.as_deref().unwrap_or("").trim();
            if custom.is_empty() {
                return Err("Enter an amount in dollars, or pick one of the packs.".into());
            }
            Cents::parse_dollars(custom).map_err(|e| format!("{custom:?} is not an amount in dollars: {e}"))?
        }
        Some(cents) if !cents.is_empty() => {
            Cents::new(cents.parse::<i64>().map_err(|_| format!("{cents:?} is not one of the packs"))?)
        }
        _ => return Err("Pick an amount.".into()),
    };
    flow::check_amount(app, a).map_err(|e| e.message)?;
    Ok(a)
}

/// `POST /billing/buy`
pub async fn buy(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Form<BuyBody>, FormRejection>,
) -> Response {
    let Some((token, session)) = web::session(&app, &headers) else {
        return card::signed_out(&app, StatusCode::UNAUTHORIZED);
    };
    let Ok(Form(body)) = body else {
        return refused(
            &app,
            StatusCode::BAD_REQUEST,
            "That form could not be read",
            "It was not a form this page sent.",
        );
    };
    if !web::csrf_ok(&session, body.csrf.as_deref()) {
        tracing::warn!("billing: refused a purchase form without a valid CSRF token");
        return refused(
            &app,
            StatusCode::FORBIDDEN,
            "That form was refused",
            "It did not come from this billing page (its security token is missing or wrong).",
        );
    }
    // No workspace named: the default one (what `buy` does).
    let named = workspace_for(&session, body.workspace.as_deref());
    let workspace = match app.ledger.workspace(named).await {
        Ok(ws) => ws.name,
        Err(e) => return card::failed(&app, &e.into()),
    };
    let custom = body.custom.clone().unwrap_or_default();
    let a = match amount(&app, &body) {
        Ok(a) => a,
        Err(why) => return card::render_buy(&app, &session, Some(workspace), Some(why), None, custom).await,
    };
    let method = body.method.as_deref().unwrap_or("checkout");
    let by_card = match method {
        "card" => true,
        "checkout" => false,
        _ => return refused(&app, StatusCode::BAD_REQUEST, "Unknown payment method", "Pick card or Checkout."),
    };
    if by_card && body.confirm.as_deref() != Some("yes") {
        let customer = match customer_of(&app, workspace.clone()).await {
            Ok(c) => c,
            Err(e) => return card::failed(&app, &e),
        };
        let Some(label) = card_on_file(&app, customer).await else {
            let why = "This workspace has no card on file yet: pay with Stripe Checkout, which saves the card.";
            return card::render_buy(&app, &session, Some(workspace), Some(why.into()), Some(a), custom).await;
        };
        let credits = a.to_credits(app.settings.topup.credits_per_usd).map_or("?".into(), view::credits);
        let nonce = web::nonce();
        let markup = view::confirm_page(&nonce, &workspace, &session.csrf, a, &credits, &label);
        return web::page(&app, StatusCode::OK, &nonce, markup);
    }
    // A capability link buys as its seat; a signed-in page was opened by the operator's CLI.
    let actor = match &session.access {
        sessions::Access::Seat { seat, .. } => Actor::Seat(seat.clone()),
        sessions::Access::All => Actor::Cli(app.user.clone()),
    };
    match flow::buy(&app, Some(workspace.clone()), a, by_card, actor, None).await {
        Ok(p) => {
            app.billing.started(&token, &p.id);
            match (by_card, p.checkout_url.as_deref()) {
                (false, Some(url)) => web::see_other(&app, url, None),
                _ => web::see_other(&app, &format!("/billing/return?purchase={}", p.id), None),
            }
        }
        Err(e) => {
            // A declined card is a failed purchase: its return page says what to do (and sends
            // a blocked client back with status=failed).
            if let Some(id) = e.purchase.clone() {
                app.billing.started(&token, &id);
                return web::see_other(&app, &format!("/billing/return?purchase={id}"), None);
            }
            let why = match &e.hint {
                Some(h) => format!("{} ({h})", e.message),
                None => e.message.clone(),
            };
            card::render_buy(&app, &session, Some(workspace), Some(why), Some(a), custom).await
        }
    }
}
