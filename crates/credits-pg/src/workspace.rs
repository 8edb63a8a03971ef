//! Workspaces and seats: creation (with the first seat's grant) and the user-facing views.

use credits_core::chain::GENESIS;
use credits_core::period::zone;
use credits_core::records::{SeatInfo, WorkspaceInfo};
use credits_core::time::{fmt_instant, fmt_time};
use credits_core::{Actor, Credits, EntryKind, Period, PlanCatalogue};
use credits_ledger::StoreError;
use jiff::Timestamp;

use crate::db::{self, SeatRow, Tx, WsRow, exec, one, opt};
use crate::journal;

/// The advisory lock `ensure_default` takes, so daemons starting together create one default
/// workspace ("default" in ASCII).
const DEFAULT_LOCK: i64 = 0x64_65_66_61_75_6c_74;

/// Names of workspaces and seats: 1–64 of `A-Z a-z 0-9 . _ - @` (the SQLite backend's rule).
pub fn validate_name(what: &str, name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'@'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidInput(format!(
            "invalid {what} name {name:?}: use 1 to 64 letters, digits, '.', '_', '-' or '@'"
        )))
    }
}

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
    })
}

pub fn seat_info(s: &SeatRow) -> SeatInfo {
    SeatInfo {
        seat: s.name.clone(),
        included: Credits::from_millis(s.included),
        allowance: Credits::from_millis(s.allowance),
        has_token: s.has_token,
        created_at: s.created_at.clone(),
        expired: None,
    }
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
    Ok(seat_info(&seat))
}
