//! The month counters behind top-up limits (`credits_core::limits`): each seat and each workspace
//! counts the top-up credits it drew in one month. They move in the transaction of the debit or
//! hold that draws (and of the hold that gives back), so the limit check and the draw are one
//! step under the single writer; the schema's triggers refuse a counter past its limit.

use credits_core::Credits;
use credits_core::limits::{Counter, TopupLimit, applying};
use rusqlite::{Connection, params};

use crate::error::StoreError;
use crate::ledger::{SeatRow, WsRow};

fn seat_counter(seat: &SeatRow) -> Counter<'_> {
    Counter { limit: seat.topup_limit, used: seat.topup_used, period: seat.topup_used_period.as_deref() }
}

fn ws_counter(ws: &WsRow) -> Counter<'_> {
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

/// Counts `millis` of top-up drawn by `seat` this month, on the seat and on the workspace.
pub fn draw(conn: &Connection, ws: &mut WsRow, seat: &mut SeatRow, millis: i64) -> Result<(), StoreError> {
    if millis <= 0 {
        return Ok(());
    }
    let overflow = || StoreError::InvalidInput("the month's top-up counter would overflow".into());
    let seat_after = seat_counter(seat).after_draw(&ws.period, millis).ok_or_else(overflow)?;
    let ws_after = ws_counter(ws).after_draw(&ws.period, millis).ok_or_else(overflow)?;
    set(conn, ws, seat, seat_after, ws_after)
}

/// Takes back `millis` of top-up that a hold of `period` drew and now gives back unused.
pub fn give_back(
    conn: &Connection,
    ws: &mut WsRow,
    seat: &mut SeatRow,
    period: &str,
    millis: i64,
) -> Result<(), StoreError> {
    if millis <= 0 || period != ws.period {
        return Ok(());
    }
    let seat_after = seat_counter(seat).after_give_back(&ws.period, period, millis);
    let ws_after = ws_counter(ws).after_give_back(&ws.period, period, millis);
    set(conn, ws, seat, seat_after, ws_after)
}

fn set(conn: &Connection, ws: &mut WsRow, seat: &mut SeatRow, seat_used: i64, ws_used: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE seats SET topup_used_millis = ?1, topup_used_period = ?2 WHERE id = ?3")?
        .execute(params![seat_used, ws.period, seat.id])?;
    conn.prepare_cached("UPDATE workspaces SET topup_used_millis = ?1, topup_used_period = ?2 WHERE id = ?3")?
        .execute(params![ws_used, ws.period, ws.id])?;
    seat.topup_used = seat_used;
    seat.topup_used_period = Some(ws.period.clone());
    ws.topup_used = ws_used;
    ws.topup_used_period = Some(ws.period.clone());
    Ok(())
}

#[cfg(test)]
mod tests {
    use credits_core::PlanCatalogue;

    /// The schema refuses a counter past its limit whoever writes it, and lets a limit be lowered
    /// below what was drawn.
    #[test]
    fn the_database_refuses_a_draw_past_a_limit() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::open(&dir.path().join("t.db")).unwrap().connect().unwrap();
        let now = "2026-11-20T10:00:00Z".parse().unwrap();
        crate::workspace::ensure_default(&conn, "alice", &PlanCatalogue::default(), now).unwrap();
        let run = |sql: &str| conn.execute_batch(sql);
        run("UPDATE seats SET topup_limit_millis = 50000; UPDATE workspaces SET topup_budget_millis = 70000").unwrap();
        run("UPDATE seats SET topup_used_millis = 50000, topup_used_period = '2026-11'").unwrap();
        let past = run("UPDATE seats SET topup_used_millis = 50001").unwrap_err();
        assert!(past.to_string().contains("than its limit"), "{past}");
        run("UPDATE seats SET topup_used_period = '2026-12', topup_used_millis = 50001").unwrap_err();
        run("UPDATE workspaces SET topup_used_millis = 70001, topup_used_period = '2026-11'").unwrap_err();
        run("UPDATE seats SET topup_limit_millis = 10000").unwrap();
        run("UPDATE seats SET topup_used_millis = 40000").unwrap();
    }
}
