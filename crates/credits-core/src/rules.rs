//! The ledger's business decisions as pure functions: whether auto top-up buys, what `ensure`
//! does, how a plan change made at once prorates a seat's included credits, and how much of a
//! hold's included part comes back. The store gathers the inputs in its transaction and acts on
//! the answer; the rules themselves read and write nothing.

use jiff::{SignedDuration, Timestamp};

use crate::amount::{Cents, Credits};

/// After a failed auto top-up, how long the rule waits before trying again.
pub const AUTO_RETRY_AFTER_FAILURE: SignedDuration = SignedDuration::from_hours(1);

/// What auto top-up looks at, for one workspace with a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoTopupInputs {
    /// The lowest spendable balance of any active seat (the top-up pool alone without seats).
    pub lowest_spendable: Credits,
    /// The rule's threshold: buy when `lowest_spendable` is below it.
    pub below: Credits,
    /// How much one top-up costs.
    pub amount: Cents,
    /// Money already committed by auto top-ups this period (in flight, succeeded, or possibly
    /// taken by Stripe).
    pub spent_this_period: Cents,
    /// The rule's limit per period.
    pub monthly_limit: Cents,
    /// A scripted purchase (`ensure` or auto) of the workspace is in flight.
    pub in_flight: bool,
    /// When the latest failed (or expired, canceled, mismatched) auto top-up last changed.
    pub last_failure: Option<Timestamp>,
    pub now: Timestamp,
}

/// Why auto top-up does not buy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoSkip {
    AboveThreshold,
    InFlight,
    MonthlyLimit,
    RecentFailure,
}

impl AutoSkip {
    /// The reason in a sentence fragment, for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            AutoSkip::AboveThreshold => "above the threshold",
            AutoSkip::InFlight => "a purchase is in flight",
            AutoSkip::MonthlyLimit => "the monthly limit is reached",
            AutoSkip::RecentFailure => "the last auto top-up failed less than an hour ago",
        }
    }
}

/// Auto top-up buys only below the threshold, with no scripted purchase in flight (one at a time),
/// when one more top-up stays within the period's limit, and not within
/// [`AUTO_RETRY_AFTER_FAILURE`] of a failed one (a declined card is not retried in a loop).
pub fn auto_topup(i: &AutoTopupInputs) -> Result<(), AutoSkip> {
    if i.lowest_spendable >= i.below {
        return Err(AutoSkip::AboveThreshold);
    }
    if i.in_flight {
        return Err(AutoSkip::InFlight);
    }
    if i.spent_this_period.get().saturating_add(i.amount.get()) > i.monthly_limit.get() {
        return Err(AutoSkip::MonthlyLimit);
    }
    let retry_from = i.now.checked_sub(AUTO_RETRY_AFTER_FAILURE).unwrap_or(Timestamp::MIN);
    if i.last_failure.is_some_and(|t| t >= retry_from) {
        return Err(AutoSkip::RecentFailure);
    }
    Ok(())
}

/// What `ensure --min` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ensure {
    /// Spendable credits are at or above the minimum: nothing to buy.
    Sufficient,
    /// Below the minimum, but a scripted purchase is in flight: wait for it, then decide again
    /// (concurrent `ensure` calls buy once, not once each).
    Wait,
    /// Below the minimum and nothing in flight: buy.
    Buy,
}

/// `ensure` buys only when `spendable` is below `min` and no scripted purchase is in flight.
pub fn ensure(spendable: Credits, min: Credits, in_flight: bool) -> Ensure {
    if spendable >= min {
        Ensure::Sufficient
    } else if in_flight {
        Ensure::Wait
    } else {
        Ensure::Buy
    }
}

/// A seat's included balance after a plan change that takes effect at once: the new plan's
/// allowance less what the seat already used from its included credits this period, never below
/// zero. `used` is the seat's net usage of included credits this period (debits and holds, net of
/// releases); a negative value counts as nothing used.
pub fn prorated_included(new_allowance: Credits, used: Credits) -> Credits {
    let used = used.max(Credits::ZERO);
    let allowance = new_allowance.max(Credits::ZERO);
    allowance.checked_sub(used).unwrap_or(Credits::ZERO).max(Credits::ZERO)
}

/// Why part of a hold's included credits does not come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lapse {
    /// The seat was removed while the hold was open (even if it was re-added since): its included
    /// credits were expired with the seat.
    SeatRemoved,
    /// The hold's month has ended: its reset already expired that month's included credits.
    MonthEnded,
    /// Returning it would take the seat above its current allowance (a plan lowered at once while
    /// the hold was open already counted the hold as used).
    AboveAllowance,
}

/// How a closing hold's included part divides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HoldReturn {
    /// Back to the seat's included balance.
    pub returned: Credits,
    /// Stays spent.
    pub lapsed: Credits,
    /// Why anything lapsed; `None` when `lapsed` is zero.
    pub why: Option<Lapse>,
}

/// Divides `held` included credits of a closing hold: all of it lapses when the seat was removed
/// or the hold's month has ended; otherwise it comes back up to the seat's current allowance
/// (never taking `included` above `allowance`) and the rest lapses. Always
/// `returned + lapsed == held`. Top-up is not part of this: it never expires and always comes back.
pub fn hold_return(
    held: Credits,
    included: Credits,
    allowance: Credits,
    seat_removed: bool,
    month_ended: bool,
) -> HoldReturn {
    let held = held.max(Credits::ZERO);
    let room = allowance.checked_sub(included).unwrap_or(Credits::ZERO).max(Credits::ZERO);
    let (returned, cause) = if seat_removed {
        (Credits::ZERO, Lapse::SeatRemoved)
    } else if month_ended {
        (Credits::ZERO, Lapse::MonthEnded)
    } else {
        (held.min(room), Lapse::AboveAllowance)
    };
    let lapsed = Credits::from_millis(held.millis() - returned.millis());
    HoldReturn { returned, lapsed, why: (!lapsed.is_zero()).then_some(cause) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(m: i64) -> Credits {
        Credits::from_millis(m)
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn auto() -> AutoTopupInputs {
        AutoTopupInputs {
            lowest_spendable: c(5_000),
            below: c(10_000),
            amount: Cents::new(1_000),
            spent_this_period: Cents::new(0),
            monthly_limit: Cents::new(5_000),
            in_flight: false,
            last_failure: None,
            now: ts("2026-11-30T12:00:00Z"),
        }
    }

    #[test]
    fn auto_topup_buys_below_the_threshold() {
        assert_eq!(auto_topup(&auto()), Ok(()));
        let at = AutoTopupInputs { lowest_spendable: c(10_000), ..auto() };
        assert_eq!(auto_topup(&at), Err(AutoSkip::AboveThreshold));
    }

    #[test]
    fn auto_topup_waits_for_a_purchase_in_flight() {
        assert_eq!(auto_topup(&AutoTopupInputs { in_flight: true, ..auto() }), Err(AutoSkip::InFlight));
    }

    #[test]
    fn auto_topup_stays_within_the_monthly_limit() {
        let last = AutoTopupInputs { spent_this_period: Cents::new(4_000), ..auto() };
        assert_eq!(auto_topup(&last), Ok(()), "one more top-up exactly reaches the limit");
        let over = AutoTopupInputs { spent_this_period: Cents::new(4_001), ..auto() };
        assert_eq!(auto_topup(&over), Err(AutoSkip::MonthlyLimit));
        let huge = AutoTopupInputs { spent_this_period: Cents::new(i64::MAX), ..auto() };
        assert_eq!(auto_topup(&huge), Err(AutoSkip::MonthlyLimit));
    }

    #[test]
    fn auto_topup_waits_an_hour_after_a_failure() {
        let recent = AutoTopupInputs { last_failure: Some(ts("2026-11-30T11:00:00Z")), ..auto() };
        assert_eq!(auto_topup(&recent), Err(AutoSkip::RecentFailure));
        let old = AutoTopupInputs { last_failure: Some(ts("2026-11-30T10:59:59.999Z")), ..auto() };
        assert_eq!(auto_topup(&old), Ok(()));
    }

    #[test]
    fn auto_topup_reasons_in_order() {
        let all = AutoTopupInputs {
            in_flight: true,
            spent_this_period: Cents::new(5_000),
            last_failure: Some(ts("2026-11-30T11:30:00Z")),
            ..auto()
        };
        assert_eq!(auto_topup(&all), Err(AutoSkip::InFlight));
        assert_eq!(auto_topup(&AutoTopupInputs { in_flight: false, ..all }), Err(AutoSkip::MonthlyLimit));
    }

    #[test]
    fn ensure_buys_only_below_the_minimum_and_once() {
        assert_eq!(ensure(c(100), c(100), false), Ensure::Sufficient);
        assert_eq!(ensure(c(100), c(100), true), Ensure::Sufficient);
        assert_eq!(ensure(c(99), c(100), true), Ensure::Wait);
        assert_eq!(ensure(c(99), c(100), false), Ensure::Buy);
    }

    #[test]
    fn proration_examples() {
        assert_eq!(prorated_included(c(50_000), c(12_000)), c(38_000));
        assert_eq!(prorated_included(c(10_000), c(12_000)), c(0));
        assert_eq!(prorated_included(c(10_000), c(-5)), c(10_000));
    }

    #[test]
    fn hold_return_examples() {
        let r = hold_return(c(300), c(800), c(1_000), false, false);
        assert_eq!(r, HoldReturn { returned: c(200), lapsed: c(100), why: Some(Lapse::AboveAllowance) });
        let r = hold_return(c(300), c(0), c(1_000), false, false);
        assert_eq!(r, HoldReturn { returned: c(300), lapsed: c(0), why: None });
        let r = hold_return(c(300), c(0), c(1_000), false, true);
        assert_eq!(r, HoldReturn { returned: c(0), lapsed: c(300), why: Some(Lapse::MonthEnded) });
        let r = hold_return(c(300), c(0), c(1_000), true, true);
        assert_eq!(r.why, Some(Lapse::SeatRemoved));
        assert_eq!(hold_return(c(0), c(0), c(0), true, false).why, None);
    }

    proptest! {
        /// Proration never goes negative, never above the new allowance, and gives exactly the
        /// unused part when the usage fits.
        #[test]
        fn proration_stays_within_the_allowance(new in 0..10_000_000i64, used in -1_000..20_000_000i64) {
            let got = prorated_included(c(new), c(used));
            prop_assert!(!got.is_negative());
            prop_assert!(got <= c(new));
            if (0..=new).contains(&used) {
                prop_assert_eq!(got, c(new - used));
            }
        }

        /// A hold's included part is conserved (returned + lapsed == held), never negative, and
        /// never takes the seat above its current allowance (nor returns anything to a seat
        /// already above it).
        #[test]
        fn hold_return_conserves_and_caps(
            held in 0..10_000_000i64,
            included in 0..10_000_000i64,
            allowance in 0..10_000_000i64,
            removed: bool,
            ended: bool,
        ) {
            let r = hold_return(c(held), c(included), c(allowance), removed, ended);
            prop_assert!(!r.returned.is_negative() && !r.lapsed.is_negative());
            prop_assert_eq!(r.returned.millis() + r.lapsed.millis(), held);
            prop_assert!(r.returned.is_zero() || included + r.returned.millis() <= allowance);
            prop_assert_eq!(r.why.is_some(), !r.lapsed.is_zero());
            if removed || ended {
                prop_assert!(r.returned.is_zero());
            }
        }

        /// `ensure` never buys at or above the minimum, and never while a purchase is in flight.
        #[test]
        fn ensure_never_buys_twice(spendable in -1_000..1_000i64, min in 0..1_000i64, in_flight: bool) {
            let d = ensure(c(spendable), c(min), in_flight);
            prop_assert_eq!(d == Ensure::Sufficient, spendable >= min);
            prop_assert!(!(d == Ensure::Buy && in_flight));
        }
    }
}
