//! `purchases list|show|cancel`, `auto-topup show|set|off`, `usage` and `advise`.

use credits_core::purchase::Purchase;
use credits_core::{Cents, Credits};
use credits_proto::Call;
use credits_proto::calls::Scope;
use credits_proto::page::{Page, PurchasesPage};
use serde::Deserialize;
use serde_json::Value;

use super::Ctx;
use crate::client::Client;
use crate::error::CliError;
use crate::exit;
use crate::output::{human_time, new_table};
use crate::purchase_args::{AutoTopupArgs, AutoTopupCommand, PurchasesArgs, PurchasesCommand, UsageArgs};

fn decode<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, CliError> {
    serde_json::from_value(v).map_err(|e| CliError::internal(format!("unexpected answer from the daemon: {e}")))
}

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
                    p.amount_cents.to_string(),
                    p.credits.to_string(),
                    p.state.to_string(),
                ]);
            }
            ctx.out.table(t);
        }
        PurchasesCommand::Show { id } => {
            let v = client.call_raw(&Call::PurchaseShow { scope, id: id.clone() })?;
            show(ctx, v)?;
        }
        PurchasesCommand::Cancel { id } => {
            let v = client.call_raw(&Call::PurchaseCancel { scope, id: id.clone() })?;
            show(ctx, v)?;
        }
    }
    Ok(exit::OK)
}

fn show(ctx: &Ctx<'_>, v: Value) -> Result<(), CliError> {
    if ctx.out.json {
        ctx.out.json(&v);
        return Ok(());
    }
    let p: Purchase = decode(v)?;
    let mut t = new_table(&["Purchase", &p.id]);
    let mut row = |k: &str, v: String| {
        t.add_row(vec![k.to_owned(), v]);
    };
    row("Workspace", p.workspace.clone());
    row("State", p.state.to_string());
    row("How", kind_label(&p));
    row("Amount", p.amount_cents.to_string());
    row("Credits", p.credits.to_string());
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
    Ok(())
}

#[derive(Deserialize)]
struct Rule {
    below: Credits,
    amount_cents: Cents,
    monthly_limit_cents: Cents,
}

pub fn auto_topup(ctx: &Ctx<'_>, a: &AutoTopupArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let scope = ctx.scope(None);
    let v = match &a.command {
        AutoTopupCommand::Show => client.call_raw(&Call::AutoTopupShow { scope })?,
        AutoTopupCommand::Set { below, dollars, max_per_month } => client.call_raw(&Call::AutoTopupSet {
            scope,
            below: *below,
            amount_cents: *dollars,
            monthly_limit_cents: *max_per_month,
        })?,
        AutoTopupCommand::Off => client.call_raw(&Call::AutoTopupOff { scope })?,
    };
    if ctx.out.json {
        ctx.out.json(&v);
        return Ok(exit::OK);
    }
    let ws = v.get("workspace").and_then(Value::as_str).unwrap_or("?");
    let spent = Cents::new(v.get("spent_this_period_cents").and_then(Value::as_i64).unwrap_or(0));
    match v.get("rule").filter(|r| !r.is_null()) {
        None => ctx.out.say(&format!("Auto top-up is off for workspace {ws}.")),
        Some(r) => {
            let r: Rule = decode(r.clone())?;
            ctx.out.say(&format!(
                "Auto top-up for workspace {ws}: when a seat's spendable credits fall below {}, buy {} on the card on \
                 file, at most {} a month ({spent} so far this month). Top-ups are non-refundable and never expire.",
                r.below, r.amount_cents, r.monthly_limit_cents
            ));
            if v.get("stripe_configured") == Some(&Value::Bool(false)) {
                eprintln!("warning: Stripe is not configured, so the rule cannot buy; set STRIPE_SECRET_KEY");
            }
        }
    }
    Ok(exit::OK)
}

pub fn usage(ctx: &Ctx<'_>, a: &UsageArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let v = client.call_raw(&Call::Usage { scope: ctx.scope(None), months: Some(a.months) })?;
    if ctx.out.json {
        ctx.out.json(&v);
        return Ok(exit::OK);
    }
    let s = |m: &Value, k: &str| m.get(k).and_then(Value::as_str).unwrap_or("0").to_owned();
    ctx.out.say(&format!(
        "Workspace {}: credits used per month",
        v.get("workspace").and_then(Value::as_str).unwrap_or("?")
    ));
    let mut t = new_table(&["Month", "Used", "From included", "From top-up", "Granted", "Expired", "Bought"]);
    for m in v.get("months").and_then(Value::as_array).into_iter().flatten() {
        t.add_row(vec![
            s(m, "period"),
            s(m, "used"),
            s(m, "included_used"),
            s(m, "topup_used"),
            s(m, "granted"),
            s(m, "expired"),
            s(m, "purchased"),
        ]);
    }
    ctx.out.table(t);
    Ok(exit::OK)
}

pub fn advise(ctx: &Ctx<'_>) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let v = client.call_raw(&Call::Advise { scope: ctx.scope(None) })?;
    if ctx.out.json {
        ctx.out.json(&v);
        return Ok(exit::OK);
    }
    let s = |v: &Value, k: &str| match v.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "-".to_owned(),
        Some(other) => other.to_string(),
    };
    let cents = |v: &Value, k: &str| Cents::new(v.get(k).and_then(Value::as_i64).unwrap_or(0)).to_string();
    let answer = match s(&v, "recommendation").as_str() {
        "upgrade" => "Upgrade the plan:",
        "top_up" => "Keep buying top-ups:",
        _ => "Nothing to do:",
    };
    ctx.out.say(&format!("{answer} {}.", s(&v, "reason")));
    let mut t = new_table(&["Figure", "Value"]);
    t.add_row(vec!["Plan, seats".to_owned(), format!("{}, {}", s(&v, "plan"), s(&v, "seats"))]);
    t.add_row(vec!["Recent monthly burn".to_owned(), format!("{} credits", s(&v, "recent_monthly_burn"))]);
    t.add_row(vec!["Included per month".to_owned(), format!("{} credits", s(&v, "included_per_month"))]);
    t.add_row(vec!["Top-ups buy".to_owned(), format!("{} credits per $", s(&v, "topup_credits_per_usd"))]);
    t.add_row(vec![
        "Monthly cost now".to_owned(),
        format!("{} (of which top-ups {})", cents(&v, "monthly_cost_cents"), cents(&v, "monthly_topup_cents")),
    ]);
    if let Some(u) = v.get("upgrade").filter(|u| !u.is_null()) {
        t.add_row(vec![
            format!("Upgrade to {}", s(u, "plan")),
            format!(
                "+{} credits for +{} a month ({} credits per $); monthly cost {}",
                s(u, "extra_credits_per_month"),
                cents(u, "extra_cost_per_month_cents"),
                s(u, "extra_credits_per_usd"),
                cents(u, "monthly_cost_cents")
            ),
        ]);
    }
    ctx.out.table(t);
    Ok(exit::OK)
}
