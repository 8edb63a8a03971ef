//! `webhooks add|list|remove|test|deliveries|replay` and `alerts set|list`: signed event
//! webhooks and low-balance alerts. An endpoint's signing secret is printed once, at `add`.

use credits_proto::Call;
use credits_proto::results::{AlertList, DeliveryLog, Endpoint, EventQueued, WebhookCreated, WebhookList};

use super::Ctx;
use crate::args::{AlertsArgs, AlertsCommand, WebhooksArgs, WebhooksCommand};
use crate::error::CliError;
use crate::exit;
use crate::output::new_table;

fn events_text(events: &[String]) -> String {
    if events.is_empty() { "all".to_owned() } else { events.join(",") }
}

pub fn webhooks(ctx: &Ctx<'_>, a: &WebhooksArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let scope = ctx.scope(None);
    match &a.command {
        WebhooksCommand::Add { url, events } => {
            let call = Call::WebhooksAdd { scope, url: url.clone(), events: events.clone() };
            let c: WebhookCreated = client.call(&call)?;
            if ctx.out.json {
                ctx.out.json(&c);
            } else if ctx.out.quiet {
                ctx.out.line(&c.secret);
            } else {
                ctx.out.say(&format!(
                    "Webhook endpoint {} for workspace {} ({} events) at {}.\n\
                     Its signing secret, shown only now; store it with the receiver:\n\n  {}\n\n\
                     Deliveries carry `Studio-Credits-Signature: t=…,v1=…`, verified like Stripe's signatures.",
                    c.endpoint.id,
                    c.endpoint.workspace,
                    events_text(&c.endpoint.events),
                    c.endpoint.url,
                    c.secret
                ));
            }
        }
        WebhooksCommand::List => {
            let list: WebhookList = client.call(&Call::WebhooksList { scope })?;
            if ctx.out.json {
                ctx.out.json(&list);
                return Ok(exit::OK);
            }
            if list.endpoints.is_empty() {
                ctx.out.say(&format!(
                    "Workspace {} has no webhook endpoints; add one with `studio-credits webhooks add URL`.",
                    list.workspace
                ));
                return Ok(exit::OK);
            }
            let mut t = new_table(&["Endpoint", "URL", "Events", "Created"]);
            for e in list.endpoints {
                t.add_row(vec![
                    e.id,
                    e.url,
                    events_text(&e.events),
                    e.created_at.get(..10).unwrap_or_default().to_owned(),
                ]);
            }
            ctx.out.table(t);
        }
        WebhooksCommand::Remove { id } => {
            let e: Endpoint = client.call(&Call::WebhooksRemove { scope, id: id.clone() })?;
            if ctx.out.json {
                ctx.out.json(&serde_json::json!({ "id": e.id, "workspace": e.workspace, "removed": true }));
            } else {
                ctx.out.say(&format!("Removed webhook endpoint {} ({}).", e.id, e.url));
            }
        }
        WebhooksCommand::Test { id } => {
            let q: EventQueued = client.call(&Call::WebhooksTest { scope, id: id.clone() })?;
            if ctx.out.json {
                ctx.out.json(&q);
            } else {
                ctx.out.say(&format!(
                    "Sent test event {} to {id}; see `studio-credits webhooks deliveries {id}`.",
                    q.event_id
                ));
            }
        }
        WebhooksCommand::Deliveries { id } => {
            let log: DeliveryLog = client.call(&Call::WebhooksDeliveries { scope, id: id.clone() })?;
            if ctx.out.json {
                ctx.out.json(&log);
                return Ok(exit::OK);
            }
            if log.attempts.is_empty() {
                ctx.out.say(&format!("No delivery attempts to {id} yet."));
                return Ok(exit::OK);
            }
            let mut t = new_table(&["Event", "Type", "Attempt", "At", "Result", "State"]);
            for a in log.attempts {
                let at = jiff::Timestamp::from_second(a.at).map(|t| t.to_string()).unwrap_or_default();
                let result = match (a.status, a.error) {
                    (Some(s), _) => format!("HTTP {s} in {} ms", a.duration_ms),
                    (None, Some(e)) => e,
                    (None, None) => "-".to_owned(),
                };
                t.add_row(vec![a.event_id, a.kind, a.attempt.to_string(), at, result, a.state]);
            }
            ctx.out.table(t);
        }
        WebhooksCommand::Replay { event } => {
            let q: EventQueued = client.call(&Call::WebhooksReplay { scope, event: event.clone() })?;
            if ctx.out.json {
                ctx.out.json(&q);
            } else {
                ctx.out.say(&format!("Event {} is being sent again to {} endpoint(s).", q.event_id, q.deliveries));
            }
        }
    }
    Ok(exit::OK)
}

pub fn alerts(ctx: &Ctx<'_>, a: &AlertsArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let list: AlertList = match &a.command {
        AlertsCommand::Set { below, off, seat } => {
            let mut scope = ctx.scope(seat.as_ref());
            // No seat named: the workspace's total, never the caller's own seat.
            scope.user = None;
            client.call(&Call::AlertsSet { scope, below: *below, off: *off })?
        }
        AlertsCommand::List => client.call(&Call::AlertsList { scope: ctx.scope(None) })?,
    };
    if ctx.out.json {
        ctx.out.json(&list);
        return Ok(exit::OK);
    }
    if list.alerts.is_empty() {
        ctx.out.say(&format!(
            "Workspace {} has no low-balance alerts; set one with `studio-credits alerts set --below CREDITS`.",
            list.workspace
        ));
        return Ok(exit::OK);
    }
    let mut t = new_table(&["Watches", "Below", "State"]);
    for al in list.alerts {
        let who = al.seat.map_or_else(|| "workspace total".to_owned(), |s| format!("seat {s}"));
        let state = if al.armed { "armed" } else { "fired (re-arms at or above)" };
        t.add_row(vec![who, al.below.to_string(), state.to_owned()]);
    }
    ctx.out.table(t);
    Ok(exit::OK)
}
