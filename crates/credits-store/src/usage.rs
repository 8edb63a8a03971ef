//! Per-period usage of a workspace, summed from the journal (the `usage` and `advise` reports).

use std::collections::BTreeMap;

use credits_core::Credits;
use rusqlite::Connection;

use crate::error::StoreError;

pub use credits_core::records::MonthUsage;

/// Usage kinds: a debit, and the two-phase hold / settle / release, whose amounts net out to what
/// was consumed.
const USAGE_KINDS: [&str; 4] = ["debit", "hold", "settle", "release"];

/// Per-period usage of workspace `ws_id`, newest first, at most `months` periods.
pub fn months(conn: &Connection, ws_id: i64, months: u32) -> Result<Vec<MonthUsage>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT period, pool, kind, SUM(amount_millis) FROM journal WHERE workspace_id = ?1 GROUP BY period, pool, kind",
    )?;
    let mut by: BTreeMap<String, [i64; 5]> = BTreeMap::new();
    let rows = stmt.query_map([ws_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
    })?;
    for row in rows {
        let (period, pool, kind, sum) = row?;
        let m = by.entry(period).or_default();
        match kind.as_str() {
            k if USAGE_KINDS.contains(&k) && pool == "included" => m[0] -= sum,
            k if USAGE_KINDS.contains(&k) => m[1] -= sum,
            "grant" => m[2] += sum,
            "expire" => m[3] -= sum,
            "purchase" => m[4] += sum,
            _ => {}
        }
    }
    let c = Credits::from_millis;
    Ok(by
        .into_iter()
        .rev()
        .take(months as usize)
        .map(|(period, m)| MonthUsage {
            period,
            included_used: c(m[0]),
            topup_used: c(m[1]),
            used: c(m[0].saturating_add(m[1])),
            granted: c(m[2]),
            expired: c(m[3]),
            purchased: c(m[4]),
        })
        .collect())
}
