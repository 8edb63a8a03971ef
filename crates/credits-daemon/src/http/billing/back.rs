//! The return page (`GET /billing/return?purchase=…`), where Stripe Checkout and the card-on-file
//! form land: it waits for Stripe's confirmation (the page polls `GET /billing/return/status`;
//! without JavaScript, a "check again" link), then shows the new balance or what went wrong, and
//! sends a buyer who came from a 402 with `return_to` back there.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use credits_core::Credits;
use credits_core::purchase::{Purchase, PurchaseState};
use serde::Deserialize;
use serde_json::json;

use super::sessions::{Access, Session};
use super::{card, view, web};
use crate::app::App;
use crate::error::AppError;

#[derive(Debug, Default, Deserialize)]
pub struct ReturnQuery {
    purchase: Option<String>,
    /// Set on the one same-site reload after coming back from Stripe.
    hop: Option<String>,
}

/// Whether `id` has the shape of a purchase id (`pur_` and letters, digits).
pub fn valid_id(id: &str) -> bool {
    id.starts_with("pur_") && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The purchase, the top-up and (for a seat session) the seat's spendable balance, if the session
/// may see that purchase.
async fn load(
    app: &App,
    session: &Session,
    id: String,
) -> Result<Option<(Purchase, Credits, Option<Credits>)>, AppError> {
    let viewer = match &session.access {
        Access::Seat { workspace, seat } => Some((workspace.clone(), seat.clone())),
        Access::All => None,
    };
    let found = app.ledger.purchase_view(id, viewer).await?;
    Ok(found.map(|v| (v.purchase, v.topup, v.spendable)))
}

/// What to say about a purchase in state `p.state`.
fn words(p: &Purchase) -> (String, String) {
    match p.state {
        PurchaseState::Created | PurchaseState::Pending => (
            "Waiting for Stripe to confirm your payment…".into(),
            "This page updates by itself when Stripe confirms; it usually takes a few seconds.".into(),
        ),
        PurchaseState::Succeeded => (
            format!("Payment received: {} credits added", view::credits(p.credits)),
            "They are in the top-up balance below and can be spent now.".into(),
        ),
        PurchaseState::Failed => (
            "The payment failed".into(),
            format!(
                "{} Nothing was credited; try again, with another card if the bank declined.",
                p.failure.as_ref().map_or("Stripe refused the payment.", |f| f.message.as_str())
            ),
        ),
        PurchaseState::Expired => {
            ("The checkout expired".into(), "Nothing was charged. Start a new purchase to buy credits.".into())
        }
        PurchaseState::Canceled => {
            ("The checkout was canceled".into(), "Nothing was charged. Start a new purchase to buy credits.".into())
        }
        PurchaseState::Mismatch => (
            "The payment needs a look".into(),
            format!(
                "Stripe reported a payment of another amount, so nothing was credited. Check purchase {} with \
                 `studio-credits purchases show {}` before buying again.",
                p.id, p.id
            ),
        ),
    }
}

/// Where to send the buyer once purchase `p` ended, if it was started with a `return_to`.
fn next(session: &Session, p: &Purchase) -> Option<String> {
    if !p.state.is_terminal() {
        return None;
    }
    let to = session.returns.get(&p.id)?;
    Some(web::return_url(to, &p.id, p.state == PurchaseState::Succeeded))
}

/// `GET /billing/return?purchase=…`
pub async fn page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<ReturnQuery>, QueryRejection>,
) -> Response {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let Some(id) = q.purchase.filter(|id| valid_id(id)) else {
        let nonce = web::nonce();
        let markup = view::message_page(&nonce, "No such purchase", &["The link names no purchase."]);
        return web::page(&app, StatusCode::NOT_FOUND, &nonce, markup);
    };
    let Some((_, session)) = web::session(&app, &headers) else {
        // Coming back from Stripe (another site), the SameSite=Strict cookie is not sent; a
        // navigation started by this page sends it. Once only.
        if q.hop.is_none() {
            let nonce = web::nonce();
            let to = format!("/billing/return?purchase={id}&hop=1");
            return web::page(&app, StatusCode::OK, &nonce, view::same_site_hop(&nonce, &to));
        }
        return card::signed_out(&app, StatusCode::OK);
    };
    let (p, topup, spendable) = match load(&app, &session, id).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            let nonce = web::nonce();
            let markup = view::message_page(&nonce, "No such purchase", &["This browser cannot see that purchase."]);
            return web::page(&app, StatusCode::NOT_FOUND, &nonce, markup);
        }
        Err(e) => return card::failed(&app, &e),
    };
    if let Some(to) = next(&session, &p) {
        return web::see_other(&app, &to, None);
    }
    let (headline, detail) = words(&p);
    let back = session.returns.get(&p.id).map(|to| web::return_url(to, &p.id, false)).filter(|_| p.state.is_terminal());
    let v = view::ReturnView { purchase: p, headline, detail, topup, spendable, back };
    let nonce = web::nonce();
    web::page(&app, StatusCode::OK, &nonce, view::return_page(&nonce, &v))
}

/// `GET /billing/return/status?purchase=…`: the return page's live refresh (JSON, session only).
pub async fn status(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<ReturnQuery>, QueryRejection>,
) -> Response {
    let no_store = || [(axum::http::header::CACHE_CONTROL, "no-store")];
    let err = |status: StatusCode, kind: &str, message: &str| {
        (status, no_store(), Json(json!({ "error": { "type": kind, "message": message } }))).into_response()
    };
    let Some((_, session)) = web::session(&app, &headers) else {
        return err(StatusCode::UNAUTHORIZED, "unauthorized", "no billing session; run `studio-credits open`");
    };
    let Some(id) = q.ok().and_then(|Query(q)| q.purchase).filter(|id| valid_id(id)) else {
        return err(StatusCode::NOT_FOUND, "not_found", "no such purchase");
    };
    match load(&app, &session, id).await {
        Ok(Some((p, topup, spendable))) => {
            let (headline, detail) = words(&p);
            let body = json!({
                "purchase": p.id,
                "state": p.state,
                "terminal": p.state.is_terminal(),
                "headline": headline,
                "detail": detail,
                "topup": view::credits(topup),
                "spendable": spendable.map(view::credits),
                "next": next(&session, &p),
            });
            (StatusCode::OK, no_store(), Json(body)).into_response()
        }
        Ok(None) => err(StatusCode::NOT_FOUND, "not_found", "no such purchase"),
        Err(e) => err(StatusCode::INTERNAL_SERVER_ERROR, "internal", &e.message),
    }
}
