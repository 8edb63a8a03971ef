//! Verification: reads every workspace's seats and journal rows and feeds them to the shared
//! walk ([`JournalCheck`]), the same one the SQLite backend feeds, which recomputes every cached
//! balance and re-walks the hash chain with credits-core's hash.

use credits_core::records::VerifyReport;
use credits_ledger::StoreError;
use credits_ledger::verify::{EntryRow, JournalCheck};

use crate::db::{self, Tx, all, one};

/// Checks balances against the journal and the hash chain of every workspace (in one snapshot:
/// the caller's transaction is REPEATABLE READ).
pub async fn verify(tx: &Tx<'_>) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();
    for ws in db::workspaces(tx).await? {
        let mut check = JournalCheck::new(&mut report, &ws.name);
        for r in all(tx, "SELECT id, name, included_millis FROM seats WHERE workspace_id = $1", &[&ws.id]).await? {
            check.seat(&mut report, r.get(0), r.get(1), r.get(2));
        }
        let rows = all(
            tx,
            "SELECT id, seat_id, pool, kind, amount_millis, balance_after_millis, period, ref, memo, time, hash, actor
             FROM journal WHERE workspace_id = $1 ORDER BY id",
            &[&ws.id],
        )
        .await?;
        for r in &rows {
            let entry = EntryRow {
                id: r.get(0),
                seat_id: r.get(1),
                pool: r.get(2),
                kind: r.get(3),
                amount: r.get(4),
                balance_after: r.get(5),
                period: r.get(6),
                reference: r.get(7),
                memo: r.get(8),
                time: r.get(9),
                hash: r.get(10),
                actor: r.get(11),
            };
            check.entry(&mut report, &entry);
        }
        let journal_topup: i64 = one(
            tx,
            "SELECT COALESCE(SUM(amount_millis), 0)::BIGINT FROM journal WHERE workspace_id = $1 AND pool = 'topup'",
            &[&ws.id],
        )
        .await?
        .get(0);
        check.finish(&mut report, &ws.chain_head, ws.topup, journal_topup);
    }
    Ok(report)
}
