//! Holds: two-phase usage (authorize, then settle), as the SQLite backend keeps them: a hold
//! writes negative `hold` entries at once, `settle` consumes up to the held amount and gives the
//! rest back, `release` (or expiry) gives everything back; how much of the included part comes
//! back is credits-core's [`rules::hold_return`].
//!
//! Every operation locks the hold's workspace first and re-reads the hold under that lock, so a
//! hold created on one daemon can be settled on a second and expired by a third, and each hold
//! closes exactly once (`UPDATE … WHERE status = 'held'` is the backstop).

use credits_core::records::Entry;
use credits_core::rules::{self, Lapse};
use credits_core::time::fmt_time;
use credits_core::{Actor, Credits, EntryKind};
use credits_ledger::StoreError;
use credits_ledger::holds::{
    Applied, EXPIRE_BATCH, Hold, HoldReceipt, HoldStatus, MAX_TTL, NewHold, Owner, validate_id,
};
use credits_ledger::idempotency::KeyOwner;
use credits_ledger::ledger::validate_memo;
use jiff::{SignedDuration, Timestamp};
use tokio_postgres::Row;

use crate::db::{self, SeatRow, Tx, WsRow, all, exec, one, opt};
use crate::idempotency;
use crate::journal::{move_included, move_topup};

/// One row of `holds`.
struct HoldRow {
    id: String,
    workspace_id: i64,
    seat_id: i64,
    amount: i64,
    from_included: i64,
    from_topup: i64,
    period: String,
    status: HoldStatus,
    settled: i64,
    released: i64,
    lapsed: i64,
    seat_removed: bool,
    memo: Option<String>,
    created_at: String,
    expires_at: String,
    closed_at: Option<String>,
}

const HOLD_COLS: &str = "id, workspace_id, seat_id, amount_millis, from_included_millis, from_topup_millis, period, \
     status, settled_millis, released_millis, lapsed_millis, memo, created_at, expires_at, closed_at, seat_removed";

fn hold_row(r: &Row) -> HoldRow {
    HoldRow {
        id: r.get(0),
        workspace_id: r.get(1),
        seat_id: r.get(2),
        amount: r.get(3),
        from_included: r.get(4),
        from_topup: r.get(5),
        period: r.get(6),
        status: HoldStatus::parse(&r.get::<_, String>(7)),
        settled: r.get(8),
        released: r.get(9),
        lapsed: r.get(10),
        memo: r.get(11),
        created_at: r.get(12),
        expires_at: r.get(13),
        closed_at: r.get(14),
        seat_removed: r.get(15),
    }
}

impl HoldRow {
    fn view(&self, ws: &WsRow, seat: &SeatRow) -> Hold {
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

async fn load(tx: &Tx<'_>, id: &str) -> Result<Option<HoldRow>, StoreError> {
    Ok(opt(tx, &format!("SELECT {HOLD_COLS} FROM holds WHERE id = $1"), &[&id]).await?.map(|r| hold_row(&r)))
}

fn replay<T: serde::de::DeserializeOwned>(stored: &str) -> Result<Applied<T>, StoreError> {
    let value = serde_json::from_str(stored).map_err(|e| StoreError::Internal(format!("stored response: {e}")))?;
    Ok(Applied { value, replayed: true })
}

async fn remember(
    tx: &Tx<'_>,
    ws: &WsRow,
    owner: i64,
    key: Option<&str>,
    fp: &str,
    r: &HoldReceipt,
    now: Timestamp,
) -> Result<(), StoreError> {
    if let Some(key) = key {
        let json = serde_json::to_string(r).map_err(|e| StoreError::Internal(e.to_string()))?;
        idempotency::store(tx, ws.id, owner, key, fp, &json, now).await?;
    }
    Ok(())
}

/// Reserves `req.amount` for a seat: included first, then top-up; all or nothing.
pub async fn create(tx: &Tx<'_>, req: &NewHold, now: Timestamp) -> Result<Applied<HoldReceipt>, StoreError> {
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
    validate_memo(req.memo.as_deref())?;
    let mut ws = db::lock_workspace(tx, req.workspace.as_deref()).await?;
    let mut seat = db::seat(tx, &ws, req.seat.as_deref(), req.user.as_deref()).await?;
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
        && let Some(stored) = idempotency::lookup(tx, ws.id, key_owner, k, &fp).await?
    {
        return replay(&stored);
    }
    if load(tx, &req.id).await?.is_some() {
        return Err(StoreError::Conflict(format!("hold '{}' already exists", req.id)));
    }
    let split = crate::ledger::split(&ws, &seat, req.amount)?;
    let expires_at = now.checked_add(req.ttl).map_err(|e| StoreError::InvalidInput(e.to_string()))?;
    let (memo, actor, id) = (req.memo.as_deref(), &req.actor, Some(req.id.as_str()));
    let mut entries = Vec::with_capacity(2);
    if !split.from_included.is_zero() {
        let m = -split.from_included.millis();
        entries.push(move_included(tx, &mut ws, &mut seat, EntryKind::Hold, m, id, memo, actor, now).await?);
    }
    if !split.from_topup.is_zero() {
        let m = -split.from_topup.millis();
        entries.push(move_topup(tx, &mut ws, Some(&seat), EntryKind::Hold, m, id, memo, actor, now).await?);
        // An open hold counts against the month's top-up limits; what it gives back unused
        // counts no more (`give_back`).
        crate::limits::draw(tx, &mut ws, &mut seat, split.from_topup.millis()).await?;
    }
    exec(
        tx,
        "INSERT INTO holds (id, workspace_id, seat_id, amount_millis, from_included_millis, from_topup_millis, period,
                            memo, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &req.id,
            &ws.id,
            &seat.id,
            &req.amount.millis(),
            &split.from_included.millis(),
            &split.from_topup.millis(),
            &ws.period,
            &memo,
            &fmt_time(now),
            &fmt_time(expires_at),
        ],
    )
    .await?;
    let row = load(tx, &req.id).await?.ok_or_else(|| StoreError::Internal("a new hold vanished".into()))?;
    let receipt = HoldReceipt { hold: row.view(&ws, &seat), entries, balance: db::balance(&ws, &seat)? };
    remember(tx, &ws, key_owner, key, &fp, &receipt, now).await?;
    Ok(Applied { value: receipt, replayed: false })
}

/// Whose keys a settle's or release's key is among: a seat credential's own, else the workspace's.
fn key_owner(owner: &Owner, seat: &SeatRow) -> i64 {
    let who = if owner.seat.is_some() { KeyOwner::Seat } else { KeyOwner::Workspace };
    idempotency::owner_column(who, seat.id)
}

/// The hold `id` if `owner` may touch it, with its workspace (locked when `lock`); otherwise not
/// found (a caller cannot learn that another seat's hold exists).
async fn owned(
    tx: &Tx<'_>,
    owner: &Owner,
    id: &str,
    lock: bool,
) -> Result<(WsRow, HoldRow, SeatRow, bool), StoreError> {
    validate_id(id)?;
    let ws = if lock {
        db::lock_workspace(tx, owner.workspace.as_deref()).await?
    } else {
        db::workspace(tx, owner.workspace.as_deref()).await?
    };
    let not_found = || StoreError::NotFound(format!("hold '{id}' not found in workspace '{}'", ws.name).into());
    let row = load(tx, id).await?.filter(|h| h.workspace_id == ws.id).ok_or_else(not_found)?;
    let (seat, active) = db::seat_by_id(tx, row.seat_id).await?;
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

/// Consumes `amount` (at most the held amount) of an open hold and gives the rest back.
pub async fn settle(
    tx: &Tx<'_>,
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
    let (mut ws, row, mut seat, active) = owned(tx, owner, id, true).await?;
    let fp = format!("settle\u{0}{id}\u{0}{}", amount.millis());
    let key_owner = key_owner(owner, &seat);
    if let Some(k) = idempotency_key
        && let Some(stored) = idempotency::lookup(tx, ws.id, key_owner, k, &fp).await?
    {
        return replay(&stored);
    }
    must_be_open(&row, now)?;
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
    let reference = Some(id);
    if used_included > 0 {
        let e = move_included(tx, &mut ws, &mut seat, EntryKind::Settle, 0, reference, Some(&memo), actor, now).await?;
        entries.push(e);
    }
    if used_topup > 0 {
        let e = move_topup(tx, &mut ws, Some(&seat), EntryKind::Settle, 0, reference, Some(&memo), actor, now).await?;
        entries.push(e);
    }
    let back = give_back(
        tx,
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
    )
    .await?;
    close(tx, &row, HoldStatus::Settled, amount.millis(), back, now).await?;
    let receipt = receipt(tx, &ws, &seat, id, entries).await?;
    remember(tx, &ws, key_owner, idempotency_key, &fp, &receipt, now).await?;
    Ok(Applied { value: receipt, replayed: false })
}

/// Gives an open hold's credits back.
pub async fn release(
    tx: &Tx<'_>,
    owner: &Owner,
    id: &str,
    idempotency_key: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<Applied<HoldReceipt>, StoreError> {
    let (mut ws, row, mut seat, active) = owned(tx, owner, id, true).await?;
    let fp = format!("release\u{0}{id}");
    let key_owner = key_owner(owner, &seat);
    if let Some(k) = idempotency_key
        && let Some(stored) = idempotency::lookup(tx, ws.id, key_owner, k, &fp).await?
    {
        return replay(&stored);
    }
    must_be_open(&row, now)?;
    let receipt =
        close_all(tx, &mut ws, &mut seat, active, &row, HoldStatus::Released, "hold released", actor, now).await?;
    remember(tx, &ws, key_owner, idempotency_key, &fp, &receipt, now).await?;
    Ok(Applied { value: receipt, replayed: false })
}

async fn close_all(
    tx: &Tx<'_>,
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
    let (inc, top) = (row.from_included, row.from_topup);
    let back = give_back(tx, ws, seat, active, row, inc, top, memo, actor, now, &mut entries).await?;
    close(tx, row, status, 0, back, now).await?;
    receipt(tx, ws, seat, &row.id, entries).await
}

/// What went back to the pools and what lapsed.
struct Back {
    released: i64,
    lapsed: i64,
}

/// Returns `included` and `topup` millicredits of `row` to their pools; how much of the included
/// part comes back is [`rules::hold_return`]; top-up always comes back.
async fn give_back(
    tx: &Tx<'_>,
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
            entries
                .push(move_included(tx, ws, seat, EntryKind::Release, returnable, id, Some(memo), actor, now).await?);
            back.released += returnable;
        }
        if let Some(why) = share.why {
            // Nothing moves: a zero entry keeps the story readable in `history`.
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
            entries.push(move_included(tx, ws, seat, EntryKind::Expire, 0, id, Some(&why), actor, now).await?);
            back.lapsed += amount.millis();
        }
    }
    if topup > 0 {
        entries.push(move_topup(tx, ws, Some(seat), EntryKind::Release, topup, id, Some(memo), actor, now).await?);
        crate::limits::give_back(tx, ws, seat, &row.period, topup).await?;
        back.released += topup;
    }
    Ok(back)
}

async fn close(
    tx: &Tx<'_>,
    row: &HoldRow,
    status: HoldStatus,
    settled: i64,
    back: Back,
    now: Timestamp,
) -> Result<(), StoreError> {
    let changed = exec(
        tx,
        "UPDATE holds SET status = $1, settled_millis = $2, released_millis = $3, lapsed_millis = $4, closed_at = $5
         WHERE id = $6 AND status = 'held'",
        &[&status.as_str(), &settled, &back.released, &back.lapsed, &fmt_time(now), &row.id],
    )
    .await?;
    if changed != 1 {
        return Err(StoreError::Conflict(format!("hold '{}' is no longer open", row.id)));
    }
    Ok(())
}

async fn receipt(
    tx: &Tx<'_>,
    ws: &WsRow,
    seat: &SeatRow,
    id: &str,
    entries: Vec<Entry>,
) -> Result<HoldReceipt, StoreError> {
    let row = load(tx, id).await?.ok_or_else(|| StoreError::Internal(format!("hold '{id}' vanished")))?;
    Ok(HoldReceipt { hold: row.view(ws, seat), entries, balance: db::balance(ws, seat)? })
}

/// Releases (as `expired`, by the daemon) up to [`EXPIRE_BATCH`] open holds past their expiry.
/// Workspaces are locked in name order (one fixed order: no two daemons deadlock),
/// and each hold is re-read under its workspace's lock: one another daemon closed meanwhile is
/// skipped, so each expires once.
pub async fn expire_due(tx: &Tx<'_>, now: Timestamp) -> Result<Vec<HoldReceipt>, StoreError> {
    let t = fmt_time(now);
    let due = all(
        tx,
        "SELECT h.id, h.workspace_id FROM holds h JOIN workspaces w ON w.id = h.workspace_id
         WHERE h.status = 'held' AND h.expires_at <= $1 ORDER BY w.name, h.expires_at LIMIT $2",
        &[&t, &(EXPIRE_BATCH as i64)],
    )
    .await?;
    let mut out = Vec::with_capacity(due.len());
    let mut ws: Option<WsRow> = None;
    for r in &due {
        let (id, ws_id): (String, i64) = (r.get(0), r.get(1));
        if ws.as_ref().is_none_or(|w| w.id != ws_id) {
            ws = Some(db::lock_workspace_id(tx, ws_id).await?);
        }
        let Some(w) = ws.as_mut() else { continue };
        let Some(row) = load(tx, &id).await?.filter(|h| h.status == HoldStatus::Held && h.expires_at <= t) else {
            continue;
        };
        let (mut seat, active) = db::seat_by_id(tx, row.seat_id).await?;
        let memo = "hold expired unsettled";
        out.push(close_all(tx, w, &mut seat, active, &row, HoldStatus::Expired, memo, &Actor::Daemon, now).await?);
    }
    Ok(out)
}

/// When the next open hold expires, if any is open.
pub async fn next_expiry(tx: &Tx<'_>) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<String> = one(tx, "SELECT MIN(expires_at) FROM holds WHERE status = 'held'", &[]).await?.get(0);
    at.map(|s| s.parse::<Timestamp>().map_err(|e| StoreError::Internal(format!("stored expiry {s:?}: {e}"))))
        .transpose()
}

/// How many holds are open, in every workspace.
pub async fn open_count(tx: &Tx<'_>) -> Result<i64, StoreError> {
    Ok(one(tx, "SELECT COUNT(*) FROM holds WHERE status = 'held'", &[]).await?.get(0))
}

/// One hold, if `owner` may see it.
pub async fn get(tx: &Tx<'_>, owner: &Owner, id: &str) -> Result<Hold, StoreError> {
    let (ws, row, seat, _) = owned(tx, owner, id, false).await?;
    Ok(row.view(&ws, &seat))
}

/// At most `limit` open holds of the owner's workspace (only the owner's seat's when it names
/// one), soonest to expire first, after the keyset cursor `after` (`list_cursor`).
pub async fn list_open(tx: &Tx<'_>, owner: &Owner, after: Option<&str>, limit: u32) -> Result<Vec<Hold>, StoreError> {
    let ws = db::workspace(tx, owner.workspace.as_deref()).await?;
    let seat_id = match owner.seat.as_deref() {
        Some(name) => Some(db::seat(tx, &ws, Some(name), None).await?.id),
        None => None,
    };
    let (after_expiry, after_id) = match after {
        None => ("", ""),
        Some(c) => c.split_once(' ').ok_or_else(|| StoreError::InvalidInput(format!("invalid cursor {c:?}")))?,
    };
    let rows = all(
        tx,
        &format!(
            "SELECT {HOLD_COLS} FROM holds WHERE workspace_id = $1 AND status = 'held'
             AND ($2::BIGINT IS NULL OR seat_id = $2) AND (expires_at, id) > ($3, $4)
             ORDER BY expires_at, id LIMIT $5"
        ),
        &[&ws.id, &seat_id, &after_expiry, &after_id, &i64::from(limit)],
    )
    .await?;
    let mut seats: std::collections::HashMap<i64, SeatRow> = std::collections::HashMap::new();
    let mut holds = Vec::with_capacity(rows.len());
    for r in &rows {
        let row = hold_row(r);
        let seat = match seats.entry(row.seat_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(db::seat_by_id(tx, row.seat_id).await?.0),
        };
        holds.push(row.view(&ws, seat));
    }
    Ok(holds)
}
