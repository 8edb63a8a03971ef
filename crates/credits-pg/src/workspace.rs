//! Workspaces and seats: creation (with the first seat's grant) and the user-facing views.

use credits_core::chain::GENESIS;
use credits_core::period::zone;
use credits_core::records::{SeatInfo, WorkspaceInfo};
use credits_core::rules;
use credits_core::time::{fmt_instant, fmt_time};
use credits_core::{Actor, Credits, EntryKind, Period, PlanCatalogue};
use credits_ledger::StoreError;
use credits_ledger::service::TokenUpdate;
use credits_ledger::usage::{Consumption, MonthUsage, SeatConsumption, USAGE_KINDS_SQL, UsageTally, Window, consumed};
use jiff::Timestamp;

use crate::db::{self, SeatRow, Tx, WsRow, exec, one, opt};
use crate::journal;

/// The advisory lock `ensure_default` takes, so daemons starting together create one default
/// workspace ("default" in ASCII).
const DEFAULT_LOCK: i64 = 0x64_65_66_61_75_6c_74;

pub use credits_ledger::ledger::validate_name;

fn plan_or_err<'a>(catalogue: &'a PlanCatalogue, plan: &str) -> Result<&'a credits_core::Plan, StoreError> {
    catalogue
        .get(plan)
        .ok_or_else(|| StoreError::InvalidInput(format!("unknown plan '{plan}'; choose one of {}", catalogue.names())))
}

/// Creates the default workspace (free plan, UTC, one seat for `user`) if none exists yet.
pub async fn ensure_default(
    tx: &Tx<'_>,
    user: &str,
    catalogue: &PlanCatalogue,
    now: Timestamp,
) -> Result<(), StoreError> {
    exec(tx, "SELECT pg_advisory_xact_lock($1)", &[&DEFAULT_LOCK]).await?;
    if opt(tx, "SELECT id FROM workspaces LIMIT 1", &[]).await?.is_none() {
        let seat = if validate_name("seat", user).is_ok() { user } else { "me" };
        create(tx, "default", "free", "UTC", seat, catalogue, &Actor::Daemon, now).await?;
    }
    Ok(())
}

/// Creates workspace `name` on `plan` in zone `tz` with `first_seat`, granted the plan's
/// allowance for the current period. The first workspace becomes the default.
pub async fn create(
    tx: &Tx<'_>,
    name: &str,
    plan: &str,
    tz: &str,
    first_seat: &str,
    catalogue: &PlanCatalogue,
    actor: &Actor,
    now: Timestamp,
) -> Result<WorkspaceInfo, StoreError> {
    validate_name("workspace", name)?;
    validate_name("seat", first_seat)?;
    plan_or_err(catalogue, plan)?;
    let zone = zone(tz).map_err(|e| StoreError::InvalidInput(e.to_string()))?;
    let period = Period::containing(now, &zone).to_string();
    // ON CONFLICT: a second daemon creating the same name waits for the first, then sees it.
    let inserted = opt(
        tx,
        "INSERT INTO workspaces (name, plan, tz, period, chain_head, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (name) DO NOTHING RETURNING id",
        &[&name, &plan, &tz, &period, &GENESIS, &fmt_time(now)],
    )
    .await?;
    if inserted.is_none() {
        return Err(StoreError::Conflict(format!("workspace '{name}' already exists")));
    }
    exec(
        tx,
        "INSERT INTO settings (key, value) VALUES ('default_workspace', $1) ON CONFLICT (key) DO NOTHING",
        &[&name],
    )
    .await?;
    let mut ws = db::lock_workspace(tx, Some(name)).await?;
    add_seat(tx, &mut ws, first_seat, catalogue, actor, now).await?;
    info(tx, &ws).await
}

/// The user-facing view of a workspace.
pub async fn info(tx: &Tx<'_>, ws: &WsRow) -> Result<WorkspaceInfo, StoreError> {
    let seats: i64 = one(tx, "SELECT COUNT(*) FROM seats WHERE workspace_id = $1 AND active", &[&ws.id]).await?.get(0);
    let default: Option<String> =
        opt(tx, "SELECT value FROM settings WHERE key = 'default_workspace'", &[]).await?.map(|r| r.get(0));
    Ok(WorkspaceInfo {
        name: ws.name.clone(),
        plan: ws.plan.clone(),
        pending_plan: ws.pending_plan.clone(),
        time_zone: ws.tz.clone(),
        period: ws.period.clone(),
        resets_at: fmt_instant(db::resets_at(ws)?),
        seats,
        stripe_customer: ws.stripe_customer.clone(),
        default: default.as_deref() == Some(ws.name.as_str()),
        topup_budget_per_month: ws.topup_budget.map(Credits::from_millis),
        topup_used_this_month: crate::limits::workspace_used(ws),
    })
}

pub fn seat_info(ws: &WsRow, s: &SeatRow) -> SeatInfo {
    SeatInfo {
        seat: s.name.clone(),
        included: Credits::from_millis(s.included),
        allowance: Credits::from_millis(s.allowance),
        has_token: s.has_token,
        created_at: s.created_at.clone(),
        expired: None,
        topup_limit_per_month: s.topup_limit.map(Credits::from_millis),
        topup_used_this_month: crate::limits::seat_used(ws, s),
    }
}

/// Sets (`Some`) or clears (`None`) a seat's monthly top-up limit in `ws` (locked); 0 allows
/// included credits only. A limit below what the seat already drew this month allows nothing
/// more this month.
pub async fn set_seat_limit(
    tx: &Tx<'_>,
    ws: &WsRow,
    name: &str,
    limit: Option<Credits>,
) -> Result<SeatInfo, StoreError> {
    if limit.is_some_and(Credits::is_negative) {
        return Err(StoreError::InvalidInput("a top-up limit must not be negative".into()));
    }
    let mut seat = db::seat(tx, ws, Some(name), None).await?;
    seat.topup_limit = limit.map(Credits::millis);
    db::exec(tx, "UPDATE seats SET topup_limit_millis = $1 WHERE id = $2", &[&seat.topup_limit, &seat.id]).await?;
    Ok(seat_info(ws, &seat))
}

/// Sets (`Some`) or clears (`None`) the monthly top-up budget of all the seats of `ws` (locked).
pub async fn set_topup_budget(
    tx: &Tx<'_>,
    ws: &mut WsRow,
    budget: Option<Credits>,
) -> Result<WorkspaceInfo, StoreError> {
    if budget.is_some_and(Credits::is_negative) {
        return Err(StoreError::InvalidInput("a top-up budget must not be negative".into()));
    }
    ws.topup_budget = budget.map(Credits::millis);
    db::exec(tx, "UPDATE workspaces SET topup_budget_millis = $1 WHERE id = $2", &[&ws.topup_budget, &ws.id]).await?;
    info(tx, ws).await
}

/// Adds seat `name` to `ws` (locked) with the current period's full allowance. A seat removed
/// and re-added in the same period gets no second allowance (one grant per seat and period).
pub async fn add_seat(
    tx: &Tx<'_>,
    ws: &mut WsRow,
    name: &str,
    catalogue: &PlanCatalogue,
    actor: &Actor,
    now: Timestamp,
) -> Result<SeatInfo, StoreError> {
    validate_name("seat", name)?;
    let allowance = plan_or_err(catalogue, &ws.plan)?.included.millis();
    let existing = opt(tx, "SELECT id, active FROM seats WHERE workspace_id = $1 AND name = $2", &[&ws.id, &name])
        .await?
        .map(|r| (r.get::<_, i64>(0), r.get::<_, bool>(1)));
    match existing {
        Some((_, true)) => {
            return Err(StoreError::Conflict(format!("seat '{name}' already exists in workspace '{}'", ws.name)));
        }
        Some((id, false)) => {
            exec(
                tx,
                "UPDATE seats SET active = TRUE, removed_at = NULL, allowance_millis = $1 WHERE id = $2",
                &[&allowance, &id],
            )
            .await?;
        }
        None => {
            exec(
                tx,
                "INSERT INTO seats (workspace_id, name, allowance_millis, created_at) VALUES ($1, $2, $3, $4)",
                &[&ws.id, &name, &allowance, &fmt_time(now)],
            )
            .await?;
        }
    }
    let mut seat = db::seat(tx, ws, Some(name), None).await?;
    let granted = opt(
        tx,
        "SELECT id FROM journal WHERE seat_id = $1 AND period = $2 AND kind = 'grant'",
        &[&seat.id, &ws.period],
    )
    .await?;
    if granted.is_none() && allowance > 0 {
        let reference = format!("grant:{}", ws.period);
        journal::move_included(
            tx,
            ws,
            &mut seat,
            EntryKind::Grant,
            allowance,
            Some(&reference),
            Some("seat added"),
            actor,
            now,
        )
        .await?;
    }
    Ok(seat_info(ws, &seat))
}

/// Makes `name` the default workspace.
pub async fn set_default(tx: &Tx<'_>, name: &str) -> Result<WorkspaceInfo, StoreError> {
    let ws = db::workspace(tx, Some(name)).await?;
    exec(
        tx,
        "INSERT INTO settings (key, value) VALUES ('default_workspace', $1)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        &[&name],
    )
    .await?;
    info(tx, &ws).await
}

/// Changes a workspace's time zone and/or Stripe customer. A new zone moves the next reset; the
/// current period stays.
pub async fn set(
    tx: &Tx<'_>,
    name: Option<&str>,
    tz: Option<&str>,
    stripe_customer: Option<&str>,
) -> Result<WorkspaceInfo, StoreError> {
    let ws = db::lock_workspace(tx, name).await?;
    if let Some(tz) = tz {
        zone(tz).map_err(|e| StoreError::InvalidInput(e.to_string()))?;
        exec(tx, "UPDATE workspaces SET tz = $1 WHERE id = $2", &[&tz, &ws.id]).await?;
    }
    if let Some(cus) = stripe_customer {
        if !cus.starts_with("cus_") || cus.len() > 255 || !cus.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(StoreError::InvalidInput(format!("{cus:?} is not a Stripe customer id (cus_…)")));
        }
        exec(tx, "UPDATE workspaces SET stripe_customer = $1 WHERE id = $2", &[&cus, &ws.id]).await?;
    }
    info(tx, &db::lock_workspace(tx, Some(&ws.name)).await?).await
}

/// Removes a seat: its included credits (those held by its open holds too) expire at once and its
/// API token stops working.
pub async fn remove_seat(
    tx: &Tx<'_>,
    ws: &mut WsRow,
    name: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<SeatInfo, StoreError> {
    let mut seat = db::seat(tx, ws, Some(name), None).await?;
    let remaining = seat.included;
    if remaining > 0 {
        let memo = Some("seat removed");
        journal::move_included(tx, ws, &mut seat, EntryKind::Expire, -remaining, None, memo, actor, now).await?;
    }
    exec(
        tx,
        "UPDATE seats SET active = FALSE, removed_at = $1, token_hash = NULL WHERE id = $2",
        &[&fmt_time(now), &seat.id],
    )
    .await?;
    // Its open holds' included parts were expired with the rest: they lapse when the holds end,
    // even if the seat is back by then.
    exec(tx, "UPDATE holds SET seat_removed = TRUE WHERE seat_id = $1 AND status = 'held'", &[&seat.id]).await?;
    Ok(SeatInfo { expired: Some(Credits::from_millis(remaining.max(0))), ..seat_info(ws, &seat) })
}

/// Changes the workspace's plan from the next period, or with `at_once` now: each seat's included
/// balance becomes the new allowance less what it used this period ([`rules::prorated_included`]).
pub async fn set_plan(
    tx: &Tx<'_>,
    name: Option<&str>,
    plan: &str,
    at_once: bool,
    catalogue: &PlanCatalogue,
    actor: &Actor,
    now: Timestamp,
) -> Result<WorkspaceInfo, StoreError> {
    let ws = db::lock_workspace(tx, name).await?;
    let new = plan_or_err(catalogue, plan)?.included.millis();
    if !at_once {
        let pending = (plan != ws.plan).then_some(plan);
        exec(tx, "UPDATE workspaces SET pending_plan = $1 WHERE id = $2", &[&pending, &ws.id]).await?;
        return info(tx, &db::lock_workspace(tx, Some(&ws.name)).await?).await;
    }
    exec(tx, "UPDATE workspaces SET plan = $1, pending_plan = NULL WHERE id = $2", &[&plan, &ws.id]).await?;
    let mut ws = db::lock_workspace(tx, Some(&ws.name)).await?;
    let memo = format!("plan changed to {plan} for the current period");
    let reference = format!("plan:{plan}");
    // From the journal, not from `allowance - included`: an earlier change this period rewrote
    // the allowance, so that difference no longer says what was used.
    let used: std::collections::HashMap<i64, i64> = db::all(
        tx,
        "SELECT seat_id, SUM(amount_millis)::BIGINT FROM journal
         WHERE workspace_id = $1 AND period = $2 AND pool = 'included' AND seat_id IS NOT NULL
           AND kind IN ('debit', 'hold', 'settle', 'release')
         GROUP BY seat_id",
        &[&ws.id, &ws.period],
    )
    .await?
    .iter()
    .map(|r| (r.get::<_, i64>(0), r.get::<_, i64>(1).saturating_neg().max(0)))
    .collect();
    for mut seat in db::seats(tx, &ws).await? {
        let used = used.get(&seat.id).copied().unwrap_or(0);
        let target = rules::prorated_included(Credits::from_millis(new), Credits::from_millis(used)).millis();
        let delta = target - seat.included;
        if delta != 0 {
            let (r, m) = (Some(reference.as_str()), Some(memo.as_str()));
            journal::move_included(tx, &mut ws, &mut seat, EntryKind::Adjust, delta, r, m, actor, now).await?;
        }
        exec(tx, "UPDATE seats SET allowance_millis = $1 WHERE id = $2", &[&new, &seat.id]).await?;
    }
    info(tx, &ws).await
}

/// Applies a token change to seat `name` of `ws`; returns the seat as it was before.
pub async fn set_token(tx: &Tx<'_>, ws: &WsRow, name: &str, change: &TokenUpdate) -> Result<SeatRow, StoreError> {
    let seat = db::seat(tx, ws, Some(name), None).await?;
    let hash = match change {
        TokenUpdate::Create(_) if seat.has_token => {
            return Err(StoreError::Conflict(format!(
                "seat '{name}' already has an API token; use --rotate to replace it (the old one stops working) or --revoke"
            )));
        }
        TokenUpdate::Create(h) | TokenUpdate::Rotate(h) => {
            if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(StoreError::Internal("a token hash must be 64 hex digits".into()));
            }
            Some(h.as_str())
        }
        TokenUpdate::Revoke => None,
    };
    exec(tx, "UPDATE seats SET token_hash = $1 WHERE id = $2", &[&hash, &seat.id]).await?;
    Ok(seat)
}

/// Per-period usage of workspace `ws_id`, newest first, at most `months` periods.
pub async fn usage(tx: &Tx<'_>, ws_id: i64, months: u32) -> Result<Vec<MonthUsage>, StoreError> {
    let rows = db::all(
        tx,
        "SELECT period, pool, kind, SUM(amount_millis)::BIGINT FROM journal WHERE workspace_id = $1
         GROUP BY period, pool, kind",
        &[&ws_id],
    )
    .await?;
    let mut tally = UsageTally::default();
    for r in &rows {
        tally.add(r.get(0), r.get(1), r.get(2), r.get(3));
    }
    Ok(tally.newest(months))
}

/// Every active seat of `ws` with its balance and what it consumed in each window. Journal times
/// are fixed-width text, so the window is compared as text; the scan runs over the workspace's
/// entries (`journal_by_workspace`), as the monthly report beside it does.
pub async fn consumption(tx: &Tx<'_>, ws: &WsRow, windows: &[Window]) -> Result<Consumption, StoreError> {
    let info = info(tx, ws).await?;
    let seats = db::seats(tx, ws).await?;
    let index: std::collections::HashMap<i64, usize> = seats.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut used = vec![vec![Credits::ZERO; windows.len()]; seats.len()];
    let sql = format!(
        "SELECT seat_id, SUM(amount_millis)::BIGINT FROM journal
         WHERE workspace_id = $1 AND seat_id IS NOT NULL AND kind IN {USAGE_KINDS_SQL} AND time >= $2 AND time < $3
         GROUP BY seat_id"
    );
    for (w, window) in windows.iter().enumerate() {
        let (from, to) = window.as_text();
        for r in db::all(tx, &sql, &[&ws.id, &from, &to]).await? {
            // Removed seats' entries have no active seat to count for.
            if let Some(&i) = index.get(&r.get::<_, i64>(0)) {
                used[i][w] = consumed(r.get(1));
            }
        }
    }
    let mut out = Vec::with_capacity(seats.len());
    for (seat, used) in seats.iter().zip(used) {
        out.push(SeatConsumption { balance: db::balance(ws, seat)?, used });
    }
    Ok(Consumption { info, topup: Credits::from_millis(ws.topup), seats: out })
}
