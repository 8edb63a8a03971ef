//! Workspaces, seats and plans: creation (with the first seat's grant), settings, seat changes
//! and plan changes.

use credits_core::chain::GENESIS;
use credits_core::period::zone;
use credits_core::records::{SeatInfo, WorkspaceInfo};
use credits_core::rules;
use credits_core::time::{fmt_instant, fmt_time};
use credits_core::{Actor, Credits, EntryKind, Period, PlanCatalogue};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::StoreError;
use crate::ledger::{self, SeatRow, WsRow};

pub use credits_ledger::ledger::validate_name;

fn plan_or_err<'a>(catalogue: &'a PlanCatalogue, plan: &str) -> Result<&'a credits_core::Plan, StoreError> {
    catalogue
        .get(plan)
        .ok_or_else(|| StoreError::InvalidInput(format!("unknown plan '{plan}'; choose one of {}", catalogue.names())))
}

/// Creates the default workspace (free plan, UTC, one seat for `user`) if none exists yet.
pub fn ensure_default(
    conn: &Connection,
    user: &str,
    catalogue: &PlanCatalogue,
    now: Timestamp,
) -> Result<(), StoreError> {
    let any: Option<i64> = conn.query_row("SELECT id FROM workspaces LIMIT 1", [], |r| r.get(0)).optional()?;
    if any.is_none() {
        let seat = if validate_name("seat", user).is_ok() { user } else { "me" };
        create(conn, "default", "free", "UTC", seat, catalogue, &Actor::Daemon, now)?;
    }
    Ok(())
}

/// Creates workspace `name` on `plan` in zone `tz` with `first_seat`, which is granted the
/// plan's allowance for the current period. The first workspace becomes the default.
pub fn create(
    conn: &Connection,
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
    let exists: Option<i64> =
        conn.query_row("SELECT id FROM workspaces WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    if exists.is_some() {
        return Err(StoreError::Conflict(format!("workspace '{name}' already exists")));
    }
    conn.execute(
        "INSERT INTO workspaces (name, plan, tz, period, chain_head, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![name, plan, tz, period, GENESIS, fmt_time(now)],
    )?;
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('default_workspace', ?1)", [name])?;
    let ws = ledger::workspace(conn, Some(name))?;
    add_seat(conn, &ws, first_seat, catalogue, actor, now)?;
    info(conn, &ledger::workspace(conn, Some(name))?)
}

/// The user-facing view of a workspace.
pub fn info(conn: &Connection, ws: &WsRow) -> Result<WorkspaceInfo, StoreError> {
    let seats: i64 =
        conn.query_row("SELECT COUNT(*) FROM seats WHERE workspace_id = ?1 AND active = 1", [ws.id], |r| r.get(0))?;
    let default: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = 'default_workspace'", [], |r| r.get(0)).optional()?;
    Ok(WorkspaceInfo {
        name: ws.name.clone(),
        plan: ws.plan.clone(),
        pending_plan: ws.pending_plan.clone(),
        time_zone: ws.tz.clone(),
        period: ws.period.clone(),
        resets_at: fmt_instant(ledger::resets_at(ws)?),
        seats,
        stripe_customer: ws.stripe_customer.clone(),
        default: default.as_deref() == Some(ws.name.as_str()),
        topup_budget_per_month: ws.topup_budget.map(Credits::from_millis),
        topup_used_this_month: crate::limits::workspace_used(ws),
    })
}

/// Makes `name` the default workspace.
pub fn set_default(conn: &Connection, name: &str) -> Result<WorkspaceInfo, StoreError> {
    let ws = ledger::workspace(conn, Some(name))?;
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('default_workspace', ?1)", [name])?;
    info(conn, &ws)
}

/// Changes a workspace's time zone and/or Stripe customer. A new zone moves the next reset; the
/// current period stays.
pub fn set(
    conn: &Connection,
    name: Option<&str>,
    tz: Option<&str>,
    stripe_customer: Option<&str>,
) -> Result<WorkspaceInfo, StoreError> {
    let ws = ledger::workspace(conn, name)?;
    if let Some(tz) = tz {
        zone(tz).map_err(|e| StoreError::InvalidInput(e.to_string()))?;
        conn.execute("UPDATE workspaces SET tz = ?1 WHERE id = ?2", params![tz, ws.id])?;
    }
    if let Some(cus) = stripe_customer {
        if !cus.starts_with("cus_") || cus.len() > 255 || !cus.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(StoreError::InvalidInput(format!("{cus:?} is not a Stripe customer id (cus_…)")));
        }
        conn.execute("UPDATE workspaces SET stripe_customer = ?1 WHERE id = ?2", params![cus, ws.id])?;
    }
    info(conn, &ledger::workspace(conn, Some(&ws.name))?)
}

fn seat_info(ws: &WsRow, s: &SeatRow) -> SeatInfo {
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

/// Sets (`Some`) or clears (`None`) a seat's monthly top-up limit; 0 allows included credits
/// only. A limit below what the seat already drew this month allows nothing more this month.
pub fn set_seat_limit(
    conn: &Connection,
    ws: &WsRow,
    name: &str,
    limit: Option<Credits>,
) -> Result<SeatInfo, StoreError> {
    if limit.is_some_and(Credits::is_negative) {
        return Err(StoreError::InvalidInput("a top-up limit must not be negative".into()));
    }
    let mut seat = ledger::seat(conn, ws, Some(name), None)?;
    conn.prepare_cached("UPDATE seats SET topup_limit_millis = ?1 WHERE id = ?2")?
        .execute(params![limit.map(Credits::millis), seat.id])?;
    seat.topup_limit = limit.map(Credits::millis);
    Ok(seat_info(ws, &seat))
}

/// Sets (`Some`) or clears (`None`) the monthly top-up budget of all the workspace's seats.
pub fn set_topup_budget(conn: &Connection, ws: &WsRow, budget: Option<Credits>) -> Result<WorkspaceInfo, StoreError> {
    if budget.is_some_and(Credits::is_negative) {
        return Err(StoreError::InvalidInput("a top-up budget must not be negative".into()));
    }
    conn.prepare_cached("UPDATE workspaces SET topup_budget_millis = ?1 WHERE id = ?2")?
        .execute(params![budget.map(Credits::millis), ws.id])?;
    info(conn, &WsRow { topup_budget: budget.map(Credits::millis), ..ws.clone() })
}

/// At most `limit` active seats of a workspace whose names sort after `after`, by name.
pub fn list_seats(conn: &Connection, ws: &WsRow, after: Option<&str>, limit: u32) -> Result<Vec<SeatInfo>, StoreError> {
    Ok(ledger::seats_page(conn, ws, after, limit)?.iter().map(|s| seat_info(ws, s)).collect())
}

/// Adds seat `name` with the current period's full allowance. A seat removed and re-added in
/// the same period gets no second allowance (one grant per seat and period).
pub fn add_seat(
    conn: &Connection,
    ws: &WsRow,
    name: &str,
    catalogue: &PlanCatalogue,
    actor: &Actor,
    now: Timestamp,
) -> Result<SeatInfo, StoreError> {
    validate_name("seat", name)?;
    let allowance = plan_or_err(catalogue, &ws.plan)?.included.millis();
    let existing: Option<(i64, bool)> = conn
        .query_row("SELECT id, active FROM seats WHERE workspace_id = ?1 AND name = ?2", params![ws.id, name], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    match existing {
        Some((_, true)) => {
            return Err(StoreError::Conflict(format!("seat '{name}' already exists in workspace '{}'", ws.name)));
        }
        Some((id, false)) => {
            conn.execute(
                "UPDATE seats SET active = 1, removed_at = NULL, allowance_millis = ?1 WHERE id = ?2",
                params![allowance, id],
            )?;
        }
        None => {
            conn.execute(
                "INSERT INTO seats (workspace_id, name, allowance_millis, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![ws.id, name, allowance, fmt_time(now)],
            )?;
        }
    }
    let mut seat = ledger::seat(conn, ws, Some(name), None)?;
    let granted: Option<i64> = conn
        .query_row(
            "SELECT id FROM journal WHERE seat_id = ?1 AND period = ?2 AND kind = 'grant'",
            params![seat.id, ws.period],
            |r| r.get(0),
        )
        .optional()?;
    if granted.is_none() && allowance > 0 {
        let reference = format!("grant:{}", ws.period);
        ledger::move_included(
            conn,
            ws,
            &mut seat,
            EntryKind::Grant,
            allowance,
            Some(&reference),
            Some("seat added"),
            actor,
            now,
        )?;
    }
    Ok(seat_info(ws, &seat))
}

/// Removes a seat: its included credits (those held by its open holds too) expire at once and its
/// API token stops working.
pub fn remove_seat(
    conn: &Connection,
    ws: &WsRow,
    name: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<SeatInfo, StoreError> {
    let mut seat = ledger::seat(conn, ws, Some(name), None)?;
    let remaining = seat.included;
    if remaining > 0 {
        ledger::move_included(
            conn,
            ws,
            &mut seat,
            EntryKind::Expire,
            -remaining,
            None,
            Some("seat removed"),
            actor,
            now,
        )?;
    }
    conn.execute(
        "UPDATE seats SET active = 0, removed_at = ?1, token_hash = NULL WHERE id = ?2",
        params![fmt_time(now), seat.id],
    )?;
    // Its open holds' included parts were expired with the rest of its included credits: they
    // must lapse when the holds end, even if the seat is back by then.
    conn.execute("UPDATE holds SET seat_removed = 1 WHERE seat_id = ?1 AND status = 'held'", [seat.id])?;
    Ok(SeatInfo { expired: Some(Credits::from_millis(remaining.max(0))), ..seat_info(ws, &seat) })
}

/// Changes the workspace's plan from the next period, or with `now` at once: each seat's
/// included balance becomes the new plan's allowance less what the seat already used from its
/// included credits this period, never less than zero ([`rules::prorated_included`]).
pub fn set_plan(
    conn: &Connection,
    name: Option<&str>,
    plan: &str,
    now_flag: bool,
    catalogue: &PlanCatalogue,
    actor: &Actor,
    now: Timestamp,
) -> Result<WorkspaceInfo, StoreError> {
    let ws = ledger::workspace(conn, name)?;
    let new = plan_or_err(catalogue, plan)?.included.millis();
    if !now_flag {
        let pending = (plan != ws.plan).then_some(plan);
        conn.execute("UPDATE workspaces SET pending_plan = ?1 WHERE id = ?2", params![pending, ws.id])?;
        return info(conn, &ledger::workspace(conn, Some(&ws.name))?);
    }
    conn.execute("UPDATE workspaces SET plan = ?1, pending_plan = NULL WHERE id = ?2", params![plan, ws.id])?;
    let ws = ledger::workspace(conn, Some(&ws.name))?;
    let memo = format!("plan changed to {plan} for the current period");
    let used = used_included(conn, &ws)?;
    for mut seat in ledger::seats(conn, &ws)? {
        // From the journal, not from `allowance - included`: an earlier `--now` change this
        // period rewrote the allowance, so that difference no longer says what was used.
        let used = used.get(&seat.id).copied().unwrap_or(0);
        let target = rules::prorated_included(Credits::from_millis(new), Credits::from_millis(used)).millis();
        let delta = target - seat.included;
        if delta != 0 {
            ledger::move_included(
                conn,
                &ws,
                &mut seat,
                EntryKind::Adjust,
                delta,
                Some(&format!("plan:{plan}")),
                Some(&memo),
                actor,
                now,
            )?;
        }
        conn.execute("UPDATE seats SET allowance_millis = ?1 WHERE id = ?2", params![new, seat.id])?;
    }
    info(conn, &ws)
}

/// Included credits each seat of `ws` consumed by usage in the current period (debits and holds,
/// net of releases), by seat id. One pass over the workspace's journal.
fn used_included(conn: &Connection, ws: &WsRow) -> Result<std::collections::HashMap<i64, i64>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT seat_id, SUM(amount_millis) FROM journal
         WHERE workspace_id = ?1 AND period = ?2 AND pool = 'included' AND seat_id IS NOT NULL
           AND kind IN ('debit', 'hold', 'settle', 'release')
         GROUP BY seat_id",
    )?;
    let rows = stmt.query_map(params![ws.id, ws.period], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    let mut used = std::collections::HashMap::new();
    for row in rows {
        let (seat, net) = row?;
        used.insert(seat, net.saturating_neg().max(0));
    }
    Ok(used)
}
