//! Holds as stored: the row, its columns, and the lookups the operations share.

use credits_core::Credits;
use rusqlite::{Connection, OptionalExtension, Row};

use super::{Hold, HoldStatus};
use crate::error::StoreError;
use crate::ledger::{SeatRow, WsRow};

/// One row of `holds`.
pub(super) struct HoldRow {
    pub(super) id: String,
    pub(super) workspace_id: i64,
    pub(super) seat_id: i64,
    pub(super) amount: i64,
    pub(super) from_included: i64,
    pub(super) from_topup: i64,
    pub(super) period: String,
    pub(super) status: HoldStatus,
    pub(super) settled: i64,
    pub(super) released: i64,
    pub(super) lapsed: i64,
    /// The seat was removed while the hold was open: its included part never comes back.
    pub(super) seat_removed: bool,
    pub(super) memo: Option<String>,
    pub(super) created_at: String,
    pub(super) expires_at: String,
    pub(super) closed_at: Option<String>,
}

pub(super) const HOLD_COLS: &str = "id, workspace_id, seat_id, amount_millis, from_included_millis, from_topup_millis, period, \
     status, settled_millis, released_millis, lapsed_millis, memo, created_at, expires_at, closed_at, seat_removed";

pub(super) fn hold_row(r: &Row<'_>) -> rusqlite::Result<HoldRow> {
    Ok(HoldRow {
        id: r.get(0)?,
        workspace_id: r.get(1)?,
        seat_id: r.get(2)?,
        amount: r.get(3)?,
        from_included: r.get(4)?,
        from_topup: r.get(5)?,
        period: r.get(6)?,
        status: HoldStatus::parse(&r.get::<_, String>(7)?),
        settled: r.get(8)?,
        released: r.get(9)?,
        lapsed: r.get(10)?,
        memo: r.get(11)?,
        created_at: r.get(12)?,
        expires_at: r.get(13)?,
        closed_at: r.get(14)?,
        seat_removed: r.get(15)?,
    })
}

impl HoldRow {
    pub(super) fn view(&self, ws: &WsRow, seat: &SeatRow) -> Hold {
        let c = Credits::from_millis;
        Hold {
            id: self.id.clone(),
            workspace: ws.name.clone(),
            seat: seat.name.clone(),
            status: self.status,
            amount: c(self.amount),
            from_included: c(self.from_included),
            from_topup: c(self.from_topup),
            settled: c(self.settled),
            released: c(self.released),
            lapsed: c(self.lapsed),
            period: self.period.clone(),
            memo: self.memo.clone(),
            created_at: self.created_at.clone(),
            expires_at: self.expires_at.clone(),
            closed_at: self.closed_at.clone(),
        }
    }
}

/// A seat by id, removed or not, and whether it is active.
pub(super) fn seat_by_id(conn: &Connection, id: i64) -> Result<(SeatRow, bool), StoreError> {
    Ok(conn
        .prepare_cached(concat!("SELECT ", crate::ledger::seat_cols!(), ", active FROM seats WHERE id = ?1"))?
        .query_row([id], |r| Ok((crate::ledger::seat_row(r)?, r.get(crate::ledger::SEAT_COL_COUNT)?)))?)
}

pub(super) fn load(conn: &Connection, id: &str) -> Result<Option<HoldRow>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {HOLD_COLS} FROM holds WHERE id = ?1"))?
        .query_row([id], hold_row)
        .optional()?)
}
