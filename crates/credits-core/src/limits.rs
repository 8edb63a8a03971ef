//! Monthly limits on drawing top-up credits: a seat's own (`seats limit`) and the workspace's
//! budget for all its seats together (`workspace set --topup-budget-per-month`).
//!
//! A limit counts the top-up credits drawn in the workspace's current month: debits' top-up
//! parts and open holds' top-up parts; a hold's unused top-up part given back in the same month
//! counts no more. The store keeps one counter per seat and per workspace, tagged with the month
//! it counts, and moves it in the transaction of the debit or hold; these functions decide on
//! those counters.

use serde::{Deserialize, Serialize};

use crate::amount::Credits;
use crate::ledger::{Insufficient, Split, split_debit};

/// Which limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// The most top-up credits one seat may draw in a month (0: included credits only).
    SeatTopupMonthly,
    /// The most top-up credits all seats of the workspace together may draw in a month.
    WorkspaceTopupMonthly,
}

impl LimitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::SeatTopupMonthly => "seat_topup_monthly",
            LimitKind::WorkspaceTopupMonthly => "workspace_topup_monthly",
        }
    }
}

/// A limit and how much of it this month has used: the `limit` object of a 402 and of
/// balances. Field names are part of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopupLimit {
    pub kind: LimitKind,
    pub limit: Credits,
    pub used: Credits,
}

impl TopupLimit {
    /// What may still be drawn this month (never below zero: a limit lowered below what was
    /// already drawn allows nothing more).
    pub fn remaining(&self) -> Credits {
        self.limit.checked_sub(self.used).unwrap_or(Credits::ZERO).max(Credits::ZERO)
    }
}

/// A stored month counter: `used` millicredits drawn in `period`. Read in another month it
/// counts nothing (limits start afresh with the month, without a write at the reset).
pub fn used_in(used: i64, counted_period: Option<&str>, current_period: &str) -> Credits {
    if counted_period == Some(current_period) { Credits::from_millis(used.max(0)) } else { Credits::ZERO }
}

/// A seat's or workspace's limit as stored, with its month counter.
#[derive(Debug, Clone, Copy)]
pub struct Counter<'a> {
    pub limit: Option<i64>,
    pub used: i64,
    pub period: Option<&'a str>,
}

impl Counter<'_> {
    /// What this month has drawn.
    pub fn used_in(&self, current_period: &str) -> Credits {
        used_in(self.used, self.period, current_period)
    }

    /// The counter's value after drawing `millis` more this month (`None`: it would overflow).
    pub fn after_draw(&self, current_period: &str, millis: i64) -> Option<i64> {
        self.used_in(current_period).millis().checked_add(millis.max(0))
    }

    /// The counter's value after a hold of `hold_period` gives back `millis` unused: only a hold
    /// of this month takes back its draw (last month's was counted in last month).
    pub fn after_give_back(&self, current_period: &str, hold_period: &str, millis: i64) -> i64 {
        let used = self.used_in(current_period).millis();
        if hold_period == current_period { (used - millis.max(0)).max(0) } else { used }
    }
}

/// The limits that apply to a seat now, with what this month has used of each: the seat's
/// own, then the workspace's budget.
pub fn applying(seat: Counter<'_>, workspace: Counter<'_>, current_period: &str) -> Vec<TopupLimit> {
    let of = |kind, c: Counter<'_>| {
        c.limit.map(|limit| TopupLimit { kind, limit: Credits::from_millis(limit), used: c.used_in(current_period) })
    };
    [of(LimitKind::SeatTopupMonthly, seat), of(LimitKind::WorkspaceTopupMonthly, workspace)]
        .into_iter()
        .flatten()
        .collect()
}

/// Why a debit (or hold) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Included and top-up together do not cover it: buying credits helps.
    Insufficient(Insufficient),
    /// A limit keeps the seat from drawing the top-up it needs: buying does not help.
    Limit(TopupLimit),
}

/// The top-up a seat may draw now: the pool, capped by every limit's remaining amount.
pub fn topup_available(topup: Credits, limits: &[TopupLimit]) -> Credits {
    limits.iter().map(TopupLimit::remaining).fold(topup.max(Credits::ZERO), Credits::min)
}

/// What one seat can spend right now: its included credits and the top-up it may draw.
pub fn spendable(included: Credits, topup: Credits, limits: &[TopupLimit]) -> Credits {
    included.max(Credits::ZERO).checked_add(topup_available(topup, limits)).unwrap_or(Credits::from_millis(i64::MAX))
}

/// [`split_debit`] under `limits`: included first, then top-up up to what every limit still
/// allows; all or nothing. A refusal names the limit whenever a limit alone would refuse (the
/// one with the least left; the first of equals, the seat's before the workspace's), so a
/// caller never hears "buy credits" when buying would not help.
pub fn split_limited(
    included: Credits,
    topup: Credits,
    limits: &[TopupLimit],
    amount: Credits,
) -> Result<Split, Refusal> {
    if let Ok(split) = split_debit(included, topup_available(topup, limits), amount) {
        return Ok(split);
    }
    let needs_topup = amount.checked_sub(included.max(Credits::ZERO)).unwrap_or(Credits::ZERO);
    let tightest = limits.iter().filter(|l| l.remaining() < needs_topup).min_by_key(|l| l.remaining());
    match tightest {
        Some(l) => Err(Refusal::Limit(*l)),
        None => Err(Refusal::Insufficient(Insufficient { amount, spendable: spendable(included, topup, limits) })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(m: i64) -> Credits {
        Credits::from_millis(m)
    }

    fn seat(limit: i64, used: i64) -> TopupLimit {
        TopupLimit { kind: LimitKind::SeatTopupMonthly, limit: c(limit), used: c(used) }
    }

    fn ws(limit: i64, used: i64) -> TopupLimit {
        TopupLimit { kind: LimitKind::WorkspaceTopupMonthly, limit: c(limit), used: c(used) }
    }

    #[test]
    fn no_limits_is_the_plain_split() {
        assert_eq!(split_limited(c(10), c(100), &[], c(25)), Ok(Split { from_included: c(10), from_topup: c(15) }));
        assert_eq!(
            split_limited(c(10), c(5), &[], c(16)),
            Err(Refusal::Insufficient(Insufficient { amount: c(16), spendable: c(15) }))
        );
    }

    #[test]
    fn a_seat_limit_caps_the_top_up_it_draws() {
        // 50 of 50 drawn: included still spends, top-up does not.
        assert_eq!(split_limited(c(10), c(5_000), &[seat(50, 50)], c(10)).unwrap().from_topup, c(0));
        assert_eq!(split_limited(c(10), c(5_000), &[seat(50, 50)], c(11)), Err(Refusal::Limit(seat(50, 50))));
        // 20 left: exactly 20 more of top-up fits.
        assert_eq!(split_limited(c(0), c(5_000), &[seat(50, 30)], c(20)).unwrap().from_topup, c(20));
        assert!(split_limited(c(0), c(5_000), &[seat(50, 30)], c(21)).is_err());
    }

    #[test]
    fn no_top_up_is_a_limit_of_zero() {
        assert_eq!(split_limited(c(0), c(5_000_000), &[seat(0, 0)], c(1)), Err(Refusal::Limit(seat(0, 0))));
        assert_eq!(spendable(c(7), c(5_000_000), &[seat(0, 0)]), c(7));
    }

    #[test]
    fn the_tightest_limit_is_named_and_an_empty_pool_is_insufficient() {
        let limits = [seat(100, 0), ws(40, 10)];
        assert_eq!(split_limited(c(0), c(1_000), &limits, c(31)), Err(Refusal::Limit(ws(40, 10))));
        // The pool is what falls short: buying helps.
        assert_eq!(
            split_limited(c(0), c(5), &limits, c(20)),
            Err(Refusal::Insufficient(Insufficient { amount: c(20), spendable: c(5) }))
        );
        // Both short: the limit is named, as buying alone would not do.
        assert_eq!(split_limited(c(0), c(5), &limits, c(31)), Err(Refusal::Limit(ws(40, 10))));
    }

    #[test]
    fn a_limit_lowered_below_its_use_allows_nothing_more() {
        assert_eq!(seat(10, 30).remaining(), c(0));
        assert_eq!(topup_available(c(100), &[seat(10, 30)]), c(0));
    }

    #[test]
    fn counters_of_another_month_count_nothing() {
        assert_eq!(used_in(5_000, Some("2026-11"), "2026-11"), c(5_000));
        assert_eq!(used_in(5_000, Some("2026-10"), "2026-11"), c(0));
        assert_eq!(used_in(5_000, None, "2026-11"), c(0));
        let old = Counter { limit: Some(9_000), used: 5_000, period: Some("2026-10") };
        assert_eq!(old.after_draw("2026-11", 700), Some(700));
        assert_eq!(applying(old, Counter { limit: None, used: 1, period: None }, "2026-11"), vec![seat(9_000, 0)]);
    }

    #[test]
    fn only_a_hold_of_this_month_takes_its_draw_back() {
        let now = Counter { limit: Some(50_000), used: 30_000, period: Some("2026-11") };
        assert_eq!(now.after_give_back("2026-11", "2026-11", 10_000), 20_000);
        assert_eq!(now.after_give_back("2026-11", "2026-10", 10_000), 30_000);
        assert_eq!(now.after_give_back("2026-11", "2026-11", 99_000), 0);
    }

    proptest! {
        /// However debits arrive, the top-up drawn never passes any limit, and a refusal that
        /// names a limit is one that limit alone would make.
        #[test]
        fn drawn_top_up_never_passes_a_limit(
            seat_limit in 0..5_000i64,
            ws_limit in 0..5_000i64,
            pool in 0..10_000i64,
            amounts in prop::collection::vec(1..800i64, 0..100),
        ) {
            let (mut seat_used, mut ws_used, mut topup, mut included) = (0i64, 0i64, pool, 1_000i64);
            for a in amounts {
                let limits = [seat(seat_limit, seat_used), ws(ws_limit, ws_used)];
                match split_limited(c(included), c(topup), &limits, c(a)) {
                    Ok(s) => {
                        included -= s.from_included.millis();
                        topup -= s.from_topup.millis();
                        seat_used += s.from_topup.millis();
                        ws_used += s.from_topup.millis();
                    }
                    Err(Refusal::Limit(l)) => prop_assert!(l.remaining().millis() < a - included),
                    Err(Refusal::Insufficient(i)) => prop_assert!(i.spendable.millis() < a),
                }
                prop_assert!(seat_used <= seat_limit && ws_used <= ws_limit && topup >= 0 && included >= 0);
            }
        }
    }
}
