//! A debit's receipt as its idempotency key stores it, to replay it exactly on a retry.
//!
//! The receipt's own JSON (several hundred bytes, most of it field names, decimal strings and
//! names repeated in every entry and in the balance) cost a keyed debit more than the debit
//! itself: serializing it, then writing it with the key. So a receipt is stored compactly: one
//! JSON array holding what its entries share once (workspace, seat, period, time, reference, memo,
//! actor), each entry's own fields, and the balance's numbers as integer millicredits.
//!
//! A receipt that does not have that shape (entries that differ in a shared field, no entry at
//! all) is stored whole, as its JSON object, and so is every receipt stored before this form
//! existed: [`decode`] reads both, telling them apart by the first character (`[` or `{`). Both
//! backends read and write the same forms, so a store copied from one to the other replays the
//! same answers.

use credits_core::ledger::{EntryKind, Pool};
use credits_core::limits::{LimitKind, TopupLimit};
use credits_core::records::{Balance, DebitReceipt, Entry, IncludedBalance, TopupBalance};
use credits_core::{Actor, Credits};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;

/// The compact form's version, its first element: a later change of layout gets a new one.
const COMPACT: u8 = 1;

/// What a debit's entries share, then each entry, then the balance: a tuple, so it is stored as
/// a JSON array without field names. `S` is `&str` to store, `String` to read back; `A` likewise
/// `&Actor` or `Actor`.
#[derive(Serialize, Deserialize)]
struct Compact<S, A>(
    /// [`COMPACT`].
    u8,
    /// Workspace, seat, period, time.
    S,
    S,
    S,
    S,
    /// Reference (the idempotency key), memo, actor.
    Option<S>,
    Option<S>,
    Option<A>,
    Vec<CompactEntry>,
    CompactBalance<S>,
);

/// One entry's own fields: id, pool, kind, amount and balance after (millicredits).
type CompactEntry = (i64, Pool, EntryKind, i64, i64);

/// The balance: included remaining, allowance, resets at, time zone, top-up remaining,
/// spendable, and each limit as `(kind, limit, used)`; amounts in millicredits. Its names are
/// the entries'.
#[derive(Serialize, Deserialize)]
struct CompactBalance<S>(i64, i64, S, S, i64, i64, Vec<(LimitKind, i64, i64)>);

/// The text to store for `receipt`: the compact form when its entries share their common fields
/// with each other and with its balance, its whole JSON otherwise.
pub fn encode(receipt: &DebitReceipt) -> Result<String, StoreError> {
    let out = match compact(receipt) {
        Some(c) => serde_json::to_string(&c),
        None => serde_json::to_string(receipt),
    };
    out.map_err(|e| StoreError::Internal(format!("storing a receipt: {e}")))
}

/// The receipt stored as `stored`, in either form.
pub fn decode(stored: &str) -> Result<DebitReceipt, StoreError> {
    let bad = |e: serde_json::Error| StoreError::Internal(format!("stored response: {e}"));
    if !stored.starts_with('[') {
        return serde_json::from_str(stored).map_err(bad);
    }
    let Compact(version, workspace, seat, period, time, reference, memo, actor, entries, balance): Compact<
        String,
        Actor,
    > = serde_json::from_str(stored).map_err(bad)?;
    if version != COMPACT {
        return Err(StoreError::Internal(format!("stored response: unknown form {version}")));
    }
    let entries = entries
        .into_iter()
        .map(|(id, pool, kind, amount, balance_after)| Entry {
            id,
            time: time.clone(),
            workspace: workspace.clone(),
            seat: Some(seat.clone()),
            pool,
            kind,
            amount: Credits::from_millis(amount),
            balance_after: Credits::from_millis(balance_after),
            period: period.clone(),
            reference: reference.clone(),
            memo: memo.clone(),
            actor: actor.clone(),
        })
        .collect();
    let CompactBalance(included, allowance, resets_at, time_zone, topup, spendable, limits) = balance;
    Ok(DebitReceipt {
        entries,
        balance: Balance {
            workspace,
            seat,
            period,
            included: IncludedBalance {
                remaining: Credits::from_millis(included),
                allowance: Credits::from_millis(allowance),
                resets_at,
                time_zone,
            },
            topup: TopupBalance { remaining: Credits::from_millis(topup) },
            spendable: Credits::from_millis(spendable),
            limits: limits
                .into_iter()
                .map(|(kind, limit, used)| TopupLimit {
                    kind,
                    limit: Credits::from_millis(limit),
                    used: Credits::from_millis(used),
                })
                .collect(),
        },
    })
}

/// `receipt` in the compact form, borrowing its strings; `None` when decoding that form would not
/// give back `receipt` exactly.
fn compact(receipt: &DebitReceipt) -> Option<Compact<&str, &Actor>> {
    let first = receipt.entries.first()?;
    let b = &receipt.balance;
    let shared = |e: &Entry| {
        e.time == first.time
            && e.workspace == b.workspace
            && e.seat.as_deref() == Some(b.seat.as_str())
            && e.period == b.period
            && e.reference == first.reference
            && e.memo == first.memo
            && e.actor == first.actor
    };
    if !receipt.entries.iter().all(shared) {
        return None;
    }
    Some(Compact(
        COMPACT,
        &b.workspace,
        &b.seat,
        &b.period,
        &first.time,
        first.reference.as_deref(),
        first.memo.as_deref(),
        first.actor.as_ref(),
        receipt.entries.iter().map(|e| (e.id, e.pool, e.kind, e.amount.millis(), e.balance_after.millis())).collect(),
        CompactBalance(
            b.included.remaining.millis(),
            b.included.allowance.millis(),
            &b.included.resets_at,
            &b.included.time_zone,
            b.topup.remaining.millis(),
            b.spendable.millis(),
            b.limits.iter().map(|l| (l.kind, l.limit.millis(), l.used.millis())).collect(),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, pool: Pool, amount: i64) -> Entry {
        Entry {
            id,
            time: "2026-12-01T16:30:30.039Z".into(),
            workspace: "acme".into(),
            seat: Some("ci \"runner\"".into()),
            pool,
            kind: EntryKind::Debit,
            amount: Credits::from_millis(amount),
            balance_after: Credits::from_millis(0),
            period: "2026-12".into(),
            reference: Some("key-1".into()),
            memo: Some("tokens: 1,200\n".into()),
            actor: Some(Actor::Seat("ci \"runner\"".into())),
        }
    }

    fn receipt(entries: Vec<Entry>, limits: Vec<TopupLimit>) -> DebitReceipt {
        DebitReceipt {
            entries,
            balance: Balance {
                workspace: "acme".into(),
                seat: "ci \"runner\"".into(),
                period: "2026-12".into(),
                included: IncludedBalance {
                    remaining: Credits::from_millis(0),
                    allowance: Credits::from_millis(500_000),
                    resets_at: "2027-01-01T00:00:00Z".into(),
                    time_zone: "Europe/Berlin".into(),
                },
                topup: TopupBalance { remaining: Credits::from_millis(98_500) },
                spendable: Credits::from_millis(20_000),
                limits,
            },
        }
    }

    fn limits() -> Vec<TopupLimit> {
        vec![
            TopupLimit {
                kind: LimitKind::SeatTopupMonthly,
                limit: Credits::from_millis(50_000),
                used: Credits::from_millis(30_000),
            },
            TopupLimit {
                kind: LimitKind::WorkspaceTopupMonthly,
                limit: Credits::from_millis(90_000),
                used: Credits::from_millis(1_500),
            },
        ]
    }

    #[test]
    fn a_debit_receipt_is_stored_compactly_and_replays_exactly() {
        let r = receipt(vec![entry(7, Pool::Included, -1_500), entry(8, Pool::Topup, -250)], limits());
        let stored = encode(&r).unwrap();
        assert!(stored.starts_with('['), "{stored}");
        let whole = serde_json::to_string(&r).unwrap();
        assert!(stored.len() * 2 < whole.len(), "{} bytes against {}", stored.len(), whole.len());
        assert_eq!(decode(&stored).unwrap(), r);
    }

    #[test]
    fn no_memo_reference_actor_or_limits_replay_as_none() {
        let mut e = entry(1, Pool::Included, -1);
        e.reference = None;
        e.memo = None;
        e.actor = None;
        let r = receipt(vec![e], vec![]);
        assert_eq!(decode(&encode(&r).unwrap()).unwrap(), r);
    }

    #[test]
    fn a_receipt_of_another_shape_is_stored_whole() {
        let mut other = entry(9, Pool::Topup, -1);
        other.memo = Some("different".into());
        let odd = [
            receipt(vec![entry(7, Pool::Included, -1), other], vec![]),
            receipt(vec![], vec![]),
            receipt(vec![Entry { seat: None, ..entry(1, Pool::Topup, -1) }], vec![]),
            receipt(vec![Entry { workspace: "other".into(), ..entry(1, Pool::Topup, -1) }], vec![]),
        ];
        for r in odd {
            let stored = encode(&r).unwrap();
            assert!(stored.starts_with('{'), "{stored}");
            assert_eq!(decode(&stored).unwrap(), r);
        }
    }

    #[test]
    fn receipts_stored_whole_before_replay() {
        // As a receipt was stored before the compact form, and still is when it has another shape.
        let stored = r#"{"entries":[{"id":3,"time":"2026-12-01T16:30:30.039Z","workspace":"default","seat":"me","pool":"included","kind":"debit","amount":"-1.5","balance_after":"498.5","period":"2026-12","ref":"abc","memo":null,"actor":"cli:me"}],"balance":{"workspace":"default","seat":"me","period":"2026-12","included":{"remaining":"498.5","allowance":"500","resets_at":"2027-01-01T00:00:00Z","time_zone":"UTC"},"topup":{"remaining":"0"},"spendable":"498.5"}}"#;
        let r = decode(stored).unwrap();
        assert_eq!(r.entries[0].amount, Credits::from_millis(-1_500));
        assert_eq!(r.balance.spendable, Credits::from_millis(498_500));
        assert_eq!(decode(&encode(&r).unwrap()).unwrap(), r);
    }

    #[test]
    fn an_unknown_form_is_an_error_not_a_wrong_answer() {
        assert!(decode("[2]").is_err());
        assert!(decode("[1,\"acme\"]").is_err());
        assert!(decode("not json").is_err());
    }
}
