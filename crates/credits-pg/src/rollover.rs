//! The monthly reset: for every seat, expire the old period's included credits and grant the
//! plan's allowance for the new one; top-up balances are untouched.
//!
//! Exactly once per (workspace, period), by the database: whichever daemon's timer fires first
//! locks the workspace, inserts the `rollovers` row (its keys admit each period once, entered and
//! left) and moves the period in the same transaction; a second daemon then finds the workspace
//! current and does nothing, and the schema's triggers refuse any period change that is not
//! "current period -> later, through a recorded rollover".

use credits_core::period::zone;
use credits_core::time::{fmt_instant, fmt_time};
use credits_core::{Actor, Credits, EntryKind, Period, PlanCatalogue, Pool};
use credits_ledger::StoreError;
use credits_ledger::rollover::{Due, PeriodState, RolloverReport, WorkspaceStatus};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::db::{self, Tx, WsRow, exec, opt};
use crate::journal::{self, Cached, Draft};

fn ws_period(ws: &WsRow) -> Result<(TimeZone, Period), StoreError> {
    let tz = zone(&ws.tz).map_err(|e| StoreError::Internal(e.to_string()))?;
    let p = ws.period.parse().map_err(|e: credits_core::PeriodError| StoreError::Internal(e.to_string()))?;
    Ok((tz, p))
}

/// Every workspace's stored period against the period containing `now` in its zone.
pub async fn status(tx: &Tx<'_>, now: Timestamp) -> Result<Vec<WorkspaceStatus>, StoreError> {
    let mut out = Vec::new();
    for ws in db::workspaces(tx).await? {
        let (tz, period) = ws_period(&ws)?;
        let current = Period::containing(now, &tz);
        let end = fmt_instant(period.end(&tz));
        let state = match current.cmp(&period) {
            std::cmp::Ordering::Greater => PeriodState::Overdue,
            std::cmp::Ordering::Equal => PeriodState::Current,
            std::cmp::Ordering::Less => PeriodState::Ahead,
        };
        out.push(WorkspaceStatus {
            workspace: ws.name.clone(),
            time_zone: ws.tz.clone(),
            period: ws.period.clone(),
            current_period: current.to_string(),
            state,
            due_since: (state == PeriodState::Overdue).then(|| end.clone()),
            resets_at: end,
        });
    }
    Ok(out)
}

/// Workspaces whose stored period is behind the period containing `now`.
pub async fn due(tx: &Tx<'_>, now: Timestamp) -> Result<Vec<Due>, StoreError> {
    Ok(status(tx, now)
        .await?
        .into_iter()
        .filter(|s| s.state == PeriodState::Overdue)
        .map(|s| Due {
            workspace: s.workspace,
            period: s.period,
            current_period: s.current_period,
            due_since: s.due_since.unwrap_or_default(),
        })
        .collect())
}

/// The earliest instant at which some workspace's stored period ends; `None` without workspaces.
pub async fn next_boundary(tx: &Tx<'_>) -> Result<Option<Timestamp>, StoreError> {
    let mut next: Option<Timestamp> = None;
    for ws in db::workspaces(tx).await? {
        let (tz, period) = ws_period(&ws)?;
        let end = period.end(&tz);
        next = Some(next.map_or(end, |n| n.min(end)));
    }
    Ok(next)
}

/// Rolls workspace `name` over to the period containing `now`, if it is behind; `None` when
/// nothing was due (already current, ahead of a clock that moved backwards, or rolled by another
/// daemon first). Missed months do not stack: one rollover lands on the current period.
pub async fn apply(
    tx: &Tx<'_>,
    name: &str,
    catalogue: &PlanCatalogue,
    actor: &Actor,
    now: Timestamp,
) -> Result<Option<RolloverReport>, StoreError> {
    let mut ws = db::lock_workspace(tx, Some(name)).await?;
    let (tz, from) = ws_period(&ws)?;
    let to = Period::containing(now, &tz);
    if to <= from {
        return Ok(None);
    }
    let plan = ws.pending_plan.clone().unwrap_or_else(|| ws.plan.clone());
    let allowance = catalogue
        .get(&plan)
        .ok_or_else(|| StoreError::Internal(format!("workspace '{name}' is on unknown plan '{plan}'")))?
        .included
        .millis();
    let to_s = to.to_string();
    let old = ws.period.clone();
    let inserted = opt(
        tx,
        "INSERT INTO rollovers (workspace_id, period, from_period, applied_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING period",
        &[&ws.id, &to_s, &old, &fmt_time(now)],
    )
    .await?;
    if inserted.is_none() {
        return Ok(None);
    }
    let seats = db::all(
        tx,
        concat!("SELECT ", db::seat_cols!(), " FROM seats WHERE workspace_id = $1 AND active ORDER BY id"),
        &[&ws.id],
    )
    .await?
    .iter()
    .map(db::seat_row)
    .collect::<Vec<_>>();
    let expire_ref = format!("rollover:{old}");
    let expire_memo = format!("unused included credits of {old} expired");
    let grant_ref = format!("rollover:{to_s}");
    let grant_memo = format!("included allowance for {to_s} ({plan} plan)");
    let actor = actor.to_string();
    let mut expired = 0i64;
    for seat in &seats {
        let entry = |kind, amount, balance_after, period, reference, memo| Draft {
            seat: Some(seat),
            pool: Pool::Included,
            kind,
            amount,
            balance_after,
            period,
            reference: Some(reference),
            memo: Some(memo),
            actor: &actor,
        };
        if seat.included > 0 {
            expired = expired.saturating_add(seat.included);
            let d = entry(EntryKind::Expire, -seat.included, 0, &old, &expire_ref, &expire_memo);
            journal::append(tx, &mut ws, d, Cached::None, now).await?;
        }
        if allowance > 0 {
            let d = entry(EntryKind::Grant, allowance, allowance, &to_s, &grant_ref, &grant_memo);
            journal::append(tx, &mut ws, d, Cached::None, now).await?;
        }
    }
    exec(
        tx,
        "UPDATE seats SET included_millis = $1, allowance_millis = $1 WHERE workspace_id = $2 AND active",
        &[&allowance, &ws.id],
    )
    .await?;
    exec(
        tx,
        "UPDATE workspaces SET period = $1, plan = $2, pending_plan = NULL WHERE id = $3",
        &[&to_s, &plan, &ws.id],
    )
    .await?;
    let n = seats.len() as i64;
    Ok(Some(RolloverReport {
        workspace: ws.name,
        from_period: from.to_string(),
        to_period: to_s,
        plan,
        seats: n,
        expired: Credits::from_millis(expired),
        granted: Credits::from_millis(allowance.saturating_mul(n)),
        applied_at: fmt_instant(now),
    }))
}
