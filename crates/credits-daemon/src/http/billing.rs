//! The billing page a person uses in a browser: the AI usage card, Buy credits (packs or a custom
//! amount; the card on file or Stripe Checkout, through the same purchase flow as `buy`), and the
//! return page that waits for Stripe's confirmation.
//!
//! Getting in: `studio-credits open` mints a single-use login link ([`login_url`]), exchanged for
//! an HttpOnly, SameSite=Strict session cookie that sees every workspace; a 402's `buy_url`
//! ([`buy_url_for`]) is a short-lived capability for one seat that can show that seat's balance
//! and buy, nothing else, and may carry `return_to` (an origin from `[billing] return_origins`) to
//! go back to once the purchase ended. Without a session the pages show no ledger data; every
//! state-changing form is a POST with the session's CSRF token.
//!
//! Modules: [`sessions`] (the secrets), [`web`] (cookie, CSRF, headers, `return_to`), [`view`]
//! (maud markup), [`entry`] (login and capability links), [`card`] (the card and the buy form),
//! [`buy`] (the purchase POST), [`back`] (the return page and its status).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;

use crate::app::App;
use crate::error::AppError;
use credits_proto::ErrorType;

pub mod back;
pub mod buy;
pub mod card;
pub mod entry;
pub mod sessions;
pub mod view;
pub mod web;

/// The billing routes, merged into the API's router.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/billing", get(card::billing))
        .route("/billing/buy", get(card::buy_form).post(buy::buy))
        .route("/billing/login", get(entry::login))
        .route("/billing/cap/{token}", get(entry::capability))
        .route("/billing/return", get(back::page))
        .route("/billing/return/status", get(back::status))
}

/// The base URL a browser reaches this daemon at: `http.public_url`, else the bound address.
pub fn base_url(app: &App) -> Option<String> {
    if let Some(u) = &app.settings.public_url {
        return Some(u.trim_end_matches('/').to_owned());
    }
    app.http_addr().map(|_| app.http_url())
}

/// A new single-use login link (for `studio-credits open`).
pub fn login_url(app: &App) -> Result<String, AppError> {
    let base = base_url(app).ok_or_else(|| {
        let why = app.http_disabled().map_or_else(String::new, |d| format!(" ({})", d.message));
        AppError::new(ErrorType::Internal, format!("the HTTP API is not listening{why}, so there is no billing page"))
            .with_hint("check http.listen (STUDIO_CREDITS_HTTP_LISTEN) and the daemon log")
    })?;
    let token = app.billing.mint_login(Duration::from_secs(app.settings.billing.login_link_seconds));
    Ok(format!("{base}/billing/login?token={token}"))
}

/// The `buy_url` of a 402 for `seat` of `workspace`: a capability link for that seat alone.
pub fn buy_url_for(app: &App, workspace: &str, seat: &str) -> String {
    let base = base_url(app).unwrap_or_else(|| app.http_url());
    let scope = sessions::Access::Seat { workspace: workspace.to_owned(), seat: seat.to_owned() };
    let token = app.billing.mint_capability(scope, Duration::from_secs(app.settings.billing.buy_link_seconds));
    format!("{base}/billing/cap/{token}")
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
