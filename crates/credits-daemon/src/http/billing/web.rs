//! What every billing response shares: the session cookie, the CSRF check, the security headers
//! (a strict Content-Security-Policy with a per-response nonce, no caching, no referrer) and the
//! `return_to` rules.

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, REFERRER_POLICY, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::Markup;
use subtle::ConstantTimeEq;

use super::sessions::{SESSION_LIFETIME, Session};
use crate::app::App;

/// The session cookie's name.
pub const COOKIE: &str = "sc_billing";

/// The session cookie secret a request carries, if any.
pub fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('=').map(str::to_owned))
        .filter(|t| !t.is_empty())
}

/// The request's live session and its cookie secret.
pub fn session(app: &App, headers: &HeaderMap) -> Option<(String, Session)> {
    let token = cookie(headers)?;
    let s = app.billing.get(&token)?;
    Some((token, s))
}

/// Whether `sent` is the session's CSRF token (compared in constant time).
pub fn csrf_ok(session: &Session, sent: Option<&str>) -> bool {
    sent.is_some_and(|t| bool::from(t.as_bytes().ct_eq(session.csrf.as_bytes())))
}

/// `Set-Cookie` for a new session: HttpOnly (no script reads it), SameSite=Strict (no other
/// site's page sends it), Path=/, a few hours; `Secure` when the page is served over https.
pub fn set_cookie(app: &App, token: &str) -> HeaderValue {
    let secure = match app.settings.public_url.as_deref() {
        Some(u) => u.starts_with("https://"),
        None => app.settings.http_tls.wanted(),
    };
    let value = format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        SESSION_LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("sc_billing=; Max-Age=0"))
}

/// A fresh nonce for one response's inline style and script.
pub fn nonce() -> String {
    crate::purchases::random_token(22)
}

/// Where forms may send the browser: this page, Stripe's hosted Checkout (and the configured
/// Stripe API's origin, which hosts it in test setups), and the allowed `return_to` origins.
fn form_targets(app: &App) -> String {
    let mut targets = vec!["'self'".to_owned(), "https://checkout.stripe.com".to_owned()];
    if let Some(o) = credits_config::origin_of(&app.settings.stripe.api_base) {
        targets.push(o);
    }
    targets.extend(app.settings.billing.return_origins.iter().cloned());
    targets.dedup();
    targets.join(" ")
}

fn secure_headers(app: &App, nonce: &str) -> [(axum::http::HeaderName, HeaderValue); 5] {
    let csp = format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; \
         img-src 'self'; form-action {}; base-uri 'none'; frame-ancestors 'none'",
        form_targets(app)
    );
    [
        (
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'none'")),
        ),
        // Balances are private and change: never stored by a cache or the back button's copy.
        (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        // Links out of the page never carry its URL.
        (REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (axum::http::header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (axum::http::header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
}

/// An HTML page with the security headers; `nonce` must be the one the markup used.
pub fn page(app: &App, status: StatusCode, nonce: &str, markup: Markup) -> Response {
    (status, secure_headers(app, nonce), Html(markup.into_string())).into_response()
}

/// A 303 to `to`, optionally setting the session cookie.
pub fn see_other(app: &App, to: &str, cookie: Option<&str>) -> Response {
    let mut resp = (StatusCode::SEE_OTHER, secure_headers(app, &nonce())).into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        resp.headers_mut().insert(LOCATION, v);
    }
    if let Some(token) = cookie {
        resp.headers_mut().insert(SET_COOKIE, set_cookie(app, token));
    }
    resp
}

/// Why a `return_to` is refused.
pub fn check_return_to(app: &App, url: &str) -> Result<String, String> {
    if url.len() > 2048 || url.chars().any(char::is_control) {
        return Err("return_to is not a usable URL".into());
    }
    let Some(origin) = credits_config::origin_of(url) else {
        return Err("return_to must be an absolute http(s) URL".into());
    };
    if !app.settings.billing.return_origins.contains(&origin) {
        return Err(format!(
            "return_to's origin {origin} is not in [billing] return_origins, so the page will not send anyone there"
        ));
    }
    Ok(url.to_owned())
}

/// `return_to` with `purchase` and `status` added to its query (before any fragment).
pub fn return_url(return_to: &str, purchase: &str, succeeded: bool) -> String {
    let (base, fragment) = match return_to.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (return_to, None),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    let status = if succeeded { "succeeded" } else { "failed" };
    let mut url = format!("{base}{sep}purchase={purchase}&status={status}");
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_url_keeps_query_and_fragment() {
        assert_eq!(
            return_url("https://a.example/x", "pur_1", true),
            "https://a.example/x?purchase=pur_1&status=succeeded"
        );
        assert_eq!(
            return_url("https://a.example/x?k=1#f", "pur_1", false),
            "https://a.example/x?k=1&purchase=pur_1&status=failed#f"
        );
    }

    #[test]
    fn cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(axum::http::header::COOKIE, HeaderValue::from_static("a=1; sc_billing=abc; b=2"));
        assert_eq!(cookie(&h).as_deref(), Some("abc"));
        h.insert(axum::http::header::COOKIE, HeaderValue::from_static("sc_billingx=abc"));
        assert_eq!(cookie(&h), None);
    }
}
