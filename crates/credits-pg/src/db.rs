//! Statements through the connection's statement cache, and the rows every operation shares:
//! workspaces (locked `FOR UPDATE` by every write that moves a balance or the chain), seats, and
//! the balance a seat sees.

use credits_core::period::zone;
use credits_core::records::{Balance, IncludedBalance, TopupBalance};
use credits_core::remedy::Remedy;
use credits_core::time::fmt_instant;
use credits_core::{Credits, Period};
use credits_ledger::{Missing, StoreError};
use jiff::Timestamp;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

/// The transaction every operation runs in.
pub type Tx<'a> = deadpool_postgres::Transaction<'a>;
/// Statement parameters.
pub type Args<'a> = &'a [&'a (dyn ToSql + Sync)];

/// At most one row.
pub async fn opt(tx: &Tx<'_>, sql: &str, args: Args<'_>) -> Result<Option<Row>, StoreError> {
    let st = tx.prepare_cached(sql).await?;
    Ok(tx.query_opt(&st, args).await?)
}

/// Exactly one row.
pub async fn one(tx: &Tx<'_>, sql: &str, args: Args<'_>) -> Result<Row, StoreError> {
    let st = tx.prepare_cached(sql).await?;
    Ok(tx.query_one(&st, args).await?)
}

/// Every row.
pub async fn all(tx: &Tx<'_>, sql: &str, args: Args<'_>) -> Result<Vec<Row>, StoreError> {
    let st = tx.prepare_cached(sql).await?;
    Ok(tx.query(&st, args).await?)
}

/// A statement's changed-row count.
pub async fn exec(tx: &Tx<'_>, sql: &str, args: Args<'_>) -> Result<u64, StoreError> {
    let st = tx.prepare_cached(sql).await?;
    Ok(tx.execute(&st, args).await?)
}

/// Whether `e` is the server refusing a duplicate (a unique index said no).
pub fn is_unique_violation(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION)
}

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
    /// The newest entry's hash, as read (and, when `locked`, as this transaction moves it).
    pub chain_head: String,
    /// Read with `FOR UPDATE`: this transaction may move its balances and chain.
    pub locked: bool,
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

macro_rules! ws_cols {
    () => {
        "id, name, plan, pending_plan, tz, period, topup_millis, stripe_customer, chain_head, topup_budget_millis, \
         topup_used_millis, topup_used_period"
    };
}
macro_rules! seat_cols {
    () => {
        "id, workspace_id, name, included_millis, allowance_millis, token_hash IS NOT NULL, created_at, \
         topup_limit_millis, topup_used_millis, topup_used_period"
    };
}
pub(crate) use {seat_cols, ws_cols};
/// How many columns [`ws_row`] and [`seat_row`] read: a query may select more after them.
pub const WS_COL_COUNT: usize = 12;
pub const SEAT_COL_COUNT: usize = 10;

pub fn ws_row(r: &Row, locked: bool) -> WsRow {
    WsRow {
        id: r.get(0),
        name: r.get(1),
        plan: r.get(2),
        pending_plan: r.get(3),
        tz: r.get(4),
        period: r.get(5),
        topup: r.get(6),
        stripe_customer: r.get(7),
        chain_head: r.get(8),
        topup_budget: r.get(9),
        topup_used: r.get(10),
        topup_used_period: r.get(11),
        locked,
    }
}

pub fn seat_row(r: &Row) -> SeatRow {
    SeatRow {
        id: r.get(0),
        workspace_id: r.get(1),
        name: r.get(2),
        included: r.get(3),
        allowance: r.get(4),
        has_token: r.get(5),
        created_at: r.get(6),
        topup_limit: r.get(7),
        topup_used: r.get(8),
        topup_used_period: r.get(9),
    }
}

/// Why no workspace row answered a lookup of `name` (`None`: the default one).
async fn missing(tx: &Tx<'_>, name: Option<&str>) -> StoreError {
    let default = match name {
        Some(n) => return no_workspace(n),
        None => opt(tx, "SELECT value FROM settings WHERE key = 'default_workspace'", &[]).await,
    };
    match default {
        Ok(Some(r)) => no_workspace(&r.get::<_, String>(0)),
        Ok(None) => StoreError::NotFound(Missing::new("there is no default workspace", Remedy::AddWorkspace)),
        Err(e) => e,
    }
}

fn no_workspace(name: &str) -> StoreError {
    StoreError::NotFound(Missing::new(format!("workspace '{name}' not found"), Remedy::ListWorkspaces))
}

/// The workspace named `name` (`None`: the default one), as read. One statement either way: the
/// default's name is looked up in the same query.
pub async fn workspace(tx: &Tx<'_>, name: Option<&str>) -> Result<WsRow, StoreError> {
    let sql = concat!(
        "SELECT ",
        ws_cols!(),
        " FROM workspaces WHERE name = COALESCE($1::TEXT, (SELECT value FROM settings WHERE key = 'default_workspace'))"
    );
    match opt(tx, sql, &[&name]).await? {
        Some(r) => Ok(ws_row(&r, false)),
        None => Err(missing(tx, name).await),
    }
}

/// The workspace named `name` (`None`: the default one), locked until the transaction ends:
/// every write that moves a balance or extends the chain holds this lock, so two daemons never
/// fork a workspace's chain or spend the same credits twice.
pub async fn lock_workspace(tx: &Tx<'_>, name: Option<&str>) -> Result<WsRow, StoreError> {
    let sql = concat!(
        "SELECT ",
        ws_cols!(),
        " FROM workspaces WHERE name = COALESCE($1::TEXT, (SELECT value FROM settings WHERE key = 'default_workspace'))",
        " FOR UPDATE"
    );
    match opt(tx, sql, &[&name]).await? {
        Some(r) => Ok(ws_row(&r, true)),
        None => Err(missing(tx, name).await),
    }
}

/// Workspace `id`, locked (see [`lock_workspace`]).
pub async fn lock_workspace_id(tx: &Tx<'_>, id: i64) -> Result<WsRow, StoreError> {
    let sql = concat!("SELECT ", ws_cols!(), " FROM workspaces WHERE id = $1 FOR UPDATE");
    Ok(ws_row(&one(tx, sql, &[&id]).await?, true))
}

/// Every workspace, by name.
pub async fn workspaces(tx: &Tx<'_>) -> Result<Vec<WsRow>, StoreError> {
    let sql = concat!("SELECT ", ws_cols!(), " FROM workspaces ORDER BY name");
    Ok(all(tx, sql, &[]).await?.iter().map(|r| ws_row(r, false)).collect())
}

/// The active seats of a workspace, by name.
pub async fn seats(tx: &Tx<'_>, ws: &WsRow) -> Result<Vec<SeatRow>, StoreError> {
    let sql = concat!("SELECT ", seat_cols!(), " FROM seats WHERE workspace_id = $1 AND active ORDER BY name");
    Ok(all(tx, sql, &[&ws.id]).await?.iter().map(seat_row).collect())
}

/// Resolves the seat a request is for: the named seat; else the caller's own (`user`); else the
/// workspace's only seat.
pub async fn seat(tx: &Tx<'_>, ws: &WsRow, name: Option<&str>, user: Option<&str>) -> Result<SeatRow, StoreError> {
    let sql = concat!("SELECT ", seat_cols!(), " FROM seats WHERE workspace_id = $1 AND name = $2 AND active");
    if let Some(n) = name {
        return opt(tx, sql, &[&ws.id, &n]).await?.map(|r| seat_row(&r)).ok_or_else(|| {
            StoreError::NotFound(Missing::new(
                format!("seat '{n}' not found in workspace '{}'", ws.name),
                Remedy::ListSeats,
            ))
        });
    }
    if let Some(u) = user
        && let Some(r) = opt(tx, sql, &[&ws.id, &u]).await?
    {
        return Ok(seat_row(&r));
    }
    let mut all = seats(tx, ws).await?;
    match all.len() {
        1 => Ok(all.remove(0)),
        0 => Err(StoreError::NotFound(Missing::new(format!("workspace '{}' has no seats", ws.name), Remedy::AddSeat))),
        _ => Err(StoreError::SeatNotChosen(format!("workspace '{}' has several seats; name the one to use", ws.name))),
    }
}

/// A seat by id, removed or not, and whether it is active.
pub async fn seat_by_id(tx: &Tx<'_>, id: i64) -> Result<(SeatRow, bool), StoreError> {
    let sql = concat!("SELECT ", seat_cols!(), ", active FROM seats WHERE id = $1");
    let r = one(tx, sql, &[&id]).await?;
    Ok((seat_row(&r), r.get(SEAT_COL_COUNT)))
}

/// The instant the workspace's current period ends.
pub fn resets_at(ws: &WsRow) -> Result<Timestamp, StoreError> {
    let tz = zone(&ws.tz).map_err(|e| StoreError::Internal(e.to_string()))?;
    let period: Period =
        ws.period.parse().map_err(|e: credits_core::PeriodError| StoreError::Internal(e.to_string()))?;
    Ok(period.end(&tz))
}

/// One seat's balance as clients see it.
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
