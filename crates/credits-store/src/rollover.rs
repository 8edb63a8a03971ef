//! The monthly reset: for every seat, expire the old period's included credits and grant the
//! plan's allowance for the new one; top-up balances are untouched.
//!
//! Exactly once per (workspace, period), by the database rather than by the caller: the
//! `rollovers` row is inserted in the same transaction as the entries, its primary key admits each
//! period once, and migration 0002 lets a workspace's period move only forward, only from its
//! current period, and only through such a row. A crash mid-rollover rolls the whole transaction
//! back; a second daemon, a restart or a clock that moved backwards finds nothing to do.

use credits_core::period::zone;
use credits_core::time::{fmt_instant, fmt_time};
use credits_core::{Actor, Credits, EntryKind, Period, PlanCatalogue, Pool};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::{Connection, params};

use crate::error::StoreError;
use crate::journal::{Appender, ChainHead, EntryDraft};
use crate::ledger::{self, WsRow};

pub use credits_core::records::{Due, PeriodState, RolloverReport, WorkspaceStatus};

fn ws_period(ws: &WsRow) -> Result<(TimeZone, Period), StoreError> {
    let tz = zone(&ws.tz).map_err(|e| StoreError::Internal(e.to_string()))?;
    let p = ws.period.parse().map_err(|e: credits_core::PeriodError| StoreError::Internal(e.to_string()))?;
    Ok((tz, p))
}

/// Every workspace's stored period against the period containing `now` in its zone.
pub fn status(conn: &Connection, now: Timestamp) -> Result<Vec<WorkspaceStatus>, StoreError> {
    let mut out = Vec::new();
    for ws in ledger::workspaces(conn)? {
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
pub fn due(conn: &Connection, now: Timestamp) -> Result<Vec<Due>, StoreError> {
    Ok(status(conn, now)?
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

/// The earliest instant at which some workspace's stored period ends (in the past when a reset
/// is overdue); `None` without workspaces.
pub fn next_boundary(conn: &Connection) -> Result<Option<Timestamp>, StoreError> {
    let mut next: Option<Timestamp> = None;
    for ws in ledger::workspaces(conn)? {
        let (tz, period) = ws_period(&ws)?;
        let end = period.end(&tz);
        next = Some(next.map_or(end, |n| n.min(end)));
    }
    Ok(next)
}

/// Rolls workspace `name` over to the period containing `now`, if it is behind; returns `None`
/// when nothing was due (already current, ahead of a clock that moved backwards, or rolled by
/// someone else first). Missed months do not stack: one rollover lands on the current period.
///
/// Runs as a few set-based statements plus the journal appender's batched inserts, so that
/// 100,000 seats take about a second; the caller provides the transaction (the writer's).
pub fn apply(
    conn: &Connection,
    name: &str,
    catalogue: &PlanCatalogue,
    actor: &Actor,
    now: Timestamp,
) -> Result<Option<RolloverReport>, StoreError> {
    let ws = ledger::workspace(conn, Some(name))?;
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
    // The guard: a second rollover of this period (another daemon, a retry) inserts nothing here,
    // and the triggers of migration 0002 refuse anything that is not "current period → later".
    let inserted = conn.execute(
        "INSERT INTO rollovers (workspace_id, period, from_period, applied_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![ws.id, to_s, ws.period, fmt_time(now)],
    )?;
    if inserted == 0 {
        return Ok(None);
    }
    let seats: Vec<(i64, String, i64)> = conn
        .prepare("SELECT id, name, included_millis FROM seats WHERE workspace_id = ?1 AND active = 1 ORDER BY id")?
        .query_map([ws.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let texts = Texts {
        expire_ref: format!("rollover:{}", ws.period),
        expire_memo: format!("unused included credits of {} expired", ws.period),
        grant_ref: format!("rollover:{to_s}"),
        grant_memo: format!("included allowance for {to_s} ({plan} plan)"),
        old_period: ws.period.clone(),
        new_period: to_s.clone(),
        actor: actor.to_string(),
    };
    let mut head = ChainHead::load(conn, &ws, now)?;
    let mut journal = Appender::new(&mut head, &ws.name);
    let mut expired = 0i64;
    for (id, seat, included) in &seats {
        if *included > 0 {
            expired = expired.saturating_add(*included);
            journal.push(conn, texts.entry(*id, seat, EntryKind::Expire, -included, 0))?;
        }
        if allowance > 0 {
            journal.push(conn, texts.entry(*id, seat, EntryKind::Grant, allowance, allowance))?;
        }
    }
    journal.finish(conn)?;
    // Set-based: one statement resets every seat's cached balance to what the entries say.
    conn.execute(
        "UPDATE seats SET included_millis = ?1, allowance_millis = ?1 WHERE workspace_id = ?2 AND active = 1",
        params![allowance, ws.id],
    )?;
    conn.execute(
        "UPDATE workspaces SET period = ?1, plan = ?2, pending_plan = NULL WHERE id = ?3",
        params![to_s, plan, ws.id],
    )?;
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

/// The periods, references and memos shared by every entry of one rollover.
struct Texts {
    old_period: String,
    new_period: String,
    expire_ref: String,
    expire_memo: String,
    grant_ref: String,
    grant_memo: String,
    actor: String,
}

impl Texts {
    /// An `expire` (old period) or `grant` (new period) entry for one seat's included pool.
    fn entry<'a>(&'a self, seat_id: i64, seat: &'a str, kind: EntryKind, amount: i64, after: i64) -> EntryDraft<'a> {
        let (period, reference, memo) = if kind == EntryKind::Grant {
            (&self.new_period, &self.grant_ref, &self.grant_memo)
        } else {
            (&self.old_period, &self.expire_ref, &self.expire_memo)
        };
        EntryDraft {
            seat: Some(seat),
            seat_id: Some(seat_id),
            pool: Pool::Included,
            kind,
            amount,
            balance_after: after,
            period,
            reference: Some(reference),
            memo: Some(memo),
            actor: Some(&self.actor),
        }
    }
}

#[cfg(test)]
#[path = "rollover_tests.rs"]
mod tests;
