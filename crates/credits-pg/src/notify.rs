//! Notifications in PostgreSQL (as `credits-store`'s `notify.rs`): webhook endpoints, the event
//! outbox and its deliveries, claimed with `FOR UPDATE SKIP LOCKED` and a lease so that of several
//! daemons one delivers each at a time, and low-balance alerts. Events caused by ledger changes
//! are written by the triggers of `0004_notifications.sql`.

use credits_core::Credits;
use credits_core::notify::{Alert, DeliveryAttempt, Endpoint, TEST_EVENT};
use credits_ledger::notify::{
    AttemptOutcome, DueDelivery, NewEndpoint, NewEvent, OutboxStats, Refusal, events_of, stored_events,
};
use credits_ledger::{Missing, StoreError};
use tokio_postgres::Row;

use crate::db::{self, Tx, WsRow, all, exec, one, opt};

/// Most endpoints a workspace may have (the SQLite backend's limit).
pub const MAX_ENDPOINTS: i64 = 100;

fn endpoint(ws: &str, r: &Row) -> Endpoint {
    Endpoint {
        id: r.get(0),
        workspace: ws.to_owned(),
        url: r.get(1),
        events: events_of(&r.get::<_, String>(2)),
        created_at: r.get(3),
    }
}

fn no_endpoint(ws: &WsRow, id: &str) -> StoreError {
    StoreError::NotFound(Missing {
        message: format!("no webhook endpoint '{id}' in workspace '{}'; see `studio-credits webhooks list`", ws.name),
        remedy: None,
    })
}

fn small(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

pub async fn add(tx: &Tx<'_>, ws: &WsRow, new: &NewEndpoint, now: &str) -> Result<Endpoint, StoreError> {
    let count: i64 = one(tx, "SELECT count(*) FROM webhook_endpoints WHERE workspace_id = $1", &[&ws.id]).await?.get(0);
    if count >= MAX_ENDPOINTS {
        return Err(StoreError::Conflict(format!(
            "workspace '{}' already has {MAX_ENDPOINTS} webhook endpoints; remove some",
            ws.name
        )));
    }
    exec(
        tx,
        "INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        &[&new.id, &ws.id, &new.url, &stored_events(&new.events), &new.secret, &now],
    )
    .await?;
    Ok(Endpoint {
        id: new.id.clone(),
        workspace: ws.name.clone(),
        url: new.url.clone(),
        events: new.events.clone(),
        created_at: now.to_owned(),
    })
}

pub async fn list(tx: &Tx<'_>, ws: &WsRow) -> Result<Vec<Endpoint>, StoreError> {
    let rows = all(
        tx,
        "SELECT id, url, events, created_at FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY created_at, id",
        &[&ws.id],
    )
    .await?;
    Ok(rows.iter().map(|r| endpoint(&ws.name, r)).collect())
}

pub async fn remove(tx: &Tx<'_>, ws: &WsRow, id: &str) -> Result<Endpoint, StoreError> {
    let found = opt(
        tx,
        "DELETE FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 RETURNING id, url, events, created_at",
        &[&ws.id, &id],
    )
    .await?;
    let Some(r) = found else { return Err(no_endpoint(ws, id)) };
    exec(tx, "DELETE FROM webhook_deliveries WHERE endpoint_id = $1 AND state = 'pending'", &[&id]).await?;
    Ok(endpoint(&ws.name, &r))
}

pub async fn emit(tx: &Tx<'_>, ws: &WsRow, event: &NewEvent, now_secs: i64) -> Result<String, StoreError> {
    if let Some(ep) = &event.endpoint {
        let exists: bool = one(
            tx,
            "SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2)",
            &[&ws.id, ep],
        )
        .await?
        .get(0);
        if !exists {
            return Err(no_endpoint(ws, ep));
        }
    }
    let inserted = opt(
        tx,
        "INSERT INTO outbox_events (id, workspace_id, kind, data, created, dedup) VALUES (new_event_id(), $1, $2, $3, $4, $5)
         ON CONFLICT (dedup) DO NOTHING RETURNING id",
        &[&ws.id, &event.kind, &event.data, &now_secs, &event.dedup],
    )
    .await?;
    let Some(row) = inserted else {
        return Ok(one(tx, "SELECT id FROM outbox_events WHERE dedup = $1", &[&event.dedup]).await?.get(0));
    };
    let id: String = row.get(0);
    if let Some(ep) = &event.endpoint {
        exec(
            tx,
            "INSERT INTO webhook_deliveries (event_id, endpoint_id, created) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&id, ep, &now_secs],
        )
        .await?;
    }
    Ok(id)
}

pub async fn next_delivery(tx: &Tx<'_>) -> Result<Option<i64>, StoreError> {
    Ok(one(
        tx,
        "SELECT min(greatest(coalesce(next_at, 0), coalesce(lease_until, 0))) FROM webhook_deliveries WHERE state = 'pending'",
        &[],
    )
    .await?
    .get(0))
}

pub async fn claim(tx: &Tx<'_>, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<DueDelivery>, StoreError> {
    let rows = all(
        tx,
        "WITH due AS (
             SELECT event_id, endpoint_id FROM webhook_deliveries
              WHERE state = 'pending' AND coalesce(next_at, 0) <= $1 AND coalesce(lease_until, 0) <= $1
              ORDER BY coalesce(next_at, 0) LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE webhook_deliveries d SET lease_until = $1 + $2
           FROM due, outbox_events o, webhook_endpoints e, workspaces w
          WHERE d.event_id = due.event_id AND d.endpoint_id = due.endpoint_id
            AND o.id = d.event_id AND e.id = d.endpoint_id AND w.id = o.workspace_id
         RETURNING d.event_id, d.endpoint_id, e.url, e.secret, w.name, o.kind, o.data, o.created, d.attempts, d.created",
        &[&now_ms, &lease_ms, &i64::from(limit)],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| DueDelivery {
            event_id: r.get(0),
            endpoint_id: r.get(1),
            url: r.get(2),
            secret: r.get(3),
            workspace: r.get(4),
            kind: r.get(5),
            data: r.get(6),
            created: r.get(7),
            attempts: small(r.get(8)),
            since: r.get(9),
        })
        .collect())
}

pub async fn record(tx: &Tx<'_>, o: &AttemptOutcome) -> Result<(), StoreError> {
    let status = o.status.map(i64::from);
    let at = o.at / 1000;
    let attempt: i64 = opt(
        tx,
        "UPDATE webhook_deliveries SET attempts = attempts + 1, lease_until = NULL, last_status = $3, last_error = $4,
                state = CASE WHEN $5 THEN 'delivered' WHEN $6::BIGINT IS NULL THEN 'failed' ELSE 'pending' END,
                next_at = $6, done_at = CASE WHEN $5 OR $6::BIGINT IS NULL THEN $7::BIGINT END
          WHERE event_id = $1 AND endpoint_id = $2 RETURNING attempts",
        &[&o.event_id, &o.endpoint_id, &status, &o.error, &o.delivered, &o.next_at, &at],
    )
    .await?
    .map_or(0, |r| r.get(0));
    exec(
        tx,
        "INSERT INTO webhook_attempts (event_id, endpoint_id, attempt, at, status, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[&o.event_id, &o.endpoint_id, &attempt, &at, &status, &o.error, &o.duration_ms],
    )
    .await?;
    Ok(())
}

pub async fn log(tx: &Tx<'_>, ws: &WsRow, endpoint_id: &str, limit: u32) -> Result<Vec<DeliveryAttempt>, StoreError> {
    let exists: bool = one(
        tx,
        "SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2)
             OR EXISTS (SELECT 1 FROM webhook_attempts a JOIN outbox_events o ON o.id = a.event_id
                         WHERE o.workspace_id = $1 AND a.endpoint_id = $2)",
        &[&ws.id, &endpoint_id],
    )
    .await?
    .get(0);
    if !exists {
        return Err(no_endpoint(ws, endpoint_id));
    }
    let rows = all(
        tx,
        "SELECT a.event_id, o.kind, a.attempt, a.at, a.status, a.error, a.duration_ms, coalesce(d.state, 'pending')
           FROM webhook_attempts a JOIN outbox_events o ON o.id = a.event_id
           LEFT JOIN webhook_deliveries d ON d.event_id = a.event_id AND d.endpoint_id = a.endpoint_id
          WHERE a.endpoint_id = $1 AND o.workspace_id = $2 ORDER BY a.id DESC LIMIT $3",
        &[&endpoint_id, &ws.id, &i64::from(limit)],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| DeliveryAttempt {
            event_id: r.get(0),
            kind: r.get(1),
            attempt: small(r.get(2)),
            at: r.get(3),
            status: r.get::<_, Option<i64>>(4).and_then(|s| u16::try_from(s).ok()),
            error: r.get(5),
            duration_ms: r.get(6),
            state: r.get(7),
        })
        .collect())
}

pub async fn replay(tx: &Tx<'_>, ws: &WsRow, event: &str) -> Result<u32, StoreError> {
    let found =
        opt(tx, "SELECT kind, created FROM outbox_events WHERE id = $1 AND workspace_id = $2", &[&event, &ws.id])
            .await?;
    let Some(r) = found else {
        return Err(StoreError::NotFound(Missing {
            message: format!("no event '{event}' in workspace '{}'", ws.name),
            remedy: None,
        }));
    };
    let (kind, created): (String, i64) = (r.get(0), r.get(1));
    if kind != TEST_EVENT {
        exec(
            tx,
            "INSERT INTO webhook_deliveries (event_id, endpoint_id, created)
             SELECT $1, e.id, $3 FROM webhook_endpoints e
              WHERE e.workspace_id = $2 AND (e.events = '*' OR strpos(e.events, ',' || $4 || ',') > 0)
             ON CONFLICT DO NOTHING",
            &[&event, &ws.id, &created, &kind],
        )
        .await?;
    }
    let n = exec(
        tx,
        "UPDATE webhook_deliveries SET state = 'pending', next_at = NULL, lease_until = NULL, done_at = NULL, created = unix_now()
          WHERE event_id = $1 AND endpoint_id IN (SELECT id FROM webhook_endpoints)",
        &[&event],
    )
    .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub async fn stats(tx: &Tx<'_>) -> Result<OutboxStats, StoreError> {
    let r = one(
        tx,
        "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'delivered'),
                count(*) FILTER (WHERE state = 'failed'), min(created) FILTER (WHERE state = 'pending')
           FROM webhook_deliveries",
        &[],
    )
    .await?;
    Ok(OutboxStats { pending: r.get(0), delivered: r.get(1), failed: r.get(2), oldest_pending: r.get(3) })
}

pub async fn set_alert(
    tx: &Tx<'_>,
    ws: &WsRow,
    seat: Option<&str>,
    below: Option<Credits>,
    now: &str,
) -> Result<Option<Alert>, StoreError> {
    let seat_id = match seat {
        Some(name) => Some(db::seat(tx, ws, Some(name), None).await?.id),
        None => None,
    };
    // Removing an alert that is not there is not an error: `--off` says how things should be.
    exec(
        tx,
        "DELETE FROM balance_alerts WHERE workspace_id = $1 AND coalesce(seat_id, 0) = coalesce($2::BIGINT, 0)",
        &[&ws.id, &seat_id],
    )
    .await?;
    let Some(below) = below else {
        return Ok(None);
    };
    if below.millis() <= 0 {
        return Err(StoreError::InvalidInput("--below must be more than 0 credits".into()));
    }
    exec(
        tx,
        "INSERT INTO balance_alerts (workspace_id, seat_id, below_millis, armed, created_at) VALUES ($1, $2, $3, TRUE, $4)",
        &[&ws.id, &seat_id, &below.millis(), &now],
    )
    .await?;
    exec(
        tx,
        "UPDATE balance_alerts SET armed = FALSE WHERE id IN
           (SELECT id FROM alert_levels WHERE workspace_id = $1 AND coalesce(seat_id, 0) = coalesce($2::BIGINT, 0)
               AND balance_millis < below_millis)",
        &[&ws.id, &seat_id],
    )
    .await?;
    Ok(alerts(tx, ws).await?.into_iter().find(|a| a.seat.as_deref() == seat))
}

pub async fn alerts(tx: &Tx<'_>, ws: &WsRow) -> Result<Vec<Alert>, StoreError> {
    let rows = all(
        tx,
        "SELECT seat, below_millis, armed FROM alert_levels WHERE workspace_id = $1 ORDER BY seat IS NOT NULL, seat",
        &[&ws.id],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| Alert {
            workspace: ws.name.clone(),
            seat: r.get(0),
            below: Credits::from_millis(r.get(1)),
            armed: r.get(2),
        })
        .collect())
}

pub async fn is_depleted(tx: &Tx<'_>, ws: &WsRow, seat: &str) -> Result<bool, StoreError> {
    Ok(one(
        tx,
        "SELECT EXISTS (SELECT 1 FROM depleted_seats d JOIN seats s ON s.id = d.seat_id
                          WHERE s.workspace_id = $1 AND s.name = $2 AND s.active)",
        &[&ws.id, &seat],
    )
    .await?
    .get(0))
}

pub async fn note_refusal(
    tx: &Tx<'_>,
    ws: &WsRow,
    seat: &str,
    refusal: Refusal,
    data: &str,
    now: &str,
    now_secs: i64,
) -> Result<bool, StoreError> {
    let seat = db::seat(tx, ws, Some(seat), None).await?;
    let kind = match refusal {
        Refusal::Limit => "limit.reached",
        Refusal::Depleted => {
            let n = exec(
                tx,
                "INSERT INTO depleted_seats (seat_id, at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&seat.id, &now],
            )
            .await?;
            if n == 0 {
                return Ok(false);
            }
            "balance.depleted"
        }
    };
    emit(tx, ws, &NewEvent { kind: kind.to_owned(), data: data.to_owned(), endpoint: None, dedup: None }, now_secs)
        .await?;
    Ok(true)
}

pub async fn prune(tx: &Tx<'_>, before: i64) -> Result<usize, StoreError> {
    let mut n =
        exec(tx, "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND done_at < $1", &[&before]).await?;
    n += exec(
        tx,
        "DELETE FROM webhook_attempts a WHERE a.at < $1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
           WHERE d.event_id = a.event_id AND d.endpoint_id = a.endpoint_id)",
        &[&before],
    )
    .await?;
    n += exec(
        tx,
        "DELETE FROM outbox_events o WHERE o.created < $1 AND o.dedup IS NULL
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = o.id)",
        &[&before],
    )
    .await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}
