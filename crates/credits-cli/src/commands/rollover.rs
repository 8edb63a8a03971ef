//! `rollover`: apply due monthly resets now, or with `--check` be the cron watchdog that proves
//! this month's reset happened (and that the clock did not go back behind the ledger's month). `--check` never starts a daemon: a watchdog that started one
//! would hide the very failure it exists to report.

use credits_proto::Call;
use credits_proto::results::{PeriodState, RolloverAnswer, WorkspaceStatus};

use super::Ctx;
use crate::args::RolloverArgs;
use crate::client::{Client, ConnectError};
use crate::error::CliError;
use crate::exit;
use crate::output::{credits, human_time, new_table, zoned_time};

pub fn rollover(ctx: &Ctx<'_>, a: &RolloverArgs) -> Result<u8, CliError> {
    let mut client = if a.check {
        Client::try_locate(ctx.settings).map_err(|e| match e {
            ConnectError::NoDaemon(_) => {
                crate::client::not_running().with_hint("while no daemon is running, no monthly reset will happen")
            }
            ConnectError::Unusable(e) => e,
        })?
    } else {
        ctx.client()?
    };
    let report: RolloverAnswer = client.call(&Call::Rollover { check: a.check })?;
    if ctx.out.json {
        ctx.out.answer(&report);
    } else {
        print_human(ctx, a.check, &report);
    }
    // Overdue is the watchdog's finding, not a failure to run: like `check` and exit 42, the
    // report is printed (JSON or table) and the exit code carries the verdict.
    for d in &report.due {
        eprintln!(
            "overdue: workspace {} is still on {} although {} began at {} ({} ago)",
            d.workspace,
            d.period,
            d.current_period,
            human_time(&d.due_since),
            ago(&report.now, &d.due_since)
        );
    }
    // A ledger ahead of the clock means the clock went backwards (or the zone changed): no reset
    // will happen until the clock catches up, and usage is booked to the ledger's month. That is
    // what the watchdog exists to catch, so it is a finding like an overdue reset.
    let ahead: Vec<&WorkspaceStatus> = report.workspaces.iter().filter(|w| w.state == PeriodState::Ahead).collect();
    for w in &ahead {
        eprintln!(
            "clock behind: workspace {} is on {} but the clock ({}, {}) reads {}: the system clock went backwards \
             (or the workspace's time zone changed)",
            w.workspace,
            w.period,
            human_time(&report.now),
            w.time_zone,
            w.current_period
        );
    }
    for f in &report.errors {
        eprintln!("error: workspace {}: {}", f.workspace, f.message);
    }
    if !ahead.is_empty() {
        eprintln!(
            "hint: check the system clock and its time synchronisation (e.g. `timedatectl`); a month is never rolled \
             back, and the next reset happens when the clock passes the ledger's month"
        );
    }
    if report.due.is_empty() && ahead.is_empty() {
        return Ok(exit::OK);
    }
    if !report.due.is_empty() && !report.automatic {
        eprintln!("hint: the daemon's automatic rollover is paused (STUDIO_CREDITS_ROLLOVER_PAUSED)");
    }
    if !report.due.is_empty() && a.check {
        eprintln!("hint: run `studio-credits rollover` to apply it now, and see the daemon log for why it did not");
    }
    Ok(exit::ROLLOVER_OVERDUE)
}

fn print_human(ctx: &Ctx<'_>, check: bool, r: &RolloverAnswer) {
    if !check {
        if r.applied.is_empty() {
            ctx.out.say("Nothing was due.");
        }
        for a in &r.applied {
            ctx.out.say(&format!(
                "Rolled workspace {} over from {} to {} ({} plan, {} seat{}): {} unused included credits expired, {} granted.",
                a.workspace,
                a.from_period,
                a.to_period,
                a.plan,
                a.seats,
                if a.seats == 1 { "" } else { "s" },
                credits(a.expired),
                credits(a.granted)
            ));
        }
    }
    let mut t = new_table(&["Workspace", "Time zone", "Period", "Status", "Next reset"]);
    for w in &r.workspaces {
        let status = match w.state {
            PeriodState::Overdue => {
                format!(
                    "OVERDUE since {} (now {})",
                    zoned_time(w.due_since.as_deref().unwrap_or(""), &w.time_zone),
                    w.current_period
                )
            }
            PeriodState::Ahead => format!("AHEAD of the clock (now {})", w.current_period),
            PeriodState::Current => "current".to_owned(),
        };
        let next =
            if w.state == PeriodState::Overdue { "now".to_owned() } else { zoned_time(&w.resets_at, &w.time_zone) };
        t.add_row(vec![w.workspace.clone(), w.time_zone.clone(), w.period.clone(), status, next]);
    }
    ctx.out.table(t);
    if r.due.is_empty() && r.workspaces.iter().all(|w| w.state != PeriodState::Ahead) {
        ctx.out.say(&format!(
            "OK: {} workspace{} on {} current period.",
            r.workspaces.len(),
            if r.workspaces.len() == 1 { "" } else { "s" },
            if r.workspaces.len() == 1 { "its" } else { "their" }
        ));
    }
}

/// `3d 4h`, `2h 5m`, `42s`: how long ago `then` was at `now` (both RFC 3339).
fn ago(now: &str, then: &str) -> String {
    let (Ok(now), Ok(then)) = (now.parse::<jiff::Timestamp>(), then.parse::<jiff::Timestamp>()) else {
        return "a while".to_owned();
    };
    let s = now.duration_since(then).as_secs().max(0);
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m {}s", s % 60),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}
