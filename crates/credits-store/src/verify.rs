//! Verification: reads every workspace's seats and journal rows and feeds them to the shared
//! walk ([`JournalCheck`]), which recomputes every cached balance and re-walks the hash chain.
//! A healthy ledger reports no problems, ever.

use credits_ledger::verify::{EntryRow, JournalCheck};
use rusqlite::Connection;

use crate::error::StoreError;
use crate::ledger;

pub use credits_core::records::VerifyReport;

/// Checks balances against the journal and the hash chain of every workspace.
pub fn verify(conn: &Connection) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();
    for ws in ledger::workspaces(conn)? {
        let mut check = JournalCheck::new(&mut report, &ws.name);
        let mut stmt = conn.prepare("SELECT id, name, included_millis FROM seats WHERE workspace_id = ?1")?;
        for row in
            stmt.query_map([ws.id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?
        {
            let (id, name, included) = row?;
            check.seat(&mut report, id, name, included);
        }
        let mut stmt = conn.prepare(
            "SELECT id, seat_id, pool, kind, amount_millis, balance_after_millis, period, ref, memo, time, hash, actor
             FROM journal WHERE workspace_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([ws.id])?;
        while let Some(r) = rows.next()? {
            let pool: String = r.get(2)?;
            let kind: String = r.get(3)?;
            let period: String = r.get(6)?;
            let reference: Option<String> = r.get(7)?;
            let memo: Option<String> = r.get(8)?;
            let time: String = r.get(9)?;
            let hash: String = r.get(10)?;
            let actor: Option<String> = r.get(11)?;
            let entry = EntryRow {
                id: r.get(0)?,
                seat_id: r.get(1)?,
                pool: &pool,
                kind: &kind,
                amount: r.get(4)?,
                balance_after: r.get(5)?,
                period: &period,
                reference: reference.as_deref(),
                memo: memo.as_deref(),
                time: &time,
                hash: &hash,
                actor: actor.as_deref(),
            };
            check.entry(&mut report, &entry);
        }
        let head: String = conn.query_row("SELECT chain_head FROM workspaces WHERE id = ?1", [ws.id], |r| r.get(0))?;
        let journal_topup: i64 = conn.query_row(
            "SELECT COALESCE(SUM(amount_millis), 0) FROM journal WHERE workspace_id = ?1 AND pool = 'topup'",
            [ws.id],
            |r| r.get(0),
        )?;
        check.finish(&mut report, &head, ws.topup, journal_topup);
    }
    Ok(report)
}
