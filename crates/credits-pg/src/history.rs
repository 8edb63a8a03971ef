//! Journal queries: history with filters, newest first.

use credits_core::records::Entry;
use credits_core::remedy::Remedy;
use credits_core::time::fmt_time;
use credits_core::{Credits, EntryKind, Pool};
use credits_ledger::history::HistoryQuery;
use credits_ledger::{Missing, StoreError};
use tokio_postgres::types::ToSql;

use crate::db::{Tx, WsRow, all, one};

type Arg = Box<dyn ToSql + Sync + Send>;

/// Journal entries of `ws` matching `q`, newest first; `before` and `limit` page by id.
pub async fn history(tx: &Tx<'_>, ws: &WsRow, q: &HistoryQuery) -> Result<Vec<Entry>, StoreError> {
    let mut sql = String::from(
        "SELECT j.id, j.time, s.name, j.pool, j.kind, j.amount_millis, j.balance_after_millis, j.period, j.ref,
                j.memo, j.actor
         FROM journal j LEFT JOIN seats s ON s.id = j.seat_id WHERE j.workspace_id = $1",
    );
    let mut args = filters(&mut sql, ws, q);
    sql.push_str(" ORDER BY j.id DESC");
    if let Some(limit) = q.limit {
        args.push(Box::new(i64::from(limit)));
        sql.push_str(&format!(" LIMIT ${}", args.len()));
    }
    let refs: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a.as_ref() as &(dyn ToSql + Sync)).collect();
    let rows = all(tx, &sql, &refs).await?;
    Ok(rows
        .iter()
        .map(|r| Entry {
            id: r.get(0),
            time: r.get(1),
            workspace: ws.name.clone(),
            seat: r.get(2),
            pool: r.get::<_, String>(3).parse().unwrap_or(Pool::Topup),
            kind: r.get::<_, String>(4).parse().unwrap_or(EntryKind::Adjust),
            amount: Credits::from_millis(r.get(5)),
            balance_after: Credits::from_millis(r.get(6)),
            period: r.get(7),
            reference: r.get(8),
            memo: r.get(9),
            actor: r.get::<_, Option<String>>(10).and_then(|a| a.parse().ok()),
        })
        .collect())
}

/// How many entries of `ws` match `q`'s filters (`before` and `limit` ignored).
pub async fn history_count(tx: &Tx<'_>, ws: &WsRow, q: &HistoryQuery) -> Result<u64, StoreError> {
    let mut sql =
        String::from("SELECT COUNT(*) FROM journal j LEFT JOIN seats s ON s.id = j.seat_id WHERE j.workspace_id = $1");
    let whole = HistoryQuery { before: None, limit: None, ..q.clone() };
    let args = filters(&mut sql, ws, &whole);
    let refs: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a.as_ref() as &(dyn ToSql + Sync)).collect();
    let n: i64 = one(tx, &sql, &refs).await?.get(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Appends `q`'s conditions to `sql` and returns every bound value, the workspace's first.
fn filters(sql: &mut String, ws: &WsRow, q: &HistoryQuery) -> Vec<Arg> {
    let mut args: Vec<Arg> = vec![Box::new(ws.id)];
    let mut push = |sql: &mut String, cond: &str, arg: Arg| {
        args.push(arg);
        sql.push_str(&format!(" AND {cond} ${}", args.len()));
    };
    if let Some(since) = q.since {
        push(sql, "j.time >=", Box::new(fmt_time(since)));
    }
    if let Some(until) = q.until {
        push(sql, "j.time <", Box::new(fmt_time(until)));
    }
    if let Some(seat) = &q.seat {
        push(sql, "s.name =", Box::new(seat.clone()));
    }
    if let Some(kind) = q.kind {
        push(sql, "j.kind =", Box::new(kind.as_str().to_owned()));
    }
    if let Some(before) = q.before {
        push(sql, "j.id <", Box::new(before));
    }
    args
}

/// Fails with `NotFound` unless `ws` has or had a seat named `name`.
pub async fn require_seat(tx: &Tx<'_>, ws: &WsRow, name: &str) -> Result<(), StoreError> {
    let known: bool =
        one(tx, "SELECT EXISTS (SELECT 1 FROM seats WHERE workspace_id = $1 AND name = $2)", &[&ws.id, &name])
            .await?
            .get(0);
    if known {
        Ok(())
    } else {
        Err(StoreError::NotFound(Missing::new(
            format!("seat '{name}' not found in workspace '{}'", ws.name),
            Remedy::ListSeats,
        )))
    }
}
