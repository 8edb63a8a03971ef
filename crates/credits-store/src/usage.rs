//! Per-period usage of a workspace, summed from the journal (the `usage` and `advise` reports);
//! the sums are worded as months by the shared [`UsageTally`].

use credits_ledger::usage::UsageTally;
use rusqlite::Connection;

use crate::error::StoreError;

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
