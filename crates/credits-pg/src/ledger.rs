//! Debits (included first, then top-up, all or nothing) and the fit check.

use credits_core::limits::split_limited;
use credits_core::records::{Balance, DebitReceipt};
use credits_core::{Credits, EntryKind, Split};
use credits_ledger::StoreError;
use credits_ledger::ledger::{DebitRequest, validate_memo};
use credits_ledger::service::Debited;
use credits_ledger::stored_receipt;
use jiff::Timestamp;

use crate::db::{self, SeatRow, Tx, WsRow};
use crate::journal::{move_included, move_topup};
use crate::{idempotency, limits};

/// What an idempotency key of a debit is bound to (the SQLite backend's fingerprint): the same
/// seat, amount and memo replay; anything else is a different request.
pub fn debit_fingerprint(seat: &str, amount: Credits, memo: Option<&str>) -> String {
    format!("debit\u{0}{seat}\u{0}{}\u{0}{}", amount.millis(), memo.unwrap_or(""))
}

/// The checks a debit passes before it touches the database (amount, memo, actor).
pub fn validate(req: &DebitRequest) -> Result<(), StoreError> {
    if req.amount.millis() <= 0 {
        return Err(StoreError::InvalidInput("amount must be greater than zero".into()));
    }
    validate_memo(req.memo.as_deref())?;
    req.actor.validate().map_err(|e| StoreError::InvalidInput(e.to_string()))
}

/// How a debit or hold of `amount` divides between the pools under the seat's limits, or the 402
/// (naming the limit that refused it, if one did).
pub fn split(ws: &WsRow, seat: &SeatRow, amount: Credits) -> Result<Split, StoreError> {
    split_limited(Credits::from_millis(seat.included), Credits::from_millis(ws.topup), &limits::of(ws, seat), amount)
        .map_err(|refusal| match db::balance(ws, seat) {
            Ok(b) => StoreError::refused(refusal, amount, b),
            Err(e) => e,
        })
}

/// Debits usage under the workspace's lock. With an idempotency key, a repeat returns the first
/// receipt, marked replayed, and writes nothing.
pub async fn debit(tx: &Tx<'_>, req: &DebitRequest, now: Timestamp) -> Result<Debited, StoreError> {
    validate(req)?;
    let mut ws = db::lock_workspace(tx, req.workspace.as_deref()).await?;
    let mut seat = db::seat(tx, &ws, req.seat.as_deref(), req.user.as_deref()).await?;
    let fingerprint = debit_fingerprint(&seat.name, req.amount, req.memo.as_deref());
    let owner = idempotency::owner_column(req.key_owner, seat.id);
    if let Some(key) = &req.idempotency_key
        && let Some(stored) = idempotency::lookup(tx, ws.id, owner, key, &fingerprint).await?
    {
        return Ok(Debited { receipt: stored_receipt::decode(&stored)?, replayed: true });
    }
    let split = split(&ws, &seat, req.amount)?;
    let reference = req.idempotency_key.as_deref();
    let memo = req.memo.as_deref();
    let mut entries = Vec::with_capacity(2);
    if !split.from_included.is_zero() {
        let amount = -split.from_included.millis();
        entries.push(
            move_included(tx, &mut ws, &mut seat, EntryKind::Debit, amount, reference, memo, &req.actor, now).await?,
        );
    }
    if !split.from_topup.is_zero() {
        let amount = -split.from_topup.millis();
        entries.push(
            move_topup(tx, &mut ws, Some(&seat), EntryKind::Debit, amount, reference, memo, &req.actor, now).await?,
        );
        limits::draw(tx, &mut ws, &mut seat, split.from_topup.millis()).await?;
    }
    let receipt = DebitReceipt { entries, balance: db::balance(&ws, &seat)? };
    if let Some(key) = &req.idempotency_key {
        let stored = stored_receipt::encode(&receipt)?;
        idempotency::store(tx, ws.id, owner, key, &fingerprint, &stored, now).await?;
    }
    Ok(Debited { receipt, replayed: false })
}

/// Debits each request in its own savepoint, in order: a refused or bad one is undone and
/// answered alone, the others stay. Losing the server fails the whole batch (its transaction
/// cannot commit). The batch names one workspace, whose row lock the first debit takes and the
/// rest keep, so two batches never wait on each other in a cycle.
pub async fn debit_each(
    tx: &mut Tx<'_>,
    reqs: &[DebitRequest],
    now: Timestamp,
) -> Result<Vec<Result<Debited, StoreError>>, StoreError> {
    let mut out = Vec::with_capacity(reqs.len());
    for req in reqs {
        let event = tx.savepoint("event").await?;
        match debit(&event, req, now).await {
            Ok(d) => {
                event.commit().await?;
                out.push(Ok(d));
            }
            Err(e @ StoreError::Unavailable(_)) => return Err(e),
            Err(e) => {
                event.rollback().await?;
                out.push(Err(e));
            }
        }
    }
    Ok(out)
}

/// Would a debit of `amount` fit? Reads only.
pub async fn check(
    tx: &Tx<'_>,
    ws: Option<&str>,
    seat: Option<&str>,
    user: Option<&str>,
    amount: Credits,
) -> Result<(bool, Balance), StoreError> {
    let ws = db::workspace(tx, ws).await?;
    let seat = db::seat(tx, &ws, seat, user).await?;
    let fits = split(&ws, &seat, amount).is_ok();
    Ok((fits, db::balance(&ws, &seat)?))
}
