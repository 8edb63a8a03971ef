//! The monthly reset: for every seat, expire the old period's included credits and grant the
//! plan's allowance for the new one. Exactly once per (workspace, period): the `rollovers`
//! primary key is inserted in the same transaction as the entries.

use credits_core::chain::{ChainFields, entry_hash};
use credits_core::period::zone;
use credits_core::time::{fmt_instant, fmt_time};
use credits_core::{Credits, EntryKind, Period, PlanCatalogue, Pool};
use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::ledger::{self, WsRow};

/// What one rollover did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloverReport {
    pub workspace: String,
    pub from_period: String,
    pub to_period: String,
    pub plan: String,
    pub seats: i64,
    pub expired: Credits,
    pub granted: Credits,
}

/// A workspace whose reset is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub workspace: String,
    pub period: String,
    pub current_period: String,
    /// RFC 3339 instant the missed reset was due.
    pub due_since: String,
}

fn ws_period(ws: &WsRow) -> Result<(jiff::tz::TimeZone, Period), StoreError> {
    let tz = zone(&ws.tz).map_err(|e| StoreError::Internal(e.to_string()))?;
    let p = ws.period.parse().map_err(|e: credits_core::PeriodError| StoreError::Internal(e.to_string()))?;
    Ok((tz, p))
}

/// Workspaces whose stored period is behind the period containing `now`.
pub fn due(conn: &Connection, now: Timestamp) -> Result<Vec<Due>, StoreError> {
    let mut out = Vec::new();
    for ws in ledger::workspaces(conn)? {
        let (tz, period) = ws_period(&ws)?;
        let current = Period::containing(now, &tz);
        if current > period {
            out.push(Due {
                workspace: ws.name.clone(),
                period: ws.period.clone(),
                current_period: current.to_string(),
                due_since: fmt_instant(period.end(&tz)),
            });
        }
    }
    Ok(out)
}

/// The earliest instant at which some workspace's period ends.
pub fn next_boundary(conn: &Connection) -> Result<Option<Timestamp>, StoreError> {
    let mut next: Option<Timestamp> = None;
    for ws in ledger::workspaces(conn)? {
        let (tz, period) = ws_period(&ws)?;
        let end = period.end(&tz);
        next = Some(next.map_or(end, |n| n.min(end)));
    }
    Ok(next)
}

/// Rolls workspace `name` over to the period containing `now`, if it is behind. Missed months do
/// not stack: one rollover lands on the current period. Returns `None` when nothing was due.
pub fn apply(
    conn: &Connection,
    name: &str,
    catalogue: &PlanCatalogue,
    now: Timestamp,
) -> Result<Option<RolloverReport>, StoreError> {
    let ws = ledger::workspace(conn, Some(name))?;
    let (tz, from) = ws_period(&ws)?;
    let to = Period::containing(now, &tz);
    if to <= from {
        return Ok(None);
    }
    let inserted = conn.execute(
        "INSERT INTO rollovers (workspace_id, period, from_period, applied_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![ws.id, to.to_string(), ws.period, fmt_time(now)],
    )?;
    if inserted == 0 {
        return Ok(None);
    }
    let plan = ws.pending_plan.clone().unwrap_or_else(|| ws.plan.clone());
    let allowance = catalogue
        .get(&plan)
        .ok_or_else(|| StoreError::Internal(format!("workspace '{name}' is on unknown plan '{plan}'")))?
        .included
        .millis();
    let to_s = to.to_string();
    let seats: Vec<(i64, String, i64)> = conn
        .prepare("SELECT id, name, included_millis FROM seats WHERE workspace_id = ?1 AND active = 1 ORDER BY id")?
        .query_map([ws.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut chain = Chain::load(conn, &ws, now)?;
    let mut expired = 0i64;
    let expire_ref = format!("rollover:{}", ws.period);
    let grant_ref = format!("rollover:{to_s}");
    let expire_memo = format!("unused included credits of {} expired", ws.period);
    let grant_memo = format!("included allowance for {to_s} ({plan} plan)");
    for (id, seat, included) in &seats {
        if *included > 0 {
            expired += included;
            chain.push(conn, *id, seat, EntryKind::Expire, -included, 0, &ws.period, &expire_ref, &expire_memo)?;
        }
        if allowance > 0 {
            chain.push(conn, *id, seat, EntryKind::Grant, allowance, allowance, &to_s, &grant_ref, &grant_memo)?;
        }
    }
    chain.finish(conn)?;
    // Set-based: one statement resets every seat's cached balance.
    conn.execute(
        "UPDATE seats SET included_millis = ?1, allowance_millis = ?1 WHERE workspace_id = ?2 AND active = 1",
        params![allowance, ws.id],
    )?;
    conn.execute(
        "UPDATE workspaces SET period = ?1, plan = ?2, pending_plan = NULL WHERE id = ?3",
        params![to_s, plan, ws.id],
    )?;
    Ok(Some(RolloverReport {
        workspace: ws.name,
        from_period: from.to_string(),
        to_period: to_s,
        plan,
        seats: seats.len() as i64,
        expired: Credits::from_millis(expired),
        granted: Credits::from_millis(allowance * seats.len() as i64),
    }))
}

/// Appends many entries to one workspace's chain with the head and next id kept in memory.
struct Chain {
    ws_id: i64,
    ws_name: String,
    head: String,
    next_id: i64,
    time: String,
}

impl Chain {
    fn load(conn: &Connection, ws: &WsRow, now: Timestamp) -> Result<Chain, StoreError> {
        let head: String = conn.query_row("SELECT chain_head FROM workspaces WHERE id = ?1", [ws.id], |r| r.get(0))?;
        let next_id: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM journal", [], |r| r.get(0))?;
        Ok(Chain { ws_id: ws.id, ws_name: ws.name.clone(), head, next_id, time: fmt_time(now) })
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        conn: &Connection,
        seat_id: i64,
        seat: &str,
        kind: EntryKind,
        amount: i64,
        balance_after: i64,
        period: &str,
        reference: &str,
        memo: &str,
    ) -> Result<(), StoreError> {
        let id = self.next_id;
        let hash = entry_hash(
            &self.head,
            &ChainFields {
                id,
                workspace: &self.ws_name,
                seat: Some(seat),
                pool: Pool::Included.as_str(),
                kind: kind.as_str(),
                amount_millis: amount,
                balance_after_millis: balance_after,
                period,
                reference: Some(reference),
                memo: Some(memo),
                time: &self.time,
            },
        );
        conn.prepare_cached(
            "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, period, ref, memo, time, hash)
             VALUES (?1, ?2, ?3, 'included', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![id, self.ws_id, seat_id, kind.as_str(), amount, balance_after, period, reference, memo, self.time, hash])?;
        self.head = hash;
        self.next_id += 1;
        Ok(())
    }

    fn finish(self, conn: &Connection) -> Result<(), StoreError> {
        conn.execute("UPDATE workspaces SET chain_head = ?1 WHERE id = ?2", params![self.head, self.ws_id])?;
        Ok(())
    }
}
