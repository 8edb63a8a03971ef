//! `usage` (burn per month and pool, from the journal) and `advise` (top up or upgrade, with the
//! figures behind the answer). Exact integer arithmetic throughout: millicredits and cents.

use std::sync::Arc;

use credits_core::{Cents, Credits};
use credits_proto::calls::Scope;
use credits_proto::results::{Advice, Recommendation, Upgrade, UsageReport};

use crate::app::App;
use crate::error::AppError;
use crate::forecast::Seats;

/// `usage --months N`, with the burn rates and forecast of every seat, or of the seat the scope
/// names.
pub async fn usage(app: &Arc<App>, scope: Scope, n: u32) -> Result<UsageReport, AppError> {
    let n = n.clamp(1, 120);
    let (ws, _, list) = app.ledger.usage(scope.workspace.clone(), n).await?;
    let seats = if scope.seat.is_some() { Seats::One } else { Seats::Every };
    let forecast = crate::forecast::forecast(app, &scope, seats).await?;
    Ok(UsageReport { workspace: ws.name, current_period: ws.period, months: list, forecast: Some(forecast) })
}

/// What a month at `burn` costs on a plan: seats × price plus the top-ups for what the plan's
/// included credits do not cover.
fn monthly_cost(seats: i64, price: Cents, included_per_seat: Credits, burn: i64, credits_per_usd: i64) -> (i64, i64) {
    let included = included_per_seat.millis().saturating_mul(seats);
    let overflow = (burn - included).max(0);
    // cents = ceil(overflow millicredits × 100 / (credits_per_usd × 1000))
    let per_dollar = credits_per_usd.saturating_mul(Credits::SCALE).max(1);
    let topup_cents = overflow.saturating_mul(100).saturating_add(per_dollar - 1) / per_dollar;
    (price.get().saturating_mul(seats).saturating_add(topup_cents), topup_cents)
}

/// `advise`: compares buying top-ups with upgrading to the next plan, for the workspace's seat
/// count and its recent monthly burn.
pub async fn advise(app: &Arc<App>, scope: Scope) -> Result<Advice, AppError> {
    let (ws, seats, list) = app.ledger.usage(scope.workspace, 4).await?;
    let seats = seats as i64;
    let catalogue = &app.settings.plans;
    let cpu = app.settings.topup.credits_per_usd;
    let plan = catalogue
        .get(&ws.plan)
        .cloned()
        .ok_or_else(|| AppError::internal(format!("workspace plan '{}' is not in the catalogue", ws.plan)))?;
    // Recent burn: the average of up to three completed months, or this month so far if that is
    // higher (a partial month must not make the estimate smaller than what is already used).
    let current = list.iter().find(|m| m.period == ws.period).map_or(0, |m| m.used.millis());
    let completed: Vec<i64> = list.iter().filter(|m| m.period != ws.period).take(3).map(|m| m.used.millis()).collect();
    let average = if completed.is_empty() { 0 } else { completed.iter().sum::<i64>() / completed.len() as i64 };
    let burn = average.max(current);
    let (cost_now, topups_now) = monthly_cost(seats, plan.price_cents, plan.included, burn, cpu);
    let next = catalogue.upgrade_from(&plan.name).cloned();
    let upgrade = next.as_ref().map(|q| {
        let (cost, topups) = monthly_cost(seats, q.price_cents, q.included, burn, cpu);
        let extra_credits = (q.included.millis() - plan.included.millis()).saturating_mul(seats);
        let extra_cents = (q.price_cents.get() - plan.price_cents.get()).saturating_mul(seats);
        // millicredits per dollar = extra millicredits × 100 / extra cents
        let per_usd = (extra_cents > 0).then(|| Credits::from_millis(extra_credits.saturating_mul(100) / extra_cents));
        Upgrade {
            plan: q.name.clone(),
            price_per_seat_cents: q.price_cents,
            extra_credits_per_month: Credits::from_millis(extra_credits),
            extra_cost_per_month_cents: Cents::new(extra_cents),
            extra_credits_per_usd: per_usd,
            monthly_cost_cents: Cents::new(cost),
            monthly_topup_cents: Cents::new(topups),
            cheaper: cost < cost_now,
        }
    });
    let included = plan.included.millis().saturating_mul(seats);
    let (recommendation, reason) = if burn <= included {
        (
            Recommendation::Nothing,
            format!(
                "the {} plan's {} included credits a month cover the recent burn of {}",
                plan.name,
                Credits::from_millis(included),
                Credits::from_millis(burn)
            ),
        )
    } else {
        match (&next, &upgrade) {
            (Some(q), Some(u)) if u.cheaper => (
                Recommendation::Upgrade,
                format!(
                    "upgrading to {} costs {} a month instead of {} on {} with top-ups",
                    q.name,
                    u.monthly_cost_cents,
                    Cents::new(cost_now),
                    plan.name
                ),
            ),
            _ => (
                Recommendation::TopUp,
                format!(
                    "top-ups of about {} a month cost less than {}",
                    Cents::new(topups_now),
                    next.as_ref().map_or_else(|| "any upgrade".to_owned(), |q| format!("upgrading to {}", q.name))
                ),
            ),
        }
    };
    Ok(Advice {
        workspace: ws.name,
        plan: plan.name,
        seats,
        recent_monthly_burn: Credits::from_millis(burn),
        months_considered: u32::try_from(completed.len()).unwrap_or(u32::MAX),
        included_per_month: Credits::from_millis(included),
        topup_credits_per_usd: Credits::from_whole(cpu),
        monthly_cost_cents: Cents::new(cost_now),
        monthly_topup_cents: Cents::new(topups_now),
        upgrade,
        recommendation,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_cost_rounds_top_ups_up_to_the_cent() {
        let c = |n: i64| Credits::from_whole(n).unwrap();
        // pro, 2 seats, burn 6000: 5000 included, 1000 over at 100/$ = $10.
        assert_eq!(monthly_cost(2, Cents::new(2000), c(2500), c(6000).millis(), 100), (5000, 1000));
        // team covers it: 12000 included.
        assert_eq!(monthly_cost(2, Cents::new(4000), c(6000), c(6000).millis(), 100), (8000, 0));
        // 0.001 credit over still costs a cent.
        assert_eq!(monthly_cost(1, Cents::new(0), c(500), c(500).millis() + 1, 100), (1, 1));
    }
}
