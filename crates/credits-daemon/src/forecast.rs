//! Burn rates and the forecast (`forecast`, `usage`, `check --for`): reads what each seat
//! consumed since the period started and in the last 7 days, in one snapshot with the balances,
//! and hands them to the pure arithmetic in `credits_core::forecast`. Only the journal and the
//! daemon's clock go in, so the answer is deterministic.

use credits_core::forecast::{self, Basis, Burn, Inputs, SeatInput, When};
use credits_core::limits::{LimitKind, TopupLimit};
use credits_core::period::zone;
use credits_core::records::AutoRule;
use credits_core::records::{
    Balance, BurnRates, Forecast, ForecastBasis, ForecastTime, SeatForecast, WorkspaceForecast, WorkspaceInfo,
};
use credits_core::simulate::{self, Run, SeatRun};
use credits_core::time::fmt_instant;
use credits_core::{Cents, Credits, Period};
use credits_ledger::usage::{Consumption, Window};
use credits_proto::calls::Scope;
use credits_proto::results::{
    AutoTopupSimulation, CheckFor, SIMULATED_PURCHASES_LISTED, SimulatedPurchase, SimulatedTime,
};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::app::App;
use crate::error::AppError;

/// The longest `check --for`: ten years (as a key's lifetime).
pub const MAX_FOR_SECONDS: i64 = 10 * 366 * 86_400;

/// The most seats a forecast lists, so that `usage` of a workspace of any size stays within one
/// socket message (a seat's entry is about 500 bytes).
const MAX_LISTED: usize = credits_proto::page::PAGE_ITEMS as usize;

/// Which seats a forecast lists (the workspace's totals always cover every seat).
#[derive(Debug, Clone)]
pub enum Seats {
    Every,
    /// The scope's seat: named, the caller's own, or the only one.
    One,
}

/// A workspace's consumption read for the forecast, with the instants it was read for.
struct Snapshot {
    now: Timestamp,
    start: Timestamp,
    reset: Timestamp,
    tz: TimeZone,
    data: Consumption,
}

/// The daemon's clock rounded up to the whole second: every entry written so far is before it.
fn now_second(app: &App) -> Timestamp {
    let now = app.now();
    let up = if now.subsec_nanosecond() > 0 { now.as_second().saturating_add(1) } else { now.as_second() };
    Timestamp::from_second(up).unwrap_or(now)
}

fn period_bounds(info: &WorkspaceInfo) -> Result<(TimeZone, Timestamp, Timestamp), AppError> {
    let tz = zone(&info.time_zone).map_err(|e| AppError::internal(e.to_string()))?;
    let period: Period =
        info.period.parse().map_err(|e: credits_core::PeriodError| AppError::internal(e.to_string()))?;
    Ok((tz.clone(), period.start(&tz), period.end(&tz)))
}

/// Reads the consumption since the period started and in the last 7 days. The period is the
/// workspace's (a reset or a new time zone between the two reads is read again). An entry
/// written after `now` was read counts in the balances but not in the windows.
async fn snapshot(app: &App, workspace: Option<String>) -> Result<Snapshot, AppError> {
    let now = now_second(app);
    let mut info = app.ledger.workspace_info(workspace.clone()).await?;
    for _ in 0..3 {
        let (tz, start, reset) = period_bounds(&info)?;
        let week_ago = now.checked_sub(SignedDuration::from_secs(forecast::WEEK_SECONDS)).unwrap_or(now);
        let windows = vec![Window { from: start, to: now }, Window { from: week_ago, to: now }];
        let data = app.ledger.consumption(workspace.clone(), windows).await?;
        if data.info.period == info.period && data.info.time_zone == info.time_zone {
            return Ok(Snapshot { now, start, reset, tz, data });
        }
        info = data.info;
    }
    Err(AppError::internal("the workspace's period kept changing while its usage was read"))
}

fn basis(b: Basis) -> ForecastBasis {
    match b {
        Basis::Period => ForecastBasis::Period,
        Basis::Last7Days => ForecastBasis::Last7Days,
    }
}

fn rates(b: Burn) -> BurnRates {
    BurnRates { period: b.period.per_day(), last_7_days: b.last_7_days.per_day() }
}

fn time(w: When, tz: &TimeZone) -> ForecastTime {
    match w {
        When::At(t) => ForecastTime {
            at: Some(fmt_instant(t)),
            at_local: Some(t.to_zoned_datetime(tz.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()),
            not_before_reset: false,
        },
        When::NotBeforeReset => ForecastTime { at: None, at_local: None, not_before_reset: true },
    }
}

impl Snapshot {
    fn since_start(&self) -> i64 {
        self.now.as_second() - self.start.as_second()
    }

    /// Each seat's two rates: `used[0]` since the period started, `used[1]` in the last 7 days.
    fn burns(&self) -> Vec<Burn> {
        let none = Credits::ZERO;
        let at = |u: &[Credits], i: usize| u.get(i).copied().unwrap_or(none);
        self.data.seats.iter().map(|s| Burn::new(at(&s.used, 0), self.since_start(), at(&s.used, 1))).collect()
    }

    /// The forecast's inputs: each seat's included credits and burn, with what its own monthly
    /// limit still lets it draw, and the pool capped by what the workspace's budget still allows.
    fn inputs(&self, burns: &[Burn]) -> Inputs {
        let seats: Vec<SeatInput> = self
            .data
            .seats
            .iter()
            .zip(burns)
            // What the seat's own monthly limit still lets it draw; the workspace's budget is
            // the pool's cap below.
            .map(|(s, b)| SeatInput {
                included: s.balance.included.remaining,
                burn: *b,
                topup_allowance: s
                    .balance
                    .limits
                    .iter()
                    .find(|l| l.kind == LimitKind::SeatTopupMonthly)
                    .map(TopupLimit::remaining),
            })
            .collect();
        let info = &self.data.info;
        let budget = info.topup_budget_per_month.map(|limit| {
            TopupLimit { kind: LimitKind::WorkspaceTopupMonthly, limit, used: info.topup_used_this_month }.remaining()
        });
        Inputs { now: self.now, reset: self.reset, topup: self.data.topup, budget, seats }
    }

    fn forecast(&self, only: Option<&str>) -> Forecast {
        let burns = self.burns();
        let outlook = forecast::forecast(&self.inputs(&burns));
        let mut listed = Vec::new();
        let mut more_seats = 0_u64;
        for ((s, b), o) in self.data.seats.iter().zip(&burns).zip(&outlook.seats) {
            if only.is_some_and(|n| n != s.balance.seat) {
                continue;
            }
            if listed.len() >= MAX_LISTED {
                more_seats += 1;
                continue;
            }
            listed.push(SeatForecast {
                seat: s.balance.seat.clone(),
                included: s.balance.included.remaining,
                spendable: s.balance.spendable,
                burn_per_day: rates(*b),
                basis: basis(o.basis),
                included_runs_out: time(o.included_out, &self.tz),
                spendable_reaches_zero: time(o.spendable_zero, &self.tz),
            });
        }
        // The workspace's rates: its seats' consumption summed, over the same windows.
        let sum = |i: usize| {
            let m = self
                .data
                .seats
                .iter()
                .map(|s| s.used.get(i).map_or(0, |c| c.millis()))
                .fold(0_i64, i64::saturating_add);
            Credits::from_millis(m)
        };
        let total = Burn::new(sum(0), self.since_start(), sum(1));
        let info = &self.data.info;
        Forecast {
            workspace: info.name.clone(),
            period: info.period.clone(),
            time_zone: info.time_zone.clone(),
            now: fmt_instant(self.now),
            period_start: fmt_instant(self.start),
            resets_at: fmt_instant(self.reset),
            topup: self.data.topup,
            totals: WorkspaceForecast {
                burn_per_day: rates(total),
                included_runs_out: time(outlook.included_out, &self.tz),
                spendable_reaches_zero: time(outlook.spendable_zero, &self.tz),
            },
            seats: listed,
            more_seats,
        }
    }
}

/// The snapshot of the scope's workspace and, for [`Seats::One`], the seat's name.
async fn read(app: &App, scope: &Scope, seats: Seats) -> Result<(Snapshot, Option<String>), AppError> {
    let only = match seats {
        Seats::Every => None,
        // Resolved as a balance is (named, the caller's own, the only one), so an unknown seat
        // is the same not-found error.
        Seats::One => Some(app.ledger.balance(scope).await?.seat),
    };
    let snap = snapshot(app, scope.workspace.clone()).await?;
    if let Some(name) = &only
        && !snap.data.seats.iter().any(|s| s.balance.seat == *name)
    {
        return Err(AppError::internal(format!("seat '{name}' was removed while its usage was read")));
    }
    Ok((snap, only))
}

/// The forecast of the scope's workspace, listing every seat or the scope's one.
pub async fn forecast(app: &App, scope: &Scope, seats: Seats) -> Result<Forecast, AppError> {
    let (snap, only) = read(app, scope, seats).await?;
    Ok(snap.forecast(only.as_deref()))
}

/// `check AMOUNT --for SECONDS`: the amount plus the seat's forecast-basis burn over that long
/// (rounded up to the millicredit) against what it can spend now; refills at a reset are not
/// counted.
pub async fn check_for(
    app: &App,
    scope: &Scope,
    amount: Credits,
    seconds: i64,
) -> Result<(bool, Balance, CheckFor), AppError> {
    if !(1..=MAX_FOR_SECONDS).contains(&seconds) {
        return Err(AppError::invalid(format!("for_seconds must be from 1 to {MAX_FOR_SECONDS} (ten years)")));
    }
    let (snap, only) = read(app, scope, Seats::One).await?;
    let burns = snap.burns();
    let (index, (seat, burn)) = snap
        .data
        .seats
        .iter()
        .zip(burns.iter().copied())
        .enumerate()
        .find(|(_, (s, _))| only.as_deref() == Some(s.balance.seat.as_str()))
        .ok_or_else(|| AppError::internal("the seat is not in its workspace's usage"))?;
    // The exact rate decides, not its per-day rounding.
    let rate = burn.rate();
    let need =
        amount.checked_add(rate.over(seconds)).ok_or_else(|| AppError::invalid("amount plus the burn is too large"))?;
    let spendable = seat.balance.spendable;
    let over = CheckFor {
        amount,
        for_seconds: seconds,
        burn_per_day: rate.per_day(),
        basis: basis(burn.basis()),
        need,
        spendable,
    };
    // The pool is shared: the other seats' burn may empty it before this seat's own would. With
    // the amount taken now, the forecast must not see the seat run dry before the time is up.
    let until = snap.now.checked_add(SignedDuration::from_secs(seconds)).unwrap_or(Timestamp::MAX);
    // A seat that burns nothing needs nothing after the amount; one that burns must not run dry
    // before the end (the forecast's instants are rounded down to the second: a second's grace,
    // the exact check of its own burn being `need <= spendable`).
    let lasts = need <= spendable
        && (rate.is_zero() || {
            let mut inputs = snap.inputs(&burns);
            let me = &mut inputs.seats[index];
            let from_included = amount.min(me.included);
            let from_topup = amount.checked_sub(from_included).unwrap_or(Credits::ZERO);
            me.included = me.included.checked_sub(from_included).unwrap_or(Credits::ZERO);
            me.topup_allowance = me.topup_allowance.map(|a| a.checked_sub(from_topup).unwrap_or(Credits::ZERO));
            inputs.topup = inputs.topup.checked_sub(from_topup).unwrap_or(Credits::ZERO);
            inputs.budget = inputs.budget.map(|b| b.checked_sub(from_topup).unwrap_or(Credits::ZERO));
            match forecast::forecast(&inputs).seats[index].spendable_zero {
                When::At(t) => t.as_second().saturating_add(1) >= until.as_second(),
                When::NotBeforeReset => true,
            }
        });
    Ok((lasts, seat.balance.clone(), over))
}

/// `auto-topup simulate`: the workspace's rule (or `trial`, a rule to try) run forward `days`
/// at each seat's forecast rate, through `credits_core::simulate`.
pub async fn simulate_auto_topup(
    app: &App,
    scope: &Scope,
    days: u32,
    trial: Option<AutoRule>,
) -> Result<AutoTopupSimulation, AppError> {
    let max = simulate::MAX_DAYS;
    if !(1..=max).contains(&i64::from(days)) {
        return Err(AppError::invalid(format!("--days must be from 1 to {max}")));
    }
    let auto = app.ledger.auto_topup(scope.workspace.clone()).await?;
    let workspace_rule = trial.is_none();
    let rule = trial.or(auto.rule).ok_or_else(|| {
        AppError::invalid(format!(
            "workspace '{}' has no auto top-up rule: set one, or give --below, --buy and --max-per-month to try one",
            auto.workspace.name
        ))
    })?;
    let credits_per_purchase = rule
        .amount_cents
        .to_credits(app.settings.topup.credits_per_usd)
        .ok_or_else(|| AppError::invalid("the auto top-up amount is too large"))?;
    let snap = snapshot(app, scope.workspace.clone()).await?;
    let burns = snap.burns();
    let info = &snap.data.info;
    let seats: Vec<SeatRun> = snap
        .data
        .seats
        .iter()
        .zip(&burns)
        .map(|(s, b)| {
            let rate = b.rate();
            let own = s.balance.limits.iter().find(|l| l.kind == LimitKind::SeatTopupMonthly);
            SeatRun {
                included: s.balance.included.remaining,
                allowance: s.balance.included.allowance,
                consumed: rate.used(),
                window_seconds: rate.seconds(),
                topup_limit: own.map(|l| (l.limit, l.used)),
            }
        })
        .collect();
    let burn_per_day = burns
        .iter()
        .map(|b| b.rate().per_day())
        .try_fold(Credits::ZERO, Credits::checked_add)
        .unwrap_or(Credits::from_millis(i64::MAX));
    let until = snap.now.checked_add(SignedDuration::from_hours(24 * i64::from(days))).unwrap_or(Timestamp::MAX);
    // The resets the run crosses: the current period's end, then each next month's.
    let mut resets = vec![snap.reset];
    let mut period: Period =
        info.period.parse().map_err(|e: credits_core::PeriodError| AppError::internal(e.to_string()))?;
    while resets.last().is_some_and(|r| *r <= until) {
        period = period.next();
        resets.push(period.end(&snap.tz));
    }
    let run = Run {
        now: snap.now,
        days: i64::from(days),
        seats,
        topup: snap.data.topup,
        budget: info.topup_budget_per_month.map(|b| (b, info.topup_used_this_month)),
        below: rule.below,
        amount: rule.amount_cents,
        monthly_cap: rule.monthly_limit_cents,
        spent_this_month: auto.spent,
        credits_per_purchase,
        resets,
    };
    // Bounded (`simulate::MAX_SEAT_STEPS`) but CPU-bound: off the async workers.
    let out = tokio::task::spawn_blocking(move || simulate::simulate(&run)).await?;
    let when = |t: Timestamp| {
        let local = time(When::At(t), &snap.tz);
        SimulatedTime { at: local.at.unwrap_or_default(), at_local: local.at_local.unwrap_or_default() }
    };
    let listed = out.fires.len().min(SIMULATED_PURCHASES_LISTED);
    let purchases: Vec<SimulatedPurchase> = out.fires[..listed]
        .iter()
        .map(|t| {
            let w = when(*t);
            SimulatedPurchase {
                at: w.at,
                at_local: w.at_local,
                amount_cents: rule.amount_cents,
                credits: credits_per_purchase,
            }
        })
        .collect();
    let count = i64::try_from(out.fires.len()).unwrap_or(i64::MAX);
    Ok(AutoTopupSimulation {
        workspace: info.name.clone(),
        time_zone: info.time_zone.clone(),
        from: fmt_instant(snap.now),
        until: fmt_instant(until),
        days,
        spent_cents: Cents::new(rule.amount_cents.get().saturating_mul(count)),
        rule,
        workspace_rule,
        burn_per_day,
        purchases,
        more_purchases: u64::try_from(out.fires.len() - listed).unwrap_or(u64::MAX),
        step_seconds: out.step_seconds,
        capped: out.capped.iter().map(|t| when(*t)).collect(),
        first_refusal: out.first_refusal.map(when),
    })
}
