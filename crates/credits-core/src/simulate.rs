//! The auto top-up dry run (`auto-topup simulate --days N`): at the workspace's current burn,
//! how often would its rule buy, and would the monthly cap stop it? A pure, deterministic
//! simulation from the forecast's inputs (balances, each seat's burn, the rule, the resets ahead):
//! no clock, no I/O.
//!
//! Time advances in steps of [`STEP_SECONDS`]. By each step a seat has used exactly
//! `floor(consumed × t / window)` millicredits in all (its burn rate applied to the elapsed time
//! `t`, without drift), taken from its included credits first, then from the shared top-up pool
//! within its monthly limit and the workspace's budget, like a debit. After each step the rule is
//! asked as the daemon asks it: buy when the lowest `included + top-up` of any seat is below the
//! threshold and one more purchase stays within the month's cap. A purchase is credited at once
//! (the daemon's takes seconds). At each reset, seats get their allowance again and the month's
//! cap, limits and budget start afresh.

use jiff::{SignedDuration, Timestamp};

use crate::amount::{Cents, Credits};

/// The simulation's resolution.
pub const STEP_SECONDS: i64 = 60;
/// The longest dry run: a quarter.
pub const MAX_DAYS: i64 = 92;

/// One seat as the dry run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatRun {
    pub included: Credits,
    /// What a reset grants it.
    pub allowance: Credits,
    /// Its burn: `consumed` millicredits over `window_seconds` (0 consumed: it spends nothing).
    pub consumed: Credits,
    pub window_seconds: i64,
    /// Its monthly top-up limit and what this month has drawn of it.
    pub topup_limit: Option<(Credits, Credits)>,
}

/// The workspace as the dry run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub now: Timestamp,
    pub days: i64,
    pub seats: Vec<SeatRun>,
    pub topup: Credits,
    /// The workspace's monthly budget and what this month has drawn of it.
    pub budget: Option<(Credits, Credits)>,
    /// Buy when the lowest `included + top-up` of any seat is below this.
    pub below: Credits,
    pub amount: Cents,
    pub monthly_cap: Cents,
    /// Auto top-ups already spent this month.
    pub spent_this_month: Cents,
    /// Credits one purchase of `amount` brings.
    pub credits_per_purchase: Credits,
    /// The resets ahead, in order (the next one first).
    pub resets: Vec<Timestamp>,
}

/// What the rule would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// When it would buy.
    pub fires: Vec<Timestamp>,
    /// The first time, in each month, that the cap would stop a purchase the threshold asks for.
    pub capped: Vec<Timestamp>,
    /// The first time a seat would be refused (402) for want of credits, if within the run.
    pub first_refusal: Option<Timestamp>,
    /// The resolution the run used: [`STEP_SECONDS`], or coarser for a workspace so large that
    /// a minute's resolution would pass [`MAX_SEAT_STEPS`].
    pub step_seconds: i64,
}

/// The most seat-steps a run takes (a seat that burns, times a step): its CPU stays within a
/// tenth of a second or so whatever the workspace's size; a larger workspace gets coarser steps.
pub const MAX_SEAT_STEPS: i64 = 5_000_000;

/// The step for `burning` seats over `horizon` seconds: a minute, or the next whole minute that
/// keeps the run within [`MAX_SEAT_STEPS`].
pub fn step_for(burning: usize, horizon: i64) -> i64 {
    let burning = i64::try_from(burning).unwrap_or(i64::MAX).max(1);
    let minutes = horizon / STEP_SECONDS;
    let seat_minutes = burning.saturating_mul(minutes);
    let per_step = (seat_minutes / MAX_SEAT_STEPS + i64::from(seat_minutes % MAX_SEAT_STEPS != 0)).max(1);
    STEP_SECONDS.saturating_mul(per_step)
}

/// Runs the dry run. `days` outside 1..=[`MAX_DAYS`] is clamped.
pub fn simulate(run: &Run) -> Outcome {
    let horizon = run.days.clamp(1, MAX_DAYS) * 86_400;
    let at = |secs: i64| run.now.checked_add(SignedDuration::from_secs(secs)).unwrap_or(Timestamp::MAX);
    // A reset already due (the daemon has not rolled the month over yet) happens at the first step.
    let offset = |t: Timestamp| t.duration_since(run.now).as_secs().max(1);
    let mut resets = run.resets.iter().map(|r| offset(*r)).peekable();
    // Only seats that burn move; the others' included credits count only in the lowest balance.
    let burning: Vec<usize> = (0..run.seats.len()).filter(|&i| used_by(&run.seats[i], horizon) > 0).collect();
    let idle_lowest = |month_start: bool| {
        run.seats
            .iter()
            .filter(|s| used_by(s, horizon) == 0)
            .map(|s| if month_start { s.allowance.millis() } else { s.included.millis() })
            .min()
    };
    let mut idle = idle_lowest(false);
    let step = step_for(burning.len(), horizon);
    let mut included: Vec<i64> = run.seats.iter().map(|s| s.included.millis()).collect();
    let mut drawn: Vec<i64> = run.seats.iter().map(|s| s.topup_limit.map_or(0, |(_, u)| u.millis())).collect();
    let mut used_so_far = vec![0i64; run.seats.len()];
    let mut topup = run.topup.millis();
    let mut budget_drawn = run.budget.map_or(0, |(_, u)| u.millis());
    let mut spent = run.spent_this_month.get();
    let mut capped_this_month = false;
    let mut out = Outcome { step_seconds: step, ..Outcome::default() };
    let mut t = 0;
    while t < horizon {
        t = (t + step).min(horizon);
        if resets.next_if(|r| *r <= t).is_some() {
            for (i, s) in run.seats.iter().enumerate() {
                included[i] = s.allowance.millis();
                drawn[i] = 0;
            }
            idle = idle_lowest(true);
            budget_drawn = 0;
            spent = 0;
            capped_this_month = false;
        }
        let mut lowest = idle;
        for &i in &burning {
            let s = &run.seats[i];
            let total = used_by(s, t);
            let mut want = total - used_so_far[i];
            used_so_far[i] = total;
            let from_included = want.min(included[i]);
            included[i] -= from_included;
            want -= from_included;
            let allowed = [
                Some(topup),
                s.topup_limit.map(|(l, _)| l.millis() - drawn[i]),
                run.budget.map(|(b, _)| b.millis() - budget_drawn),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0)
            .max(0);
            let from_topup = want.min(allowed);
            topup -= from_topup;
            drawn[i] += from_topup;
            budget_drawn += from_topup;
            if want > from_topup && out.first_refusal.is_none() {
                out.first_refusal = Some(at(t));
            }
            lowest = Some(lowest.map_or(included[i], |l| l.min(included[i])));
        }
        let lowest = lowest.unwrap_or(0).saturating_add(topup);
        if lowest < run.below.millis() {
            if spent.saturating_add(run.amount.get()) <= run.monthly_cap.get() {
                spent += run.amount.get();
                topup = topup.saturating_add(run.credits_per_purchase.millis());
                out.fires.push(at(t));
            } else if !capped_this_month {
                capped_this_month = true;
                out.capped.push(at(t));
            }
        }
    }
    out
}

/// What `s` has used in all `t` seconds into the run: its burn applied to `t`, exactly.
fn used_by(s: &SeatRun, t: i64) -> i64 {
    if s.window_seconds <= 0 || s.consumed.millis() <= 0 {
        return 0;
    }
    let used = i128::from(s.consumed.millis()) * i128::from(t) / i128::from(s.window_seconds);
    i64::try_from(used).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(whole: i64) -> Credits {
        Credits::from_millis(whole * 1000)
    }

    fn now() -> Timestamp {
        "2026-11-10T00:00:00Z".parse().unwrap()
    }

    /// One seat burning 100 credits a day, no included left, 250 in the pool; the rule buys
    /// 1,000 credits ($10) below 200, at most $20 a month; the month ends in 30 days.
    fn run() -> Run {
        Run {
            now: now(),
            days: 30,
            seats: vec![SeatRun {
                included: c(0),
                allowance: c(0),
                consumed: c(700),
                window_seconds: 7 * 86_400,
                topup_limit: None,
            }],
            topup: c(250),
            budget: None,
            below: c(200),
            amount: Cents::new(1_000),
            monthly_cap: Cents::new(2_000),
            spent_this_month: Cents::new(0),
            credits_per_purchase: c(1_000),
            resets: vec!["2026-12-10T00:00:00Z".parse().unwrap()],
        }
    }

    #[test]
    fn fires_when_the_pool_falls_below_the_threshold_and_stops_at_the_cap() {
        // 29 days: the run ends before the reset.
        let out = simulate(&Run { days: 29, ..run() });
        // 250 − 100/day falls below 200 after 12 h (50 credits = 43,200 s); then 1,200 lasts
        // until it is below 200 again: 1,000 more credits = 10 days later.
        let hours = |h: i64| now() + SignedDuration::from_hours(h);
        assert_eq!(
            out.fires,
            vec![hours(12) + SignedDuration::from_secs(60), hours(12 + 240) + SignedDuration::from_secs(60)]
        );
        // The third purchase would pass $20: capped, once, 10 days after the second.
        assert_eq!(out.capped, vec![hours(12 + 480) + SignedDuration::from_secs(60)]);
        // 2,250 credits last 22.5 days.
        assert_eq!(out.first_refusal, Some(hours(540) + SignedDuration::from_secs(60)));
    }

    #[test]
    fn a_reset_refills_included_and_the_cap() {
        let mut r = run();
        r.days = 40;
        r.seats[0].allowance = c(500);
        let out = simulate(&r);
        // As above until the reset at day 30 (refused from day 22.5); then 500 included, and
        // included + top-up falls below 200 three days later (the reset's step spends the minute
        // before it from the new allowance): the fresh cap allows a purchase.
        let reset: Timestamp = "2026-12-10T00:00:00Z".parse().unwrap();
        let minute = SignedDuration::from_secs(60);
        assert_eq!(out.fires.len(), 3, "{out:?}");
        assert_eq!(out.fires[2], reset + SignedDuration::from_hours(72));
        assert_eq!(out.capped.len(), 1, "the cap stopped one purchase, in the first month");
        assert_eq!(out.first_refusal, Some(now() + SignedDuration::from_hours(540) + minute));
    }

    #[test]
    fn an_idle_workspace_never_buys() {
        let mut r = run();
        r.seats[0].consumed = c(0);
        r.topup = c(300);
        assert_eq!(simulate(&r), Outcome { step_seconds: STEP_SECONDS, ..Outcome::default() });
    }

    #[test]
    fn a_large_workspace_gets_coarser_steps_and_a_bounded_run() {
        assert_eq!(step_for(1, 92 * 86_400), STEP_SECONDS);
        assert_eq!(step_for(37, 92 * 86_400), STEP_SECONDS, "37 seats × 132,480 minutes fit");
        assert_eq!(step_for(38, 92 * 86_400), 2 * STEP_SECONDS);
        // 20,001 burning seats over 92 days: 2.65e9 seat-minutes, so 530-minute steps.
        let step = step_for(20_001, 92 * 86_400);
        assert_eq!(step, 530 * 60);
        assert!(20_001 * (92 * 86_400 / step) <= MAX_SEAT_STEPS);
        let mut r = run();
        r.days = 92;
        r.seats = vec![r.seats[0].clone(); 20_001];
        let started = std::time::Instant::now();
        let out = simulate(&r);
        assert_eq!(out.step_seconds, 530 * 60);
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
    }

    #[test]
    fn an_overdue_reset_happens_at_the_first_step() {
        let mut r = run();
        r.seats[0].allowance = c(500);
        r.resets = vec![now() - SignedDuration::from_hours(1), "2026-12-10T00:00:00Z".parse().unwrap()];
        let out = simulate(&Run { days: 2, ..r });
        // 500 included from the first minute and 250 in the pool: 750 − 100/day stays above 200.
        assert!(out.fires.is_empty(), "{out:?}");
    }
}
