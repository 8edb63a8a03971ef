//! The forecast against hand-computed figures, and its promises under random inputs.

use proptest::prelude::*;

use super::*;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn c(credits: i64) -> Credits {
    Credits::from_whole(credits).unwrap()
}

/// 2026-11-11T00:00Z, ten days into a UTC November: 864,000 s since the start, 1,728,000 s (20
/// days) to the reset.
const NOW: &str = "2026-11-11T00:00:00Z";
const RESET: &str = "2026-12-01T00:00:00Z";
const SINCE_START: i64 = 864_000;

fn seat(included: i64, period_used: i64, week_used: i64) -> SeatInput {
    SeatInput {
        included: c(included),
        burn: Burn::new(c(period_used), SINCE_START, c(week_used)),
        topup_allowance: None,
    }
}

fn inputs(topup: i64, seats: Vec<SeatInput>) -> Inputs {
    Inputs { now: ts(NOW), reset: ts(RESET), topup: c(topup), budget: None, seats }
}

#[test]
fn rates_per_day_round_down_and_need_rounds_up() {
    // 100 credits over 10 days: 100,000 × 86,400 / 864,000 = 10,000 millicredits a day.
    assert_eq!(Rate::new(c(100), SINCE_START).per_day(), c(10));
    // 1 millicredit over 7 days: 86,400 / 604,800 = 0.142… → 0.
    assert_eq!(Rate::new(Credits::from_millis(1), WEEK_SECONDS).per_day(), Credits::ZERO);
    // 10 credits over 3 days: 10,000 × 86,400 / 259,200 = 3,333.3… → 3.333.
    assert_eq!(Rate::new(c(10), 259_200).per_day(), Credits::from_millis(3_333));
    // 70 credits a week, over 7 days: exactly 70; over 1 s: 70,000 / 604,800 = 0.11… → 1 millicredit.
    let week = Rate::new(c(70), WEEK_SECONDS);
    assert_eq!(week.over(WEEK_SECONDS), c(70));
    assert_eq!(week.over(1), Credits::from_millis(1));
    // An empty window is no burn at all.
    assert!(Rate::new(c(5), 0).is_zero());
    assert_eq!(Rate::new(c(5), 0).per_day(), Credits::ZERO);
}

#[test]
fn basis_is_the_greater_rate_and_a_tie_is_the_week() {
    // 100 over 10 days (10/day) against 84 over 7 days (12/day).
    assert_eq!(Burn::new(c(100), SINCE_START, c(84)).basis(), Basis::Last7Days);
    // 200 over 10 days (20/day) against 70 over 7 days (10/day).
    assert_eq!(Burn::new(c(200), SINCE_START, c(70)).basis(), Basis::Period);
    // 100 over 10 days and 70 over 7 days: both 10/day.
    assert_eq!(Burn::new(c(100), SINCE_START, c(70)).basis(), Basis::Last7Days);
    assert_eq!(Burn::new(c(0), 0, c(0)).basis(), Basis::Last7Days);
}

#[test]
fn one_seat_runs_out_of_included_then_of_the_pool() {
    // 12 credits a day (84 in 7 days beats 100 in 10 days); 60 included last 60 / 12 = 5 days
    // (432,000 s); then the 30 top-up credits last 30 / 12 = 2.5 days (216,000 s more).
    let out = forecast(&inputs(30, vec![seat(60, 100, 84)]));
    assert_eq!(out.seats[0].basis, Basis::Last7Days);
    assert_eq!(out.seats[0].included_out, When::At(ts("2026-11-16T00:00:00Z")));
    assert_eq!(out.seats[0].spendable_zero, When::At(ts("2026-11-18T12:00:00Z")));
    assert_eq!(out.included_out, When::At(ts("2026-11-16T00:00:00Z")));
    assert_eq!(out.spendable_zero, When::At(ts("2026-11-18T12:00:00Z")));
}

#[test]
fn a_seat_without_usage_lasts_past_the_reset_and_so_does_the_workspace() {
    let out = forecast(&inputs(30, vec![seat(60, 100, 84), seat(50, 0, 0)]));
    assert_eq!(out.seats[1].included_out, When::NotBeforeReset);
    assert_eq!(out.seats[1].spendable_zero, When::NotBeforeReset);
    // The busy seat still stops on the 18th; the workspace as a whole does not stop.
    assert_eq!(out.seats[0].spendable_zero, When::At(ts("2026-11-18T12:00:00Z")));
    assert_eq!(out.included_out, When::NotBeforeReset);
    assert_eq!(out.spendable_zero, When::NotBeforeReset);
    // Without top-up credits, an idle seat with nothing included is out now and at zero now.
    let out = forecast(&inputs(0, vec![seat(0, 0, 0)]));
    assert_eq!(out.seats[0].included_out, When::At(ts(NOW)));
    assert_eq!(out.seats[0].spendable_zero, When::At(ts(NOW)));
}

#[test]
fn two_seats_drain_the_pool_piecewise() {
    // a: 10/day (70 in 7 days; 50 in 10 days is only 5/day); 20 included: out after 2 days.
    // b: 20/day (200 in 10 days; 70 in 7 days is 10/day); 80 included: out after 4 days.
    // The pool of 100: a alone draws 10/day for days 2–4 (20), then both draw 30/day: the other
    // 80 last 80 / 30 days = 230,400 s; empty at 345,600 + 230,400 = 576,000 s (exactly).
    let out = forecast(&inputs(100, vec![seat(20, 50, 70), seat(80, 200, 70)]));
    assert_eq!(out.seats[0].basis, Basis::Last7Days);
    assert_eq!(out.seats[1].basis, Basis::Period);
    assert_eq!(out.seats[0].included_out, When::At(ts("2026-11-13T00:00:00Z")));
    assert_eq!(out.seats[1].included_out, When::At(ts("2026-11-15T00:00:00Z")));
    assert_eq!(out.seats[0].spendable_zero, When::At(ts("2026-11-17T16:00:00Z")));
    assert_eq!(out.seats[1].spendable_zero, When::At(ts("2026-11-17T16:00:00Z")));
    assert_eq!(out.included_out, When::At(ts("2026-11-15T00:00:00Z")));
    assert_eq!(out.spendable_zero, When::At(ts("2026-11-17T16:00:00Z")));
    // One more millicredit in the pool: 0.001 / 30 per day = 2.88 s more, rounded down.
    let mut i = inputs(100, vec![seat(20, 50, 70), seat(80, 200, 70)]);
    i.topup = Credits::from_millis(100_001);
    assert_eq!(forecast(&i).spendable_zero, When::At(ts("2026-11-17T16:00:02Z")));
}

#[test]
fn instants_round_down_to_the_second() {
    // 7 credits in 7 days is 1 credit a day: 1 millicredit lasts 604,800 / 7,000 = 86.4 s → 86.
    let out = forecast(&inputs(
        0,
        vec![SeatInput {
            included: Credits::from_millis(1),
            burn: Burn::new(Credits::ZERO, SINCE_START, c(7)),
            topup_allowance: None,
        }],
    ));
    assert_eq!(out.seats[0].included_out, When::At(ts("2026-11-11T00:01:26Z")));
    assert_eq!(out.seats[0].spendable_zero, When::At(ts("2026-11-11T00:01:26Z")));
}

#[test]
fn allowances_and_the_budget_stop_a_seat_early() {
    // a: 10/day, 20 included (out after 2 days), may draw 10 more top-up: zero after 3 days,
    // while the pool of 100 lasts; b idle.
    let mut a = seat(20, 50, 70);
    a.topup_allowance = Some(c(10));
    let out = forecast(&inputs(100, vec![a, seat(5, 0, 0)]));
    assert_eq!(out.seats[0].spendable_zero, When::At(ts("2026-11-14T00:00:00Z")));
    assert_eq!(out.seats[1].spendable_zero, When::NotBeforeReset);
    // A workspace budget of 5 left caps the pool: a stops after 2 + 5 / 10 days = 2.5 days.
    let mut i = inputs(100, vec![seat(20, 50, 70)]);
    i.budget = Some(c(5));
    assert_eq!(forecast(&i).seats[0].spendable_zero, When::At(ts("2026-11-13T12:00:00Z")));
    // An allowance already drawn: the seat stops when its included does.
    let mut a = seat(20, 50, 70);
    a.topup_allowance = Some(Credits::ZERO);
    let out = forecast(&inputs(100, vec![a]));
    assert_eq!(out.seats[0].spendable_zero, When::At(ts("2026-11-13T00:00:00Z")));
}

#[test]
fn nothing_before_a_reset_that_is_due() {
    // A reset that is due (the clock is past it): every instant is at or after it.
    let mut i = inputs(0, vec![seat(20, 50, 70)]);
    i.reset = ts(NOW);
    let out = forecast(&i);
    assert_eq!(out.seats[0].included_out, When::NotBeforeReset);
    assert_eq!(out.spendable_zero, When::NotBeforeReset);
    // A stop exactly at the reset is not before it: 10/day for 20 days is 200.
    let out = forecast(&inputs(0, vec![seat(200, 50, 70)]));
    assert_eq!(out.seats[0].included_out, When::NotBeforeReset);
    let out = forecast(&inputs(0, vec![SeatInput { included: Credits::from_millis(199_999), ..seat(0, 50, 70) }]));
    // 199.999 / 10 per day = 1,727,991.36 s → 9 s before the reset.
    assert_eq!(out.seats[0].included_out, When::At(ts("2026-11-30T23:59:51Z")));
}

/// Orders instants, "not before the reset" last.
fn rank(w: When) -> i64 {
    match w {
        When::At(t) => t.as_second(),
        When::NotBeforeReset => i64::MAX,
    }
}

fn arb_seat() -> impl Strategy<Value = SeatInput> {
    (0..200_000_i64, 0..500_000_i64, 0..400_000_i64, proptest::option::of(0..100_000_i64)).prop_map(
        |(included, period, week, allowance)| SeatInput {
            included: Credits::from_millis(included),
            burn: Burn::new(Credits::from_millis(period), SINCE_START, Credits::from_millis(week)),
            topup_allowance: allowance.map(Credits::from_millis),
        },
    )
}

fn arb_inputs() -> impl Strategy<Value = Inputs> {
    (0..1_000_000_i64, proptest::option::of(0..1_000_000_i64), proptest::collection::vec(arb_seat(), 0..5)).prop_map(
        |(topup, budget, seats)| Inputs {
            now: ts(NOW),
            reset: ts(RESET),
            topup: Credits::from_millis(topup),
            budget: budget.map(Credits::from_millis),
            seats,
        },
    )
}

proptest! {
    /// A seat's spendable never reaches zero before its included runs out, and the workspace's
    /// figures are the latest of its seats'.
    #[test]
    fn zero_never_before_included_is_out(i in arb_inputs()) {
        let out = forecast(&i);
        for s in &out.seats {
            prop_assert!(rank(s.spendable_zero) >= rank(s.included_out));
        }
        let latest = |f: fn(&SeatOutlook) -> When| out.seats.iter().map(|s| rank(f(s))).max().unwrap_or(ts(NOW).as_second());
        prop_assert_eq!(rank(out.included_out), latest(|s| s.included_out));
        prop_assert_eq!(rank(out.spendable_zero), latest(|s| s.spendable_zero));
    }

    /// More credits (top-up, the budget, a seat's included) never make any stop earlier. A
    /// larger allowance never makes its own seat stop earlier (the others may: that seat then
    /// draws more of the shared pool).
    #[test]
    fn more_balance_is_never_earlier(i in arb_inputs(), extra in 1..50_000_i64, which in 0..4_usize, pick in 0..5_usize) {
        let before = forecast(&i);
        let mut more = i.clone();
        let add = |c: Credits| Credits::from_millis(c.millis() + extra);
        match which {
            0 => more.topup = add(more.topup),
            1 => more.budget = more.budget.map(add),
            _ if more.seats.is_empty() => {}
            2 => { let n = pick % more.seats.len(); more.seats[n].included = add(more.seats[n].included); }
            _ => {
                let n = pick % more.seats.len();
                more.seats[n].topup_allowance = more.seats[n].topup_allowance.map(add);
                let after = forecast(&more);
                prop_assert!(rank(after.seats[n].spendable_zero) >= rank(before.seats[n].spendable_zero));
                return Ok(());
            }
        }
        let after = forecast(&more);
        for (b, a) in before.seats.iter().zip(&after.seats) {
            prop_assert!(rank(a.included_out) >= rank(b.included_out));
            prop_assert!(rank(a.spendable_zero) >= rank(b.spendable_zero));
        }
        prop_assert!(rank(after.spendable_zero) >= rank(before.spendable_zero));
    }

    /// The pool's empty second is where the seats' draws cross it: not yet drawn at that second,
    /// drawn by the next.
    #[test]
    fn the_pool_empties_where_the_draws_cross_it(i in arb_inputs()) {
        let drawers: Vec<Drawer> = i.seats.iter().map(Drawer::new).collect();
        let pool = i128::from(i.topup.min(i.budget.unwrap_or(i.topup)).millis());
        let horizon = 1_728_000;
        if let Some(e) = pool_empty(&drawers, pool, horizon) {
            // Draws measured with the largest window (864,000 and 604,800 both divide it).
            let scale = 864_000 * 604_800 / gcd(864_000, 604_800);
            let drawn = |s: i128| drawers.iter().map(|d| d.drawn_by(s, scale)).sum::<i128>();
            prop_assert!(drawn(e) <= pool * scale);
            prop_assert!(drawn(e + 1) >= pool * scale);
        }
    }
}
