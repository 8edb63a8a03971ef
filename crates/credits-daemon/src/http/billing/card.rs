//! `GET /billing` (the AI usage card) and `GET /billing/buy` (the Buy credits form), and the
//! ledger and Stripe reads behind them, scoped to what the session may see.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use credits_core::Cents;
use credits_ledger::service::OverviewQuery;
use jiff::Timestamp;
use serde::Deserialize;

use super::sessions::{Access, Session};
use super::view::{self, BuyForm, Card, SeatLine};
use super::{encode, web};
use crate::app::App;
use crate::error::AppError;

/// The packs offered, in cents (those within the configured limits).
const PACKS: [i64; 4] = [1_000, 2_500, 5_000, 10_000];
/// Longest the page waits for Stripe to name the card on file; without an answer it offers
/// Checkout only.
const CARD_LOOKUP: Duration = Duration::from_secs(5);

/// The workspace a session asks for: its own for a seat-scoped one.
pub fn workspace_for(session: &Session, wanted: Option<&str>) -> Option<String> {
    match &session.access {
        Access::Seat { workspace, .. } => Some(workspace.clone()),
        Access::All => wanted.filter(|w| !w.is_empty()).map(str::to_owned),
    }
}

/// A reset instant as a person reads it, in the workspace's time zone: "December 1, 2026".
pub fn readable_date(rfc3339: &str, tz: &str) -> String {
    let Ok(t) = rfc3339.parse::<Timestamp>() else { return rfc3339.to_owned() };
    match jiff::tz::TimeZone::get(tz) {
        Ok(zone) => t.to_zoned_datetime(zone).strftime("%B %-d, %Y").to_string(),
        Err(_) => t.strftime("%B %-d, %Y").to_string(),
    }
}

/// Reads the card of `wanted` (or the default workspace) as `session` may see it.
pub async fn load_card(app: &App, session: &Session, wanted: Option<String>) -> Result<Card, AppError> {
    let scope = session.access.clone();
    let name = workspace_for(session, wanted.as_deref());
    let all = matches!(scope, Access::All);
    let only = match &scope {
        Access::Seat { seat, .. } => Some(seat.clone()),
        Access::All => None,
    };
    let query = OverviewQuery { workspace: name, seat: only, everything: all.then_some(5) };
    let o = app.ledger.overview(query).await?;
    let seats = o
        .seats
        .into_iter()
        .map(|b| SeatLine {
            seat: b.seat,
            remaining: b.included.remaining,
            allowance: b.included.allowance,
            spendable: b.spendable,
        })
        .collect();
    let auto = all.then(|| match o.auto_rule {
        Some(r) => format!(
            "on: below {} credits, buy {} on the card on file (at most {} a month)",
            view::credits(r.below),
            r.amount_cents,
            r.monthly_limit_cents
        ),
        None => "off".to_owned(),
    });
    let mut card = Card {
        workspace: o.info.name,
        workspaces: o.workspaces,
        plan: o.info.plan,
        resets: readable_date(&o.info.resets_at, &o.info.time_zone),
        time_zone: o.info.time_zone,
        seats,
        topup: o.topup,
        auto_topup: auto,
        purchases: all.then_some(o.purchases),
        buy_href: String::new(),
    };
    card.buy_href = match session.access {
        Access::All => format!("/billing/buy?workspace={}", encode(&card.workspace)),
        Access::Seat { .. } => "/billing/buy".to_owned(),
    };
    Ok(card)
}

/// "Visa •••• 4242" for the workspace's default card, if it has one and Stripe says so in time.
pub async fn card_on_file(app: &App, customer: Option<String>) -> Option<String> {
    let stripe = app.purchases.stripe().ok()?.clone();
    let customer = customer?;
    let lookup = async {
        let pm = stripe.client.default_payment_method(&customer).await.ok()??;
        let cards = stripe.client.list_payment_methods(&customer).await.unwrap_or_default();
        let card = cards.into_iter().find(|c| c.id == pm).and_then(|c| c.card);
        Some(match card {
            Some(c) => {
                let brand = c.brand.unwrap_or_else(|| "card".into());
                let mut brand_name = brand.clone();
                if let Some(first) = brand_name.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                format!("{brand_name} •••• {}", c.last4.unwrap_or_else(|| "????".into()))
            }
            None => "the card on file".to_owned(),
        })
    };
    tokio::time::timeout(CARD_LOOKUP, lookup).await.ok().flatten()
}

/// The workspace's Stripe customer, if bound.
pub async fn customer_of(app: &App, workspace: String) -> Result<Option<String>, AppError> {
    Ok(app.ledger.workspace(Some(workspace)).await?.stripe_customer)
}

/// The packs within the configured limits.
pub fn packs(app: &App) -> Vec<Cents> {
    let t = &app.settings.topup;
    PACKS.iter().map(|c| Cents::new(*c)).filter(|c| *c >= t.min && *c <= t.max).collect()
}

/// The page shown without a session: how to get one, and no ledger data.
pub fn signed_out(app: &App, status: StatusCode) -> Response {
    let nonce = web::nonce();
    let markup = view::message_page(
        &nonce,
        "Sign in to see your credits",
        &[
            "This page shows balances only to a signed-in browser.",
            "Run `studio-credits open` on the machine where studio-credits runs: it opens this page signed in.",
        ],
    );
    web::page(app, status, &nonce, markup)
}

/// An error page for a failed read.
pub fn failed(app: &App, e: &AppError) -> Response {
    let nonce = web::nonce();
    let status = match e.kind {
        credits_proto::ErrorType::NotFound => StatusCode::NOT_FOUND,
        credits_proto::ErrorType::InvalidInput => StatusCode::BAD_REQUEST,
        // A damaged or full ledger: the page can come back later, as the API's 503s say.
        credits_proto::ErrorType::Unavailable | credits_proto::ErrorType::LedgerCorrupt => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let markup = view::message_page(&nonce, "Something went wrong", &[&e.message]);
    web::page(app, status, &nonce, markup)
}

#[derive(Debug, Default, Deserialize)]
pub struct BillingQuery {
    workspace: Option<String>,
    purchase: Option<String>,
}

/// `GET /billing`: the AI usage card.
pub async fn billing(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<BillingQuery>, QueryRejection>,
) -> Response {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    // Stripe Checkout's success URL: the return page shows it.
    if let Some(p) = q.purchase.filter(|p| super::back::valid_id(p)) {
        return web::see_other(&app, &format!("/billing/return?purchase={p}"), None);
    }
    let Some((_, session)) = web::session(&app, &headers) else { return signed_out(&app, StatusCode::OK) };
    match load_card(&app, &session, q.workspace).await {
        Ok(card) => {
            let nonce = web::nonce();
            web::page(&app, StatusCode::OK, &nonce, view::card_page(&nonce, &card))
        }
        Err(e) => failed(&app, &e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct BuyQuery {
    workspace: Option<String>,
}

/// The buy form of `workspace` for `session`, with `error` and the amount chosen before it.
pub async fn render_buy(
    app: &App,
    session: &Session,
    workspace: Option<String>,
    error: Option<String>,
    chosen: Option<Cents>,
    custom: String,
) -> Response {
    let name = workspace_for(session, workspace.as_deref());
    let ws = match app.ledger.workspace(name).await {
        Ok(ws) => ws,
        Err(e) => return failed(app, &e.into()),
    };
    let t = app.settings.topup;
    let form = BuyForm {
        workspace: ws.name.clone(),
        csrf: session.csrf.clone(),
        packs: packs(app),
        min: t.min,
        max: t.max,
        credits_per_usd: t.credits_per_usd,
        card: card_on_file(app, ws.stripe_customer.clone()).await,
        error: error.clone(),
        chosen,
        custom,
    };
    let nonce = web::nonce();
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    web::page(app, status, &nonce, view::buy_page(&nonce, &form))
}

/// `GET /billing/buy`: packs, a custom amount, and how to pay.
pub async fn buy_form(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<BuyQuery>, QueryRejection>,
) -> Response {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let Some((_, session)) = web::session(&app, &headers) else { return signed_out(&app, StatusCode::OK) };
    render_buy(&app, &session, q.workspace, None, None, String::new()).await
}
