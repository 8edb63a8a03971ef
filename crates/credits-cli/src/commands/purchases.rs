//! `purchases list|show|cancel`, `auto-topup show|set|off`, `usage` and `advise`.

use credits_core::Credits;
use credits_core::purchase::Purchase;
use credits_proto::Call;
use credits_proto::calls::Scope;
use credits_proto::page::{Page, PurchasesPage};
use credits_proto::results::{
    Advice, AutoTopup, AutoTopupSimulation, Forecast, ForecastBasis, ForecastTime, Recommendation, UsageReport,
};

use super::Ctx;
use crate::client::Client;
use crate::error::CliError;
use crate::exit;
use crate::output::{credits, human_time, money, new_table, zoned_time};
use crate::purchase_args::{AutoTopupArgs, AutoTopupCommand, PurchasesArgs, PurchasesCommand, UsageArgs};

/// The newest `limit` purchases, page after page.
fn newest_purchases(client: &mut Client, scope: &Scope, limit: u32) -> Result<PurchasesPage, CliError> {
    let mut purchases = Vec::new();
    let mut cursor = None;
    while purchases.len() < limit as usize {
        let left = limit - u32::try_from(purchases.len()).unwrap_or(limit);
        let call = Call::PurchasesList { scope: scope.clone(), limit: Some(left), cursor: cursor.take() };
        let page: PurchasesPage = client.call(&call)?;
        cursor = page.next_cursor().map(str::to_owned);
        purchases.extend(page.purchases);
        if cursor.is_none() {
            break;
        }
    }
    Ok(PurchasesPage { purchases, next: None })
}

fn kind_label(p: &Purchase) -> String {
    format!("{} ({})", p.kind, p.origin)
}

pub fn purchases(ctx: &Ctx<'_>, a: &PurchasesArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let scope = ctx.scope(None);
    match &a.command {
        PurchasesCommand::List { limit } => {
            let list = newest_purchases(&mut client, &scope, *limit)?;
            if ctx.out.json {
                ctx.out.json(&list);
                return Ok(exit::OK);
            }
            if list.purchases.is_empty() {
                ctx.out.say("No purchases yet. Buy credits with `studio-credits buy DOLLARS`.");
                return Ok(exit::OK);
            }
            let mut t = new_table(&["Purchase", "Created", "How", "Amount", "Credits", "State"]);
            for p in &list.purchases {
                t.add_row(vec![
                    p.id.clone(),
                    human_time(&p.created_at),
                    kind_label(p),
                    money(p.amount_cents),
                    credits(p.credits),
                    p.state.to_string(),
                ]);
            }
            ctx.out.table(t);
        }
        PurchasesCommand::Show { id } => {
            show(ctx, &client.call(&Call::PurchaseShow { scope, id: id.clone() })?);
        }
        PurchasesCommand::Cancel { id } => {
            show(ctx, &client.call(&Call::PurchaseCancel { scope, id: id.clone() })?);
        }
    }
    Ok(exit::OK)
}

fn show(ctx: &Ctx<'_>, p: &Purchase) {
    if ctx.out.json {
        ctx.out.answer(p);
        return;
    }
    let mut t = new_table(&["Purchase", &p.id]);
    let mut row = |k: &str, v: String| {
        t.add_row(vec![k.to_owned(), v]);
    };
    row("Workspace", p.workspace.clone());
    row("State", p.state.to_string());
    row("How", kind_label(p));
    row("Amount", money(p.amount_cents));
    row("Credits", credits(p.credits));
    row("Created", human_time(&p.created_at));
    if let Some(done) = &p.completed_at {
        row("Completed", human_time(done));
    }
    if let Some(f) = &p.failure {
        row("Why", f.message.clone());
    }
    if let Some(u) = &p.checkout_url {
        row("Pay at", u.clone());
    }
    let dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    row("Stripe customer", dash(&p.stripe_customer));
    row("Payment intent", dash(&p.stripe_payment_intent));
    row("Checkout session", dash(&p.stripe_checkout_session));
    if let Some(e) = p.journal_entry_id {
        row("Journal entry", e.to_string());
    }
    ctx.out.table(t);
}

pub fn auto_topup(ctx: &Ctx<'_>, a: &AutoTopupArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let scope = ctx.scope(None);
    let v: AutoTopup = match &a.command {
        AutoTopupCommand::Show => client.call(&Call::AutoTopupShow { scope })?,
        AutoTopupCommand::Set { below, dollars, max_per_month } => client.call(&Call::AutoTopupSet {
            scope,
            below: *below,
            amount_cents: *dollars,
            monthly_limit_cents: *max_per_month,
        })?,
        AutoTopupCommand::Off => client.call(&Call::AutoTopupOff { scope })?,
        AutoTopupCommand::Simulate { days, below, dollars, max_per_month } => {
            let call = Call::AutoTopupSimulate {
                scope,
                days: *days,
                below: *below,
                amount_cents: *dollars,
                monthly_limit_cents: *max_per_month,
            };
            let v: AutoTopupSimulation = client.call(&call)?;
            if ctx.out.json {
                ctx.out.answer(&v);
            } else {
                print_simulation(ctx, &v);
            }
            return Ok(exit::OK);
        }
    };
    if ctx.out.json {
        ctx.out.answer(&v);
        return Ok(exit::OK);
    }
    let (ws, spent) = (&v.workspace, money(v.spent_this_period_cents));
    match &v.rule {
        None => ctx.out.say(&format!("Auto top-up is off for workspace {ws}.")),
        Some(r) => {
            ctx.out.say(&format!(
                "Auto top-up for workspace {ws}: when a seat's spendable credits fall below {}, buy {} on the card on \
                 file, at most {} a month ({spent} so far this month). Top-ups are non-refundable and never expire.",
                credits(r.below),
                money(r.amount_cents),
                money(r.monthly_limit_cents)
            ));
            if !v.stripe_configured {
                eprintln!("warning: Stripe is not configured, so the rule cannot buy; set STRIPE_SECRET_KEY");
            }
        }
    }
    Ok(exit::OK)
}

pub fn usage(ctx: &Ctx<'_>, a: &UsageArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let v: UsageReport = client.call(&Call::Usage { scope: ctx.scope(a.seat.as_ref()), months: Some(a.months) })?;
    if ctx.out.json {
        ctx.out.answer(&v);
        return Ok(exit::OK);
    }
    ctx.out.say(&format!("Workspace {}: credits used per month", v.workspace));
    let mut t = new_table(&["Month", "Used", "From included", "From top-up", "Granted", "Expired", "Bought"]);
    for m in v.months {
        t.add_row(vec![
            m.period,
            credits(m.used),
            credits(m.included_used),
            credits(m.topup_used),
            credits(m.granted),
            credits(m.expired),
            credits(m.purchased),
        ]);
    }
    ctx.out.table(t);
    if let Some(f) = &v.forecast {
        print_forecast(ctx, f);
    }
    Ok(exit::OK)
}

/// The burn rates and the forecast, a row per seat and one for the workspace; `*` marks the rate
/// each seat's forecast uses.
fn print_forecast(ctx: &Ctx<'_>, f: &Forecast) {
    let zone = f.time_zone.as_str();
    ctx.out.say("\nForecast at this burn (credits a day; * the rate used):");
    let when = |t: &ForecastTime| match &t.at {
        Some(at) if !t.not_before_reset => zoned_time(at, zone),
        _ => "not before the reset".to_owned(),
    };
    let marked = |c: Credits, used: bool| if used { format!("{}*", credits(c)) } else { credits(c) };
    let mut t = new_table(&["Seat", "This period", "Last 7 days", "Included runs out", "Spendable reaches 0"]);
    for s in &f.seats {
        let period = s.basis == ForecastBasis::Period;
        t.add_row(vec![
            s.seat.clone(),
            marked(s.burn_per_day.period, period),
            marked(s.burn_per_day.last_7_days, !period),
            when(&s.included_runs_out),
            when(&s.spendable_reaches_zero),
        ]);
    }
    let w = &f.totals;
    t.add_row(vec![
        "workspace".to_owned(),
        credits(w.burn_per_day.period),
        credits(w.burn_per_day.last_7_days),
        when(&w.included_runs_out),
        when(&w.spendable_reaches_zero),
    ]);
    ctx.out.table(t);
    if f.more_seats > 0 {
        ctx.out.say(&format!("… and {} more seats (usage --seat NAME shows one).", f.more_seats));
    }
    ctx.out.say(&format!("Now:    {}", zoned_time(&f.now, zone)));
    ctx.out.say(&format!("Resets: {}", zoned_time(&f.resets_at, zone)));
    ctx.out.say(&format!("The seats share the top-up pool: {} credits.", credits(f.topup)));
}

pub fn advise(ctx: &Ctx<'_>) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let v: Advice = client.call(&Call::Advise { scope: ctx.scope(None) })?;
    if ctx.out.json {
        ctx.out.answer(&v);
        return Ok(exit::OK);
    }
    let or_dash = |c: Option<Credits>| c.map_or_else(|| "-".to_owned(), credits);
    let answer = match v.recommendation {
        Recommendation::Upgrade => "Upgrade the plan:",
        Recommendation::TopUp => "Keep buying top-ups:",
        Recommendation::Nothing => "Nothing to do:",
    };
    ctx.out.say(&format!("{answer} {}.", v.reason));
    let mut t = new_table(&["Figure", "Value"]);
    t.add_row(vec!["Plan, seats".to_owned(), format!("{}, {}", v.plan, v.seats)]);
    t.add_row(vec!["Recent monthly burn".to_owned(), format!("{} credits", credits(v.recent_monthly_burn))]);
    t.add_row(vec!["Included per month".to_owned(), format!("{} credits", credits(v.included_per_month))]);
    t.add_row(vec!["Top-ups buy".to_owned(), format!("{} credits per $", or_dash(v.topup_credits_per_usd))]);
    t.add_row(vec![
        "Monthly cost now".to_owned(),
        format!("{} (of which top-ups {})", money(v.monthly_cost_cents), money(v.monthly_topup_cents)),
    ]);
    if let Some(u) = &v.upgrade {
        t.add_row(vec![
            format!("Upgrade to {}", u.plan),
            format!(
                "+{} credits for +{} a month ({} credits per $); monthly cost {}",
                credits(u.extra_credits_per_month),
                money(u.extra_cost_per_month_cents),
                or_dash(u.extra_credits_per_usd),
                money(u.monthly_cost_cents)
            ),
        ]);
    }
    ctx.out.table(t);
    Ok(exit::OK)
}

/// The dry run for people: the assumptions, each purchase, the cap and the first refusal.
fn print_simulation(ctx: &Ctx<'_>, v: &AutoTopupSimulation) {
    let zoned = |t: &str| zoned_time(t, &v.time_zone);
    let r = &v.rule;
    let whose = if v.workspace_rule { "its rule" } else { "the rule given" };
    ctx.out.say(&format!(
        "Auto top-up dry run for workspace {}, {}: {} days from {} at {} credits a day (each seat's forecast rate).",
        v.workspace,
        whose,
        v.days,
        zoned(&v.from),
        credits(v.burn_per_day)
    ));
    ctx.out.say(&format!(
        "Rule: below {} credits, buy {}, at most {} a month.",
        credits(r.below),
        money(r.amount_cents),
        money(r.monthly_limit_cents)
    ));
    if v.purchases.is_empty() {
        ctx.out.say("It would buy nothing.");
    } else {
        let all = v.purchases.len() as u64 + v.more_purchases;
        let times = if all == 1 { "once".to_owned() } else { format!("{all} times") };
        ctx.out.say(&format!("It would buy {times}, {} in all:", money(v.spent_cents)));
        let mut t = new_table(&["When", "Amount", "Credits"]);
        for p in &v.purchases {
            t.add_row(vec![zoned(&p.at), money(p.amount_cents), credits(p.credits)]);
        }
        ctx.out.table(t);
        if v.more_purchases > 0 {
            ctx.out.say(&format!("… and {} more.", v.more_purchases));
        }
    }
    if v.step_seconds > 60 {
        ctx.out.say(&format!("(A workspace this large is simulated in steps of {} minutes.)", v.step_seconds / 60));
    }
    for c in &v.capped {
        ctx.out.say(&format!("The monthly cap would stop a purchase at {} (until the next reset).", zoned(&c.at)));
    }
    match &v.first_refusal {
        Some(f) => ctx.out.say(&format!("A seat would run out of credits (exit 42) at {}.", zoned(&f.at))),
        None => ctx.out.say(&format!("No seat would run out of credits within the {} days.", v.days)),
    }
}
