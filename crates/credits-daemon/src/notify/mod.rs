//! Notifications: webhook endpoints (`webhooks add|list|remove|test|deliveries|replay`),
//! low-balance alerts (`alerts set|list`), the events the daemon writes itself (a refused debit's
//! `balance.depleted` and `limit.reached`) and the delivery worker ([`deliver`]). Events whose
//! cause is a ledger change are written by the store's triggers, in that change's transaction.

pub mod deliver;
pub mod url;

use std::sync::Arc;

use credits_core::Credits;
use credits_core::notify::{TEST_EVENT, is_event_type};
use credits_core::records::Balance;
use credits_ledger::StoreError;
use credits_ledger::notify::{NewEndpoint, NewEvent, Refusal};
use credits_proto::calls::Scope;
use credits_proto::results::{AlertList, DeliveryLog, Endpoint, EventQueued, WebhookCreated, WebhookList};
use jiff::Timestamp;

use crate::app::App;
use crate::error::AppError;

/// Every signing secret starts with this ("studio-credits webhook secret").
pub const SECRET_PREFIX: &str = "scwhsec_";

fn random_hex(bytes: usize) -> Result<String, AppError> {
    let mut b = vec![0u8; bytes];
    getrandom::fill(&mut b).map_err(|e| AppError::internal(format!("no randomness for a webhook endpoint: {e}")))?;
    Ok(hex::encode(b))
}

/// The socket call `webhooks_add`: the URL is checked against `[webhooks] allow_hosts` before
/// anything is stored.
pub async fn add(app: &Arc<App>, scope: Scope, url: String, events: Vec<String>) -> Result<WebhookCreated, AppError> {
    let url = url::check(&url, app.settings.webhooks.allow_hosts.as_deref()).map_err(AppError::invalid)?;
    let mut events = events;
    events.sort();
    events.dedup();
    if let Some(bad) = events.iter().find(|e| !is_event_type(e)) {
        return Err(AppError::invalid(format!(
            "unknown event type {bad:?}; the types are {}",
            credits_core::notify::EVENT_TYPES.join(", ")
        )));
    }
    let secret = format!("{SECRET_PREFIX}{}", random_hex(32)?);
    let new = NewEndpoint { id: format!("we_{}", random_hex(8)?), url, events, secret: secret.clone() };
    let endpoint = app.ledger.webhook_add(scope.workspace, new, whole_second(app.now())).await?;
    tracing::info!(workspace = %endpoint.workspace, endpoint = %endpoint.id, "webhook endpoint added");
    Ok(WebhookCreated { endpoint, secret })
}

fn whole_second(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second()).unwrap_or(t)
}

pub async fn list(app: &Arc<App>, scope: Scope) -> Result<WebhookList, AppError> {
    let info = app.ledger.workspace_info(scope.workspace).await?;
    let endpoints = app.ledger.webhooks(Some(info.name.clone())).await?;
    Ok(WebhookList { workspace: info.name, endpoints })
}

pub async fn remove(app: &Arc<App>, scope: Scope, id: String) -> Result<Endpoint, AppError> {
    let e = app.ledger.webhook_remove(scope.workspace, id).await?;
    tracing::info!(workspace = %e.workspace, endpoint = %e.id, "webhook endpoint removed");
    Ok(e)
}

/// The socket call `webhooks_test`: a `webhook.test` event to that endpoint alone.
pub async fn test(app: &Arc<App>, scope: Scope, id: String) -> Result<EventQueued, AppError> {
    let data = serde_json::json!({ "endpoint": id, "message": "a test event from studio-credits" }).to_string();
    let event = NewEvent { kind: TEST_EVENT.to_owned(), data, endpoint: Some(id), dedup: None };
    let event_id = app.ledger.emit(scope.workspace, event, real_now()).await?;
    deliver::wake();
    Ok(EventQueued { event_id, deliveries: 1 })
}

pub async fn deliveries(app: &Arc<App>, scope: Scope, id: String) -> Result<DeliveryLog, AppError> {
    let attempts = app.ledger.delivery_log(scope.workspace, id.clone(), 100).await?;
    Ok(DeliveryLog { endpoint: id, attempts })
}

pub async fn replay(app: &Arc<App>, scope: Scope, event: String) -> Result<EventQueued, AppError> {
    let deliveries = app.ledger.replay_event(scope.workspace, event.clone()).await?;
    deliver::wake();
    tracing::info!(%event, deliveries, "webhook event replayed");
    Ok(EventQueued { event_id: event, deliveries })
}

pub async fn alerts_set(
    app: &Arc<App>,
    scope: Scope,
    below: Option<Credits>,
    off: bool,
) -> Result<AlertList, AppError> {
    match (below, off) {
        (Some(_), true) => return Err(AppError::invalid("give either --below CREDITS or --off, not both")),
        (None, false) => return Err(AppError::invalid("give --below CREDITS (or --off to remove the alert)")),
        _ => {}
    }
    let workspace = app.ledger.workspace_info(scope.workspace).await?.name;
    app.ledger.set_alert(Some(workspace.clone()), scope.seat, below, app.now()).await?;
    let alerts = app.ledger.alerts(Some(workspace.clone())).await?;
    Ok(AlertList { workspace, alerts })
}

pub async fn alerts_list(app: &Arc<App>, scope: Scope) -> Result<AlertList, AppError> {
    let workspace = app.ledger.workspace_info(scope.workspace).await?.name;
    let alerts = app.ledger.alerts(Some(workspace.clone())).await?;
    Ok(AlertList { workspace, alerts })
}

/// The real clock (see [`deliver`]).
fn real_now() -> Timestamp {
    Timestamp::from_millisecond(deliver::real_now_ms()).unwrap_or_else(|_| Timestamp::now())
}

/// After a debit or hold was refused with 402: `limit.reached` when a monthly top-up limit
/// refused it, else `balance.depleted` the first time since the seat last had credits coming
/// in (the store keeps a flag, so later refusals cost one read and no write). Runs in a task of
/// its own so the 402 is answered without waiting for it; a failure is logged, never answered.
pub fn refused(app: &Arc<App>, error: &StoreError) {
    let StoreError::PaymentRequired { needed, balance, limit } = error else { return };
    let refusal = if limit.is_some() { Refusal::Limit } else { Refusal::Depleted };
    let data = refusal_data(balance, *needed, limit.as_deref().map(|l| serde_json::to_value(l).unwrap_or_default()));
    let (app, ws, seat) = (app.clone(), balance.workspace.clone(), balance.seat.clone());
    tokio::spawn(async move {
        match app.ledger.note_refusal(Some(ws), seat, refusal, data, real_now()).await {
            Ok(true) => deliver::wake(),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "cannot record the event of a refused debit"),
        }
    });
}

fn refusal_data(balance: &Balance, needed: Credits, limit: Option<serde_json::Value>) -> String {
    let mut data = serde_json::json!({
        "seat": balance.seat,
        "needed": needed,
        "spendable": balance.spendable,
    });
    if let Some(l) = limit {
        data["limit"] = l;
    }
    data.to_string()
}

/// Writes an event the daemon itself notices (`auto_topup.capped`, `rollover.overdue`,
/// `ledger.verify_failed`) once per `dedup` key, in a task of its own; a failure is logged.
pub fn emit_once(app: &Arc<App>, workspace: String, kind: &'static str, data: serde_json::Value, dedup: String) {
    let app = app.clone();
    tokio::spawn(async move {
        let event = NewEvent { kind: kind.to_owned(), data: data.to_string(), endpoint: None, dedup: Some(dedup) };
        match app.ledger.emit(Some(workspace), event, real_now()).await {
            Ok(_) => deliver::wake(),
            Err(e) => tracing::warn!(error = %e, kind, "cannot write a webhook event"),
        }
    });
}

/// `auto_topup.capped`: the auto top-up rule wanted to buy but its monthly limit is reached;
/// once per workspace and period.
pub fn capped(app: &Arc<App>, workspace: Option<String>) {
    let app2 = app.clone();
    tokio::spawn(async move {
        let Ok(ws) = app2.ledger.workspace(workspace).await else { return };
        let data = serde_json::json!({ "period": ws.period });
        emit_once(
            &app2,
            ws.name.clone(),
            "auto_topup.capped",
            data,
            format!("auto_topup.capped:{}:{}", ws.name, ws.period),
        );
    });
}

/// `ledger.verify_failed`: `verify` found problems in the journal; to every workspace, once per
/// distinct list of problems.
pub async fn verify_failed(app: &Arc<App>, problems: &[String]) {
    use sha2::Digest;
    let digest = hex::encode(sha2::Sha256::digest(problems.join("\n").as_bytes()));
    let Ok(workspaces) = app.ledger.workspaces(None, 1000).await else { return };
    for ws in workspaces {
        let shown: Vec<&String> = problems.iter().take(20).collect();
        let data = serde_json::json!({ "problems": shown, "count": problems.len() });
        let key = format!("ledger.verify_failed:{}:{}", ws.name, &digest[..16]);
        emit_once(app, ws.name, "ledger.verify_failed", data, key);
    }
}
