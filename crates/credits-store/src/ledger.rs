//! Ledger rows, the balance moves every mutation uses (one journal entry each, through
//! [`crate::journal`]), and the debit built on them (included first, then top-up, all or nothing).

use credits_core::limits::split_limited;
use credits_core::period::zone;
use credits_core::records::{Balance, DebitReceipt, Entry, IncludedBalance, TopupBalance};
use credits_core::time::fmt_instant;
use credits_core::{Actor, Credits, EntryKind, Period, Pool};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::{Missing, StoreError};
use crate::idempotency;

use crate::journal::{ChainHead, EntryDraft, IdempotencyKey, Sink};
use crate::pending::Pending;
use credits_core::remedy::Remedy;
pub use credits_ledger::ledger::{DebitRequest, validate_memo};
pub use credits_ledger::service::Debited;
use credits_ledger::stored_receipt;

/// A workspace as stored.
#[derive(Debug, Clone)]
pub struct WsRow {
    pub id: i64,
    pub name: String,
    pub plan: String,
    pub pending_plan: Option<String>,
    pub tz: String,
    pub period: String,
    pub topup: i64,
    pub stripe_customer: Option<String>,
    /// The monthly top-up budget of all seats together, and its month counter.
    pub topup_budget: Option<i64>,
    pub topup_used: i64,
    pub topup_used_period: Option<String>,
}

/// An active seat as stored.
#[derive(Debug, Clone)]
pub struct SeatRow {
    pub id: i64,
    pub workspace_id: i64,
    pub name: String,
    pub included: i64,
    pub allowance: i64,
    pub has_token: bool,
    pub created_at: String,
    /// The seat's monthly top-up limit, and its month counter.
    pub topup_limit: Option<i64>,
    pub topup_used: i64,
    pub topup_used_period: Option<String>,
}

// Column lists as macros so the hot lookups below are `&'static str` (built at compile time)
// rather than formatted for every request.
macro_rules! ws_cols {
    () => {
        "id, name, plan, pending_plan, tz, period, topup_millis, stripe_customer, topup_budget_millis, \
         topup_used_millis, topup_used_period"
    };
}
macro_rules! seat_cols {
    () => {
        "id, workspace_id, name, included_millis, allowance_millis, token_hash IS NOT NULL, created_at, \
         topup_limit_millis, topup_used_millis, topup_used_period"
    };
}
pub(crate) use seat_cols;
const WS_COLS: &str = ws_cols!();
/// How many columns [`ws_row`] reads: a query may select more after them.
const WS_COL_COUNT: usize = 11;
const SEAT_COLS: &str = seat_cols!();
/// How many columns [`seat_row`] reads: a query may select more after them.
pub(crate) const SEAT_COL_COUNT: usize = 10;

fn ws_row(r: &Row<'_>) -> rusqlite::Result<WsRow> {
    Ok(WsRow {
        id: r.get(0)?,
        name: r.get(1)?,
        plan: r.get(2)?,
        pending_plan: r.get(3)?,
        tz: r.get(4)?,
        period: r.get(5)?,
        topup: r.get(6)?,
        stripe_customer: r.get(7)?,
        topup_budget: r.get(8)?,
        topup_used: r.get(9)?,
        topup_used_period: r.get(10)?,
    })
}

pub(crate) fn seat_row(r: &Row<'_>) -> rusqlite::Result<SeatRow> {
    Ok(SeatRow {
        id: r.get(0)?,
        workspace_id: r.get(1)?,
        name: r.get(2)?,
        included: r.get(3)?,
        allowance: r.get(4)?,
        has_token: r.get(5)?,
        created_at: r.get(6)?,
        topup_limit: r.get(7)?,
        topup_used: r.get(8)?,
        topup_used_period: r.get(9)?,
    })
}

/// The workspace named `name`, or the default workspace when `name` is `None`.
pub fn workspace(conn: &Connection, name: Option<&str>) -> Result<WsRow, StoreError> {
    let name: std::borrow::Cow<'_, str> = match name {
        Some(n) => n.into(),
        None => conn
            .query_row("SELECT value FROM settings WHERE key = 'default_workspace'", [], |r| r.get::<_, String>(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(Missing::new("there is no default workspace", Remedy::AddWorkspace)))?
            .into(),
    };
    conn.prepare_cached(concat!("SELECT ", ws_cols!(), " FROM workspaces WHERE name = ?1"))?
        .query_row([name.as_ref()], ws_row)
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(Missing::new(format!("workspace '{name}' not found"), Remedy::ListWorkspaces))
        })
}

/// Every workspace, by name.
pub fn workspaces(conn: &Connection) -> Result<Vec<WsRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {WS_COLS} FROM workspaces ORDER BY name"))?;
    let rows = stmt.query_map([], ws_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// At most `limit` workspaces whose names sort after `after`, by name: one page of
/// [`workspaces`].
pub fn workspaces_page(conn: &Connection, after: Option<&str>, limit: u32) -> Result<Vec<WsRow>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {WS_COLS} FROM workspaces WHERE name > ?1 ORDER BY name LIMIT ?2"))?;
    let rows = stmt.query_map(rusqlite::params![after.unwrap_or(""), limit], ws_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The active seats of a workspace, by name.
pub fn seats(conn: &Connection, ws: &WsRow) -> Result<Vec<SeatRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SEAT_COLS} FROM seats WHERE workspace_id = ?1 AND active = 1 ORDER BY name"
    ))?;
    let rows = stmt.query_map([ws.id], seat_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// At most `limit` active seats of `ws` whose names sort after `after`, by name: one page of
/// [`seats`].
pub fn seats_page(conn: &Connection, ws: &WsRow, after: Option<&str>, limit: u32) -> Result<Vec<SeatRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SEAT_COLS} FROM seats WHERE workspace_id = ?1 AND active = 1 AND name > ?2 ORDER BY name LIMIT ?3"
    ))?;
    let rows = stmt.query_map(rusqlite::params![ws.id, after.unwrap_or(""), limit], seat_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Resolves the seat a request is for: the named seat; else the caller's own (`user`); else the
/// workspace's only seat.
pub fn seat(conn: &Connection, ws: &WsRow, name: Option<&str>, user: Option<&str>) -> Result<SeatRow, StoreError> {
    let by_name = |n: &str| -> Result<Option<SeatRow>, StoreError> {
        Ok(conn
            .prepare_cached(concat!(
                "SELECT ",
                seat_cols!(),
                " FROM seats WHERE workspace_id = ?1 AND name = ?2 AND active = 1"
            ))?
            .query_row(params![ws.id, n], seat_row)
            .optional()?)
    };
    if let Some(n) = name {
        return by_name(n)?.ok_or_else(|| {
            StoreError::NotFound(Missing::new(
                format!("seat '{n}' not found in workspace '{}'", ws.name),
                Remedy::ListSeats,
            ))
        });
    }
    if let Some(u) = user
        && let Some(s) = by_name(u)?
    {
        return Ok(s);
    }
    let mut all = seats(conn, ws)?;
    match all.len() {
        1 => Ok(all.remove(0)),
        0 => Err(StoreError::NotFound(Missing::new(format!("workspace '{}' has no seats", ws.name), Remedy::AddSeat))),
        _ => Err(StoreError::SeatNotChosen(format!("workspace '{}' has several seats; name the one to use", ws.name))),
    }
}

/// The seat with token hash `hash`, for the HTTP API.
pub fn seat_by_token_hash(conn: &Connection, hash: &str) -> Result<Option<(WsRow, SeatRow)>, StoreError> {
    let seat = conn
        .prepare_cached(concat!("SELECT ", seat_cols!(), " FROM seats WHERE token_hash = ?1 AND active = 1"))?
        .query_row([hash], seat_row)
        .optional()?;
    let Some(seat) = seat else { return Ok(None) };
    let ws = conn
        .prepare_cached(concat!("SELECT ", ws_cols!(), " FROM workspaces WHERE id = ?1"))?
        .query_row([seat.workspace_id], ws_row)?;
    Ok(Some((ws, seat)))
}

/// The instant the workspace's current period ends.
pub fn resets_at(ws: &WsRow) -> Result<Timestamp, StoreError> {
    let tz = zone(&ws.tz).map_err(|e| StoreError::Internal(e.to_string()))?;
    let period: Period =
        ws.period.parse().map_err(|e: credits_core::PeriodError| StoreError::Internal(e.to_string()))?;
    Ok(period.end(&tz))
}

/// One seat's balance as clients see it: its included credits (with the allowance and when they
/// reset), the workspace's shared top-up, and what it can spend in all.
pub fn balance(ws: &WsRow, seat: &SeatRow) -> Result<Balance, StoreError> {
    let included = Credits::from_millis(seat.included);
    let topup = Credits::from_millis(ws.topup);
    let limits = crate::limits::of(ws, seat);
    Ok(Balance {
        workspace: ws.name.clone(),
        seat: seat.name.clone(),
        period: ws.period.clone(),
        included: IncludedBalance {
            remaining: included,
            allowance: Credits::from_millis(seat.allowance),
            resets_at: fmt_instant(resets_at(ws)?),
            time_zone: ws.tz.clone(),
        },
        topup: TopupBalance { remaining: topup },
        spendable: credits_core::limits::spendable(included, topup, &limits),
        limits,
    })
}

/// Appends `e` to workspace `ws`'s chain through `sink` (a [`ChainHead`] the caller saves once
/// its entries are written, or a run's [`Pending`] entries) and returns the entry as shown to
/// clients. The caller updates the cached balance in the same transaction. `actor` is the one
/// whose text `e` carries: the entry gets it as it is rather than parsed back from that text.
fn append_to(
    conn: &Connection,
    sink: &mut dyn Sink,
    ws: &WsRow,
    e: EntryDraft<'_>,
    actor: &Actor,
) -> Result<Entry, StoreError> {
    let (id, time) = sink.append(conn, ws.id, &ws.name, e)?;
    Ok(Entry {
        id,
        time,
        workspace: ws.name.clone(),
        seat: e.seat.map(str::to_owned),
        pool: e.pool,
        kind: e.kind,
        amount: Credits::from_millis(e.amount),
        balance_after: Credits::from_millis(e.balance_after),
        period: e.period.to_owned(),
        reference: e.reference.map(str::to_owned),
        memo: e.memo.map(str::to_owned),
        actor: Some(actor.clone()),
    })
}

/// One entry's worth of a balance move: what it is, why, and who made it.
#[derive(Clone, Copy)]
pub struct Move<'a> {
    pub kind: EntryKind,
    /// Signed millicredits into (positive) or out of (negative) the pool.
    pub amount: i64,
    pub reference: Option<&'a str>,
    pub memo: Option<&'a str>,
    pub actor: &'a Actor,
}

/// Moves `amount` (signed) into or out of a seat's included pool, writing one entry.
pub fn move_included(
    conn: &Connection,
    ws: &WsRow,
    seat: &mut SeatRow,
    kind: EntryKind,
    amount: i64,
    reference: Option<&str>,
    memo: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<Entry, StoreError> {
    let mut head = ChainHead::load(conn, ws, now)?;
    let entry = included_entry(conn, &mut head, ws, seat, Move { kind, amount, reference, memo, actor })?;
    head.save(conn)?;
    Ok(entry)
}

/// [`move_included`] through a sink the caller provides and finishes.
fn included_entry(
    conn: &Connection,
    sink: &mut dyn Sink,
    ws: &WsRow,
    seat: &mut SeatRow,
    m: Move<'_>,
) -> Result<Entry, StoreError> {
    let after = seat
        .included
        .checked_add(m.amount)
        .filter(|a| *a >= 0)
        .ok_or_else(|| StoreError::InvalidInput("the included balance would go below zero or overflow".into()))?;
    m.actor.validate().map_err(|e| StoreError::InvalidInput(e.to_string()))?;
    sink.set_included(conn, seat.id, after)?;
    seat.included = after;
    append_to(
        conn,
        sink,
        ws,
        EntryDraft {
            seat: Some(&seat.name),
            seat_id: Some(seat.id),
            pool: Pool::Included,
            kind: m.kind,
            amount: m.amount,
            balance_after: after,
            period: &ws.period,
            reference: m.reference,
            memo: m.memo,
            actor: Some(&m.actor.to_string()),
        },
        m.actor,
    )
}

/// Moves `amount` (signed) into or out of the workspace's top-up pool, writing one entry.
pub fn move_topup(
    conn: &Connection,
    ws: &mut WsRow,
    seat: Option<&SeatRow>,
    kind: EntryKind,
    amount: i64,
    reference: Option<&str>,
    memo: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<Entry, StoreError> {
    let mut head = ChainHead::load(conn, ws, now)?;
    let entry = topup_entry(conn, &mut head, ws, seat, Move { kind, amount, reference, memo, actor })?;
    head.save(conn)?;
    Ok(entry)
}

/// [`move_topup`] through a sink the caller provides and finishes.
fn topup_entry(
    conn: &Connection,
    sink: &mut dyn Sink,
    ws: &mut WsRow,
    seat: Option<&SeatRow>,
    m: Move<'_>,
) -> Result<Entry, StoreError> {
    let after = ws
        .topup
        .checked_add(m.amount)
        .filter(|a| *a >= 0)
        .ok_or_else(|| StoreError::InvalidInput("the top-up balance would go below zero or overflow".into()))?;
    m.actor.validate().map_err(|e| StoreError::InvalidInput(e.to_string()))?;
    conn.prepare_cached("UPDATE workspaces SET topup_millis = ?1 WHERE id = ?2")?.execute(params![after, ws.id])?;
    ws.topup = after;
    append_to(
        conn,
        sink,
        ws,
        EntryDraft {
            seat: seat.map(|s| s.name.as_str()),
            seat_id: seat.map(|s| s.id),
            pool: Pool::Topup,
            kind: m.kind,
            amount: m.amount,
            balance_after: after,
            period: &ws.period,
            reference: m.reference,
            memo: m.memo,
            actor: Some(&m.actor.to_string()),
        },
        m.actor,
    )
}

/// The workspace a write is for (as [`workspace`]) with its chain head, in one statement: a
/// debit needs both, and every statement saved counts on the hot path.
fn workspace_with_head(
    conn: &Connection,
    name: Option<&str>,
    now: Timestamp,
) -> Result<(WsRow, ChainHead), StoreError> {
    let Some(name) = name else {
        let ws = workspace(conn, None)?;
        let head = ChainHead::load(conn, &ws, now)?;
        return Ok((ws, head));
    };
    conn.prepare_cached(concat!(
        "SELECT ",
        ws_cols!(),
        ", w.chain_head, (SELECT COALESCE(MAX(id), 0) + 1 FROM journal) FROM workspaces w WHERE name = ?1"
    ))?
    .query_row([name], |r| {
        let ws = ws_row(r)?;
        let head = ChainHead::from_row(r, WS_COL_COUNT, ws.id, now)?;
        Ok((ws, head))
    })
    .optional()?
    .ok_or_else(|| StoreError::NotFound(Missing::new(format!("workspace '{name}' not found"), Remedy::ListWorkspaces)))
}

/// What an idempotency key of a debit is bound to: the same seat, amount and memo replay; anything
/// else is a different request.
pub fn debit_fingerprint(seat: &str, amount: Credits, memo: Option<&str>) -> String {
    format!("debit\u{0}{seat}\u{0}{}\u{0}{}", amount.millis(), memo.unwrap_or(""))
}

/// Debits usage: included first, then top-up; all or nothing. With an idempotency key, a repeat
/// returns the first receipt, marked replayed, and writes nothing.
pub fn debit(conn: &Connection, req: &DebitRequest, now: Timestamp) -> Result<Debited, StoreError> {
    check_debit(req)?;
    let (mut ws, mut head) = workspace_with_head(conn, req.workspace.as_deref(), now)?;
    let mut seat = seat(conn, &ws, req.seat.as_deref(), req.user.as_deref())?;
    let debited = debit_into(conn, req, &mut ws, &mut seat, &mut head, now)?;
    if !debited.replayed {
        head.save(conn)?;
    }
    Ok(debited)
}

/// What a debit request must be before anything is looked up.
fn check_debit(req: &DebitRequest) -> Result<(), StoreError> {
    if req.amount.millis() <= 0 {
        return Err(StoreError::InvalidInput("amount must be greater than zero".into()));
    }
    validate_memo(req.memo.as_deref())
}

/// [`debit`] of seat `seat` of workspace `ws` (both left as the debit changed them), its writes
/// going through `sink`.
fn debit_into(
    conn: &Connection,
    req: &DebitRequest,
    ws: &mut WsRow,
    seat: &mut SeatRow,
    sink: &mut dyn Sink,
    now: Timestamp,
) -> Result<Debited, StoreError> {
    // Only a keyed debit is fingerprinted (most debits carry no key).
    let keyed =
        req.idempotency_key.as_deref().map(|key| (key, debit_fingerprint(&seat.name, req.amount, req.memo.as_deref())));
    let keyed = keyed.as_ref().map(|(key, fingerprint)| IdempotencyKey {
        workspace_id: ws.id,
        owner: idempotency::owner_column(req.key_owner, seat.id),
        key,
        fingerprint,
    });
    if let Some(k) = &keyed
        && let Some(stored) = sink.lookup_key(conn, k)?
    {
        return Ok(Debited { receipt: stored_receipt::decode(&stored)?, replayed: true });
    }
    let split = match split_limited(
        Credits::from_millis(seat.included),
        Credits::from_millis(ws.topup),
        &crate::limits::of(ws, seat),
        req.amount,
    ) {
        Ok(split) => split,
        Err(refusal) => {
            // A repeat of a stored request replays even when it would no longer fit, so a sink
            // that left the database's keys out looks this one up now.
            if let Some(k) = &keyed
                && sink.defers_stored_keys()
                && let Some(stored) = idempotency::lookup(conn, k.workspace_id, k.owner, k.key, k.fingerprint)?
            {
                return Ok(Debited { receipt: stored_receipt::decode(&stored)?, replayed: true });
            }
            return Err(match balance(ws, seat) {
                Ok(b) => StoreError::refused(refusal, req.amount, b),
                Err(e) => e,
            });
        }
    };
    // Every refusal above wrote nothing; from here on only a storage error or a bug can fail,
    // which is what lets the writer run debits without a savepoint each (see `debit_run`).
    let m = Move {
        kind: EntryKind::Debit,
        amount: 0,
        reference: req.idempotency_key.as_deref(),
        memo: req.memo.as_deref(),
        actor: &req.actor,
    };
    let mut entries = Vec::with_capacity(2);
    if !split.from_included.is_zero() {
        let m = Move { amount: -split.from_included.millis(), ..m };
        entries.push(included_entry(conn, sink, ws, seat, m)?);
    }
    if !split.from_topup.is_zero() {
        let m = Move { amount: -split.from_topup.millis(), ..m };
        entries.push(topup_entry(conn, sink, ws, Some(seat), m)?);
        crate::limits::draw(conn, ws, seat, split.from_topup.millis())?;
    }
    let receipt = DebitReceipt { entries, balance: balance(ws, seat)? };
    if let Some(k) = &keyed {
        sink.store_key(conn, k, stored_receipt::encode(&receipt)?, now)?;
    }
    Ok(Debited { receipt, replayed: false })
}

/// Debits each request in order, each decided on its own: a refused or bad one changes nothing
/// and is answered alone, the others stay ([`debit_run`] at one instant).
pub fn debit_each(
    conn: &Connection,
    reqs: &[DebitRequest],
    now: Timestamp,
) -> Result<Vec<Result<Debited, StoreError>>, StoreError> {
    let run: Vec<(&DebitRequest, Timestamp)> = reqs.iter().map(|r| (r, now)).collect();
    debit_run(conn, &run)
}

/// What one debit of a run came to.
pub type DebitResult = Result<Debited, StoreError>;

/// Debits each `(request, time)` in order inside the caller's transaction, each decided on its
/// own as if in a savepoint of its own: a refused or failed one changes nothing, the others stay.
///
/// A savepoint per debit, and an INSERT per entry, made SQLite copy the pages each debit touched
/// into its statement journal (the largest single cost of a debit), yet a debit refuses before it
/// writes (see [`debit`]) and nothing it reads comes from the journal. So the run is optimistic:
/// one savepoint around all of it, no savepoint per debit, and the entries gathered in a
/// [`Pending`] and written together at the end. Should a debit fail after writing something (a
/// storage error, a trigger refusing, a bug), or the final write fail, the whole run is rolled
/// back and run again with a savepoint per debit, each writing at once; debits are data, so
/// running them again decides them the same way. A storage error that rolled the whole
/// transaction back fails the run (the caller answers every request with it).
///
/// Idempotency keys are new far more often than repeated, so the first pass does not look them
/// up in the database (only among the run's own, and for a refused debit): a key already stored
/// makes the final write fail on the table's primary key, and the run is rolled back and run
/// once more, optimistically, looking every key up, before the slow path.
pub fn debit_run(conn: &Connection, run: &[(&DebitRequest, Timestamp)]) -> Result<Vec<DebitResult>, StoreError> {
    let rolled_back = || StoreError::Unavailable("a storage error rolled back the transaction".into());
    if conn.is_autocommit() {
        return Err(rolled_back());
    }
    conn.prepare_cached("SAVEPOINT debits")?.execute([])?;
    let undo = || -> Result<(), StoreError> {
        if conn.is_autocommit() {
            return Err(rolled_back());
        }
        conn.prepare_cached("ROLLBACK TO debits")?.execute([])?;
        Ok(())
    };
    let keyed = run.iter().any(|(req, _)| req.idempotency_key.is_some());
    let mut results = debit_optimistically(conn, run, keyed);
    if results.is_none() && keyed {
        undo()?;
        results = debit_optimistically(conn, run, false);
    }
    let results = match results {
        Some(results) => results,
        None => {
            undo()?;
            debit_each_in_savepoint(conn, run)?
        }
    };
    if conn.is_autocommit() {
        return Err(rolled_back());
    }
    conn.prepare_cached("RELEASE debits")?.execute([])?;
    Ok(results)
}

/// Runs `f` and turns a panic into an error: a bug in one debit must not take the writer (and
/// so the daemon) down with it.
fn caught(f: impl FnOnce() -> DebitResult) -> DebitResult {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(StoreError::Internal("a debit panicked; nothing was written".into())))
}

/// Every debit of `run` without a savepoint each, its entries gathered and written at the end,
/// its keys looked up in the database only when a debit is refused if `defer_stored`; `None` when
/// one failed after it changed a row (SQLite's count of changed rows moved) or linked an entry,
/// or the entries could not be written: the caller then undoes the run.
fn debit_optimistically(
    conn: &Connection,
    run: &[(&DebitRequest, Timestamp)],
    defer_stored: bool,
) -> Option<Vec<DebitResult>> {
    let mut pending = Pending::new(defer_stored);
    let mut rows = RunRows::default();
    let mut out = Vec::with_capacity(run.len());
    for (req, now) in run {
        let changes = conn.total_changes();
        let linked = pending.writes();
        pending.at(*now);
        let result = caught(|| {
            check_debit(req)?;
            let (ws, seat) = rows.get(conn, req)?;
            debit_into(conn, req, ws, seat, &mut pending, *now)
        });
        let dirty = conn.total_changes() != changes || pending.writes() != linked;
        if conn.is_autocommit() || (result.is_err() && dirty) {
            return None;
        }
        out.push(result);
    }
    if pending.flush(conn).is_err() || conn.is_autocommit() {
        return None;
    }
    Some(out)
}

/// The workspace and seat rows a run of debits read, changed in place as the run changes them:
/// within a run only the run writes them (its seats' included balances reach the database with
/// its entries, in [`Pending::flush`]), so each is read once and then kept here.
#[derive(Default)]
struct RunRows {
    /// Workspace ids by the name a request gave (`None`: the default workspace).
    ws_ids: HashMap<Option<String>, i64>,
    workspaces: HashMap<i64, WsRow>,
    /// Seat ids by how a request named its seat: workspace id, seat name, user.
    seat_ids: HashMap<(i64, Option<String>, Option<String>), i64>,
    seats: HashMap<i64, SeatRow>,
}

impl RunRows {
    /// The workspace and seat `req` is for, as the run left them. A debit changes them in place
    /// only once it has written something, so a debit that fails before leaves them as they were,
    /// and one that fails after sends the run down the slow path, which does not use them.
    fn get(&mut self, conn: &Connection, req: &DebitRequest) -> Result<(&mut WsRow, &mut SeatRow), StoreError> {
        let ws_id = match self.ws_ids.get(&req.workspace) {
            Some(id) => *id,
            None => {
                let ws = workspace(conn, req.workspace.as_deref())?;
                let id = ws.id;
                self.ws_ids.insert(req.workspace.clone(), id);
                self.workspaces.entry(id).or_insert(ws);
                id
            }
        };
        let missing = || StoreError::Internal("a run lost a row it read".into());
        let ws = self.workspaces.get_mut(&ws_id).ok_or_else(missing)?;
        let key = (ws_id, req.seat.clone(), req.user.clone());
        let seat_id = match self.seat_ids.get(&key) {
            Some(id) => *id,
            None => {
                let seat = seat(conn, ws, req.seat.as_deref(), req.user.as_deref())?;
                let id = seat.id;
                self.seat_ids.insert(key, id);
                self.seats.entry(id).or_insert(seat);
                id
            }
        };
        let seat = self.seats.get_mut(&seat_id).ok_or_else(missing)?;
        Ok((ws, seat))
    }
}

/// Every debit of `run` in a savepoint of its own: the slow path after a debit failed midway.
fn debit_each_in_savepoint(
    conn: &Connection,
    run: &[(&DebitRequest, Timestamp)],
) -> Result<Vec<DebitResult>, StoreError> {
    let mut out = Vec::with_capacity(run.len());
    for (req, now) in run {
        conn.prepare_cached("SAVEPOINT debit")?.execute([])?;
        let result = caught(|| debit(conn, req, *now));
        if conn.is_autocommit() {
            return Err(StoreError::Unavailable("a storage error rolled back the transaction".into()));
        }
        if result.is_ok() {
            conn.prepare_cached("RELEASE debit")?.execute([])?;
        } else {
            conn.execute_batch("ROLLBACK TO debit; RELEASE debit")?;
        }
        out.push(result);
    }
    Ok(out)
}

/// Would a debit of `amount` fit? Reads only.
pub fn check(
    conn: &Connection,
    ws: Option<&str>,
    seat_name: Option<&str>,
    user: Option<&str>,
    amount: Credits,
) -> Result<(bool, Balance), StoreError> {
    let ws = workspace(conn, ws)?;
    let seat = seat(conn, &ws, seat_name, user)?;
    let limits = crate::limits::of(&ws, &seat);
    let fits =
        split_limited(Credits::from_millis(seat.included), Credits::from_millis(ws.topup), &limits, amount).is_ok();
    Ok((fits, balance(&ws, &seat)?))
}

#[cfg(test)]
#[path = "debit_run_tests.rs"]
mod debit_run_tests;
