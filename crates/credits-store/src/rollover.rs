//! The monthly reset: for every seat, expire the old period's included credits and grant the
//! plan's allowance for the new one; top-up balances are untouched.
//!
//! Exactly once per (workspace, period), by the database rather than by the caller: the
//! `rollovers` row is inserted in the same transaction as the entries, its primary key admits each
//! period once, and migration 0002 lets a workspace's period move only forward, only from its
//! current period, and only through such a row. A crash mid-rollover rolls the whole transaction
//! back; a second daemon, a restart or a clock that moved backwards finds nothing to do.

use credits_core::chain::{ChainFields, entry_hash};
use credits_core::period::zone;
use credits_core::time::{fmt_instant, fmt_time};
use credits_core::{Credits, EntryKind, Period, PlanCatalogue, Pool};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::{Connection, ToSql, params};

use crate::error::StoreError;
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
/// Runs as a few set-based statements plus batched journal inserts, so that 100,000 seats take
/// about a second; the caller provides the transaction (the writer's).
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
    };
    let mut chain = Chain::load(conn, &ws, now, &texts)?;
    let mut expired = 0i64;
    for (id, seat, included) in &seats {
        if *included > 0 {
            expired = expired.saturating_add(*included);
            chain.push(conn, *id, seat, EntryKind::Expire, -included, 0)?;
        }
        if allowance > 0 {
            chain.push(conn, *id, seat, EntryKind::Grant, allowance, allowance)?;
        }
    }
    chain.finish(conn)?;
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
}

/// One journal row waiting in a batch.
struct Pending {
    id: i64,
    seat_id: i64,
    kind: &'static str,
    amount: i64,
    after: i64,
    hash: String,
}

/// Journal rows per multi-row INSERT: fewer statements, well under SQLite's parameter limit.
const BATCH: usize = 256;
/// Parameters shared by every row (`?1` workspace, `?2` time, `?3`–`?8` periods and texts).
const SHARED: usize = 8;
/// Parameters bound per row.
const PER_ROW: usize = 6;

/// Appends a rollover's entries to one workspace's chain: the head and next id stay in memory
/// and rows are written in batches.
struct Chain<'t> {
    ws_id: i64,
    ws_name: String,
    head: String,
    next_id: i64,
    time: String,
    texts: &'t Texts,
    pending: Vec<Pending>,
}

impl<'t> Chain<'t> {
    fn load(conn: &Connection, ws: &WsRow, now: Timestamp, texts: &'t Texts) -> Result<Chain<'t>, StoreError> {
        let head: String = conn.query_row("SELECT chain_head FROM workspaces WHERE id = ?1", [ws.id], |r| r.get(0))?;
        let next_id: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM journal", [], |r| r.get(0))?;
        Ok(Chain {
            ws_id: ws.id,
            ws_name: ws.name.clone(),
            head,
            next_id,
            time: fmt_time(now),
            texts,
            pending: Vec::with_capacity(BATCH),
        })
    }

    /// Appends an `expire` (old period) or `grant` (new period) entry for one seat.
    fn push(
        &mut self,
        conn: &Connection,
        seat_id: i64,
        seat: &str,
        kind: EntryKind,
        amount: i64,
        balance_after: i64,
    ) -> Result<(), StoreError> {
        let t = self.texts;
        let (period, reference, memo) = if kind == EntryKind::Grant {
            (&t.new_period, &t.grant_ref, &t.grant_memo)
        } else {
            (&t.old_period, &t.expire_ref, &t.expire_memo)
        };
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
        self.head.clone_from(&hash);
        self.pending.push(Pending { id, seat_id, kind: kind.as_str(), amount, after: balance_after, hash });
        self.next_id += 1;
        if self.pending.len() == BATCH {
            self.flush(conn)?;
        }
        Ok(())
    }

    fn flush(&mut self, conn: &Connection) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let t = self.texts;
        let mut stmt = conn.prepare_cached(&insert_sql(self.pending.len()))?;
        let mut args: Vec<&dyn ToSql> = Vec::with_capacity(SHARED + PER_ROW * self.pending.len());
        args.extend_from_slice(&[
            &self.ws_id as &dyn ToSql,
            &self.time,
            &t.old_period,
            &t.expire_ref,
            &t.expire_memo,
            &t.new_period,
            &t.grant_ref,
            &t.grant_memo,
        ]);
        for p in &self.pending {
            args.extend_from_slice(&[&p.id as &dyn ToSql, &p.seat_id, &p.kind, &p.amount, &p.after, &p.hash]);
        }
        stmt.execute(args.as_slice())?;
        self.pending.clear();
        Ok(())
    }

    /// Writes what is left and records the new chain head.
    fn finish(mut self, conn: &Connection) -> Result<(), StoreError> {
        self.flush(conn)?;
        conn.execute("UPDATE workspaces SET chain_head = ?1 WHERE id = ?2", params![self.head, self.ws_id])?;
        Ok(())
    }
}

/// `INSERT … VALUES (…), (…)` for `rows` rows. Per row the id, seat, kind, amounts and hash are
/// bound; the workspace and time are shared, and the period, reference and memo are the shared
/// ones of the row's kind (expire: `?3`–`?5`, grant: `?6`–`?8`).
fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, \
         period, ref, memo, time, hash) VALUES ",
    );
    for r in 0..rows {
        let b = SHARED + r * PER_ROW;
        if r > 0 {
            sql.push(',');
        }
        let k = b + 3;
        sql.push_str(&format!(
            "(?{},?1,?{},'included',?{k},?{},?{},\
             CASE ?{k} WHEN 'grant' THEN ?6 ELSE ?3 END,\
             CASE ?{k} WHEN 'grant' THEN ?7 ELSE ?4 END,\
             CASE ?{k} WHEN 'grant' THEN ?8 ELSE ?5 END,?2,?{})",
            b + 1,
            b + 2,
            b + 4,
            b + 5,
            b + 6,
        ));
    }
    sql
}

#[cfg(test)]
#[path = "rollover_tests.rs"]
mod tests;
