//! `hold` (reserve, settle, release) and `seats token`: the CLI side of two-phase usage and of
//! the HTTP API's seat tokens.

use credits_proto::Call;
use credits_proto::calls::Scope;
use credits_proto::results::{DaemonStatus, HoldReceipt, SeatToken};

use super::Ctx;
use crate::args::{HoldArgs, HoldCommand};
use crate::client::Client;
use crate::error::CliError;
use crate::exit;
use crate::output::{credits, human_time};

pub fn hold(ctx: &Ctx<'_>, a: &HoldArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let scope = ctx.scope(a.seat.as_ref());
    let v: HoldReceipt = match &a.command {
        None => {
            let amount = a.amount.ok_or_else(|| CliError::invalid("give the credits to hold, e.g. `hold 40`"))?;
            client.call(&Call::HoldCreate {
                scope,
                amount,
                ttl_seconds: a.ttl,
                memo: a.memo.clone(),
                idempotency_key: a.idempotency_key.clone(),
            })?
        }
        Some(HoldCommand::Settle { id, amount, idempotency_key }) => client.call(&Call::HoldSettle {
            scope,
            id: id.clone(),
            amount: *amount,
            idempotency_key: idempotency_key.clone(),
        })?,
        Some(HoldCommand::Release { id, idempotency_key }) => {
            client.call(&Call::HoldRelease { scope, id: id.clone(), idempotency_key: idempotency_key.clone() })?
        }
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
    match http.as_ref().and_then(|s| s.http_addr.as_deref()) {
        Some(addr) => {
            ctx.out.say(&format!("Use it as `Authorization: Bearer <token>` with the HTTP API at http://{addr}."))
        }
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
