//! The billing pages' markup (maud: compiled into the binary, every interpolation escaped). No
//! inline `style` attributes or event handlers, so the Content-Security-Policy can stay strict;
//! every form works without JavaScript, and the one script (live refresh on the return page)
//! carries the response's nonce.

use credits_core::purchase::{Purchase, PurchaseState};
use credits_core::{Cents, Credits};
use maud::{DOCTYPE, Markup, PreEscaped, html};

const STYLE: &str = "\
:root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--line:#c8c8c8;--accent:#0b4fb3;--bad:#a4161a;--good:#1a6b2f}\
*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--ink);background:#fff;margin:0}\
.wrap{max-width:44rem;margin:0 auto;padding:1rem}.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}\
header{border-bottom:1px solid var(--line)}header p{margin:0;padding:.75rem 1rem;font-weight:600}\
h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}\
.card{border:1px solid var(--line);border-radius:10px;padding:1rem 1.25rem;margin:1rem 0}\
table{border-collapse:collapse;width:100%}caption{text-align:left;padding-bottom:.25rem}th,td{text-align:left;padding:.4rem .5rem .4rem 0;vertical-align:top}\
thead th{border-bottom:1px solid var(--line)}meter{width:100%;max-width:12rem;height:1rem}\
.big{font-size:1.4rem;font-weight:700}.muted{color:var(--muted)}.bad{color:var(--bad)}.good{color:var(--good)}\
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0a500;outline-offset:2px}\
.button,button{display:inline-block;font:inherit;font-weight:600;background:var(--accent);color:#fff;border:0;border-radius:6px;\
padding:.6rem 1rem;margin:.25rem .5rem .25rem 0;text-decoration:none;cursor:pointer;min-height:44px}\
button.secondary,.button.secondary{background:#fff;color:var(--accent);border:2px solid var(--accent)}\
fieldset{border:1px solid var(--line);border-radius:8px;margin:1rem 0;padding:.5rem 1rem}legend{font-weight:600;padding:0 .25rem}\
.choice{display:block;padding:.35rem 0}input[type=number]{font:inherit;width:9rem;padding:.35rem;border:1px solid #767676;border-radius:4px}\
select{font:inherit;padding:.35rem}.error{border-left:4px solid var(--bad);padding:.25rem .75rem}\
@media (max-width:30rem){.hide-narrow{display:none}th,td{padding-right:.25rem}}";

/// A page: skip link, header, `main`, and the nonce'd style.
pub fn layout(nonce: &str, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · Studio credits" }
                style nonce=(nonce) { (PreEscaped(STYLE)) }
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header { p { "Studio credits" } }
                main #main .wrap { (body) }
            }
        }
    }
}

/// `2500` → `2,500`; `-1234.5` → `-1,234.5`.
pub fn credits(c: Credits) -> String {
    let s = c.to_string();
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn as_number(c: Credits) -> String {
    format!("{}", c.millis().max(0) as f64 / 1000.0)
}

/// One seat's line on the card.
#[derive(Debug, Clone)]
pub struct SeatLine {
    pub seat: String,
    pub remaining: Credits,
    pub allowance: Credits,
    pub spendable: Credits,
}

/// Everything the AI usage card shows.
#[derive(Debug, Clone)]
pub struct Card {
    pub workspace: String,
    /// Every workspace, for the picker (empty for a seat-scoped session).
    pub workspaces: Vec<String>,
    pub plan: String,
    /// The reset, as a person reads it, in the workspace's time zone.
    pub resets: String,
    pub time_zone: String,
    pub seats: Vec<SeatLine>,
    pub topup: Credits,
    /// `None` for a seat-scoped session, which sees no settings.
    pub auto_topup: Option<String>,
    /// `None` for a seat-scoped session.
    pub purchases: Option<Vec<Purchase>>,
    pub buy_href: String,
}

/// The billing page with the AI usage card.
pub fn card_page(nonce: &str, c: &Card) -> Markup {
    let body = html! {
        h1 { "Billing" }
        @if c.workspaces.len() > 1 {
            form method="get" action="/billing" {
                label for="workspace" { "Workspace " }
                select #workspace name="workspace" {
                    @for w in &c.workspaces {
                        option value=(w) selected[*w == c.workspace] { (w) }
                    }
                }
                " "
                button.secondary type="submit" { "Show" }
            }
        }
        section.card aria-labelledby="usage-title" {
            h2 #usage-title { "AI usage" }
            p.muted {
                "Workspace " strong #card-workspace { (c.workspace) } " · plan " (c.plan)
            }
            p { a.button #buy-credits href=(c.buy_href) { "Buy credits" } }
            table {
                caption.muted { "Included credits this month, per seat. They reset on " span #resets { (c.resets) } " (" (c.time_zone) ")." }
                thead { tr { th scope="col" { "Seat" } th scope="col" { "Included left" } th.hide-narrow scope="col" { "Usage" } th scope="col" { "Spendable" } } }
                tbody {
                    @for s in &c.seats {
                        tr data-seat=(s.seat) {
                            th scope="row" { (s.seat) }
                            td { span.included { (credits(s.remaining)) } " of " span.allowance { (credits(s.allowance)) } }
                            td.hide-narrow {
                                meter min="0" max=(as_number(s.allowance)) value=(as_number(s.remaining))
                                    aria-label={ "Included credits left for " (s.seat) } { (credits(s.remaining)) " left" }
                            }
                            td.spendable { (credits(s.spendable)) }
                        }
                    }
                }
            }
            h3 { "Top-up balance" }
            p { span.big #topup-balance { (credits(c.topup)) } " credits, shared by every seat; they never expire." }
            p { a #buy-more href=(c.buy_href) { "Buy more" } }
            @if let Some(auto) = &c.auto_topup {
                p #auto-topup { "Auto top-up: " (auto) }
            }
        }
        @if let Some(ps) = &c.purchases {
            section aria-labelledby="purchases-title" {
                h2 #purchases-title { "Recent purchases" }
                @if ps.is_empty() {
                    p.muted { "No purchases yet." }
                } @else {
                    table #purchases {
                        thead { tr { th scope="col" { "When" } th scope="col" { "Amount" } th scope="col" { "Credits" } th scope="col" { "State" } } }
                        tbody {
                            @for p in ps {
                                tr data-purchase=(p.id) {
                                    td { (p.created_at.get(..10).unwrap_or(&p.created_at)) }
                                    td { (p.amount_cents) }
                                    td { (credits(p.credits)) }
                                    td { (state_text(p.state)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(nonce, "Billing", body)
}

fn state_text(s: PurchaseState) -> &'static str {
    match s {
        PurchaseState::Created | PurchaseState::Pending => "waiting for Stripe",
        PurchaseState::Succeeded => "paid, credited",
        PurchaseState::Failed => "failed",
        PurchaseState::Expired => "expired",
        PurchaseState::Canceled => "canceled",
        PurchaseState::Mismatch => "not credited (amount mismatch)",
    }
}

/// What the Buy credits form offers.
#[derive(Debug, Clone)]
pub struct BuyForm {
    pub workspace: String,
    pub csrf: String,
    pub packs: Vec<Cents>,
    pub min: Cents,
    pub max: Cents,
    pub credits_per_usd: i64,
    /// "Visa •••• 4242" when the workspace has a default card.
    pub card: Option<String>,
    pub error: Option<String>,
    /// The amount chosen before an error, in cents.
    pub chosen: Option<Cents>,
    pub custom: String,
}

fn pack_credits(c: Cents, per_usd: i64) -> String {
    c.to_credits(per_usd).map_or_else(|| "?".to_owned(), credits)
}

/// The Buy credits page.
pub fn buy_page(nonce: &str, f: &BuyForm) -> Markup {
    let chosen = f.chosen.or(f.packs.get(1).copied()).or(f.packs.first().copied());
    let custom_chosen = f.chosen.is_some_and(|c| !f.packs.contains(&c)) || (!f.custom.is_empty() && f.error.is_some());
    let body = html! {
        h1 { "Buy credits" }
        p { "For workspace " strong { (f.workspace) } ". " (f.credits_per_usd) " credits per dollar." }
        @if let Some(e) = &f.error {
            p.error.bad #buy-error role="alert" { (e) }
        }
        form method="post" action="/billing/buy" {
            input type="hidden" name="csrf" value=(f.csrf);
            input type="hidden" name="workspace" value=(f.workspace);
            fieldset {
                legend { "Amount" }
                @for p in &f.packs {
                    label.choice {
                        input type="radio" name="amount" value=(p.get()) checked[!custom_chosen && Some(*p) == chosen];
                        " " (p) " — " (pack_credits(*p, f.credits_per_usd)) " credits"
                    }
                }
                label.choice {
                    input #amount-custom type="radio" name="amount" value="custom" checked[custom_chosen];
                    " Another amount"
                }
                label for="custom" { "Amount in dollars (" (f.min) " to " (f.max) ")" }
                br;
                input #custom type="number" name="custom" min=(f.min.get() / 100) max=(f.max.get() / 100) step="0.01"
                    inputmode="decimal" value=(f.custom) aria-invalid=[f.error.as_ref().map(|_| "true")]
                    aria-describedby=[f.error.as_ref().map(|_| "buy-error")];
            }
            p #refund-note { strong { "Credits are non-refundable and never expire." } }
            @if let Some(card) = &f.card {
                button #pay-card type="submit" name="method" value="card" { "Pay with card on file (" (card) ")" }
            }
            button #pay-checkout .secondary[f.card.is_some()] type="submit" name="method" value="checkout" {
                "Pay with Stripe Checkout (new card)"
            }
        }
        p { a href="/billing" { "Back to billing" } }
    };
    layout(nonce, "Buy credits", body)
}

/// The one confirmation before charging the card on file.
pub fn confirm_page(nonce: &str, workspace: &str, csrf: &str, amount: Cents, credits_text: &str, card: &str) -> Markup {
    let body = html! {
        h1 { "Confirm your purchase" }
        p { "Charge " strong { (amount) } " to " strong { (card) } " for " strong { (credits_text) " credits" }
            " in workspace " strong { (workspace) } "?" }
        p { "Credits are non-refundable and never expire." }
        form method="post" action="/billing/buy" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="workspace" value=(workspace);
            input type="hidden" name="amount" value=(amount.get());
            input type="hidden" name="method" value="card";
            input type="hidden" name="confirm" value="yes";
            button #confirm-pay type="submit" { "Pay " (amount) }
        }
        p { a href="/billing/buy" { "Change the amount or pay another way" } }
    };
    layout(nonce, "Confirm", body)
}

/// What the return page shows about one purchase.
#[derive(Debug, Clone)]
pub struct ReturnView {
    pub purchase: Purchase,
    pub headline: String,
    pub detail: String,
    pub topup: Credits,
    pub spendable: Option<Credits>,
    /// The `return_to` to go back to once the purchase ended.
    pub back: Option<String>,
}

/// The return page: waits for Stripe's confirmation (live with JavaScript; a "check again" link
/// without), then shows the new balance or what went wrong.
pub fn return_page(nonce: &str, v: &ReturnView) -> Markup {
    let p = &v.purchase;
    let waiting = !p.state.is_terminal();
    let poll = format!("/billing/return/status?purchase={}", p.id);
    let body = html! {
        h1 { "Your purchase" }
        section.card aria-labelledby="state-text" {
            h2 #state-text .good[p.state == PurchaseState::Succeeded] .bad[p.state.is_terminal() && p.state != PurchaseState::Succeeded]
                data-state=(p.state) data-poll=(poll) aria-live="polite" { (v.headline) }
            p #state-detail aria-live="polite" { (v.detail) }
            p { (p.amount_cents) " for " (credits(p.credits)) " credits · purchase " code { (p.id) } }
            h3 { "Top-up balance" }
            p { span.big #topup-balance aria-live="polite" { (credits(v.topup)) } " credits" }
            @if let Some(s) = v.spendable {
                p { "Spendable now: " span #spendable { (credits(s)) } " credits" }
            }
        }
        @if waiting {
            noscript { p { "This page does not update by itself with JavaScript off. " a href=(format!("/billing/return?purchase={}", p.id)) { "Check again" } } }
        }
        p #return-actions {
            @if let Some(back) = &v.back {
                a.button #go-back href=(back) { "Go back to where you were" }
            }
            @if p.state.is_terminal() && p.state != PurchaseState::Succeeded {
                a.button #try-again href="/billing/buy" { "Try again" }
            }
            a href="/billing" { "Billing" }
        }
        @if waiting {
            script nonce=(nonce) { (PreEscaped(POLL_SCRIPT)) }
        }
    };
    layout(nonce, "Purchase", body)
}

/// Polls the purchase's status once a second and updates the page in place; goes back to
/// `return_to` when the answer says so. No reload loop: the page is fetched once.
const POLL_SCRIPT: &str = r#"(function(){
var h=document.getElementById('state-text');var url=h.getAttribute('data-poll');
function set(id,t){var e=document.getElementById(id);if(e&&t!=null){e.textContent=t;}}
function tick(){fetch(url,{credentials:'same-origin',headers:{'Accept':'application/json'}})
.then(function(r){if(!r.ok){throw r.status;}return r.json();})
.then(function(s){set('state-text',s.headline);set('state-detail',s.detail);set('topup-balance',s.topup);set('spendable',s.spendable);
h.setAttribute('data-state',s.state);
if(s.next){window.location.assign(s.next);return;}
if(!s.terminal){setTimeout(tick,1000);}})
.catch(function(){setTimeout(tick,2000);});}
setTimeout(tick,300);})();"#;

/// A page that only says something (expired link, no session, refused input).
pub fn message_page(nonce: &str, title: &str, lines: &[&str]) -> Markup {
    let body = html! {
        h1 { (title) }
        @for l in lines { p { (l) } }
    };
    layout(nonce, title, body)
}

/// A page that reloads itself once: a browser coming back from Stripe (another site) does not
/// send a SameSite=Strict cookie, but a navigation this page starts does.
pub fn same_site_hop(nonce: &str, to: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="refresh" content={ "0;url=" (to) };
                title { "Returning · Studio credits" }
                style nonce=(nonce) { "body{font-family:system-ui,sans-serif;margin:2rem}" }
            }
            body { main { h1 { "Returning to billing…" } p { a href=(to) { "Continue" } } } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_get_thousands_separators() {
        assert_eq!(credits(Credits::from_whole(2500).unwrap()), "2,500");
        assert_eq!(credits(Credits::from_whole(100).unwrap()), "100");
        assert_eq!(credits(Credits::from_whole(-1_234_567).unwrap()), "-1,234,567");
        assert_eq!(credits(Credits::parse("1234.5").unwrap()), "1,234.5");
    }
}
