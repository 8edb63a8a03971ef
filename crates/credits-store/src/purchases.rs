//! Purchases as stored: the state machine's transitions, crediting a confirmed purchase exactly
//! once, the Stripe events already handled, and the decisions `ensure` and auto top-up take
//! inside one writer transaction (so concurrent callers cannot both decide to buy).
//!
//! Exactly once is the database's promise, not the caller's: the `purchase` journal entry's
//! `ref` is the purchase id under a unique index, and the purchase row records that entry in the
//! same transaction (a CHECK ties `succeeded` to it).

use credits_core::purchase::{Purchase, PurchaseFailure, PurchaseKind, PurchaseOrigin, PurchaseState};
use credits_core::rules::{self, AutoTopupInputs, Ensure};
use credits_core::time::fmt_time;
use credits_core::{Actor, Cents, Credits, EntryKind};
use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::{Missing, StoreError};
use crate::ledger::{self, WsRow};
use credits_core::remedy::Remedy;

pub use credits_ledger::purchases::{Applied, AutoDecision, AutoRule, EnsureDecision, NewPurchase, Transition};

const COLS: &str = "p.id, w.name, p.kind, p.origin, p.state, p.amount_cents, p.currency, p.credits_millis,
    p.checkout_url, p.stripe_customer, p.stripe_payment_intent, p.stripe_checkout_session, p.failure_code,
    p.failure_message, p.journal_entry_id, p.created_at, p.updated_at, p.completed_at";

fn row(r: &Row<'_>) -> rusqlite::Result<Purchase> {
    let parse = |i: usize, s: String| -> rusqlite::Result<_> {
        Err(rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, s.into()))
    };
    let kind: String = r.get(2)?;
    let origin: String = r.get(3)?;
    let state: String = r.get(4)?;
    let failure_message: Option<String> = r.get(13)?;
    Ok(Purchase {
        id: r.get(0)?,
        workspace: r.get(1)?,
        kind: match kind.parse() {
            Ok(k) => k,
            Err(e) => return parse(2, e),
        },
        origin: match origin.parse() {
            Ok(o) => o,
            Err(e) => return parse(3, e),
        },
        state: match state.parse() {
            Ok(s) => s,
            Err(e) => return parse(4, e),
        },
        amount_cents: Cents::new(r.get(5)?),
        currency: r.get(6)?,
        credits: Credits::from_millis(r.get(7)?),
        checkout_url: r.get(8)?,
        stripe_customer: r.get(9)?,
        stripe_payment_intent: r.get(10)?,
        stripe_checkout_session: r.get(11)?,
        failure: failure_message.map(|message| PurchaseFailure { code: r.get(12).ok().flatten(), message }),
        journal_entry_id: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        completed_at: r.get(17)?,
    })
}

fn select(conn: &Connection, filter: &str, args: impl rusqlite::Params) -> Result<Vec<Purchase>, StoreError> {
    let sql = format!("SELECT {COLS} FROM purchases p JOIN workspaces w ON w.id = p.workspace_id {filter}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(args, row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn not_found(id: &str) -> StoreError {
    StoreError::NotFound(Missing::new(format!("purchase '{id}' not found"), Remedy::ListPurchases))
}

/// The purchase `id`, in any workspace.
pub fn get(conn: &Connection, id: &str) -> Result<Purchase, StoreError> {
    select(conn, "WHERE p.id = ?1", [id])?.pop().ok_or_else(|| not_found(id))
}

/// The purchase `id` if it belongs to `ws`.
pub fn get_in(conn: &Connection, ws: &WsRow, id: &str) -> Result<Purchase, StoreError> {
    select(conn, "WHERE p.id = ?1 AND p.workspace_id = ?2", params![id, ws.id])?.pop().ok_or_else(|| not_found(id))
}

/// At most `limit` of a workspace's purchases, newest first; with `before`, only those listed
/// after purchase `before` (the keyset cursor of paged reads).
pub fn list(conn: &Connection, ws: &WsRow, before: Option<&str>, limit: u32) -> Result<Vec<Purchase>, StoreError> {
    match before {
        None => select(
            conn,
            "WHERE p.workspace_id = ?1 ORDER BY p.created_at DESC, p.rowid DESC LIMIT ?2",
            params![ws.id, limit],
        ),
        Some(before) => select(
            conn,
            "WHERE p.workspace_id = ?1
               AND (p.created_at, p.rowid) < (SELECT created_at, rowid FROM purchases WHERE id = ?3)
             ORDER BY p.created_at DESC, p.rowid DESC LIMIT ?2",
            params![ws.id, limit, before],
        ),
    }
}

/// Every purchase still `created` or `pending`, oldest first (resumed after a restart).
pub fn in_flight(conn: &Connection) -> Result<Vec<Purchase>, StoreError> {
    select(conn, "WHERE p.state IN ('created', 'pending') ORDER BY p.created_at, p.rowid", [])
}

/// The purchase of `ws` recorded under idempotency key `key`, if any.
pub fn by_key(conn: &Connection, ws: &WsRow, key: &str) -> Result<Option<Purchase>, StoreError> {
    Ok(select(conn, "WHERE p.workspace_id = ?1 AND p.idempotency_key = ?2", params![ws.id, key])?.pop())
}

/// The purchase of `ws` recorded under idempotency key `p.idempotency_key`, if any: answered
/// instead of a new one when it asked for the same, refused when it asked for another amount or
/// kind.
pub fn by_idempotency_key(conn: &Connection, ws: &WsRow, p: &NewPurchase) -> Result<Option<Purchase>, StoreError> {
    let Some(key) = &p.idempotency_key else { return Ok(None) };
    let Some(earlier) = by_key(conn, ws, key)? else { return Ok(None) };
    credits_ledger::purchases::replays(key, &earlier, p.amount, p.kind)?;
    Ok(Some(earlier))
}

/// Records a new purchase in state `created`; with an idempotency key already used in the
/// workspace, answers that purchase instead ([`by_idempotency_key`]).
pub fn create(conn: &Connection, ws: &WsRow, p: &NewPurchase, now: Timestamp) -> Result<Purchase, StoreError> {
    if p.amount.get() <= 0 || p.credits.millis() <= 0 {
        return Err(StoreError::InvalidInput("a purchase must be for a positive amount".into()));
    }
    if let Some(k) = &p.idempotency_key {
        crate::idempotency::validate_key(k)?;
    }
    if let Some(earlier) = by_idempotency_key(conn, ws, p)? {
        return Ok(earlier);
    }
    let t = fmt_time(now);
    let inserted = conn
        .prepare_cached(
            "INSERT INTO purchases (id, workspace_id, kind, origin, amount_cents, currency, credits_millis, state,
                 period, stripe_customer, created_at, updated_at, actor, idempotency_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'created', ?8, ?9, ?10, ?10, ?11, ?12)",
        )?
        .execute(params![
            p.id,
            ws.id,
            p.kind.as_str(),
            p.origin.as_str(),
            p.amount.get(),
            p.currency,
            p.credits.millis(),
            ws.period,
            p.stripe_customer,
            t,
            p.actor.to_string(),
            p.idempotency_key
        ]);
    match inserted {
        Ok(_) => get(conn, &p.id),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
            Err(StoreError::Conflict(format!(
                "another scripted purchase for workspace '{}' is in flight; wait for it to finish",
                ws.name
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// Moves purchase `id` through the state machine. A `Succeeded` transition credits the
/// workspace's top-up pool with the purchase's credits in the same transaction, exactly once:
/// repeating it (another webhook, a poll) changes nothing and reports `changed: false`.
pub fn apply(conn: &Connection, id: &str, t: &Transition, now: Timestamp) -> Result<Applied, StoreError> {
    let current = get(conn, id)?;
    let Some(next) = current.state.next(t.target()) else {
        return Ok(Applied { purchase: current, changed: false, credited: None });
    };
    let time = fmt_time(now);
    let mut credited = None;
    match t {
        Transition::Pending { payment_intent, checkout_session, checkout_url } => {
            conn.prepare_cached(
                "UPDATE purchases SET state = 'pending', updated_at = ?2,
                     stripe_payment_intent = COALESCE(?3, stripe_payment_intent),
                     stripe_checkout_session = COALESCE(?4, stripe_checkout_session),
                     checkout_url = COALESCE(?5, checkout_url)
                 WHERE id = ?1",
            )?
            .execute(params![id, time, payment_intent, checkout_session, checkout_url])?;
        }
        Transition::Succeeded { payment_intent } => {
            let (name, buyer): (String, Option<String>) = conn.query_row(
                "SELECT w.name, p.actor FROM purchases p JOIN workspaces w ON w.id = p.workspace_id WHERE p.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            // The buyer recorded with the purchase; one recorded before buyers were is credited
            // by the daemon that learns of the payment.
            let actor = buyer.and_then(|b| b.parse().ok()).unwrap_or(Actor::Daemon);
            let mut ws = ledger::workspace(conn, Some(&name))?;
            let how = match current.kind {
                PurchaseKind::Card => "card on file",
                PurchaseKind::Checkout => "Stripe Checkout",
            };
            let memo = format!("top-up {} ({how})", current.amount_cents);
            let entry = ledger::move_topup(
                conn,
                &mut ws,
                None,
                EntryKind::Purchase,
                current.credits.millis(),
                Some(id),
                Some(&memo),
                &actor,
                now,
            )?;
            conn.prepare_cached(
                "UPDATE purchases SET state = 'succeeded', updated_at = ?2, completed_at = ?2, journal_entry_id = ?3,
                     stripe_payment_intent = COALESCE(?4, stripe_payment_intent), checkout_url = NULL,
                     failure_code = NULL, failure_message = NULL
                 WHERE id = ?1 AND state <> 'succeeded'",
            )?
            .execute(params![id, time, entry.id, payment_intent])?;
            credited = Some(entry);
        }
        Transition::Failed { code, message } => end(conn, id, next, code.as_deref(), message, &time)?,
        Transition::Expired => {
            end(conn, id, next, Some("checkout_expired"), "the checkout session expired before it was paid", &time)?
        }
        Transition::Canceled => end(conn, id, next, Some("checkout_canceled"), "the checkout was canceled", &time)?,
        Transition::Mismatch { message } => end(conn, id, next, Some("amount_mismatch"), message, &time)?,
    }
    Ok(Applied { purchase: get(conn, id)?, changed: true, credited })
}

fn end(
    conn: &Connection,
    id: &str,
    state: PurchaseState,
    code: Option<&str>,
    message: &str,
    time: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE purchases SET state = ?2, updated_at = ?3, completed_at = ?3, checkout_url = NULL,
             failure_code = ?4, failure_message = ?5
         WHERE id = ?1",
    )?
    .execute(params![id, state.as_str(), time, code, message])?;
    Ok(())
}

/// Whether the Stripe event `event_id` was already handled.
pub fn event_seen(conn: &Connection, event_id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM stripe_events WHERE id = ?1")?
        .query_row([event_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Remembers that event `event_id` was handled, in the transaction that acted on it.
pub fn record_event(
    conn: &Connection,
    event_id: &str,
    event_type: &str,
    purchase_id: Option<&str>,
    outcome: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO stripe_events (id, type, purchase_id, outcome, received_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![event_id, event_type, purchase_id, outcome, fmt_time(now)])?;
    Ok(())
}

/// Forgets handled events older than `age` (Stripe stops redelivering after 3 days).
pub fn prune_events(conn: &Connection, now: Timestamp, age: SignedDuration) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM stripe_events WHERE received_at < ?1", [fmt_time(now - age)])?)
}

/// Binds the workspace to Stripe customer `customer` unless it already has one; returns the
/// customer the workspace is bound to afterwards.
pub fn bind_customer(conn: &Connection, ws_id: i64, customer: &str) -> Result<String, StoreError> {
    conn.execute(
        "UPDATE workspaces SET stripe_customer = ?1 WHERE id = ?2 AND stripe_customer IS NULL",
        params![customer, ws_id],
    )?;
    Ok(conn.query_row("SELECT stripe_customer FROM workspaces WHERE id = ?1", [ws_id], |r| r.get(0))?)
}

/// Credits a scripted purchase would compare against its minimum: the seat's spendable credits
/// (its included plus the shared top-up), or only the top-up pool when no seat can be chosen.
pub fn spendable(conn: &Connection, ws: &WsRow, seat: Option<&str>, user: Option<&str>) -> Result<Credits, StoreError> {
    let seat = match ledger::seat(conn, ws, seat, user) {
        Ok(s) => Some(s),
        Err(StoreError::SeatNotChosen(_)) if seat.is_none() => None,
        Err(StoreError::NotFound(_)) if seat.is_none() => None,
        Err(e) => return Err(e),
    };
    let included = seat.map_or(0, |s| s.included);
    Ok(Credits::from_millis(included.saturating_add(ws.topup)))
}

/// The scripted purchase of `ws` still in flight, if any.
pub fn scripted_in_flight(conn: &Connection, ws: &WsRow) -> Result<Option<Purchase>, StoreError> {
    Ok(select(
        conn,
        "WHERE p.workspace_id = ?1 AND p.state IN ('created', 'pending') AND p.origin IN ('ensure', 'auto')",
        [ws.id],
    )?
    .pop())
}

/// Decides whether `ensure` buys ([`rules::ensure`]): only below `min`, and never while another
/// scripted purchase of the workspace is in flight. Run in the writer, it serializes concurrent
/// `ensure` calls.
pub fn ensure(
    conn: &Connection,
    ws_name: Option<&str>,
    seat: Option<&str>,
    user: Option<&str>,
    min: Credits,
    new: &NewPurchase,
    now: Timestamp,
) -> Result<EnsureDecision, StoreError> {
    let ws = ledger::workspace(conn, ws_name)?;
    let spendable = spendable(conn, &ws, seat, user)?;
    // A retry of an `ensure` that already bought answers that purchase, whatever the balance now.
    if let Some(earlier) = by_idempotency_key(conn, &ws, new)? {
        return Ok(EnsureDecision::Created { purchase: Box::new(earlier), spendable });
    }
    let in_flight = scripted_in_flight(conn, &ws)?;
    match (rules::ensure(spendable, min, in_flight.is_some()), in_flight) {
        (Ensure::Sufficient, _) => Ok(EnsureDecision::Sufficient { spendable }),
        (Ensure::Wait, Some(purchase)) => Ok(EnsureDecision::InFlight { purchase: Box::new(purchase) }),
        (Ensure::Buy, _) | (Ensure::Wait, None) => {
            let purchase = create(conn, &ws, new, now)?;
            Ok(EnsureDecision::Created { purchase: Box::new(purchase), spendable })
        }
    }
}

/// The workspace's auto top-up rule, if one is set.
pub fn auto_rule(conn: &Connection, ws: &WsRow) -> Result<Option<AutoRule>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT below_millis, amount_cents, monthly_limit_cents FROM auto_topup WHERE workspace_id = ?1",
        )?
        .query_row([ws.id], |r| {
            Ok(AutoRule {
                below: Credits::from_millis(r.get(0)?),
                amount_cents: Cents::new(r.get(1)?),
                monthly_limit_cents: Cents::new(r.get(2)?),
            })
        })
        .optional()?)
}

/// Sets (or replaces) the workspace's auto top-up rule.
pub fn set_auto_rule(conn: &Connection, ws: &WsRow, rule: &AutoRule, now: Timestamp) -> Result<(), StoreError> {
    if rule.below.millis() <= 0 || rule.amount_cents.get() <= 0 {
        return Err(StoreError::InvalidInput("auto top-up amounts must be greater than zero".into()));
    }
    if rule.monthly_limit_cents < rule.amount_cents {
        return Err(StoreError::InvalidInput(format!(
            "the monthly limit ({}) is below the amount of one top-up ({})",
            rule.monthly_limit_cents, rule.amount_cents
        )));
    }
    conn.execute(
        "INSERT OR REPLACE INTO auto_topup (workspace_id, below_millis, amount_cents, monthly_limit_cents, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ws.id, rule.below.millis(), rule.amount_cents.get(), rule.monthly_limit_cents.get(), fmt_time(now)],
    )?;
    Ok(())
}

/// Names of the workspaces that have an auto top-up rule.
pub fn auto_rule_workspaces(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT w.name FROM auto_topup a JOIN workspaces w ON w.id = a.workspace_id ORDER BY w.name")?;
    let names = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

/// Removes the rule; returns whether there was one.
pub fn delete_auto_rule(conn: &Connection, ws: &WsRow) -> Result<bool, StoreError> {
    Ok(conn.execute("DELETE FROM auto_topup WHERE workspace_id = ?1", [ws.id])? > 0)
}

/// Money committed by auto top-ups in the workspace's current period (in flight or succeeded, or
/// ended in `mismatch`: Stripe may have taken money for those).
pub fn auto_spent(conn: &Connection, ws: &WsRow) -> Result<Cents, StoreError> {
    let sum: i64 = conn.query_row(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM purchases
         WHERE workspace_id = ?1 AND origin = 'auto' AND period = ?2
           AND state IN ('created', 'pending', 'succeeded', 'mismatch')",
        params![ws.id, ws.period],
        |r| r.get(0),
    )?;
    Ok(Cents::new(sum))
}

/// The lowest spendable balance of any active seat (the top-up pool alone without seats).
pub fn lowest_spendable(conn: &Connection, ws: &WsRow) -> Result<Credits, StoreError> {
    let min_included: Option<i64> = conn.query_row(
        "SELECT MIN(included_millis) FROM seats WHERE workspace_id = ?1 AND active = 1",
        [ws.id],
        |r| r.get(0),
    )?;
    Ok(Credits::from_millis(min_included.unwrap_or(0).saturating_add(ws.topup)))
}

/// When the workspace's latest failed (or expired, canceled, mismatched) auto top-up last
/// changed, if it has one.
pub fn last_auto_failure(conn: &Connection, ws: &WsRow) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<String> = conn.query_row(
        "SELECT MAX(updated_at) FROM purchases WHERE workspace_id = ?1 AND origin = 'auto'
             AND state IN ('failed', 'expired', 'canceled', 'mismatch')",
        [ws.id],
        |r| r.get(0),
    )?;
    at.map(|s| s.parse::<Timestamp>().map_err(|e| StoreError::Internal(format!("stored time {s:?}: {e}")))).transpose()
}

/// Applies the workspace's auto top-up rule ([`rules::auto_topup`]) in one transaction: gathers
/// its inputs, and when it says buy, records the purchase to be charged.
pub fn auto_decide(
    conn: &Connection,
    ws_name: Option<&str>,
    purchase_id: &str,
    credits_per_usd: i64,
    now: Timestamp,
) -> Result<AutoDecision, StoreError> {
    let ws = ledger::workspace(conn, ws_name)?;
    let Some(rule) = auto_rule(conn, &ws)? else { return Ok(AutoDecision::Skip("no rule")) };
    let inputs = AutoTopupInputs {
        lowest_spendable: lowest_spendable(conn, &ws)?,
        below: rule.below,
        amount: rule.amount_cents,
        spent_this_period: auto_spent(conn, &ws)?,
        monthly_limit: rule.monthly_limit_cents,
        in_flight: scripted_in_flight(conn, &ws)?.is_some(),
        last_failure: last_auto_failure(conn, &ws)?,
        now,
    };
    if let Err(skip) = rules::auto_topup(&inputs) {
        return Ok(AutoDecision::Skip(skip.as_str()));
    }
    let credits = rule
        .amount_cents
        .to_credits(credits_per_usd)
        .ok_or_else(|| StoreError::InvalidInput("the auto top-up amount is too large".into()))?;
    let new = NewPurchase {
        id: purchase_id.to_owned(),
        kind: PurchaseKind::Card,
        origin: PurchaseOrigin::Auto,
        amount: rule.amount_cents,
        currency: "usd".to_owned(),
        credits,
        stripe_customer: ws.stripe_customer.clone(),
        actor: Actor::Daemon,
        idempotency_key: None,
    };
    Ok(AutoDecision::Created(Box::new(create(conn, &ws, &new, now)?)))
}

#[cfg(test)]
#[path = "purchases_tests.rs"]
mod tests;
