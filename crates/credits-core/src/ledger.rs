//! Ledger vocabulary and the debit rule: a seat's own included credits first, then the
//! workspace's shared top-up pool, all or nothing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::amount::Credits;

/// Most debits one batch carries (`spend --batch`, `POST /v1/usage/batch`, the ledger's
/// `debit_each`): a batch is one writer transaction, so its size bounds how long other writes
/// wait behind it.
pub const MAX_BATCH: usize = 1000;

/// Which balance an entry moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pool {
    Included,
    Topup,
}

impl Pool {
    pub fn as_str(self) -> &'static str {
        match self {
            Pool::Included => "included",
            Pool::Topup => "topup",
        }
    }
}

impl FromStr for Pool {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "included" => Ok(Pool::Included),
            "topup" => Ok(Pool::Topup),
            _ => Err(format!("unknown pool {s:?}")),
        }
    }
}

impl fmt::Display for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a journal entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// Monthly included allowance.
    Grant,
    /// Unused included credits at a reset or seat removal.
    Expire,
    /// Usage.
    Debit,
    /// Two-phase usage: reserve.
    Hold,
    /// Two-phase usage: consume.
    Settle,
    /// Two-phase usage: give back.
    Release,
    /// Top-up credited from a confirmed Stripe charge.
    Purchase,
    /// Admin correction, with a reason.
    Adjust,
}

impl EntryKind {
    pub const ALL: [EntryKind; 8] = [
        EntryKind::Grant,
        EntryKind::Expire,
        EntryKind::Debit,
        EntryKind::Hold,
        EntryKind::Settle,
        EntryKind::Release,
        EntryKind::Purchase,
        EntryKind::Adjust,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Grant => "grant",
            EntryKind::Expire => "expire",
            EntryKind::Debit => "debit",
            EntryKind::Hold => "hold",
            EntryKind::Settle => "settle",
            EntryKind::Release => "release",
            EntryKind::Purchase => "purchase",
            EntryKind::Adjust => "adjust",
        }
    }
}

impl FromStr for EntryKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        EntryKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown entry kind {s:?}; expected one of grant, expire, debit, hold, settle, release, purchase, adjust"))
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a debit divides between the pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub from_included: Credits,
    pub from_topup: Credits,
}

/// The debit does not fit: the spendable total is below the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("payment required: {amount} credits requested, {spendable} spendable")]
pub struct Insufficient {
    pub amount: Credits,
    pub spendable: Credits,
}

/// Splits `amount` over a seat's `included` and the workspace's `topup` balance: included first,
/// the rest from top-up; nothing if the sum does not cover it. Both balances stay non-negative.
pub fn split_debit(included: Credits, topup: Credits, amount: Credits) -> Result<Split, Insufficient> {
    let spendable = included.checked_add(topup).unwrap_or(Credits::from_millis(i64::MAX));
    if amount.is_negative() || amount > spendable {
        return Err(Insufficient { amount, spendable });
    }
    let from_included = amount.min(included.max(Credits::ZERO));
    let from_topup = Credits::from_millis(amount.millis() - from_included.millis());
    Ok(Split { from_included, from_topup })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(m: i64) -> Credits {
        Credits::from_millis(m)
    }

    #[test]
    fn included_first_then_topup() {
        assert_eq!(split_debit(c(10), c(100), c(4)).unwrap(), Split { from_included: c(4), from_topup: c(0) });
        assert_eq!(split_debit(c(10), c(100), c(25)).unwrap(), Split { from_included: c(10), from_topup: c(15) });
        assert!(split_debit(c(10), c(5), c(16)).is_err());
        assert!(split_debit(c(0), c(0), c(1)).is_err());
    }

    #[derive(Debug, Clone)]
    enum Op {
        Grant(usize, i64),
        TopUp(i64),
        Debit(usize, i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..3usize, 0..5_000i64).prop_map(|(s, a)| Op::Grant(s, a)),
            (0..5_000i64).prop_map(Op::TopUp),
            (0..3usize, 1..8_000i64).prop_map(|(s, a)| Op::Debit(s, a)),
        ]
    }

    proptest! {
        /// No sequence of grants, top-ups and debits makes a balance negative, and the journal
        /// (every signed movement) always sums to the balances.
        #[test]
        fn balances_never_negative_and_match_journal(ops in prop::collection::vec(op(), 0..200)) {
            let mut included = [c(0); 3];
            let mut topup = c(0);
            let mut journal: Vec<(Option<usize>, i64)> = Vec::new();
            for op in ops {
                match op {
                    Op::Grant(s, a) => { included[s] = included[s].checked_add(c(a)).unwrap(); journal.push((Some(s), a)); }
                    Op::TopUp(a) => { topup = topup.checked_add(c(a)).unwrap(); journal.push((None, a)); }
                    Op::Debit(s, a) => {
                        let before = included[s].millis() + topup.millis();
                        match split_debit(included[s], topup, c(a)) {
                            Ok(split) => {
                                included[s] = included[s].checked_sub(split.from_included).unwrap();
                                topup = topup.checked_sub(split.from_topup).unwrap();
                                journal.push((Some(s), -split.from_included.millis()));
                                journal.push((None, -split.from_topup.millis()));
                                prop_assert_eq!(before - a, included[s].millis() + topup.millis());
                            }
                            Err(e) => prop_assert!(e.spendable.millis() < a),
                        }
                    }
                }
                prop_assert!(included.iter().all(|b| !b.is_negative()) && !topup.is_negative());
            }
            for (s, bal) in included.iter().enumerate() {
                let sum: i64 = journal.iter().filter(|(js, _)| *js == Some(s)).map(|(_, a)| a).sum();
                prop_assert_eq!(sum, bal.millis());
            }
            let sum: i64 = journal.iter().filter(|(js, _)| js.is_none()).map(|(_, a)| a).sum();
            prop_assert_eq!(sum, topup.millis());
        }
    }
}
