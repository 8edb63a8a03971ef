//! `balance`, `spend` and `check`: the everyday commands.

use credits_core::limits::LimitKind;
use credits_core::records::{Balance, Forecast, SeatForecast, WorkspaceBalance};
use credits_proto::Call;
use credits_proto::page::SeatBalancesPage;
use credits_proto::results::{CheckResult, ForecastBasis, SpendResult};

use super::Ctx;
use crate::args::{BalanceArgs, CheckArgs, SpendArgs};
use crate::client::Client;
use crate::error::CliError;
use crate::exit;
use crate::output::{credits, human_time, new_table, pool_name, zoned_time};

/// `balance --json`: the balance's own fields, and the seat's burn and forecast.
#[derive(serde::Serialize)]
struct BalanceJson<'a> {
    #[serde(flatten)]
    balance: &'a Balance,
    forecast: Option<SeatForecast>,
}

pub fn balance(ctx: &Ctx<'_>, a: &BalanceArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    if a.all_seats {
        let b = all_seats(ctx, &mut client)?;
        if ctx.out.json {
            ctx.out.json(&b);
            return Ok(exit::OK);
        }
        ctx.out.say(&format!("Workspace {} · period {}", b.workspace, b.period));
        let mut t = new_table(&["Seat", "Included left", "Allowance", "Top-up this month", "Resets"]);
        for s in &b.seats {
            t.add_row(vec![
                s.seat.clone(),
                credits(s.included.remaining),
                credits(s.included.allowance),
                super::manage::topup_limit_text(s.topup_limit_per_month, s.topup_used_this_month),
                zoned_time(&s.included.resets_at, &s.included.time_zone),
            ]);
        }
        ctx.out.table(t);
        ctx.out.say(&format!("Top-up (shared, never expires): {} credits", credits(b.topup.remaining)));
        if let Some(budget) = b.topup_budget_per_month {
            ctx.out.say(&format!(
                "Monthly top-up budget of all seats: {} of {} credits drawn",
                credits(b.topup_used_this_month),
                credits(budget)
            ));
        }
        return Ok(exit::OK);
    }
    let call = Call::Balance { scope: ctx.scope(a.seat.as_ref()), all_seats: false, cursor: None, limit: None };
    let b: Balance = client.call(&call)?;
    if ctx.out.json {
        // The seat's burn and forecast ride along in `forecast` (the balance's fields unchanged).
        let f: Forecast = client.call(&Call::Forecast { scope: ctx.scope(Some(&b.seat)), every_seat: false })?;
        ctx.out.json(&BalanceJson { balance: &b, forecast: f.seats.into_iter().next() });
    } else {
        print_balance(ctx, &b);
    }
    Ok(exit::OK)
}

/// Every seat's balance, page after page, as one [`WorkspaceBalance`]. The top-up pool is the
/// last page's.
fn all_seats(ctx: &Ctx<'_>, client: &mut Client) -> Result<WorkspaceBalance, CliError> {
    let mut all: Option<WorkspaceBalance> = None;
    let call = |cursor| Call::Balance { scope: ctx.scope(None), all_seats: true, cursor, limit: None };
    client.each_page(call, |page: SeatBalancesPage| match &mut all {
        None => all = Some(page.balance),
        Some(all) => {
            all.seats.extend(page.balance.seats);
            all.topup = page.balance.topup;
            all.topup_budget_per_month = page.balance.topup_budget_per_month;
            all.topup_used_this_month = page.balance.topup_used_this_month;
        }
    })?;
    all.ok_or_else(|| CliError::internal("the daemon sent no page"))
}

/// The balance as a small table.
pub fn print_balance(ctx: &Ctx<'_>, b: &Balance) {
    ctx.out.say(&format!("Workspace {} · seat {} · period {}", b.workspace, b.seat, b.period));
    let mut t = new_table(&["Pool", "Remaining", "Of", "Expires"]);
    t.add_row(vec![
        "Included".to_owned(),
        credits(b.included.remaining),
        credits(b.included.allowance),
        format!("resets {}", zoned_time(&b.included.resets_at, &b.included.time_zone)),
    ]);
    t.add_row(vec!["Top-up".to_owned(), credits(b.topup.remaining), String::new(), "never".to_owned()]);
    t.add_row(vec!["Spendable".to_owned(), credits(b.spendable), String::new(), String::new()]);
    ctx.out.table(t);
    for l in &b.limits {
        let what = match l.kind {
            LimitKind::SeatTopupMonthly if l.limit.is_zero() => {
                ctx.out.say("This seat spends included credits only (no top-up).");
                continue;
            }
            LimitKind::SeatTopupMonthly => "this seat's monthly limit",
            LimitKind::WorkspaceTopupMonthly => "the workspace's monthly budget",
        };
        ctx.out.say(&format!("Top-up drawn this month: {} of {} credits ({what}).", credits(l.used), credits(l.limit)));
    }
}

pub fn spend(ctx: &Ctx<'_>, a: &SpendArgs) -> Result<u8, CliError> {
    let amount = match (&a.batch, a.amount) {
        (Some(path), _) => return super::spend_batch::spend_batch(ctx, path, a.seat.as_ref()),
        (None, Some(amount)) => amount,
        // clap requires one of them.
        (None, None) => return Err(CliError::invalid("give an AMOUNT to spend, or --batch FILE")),
    };
    let mut client = ctx.client()?;
    let call = Call::Spend {
        scope: ctx.scope(a.seat.as_ref()),
        amount,
        memo: a.memo.clone(),
        idempotency_key: ctx.money_key(a.idempotency_key.as_ref(), "spend"),
    };
    let spent: SpendResult = match client.call(&call) {
        Ok(r) => r,
        // Blocked on a terminal: offer to buy a top-up, then retry the same spend (same
        // idempotency key, so it is charged once). Not past a limit: buying would not help.
        Err(e)
            if e.kind == crate::exit::Kind::PaymentRequired
                && e.limit.is_none()
                && super::purchase::interactive(ctx) =>
        {
            super::purchase::blocked_then_buy(ctx, &mut client, &call, e)?
        }
        // Its hint says to buy credits: not when the daemon cannot buy.
        Err(e) => return Err(super::purchase::explain_refusal(ctx, &mut client, e)),
    };
    if ctx.out.json {
        ctx.out.answer(&spent);
        return Ok(exit::OK);
    }
    let receipt = &spent.receipt;
    if spent.replayed {
        // The stored answer of an earlier spend: say so, or it reads as a second charge.
        let key = match &call {
            Call::Spend { idempotency_key: Some(k), .. } => k.as_str(),
            _ => "?",
        };
        let at = receipt.entries.first().map_or_else(|| "an earlier time".to_owned(), |e| human_time(&e.time));
        ctx.out.say(&format!("Already spent under key {key} at {at}; nothing charged again."));
        return Ok(exit::OK);
    }
    let parts: Vec<String> =
        receipt.entries.iter().map(|e| format!("{} from {}", credits(e.amount.negated()), pool_name(e.pool))).collect();
    ctx.out.say(&format!(
        "Spent {} credits ({}). Spendable now: {} credits.",
        credits(amount),
        parts.join(", "),
        credits(receipt.balance.spendable)
    ));
    Ok(exit::OK)
}

pub fn check(ctx: &Ctx<'_>, a: &CheckArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let call = Call::Check {
        scope: ctx.scope(a.seat.as_ref()),
        amount: a.amount,
        for_seconds: a.for_duration.as_ref().map(|d| d.seconds),
    };
    let v: CheckResult = client.call(&call)?;
    let (fits, spendable, amount) = (v.fits, credits(v.balance.spendable), credits(a.amount));
    // With --for: the amount plus the burn over the duration.
    let plan = match (&v.over, &a.for_duration) {
        (Some(o), Some(d)) => Some(format!(
            "{} credits needed ({amount} plus {} at {} credits a day, {} rate), {spendable} spendable",
            credits(o.need),
            d.text,
            credits(o.burn_per_day),
            match o.basis {
                ForecastBasis::Period => "this period's",
                ForecastBasis::Last7Days => "the last 7 days'",
            }
        )),
        _ => None,
    };
    if ctx.out.json {
        ctx.out.answer(&v);
    } else if let Some(plan) = &plan {
        let verdict = if fits { "Fits" } else { "Does not fit" };
        ctx.out.say(&format!("{verdict} at this burn: {plan}. A reset's refill is not counted."));
    } else if fits {
        ctx.out.say(&format!("Fits: {amount} credits can be spent ({spendable} spendable)."));
    } else {
        // Send people to `buy` only when the daemon can buy.
        let how = match super::purchase::stripe_ready(ctx, &mut client) {
            Err(why) if why.kind == crate::exit::Kind::StripeUnavailable => {
                format!("Buying credits does not work yet: {}.", why.hint.as_deref().unwrap_or(&why.message))
            }
            _ => "Buy credits with `studio-credits buy DOLLARS`.".to_owned(),
        };
        ctx.out.say(&format!("Does not fit: {amount} credits needed, {spendable} spendable. {how}"));
    }
    Ok(if fits { exit::OK } else { exit::PAYMENT_REQUIRED })
}
