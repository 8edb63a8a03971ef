//! Burn rates and the forecast: at the current burn, when a seat's included credits run out and
//! when its spendable balance reaches zero, and the same for the workspace.
//!
//! Everything is exact integer arithmetic (`i128`), never floats: a rate is a rational,
//! millicredits over seconds, and every instant is the exact rational one rounded down to the
//! whole second. The inputs are what the journal says a seat consumed in two windows and the
//! balances now; the caller reads them and the daemon's clock, so the answer is deterministic.
//!
//! Definitions:
//! - A seat's consumption in a window is minus the sum of its usage entries (debit, hold, settle,
//!   release; both pools) in the window, never below zero.
//! - `period` rate: consumption since the period started over the time since; `last_7_days`:
//!   consumption in the last 7 days over 7 days.
//! - The forecast uses each seat's greater rate (a tie: `last_7_days`), so it names the earliest
//!   plausible stop.
//! - A seat's included runs out when its consumption at that rate reaches its included balance.
//!   After that it draws on the shared top-up pool (capped by the workspace's remaining budget, if
//!   any), at its own rate, until it has drawn its remaining top-up allowance (if any); the pool
//!   is drained by all such seats together. A seat's spendable reaches zero when its included is
//!   out and it can draw no more: the pool is empty or its allowance drawn.
//! - The workspace's included runs out when every seat's has; its spendable reaches zero when
//!   every seat's has.
//! - An instant at or after the period's reset, or never (no burn), is "not before the reset".

use jiff::Timestamp;

use crate::amount::Credits;

/// Seconds in the `last_7_days` window.
pub const WEEK_SECONDS: i64 = 7 * 86_400;

const DAY_SECONDS: i128 = 86_400;

/// A burn rate: millicredits consumed over a window of whole seconds, kept as that exact
/// fraction. An empty window is a zero rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    used: i64,
    seconds: i64,
}

impl Rate {
    /// `used` consumed over `seconds` (a negative amount or window counts as zero).
    pub fn new(used: Credits, seconds: i64) -> Rate {
        let seconds = seconds.max(0);
        let used = if seconds == 0 { 0 } else { used.millis().max(0) };
        Rate { used, seconds }
    }

    /// Millicredits consumed over [`Rate::seconds`].
    pub fn used(self) -> Credits {
        Credits::from_millis(self.used)
    }

    /// The window the rate was measured over.
    pub fn seconds(self) -> i64 {
        self.seconds
    }

    /// Whether nothing was consumed.
    pub fn is_zero(self) -> bool {
        self.used == 0
    }

    /// Credits per day, rounded down to the millicredit: `floor(used × 86400 / seconds)`.
    pub fn per_day(self) -> Credits {
        if self.used == 0 {
            return Credits::ZERO;
        }
        let v = i128::from(self.used) * DAY_SECONDS / i128::from(self.seconds);
        Credits::from_millis(clamp_i64(v))
    }

    /// What this rate consumes in `seconds`, rounded up to the millicredit.
    pub fn over(self, seconds: i64) -> Credits {
        if self.used == 0 || seconds <= 0 {
            return Credits::ZERO;
        }
        let n = i128::from(self.used) * i128::from(seconds);
        let d = i128::from(self.seconds);
        Credits::from_millis(clamp_i64((n + d - 1) / d))
    }

    /// Whether this rate is strictly greater than `other` (cross-multiplied, exact).
    fn exceeds(self, other: Rate) -> bool {
        i128::from(self.used) * i128::from(other.seconds) > i128::from(other.used) * i128::from(self.seconds)
    }

    /// Whole seconds, rounded down, until this rate has consumed `amount` millicredits; `Some(0)`
    /// for nothing to consume, `None` when a zero rate never gets there.
    fn reaches(self, amount: i128) -> Option<i128> {
        if amount <= 0 {
            Some(0)
        } else if self.used == 0 {
            None
        } else {
            Some(amount.saturating_mul(i128::from(self.seconds)) / i128::from(self.used))
        }
    }
}

/// Which rate a seat's forecast uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Period,
    Last7Days,
}

impl Basis {
    /// The name in JSON: `period` or `last_7_days`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Period => "period",
            Basis::Last7Days => "last_7_days",
        }
    }
}

/// A seat's (or the workspace's) two burn rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Burn {
    pub period: Rate,
    pub last_7_days: Rate,
}

impl Burn {
    /// The rates from consumption since the period started (`since_start` seconds ago) and in
    /// the last 7 days.
    pub fn new(period_used: Credits, since_start: i64, week_used: Credits) -> Burn {
        Burn { period: Rate::new(period_used, since_start), last_7_days: Rate::new(week_used, WEEK_SECONDS) }
    }

    /// The greater rate; a tie is `last_7_days`.
    pub fn basis(self) -> Basis {
        if self.period.exceeds(self.last_7_days) { Basis::Period } else { Basis::Last7Days }
    }

    /// The rate the forecast uses.
    pub fn rate(self) -> Rate {
        match self.basis() {
            Basis::Period => self.period,
            Basis::Last7Days => self.last_7_days,
        }
    }
}

/// One seat as the forecast sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatInput {
    /// Included credits left this period.
    pub included: Credits,
    pub burn: Burn,
    /// Top-up this seat may still draw this period (its monthly limit less what it drew);
    /// `None`: no limit.
    pub topup_allowance: Option<Credits>,
}

/// A workspace at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The daemon's clock, to the second.
    pub now: Timestamp,
    /// When the period resets.
    pub reset: Timestamp,
    /// The shared top-up pool.
    pub topup: Credits,
    /// Top-up the workspace may still spend this period (its monthly budget less what it
    /// spent); `None`: no budget.
    pub budget: Option<Credits>,
    pub seats: Vec<SeatInput>,
}

/// When something happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At this instant (whole seconds, before the reset).
    At(Timestamp),
    /// At or after the period's reset, or never.
    NotBeforeReset,
}

/// The forecast of one seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatOutlook {
    pub basis: Basis,
    pub included_out: When,
    pub spendable_zero: When,
}

/// The forecast of every seat (in input order) and of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlook {
    pub seats: Vec<SeatOutlook>,
    pub included_out: When,
    pub spendable_zero: When,
}

/// A seat with its rate and the offsets (seconds after now, rounded down; `None`: never) at which
/// its included runs out and its top-up allowance would be drawn.
struct Drawer {
    rate: Rate,
    included: i128,
    allowance: Option<i128>,
    out: Option<i128>,
    drawn: Option<i128>,
}

impl Drawer {
    fn new(s: &SeatInput) -> Drawer {
        let rate = s.burn.rate();
        let included = i128::from(s.included.millis().max(0));
        let allowance = s.topup_allowance.map(|a| i128::from(a.millis().max(0)));
        let out = rate.reaches(included);
        let drawn = match allowance {
            None => None,
            Some(a) => rate.reaches(included + a),
        };
        Drawer { rate, included, allowance, out, drawn }
    }

    /// Top-up drawn by `s` seconds after now, times `scale` (a multiple of every window's
    /// length, so the fraction is whole): `min(allowance, max(0, rate × s − included))`.
    fn drawn_by(&self, s: i128, scale: i128) -> i128 {
        if self.rate.used == 0 {
            return 0;
        }
        let consumed =
            i128::from(self.rate.used).saturating_mul(s).saturating_mul(scale / i128::from(self.rate.seconds));
        let over = consumed.saturating_sub(self.included.saturating_mul(scale)).max(0);
        match self.allowance {
            Some(a) => over.min(a.saturating_mul(scale)),
            None => over,
        }
    }

    /// Whether this seat is drawing on the pool just before `c` seconds after now: its included
    /// ran out before `c` and its allowance lasts at least until `c`.
    fn drawing_before(&self, c: i128) -> bool {
        let (used, secs) = (i128::from(self.rate.used), i128::from(self.rate.seconds));
        used > 0
            && self.included.saturating_mul(secs) < c.saturating_mul(used)
            && self.allowance.is_none_or(|a| c.saturating_mul(used) <= (self.included + a).saturating_mul(secs))
    }
}

/// The forecast: when each seat's included runs out and its spendable reaches zero, and the same
/// for the workspace (when every seat's has). See the module documentation for the rules.
pub fn forecast(inputs: &Inputs) -> Outlook {
    let horizon = i128::from(inputs.reset.as_second()) - i128::from(inputs.now.as_second());
    let drawers: Vec<Drawer> = inputs.seats.iter().map(Drawer::new).collect();
    let pool = match inputs.budget {
        Some(b) => inputs.topup.min(b),
        None => inputs.topup,
    };
    let empty = pool_empty(&drawers, i128::from(pool.millis().max(0)), horizon);
    let when = |offset: Option<i128>| match offset {
        Some(o) if o < horizon => {
            let secs = i128::from(inputs.now.as_second()) + o;
            i64::try_from(secs).ok().and_then(|s| Timestamp::from_second(s).ok()).map_or(When::NotBeforeReset, When::At)
        }
        _ => When::NotBeforeReset,
    };
    let mut seats = Vec::with_capacity(drawers.len());
    let (mut all_out, mut all_zero) = (Some(0_i128), Some(0_i128));
    for (d, s) in drawers.iter().zip(&inputs.seats) {
        // Its spendable lasts until its included is out, then while both the pool and its own
        // allowance last.
        let zero = later(d.out, earlier(empty, d.drawn));
        all_out = later(all_out, d.out);
        all_zero = later(all_zero, zero);
        seats.push(SeatOutlook { basis: s.burn.basis(), included_out: when(d.out), spendable_zero: when(zero) });
    }
    Outlook { seats, included_out: when(all_out), spendable_zero: when(all_zero) }
}

/// Seconds after now (rounded down) at which the seats drawing on the pool have drawn `pool`;
/// `None` when that is not before `horizon`.
///
/// What the seats have drawn by `s` seconds, `D(s)`, is continuous and never decreases, so the
/// first whole second `c` with `D(c) ≥ pool` is found by bisection, exactly; the exact instant is
/// in `(c − 1, c]`, and it is `c` itself only when `D(c)` is exactly the pool and some seat is
/// still drawing just before `c` (otherwise `D` reached the pool earlier and stayed flat).
fn pool_empty(drawers: &[Drawer], pool: i128, horizon: i128) -> Option<i128> {
    if pool == 0 {
        return Some(0);
    }
    if horizon <= 0 {
        return None;
    }
    // A common multiple of every window's length makes each seat's drawn top-up a whole number.
    let mut scale: i128 = 1;
    for d in drawers.iter().filter(|d| d.rate.used > 0) {
        let w = i128::from(d.rate.seconds);
        if scale % w != 0 {
            scale = scale.saturating_mul(w / gcd(scale, w));
        }
    }
    let target = pool.saturating_mul(scale);
    let drawn = |s: i128| drawers.iter().fold(0_i128, |sum, d| sum.saturating_add(d.drawn_by(s, scale)));
    if drawn(horizon) < target {
        return None;
    }
    // The invariant: drawn(lo) < target ≤ drawn(hi).
    let (mut lo, mut hi) = (0_i128, horizon);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if drawn(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let exact = drawn(hi) == target && drawers.iter().any(|d| d.drawing_before(hi));
    Some(if exact { hi } else { lo })
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs().max(1)
}

/// The later of two offsets, `None` (never) being the latest.
fn later(a: Option<i128>, b: Option<i128>) -> Option<i128> {
    Some(a?.max(b?))
}

/// The earlier of two offsets, `None` (never) being the latest.
fn earlier(a: Option<i128>, b: Option<i128>) -> Option<i128> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) | (None, x) => x,
    }
}

fn clamp_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
#[path = "forecast_tests.rs"]
mod tests;
