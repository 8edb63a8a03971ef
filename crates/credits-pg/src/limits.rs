//! The month counters behind top-up limits (`credits_core::limits`), as in the SQLite backend:
//! each seat and each workspace counts the top-up credits it drew in one month. They move under
//! the workspace's row lock in the transaction of the debit or hold that draws (and of the hold
//! that gives back), so concurrent daemons check and draw one after another; the schema's
//! triggers refuse a counter past its limit.

use credits_core::Credits;
use credits_core::limits::{Counter, TopupLimit, applying};
use credits_ledger::StoreError;

use crate::db::{self, SeatRow, Tx, WsRow};

pub fn seat_counter(seat: &SeatRow) -> Counter<'_> {
    Counter { limit: seat.topup_limit, used: seat.topup_used, period: seat.topup_used_period.as_deref() }
}

pub fn ws_counter(ws: &WsRow) -> Counter<'_> {
    Counter { limit: ws.topup_budget, used: ws.topup_used, period: ws.topup_used_period.as_deref() }
}

/// The limits that apply to `seat` now, with what this month has used of each.
pub fn of(ws: &WsRow, seat: &SeatRow) -> Vec<TopupLimit> {
    applying(seat_counter(seat), ws_counter(ws), &ws.period)
}

/// Top-up credits `seat` drew this month.
pub fn seat_used(ws: &WsRow, seat: &SeatRow) -> Credits {
    seat_counter(seat).used_in(&ws.period)
}

/// Top-up credits all seats of `ws` drew this month.
pub fn workspace_used(ws: &WsRow) -> Credits {
    ws_counter(ws).used_in(&ws.period)
}

/// Counts `millis` of top-up drawn by `seat` this month in memory (the batch writes the rows);
/// `None`, changing nothing, when a counter would overflow.
pub fn count_draw(ws: &mut WsRow, seat: &mut SeatRow, millis: i64) -> Option<()> {
    if millis <= 0 {
        return Some(());
    }
    let seat_after = seat_counter(seat).after_draw(&ws.period, millis)?;
    let ws_after = ws_counter(ws).after_draw(&ws.period, millis)?;
    seat.topup_used = seat_after;
    ws.topup_used = ws_after;
    seat.topup_used_period = Some(ws.period.clone());
    ws.topup_used_period = Some(ws.period.clone());
    Some(())
}

/// Counts `millis` of top-up drawn by `seat` this month, on the seat and on the workspace.
pub async fn draw(tx: &Tx<'_>, ws: &mut WsRow, seat: &mut SeatRow, millis: i64) -> Result<(), StoreError> {
    if millis <= 0 {
        return Ok(());
    }
    count_draw(ws, seat, millis)
        .ok_or_else(|| StoreError::InvalidInput("the month's top-up counter would overflow".into()))?;
    write(tx, ws, seat).await
}

/// Takes back `millis` of top-up that a hold of `period` drew and now gives back unused.
pub async fn give_back(
    tx: &Tx<'_>,
    ws: &mut WsRow,
    seat: &mut SeatRow,
    period: &str,
    millis: i64,
) -> Result<(), StoreError> {
    if millis <= 0 || period != ws.period {
        return Ok(());
    }
    seat.topup_used = seat_counter(seat).after_give_back(&ws.period, period, millis);
    ws.topup_used = ws_counter(ws).after_give_back(&ws.period, period, millis);
    seat.topup_used_period = Some(ws.period.clone());
    ws.topup_used_period = Some(ws.period.clone());
    write(tx, ws, seat).await
}

async fn write(tx: &Tx<'_>, ws: &WsRow, seat: &SeatRow) -> Result<(), StoreError> {
    let sql = "UPDATE seats SET topup_used_millis = $1, topup_used_period = $2 WHERE id = $3";
    db::exec(tx, sql, &[&seat.topup_used, &seat.topup_used_period, &seat.id]).await?;
    let sql = "UPDATE workspaces SET topup_used_millis = $1, topup_used_period = $2 WHERE id = $3";
    db::exec(tx, sql, &[&ws.topup_used, &ws.topup_used_period, &ws.id]).await?;
    Ok(())
}
