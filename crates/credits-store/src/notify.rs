//! Notifications in SQLite: webhook endpoints, the event outbox and its deliveries (claimed with
//! a lease, their attempts logged), low-balance alerts. Events caused by ledger changes are
//! written by the triggers of `0012_notifications.sql`; the ones here are the daemon's own.

use credits_core::Credits;
use credits_core::notify::{Alert, DeliveryAttempt, Endpoint, TEST_EVENT};
use credits_ledger::notify::{AttemptOutcome, DueDelivery, NewEndpoint, NewEvent, OutboxStats, Refusal, events_of};
use credits_ledger::{Missing, StoreError};
use rusqlite::{Connection, OptionalExtension, params};

use crate::ledger::{self, WsRow};

/// Most endpoints a workspace may have.
pub const MAX_ENDPOINTS: i64 = 100;

fn endpoint(ws: &str, r: &rusqlite::Row<'_>) -> rusqlite::Result<Endpoint> {
    Ok(Endpoint {
        id: r.get(0)?,
        workspace: ws.to_owned(),
        url: r.get(1)?,
        events: events_of(&r.get::<_, String>(2)?),
        created_at: r.get(3)?,
    })
}

fn no_endpoint(ws: &WsRow, id: &str) -> StoreError {
    StoreError::NotFound(Missing {
        message: format!("no webhook endpoint '{id}' in workspace '{}'; see `studio-credits webhooks list`", ws.name),
        remedy: None,
    })
}

/// A new event id: `evt_` and 24 hex digits, as the triggers make them.
pub fn event_id(conn: &Connection) -> Result<String, StoreError> {
    Ok(conn.query_row("SELECT 'evt_' || lower(hex(randomblob(12)))", [], |r| r.get(0))?)
}

pub fn add(conn: &Connection, ws: &WsRow, new: &NewEndpoint, now: &str) -> Result<Endpoint, StoreError> {
    let count: i64 =
        conn.query_row("SELECT count(*) FROM webhook_endpoints WHERE workspace_id = ?1", [ws.id], |r| r.get(0))?;
    if count >= MAX_ENDPOINTS {
        return Err(StoreError::Conflict(format!(
            "workspace '{}' already has {MAX_ENDPOINTS} webhook endpoints; remove some",
            ws.name
        )));
    }
    conn.execute(
        "INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![new.id, ws.id, new.url, credits_ledger::notify::stored_events(&new.events), new.secret, now],
    )?;
    Ok(Endpoint {
        id: new.id.clone(),
        workspace: ws.name.clone(),
        url: new.url.clone(),
        events: new.events.clone(),
        created_at: now.to_owned(),
    })
}

pub fn list(conn: &Connection, ws: &WsRow) -> Result<Vec<Endpoint>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, url, events, created_at FROM webhook_endpoints WHERE workspace_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([ws.id], |r| endpoint(&ws.name, r))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn remove(conn: &Connection, ws: &WsRow, id: &str) -> Result<Endpoint, StoreError> {
    let found = conn
        .query_row(
            "SELECT id, url, events, created_at FROM webhook_endpoints WHERE workspace_id = ?1 AND id = ?2",
            params![ws.id, id],
            |r| endpoint(&ws.name, r),
        )
        .optional()?;
    let Some(e) = found else { return Err(no_endpoint(ws, id)) };
    conn.execute("DELETE FROM webhook_deliveries WHERE endpoint_id = ?1 AND state = 'pending'", [id])?;
    conn.execute("DELETE FROM webhook_endpoints WHERE id = ?1", [id])?;
    Ok(e)
}

pub fn emit(conn: &Connection, ws: &WsRow, event: &NewEvent, now_secs: i64) -> Result<String, StoreError> {
    if let Some(ep) = &event.endpoint {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE workspace_id = ?1 AND id = ?2)",
            params![ws.id, ep],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(no_endpoint(ws, ep));
        }
    }
    let id = event_id(conn)?;
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO outbox_events (id, workspace_id, kind, data, created, dedup) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, ws.id, event.kind, event.data, now_secs, event.dedup],
    )?;
    if inserted == 0 {
        return Ok(conn.query_row("SELECT id FROM outbox_events WHERE dedup = ?1", [&event.dedup], |r| r.get(0))?);
    }
    if let Some(ep) = &event.endpoint {
        debug_assert_eq!(event.kind, TEST_EVENT);
        conn.execute(
            "INSERT OR IGNORE INTO webhook_deliveries (event_id, endpoint_id, created) VALUES (?1, ?2, ?3)",
            params![id, ep, now_secs],
        )?;
    }
    Ok(id)
}

pub fn next_delivery(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn.query_row(
        "SELECT min(max(coalesce(next_at, 0), coalesce(lease_until, 0))) FROM webhook_deliveries WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

pub fn claim(conn: &Connection, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<DueDelivery>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.event_id, d.endpoint_id, e.url, e.secret, w.name, o.kind, o.data, o.created, d.attempts, d.created
           FROM webhook_deliveries d
           JOIN outbox_events o ON o.id = d.event_id
           JOIN workspaces w ON w.id = o.workspace_id
           JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.state = 'pending' AND coalesce(d.next_at, 0) <= ?1 AND coalesce(d.lease_until, 0) <= ?1
          ORDER BY coalesce(d.next_at, 0), o.seq LIMIT ?2",
    )?;
    let due = stmt
        .query_map(params![now_ms, limit], |r| {
            Ok(DueDelivery {
                event_id: r.get(0)?,
                endpoint_id: r.get(1)?,
                url: r.get(2)?,
                secret: r.get(3)?,
                workspace: r.get(4)?,
                kind: r.get(5)?,
                data: r.get(6)?,
                created: r.get(7)?,
                attempts: r.get(8)?,
                since: r.get(9)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut lease =
        conn.prepare_cached("UPDATE webhook_deliveries SET lease_until = ?3 WHERE event_id = ?1 AND endpoint_id = ?2")?;
    for d in &due {
        lease.execute(params![d.event_id, d.endpoint_id, now_ms + lease_ms])?;
    }
    Ok(due)
}

pub fn record(conn: &Connection, o: &AttemptOutcome) -> Result<(), StoreError> {
    let attempt: i64 = conn
        .query_row(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, lease_until = NULL, last_status = ?3, last_error = ?4,
                    state = CASE WHEN ?5 THEN 'delivered' WHEN ?6 IS NULL THEN 'failed' ELSE 'pending' END,
                    next_at = ?6, done_at = CASE WHEN ?5 OR ?6 IS NULL THEN ?7 END
              WHERE event_id = ?1 AND endpoint_id = ?2 RETURNING attempts",
            params![o.event_id, o.endpoint_id, o.status, o.error, o.delivered, o.next_at, o.at / 1000],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    conn.execute(
        "INSERT INTO webhook_attempts (event_id, endpoint_id, attempt, at, status, error, duration_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![o.event_id, o.endpoint_id, attempt, o.at / 1000, o.status, o.error, o.duration_ms],
    )?;
    Ok(())
}

pub fn log(conn: &Connection, ws: &WsRow, endpoint_id: &str, limit: u32) -> Result<Vec<DeliveryAttempt>, StoreError> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE workspace_id = ?1 AND id = ?2)
             OR EXISTS (SELECT 1 FROM webhook_attempts a JOIN outbox_events o ON o.id = a.event_id
                         WHERE o.workspace_id = ?1 AND a.endpoint_id = ?2)",
        params![ws.id, endpoint_id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(no_endpoint(ws, endpoint_id));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.event_id, o.kind, a.attempt, a.at, a.status, a.error, a.duration_ms, coalesce(d.state, 'pending')
           FROM webhook_attempts a JOIN outbox_events o ON o.id = a.event_id
           LEFT JOIN webhook_deliveries d ON d.event_id = a.event_id AND d.endpoint_id = a.endpoint_id
          WHERE a.endpoint_id = ?1 AND o.workspace_id = ?2 ORDER BY a.id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![endpoint_id, ws.id, limit], |r| {
        Ok(DeliveryAttempt {
            event_id: r.get(0)?,
            kind: r.get(1)?,
            attempt: r.get(2)?,
            at: r.get(3)?,
            status: r.get(4)?,
            error: r.get(5)?,
            duration_ms: r.get(6)?,
            state: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn replay(conn: &Connection, ws: &WsRow, event: &str) -> Result<u32, StoreError> {
    let found: Option<(String, i64)> = conn
        .query_row(
            "SELECT kind, created FROM outbox_events WHERE id = ?1 AND workspace_id = ?2",
            params![event, ws.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((kind, created)) = found else {
        return Err(StoreError::NotFound(Missing {
            message: format!("no event '{event}' in workspace '{}'", ws.name),
            remedy: None,
        }));
    };
    // Endpoints added since that want it get it too (never a test event's).
    if kind != TEST_EVENT {
        conn.execute(
            "INSERT OR IGNORE INTO webhook_deliveries (event_id, endpoint_id, created)
             SELECT ?1, e.id, ?3 FROM webhook_endpoints e
              WHERE e.workspace_id = ?2 AND (e.events = '*' OR instr(e.events, ',' || ?4 || ',') > 0)",
            params![event, ws.id, created, kind],
        )?;
    }
    // A replay starts the retry window afresh.
    let now: i64 = conn.query_row("SELECT CAST(strftime('%s', 'now') AS INTEGER)", [], |r| r.get(0))?;
    let n = conn.execute(
        "UPDATE webhook_deliveries SET state = 'pending', next_at = NULL, lease_until = NULL, done_at = NULL, created = ?2
          WHERE event_id = ?1 AND endpoint_id IN (SELECT id FROM webhook_endpoints)",
        params![event, now],
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub fn stats(conn: &Connection) -> Result<OutboxStats, StoreError> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'delivered'), 0), coalesce(sum(state = 'failed'), 0),
                min(CASE WHEN state = 'pending' THEN created END)
           FROM webhook_deliveries",
        [],
        |r| Ok(OutboxStats { pending: r.get(0)?, delivered: r.get(1)?, failed: r.get(2)?, oldest_pending: r.get(3)? }),
    )?)
}

fn alert(ws: &str, r: &rusqlite::Row<'_>) -> rusqlite::Result<Alert> {
    Ok(Alert { workspace: ws.to_owned(), seat: r.get(0)?, below: Credits::from_millis(r.get(1)?), armed: r.get(2)? })
}

pub fn set_alert(
    conn: &Connection,
    ws: &WsRow,
    seat: Option<&str>,
    below: Option<Credits>,
    now: &str,
) -> Result<Option<Alert>, StoreError> {
    let seat_id = match seat {
        Some(name) => Some(ledger::seat(conn, ws, Some(name), None)?.id),
        None => None,
    };
    // Removing an alert that is not there is not an error: `--off` says how things should be.
    let Some(below) = below else {
        conn.execute(
            "DELETE FROM balance_alerts WHERE workspace_id = ?1 AND coalesce(seat_id, 0) = coalesce(?2, 0)",
            params![ws.id, seat_id],
        )?;
        return Ok(None);
    };
    if below.millis() <= 0 {
        return Err(StoreError::InvalidInput("--below must be more than 0 credits".into()));
    }
    conn.execute(
        "DELETE FROM balance_alerts WHERE workspace_id = ?1 AND coalesce(seat_id, 0) = coalesce(?2, 0)",
        params![ws.id, seat_id],
    )?;
    // Armed only if the balance is at or above the threshold now: an alert set below the current
    // balance fires at the next crossing, not at once.
    conn.execute(
        "INSERT INTO balance_alerts (workspace_id, seat_id, below_millis, armed, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
        params![ws.id, seat_id, below.millis(), now],
    )?;
    conn.execute(
        "UPDATE balance_alerts SET armed = 0 WHERE id IN
           (SELECT id FROM alert_levels WHERE workspace_id = ?1 AND coalesce(seat_id, 0) = coalesce(?2, 0)
               AND balance_millis < below_millis)",
        params![ws.id, seat_id],
    )?;
    Ok(alerts(conn, ws)?.into_iter().find(|a| a.seat.as_deref() == seat))
}

pub fn alerts(conn: &Connection, ws: &WsRow) -> Result<Vec<Alert>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seat, below_millis, armed FROM alert_levels WHERE workspace_id = ?1 ORDER BY seat IS NOT NULL, seat",
    )?;
    let rows = stmt.query_map([ws.id], |r| alert(&ws.name, r))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn note_refusal(
    conn: &Connection,
    ws: &WsRow,
    seat: &str,
    refusal: Refusal,
    data: &str,
    now: &str,
    now_secs: i64,
) -> Result<bool, StoreError> {
    let seat = ledger::seat(conn, ws, Some(seat), None)?;
    let kind = match refusal {
        Refusal::Limit => "limit.reached",
        Refusal::Depleted => {
            let n = conn
                .execute("INSERT OR IGNORE INTO depleted_seats (seat_id, at) VALUES (?1, ?2)", params![seat.id, now])?;
            if n == 0 {
                return Ok(false);
            }
            "balance.depleted"
        }
    };
    let event = NewEvent { kind: kind.to_owned(), data: data.to_owned(), endpoint: None, dedup: None };
    emit(conn, ws, &event, now_secs)?;
    Ok(true)
}

/// Whether `seat` already sent `balance.depleted` (no write needed for another refusal).
pub fn is_depleted(conn: &Connection, ws: &WsRow, seat: &str) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM depleted_seats d JOIN seats s ON s.id = d.seat_id
                          WHERE s.workspace_id = ?1 AND s.name = ?2 AND s.active = 1)",
        params![ws.id, seat],
        |r| r.get(0),
    )?)
}

pub fn prune(conn: &Connection, before: i64) -> Result<usize, StoreError> {
    let mut n = conn.execute("DELETE FROM webhook_deliveries WHERE state <> 'pending' AND done_at < ?1", [before])?;
    n += conn.execute(
        "DELETE FROM webhook_attempts WHERE at < ?1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
           WHERE d.event_id = webhook_attempts.event_id AND d.endpoint_id = webhook_attempts.endpoint_id)",
        [before],
    )?;
    n += conn.execute(
        "DELETE FROM outbox_events WHERE created < ?1 AND dedup IS NULL
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = outbox_events.id)",
        [before],
    )?;
    Ok(n)
}
