//! What `verify` found, and the backend-neutral walk that finds it: a backend reads one
//! workspace's seats and journal rows and feeds them to a [`JournalCheck`], which re-links the
//! hash chain, re-sums every running balance and words the problems, the same for every backend.

use std::collections::HashMap;

use credits_core::chain::{ChainFields, GENESIS, entry_hash};
use credits_core::{EntryKind, Pool};

pub use credits_core::records::VerifyReport;

/// One stored journal row as read back, its columns untrusted (pool and kind as stored text).
#[derive(Debug, Clone, Copy)]
pub struct EntryRow<'a> {
    pub id: i64,
    pub seat_id: Option<i64>,
    pub pool: &'a str,
    pub kind: &'a str,
    pub amount: i64,
    pub balance_after: i64,
    pub period: &'a str,
    pub reference: Option<&'a str>,
    pub memo: Option<&'a str>,
    pub time: &'a str,
    pub hash: &'a str,
    pub actor: Option<&'a str>,
}

/// One workspace's verification in progress: its seats first ([`JournalCheck::seat`]), then
/// its journal rows in id order ([`JournalCheck::entry`]), then [`JournalCheck::finish`].
#[derive(Debug)]
pub struct JournalCheck<'w> {
    workspace: &'w str,
    seat_names: HashMap<i64, String>,
    seat_cached: HashMap<i64, i64>,
    running_seat: HashMap<i64, i64>,
    running_topup: i64,
    prev: String,
}

impl<'w> JournalCheck<'w> {
    /// Starts a workspace's walk at the chain's genesis; counts the workspace in `report`.
    pub fn new(report: &mut VerifyReport, workspace: &'w str) -> Self {
        report.workspaces += 1;
        Self {
            workspace,
            seat_names: HashMap::new(),
            seat_cached: HashMap::new(),
            running_seat: HashMap::new(),
            running_topup: 0,
            prev: GENESIS.to_owned(),
        }
    }

    /// A seat of the workspace with its cached included balance (before any entry is fed).
    pub fn seat(&mut self, report: &mut VerifyReport, id: i64, name: String, cached_included: i64) {
        report.seats += 1;
        self.seat_names.insert(id, name);
        self.seat_cached.insert(id, cached_included);
    }

    /// The next journal entry, in id order: its hash link and the running balance of its pool.
    pub fn entry(&mut self, report: &mut VerifyReport, row: &EntryRow<'_>) {
        report.entries += 1;
        let ws = self.workspace;
        let id = row.id;
        // The appender's field mapping (`ChainFields` from the parsed pool and kind), so verify
        // hashes exactly what was written. A pool or kind the appender cannot write was not
        // written by it: that entry breaks the chain like any other edit.
        let linked = match (row.pool.parse::<Pool>(), row.kind.parse::<EntryKind>()) {
            (Ok(pool), Ok(kind)) => {
                let fields = ChainFields {
                    id,
                    workspace: ws,
                    seat: row.seat_id.and_then(|s| self.seat_names.get(&s)).map(String::as_str),
                    pool: pool.as_str(),
                    kind: kind.as_str(),
                    amount_millis: row.amount,
                    balance_after_millis: row.balance_after,
                    period: row.period,
                    reference: row.reference,
                    memo: row.memo,
                    time: row.time,
                    actor: row.actor,
                };
                entry_hash(&self.prev, &fields) == row.hash
            }
            _ => false,
        };
        if !linked {
            report.problems.push(format!(
                "workspace '{ws}': journal entry {id} does not match its hash chain (edited, inserted, or an earlier entry deleted)"
            ));
        }
        row.hash.clone_into(&mut self.prev);
        let running = if row.pool == "included" {
            match row.seat_id {
                Some(s) => self.running_seat.entry(s).or_insert(0),
                None => {
                    report.problems.push(format!("workspace '{ws}': included entry {id} has no seat"));
                    return;
                }
            }
        } else {
            &mut self.running_topup
        };
        *running += row.amount;
        if *running != row.balance_after {
            report.problems.push(format!(
                "workspace '{ws}': entry {id} says balance {} millicredits after, the journal sums to {}",
                row.balance_after, *running
            ));
            // Later entries are judged against what this one claims, so one bad entry is one
            // problem, not one per entry after it.
            *running = row.balance_after;
        }
    }

    /// Ends the walk: the last hash against the recorded chain head, the cached top-up balance
    /// against the journal's top-up sum, each seat's cached included balance against its entries.
    pub fn finish(self, report: &mut VerifyReport, chain_head: &str, cached_topup: i64, journal_topup: i64) {
        let ws = self.workspace;
        if chain_head != self.prev {
            report.problems.push(format!(
                "workspace '{ws}': the last journal entry is not the recorded chain head (entries deleted?)"
            ));
        }
        if journal_topup != cached_topup {
            report.problems.push(format!(
                "workspace '{ws}': cached top-up balance {cached_topup} millicredits, the journal sums to {journal_topup}"
            ));
        }
        for (id, cached) in &self.seat_cached {
            let sum = self.running_seat.get(id).copied().unwrap_or(0);
            if sum != *cached {
                report.problems.push(format!(
                    "workspace '{ws}': seat '{}' cached included balance {cached} millicredits, the journal sums to {sum}",
                    self.seat_names[id]
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored row of workspace "acme" hashed after `prev` as the appender would.
    fn linked(prev: &str, id: i64, pool: &'static str, amount: i64, after: i64) -> String {
        let fields = ChainFields {
            id,
            workspace: "acme",
            seat: (pool == "included").then_some("ana"),
            pool,
            kind: if pool == "included" { "grant" } else { "purchase" },
            amount_millis: amount,
            balance_after_millis: after,
            period: "2026-11",
            reference: None,
            memo: None,
            time: "2026-11-30T00:00:00Z",
            actor: Some("admin"),
        };
        entry_hash(prev, &fields)
    }

    fn row<'a>(id: i64, pool: &'a str, hash: &'a str, amount: i64, after: i64) -> EntryRow<'a> {
        EntryRow {
            id,
            seat_id: (pool == "included").then_some(7),
            pool,
            kind: if pool == "included" { "grant" } else { "purchase" },
            amount,
            balance_after: after,
            period: "2026-11",
            reference: None,
            memo: None,
            time: "2026-11-30T00:00:00Z",
            hash,
            actor: Some("admin"),
        }
    }

    /// Walks two entries (a grant of 5000 to seat ana, a purchase of 9000) with the given stored
    /// amounts and cached balances.
    fn walk(grant_stored: i64, seat_cached: i64, topup_cached: i64) -> VerifyReport {
        let h1 = linked(GENESIS, 1, "included", 5000, 5000);
        let h2 = linked(&h1, 2, "topup", 9000, 9000);
        let mut report = VerifyReport::default();
        let mut check = JournalCheck::new(&mut report, "acme");
        check.seat(&mut report, 7, "ana".to_owned(), seat_cached);
        check.entry(&mut report, &row(1, "included", &h1, grant_stored, 5000));
        check.entry(&mut report, &row(2, "topup", &h2, 9000, 9000));
        check.finish(&mut report, &h2, topup_cached, 9000);
        report
    }

    #[test]
    fn a_clean_journal_has_no_problems_and_is_counted() {
        let report = walk(5000, 5000, 9000);
        assert_eq!(report.problems, Vec::<String>::new());
        assert_eq!((report.workspaces, report.seats, report.entries), (1, 1, 2));
    }

    #[test]
    fn an_edited_amount_breaks_the_link_and_the_sums() {
        let report = walk(7000, 5000, 8000);
        assert_eq!(
            report.problems,
            [
                "workspace 'acme': journal entry 1 does not match its hash chain (edited, inserted, or an earlier entry deleted)",
                "workspace 'acme': entry 1 says balance 5000 millicredits after, the journal sums to 7000",
                "workspace 'acme': cached top-up balance 8000 millicredits, the journal sums to 9000",
            ]
        );
    }
}
