//! Holds: two-phase usage (authorize, then settle). A hold reserves credits in the debit's pool
//! order (the seat's included first, then the workspace's top-up) by writing negative `hold`
//! entries, so balances equal the journal at every moment. `settle` consumes up to the held
//! amount and gives the rest back; `release` (or expiry) gives everything back.
//!
//! A hold's included part belongs to the month it was taken from: when it comes back after that
//! month's reset (or after the seat was removed, even if it was re-added since) it lapses instead
//! of returning, because the reset (or removal) already expired the month's included credits and
//! granted the new allowance. Nor does it ever take the seat above its current allowance (a plan
//! lowered with `--now` while the hold was open). Top-up never expires, so the top-up part always
//! comes back.

use credits_core::limits::split_limited;
use credits_core::records::Entry;
use credits_core::rules::{self, Lapse};
use credits_core::time::fmt_time;
use credits_core::{Actor, Credits, EntryKind};
use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, params};

use crate::error::StoreError;
use crate::idempotency::{self, KeyOwner};
use crate::ledger::{self, SeatRow, WsRow};

mod rows;

pub use credits_ledger::holds::{
    Applied, EXPIRE_BATCH, Hold, HoldReceipt, HoldStatus, MAX_TTL, NewHold, Owner, list_cursor, validate_id,
};
use rows::{HOLD_COLS, HoldRow, hold_row, load, seat_by_id};

fn replay<T: serde::de::DeserializeOwned>(stored: &str) -> Result<Applied<T>, StoreError> {
    let value = serde_json::from_str(stored).map_err(|e| StoreError::Internal(format!("stored response: {e}")))?;
    Ok(Applied { value, replayed: true })
}

fn remember(
    conn: &Connection,
    ws: &WsRow,
    owner: i64,
    key: Option<&str>,
    fp: &str,
    r: &HoldReceipt,
    now: Timestamp,
) -> Result<(), StoreError> {
    if let Some(key) = key {
        let json = serde_json::to_string(r).map_err(|e| StoreError::Internal(e.to_string()))?;
        idempotency::store(conn, ws.id, owner, key, fp, &json, now)?;
    }
    Ok(())
}

/// Reserves `req.amount` for a seat: included first, then top-up; all or nothing
/// (`PaymentRequired` when it does not fit, writing nothing). A repeated idempotency key returns
/// the first receipt.
pub fn create(conn: &Connection, req: &NewHold, now: Timestamp) -> Result<Applied<HoldReceipt>, StoreError> {
    if req.amount.millis() <= 0 {
        return Err(StoreError::InvalidInput("amount must be greater than zero".into()));
    }
    if req.ttl <= SignedDuration::ZERO || req.ttl > MAX_TTL {
        return Err(StoreError::InvalidInput(format!(
            "a hold's TTL must be between 1 second and {} hours",
            MAX_TTL.as_hours()
        )));
    }
    validate_id(&req.id)?;
    ledger::validate_memo(req.memo.as_deref())?;
    let mut ws = ledger::workspace(conn, req.workspace.as_deref())?;
    let mut seat = ledger::seat(conn, &ws, req.seat.as_deref(), req.user.as_deref())?;
    let fp = format!(
        "hold\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
        seat.name,
        req.amount.millis(),
        req.ttl.as_secs(),
        req.memo.as_deref().unwrap_or("")
    );
    let key = req.idempotency_key.as_deref();
    let key_owner = idempotency::owner_column(req.key_owner, seat.id);
    if let Some(k) = key
        && let Some(stored) = idempotency::lookup(conn, ws.id, key_owner, k, &fp)?
    {
        return replay(&stored);
    }
    let split = split_limited(
        Credits::from_millis(seat.included),
        Credits::from_millis(ws.topup),
        &crate::limits::of(&ws, &seat),
        req.amount,
    )
    .map_err(|refusal| match ledger::balance(&ws, &seat) {
        Ok(b) => StoreError::refused(refusal, req.amount, b),
        Err(e) => e,
    })?;
    let expires_at = now.checked_add(req.ttl).map_err(|e| StoreError::InvalidInput(e.to_string()))?;
    let memo = req.memo.as_deref();
    let actor = &req.actor;
    let mut entries = Vec::with_capacity(2);
    if !split.from_included.is_zero() {
        let m = -split.from_included.millis();
        entries.push(ledger::move_included(conn, &ws, &mut seat, EntryKind::Hold, m, Some(&req.id), memo, actor, now)?);
    }
    if !split.from_topup.is_zero() {
        let m = -split.from_topup.millis();
        entries.push(ledger::move_topup(
            conn,
            &mut ws,
            Some(&seat),
            EntryKind::Hold,
            m,
            Some(&req.id),
            memo,
            actor,
            now,
        )?);
        // An open hold counts against the month's top-up limits; what it gives back unused
        // counts no more (`give_back`).
        crate::limits::draw(conn, &mut ws, &mut seat, split.from_topup.millis())?;
    }
    conn.prepare_cached(
        "INSERT INTO holds (id, workspace_id, seat_id, amount_millis, from_included_millis, from_topup_millis, period,
                            memo, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        req.id,
        ws.id,
        seat.id,
        req.amount.millis(),
        split.from_included.millis(),
        split.from_topup.millis(),
        ws.period,
        memo,
        fmt_time(now),
        fmt_time(expires_at),
    ])?;
    let row = load(conn, &req.id)?.ok_or_else(|| StoreError::Internal("a new hold vanished".into()))?;
    let receipt = HoldReceipt { hold: row.view(&ws, &seat), entries, balance: ledger::balance(&ws, &seat)? };
    remember(conn, &ws, key_owner, key, &fp, &receipt, now)?;
    Ok(Applied { value: receipt, replayed: false })
}

/// Whose keys a settle's or release's key is among: a seat credential's own, else the workspace's.
fn key_owner(owner: &Owner, seat: &SeatRow) -> i64 {
    let who = if owner.seat.is_some() { KeyOwner::Seat } else { KeyOwner::Workspace };
    idempotency::owner_column(who, seat.id)
}

/// The hold `id` if `owner` may touch it; otherwise not found (a caller cannot learn that another
/// seat's hold exists).
fn owned(conn: &Connection, owner: &Owner, id: &str) -> Result<(WsRow, HoldRow, SeatRow, bool), StoreError> {
    validate_id(id)?;
    let ws = ledger::workspace(conn, owner.workspace.as_deref())?;
    let not_found = || StoreError::NotFound(format!("hold '{id}' not found in workspace '{}'", ws.name).into());
    let row = load(conn, id)?.filter(|h| h.workspace_id == ws.id).ok_or_else(not_found)?;
    let (seat, active) = seat_by_id(conn, row.seat_id)?;
    if owner.seat.as_deref().is_some_and(|s| s != seat.name) {
        return Err(not_found());
    }
    Ok((ws, row, seat, active))
}

fn must_be_open(row: &HoldRow, now: Timestamp) -> Result<(), StoreError> {
    if row.status != HoldStatus::Held {
        return Err(StoreError::Conflict(format!("hold '{}' is already {}", row.id, row.status.as_str())));
    }
    if fmt_time(now) >= row.expires_at {
        return Err(StoreError::Conflict(format!(
            "hold '{}' expired at {}; its credits are being released",
            row.id, row.expires_at
        )));
    }
    Ok(())
}

/// Consumes `amount` (at most the held amount; zero settles nothing) of an open hold and gives
/// the rest back. What was consumed counts against included first, then top-up, like a debit.
pub fn settle(
    conn: &Connection,
    owner: &Owner,
    id: &str,
    amount: Credits,
    idempotency_key: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<Applied<HoldReceipt>, StoreError> {
    if amount.is_negative() {
        return Err(StoreError::InvalidInput("amount must not be negative".into()));
    }
    let (mut ws, row, mut seat, active) = owned(conn, owner, id)?;
    let fp = format!("settle\u{0}{id}\u{0}{}", amount.millis());
    let key_owner = key_owner(owner, &seat);
    if let Some(k) = idempotency_key
        && let Some(stored) = idempotency::lookup(conn, ws.id, key_owner, k, &fp)?
    {
        return replay(&stored);
    }
    must_be_open(&row, now)?;
    // Well-formed, but more than this hold holds: a conflict with the hold's state (409 over HTTP).
    if amount.millis() > row.amount {
        return Err(StoreError::Conflict(format!(
            "cannot settle {amount} credits: hold '{id}' holds {}",
            Credits::from_millis(row.amount)
        )));
    }
    let used_included = amount.millis().min(row.from_included);
    let used_topup = amount.millis() - used_included;
    let mut entries = Vec::new();
    let memo = format!("{amount} of {} held credits consumed", Credits::from_millis(row.amount));
    if used_included > 0 {
        entries.push(ledger::move_included(
            conn,
            &ws,
            &mut seat,
            EntryKind::Settle,
            0,
            Some(id),
            Some(&memo),
            actor,
            now,
        )?);
    }
    if used_topup > 0 {
        let e =
            ledger::move_topup(conn, &mut ws, Some(&seat), EntryKind::Settle, 0, Some(id), Some(&memo), actor, now)?;
        entries.push(e);
    }
    let back = give_back(
        conn,
        &mut ws,
        &mut seat,
        active,
        &row,
        row.from_included - used_included,
        row.from_topup - used_topup,
        "unused part of a settled hold returned",
        actor,
        now,
        &mut entries,
    )?;
    close(conn, &row, HoldStatus::Settled, amount.millis(), back, now)?;
    let receipt = receipt(conn, &ws, &seat, id, entries)?;
    remember(conn, &ws, key_owner, idempotency_key, &fp, &receipt, now)?;
    Ok(Applied { value: receipt, replayed: false })
}

/// Gives an open hold's credits back.
pub fn release(
    conn: &Connection,
    owner: &Owner,
    id: &str,
    idempotency_key: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<Applied<HoldReceipt>, StoreError> {
    let (mut ws, row, mut seat, active) = owned(conn, owner, id)?;
    let fp = format!("release\u{0}{id}");
    let key_owner = key_owner(owner, &seat);
    if let Some(k) = idempotency_key
        && let Some(stored) = idempotency::lookup(conn, ws.id, key_owner, k, &fp)?
    {
        return replay(&stored);
    }
    must_be_open(&row, now)?;
    let receipt = close_all(conn, &mut ws, &mut seat, active, &row, HoldStatus::Released, "hold released", actor, now)?;
    remember(conn, &ws, key_owner, idempotency_key, &fp, &receipt, now)?;
    Ok(Applied { value: receipt, replayed: false })
}

fn workspace_of(conn: &Connection, row: &HoldRow) -> Result<WsRow, StoreError> {
    let name: String = conn.query_row("SELECT name FROM workspaces WHERE id = ?1", [row.workspace_id], |r| r.get(0))?;
    ledger::workspace(conn, Some(&name))
}

#[allow(clippy::too_many_arguments)]
fn close_all(
    conn: &Connection,
    ws: &mut WsRow,
    seat: &mut SeatRow,
    active: bool,
    row: &HoldRow,
    status: HoldStatus,
    memo: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<HoldReceipt, StoreError> {
    let mut entries = Vec::new();
    let back =
        give_back(conn, ws, seat, active, row, row.from_included, row.from_topup, memo, actor, now, &mut entries)?;
    close(conn, row, status, 0, back, now)?;
    receipt(conn, ws, seat, &row.id, entries)
}

/// What went back to the pools and what lapsed.
struct Back {
    released: i64,
    lapsed: i64,
}

/// Returns `included` and `topup` millicredits of `row` to their pools. How much of the included
/// part comes back and how much lapses is [`rules::hold_return`]; top-up always comes back.
#[allow(clippy::too_many_arguments)]
fn give_back(
    conn: &Connection,
    ws: &mut WsRow,
    seat: &mut SeatRow,
    active: bool,
    row: &HoldRow,
    included: i64,
    topup: i64,
    memo: &str,
    actor: &Actor,
    now: Timestamp,
    entries: &mut Vec<Entry>,
) -> Result<Back, StoreError> {
    let mut back = Back { released: 0, lapsed: 0 };
    let id = Some(row.id.as_str());
    if included > 0 {
        let share = rules::hold_return(
            Credits::from_millis(included),
            Credits::from_millis(seat.included),
            Credits::from_millis(seat.allowance),
            !active || row.seat_removed,
            row.period != ws.period,
        );
        let returnable = share.returned.millis();
        if returnable > 0 {
            entries.push(ledger::move_included(
                conn,
                ws,
                seat,
                EntryKind::Release,
                returnable,
                id,
                Some(memo),
                actor,
                now,
            )?);
            back.released += returnable;
        }
        if let Some(why) = share.why {
            // Nothing moves: those credits were already expired (month ended, seat removed) or
            // are above what the seat may now hold. A zero entry keeps the story readable in
            // `history`.
            let amount = share.lapsed;
            let why = match why {
                Lapse::SeatRemoved => {
                    format!("{amount} held included credits not returned: the seat was removed while the hold was open")
                }
                Lapse::MonthEnded => {
                    format!("{amount} held included credits of {} not returned: that month has ended", row.period)
                }
                Lapse::AboveAllowance => format!(
                    "{amount} held included credits not returned: the seat's allowance is now {}",
                    Credits::from_millis(seat.allowance)
                ),
            };
            entries.push(ledger::move_included(conn, ws, seat, EntryKind::Expire, 0, id, Some(&why), actor, now)?);
            back.lapsed += amount.millis();
        }
    }
    if topup > 0 {
        entries.push(ledger::move_topup(conn, ws, Some(seat), EntryKind::Release, topup, id, Some(memo), actor, now)?);
        crate::limits::give_back(conn, ws, seat, &row.period, topup)?;
        back.released += topup;
    }
    Ok(back)
}

fn close(
    conn: &Connection,
    row: &HoldRow,
    status: HoldStatus,
    settled: i64,
    back: Back,
    now: Timestamp,
) -> Result<(), StoreError> {
    let changed = conn
        .prepare_cached(
            "UPDATE holds SET status = ?1, settled_millis = ?2, released_millis = ?3, lapsed_millis = ?4, closed_at = ?5
             WHERE id = ?6 AND status = 'held'",
        )?
        .execute(params![status.as_str(), settled, back.released, back.lapsed, fmt_time(now), row.id])?;
    if changed != 1 {
        return Err(StoreError::Conflict(format!("hold '{}' is no longer open", row.id)));
    }
    Ok(())
}

fn receipt(
    conn: &Connection,
    ws: &WsRow,
    seat: &SeatRow,
    id: &str,
    entries: Vec<Entry>,
) -> Result<HoldReceipt, StoreError> {
    let row = load(conn, id)?.ok_or_else(|| StoreError::Internal(format!("hold '{id}' vanished")))?;
    Ok(HoldReceipt { hold: row.view(ws, seat), entries, balance: ledger::balance(ws, seat)? })
}

/// Releases (as `expired`) up to [`EXPIRE_BATCH`] open holds whose TTL has passed at `now`: the
/// daemon's own job, so its entries are the daemon's.
pub fn expire_due(conn: &Connection, now: Timestamp) -> Result<Vec<HoldReceipt>, StoreError> {
    let due: Vec<HoldRow> = conn
        .prepare_cached(&format!(
            "SELECT {HOLD_COLS} FROM holds WHERE status = 'held' AND expires_at <= ?1 ORDER BY expires_at LIMIT ?2"
        ))?
        .query_map(params![fmt_time(now), EXPIRE_BATCH as i64], hold_row)?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(due.len());
    for row in due {
        let mut ws = workspace_of(conn, &row)?;
        let (mut seat, active) = seat_by_id(conn, row.seat_id)?;
        out.push(close_all(
            conn,
            &mut ws,
            &mut seat,
            active,
            &row,
            HoldStatus::Expired,
            "hold expired unsettled",
            &Actor::Daemon,
            now,
        )?);
    }
    Ok(out)
}

/// When the next open hold expires, if any is open.
pub fn next_expiry(conn: &Connection) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<String> =
        conn.query_row("SELECT MIN(expires_at) FROM holds WHERE status = 'held'", [], |r| r.get(0))?;
    at.map(|s| s.parse::<Timestamp>().map_err(|e| StoreError::Internal(format!("stored expiry {s:?}: {e}"))))
        .transpose()
}

/// How many holds are open, in every workspace.
pub fn open_count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM holds WHERE status = 'held'", [], |r| r.get(0))?)
}

/// One hold, if `owner` may see it.
pub fn get(conn: &Connection, owner: &Owner, id: &str) -> Result<Hold, StoreError> {
    let (ws, row, seat, _) = owned(conn, owner, id)?;
    Ok(row.view(&ws, &seat))
}

/// At most `limit` open holds of the owner's workspace (only the owner's seat's when it names
/// one), soonest to expire first, after the keyset cursor `after`: [`list_cursor`] of the last
/// hold of the previous page.
pub fn list_open(conn: &Connection, owner: &Owner, after: Option<&str>, limit: u32) -> Result<Vec<Hold>, StoreError> {
    let ws = ledger::workspace(conn, owner.workspace.as_deref())?;
    let seat_id = match owner.seat.as_deref() {
        Some(name) => Some(ledger::seat(conn, &ws, Some(name), None)?.id),
        None => None,
    };
    // No cursor: everything sorts after the empty pair.
    let (after_expiry, after_id) = match after {
        None => ("", ""),
        Some(c) => c.split_once(' ').ok_or_else(|| StoreError::InvalidInput(format!("invalid cursor {c:?}")))?,
    };
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {HOLD_COLS} FROM holds WHERE workspace_id = ?1 AND status = 'held' \
             AND (?2 IS NULL OR seat_id = ?2) AND (expires_at, id) > (?3, ?4) ORDER BY expires_at, id LIMIT ?5"
        ))?
        .query_map(params![ws.id, seat_id, after_expiry, after_id, limit], hold_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut seats: std::collections::HashMap<i64, SeatRow> = std::collections::HashMap::new();
    let mut holds = Vec::with_capacity(rows.len());
    for row in rows {
        let seat = match seats.entry(row.seat_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(seat_by_id(conn, row.seat_id)?.0),
        };
        holds.push(row.view(&ws, seat));
    }
    Ok(holds)
}

#[cfg(test)]
mod tests;
