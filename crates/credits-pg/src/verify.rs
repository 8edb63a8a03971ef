//! Verification: recompute every cached balance from the journal and re-walk each workspace's
//! hash chain with credits-core's hash, as the SQLite backend does.

use std::collections::HashMap;

use credits_core::chain::{ChainFields, GENESIS, entry_hash};
use credits_core::records::VerifyReport;
use credits_core::{EntryKind, Pool};
use credits_ledger::StoreError;

use crate::db::{self, Tx, all, one};

/// Checks balances against the journal and the hash chain of every workspace (in one snapshot:
/// the caller's transaction is REPEATABLE READ).
pub async fn verify(tx: &Tx<'_>) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();
    for ws in db::workspaces(tx).await? {
        report.workspaces += 1;
        let mut seat_names: HashMap<i64, String> = HashMap::new();
        let mut seat_cached: HashMap<i64, i64> = HashMap::new();
        for r in all(tx, "SELECT id, name, included_millis FROM seats WHERE workspace_id = $1", &[&ws.id]).await? {
            report.seats += 1;
            seat_names.insert(r.get(0), r.get(1));
            seat_cached.insert(r.get(0), r.get(2));
        }
        let mut running_seat: HashMap<i64, i64> = HashMap::new();
        let mut running_topup = 0i64;
        let mut prev = GENESIS.to_owned();
        let rows = all(
            tx,
            "SELECT id, seat_id, pool, kind, amount_millis, balance_after_millis, period, ref, memo, time, hash, actor
             FROM journal WHERE workspace_id = $1 ORDER BY id",
            &[&ws.id],
        )
        .await?;
        for r in &rows {
            report.entries += 1;
            let id: i64 = r.get(0);
            let seat_id: Option<i64> = r.get(1);
            let pool: String = r.get(2);
            let kind: String = r.get(3);
            let amount: i64 = r.get(4);
            let after: i64 = r.get(5);
            let period: String = r.get(6);
            let reference: Option<String> = r.get(7);
            let memo: Option<String> = r.get(8);
            let time: String = r.get(9);
            let hash: String = r.get(10);
            let actor: Option<String> = r.get(11);
            // A pool or kind the appender cannot write was not written by it: that entry breaks
            // the chain like any other edit.
            let linked = match (pool.parse::<Pool>(), kind.parse::<EntryKind>()) {
                (Ok(pool), Ok(kind)) => {
                    let fields = ChainFields {
                        id,
                        workspace: &ws.name,
                        seat: seat_id.and_then(|s| seat_names.get(&s)).map(String::as_str),
                        pool: pool.as_str(),
                        kind: kind.as_str(),
                        amount_millis: amount,
                        balance_after_millis: after,
                        period: &period,
                        reference: reference.as_deref(),
                        memo: memo.as_deref(),
                        time: &time,
                        actor: actor.as_deref(),
                    };
                    entry_hash(&prev, &fields) == hash
                }
                _ => false,
            };
            if !linked {
                report.problems.push(format!(
                    "workspace '{}': journal entry {id} does not match its hash chain (edited, inserted, or an earlier entry deleted)",
                    ws.name
                ));
            }
            prev = hash;
            let running = if pool == "included" {
                match seat_id {
                    Some(s) => running_seat.entry(s).or_insert(0),
                    None => {
                        report.problems.push(format!("workspace '{}': included entry {id} has no seat", ws.name));
                        continue;
                    }
                }
            } else {
                &mut running_topup
            };
            *running += amount;
            if *running != after {
                report.problems.push(format!(
                    "workspace '{}': entry {id} says balance {after} millicredits after, the journal sums to {}",
                    ws.name, *running
                ));
                *running = after;
            }
        }
        if ws.chain_head != prev {
            report.problems.push(format!(
                "workspace '{}': the last journal entry is not the recorded chain head (entries deleted?)",
                ws.name
            ));
        }
        let journal_topup: i64 = one(
            tx,
            "SELECT COALESCE(SUM(amount_millis), 0)::BIGINT FROM journal WHERE workspace_id = $1 AND pool = 'topup'",
            &[&ws.id],
        )
        .await?
        .get(0);
        if journal_topup != ws.topup {
            report.problems.push(format!(
                "workspace '{}': cached top-up balance {} millicredits, the journal sums to {journal_topup}",
                ws.name, ws.topup
            ));
        }
        for (id, cached) in &seat_cached {
            let sum = running_seat.get(id).copied().unwrap_or(0);
            if sum != *cached {
                report.problems.push(format!(
                    "workspace '{}': seat '{}' cached included balance {cached} millicredits, the journal sums to {sum}",
                    ws.name, seat_names[id]
                ));
            }
        }
    }
    Ok(report)
}
