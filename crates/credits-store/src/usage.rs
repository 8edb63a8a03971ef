//! Per-period usage of a workspace, summed from the journal (the `usage` and `advise` reports);
//! the sums are worded as months by the shared [`UsageTally`].

use std::collections::HashMap;

use credits_core::Credits;
use credits_ledger::usage::{Consumption, SeatConsumption, USAGE_KINDS_SQL, UsageTally, Window, consumed};
use rusqlite::{Connection, params};

use crate::error::StoreError;
use crate::ledger::{self, WsRow};
use crate::workspace;

pub use credits_core::records::MonthUsage;

/// Per-period usage of workspace `ws_id`, newest first, at most `months` periods.
pub fn months(conn: &Connection, ws_id: i64, months: u32) -> Result<Vec<MonthUsage>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT period, pool, kind, SUM(amount_millis) FROM journal WHERE workspace_id = ?1 GROUP BY period, pool, kind",
    )?;
    let mut tally = UsageTally::default();
    let rows = stmt.query_map([ws_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
    })?;
    for row in rows {
        let (period, pool, kind, sum) = row?;
        tally.add(period, &pool, &kind, sum);
    }
    Ok(tally.newest(months))
}

/// Every active seat of `ws` with its balance and what it consumed in each window. Journal times
/// are fixed-width text, so the window is compared as text; the scan runs over the workspace's
/// entries (`journal_by_workspace`), as the monthly report beside it does.
pub fn consumption(conn: &Connection, ws: &WsRow, windows: &[Window]) -> Result<Consumption, StoreError> {
    let info = workspace::info(conn, ws)?;
    let seats = ledger::seats(conn, ws)?;
    let index: HashMap<i64, usize> = seats.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut used = vec![vec![Credits::ZERO; windows.len()]; seats.len()];
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT seat_id, SUM(amount_millis) FROM journal
         WHERE workspace_id = ?1 AND seat_id IS NOT NULL AND kind IN {USAGE_KINDS_SQL} AND time >= ?2 AND time < ?3
         GROUP BY seat_id"
    ))?;
    for (w, window) in windows.iter().enumerate() {
        let (from, to) = window.as_text();
        let rows = stmt.query_map(params![ws.id, from, to], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (seat, sum) = row?;
            // Removed seats' entries have no active seat to count for.
            if let Some(&i) = index.get(&seat) {
                used[i][w] = consumed(sum);
            }
        }
    }
    let mut out = Vec::with_capacity(seats.len());
    for (seat, used) in seats.iter().zip(used) {
        out.push(SeatConsumption { balance: ledger::balance(ws, seat)?, used });
    }
    Ok(Consumption { info, topup: Credits::from_millis(ws.topup), seats: out })
}
