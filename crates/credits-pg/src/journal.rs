//! The journal appender: the one way an entry joins a workspace's hash chain, and the balance
//! moves built on it (one entry each).
//!
//! The caller holds the workspace's row lock ([`crate::db::lock_workspace`]): under it the chain
//! head read with the row is the newest, the entry's id (taken from `journal_id_seq` before
//! hashing, because the id is hashed) is above every earlier id of the workspace, and the head
//! moves in the same transaction as the row. The hash is credits-core's, over the same fields
//! as the SQLite backend's, so both verify the same way.

use credits_core::chain::{ChainFields, entry_hash};
use credits_core::records::Entry;
use credits_core::time::fmt_time;
use credits_core::{Actor, Credits, EntryKind, Pool};
use credits_ledger::StoreError;
use jiff::Timestamp;

use crate::db::{SeatRow, Tx, WsRow, exec, one};

/// A journal entry about to be appended: everything but its id, time and hash.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    pub seat: Option<&'a SeatRow>,
    pub pool: Pool,
    pub kind: EntryKind,
    /// Signed millicredits moved into (positive) or out of (negative) the pool.
    pub amount: i64,
    /// The pool's balance after this entry, in millicredits.
    pub balance_after: i64,
    pub period: &'a str,
    pub reference: Option<&'a str>,
    pub memo: Option<&'a str>,
    pub actor: &'a str,
}

/// The cached balance an appended entry sets to its `balance_after`, in the same statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cached {
    /// None: the caller updates balances itself (the monthly reset, set-based).
    None,
    /// The entry's seat's included balance.
    Seat,
    /// The workspace's top-up balance.
    Topup,
}

/// `WITH j AS (INSERT INTO journal …)`: the first part of every append statement.
macro_rules! insert_journal {
    () => {
        "WITH j AS (INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, \
         period, ref, memo, time, hash, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13))"
    };
}

/// Appends `d` to `ws`'s chain (locked by this transaction), sets the `pool_row` balance to the
/// entry's `balance_after`, and returns the entry as shown.
pub async fn append(
    tx: &Tx<'_>,
    ws: &mut WsRow,
    d: Draft<'_>,
    pool_row: Cached,
    now: Timestamp,
) -> Result<Entry, StoreError> {
    if !ws.locked {
        return Err(StoreError::Internal(format!("an append to workspace '{}' without its lock", ws.name)));
    }
    if d.balance_after < 0 {
        return Err(StoreError::Internal(format!(
            "refused a {} entry leaving the {} balance at {} millicredits",
            d.kind, d.pool, d.balance_after
        )));
    }
    let id: i64 = one(tx, "SELECT nextval('journal_id_seq')", &[]).await?.get(0);
    let time = fmt_time(now);
    let seat = d.seat.map(|s| s.name.as_str());
    let fields = ChainFields {
        id,
        workspace: &ws.name,
        seat,
        pool: d.pool.as_str(),
        kind: d.kind.as_str(),
        amount_millis: d.amount,
        balance_after_millis: d.balance_after,
        period: d.period,
        reference: d.reference,
        memo: d.memo,
        time: &time,
        actor: Some(d.actor),
    };
    let hash = entry_hash(&ws.chain_head, &fields);
    // The row, the cached balance it moves and the chain head: one statement, one round trip.
    let sql = match pool_row {
        Cached::None => concat!(insert_journal!(), " UPDATE workspaces SET chain_head = $12 WHERE id = $2"),
        Cached::Seat => concat!(
            insert_journal!(),
            ", s AS (UPDATE seats SET included_millis = $7 WHERE id = $3)",
            " UPDATE workspaces SET chain_head = $12 WHERE id = $2"
        ),
        Cached::Topup => {
            concat!(insert_journal!(), " UPDATE workspaces SET chain_head = $12, topup_millis = $7 WHERE id = $2")
        }
    };
    exec(
        tx,
        sql,
        &[
            &id,
            &ws.id,
            &d.seat.map(|s| s.id),
            &d.pool.as_str(),
            &d.kind.as_str(),
            &d.amount,
            &d.balance_after,
            &d.period,
            &d.reference,
            &d.memo,
            &time,
            &hash,
            &d.actor,
        ],
    )
    .await?;
    ws.chain_head = hash;
    Ok(Entry {
        id,
        time,
        workspace: ws.name.clone(),
        seat: seat.map(str::to_owned),
        pool: d.pool,
        kind: d.kind,
        amount: Credits::from_millis(d.amount),
        balance_after: Credits::from_millis(d.balance_after),
        period: d.period.to_owned(),
        reference: d.reference.map(str::to_owned),
        memo: d.memo.map(str::to_owned),
        actor: d.actor.parse().ok(),
    })
}

/// Moves `amount` (signed) into or out of a seat's included pool, writing one entry.
pub async fn move_included(
    tx: &Tx<'_>,
    ws: &mut WsRow,
    seat: &mut SeatRow,
    kind: EntryKind,
    amount: i64,
    reference: Option<&str>,
    memo: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<Entry, StoreError> {
    let after = seat
        .included
        .checked_add(amount)
        .filter(|a| *a >= 0)
        .ok_or_else(|| StoreError::InvalidInput("the included balance would go below zero or overflow".into()))?;
    actor.validate().map_err(|e| StoreError::InvalidInput(e.to_string()))?;
    let period = ws.period.clone();
    let actor = actor.to_string();
    let d = Draft {
        seat: Some(seat),
        pool: Pool::Included,
        kind,
        amount,
        balance_after: after,
        period: &period,
        reference,
        memo,
        actor: &actor,
    };
    let entry = append(tx, ws, d, Cached::Seat, now).await?;
    seat.included = after;
    Ok(entry)
}

/// Moves `amount` (signed) into or out of the workspace's top-up pool, writing one entry.
pub async fn move_topup(
    tx: &Tx<'_>,
    ws: &mut WsRow,
    seat: Option<&SeatRow>,
    kind: EntryKind,
    amount: i64,
    reference: Option<&str>,
    memo: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<Entry, StoreError> {
    let after = ws
        .topup
        .checked_add(amount)
        .filter(|a| *a >= 0)
        .ok_or_else(|| StoreError::InvalidInput("the top-up balance would go below zero or overflow".into()))?;
    actor.validate().map_err(|e| StoreError::InvalidInput(e.to_string()))?;
    let period = ws.period.clone();
    let actor = actor.to_string();
    let d = Draft {
        seat,
        pool: Pool::Topup,
        kind,
        amount,
        balance_after: after,
        period: &period,
        reference,
        memo,
        actor: &actor,
    };
    let entry = append(tx, ws, d, Cached::Topup, now).await?;
    ws.topup = after;
    Ok(entry)
}
