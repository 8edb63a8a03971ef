//! `GET /billing`: a small page with the AI usage card. With a seat token it shows that seat's
//! included credits this month and the workspace's top-up; without one it shows no ledger data,
//! only how to check and buy credits (the page is reachable by anyone who can reach the port).
//! A hosted checkout returns the buyer to `/billing?purchase=pur_…&checkout=success`: the page
//! then shows that purchase's state, credits and amount from the ledger (only those: the random
//! purchase id in the URL is what the buyer holds), and reloads itself while it is pending.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY};
use axum::response::{Html, IntoResponse, Response};

use super::auth;
use crate::app::App;
use credits_core::purchase::{Purchase, PurchaseState};
use credits_core::records::Balance;
use credits_proto::ErrorType;

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn card(b: &Balance) -> String {
    format!(
        r#"<section class="card">
<h2>AI usage</h2>
<p class="who">Workspace <b>{ws}</b> · seat <b>{seat}</b> · {period}</p>
<table>
<tr><th>Included this month</th><td>{inc} of {allow} credits left</td><td>resets {resets}</td></tr>
<tr><th>Top-up balance</th><td>{topup} credits</td><td>never expires</td></tr>
<tr><th>Spendable now</th><td colspan="2"><b>{spend} credits</b></td></tr>
</table>
</section>"#,
        ws = esc(&b.workspace),
        seat = esc(&b.seat),
        period = esc(&b.period),
        inc = esc(&b.included.remaining.to_string()),
        allow = esc(&b.included.allowance.to_string()),
        resets = esc(&b.included.resets_at),
        topup = esc(&b.topup.remaining.to_string()),
        spend = esc(&b.spendable.to_string()),
    )
}

/// The purchase a returning buyer asks about, as a section of the page; `pending` says whether
/// the page should reload itself (a webhook may still be on its way).
async fn purchase_section(app: &App, id: &str) -> (String, bool) {
    let key = id.to_owned();
    let found = app.ledger.purchase(key).await.map_err(crate::error::AppError::from);
    let p: Purchase = match found {
        Ok(p) => p,
        Err(e) if e.kind == ErrorType::NotFound => {
            return (
                format!(
                    "<section class=\"card purchase\" data-state=\"unknown\"><h2>Your purchase</h2>\
                 <p>No purchase <code>{}</code> is known here. Check the link, or run \
                 <code>studio-credits purchases list</code>.</p></section>",
                    esc(id)
                ),
                false,
            );
        }
        Err(e) => {
            tracing::warn!(purchase = %id, error = %e, "cannot read a purchase for the billing page");
            return (
                "<section class=\"card purchase\" data-state=\"unavailable\"><h2>Your purchase</h2>\
                 <p>The purchase cannot be read right now; reload this page in a moment.</p></section>"
                    .to_owned(),
                true,
            );
        }
    };
    let what = format!("{} credits for {}", p.credits, p.amount_cents);
    let (state, line, pending) = match p.state {
        PurchaseState::Created | PurchaseState::Pending => (
            "pending",
            format!(
                "Pending: {what}. Waiting for Stripe to confirm the payment; the credits are added as soon as it does. This page reloads by itself."
            ),
            true,
        ),
        PurchaseState::Succeeded => {
            ("paid", format!("Paid: {what}, added to the workspace's top-up (they never expire)."), false)
        }
        PurchaseState::Failed => {
            let why = p.failure.as_ref().map(|f| format!(" ({})", f.message)).unwrap_or_default();
            ("failed", format!("Failed: {what}{why}. Nothing was charged and no credits were added."), false)
        }
        PurchaseState::Expired => {
            ("expired", format!("Expired: {what}. The checkout ran out of time; nothing was charged."), false)
        }
        PurchaseState::Canceled => ("canceled", format!("Canceled: {what}. Nothing was charged."), false),
        PurchaseState::Mismatch => (
            "mismatch",
            format!(
                "On hold: {what}. Stripe reported a payment that does not match this purchase, so no credits were added; contact support with the purchase id."
            ),
            false,
        ),
    };
    let section = format!(
        "<section class=\"card purchase\" data-state=\"{state}\"><h2>Your purchase</h2>\
         <p>Purchase <code>{id}</code></p><p><b>{line}</b></p></section>",
        id = esc(&p.id),
        line = esc(&line),
    );
    (section, pending)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}\
.card{border:1px solid #ccc;border-radius:8px;padding:1rem 1.5rem}th{text-align:left;padding-right:1rem}\
td{padding-right:1rem}code{background:#f3f3f3;padding:0 .25rem}";

/// The page.
pub async fn billing(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    // A query that does not decode is treated as no query: the page still shows.
    let params = query.map(|Query(q)| q).unwrap_or_default();
    let asked = params.iter().find(|(k, _)| k == "purchase").map(|(_, v)| v.as_str());
    let (purchase, reload) = match asked {
        Some(id) => purchase_section(&app, id).await,
        None => (String::new(), false),
    };
    let balance = match auth::bearer(&headers) {
        Some(token) => auth::seat_for(&app, token).await.ok().flatten().map(|a| a.balance),
        None => None,
    };
    let body = match &balance {
        Some(b) => card(b),
        None => "<section class=\"card\"><h2>AI usage</h2><p>Send a seat token (<code>Authorization: Bearer …</code>) \
                 to see a seat's credits here, or run <code>studio-credits balance</code>.</p></section>"
            .to_owned(),
    };
    let page = Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">{refresh}<title>Studio credits · billing</title><style>{STYLE}</style></head>
<body>
<h1>Studio credits</h1>
{purchase}
{body}
<section>
<h2>Buy credits</h2>
<p>Top-ups are bought in dollars ({per_usd} credits per dollar), never expire, and are non-refundable.
Usage spends a seat's included monthly credits first, then the workspace's shared top-up.</p>
<p>From a shell: <code>studio-credits buy 20</code> (hosted checkout) or
<code>studio-credits buy 20 --card-on-file --yes</code>.</p>
</section>
</body></html>
"#,
        per_usd = app.settings.topup.credits_per_usd,
        refresh = if reload { r#"<meta http-equiv="refresh" content="3">"# } else { "" },
    ));
    // A seat's balance is private: never cached; the page loads nothing and runs no script.
    let headers =
        [(CACHE_CONTROL, "no-store"), (CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'")];
    (headers, page).into_response()
}
