//! Per-period usage of a workspace (the `usage` and `advise` reports): a backend sums the journal
//! by period, pool and kind and feeds the sums to [`UsageTally`], which words them as months.
//! Also what each seat consumed in a window of time ([`Consumption`], for the burn rates and the
//! forecast).

use std::collections::BTreeMap;

use credits_core::Credits;
use credits_core::records::{Balance, WorkspaceInfo};
use credits_core::time::fmt_time;
use jiff::Timestamp;

pub use credits_core::records::MonthUsage;

/// Usage kinds: a debit, and the two-phase hold / settle / release, whose amounts net out to what
/// was consumed.
const USAGE_KINDS: [&str; 4] = ["debit", "hold", "settle", "release"];

/// The usage kinds as an SQL list, for `kind IN …` (the same kinds [`UsageTally`] counts).
pub const USAGE_KINDS_SQL: &str = "('debit', 'hold', 'settle', 'release')";

/// A window of time, `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Timestamp,
    pub to: Timestamp,
}

impl Window {
    /// The bounds as stored journal times (fixed-width text, which sorts in time order), so a
    /// backend compares `from <= time < to` as text.
    pub fn as_text(&self) -> (String, String) {
        (fmt_time(self.from), fmt_time(self.to))
    }
}

/// What a seat consumed in a window: minus the sum of its usage entries' amounts (both pools),
/// never below zero (a release in the window of a hold made before it gives back no more than
/// was consumed).
pub fn consumed(sum_of_amounts: i64) -> Credits {
    Credits::from_millis(sum_of_amounts.saturating_neg().max(0))
}

/// One active seat: its balance now and what it consumed in each window asked for, in order.
#[derive(Debug, Clone)]
pub struct SeatConsumption {
    pub balance: Balance,
    pub used: Vec<Credits>,
}

/// A workspace's settings, top-up pool and active seats (by name) with their consumption, read
/// in one snapshot.
#[derive(Debug, Clone)]
pub struct Consumption {
    pub info: WorkspaceInfo,
    pub topup: Credits,
    pub seats: Vec<SeatConsumption>,
}

/// Journal sums per period, in millicredits: included used, top-up used, granted, expired,
/// purchased.
#[derive(Debug, Default)]
pub struct UsageTally {
    by: BTreeMap<String, [i64; 5]>,
}

impl UsageTally {
    /// One `SUM(amount_millis)` of the journal's entries of `period`, `pool` and `kind`.
    pub fn add(&mut self, period: String, pool: &str, kind: &str, sum: i64) {
        let m = self.by.entry(period).or_default();
        match kind {
            k if USAGE_KINDS.contains(&k) && pool == "included" => m[0] -= sum,
            k if USAGE_KINDS.contains(&k) => m[1] -= sum,
            "grant" => m[2] += sum,
            "expire" => m[3] -= sum,
            "purchase" => m[4] += sum,
            _ => {}
        }
    }

    /// The months summed, newest first, at most `months` of them.
    pub fn newest(self, months: u32) -> Vec<MonthUsage> {
        let c = Credits::from_millis;
        self.by
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
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_nets_holds_and_splits_pools_newest_first() {
        let mut t = UsageTally::default();
        t.add("2026-10".to_owned(), "included", "grant", 5000);
        t.add("2026-11".to_owned(), "included", "hold", -3000);
        t.add("2026-11".to_owned(), "included", "release", 1000);
        t.add("2026-11".to_owned(), "topup", "debit", -700);
        t.add("2026-11".to_owned(), "topup", "purchase", 9000);
        t.add("2026-11".to_owned(), "included", "expire", -400);
        let months = t.newest(1);
        assert_eq!(months.len(), 1);
        let m = &months[0];
        assert_eq!(m.period, "2026-11");
        assert_eq!(
            [m.included_used, m.topup_used, m.used, m.granted, m.expired, m.purchased].map(Credits::millis),
            [2000, 700, 2700, 0, 400, 9000]
        );
    }
}
