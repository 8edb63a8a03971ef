//! `reconcile [--since WHEN] [--fix]`: the ledger's purchases against Stripe's payments, for
//! people (a table of what disagrees) and for cron (the exit code: 0 agree, 22 disagree).

use std::io::{self, IsTerminal};
use std::time::Duration;

use credits_core::Cents;
use credits_proto::Call;
use credits_proto::results::{ReconcileAction, ReconcileItem, ReconcileProblem, ReconcileReport};

use super::Ctx;
use crate::args::ReconcileArgs;
use crate::error::CliError;
use crate::exit;
use crate::output::{money, new_table};

pub fn reconcile(ctx: &Ctx<'_>, a: &ReconcileArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let call = Call::Reconcile { scope: ctx.scope(None), since: a.since.clone(), fix: a.fix };
    // Reading every payment of the customer may take a while at Stripe.
    let spinner = (!ctx.out.json && !ctx.out.quiet && io::stderr().is_terminal()).then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.set_message("Reading the workspace's payments at Stripe…");
        s.enable_steady_tick(Duration::from_millis(120));
        s
    });
    let answer: Result<ReconcileReport, CliError> = client.call(&call);
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let report = answer?;
    if ctx.out.json {
        ctx.out.answer(&report);
    } else if ctx.out.quiet {
        // For cron: quiet when all agree, one line per finding (on stderr) when not.
        for i in &report.problems {
            eprintln!("{} ({}): {}", problem_label(i.problem), action_label(i), i.detail);
        }
        if report.truncated {
            eprintln!("{TRUNCATED}");
        }
    } else {
        print_human(ctx, &report);
    }
    // A run that could not read every payment cannot say that all agree.
    Ok(if report.unresolved == 0 && !report.truncated { exit::OK } else { exit::RECONCILE_MISMATCH })
}

/// Said when Stripe had more payments than one run reads (the exit is then 22).
const TRUNCATED: &str =
    "Stripe had more payments than one run reads; the oldest were not compared (exit 22): use --since.";

fn print_human(ctx: &Ctx<'_>, r: &ReconcileReport) {
    let scope = match &r.since {
        Some(since) => format!("since {since}"),
        None => "all time".to_owned(),
    };
    let customer = r.stripe_customer.as_deref().unwrap_or("no Stripe customer");
    ctx.out.say(&format!(
        "Workspace {} ({customer}), {scope}: {} Stripe payment object(s) and {} purchase(s) read; {} agree.",
        r.workspace, r.stripe_objects, r.purchases, r.matched
    ));
    if r.problems.is_empty() {
        ctx.out.say("The ledger and Stripe agree.");
    } else {
        let mut header = vec!["Problem", "Purchase", "Ledger", "Stripe", "Detail"];
        if r.fix {
            header.insert(4, "Done");
        }
        let mut t = new_table(&header);
        for i in &r.problems {
            let mut row = vec![
                problem_label(i.problem).to_owned(),
                i.purchase_id.clone().unwrap_or_else(|| "-".into()),
                ledger_cell(i),
                stripe_cell(i),
                i.detail.clone(),
            ];
            if r.fix {
                row.insert(4, action_label(i).to_owned());
            }
            t.add_row(row);
        }
        t.free(header.len() - 1);
        ctx.out.table(t);
        let credited = r.problems.iter().filter(|i| i.action == Some(ReconcileAction::Credited)).count();
        if r.fix {
            ctx.out.say(&format!(
                "Credited {credited} purchase(s); {} problem(s) need a person (see Detail).",
                r.unresolved
            ));
        } else if r.problems.iter().any(|i| i.problem == ReconcileProblem::NotCredited) {
            ctx.out.say("`studio-credits reconcile --fix` credits what Stripe shows paid (each purchase once).");
        }
    }
    if r.truncated {
        ctx.out.warn(TRUNCATED);
    }
}

fn problem_label(p: ReconcileProblem) -> &'static str {
    match p {
        ReconcileProblem::NotCredited => "paid, not credited",
        ReconcileProblem::NotPaid => "credited, not paid",
        ReconcileProblem::AmountMismatch => "amount differs",
    }
}

fn action_label(i: &ReconcileItem) -> &'static str {
    match i.action {
        Some(ReconcileAction::Credited) => "credited",
        Some(ReconcileAction::AlreadyCredited) => "already credited",
        Some(ReconcileAction::NeedsOperator) => "left to you",
        None => "not fixed",
    }
}

fn ledger_cell(i: &ReconcileItem) -> String {
    match (i.ledger_state, i.ledger_amount_cents) {
        (Some(state), Some(amount)) => format!("{state} {}", money(amount)),
        (Some(state), None) => state.to_string(),
        (None, _) => "no purchase".to_owned(),
    }
}

fn stripe_cell(i: &ReconcileItem) -> String {
    let object = i.stripe_object.as_deref().unwrap_or("-");
    let status = i.stripe_status.as_deref().unwrap_or("");
    match (i.stripe_amount, i.stripe_currency.as_deref()) {
        (Some(amount), Some(cur)) if cur.eq_ignore_ascii_case("usd") => {
            format!("{object} {status} {}", money(Cents::new(amount)))
        }
        (Some(amount), Some(cur)) => format!("{object} {status} {amount} {}", cur.to_uppercase()),
        _ => format!("{object} {status}"),
    }
}
