//! `buy`, `ensure` and blocked-then-buy: confirm, ask the daemon to buy, show the checkout URL
//! (and open a browser on a terminal), wait for Stripe's confirmation with a spinner, print the
//! new balance.

use std::io::{self, BufRead, IsTerminal, Write};
use std::time::{Duration, Instant};

use credits_core::Cents;
use credits_core::purchase::{Purchase, PurchaseKind, PurchaseState};
use credits_core::records::Balance;
use credits_proto::Call;
use credits_proto::results::{DaemonStatus, EnsureAnswer, EnsureStatus, PurchaseAnswer, SpendResult};

use super::Ctx;
use super::balance::print_balance;
use crate::client::Client;
use crate::error::CliError;
use crate::exit::{self, Kind};
use crate::output::{credits, money};
use crate::purchase_args::{BuyArgs, EnsureArgs};

/// Whether the user can answer questions: stdin and stderr are terminals and output is for people.
pub fn interactive(ctx: &Ctx<'_>) -> bool {
    !ctx.out.json && io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks `question` on stderr and reads one line from stdin (`None` at end of input).
pub(super) fn ask(question: &str) -> Option<String> {
    let mut err = io::stderr().lock();
    let _ = write!(err, "{question}");
    let _ = err.flush();
    drop(err);
    let mut line = String::new();
    match io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_owned()),
    }
}

pub(super) fn yes(answer: Option<&str>) -> bool {
    matches!(answer.map(str::to_ascii_lowercase).as_deref(), Some("y" | "yes"))
}

fn describe(ctx: &Ctx<'_>, amount: Cents, card_on_file: bool) -> String {
    let bought = amount.to_credits(ctx.settings.topup.credits_per_usd).map_or("?".into(), credits);
    let how = if card_on_file { "charged to the card on file" } else { "paid in the browser with Stripe Checkout" };
    format!("{bought} credits for {}, {how}", money(amount))
}

const TERMS: &str = "Top-ups are non-refundable and never expire.";

/// Checks the amount against the configured bounds before asking anything.
fn check_bounds(ctx: &Ctx<'_>, amount: Cents) -> Result<(), CliError> {
    // A central daemon applies its own bounds (the runner's file does not know them).
    if ctx.settings.remote.is_some() {
        return Ok(());
    }
    let t = &ctx.settings.topup;
    if amount < t.min || amount > t.max {
        return Err(CliError::invalid(format!(
            "a top-up must be between {} and {}; {amount} is outside",
            t.min, t.max
        )));
    }
    Ok(())
}

/// How to give the daemon a Stripe key: the fix every "cannot buy" message ends with.
const SET_KEY: &str = "set STRIPE_SECRET_KEY (or stripe.secret_key in config.toml) to your Stripe secret key, e.g. a \
                       test-mode sk_test_… key, then run `studio-credits daemon restart`";

/// Whether the running daemon can buy through Stripe, asked before anything is asked of the
/// user: `Err` says why not (exit 7) and what fixes it, a restart when the key was set after the
/// daemon started. A daemon too old to say is given the benefit of the doubt.
pub fn stripe_ready(ctx: &Ctx<'_>, client: &mut Client) -> Result<(), CliError> {
    // A central daemon says so itself when it cannot buy (exit 7), and the runner's own
    // settings say nothing about it.
    if client.remote_server().is_some() {
        return Ok(());
    }
    let status: DaemonStatus = client.call(&Call::Status {})?;
    let Some(stripe) = status.stripe else { return Ok(()) };
    if let Some(problem) = stripe.problem {
        return Err(CliError::new(
            Kind::StripeUnavailable,
            format!("Stripe is misconfigured in the daemon: {problem}"),
        )
        .with_hint("fix stripe.api_base / STUDIO_CREDITS_STRIPE_API_BASE, then run `studio-credits daemon restart`"));
    }
    if stripe.configured {
        return Ok(());
    }
    if ctx.settings.stripe.secret_key.is_some() {
        return Err(CliError::new(
            Kind::StripeUnavailable,
            format!(
                "Stripe is not configured in the running daemon (pid {}): it started before a Stripe secret key was set",
                status.pid
            ),
        )
        .with_hint("run `studio-credits daemon restart` so the daemon reads the key, then try again"));
    }
    Err(CliError::new(
        Kind::StripeUnavailable,
        "Stripe is not configured: the daemon has no Stripe secret key, so it cannot buy credits",
    )
    .with_hint(SET_KEY))
}

/// Asks for confirmation unless `--yes`; refuses on a non-terminal.
fn confirm(what: &str, assume_yes: bool) -> Result<(), CliError> {
    if assume_yes {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(CliError::invalid(format!(
            "refusing to buy {what} without confirmation: stdin is not a terminal. {TERMS}"
        ))
        .with_hint("add --yes to confirm in scripts"));
    }
    eprintln!("You are buying {what}.\n{TERMS}");
    if yes(ask("Continue? [y/N] ").as_deref()) {
        Ok(())
    } else {
        Err(CliError::invalid("canceled; nothing was bought"))
    }
}

/// `buy DOLLARS`.
pub fn buy(ctx: &Ctx<'_>, a: &BuyArgs) -> Result<u8, CliError> {
    check_bounds(ctx, a.dollars)?;
    let mut client = ctx.client()?;
    // Before the confirmation: a purchase the daemon cannot make is not worth a question.
    stripe_ready(ctx, &mut client)?;
    confirm(&describe(ctx, a.dollars, a.card_on_file), a.yes)?;
    let call = Call::Buy {
        scope: ctx.scope(None),
        amount_cents: a.dollars,
        card_on_file: a.card_on_file,
        // One per invocation: a retry of this request never charges twice.
        idempotency_key: Some(a.idempotency_key.clone().unwrap_or_else(|| super::new_idempotency_key("buy"))),
    };
    let answer: PurchaseAnswer = client.call(&call)?;
    if a.no_wait {
        let p = &answer.purchase;
        if ctx.out.json {
            ctx.out.answer(&answer);
        } else if ctx.out.quiet {
            ctx.out.line(&p.id);
        } else {
            show_url(ctx, p, a.no_browser);
            ctx.out.say(&format!(
                "Purchase {} is {}. Follow it with `studio-credits purchases show {}`.",
                p.id, p.state, p.id
            ));
        }
        return Ok(exit::OK);
    }
    let (p, balance) = follow(ctx, &mut client, answer.purchase, answer.balance, a.no_browser)?;
    report_bought(ctx, &p, balance.as_ref());
    Ok(exit::OK)
}

/// Shows where to pay a checkout purchase, and opens it in a browser on a terminal.
fn show_url(ctx: &Ctx<'_>, p: &Purchase, no_browser: bool) {
    let Some(url) = p.checkout_url.as_deref().filter(|_| p.kind == PurchaseKind::Checkout) else { return };
    let line = format!("Pay for purchase {} at Stripe Checkout:\n  {url}", p.id);
    if ctx.out.json || ctx.out.quiet {
        eprintln!("{line}");
    } else {
        ctx.out.line(&line);
    }
    if !no_browser && io::stdout().is_terminal() && open_browser(url) {
        eprintln!("Opened it in your browser.");
    }
}

/// Opens `url` with the platform's opener, if there is one; true when it started.
pub(super) fn open_browser(url: &str) -> bool {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new("xdg-open")
    };
    cmd.arg(url).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().is_ok()
}

/// Waits (with a spinner on a terminal) until purchase `p` is final; `Ok` only if it succeeded.
fn follow(
    ctx: &Ctx<'_>,
    client: &mut Client,
    p: Purchase,
    balance: Option<Balance>,
    no_browser: bool,
) -> Result<(Purchase, Option<Balance>), CliError> {
    let (mut p, mut balance) = (p, balance);
    if !p.state.is_terminal() {
        show_url(ctx, &p, no_browser);
        let spinner = (!ctx.out.json && !ctx.out.quiet && io::stderr().is_terminal()).then(|| {
            let s = indicatif::ProgressBar::new_spinner();
            s.set_message(format!(
                "Waiting for Stripe to confirm purchase {id}… Ctrl-C stops waiting, not the purchase: \
                 `studio-credits purchases show {id}` checks it later.",
                id = p.id
            ));
            s.enable_steady_tick(Duration::from_millis(120));
            s
        });
        if spinner.is_none() && !ctx.out.quiet && !ctx.out.json {
            // No spinner (a pipe, CI): still say how to find the purchase if this process
            // is interrupted; the daemon, in its own process group, carries it on.
            eprintln!(
                "Waiting for Stripe to confirm purchase {id}; if interrupted, `studio-credits purchases show {id}` checks it.",
                id = p.id
            );
        }
        // Every wait ends: a card charge is decided within minutes, a checkout expires unpaid
        // after about half an hour; past that, the purchase is the daemon's to finish.
        let give_up = Instant::now() + if p.kind == PurchaseKind::Card { CARD_WAIT } else { CHECKOUT_WAIT };
        while !p.state.is_terminal() {
            if Instant::now() >= give_up {
                if let Some(s) = &spinner {
                    s.finish_and_clear();
                }
                return Err(still_pending(&p));
            }
            let call = Call::PurchaseWait { scope: ctx.scope(None), id: p.id.clone(), timeout_ms: Some(30_000) };
            let answer: PurchaseAnswer = client.call(&call)?;
            (p, balance) = (answer.purchase, answer.balance);
        }
        if let Some(s) = spinner {
            s.finish_and_clear();
        }
    }
    if p.state == PurchaseState::Succeeded { Ok((p, balance)) } else { Err(ended(&p)) }
}

/// Longest wait for a card purchase to be decided.
const CARD_WAIT: Duration = Duration::from_secs(10 * 60);
/// Longest wait for a hosted checkout to be paid (it expires unpaid after 31 minutes).
const CHECKOUT_WAIT: Duration = Duration::from_secs(35 * 60);

/// A purchase still undecided when the wait ends (exit 3): it carries on at the daemon.
fn still_pending(p: &Purchase) -> CliError {
    CliError::new(
        Kind::DaemonUnreachable,
        format!("purchase {} is still {} at Stripe; stopped waiting for it", p.id, p.state),
    )
    .with_hint(format!(
        "the daemon carries it on and credits it once Stripe decides: check it with `studio-credits purchases show {}`; do not buy again before",
        p.id
    ))
}

/// The error for a purchase that ended without success (exit 4).
fn ended(p: &Purchase) -> CliError {
    let why = p.failure.as_ref().map_or_else(|| p.state.to_string(), |f| f.message.clone());
    let hint = match p.state {
        PurchaseState::Expired | PurchaseState::Canceled => {
            "nothing was charged; run `studio-credits buy` again to start a new checkout"
        }
        // Stripe may have taken money, just not the purchase's amount: say so, never "nothing".
        PurchaseState::Mismatch => {
            "nothing was credited; compare the payment in the Stripe Dashboard with `studio-credits purchases show`"
        }
        _ => "nothing was charged; see `studio-credits purchases show` for Stripe's answer",
    };
    CliError::new(Kind::PaymentFailed, format!("purchase {} {}: {why}", p.id, p.state)).with_hint(hint)
}

fn report_bought(ctx: &Ctx<'_>, p: &Purchase, balance: Option<&Balance>) {
    if ctx.out.json {
        ctx.out.answer(&PurchaseAnswer { purchase: p.clone(), balance: balance.cloned() });
        return;
    }
    ctx.out.say(&format!(
        "Bought {} credits for {} (purchase {}). They never expire.",
        credits(p.credits),
        money(p.amount_cents),
        p.id
    ));
    if let Some(b) = balance {
        print_balance(ctx, b);
    }
}

/// `ensure --min CREDITS --buy DOLLARS`.
pub fn ensure(ctx: &Ctx<'_>, a: &EnsureArgs) -> Result<u8, CliError> {
    check_bounds(ctx, a.dollars)?;
    let mut client = ctx.client()?;
    let scope = ctx.scope(a.seat.as_ref());
    if !a.yes {
        // Only a purchase needs confirming: answer "sufficient" without asking.
        let balance: Option<Balance> =
            client.call(&Call::Balance { scope: scope.clone(), all_seats: false, cursor: None, limit: None }).ok();
        if balance.as_ref().is_none_or(|b| b.spendable < a.min) {
            stripe_ready(ctx, &mut client)?;
            confirm(&describe(ctx, a.dollars, a.card_on_file), false)?;
        }
    }
    let call = Call::Ensure {
        scope,
        min: a.min,
        amount_cents: a.dollars,
        card_on_file: a.card_on_file,
        idempotency_key: Some(a.idempotency_key.clone().unwrap_or_else(|| super::new_idempotency_key("ensure"))),
    };
    // Another ensure's purchase in flight: wait for it, then decide again (a few rounds at most).
    for _ in 0..5 {
        let v: EnsureAnswer = client.call(&call)?;
        let balance = v.balance.clone();
        match (v.status, v.purchase.clone()) {
            (EnsureStatus::Sufficient, _) | (_, None) => {
                if ctx.out.json {
                    ctx.out.answer(&v);
                } else {
                    let spendable = balance.as_ref().map_or_else(|| "?".into(), |b| credits(b.spendable));
                    ctx.out.say(&format!("Nothing to buy: {spendable} credits spendable, minimum {}.", credits(a.min)));
                }
                return Ok(exit::OK);
            }
            (EnsureStatus::InFlight, Some(p)) => {
                if !ctx.out.quiet {
                    eprintln!("Purchase {} for this workspace is in flight; waiting for it.", p.id);
                }
                follow(ctx, &mut client, p, balance, a.no_browser)?;
            }
            (_, Some(p)) => {
                let (p, balance) = follow(ctx, &mut client, p, balance, a.no_browser)?;
                if ctx.out.json {
                    ctx.out.answer(&EnsureAnswer { purchase: Some(p), balance, bought: true, ..v });
                } else {
                    report_bought(ctx, &p, balance.as_ref());
                }
                return Ok(exit::OK);
            }
        }
    }
    Err(CliError::internal("ensure did not settle after waiting for five purchases"))
}

/// Blocked, then buy: `spend` hit 402 on a terminal. Offers a top-up; once Stripe confirmed it,
/// retries the same spend with the same idempotency key (one is made up if none was given).
/// Returns the retried spend's result, or an error (exit 42) if the user declines or the daemon
/// cannot buy.
pub fn blocked_then_buy(
    ctx: &Ctx<'_>,
    client: &mut Client,
    spend: &Call,
    refusal: CliError,
) -> Result<SpendResult, CliError> {
    let Call::Spend { scope, amount, memo, idempotency_key } = spend.clone() else { return Err(refusal) };
    // Nothing to offer when the daemon cannot buy: the refusal, with what would make buying work.
    match stripe_ready(ctx, client) {
        Ok(()) => {}
        Err(why) if why.kind == Kind::StripeUnavailable => return Err(unbuyable(refusal, &why)),
        // The daemon did not say (it stopped answering): the refusal as it is.
        Err(_) => return Err(refusal),
    }
    eprintln!("{}.", capitalized(&refusal.message));
    let spendable = refusal.balance.as_ref().map(|b| b.spendable).unwrap_or_default();
    let default = suggested_top_up(ctx, amount.millis() - spendable.millis());
    eprintln!("Buy top-up credits now? {TERMS}");
    // Declining ends with one error line (not the refusal a second time).
    let declined = || CliError::new(Kind::PaymentRequired, "canceled; nothing was bought and nothing was spent");
    let mut dollars = None;
    for _ in 0..3 {
        let Some(answer) = ask(&format!("Amount in dollars [{default}], or n to cancel: ")) else { break };
        let answer = answer.to_ascii_lowercase();
        if matches!(answer.as_str(), "n" | "no" | "q") {
            return Err(declined());
        }
        // Enter, or a yes to the suggested amount.
        let parsed =
            if matches!(answer.as_str(), "" | "y" | "yes") { Ok(default) } else { Cents::parse_dollars(&answer) };
        match parsed.map_err(|e| CliError::invalid(e.to_string())).and_then(|c| check_bounds(ctx, c).map(|()| c)) {
            Ok(c) => {
                dollars = Some(c);
                break;
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    let Some(dollars) = dollars else { return Err(declined()) };
    let how = ask("Pay with the card on file (c) or in the browser with Stripe Checkout (b)? [b] ");
    let card_on_file = matches!(how.as_deref().map(str::to_ascii_lowercase).as_deref(), Some("c" | "card"));
    let key = Some(super::new_idempotency_key("buy"));
    let call = Call::Buy { scope: scope.clone(), amount_cents: dollars, card_on_file, idempotency_key: key };
    let answer: PurchaseAnswer = client.call(&call)?;
    let (p, _) = follow(ctx, client, answer.purchase, answer.balance, false)?;
    eprintln!("Bought {} credits for {} (purchase {}). Retrying the spend…", p.credits, p.amount_cents, p.id);
    let key = idempotency_key.unwrap_or_else(|| super::new_idempotency_key("spend"));
    client.call(&Call::Spend { scope, amount, memo, idempotency_key: Some(key) })
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A refusal as it should reach the user: a 402 gets [`unbuyable`]'s hint when the daemon
/// cannot buy; anything else is as it was.
pub fn explain_refusal(ctx: &Ctx<'_>, client: &mut Client, e: CliError) -> CliError {
    // A limit's refusal already says that buying does not help.
    if e.kind != Kind::PaymentRequired || e.limit.is_some() {
        return e;
    }
    match stripe_ready(ctx, client) {
        Err(why) if why.kind == Kind::StripeUnavailable => unbuyable(e, &why),
        _ => e,
    }
}

/// A 402 whose "buy credits" hint would lead nowhere: the refusal (still exit 42, as off a
/// terminal), with why buying does not work and its fix instead.
pub fn unbuyable(refusal: CliError, why: &CliError) -> CliError {
    let fix = why.hint.as_deref().map_or_else(String::new, |h| format!(". To buy credits: {h}"));
    let hint = format!("{}{fix}", why.message);
    CliError { hint: Some(hint), ..refusal }
}

/// The top-up that covers `short_millis`, rounded up to whole dollars, at least the minimum.
fn suggested_top_up(ctx: &Ctx<'_>, short_millis: i64) -> Cents {
    let t = &ctx.settings.topup;
    let per_dollar = t.credits_per_usd.saturating_mul(credits_core::Credits::SCALE).max(1);
    let dollars = short_millis.max(0).saturating_add(per_dollar - 1) / per_dollar;
    Cents::new(dollars.saturating_mul(100).max(t.min.get()).min(t.max.get()))
}
