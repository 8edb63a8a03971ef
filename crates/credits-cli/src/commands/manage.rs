//! Administration: `seats`, `plan`, `workspace`, `verify` and `config`.

use std::io::IsTerminal;

use credits_core::records::{Balance, SeatInfo, VerifyReport, WorkspaceInfo};
use credits_proto::Call;
use credits_proto::calls::Scope;
use credits_proto::page::{SeatsPage, WorkspacesPage};
use credits_proto::results::{PlanList, PlanShow};
use serde::Serialize;
use serde_json::json;

use super::Ctx;
use crate::args::{
    ConfigArgs, ConfigCommand, PlanArgs, PlanCommand, SeatsArgs, SeatsCommand, WorkspaceArgs, WorkspaceCommand,
};
use crate::client::Client;
use crate::error::CliError;
use crate::exit::{self, Kind};
use crate::output::{credits, money, new_table, zoned_time};

pub fn seats(ctx: &Ctx<'_>, a: &SeatsArgs) -> Result<u8, CliError> {
    // `seats token` says itself why the HTTP API is off, once.
    let mut client = match a.command {
        SeatsCommand::Token { .. } => ctx.client_quiet_about_http()?,
        _ => ctx.client()?,
    };
    let scope = ctx.scope(None);
    match &a.command {
        SeatsCommand::List => {
            let list = all_seats(&mut client, &scope)?;
            if ctx.out.json {
                ctx.out.json(&list);
                return Ok(exit::OK);
            }
            let mut t = new_table(&["Seat", "Included left", "Allowance", "Top-up this month", "API token", "Since"]);
            for s in list.seats {
                t.add_row(vec![
                    s.seat,
                    credits(s.included),
                    credits(s.allowance),
                    topup_limit_text(s.topup_limit_per_month, s.topup_used_this_month),
                    if s.has_token { "yes" } else { "-" }.to_owned(),
                    s.created_at.get(..10).unwrap_or_default().to_owned(),
                ]);
            }
            ctx.out.table(t);
        }
        SeatsCommand::Limit { name, topup_per_month, no_topup, clear: _ } => {
            let limit = if *no_topup { Some(credits_core::Credits::ZERO) } else { *topup_per_month };
            let s: SeatInfo = client.call(&Call::SeatsLimit { scope, name: name.clone(), topup_per_month: limit })?;
            if ctx.out.json {
                ctx.out.json(&s);
            } else {
                let used = credits(s.topup_used_this_month);
                ctx.out.say(&match s.topup_limit_per_month {
                    None => format!("Seat {} has no top-up limit of its own ({used} drawn this month).", s.seat),
                    Some(l) if l.is_zero() => format!("Seat {} now spends included credits only.", s.seat),
                    Some(l) => format!(
                        "Seat {} may draw at most {} top-up credits a month ({used} drawn this month).",
                        s.seat,
                        credits(l)
                    ),
                });
            }
        }
        SeatsCommand::Add { names } => return add_seats(ctx, &mut client, &scope, names),
        SeatsCommand::Token { name, rotate, revoke } => {
            return super::hold::token(ctx, &mut client, scope, name, *rotate, *revoke);
        }
        SeatsCommand::Remove { name, yes } => {
            // What the removal destroys, to ask about it; the daemon's answer reports what it did.
            let b: Balance = client.call(&Call::Balance {
                scope: ctx.scope(Some(name)),
                all_seats: false,
                cursor: None,
                limit: None,
            })?;
            if !yes {
                confirm_removal(name, b.included.remaining)?;
            }
            let s: SeatInfo = client.call(&Call::SeatsRemove { scope, name: name.clone() })?;
            if ctx.out.json {
                ctx.out.json(&s);
            } else {
                let expired = s.expired.unwrap_or(b.included.remaining);
                ctx.out.say(&format!(
                    "Removed seat {}; its {expired} included credits of this month expired (top-up credits stay with \
                     the workspace).",
                    s.seat
                ));
            }
        }
    }
    Ok(exit::OK)
}

/// Asks before a seat's included credits are destroyed; refuses (exit 2) without a terminal.
fn confirm_removal(name: &str, included: credits_core::Credits) -> Result<(), CliError> {
    let loss =
        format!("its {included} included credits of this month expire now and are not given back if it is added again");
    if !std::io::stdin().is_terminal() {
        return Err(CliError::invalid(format!("refusing to remove seat {name} without confirmation: {loss}"))
            .with_hint("add --yes to confirm in scripts"));
    }
    eprintln!("Removing seat {name}: {loss}. Its API token stops working.");
    if super::purchase::yes(super::purchase::ask("Remove it? [y/N] ").as_deref()) {
        Ok(())
    } else {
        Err(CliError::invalid(format!("canceled; seat {name} was not removed")))
    }
}

/// Every active seat, page after page, as one list.
fn all_seats(client: &mut Client, scope: &Scope) -> Result<SeatsPage, CliError> {
    let mut seats = Vec::new();
    let call = |cursor| Call::SeatsList { scope: scope.clone(), cursor, limit: None };
    client.each_page(call, |page: SeatsPage| seats.extend(page.seats))?;
    Ok(SeatsPage { seats, next: None })
}

/// Every workspace, page after page, as one list.
fn all_workspaces(client: &mut Client) -> Result<WorkspacesPage, CliError> {
    let mut workspaces = Vec::new();
    let call = |cursor| Call::WorkspaceList { cursor, limit: None };
    client.each_page(call, |page: WorkspacesPage| workspaces.extend(page.workspaces))?;
    Ok(WorkspacesPage { workspaces, next: None })
}

/// `seats add NAME...`: one call per name, pipelined on one connection. Failures are reported
/// per seat (the others are still added) and the first one decides the exit code. With one
/// name, `--json` prints the seat; with several, `{"seats": [...], "errors": [...]}`.
fn add_seats(ctx: &Ctx<'_>, client: &mut Client, scope: &Scope, names: &[String]) -> Result<u8, CliError> {
    let calls: Vec<Call> =
        names.iter().map(|name| Call::SeatsAdd { scope: scope.clone(), name: name.clone() }).collect();
    let mut added = Vec::new();
    let mut failed: Vec<(String, CliError)> = Vec::new();
    client.call_each(&calls, |i, r: Result<SeatInfo, CliError>| match r {
        Ok(s) => {
            ctx.out.say(&added_message(&s));
            added.push(s);
        }
        Err(e) => failed.push((names[i].clone(), e)),
    })?;
    if names.len() == 1 {
        return match (added.pop(), failed.pop()) {
            (Some(s), _) => {
                if ctx.out.json {
                    ctx.out.json(&s);
                }
                Ok(exit::OK)
            }
            (None, Some((_, e))) => Err(e),
            (None, None) => Err(CliError::internal("the daemon did not answer")),
        };
    }
    let first = failed.first().map(|(_, e)| exit::code_for(e.kind));
    if ctx.out.json {
        let errors: Vec<_> = failed
            .iter()
            .map(|(seat, e)| json!({ "seat": seat, "type": e.kind.as_str(), "message": e.message }))
            .collect();
        ctx.out.json(&json!({ "seats": added, "errors": errors }));
    } else {
        for (_, e) in &failed {
            ctx.out.error(e);
        }
        if failed.is_empty() {
            ctx.out.say(&format!("Added {} seats.", added.len()));
        } else {
            ctx.out.say(&format!("Added {} of {} seats.", added.len(), names.len()));
        }
    }
    Ok(first.unwrap_or(exit::OK))
}

/// What `seats add` did for one seat, and why a seat gets less than the plan's allowance.
fn added_message(s: &SeatInfo) -> String {
    let head = format!("Added seat {} with {} included credits this month", s.seat, credits(s.included));
    if s.allowance.millis() == 0 {
        format!("{head}: the workspace's plan includes none.")
    } else if s.included < s.allowance {
        // Only a seat that already had this month's allowance gets less (one grant per month).
        format!(
            "{head}: it already had this month's allowance before it was removed. It gets {} at the next reset.",
            credits(s.allowance)
        )
    } else {
        format!("{head}.")
    }
}

pub fn plan(ctx: &Ctx<'_>, a: &PlanArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let scope = ctx.scope(None);
    match &a.command {
        PlanCommand::Show => {
            let v: PlanShow = client.call(&Call::PlanShow { scope })?;
            if ctx.out.json {
                ctx.out.answer(&v);
            } else {
                match &v.plan {
                    Some(p) => ctx.out.say(&format!(
                        "Workspace {} is on the {} plan: {} included credits per seat per month.",
                        v.workspace,
                        p.name,
                        credits(p.included)
                    )),
                    None => {
                        ctx.out.say(&format!("Workspace {} is on a plan the catalogue no longer offers.", v.workspace))
                    }
                }
                if let Some(p) = &v.pending_plan {
                    ctx.out.say(&format!(
                        "Changes to {} at the next reset ({}).",
                        p.name,
                        zoned_time(&v.changes_at, &v.time_zone)
                    ));
                }
            }
        }
        PlanCommand::List => {
            let v: PlanList = client.call(&Call::PlanList {})?;
            if ctx.out.json {
                ctx.out.answer(&v);
            } else {
                let mut t = new_table(&["Plan", "Price / seat / month", "Included credits / seat / month"]);
                for p in v.plans {
                    t.add_row(vec![p.name, money(p.price_cents), credits(p.included)]);
                }
                ctx.out.table(t);
            }
        }
        PlanCommand::Set { plan, now } => {
            let info: WorkspaceInfo = client.call(&Call::PlanSet { scope, plan: plan.clone(), now: *now })?;
            if ctx.out.json {
                ctx.out.json(&info);
            } else if *now {
                ctx.out.say(&format!("Workspace {} is now on the {} plan, for this month too.", info.name, info.plan));
            } else if info.pending_plan.is_some() {
                ctx.out.say(&format!(
                    "Workspace {} changes to the {plan} plan at the next reset ({}). Use --now to apply it at once.",
                    info.name,
                    zoned_time(&info.resets_at, &info.time_zone)
                ));
            } else {
                ctx.out.say(&format!("Workspace {} stays on the {} plan.", info.name, info.plan));
            }
        }
    }
    Ok(exit::OK)
}

fn print_workspace(ctx: &Ctx<'_>, w: &WorkspaceInfo) {
    let mut t = new_table(&["Setting", "Value"]);
    t.add_row(vec!["Workspace".to_owned(), format!("{}{}", w.name, if w.default { " (default)" } else { "" })]);
    t.add_row(vec![
        "Plan".to_owned(),
        match &w.pending_plan {
            Some(p) => format!("{} (→ {p} at the next reset)", w.plan),
            None => w.plan.clone(),
        },
    ]);
    t.add_row(vec!["Time zone".to_owned(), w.time_zone.clone()]);
    t.add_row(vec!["Period".to_owned(), w.period.clone()]);
    t.add_row(vec!["Resets".to_owned(), zoned_time(&w.resets_at, &w.time_zone)]);
    t.add_row(vec!["Seats".to_owned(), w.seats.to_string()]);
    t.add_row(vec![
        "Stripe customer".to_owned(),
        w.stripe_customer.clone().unwrap_or_else(|| "- (created on first purchase)".into()),
    ]);
    t.add_row(vec![
        "Top-up budget".to_owned(),
        match w.topup_budget_per_month {
            Some(b) => format!("{} of {} a month", credits(w.topup_used_this_month), credits(b)),
            None => format!("none ({} drawn this month)", credits(w.topup_used_this_month)),
        },
    ]);
    ctx.out.table(t);
}

pub fn workspace(ctx: &Ctx<'_>, a: &WorkspaceArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let one = |w: WorkspaceInfo, msg: String| {
        if ctx.out.json {
            ctx.out.json(&w);
        } else {
            ctx.out.say(&msg);
            print_workspace(ctx, &w);
        }
    };
    match &a.command {
        WorkspaceCommand::List => {
            let list = all_workspaces(&mut client)?;
            if ctx.out.json {
                ctx.out.json(&list);
                return Ok(exit::OK);
            }
            let mut t = new_table(&["", "Workspace", "Plan", "Time zone", "Period", "Seats"]);
            for w in list.workspaces {
                t.add_row(vec![
                    if w.default { "*" } else { "" }.to_owned(),
                    w.name,
                    w.plan,
                    w.time_zone,
                    w.period,
                    w.seats.to_string(),
                ]);
            }
            ctx.out.table(t);
        }
        WorkspaceCommand::Add { name, plan, tz } => {
            let v: WorkspaceInfo = client.call(&Call::WorkspaceAdd {
                name: name.clone(),
                plan: Some(plan.clone()),
                tz: Some(tz.clone()),
                user: Some(super::current_user()),
            })?;
            let next = if v.default {
                format!("Created workspace {name}; it is the default.")
            } else {
                format!(
                    "Created workspace {name}. Switch to it with `studio-credits workspace use {name}`, \
                     or pass `--workspace {name}` to one command."
                )
            };
            one(v, next);
        }
        WorkspaceCommand::Use { name } => {
            let v: WorkspaceInfo = client.call(&Call::WorkspaceUse { name: name.clone() })?;
            one(v, format!("Workspace {name} is now the default."));
        }
        WorkspaceCommand::Show { name } => {
            let mut scope = ctx.scope(None);
            if name.is_some() {
                scope.workspace = name.clone();
            }
            let v: WorkspaceInfo = client.call(&Call::WorkspaceShow { scope })?;
            if ctx.out.json {
                ctx.out.json(&v);
            } else {
                print_workspace(ctx, &v);
            }
        }
        WorkspaceCommand::Set { tz, stripe_customer, topup_budget_per_month, no_topup_budget } => {
            let budget = topup_budget_per_month.is_some() || *no_topup_budget;
            if tz.is_none() && stripe_customer.is_none() && !budget {
                return Err(CliError::invalid(
                    "nothing to change: pass --tz ZONE, --stripe-customer cus_… or --topup-budget-per-month CREDITS",
                ));
            }
            let before: WorkspaceInfo = client.call(&Call::WorkspaceShow { scope: ctx.scope(None) })?;
            let mut v = before.clone();
            if tz.is_some() || stripe_customer.is_some() {
                v = client.call(&Call::WorkspaceSet {
                    scope: ctx.scope(None),
                    tz: tz.clone(),
                    stripe_customer: stripe_customer.clone(),
                })?;
            }
            if budget {
                v = client.call(&Call::WorkspaceBudget {
                    scope: ctx.scope(None),
                    topup_per_month: *topup_budget_per_month,
                })?;
            }
            if ctx.out.json {
                ctx.out.json(&v);
            } else {
                ctx.out.say(&changes(&before, &v));
            }
        }
    }
    Ok(exit::OK)
}

/// A workspace's monthly top-up budget in words.
fn budget(w: &WorkspaceInfo) -> String {
    match w.topup_budget_per_month {
        Some(b) => format!("{} credits", credits(b)),
        None => "none".into(),
    }
}

/// A seat's monthly top-up limit and what it drew this month, for tables: `12.5 of 500`,
/// `included only`, or what it drew without a limit.
pub fn topup_limit_text(limit: Option<credits_core::Credits>, used: credits_core::Credits) -> String {
    match limit {
        Some(l) if l.is_zero() => "included only".into(),
        Some(l) => format!("{} of {}", credits(used), credits(l)),
        None if used.is_zero() => "-".into(),
        None => credits(used),
    }
}

/// What `workspace set` changed, old -> new, one setting a line.
fn changes(before: &WorkspaceInfo, after: &WorkspaceInfo) -> String {
    let customer = |w: &WorkspaceInfo| w.stripe_customer.clone().unwrap_or_else(|| "-".into());
    let mut lines = Vec::new();
    for (what, old, new) in [
        ("time zone", before.time_zone.clone(), after.time_zone.clone()),
        (
            "next reset",
            zoned_time(&before.resets_at, &before.time_zone),
            zoned_time(&after.resets_at, &after.time_zone),
        ),
        ("Stripe customer", customer(before), customer(after)),
        ("monthly top-up budget", budget(before), budget(after)),
    ] {
        if old != new {
            lines.push(format!("  {what}: {old} -> {new}"));
        }
    }
    if lines.is_empty() {
        return format!("Workspace {}: nothing changed (it already had these settings).", after.name);
    }
    format!("Changed workspace {}:\n{}", after.name, lines.join("\n"))
}

/// `verify --json`: the daemon's report and whether it found nothing.
#[derive(Serialize)]
struct Verified<'a> {
    #[serde(flatten)]
    report: &'a VerifyReport,
    ok: bool,
}

pub fn verify(ctx: &Ctx<'_>) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let report: VerifyReport = client.call(&Call::Verify {})?;
    let problems = &report.problems;
    if ctx.out.json {
        // The report is the answer, problems included; the exit code says it failed.
        ctx.out.answer(&Verified { ok: report.ok(), report: &report });
        return Ok(if problems.is_empty() { exit::OK } else { exit::UNEXPECTED });
    }
    if problems.is_empty() {
        ctx.out.say(&format!(
            "OK: {} entries in {} workspaces; every balance equals its journal and every hash chain is intact.",
            report.entries, report.workspaces
        ));
        return Ok(exit::OK);
    }
    for p in problems {
        eprintln!("problem: {p}");
    }
    Err(CliError::new(Kind::Internal, format!("verify found {} problem(s) in the ledger", problems.len()))
        .with_hint("stop writing to this ledger and keep a copy of the database for investigation"))
}

pub fn config(ctx: &Ctx<'_>, a: &ConfigArgs) -> Result<u8, CliError> {
    match a.command {
        ConfigCommand::Path => {
            let p = &ctx.settings.paths.config_file;
            if ctx.out.json {
                ctx.out.json(&serde_json::json!({ "config_file": p, "exists": p.exists() }));
            } else {
                ctx.out.line(&p.display().to_string());
            }
        }
        ConfigCommand::Show => {
            // The CLI's own view (the same resolution a daemon it starts uses); secrets redacted.
            let mut v = serde_json::to_value(ctx.settings).map_err(|e| CliError::internal(e.to_string()))?;
            // The store is not serialized with the settings (its URL may hold a password): shown
            // here without it.
            v["store"] = json!(ctx.settings.store.shown(&ctx.settings.paths.db));
            // A running daemon read its settings when it started: show what it uses where that
            // differs in what matters most, whether it can buy (a key exported since does not
            // reach it).
            let daemon = running_daemon(ctx);
            let note = daemon.as_ref().and_then(|d| stripe_note(ctx, d));
            v["running_daemon"] = daemon.map_or(serde_json::Value::Null, |d| {
                json!({ "pid": d.pid, "stripe_configured": d.stripe.as_ref().map(|s| s.configured && s.problem.is_none()) })
            });
            if ctx.out.json {
                ctx.out.json(&v);
            } else {
                // TOML has no null: an unset value is left out, as it would be in the file.
                let text = toml::to_string_pretty(&without_nulls(v)).map_err(|e| CliError::internal(e.to_string()))?;
                ctx.out.line(text.trim_end());
                if let Some(note) = note {
                    eprintln!("note: {note}");
                }
            }
        }
    }
    Ok(exit::OK)
}

/// `v` without its null values (in objects and arrays, at any depth).
fn without_nulls(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().filter(|v| !v.is_null()).map(without_nulls).collect()),
        other => other,
    }
}

/// The running daemon's status, if one answers (`config show` never starts one).
fn running_daemon(ctx: &Ctx<'_>) -> Option<credits_proto::results::DaemonStatus> {
    // A central daemon's settings are its own business (and `status` is not served remotely).
    if ctx.settings.remote.is_some() {
        return None;
    }
    let mut client = Client::try_locate(ctx.settings).ok()?;
    client.call(&Call::Status {}).ok()
}

/// What to say when this shell has a Stripe key the running daemon lacks (or the reverse).
fn stripe_note(ctx: &Ctx<'_>, d: &credits_proto::results::DaemonStatus) -> Option<String> {
    let daemon_has = d.stripe.as_ref()?.configured;
    match (ctx.settings.stripe.secret_key.is_some(), daemon_has) {
        (true, false) => Some(format!(
            "stripe.secret_key is set here, but the running daemon (pid {}) started without it and cannot buy; \
             run `studio-credits daemon restart`",
            d.pid
        )),
        (false, true) => Some(format!(
            "the running daemon (pid {}) has a Stripe secret key this shell does not set (it started with another \
             environment)",
            d.pid
        )),
        _ => None,
    }
}
