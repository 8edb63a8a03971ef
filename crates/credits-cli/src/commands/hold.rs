//! `hold` (reserve, settle, release, list, show) and `seats token`: the CLI side of two-phase usage and of
//! the HTTP API's seat tokens.

use credits_proto::Call;
use credits_proto::calls::Scope;
use credits_proto::page::{HoldsPage, Page};
use credits_proto::results::{DaemonStatus, Hold, HoldReceipt, SeatToken};

use super::Ctx;
use crate::args::{HoldArgs, HoldCommand};
use crate::client::Client;
use crate::error::CliError;
use crate::exit;
use crate::output::{credits, human_time, new_table};

pub fn hold(ctx: &Ctx<'_>, a: &HoldArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let scope = ctx.scope(a.seat.as_ref());
    let v: HoldReceipt = match &a.command {
        Some(HoldCommand::List { seat, limit }) => return list(ctx, &mut client, ctx.scope(seat.as_ref()), *limit),
        Some(HoldCommand::Show { id }) => {
            let h: Hold = client.call(&Call::HoldShow { scope: ctx.scope(None), id: id.clone() })?;
            if ctx.out.json {
                ctx.out.answer(&h);
            } else {
                show(ctx, &h);
            }
            return Ok(exit::OK);
        }
        None => {
            let amount = a.amount.ok_or_else(|| CliError::invalid("give the credits to hold, e.g. `hold 40`"))?;
            let call = Call::HoldCreate {
                scope,
                amount,
                ttl_seconds: a.ttl,
                memo: a.memo.clone(),
                idempotency_key: ctx.money_key(a.idempotency_key.as_ref(), "hold"),
            };
            // A refusal's "buy credits" hint only when buying works.
            client.call(&call).map_err(|e| super::purchase::explain_refusal(ctx, &mut client, e))?
        }
        Some(HoldCommand::Settle { id, amount, idempotency_key }) => client.call(&Call::HoldSettle {
            scope,
            id: id.clone(),
            amount: *amount,
            idempotency_key: ctx.money_key(idempotency_key.as_ref(), "settle"),
        })?,
        Some(HoldCommand::Release { id, idempotency_key }) => client.call(&Call::HoldRelease {
            scope,
            id: id.clone(),
            idempotency_key: ctx.money_key(idempotency_key.as_ref(), "release"),
        })?,
    };
    if ctx.out.json {
        ctx.out.answer(&v);
        return Ok(exit::OK);
    }
    let (hold, spendable) = (&v.hold, credits(v.balance.spendable));
    let id = &hold.id;
    match &a.command {
        None => ctx.out.say(&format!(
            "Held {} credits as {id} ({} included, {} top-up) until {}.\n\
             Settle with `studio-credits hold settle {id} AMOUNT`, or release with `studio-credits hold release {id}`. Spendable now: {spendable} credits.",
            credits(hold.amount),
            credits(hold.from_included),
            credits(hold.from_topup),
            human_time(&hold.expires_at),
        )),
        Some(HoldCommand::Settle { .. }) => ctx.out.say(&format!(
            "Settled {id}: {} credits consumed, {} released. Spendable now: {spendable} credits.",
            credits(hold.settled),
            credits(hold.released),
        )),
        Some(HoldCommand::Release { .. }) => ctx.out.say(&format!(
            "Released {id}: {} credits back. Spendable now: {spendable} credits.",
            credits(hold.released)
        )),
        Some(HoldCommand::List { .. } | HoldCommand::Show { .. }) => {}
    }
    if hold.lapsed.millis() != 0 {
        ctx.out.say(&format!(
            "{} included credits of {} did not come back: that month's allowance has expired.",
            credits(hold.lapsed),
            hold.period
        ));
    }
    Ok(exit::OK)
}

/// `hold list`: at most `limit` open holds, page after page.
fn list(ctx: &Ctx<'_>, client: &mut Client, scope: Scope, limit: u32) -> Result<u8, CliError> {
    let mut holds = Vec::new();
    let mut cursor = None;
    while holds.len() < limit as usize {
        let left = limit - u32::try_from(holds.len()).unwrap_or(limit);
        let page: HoldsPage =
            client.call(&Call::HoldList { scope: scope.clone(), cursor: cursor.take(), limit: Some(left) })?;
        cursor = page.next_cursor().map(str::to_owned);
        holds.extend(page.holds);
        if cursor.is_none() {
            break;
        }
    }
    if ctx.out.json {
        ctx.out.json(&HoldsPage { holds, next: cursor });
        return Ok(exit::OK);
    }
    if holds.is_empty() {
        ctx.out.say("No open holds.");
        return Ok(exit::OK);
    }
    let mut t = new_table(&["Hold", "Seat", "Held", "Included", "Top-up", "Expires", "Memo"]);
    for h in &holds {
        t.add_row(vec![
            h.id.clone(),
            h.seat.clone(),
            h.amount.to_string(),
            h.from_included.to_string(),
            h.from_topup.to_string(),
            human_time(&h.expires_at),
            h.memo.clone().unwrap_or_default(),
        ]);
    }
    ctx.out.table(t);
    if cursor.is_some() {
        ctx.out.say(&format!("{} shown; there are more (use --limit).", holds.len()));
    }
    Ok(exit::OK)
}

/// `hold show ID` for people: one line per fact.
fn show(ctx: &Ctx<'_>, h: &Hold) {
    let mut t = new_table(&["Hold", &h.id]);
    let mut row = |k: &str, v: String| {
        t.add_row(vec![k.to_owned(), v]);
    };
    row("Status", h.status.as_str().to_owned());
    row("Seat", format!("{} (workspace {})", h.seat, h.workspace));
    row("Held", format!("{} credits ({} included, {} top-up)", h.amount, h.from_included, h.from_topup));
    row("Settled", h.settled.to_string());
    row("Released", h.released.to_string());
    if h.lapsed.millis() != 0 {
        row("Lapsed", format!("{} included credits of {} (that month ended first)", h.lapsed, h.period));
    }
    row("Created", human_time(&h.created_at));
    match &h.closed_at {
        Some(at) => row("Closed", human_time(at)),
        None => row("Expires", human_time(&h.expires_at)),
    }
    if let Some(m) = &h.memo {
        row("Memo", m.clone());
    }
    ctx.out.table(t);
    if h.status.as_str() == "held" {
        ctx.out.say(&format!(
            "Settle with `studio-credits hold settle {id} AMOUNT`, or release with `studio-credits hold release {id}`.",
            id = h.id
        ));
    }
}

/// `seats token NAME [--rotate | --revoke]`.
pub fn token(
    ctx: &Ctx<'_>,
    client: &mut Client,
    scope: Scope,
    name: &str,
    rotate: bool,
    revoke: bool,
) -> Result<u8, CliError> {
    let v: SeatToken = client.call(&Call::SeatsToken { scope, name: name.to_owned(), rotate, revoke })?;
    // A new token is for the HTTP API: where it listens, or why it does not. Best effort: the
    // token exists now and is shown only once, so nothing may keep it from being printed.
    let http = if revoke { None } else { client.call::<DaemonStatus>(&Call::Status {}).ok() };
    let disabled = http.as_ref().and_then(|s| s.http_disabled.as_ref());
    if let Some(why) = disabled.filter(|_| !ctx.out.quiet) {
        ctx.out.warn(&super::daemon::http_disabled_warning(why));
    }
    if ctx.out.json {
        ctx.out.answer(&v);
        return Ok(exit::OK);
    }
    if revoke {
        ctx.out.say(&if v.revoked == Some(true) {
            format!("Revoked seat {name}'s API token; requests with it now get 401.")
        } else {
            format!("Seat {name} had no API token.")
        });
        return Ok(exit::OK);
    }
    let Some(token) = v.token.as_deref() else {
        return Err(CliError::internal("the daemon answered without the new token"));
    };
    if ctx.out.quiet {
        // The token is the point of the command: print it even when quiet, alone on its line.
        ctx.out.line(token);
        return Ok(exit::OK);
    }
    ctx.out.say(&format!("API token for seat {name} (shown only now; store it somewhere safe):\n\n  {token}\n"));
    let url =
        http.as_ref().and_then(|s| s.http_url.clone().or_else(|| s.http_addr.as_ref().map(|a| format!("http://{a}"))));
    match url {
        Some(url) => ctx.out.say(&format!("Use it as `Authorization: Bearer <token>` with the HTTP API at {url}.")),
        None => ctx.out.say(&format!(
            "Use it as `Authorization: Bearer <token>` with the HTTP API once it listens ({}).",
            if disabled.is_some() {
                "it is disabled: see the warning above"
            } else {
                "`studio-credits daemon status` shows where"
            }
        )),
    }
    if v.rotated == Some(true) {
        ctx.out.say("The seat's previous token no longer works.");
    }
    Ok(exit::OK)
}
