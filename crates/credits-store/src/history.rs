//! Journal queries: history with filters, newest first.

use credits_core::records::Entry;
use credits_core::time::fmt_time;
use credits_core::{Credits, EntryKind, Pool};
use rusqlite::{Connection, params_from_iter, types::Value};

use crate::error::{Missing, StoreError};
use crate::ledger::WsRow;

use credits_core::remedy::Remedy;
pub use credits_ledger::history::HistoryQuery;

/// Journal entries of `ws` matching `q`, newest first. With `before` and `limit` a page costs
/// the same wherever it starts (the `(workspace_id, id)` index walks straight to it).
pub fn history(conn: &Connection, ws: &WsRow, q: &HistoryQuery) -> Result<Vec<Entry>, StoreError> {
    let mut sql = String::from(
        "SELECT j.id, j.time, s.name, j.pool, j.kind, j.amount_millis, j.balance_after_millis, j.period, j.ref, j.memo, j.actor
         FROM journal j LEFT JOIN seats s ON s.id = j.seat_id WHERE j.workspace_id = ?",
    );
    let mut args = filters(&mut sql, ws, q);
    sql.push_str(" ORDER BY j.id DESC");
    if let Some(limit) = q.limit {
        sql.push_str(" LIMIT ?");
        args.push(Value::Integer(i64::from(limit)));
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        let pool: String = r.get(3)?;
        let kind: String = r.get(4)?;
        Ok(Entry {
            id: r.get(0)?,
            time: r.get(1)?,
            workspace: ws.name.clone(),
            seat: r.get(2)?,
            pool: pool.parse().unwrap_or(Pool::Topup),
            kind: kind.parse().unwrap_or(EntryKind::Adjust),
            amount: Credits::from_millis(r.get(5)?),
            balance_after: Credits::from_millis(r.get(6)?),
            period: r.get(7)?,
            reference: r.get(8)?,
            memo: r.get(9)?,
            actor: r.get::<_, Option<String>>(10)?.and_then(|a| a.parse().ok()),
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// How many entries of `ws` match `q`'s filters (`before` and `limit` ignored): the "50 of 84"
/// a person sees under a cut-short history. One indexed count, asked only when more exist.
pub fn history_count(conn: &Connection, ws: &WsRow, q: &HistoryQuery) -> Result<u64, StoreError> {
    let mut sql =
        String::from("SELECT COUNT(*) FROM journal j LEFT JOIN seats s ON s.id = j.seat_id WHERE j.workspace_id = ?");
    let all = HistoryQuery { before: None, limit: None, ..q.clone() };
    let args = filters(&mut sql, ws, &all);
    let n: i64 = conn.prepare_cached(&sql)?.query_row(params_from_iter(args), |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Appends `q`'s conditions to `sql` and returns every bound value, the workspace's first.
fn filters(sql: &mut String, ws: &WsRow, q: &HistoryQuery) -> Vec<Value> {
    let mut args: Vec<Value> = vec![Value::Integer(ws.id)];
    if let Some(since) = &q.since {
        sql.push_str(" AND j.time >= ?");
        args.push(Value::Text(fmt_time(*since)));
    }
    if let Some(until) = &q.until {
        sql.push_str(" AND j.time < ?");
        args.push(Value::Text(fmt_time(*until)));
    }
    if let Some(seat) = &q.seat {
        sql.push_str(" AND s.name = ?");
        args.push(Value::Text(seat.clone()));
    }
    if let Some(kind) = q.kind {
        sql.push_str(" AND j.kind = ?");
        args.push(Value::Text(kind.as_str().into()));
    }
    if let Some(before) = q.before {
        sql.push_str(" AND j.id < ?");
        args.push(Value::Integer(before));
    }
    args
}

/// Fails with `NotFound` unless `ws` has or had a seat named `name` (removed seats keep their
/// history).
pub fn require_seat(conn: &Connection, ws: &WsRow, name: &str) -> Result<(), StoreError> {
    let known: bool = conn.query_row(
        "SELECT COUNT(*) > 0 FROM seats WHERE workspace_id = ?1 AND name = ?2",
        rusqlite::params![ws.id, name],
        |r| r.get(0),
    )?;
    if known {
        Ok(())
    } else {
        Err(StoreError::NotFound(Missing::new(
            format!("seat '{name}' not found in workspace '{}'", ws.name),
            Remedy::ListSeats,
        )))
    }
}
