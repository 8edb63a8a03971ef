//! Purchases: the state machine's transitions, crediting a confirmed purchase exactly once, the
//! Stripe events already handled, and the decisions `ensure` and auto top-up take (credits-core's
//! rules) inside one transaction.
//!
//! Whichever daemon learns of a payment first credits it: every transition locks the purchase's
//! workspace first and re-reads the purchase under that lock, so a second daemon sees
//! `succeeded` and changes nothing; the unique `purchase` entry per purchase id is the backstop.
//! `ensure` and auto top-up decide under the same lock, and the partial unique index admits one
//! scripted purchase in flight per workspace.

use credits_core::purchase::{Purchase, PurchaseFailure, PurchaseKind, PurchaseOrigin, PurchaseState};
use credits_core::remedy::Remedy;
use credits_core::rules::{self, AutoTopupInputs, Ensure};
use credits_core::time::fmt_time;
use credits_core::{Actor, Cents, Credits, EntryKind};
use credits_ledger::purchases::{Applied, AutoDecision, AutoRule, EnsureDecision, NewPurchase, Transition};
use credits_ledger::service::EventRef;
use credits_ledger::{Missing, StoreError};
use jiff::{SignedDuration, Timestamp};
use tokio_postgres::Row;

use crate::db::{self, Args, Tx, WsRow, all, exec, one, opt};
use crate::journal;

const COLS: &str = "p.id, w.name, p.kind, p.origin, p.state, p.amount_cents, p.currency, p.credits_millis,
    p.checkout_url, p.stripe_customer, p.stripe_payment_intent, p.stripe_checkout_session, p.failure_code,
    p.failure_message, p.journal_entry_id, p.created_at, p.updated_at, p.completed_at";

fn row(r: &Row) -> Result<Purchase, StoreError> {
    let bad = |what: &str, e: String| StoreError::Internal(format!("stored purchase {what}: {e}"));
    let failure_message: Option<String> = r.get(13);
    Ok(Purchase {
        id: r.get(0),
        workspace: r.get(1),
        kind: r.get::<_, String>(2).parse().map_err(|e| bad("kind", e))?,
        origin: r.get::<_, String>(3).parse().map_err(|e| bad("origin", e))?,
        state: r.get::<_, String>(4).parse().map_err(|e| bad("state", e))?,
        amount_cents: Cents::new(r.get(5)),
        currency: r.get(6),
        credits: Credits::from_millis(r.get(7)),
        checkout_url: r.get(8),
        stripe_customer: r.get(9),
        stripe_payment_intent: r.get(10),
        stripe_checkout_session: r.get(11),
        failure: failure_message.map(|message| PurchaseFailure { code: r.get(12), message }),
        journal_entry_id: r.get(14),
        created_at: r.get(15),
        updated_at: r.get(16),
        completed_at: r.get(17),
    })
}

async fn select(tx: &Tx<'_>, filter: &str, args: Args<'_>) -> Result<Vec<Purchase>, StoreError> {
    let sql = format!("SELECT {COLS} FROM purchases p JOIN workspaces w ON w.id = p.workspace_id {filter}");
    all(tx, &sql, args).await?.iter().map(row).collect()
}

fn not_found(id: &str) -> StoreError {
    StoreError::NotFound(Missing::new(format!("purchase '{id}' not found"), Remedy::ListPurchases))
}

/// The purchase `id`, in any workspace.
pub async fn get(tx: &Tx<'_>, id: &str) -> Result<Purchase, StoreError> {
    select(tx, "WHERE p.id = $1", &[&id]).await?.pop().ok_or_else(|| not_found(id))
}

/// The purchase `id` if it belongs to `ws`.
pub async fn get_in(tx: &Tx<'_>, ws: &WsRow, id: &str) -> Result<Purchase, StoreError> {
    select(tx, "WHERE p.id = $1 AND p.workspace_id = $2", &[&id, &ws.id]).await?.pop().ok_or_else(|| not_found(id))
}

/// At most `limit` of a workspace's purchases, newest first; with `before`, only those listed
/// after purchase `before`.
pub async fn list(tx: &Tx<'_>, ws: &WsRow, before: Option<&str>, limit: u32) -> Result<Vec<Purchase>, StoreError> {
    let limit = i64::from(limit);
    match before {
        None => {
            select(tx, "WHERE p.workspace_id = $1 ORDER BY p.created_at DESC, p.seq DESC LIMIT $2", &[&ws.id, &limit])
                .await
        }
        Some(before) => {
            select(
                tx,
                "WHERE p.workspace_id = $1
                   AND (p.created_at, p.seq) < (SELECT created_at, seq FROM purchases WHERE id = $3)
                 ORDER BY p.created_at DESC, p.seq DESC LIMIT $2",
                &[&ws.id, &limit, &before],
            )
            .await
        }
    }
}

/// Every purchase still `created` or `pending`, oldest first.
pub async fn in_flight(tx: &Tx<'_>) -> Result<Vec<Purchase>, StoreError> {
    select(tx, "WHERE p.state IN ('created', 'pending') ORDER BY p.created_at, p.seq", &[]).await
}

/// The purchase of `ws` recorded under idempotency key `key`, if any.
pub async fn by_key(tx: &Tx<'_>, ws: &WsRow, key: &str) -> Result<Option<Purchase>, StoreError> {
    Ok(select(tx, "WHERE p.workspace_id = $1 AND p.idempotency_key = $2", &[&ws.id, &key]).await?.pop())
}

/// The purchase of `ws` recorded under `p`'s idempotency key, if any: answered instead of a new
/// one when it asked for the same (credits-ledger's `replays`), refused otherwise.
async fn by_idempotency_key(tx: &Tx<'_>, ws: &WsRow, p: &NewPurchase) -> Result<Option<Purchase>, StoreError> {
    let Some(key) = &p.idempotency_key else { return Ok(None) };
    let Some(earlier) = by_key(tx, ws, key).await? else { return Ok(None) };
    credits_ledger::purchases::replays(key, &earlier, p.amount, p.kind)?;
    Ok(Some(earlier))
}

/// Records a new purchase in state `created` in `ws` (locked: racing requests under one
/// idempotency key queue, and the later ones answer the first purchase). A second scripted
/// purchase in flight is refused by the partial unique index, whichever daemon tried.
pub async fn create(tx: &Tx<'_>, ws: &WsRow, p: &NewPurchase, now: Timestamp) -> Result<Purchase, StoreError> {
    if p.amount.get() <= 0 || p.credits.millis() <= 0 {
        return Err(StoreError::InvalidInput("a purchase must be for a positive amount".into()));
    }
    if let Some(k) = &p.idempotency_key {
        credits_ledger::idempotency::validate_key(k)?;
    }
    if let Some(earlier) = by_idempotency_key(tx, ws, p).await? {
        return Ok(earlier);
    }
    let t = fmt_time(now);
    let st = tx
        .prepare_cached(
            "INSERT INTO purchases (id, workspace_id, kind, origin, amount_cents, currency, credits_millis, state,
                 period, stripe_customer, created_at, updated_at, actor, idempotency_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'created', $8, $9, $10, $10, $11, $12)",
        )
        .await?;
    let inserted = tx
        .execute(
            &st,
            &[
                &p.id,
                &ws.id,
                &p.kind.as_str(),
                &p.origin.as_str(),
                &p.amount.get(),
                &p.currency,
                &p.credits.millis(),
                &ws.period,
                &p.stripe_customer,
                &t,
                &p.actor.to_string(),
                &p.idempotency_key,
            ],
        )
        .await;
    match inserted {
        Ok(_) => get(tx, &p.id).await,
        Err(e) if db::is_unique_violation(&e) => Err(StoreError::Conflict(format!(
            "another scripted purchase for workspace '{}' is in flight; wait for it to finish",
            ws.name
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Applies `t` to purchase `id` once per Stripe event: `(applied, false)` when `event` was
/// already handled. Locks the purchase's workspace first, so concurrent daemons apply in turn.
pub async fn apply_event(
    tx: &Tx<'_>,
    id: &str,
    t: &Transition,
    event: Option<&EventRef>,
    now: Timestamp,
) -> Result<(Applied, bool), StoreError> {
    let ws_id: i64 =
        opt(tx, "SELECT workspace_id FROM purchases WHERE id = $1", &[&id]).await?.ok_or_else(|| not_found(id))?.get(0);
    let mut ws = db::lock_workspace_id(tx, ws_id).await?;
    if let Some(ev) = event
        && opt(tx, "SELECT 1 FROM stripe_events WHERE id = $1", &[&ev.id]).await?.is_some()
    {
        return Ok((Applied { purchase: get(tx, id).await?, changed: false, credited: None }, false));
    }
    let applied = apply(tx, &mut ws, id, t, now).await?;
    if let Some(ev) = event {
        let outcome = if applied.changed { outcome(t) } else { "unchanged" };
        exec(
            tx,
            "INSERT INTO stripe_events (id, type, purchase_id, outcome, received_at) VALUES ($1, $2, $3, $4, $5)",
            &[&ev.id, &ev.type_, &id, &outcome, &fmt_time(now)],
        )
        .await?;
    }
    Ok((applied, true))
}

/// What a Stripe event did to a purchase, as recorded with the event.
fn outcome(t: &Transition) -> &'static str {
    match t {
        Transition::Pending { .. } => "pending",
        Transition::Succeeded { .. } => "credited",
        Transition::Failed { .. } => "failed",
        Transition::Expired => "expired",
        Transition::Canceled => "canceled",
        Transition::Mismatch { .. } => "mismatch",
    }
}

/// Moves purchase `id` of `ws` (locked) through the state machine; `Succeeded` credits the
/// top-up pool in the same transaction, once.
async fn apply(tx: &Tx<'_>, ws: &mut WsRow, id: &str, t: &Transition, now: Timestamp) -> Result<Applied, StoreError> {
    let current = get(tx, id).await?;
    let Some(next) = current.state.next(t.target()) else {
        return Ok(Applied { purchase: current, changed: false, credited: None });
    };
    let time = fmt_time(now);
    let mut credited = None;
    match t {
        Transition::Pending { payment_intent, checkout_session, checkout_url } => {
            exec(
                tx,
                "UPDATE purchases SET state = 'pending', updated_at = $2,
                     stripe_payment_intent = COALESCE($3, stripe_payment_intent),
                     stripe_checkout_session = COALESCE($4, stripe_checkout_session),
                     checkout_url = COALESCE($5, checkout_url)
                 WHERE id = $1",
                &[&id, &time, payment_intent, checkout_session, checkout_url],
            )
            .await?;
        }
        Transition::Succeeded { payment_intent } => {
            let buyer: Option<String> = one(tx, "SELECT actor FROM purchases WHERE id = $1", &[&id]).await?.get(0);
            // The buyer recorded with the purchase; without one the daemon credits it.
            let actor = buyer.and_then(|b| b.parse().ok()).unwrap_or(Actor::Daemon);
            let how = match current.kind {
                PurchaseKind::Card => "card on file",
                PurchaseKind::Checkout => "Stripe Checkout",
            };
            let memo = format!("top-up {} ({how})", current.amount_cents);
            let entry = journal::move_topup(
                tx,
                ws,
                None,
                EntryKind::Purchase,
                current.credits.millis(),
                Some(id),
                Some(&memo),
                &actor,
                now,
            )
            .await?;
            exec(
                tx,
                "UPDATE purchases SET state = 'succeeded', updated_at = $2, completed_at = $2, journal_entry_id = $3,
                     stripe_payment_intent = COALESCE($4, stripe_payment_intent), checkout_url = NULL,
                     failure_code = NULL, failure_message = NULL
                 WHERE id = $1 AND state <> 'succeeded'",
                &[&id, &time, &entry.id, payment_intent],
            )
            .await?;
            credited = Some(entry);
        }
        Transition::Failed { code, message } => end(tx, id, next, code.as_deref(), message, &time).await?,
        Transition::Expired => {
            let why = "the checkout session expired before it was paid";
            end(tx, id, next, Some("checkout_expired"), why, &time).await?
        }
        Transition::Canceled => {
            end(tx, id, next, Some("checkout_canceled"), "the checkout was canceled", &time).await?
        }
        Transition::Mismatch { message } => end(tx, id, next, Some("amount_mismatch"), message, &time).await?,
    }
    Ok(Applied { purchase: get(tx, id).await?, changed: true, credited })
}

async fn end(
    tx: &Tx<'_>,
    id: &str,
    state: PurchaseState,
    code: Option<&str>,
    message: &str,
    time: &str,
) -> Result<(), StoreError> {
    exec(
        tx,
        "UPDATE purchases SET state = $2, updated_at = $3, completed_at = $3, checkout_url = NULL,
             failure_code = $4, failure_message = $5
         WHERE id = $1",
        &[&id, &state.as_str(), &time, &code, &message],
    )
    .await?;
    Ok(())
}

/// Forgets handled events older than `age` (Stripe stops redelivering after 3 days).
pub async fn prune_events(tx: &Tx<'_>, now: Timestamp, age: SignedDuration) -> Result<usize, StoreError> {
    let n = exec(tx, "DELETE FROM stripe_events WHERE received_at < $1", &[&fmt_time(now - age)]).await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Binds the workspace to Stripe customer `customer` unless it already has one; returns the
/// customer it is bound to afterwards.
pub async fn bind_customer(tx: &Tx<'_>, ws_id: i64, customer: &str) -> Result<String, StoreError> {
    exec(
        tx,
        "UPDATE workspaces SET stripe_customer = $1 WHERE id = $2 AND stripe_customer IS NULL",
        &[&customer, &ws_id],
    )
    .await?;
    let bound: Option<String> =
        one(tx, "SELECT stripe_customer FROM workspaces WHERE id = $1", &[&ws_id]).await?.get(0);
    bound.ok_or_else(|| StoreError::Internal("the workspace has no Stripe customer after binding one".into()))
}

/// Credits a scripted purchase compares against its minimum: the seat's spendable credits, or
/// only the top-up pool when no seat can be chosen.
pub async fn spendable(tx: &Tx<'_>, ws: &WsRow, seat: Option<&str>, user: Option<&str>) -> Result<Credits, StoreError> {
    let chosen = match db::seat(tx, ws, seat, user).await {
        Ok(s) => Some(s),
        Err(StoreError::SeatNotChosen(_) | StoreError::NotFound(_)) if seat.is_none() => None,
        Err(e) => return Err(e),
    };
    let included = chosen.map_or(0, |s| s.included);
    Ok(Credits::from_millis(included.saturating_add(ws.topup)))
}

/// The scripted purchase of `ws` still in flight, if any.
pub async fn scripted_in_flight(tx: &Tx<'_>, ws: &WsRow) -> Result<Option<Purchase>, StoreError> {
    Ok(select(
        tx,
        "WHERE p.workspace_id = $1 AND p.state IN ('created', 'pending') AND p.origin IN ('ensure', 'auto')",
        &[&ws.id],
    )
    .await?
    .pop())
}

/// Decides whether `ensure` buys ([`rules::ensure`]) under the workspace's lock, so concurrent
/// `ensure` calls on any daemon buy once.
pub async fn ensure(
    tx: &Tx<'_>,
    ws_name: Option<&str>,
    seat: Option<&str>,
    user: Option<&str>,
    min: Credits,
    new: &NewPurchase,
    now: Timestamp,
) -> Result<EnsureDecision, StoreError> {
    let ws = db::lock_workspace(tx, ws_name).await?;
    let spendable = spendable(tx, &ws, seat, user).await?;
    // A retry of an `ensure` that already bought answers that purchase, whatever the balance now.
    if let Some(earlier) = by_idempotency_key(tx, &ws, new).await? {
        return Ok(EnsureDecision::Created { purchase: Box::new(earlier), spendable });
    }
    let in_flight = scripted_in_flight(tx, &ws).await?;
    match (rules::ensure(spendable, min, in_flight.is_some()), in_flight) {
        (Ensure::Sufficient, _) => Ok(EnsureDecision::Sufficient { spendable }),
        (Ensure::Wait, Some(purchase)) => Ok(EnsureDecision::InFlight { purchase: Box::new(purchase) }),
        (Ensure::Buy, _) | (Ensure::Wait, None) => {
            let purchase = create(tx, &ws, new, now).await?;
            Ok(EnsureDecision::Created { purchase: Box::new(purchase), spendable })
        }
    }
}

/// The workspace's auto top-up rule, if one is set.
pub async fn auto_rule(tx: &Tx<'_>, ws: &WsRow) -> Result<Option<AutoRule>, StoreError> {
    Ok(opt(
        tx,
        "SELECT below_millis, amount_cents, monthly_limit_cents FROM auto_topup WHERE workspace_id = $1",
        &[&ws.id],
    )
    .await?
    .map(|r| AutoRule {
        below: Credits::from_millis(r.get(0)),
        amount_cents: Cents::new(r.get(1)),
        monthly_limit_cents: Cents::new(r.get(2)),
    }))
}

/// Sets (or replaces) the workspace's auto top-up rule.
pub async fn set_auto_rule(tx: &Tx<'_>, ws: &WsRow, rule: &AutoRule, now: Timestamp) -> Result<(), StoreError> {
    if rule.below.millis() <= 0 || rule.amount_cents.get() <= 0 {
        return Err(StoreError::InvalidInput("auto top-up amounts must be greater than zero".into()));
    }
    if rule.monthly_limit_cents < rule.amount_cents {
        return Err(StoreError::InvalidInput(format!(
            "the monthly limit ({}) is below the amount of one top-up ({})",
            rule.monthly_limit_cents, rule.amount_cents
        )));
    }
    exec(
        tx,
        "INSERT INTO auto_topup (workspace_id, below_millis, amount_cents, monthly_limit_cents, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workspace_id) DO UPDATE SET below_millis = EXCLUDED.below_millis,
             amount_cents = EXCLUDED.amount_cents, monthly_limit_cents = EXCLUDED.monthly_limit_cents,
             updated_at = EXCLUDED.updated_at",
        &[&ws.id, &rule.below.millis(), &rule.amount_cents.get(), &rule.monthly_limit_cents.get(), &fmt_time(now)],
    )
    .await?;
    Ok(())
}

/// Names of the workspaces that have an auto top-up rule.
pub async fn auto_rule_workspaces(tx: &Tx<'_>) -> Result<Vec<String>, StoreError> {
    let rows =
        all(tx, "SELECT w.name FROM auto_topup a JOIN workspaces w ON w.id = a.workspace_id ORDER BY w.name", &[])
            .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Removes the rule; returns whether there was one.
pub async fn delete_auto_rule(tx: &Tx<'_>, ws: &WsRow) -> Result<bool, StoreError> {
    Ok(exec(tx, "DELETE FROM auto_topup WHERE workspace_id = $1", &[&ws.id]).await? > 0)
}

/// Money committed by auto top-ups in the workspace's current period (in flight, succeeded, or
/// ended in `mismatch`: Stripe may have taken money for those).
pub async fn auto_spent(tx: &Tx<'_>, ws: &WsRow) -> Result<Cents, StoreError> {
    let sum: i64 = one(
        tx,
        "SELECT COALESCE(SUM(amount_cents), 0)::BIGINT FROM purchases
         WHERE workspace_id = $1 AND origin = 'auto' AND period = $2
           AND state IN ('created', 'pending', 'succeeded', 'mismatch')",
        &[&ws.id, &ws.period],
    )
    .await?
    .get(0);
    Ok(Cents::new(sum))
}

/// The lowest spendable balance of any active seat (the top-up pool alone without seats).
async fn lowest_spendable(tx: &Tx<'_>, ws: &WsRow) -> Result<Credits, StoreError> {
    let min_included: Option<i64> =
        one(tx, "SELECT MIN(included_millis) FROM seats WHERE workspace_id = $1 AND active", &[&ws.id]).await?.get(0);
    Ok(Credits::from_millis(min_included.unwrap_or(0).saturating_add(ws.topup)))
}

/// When the workspace's latest failed (or expired, canceled, mismatched) auto top-up last changed.
async fn last_auto_failure(tx: &Tx<'_>, ws: &WsRow) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<String> = one(
        tx,
        "SELECT MAX(updated_at) FROM purchases WHERE workspace_id = $1 AND origin = 'auto'
             AND state IN ('failed', 'expired', 'canceled', 'mismatch')",
        &[&ws.id],
    )
    .await?
    .get(0);
    at.map(|s| s.parse::<Timestamp>().map_err(|e| StoreError::Internal(format!("stored time {s:?}: {e}")))).transpose()
}

/// Applies the workspace's auto top-up rule ([`rules::auto_topup`]) under the workspace's lock:
/// gathers its inputs, and when it says buy, records the purchase to be charged.
pub async fn auto_decide(
    tx: &Tx<'_>,
    ws_name: Option<&str>,
    purchase_id: &str,
    credits_per_usd: i64,
    now: Timestamp,
) -> Result<AutoDecision, StoreError> {
    let ws = db::lock_workspace(tx, ws_name).await?;
    let Some(rule) = auto_rule(tx, &ws).await? else { return Ok(AutoDecision::Skip("no rule")) };
    let inputs = AutoTopupInputs {
        lowest_spendable: lowest_spendable(tx, &ws).await?,
        below: rule.below,
        amount: rule.amount_cents,
        spent_this_period: auto_spent(tx, &ws).await?,
        monthly_limit: rule.monthly_limit_cents,
        in_flight: scripted_in_flight(tx, &ws).await?.is_some(),
        last_failure: last_auto_failure(tx, &ws).await?,
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
    Ok(AutoDecision::Created(Box::new(create(tx, &ws, &new, now).await?)))
}
