//! Getting in: the login link of `studio-credits open` (single use, a minute) and the capability
//! link of a 402 (one seat, a few minutes, optional `return_to`). Both set the session cookie and
//! redirect to `/billing`, so the secret does not stay in the address bar; neither is logged.

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::sessions::Access;
use super::{view, web};
use crate::app::App;

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    token: Option<String>,
}

/// `GET /billing/login?token=…`
pub async fn login(State(app): State<Arc<App>>, q: Result<Query<LoginQuery>, QueryRejection>) -> Response {
    let token = q.ok().and_then(|Query(q)| q.token).unwrap_or_default();
    if token.is_empty() || !app.billing.redeem_login(&token) {
        tracing::warn!("billing: a login link was refused (used before, expired or unknown)");
        let nonce = web::nonce();
        let markup = view::message_page(
            &nonce,
            "This sign-in link no longer works",
            &["A sign-in link works once, for a minute.", "Run `studio-credits open` again for a new one."],
        );
        return web::page(&app, StatusCode::FORBIDDEN, &nonce, markup);
    }
    let session = app.billing.create(Access::All, None);
    tracing::info!("billing: signed in with a login link");
    web::see_other(&app, "/billing", Some(&session))
}

#[derive(Debug, Deserialize)]
pub struct CapQuery {
    return_to: Option<String>,
}

/// `GET /billing/cap/{token}[?return_to=…]`: the `buy_url` of a 402.
pub async fn capability(
    State(app): State<Arc<App>>,
    token: Result<Path<String>, PathRejection>,
    q: Result<Query<CapQuery>, QueryRejection>,
) -> Response {
    let nonce = web::nonce();
    let return_to = match q {
        Ok(Query(q)) => q.return_to,
        Err(_) => {
            let markup = view::message_page(&nonce, "This link is malformed", &["Its query could not be read."]);
            return web::page(&app, StatusCode::BAD_REQUEST, &nonce, markup);
        }
    };
    // An unusable return_to is refused before anything else: no open redirects.
    let return_to = match return_to.as_deref().map(|u| web::check_return_to(&app, u)).transpose() {
        Ok(r) => r,
        Err(why) => {
            tracing::warn!(reason = %why, "billing: refused a return_to");
            let markup = view::message_page(&nonce, "This link cannot be used", &[&why]);
            return web::page(&app, StatusCode::BAD_REQUEST, &nonce, markup);
        }
    };
    let scope = token.ok().and_then(|Path(t)| app.billing.capability(&t));
    let Some(scope) = scope else {
        let markup = view::message_page(
            &nonce,
            "This link has expired",
            &["Links to buy credits work for a few minutes.", "Retry what you were doing to get a fresh link."],
        );
        return web::page(&app, StatusCode::FORBIDDEN, &nonce, markup);
    };
    let session = app.billing.create(scope, return_to);
    web::see_other(&app, "/billing", Some(&session))
}
