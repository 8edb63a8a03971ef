//! Batches of metered usage, the same for both doors (`spend_batch` over the socket,
//! `POST /v1/usage/batch`): each event is read on its own, so a malformed one is answered
//! `invalid_input` alone; the readable ones are debited by the ledger in one transaction, each
//! decided on its own, in order; the answers come back in the order sent.

use std::sync::Arc;
use std::time::Duration;

use credits_core::Credits;
use credits_core::ledger::MAX_BATCH;
use credits_ledger::StoreError;
use credits_ledger::idempotency;
use credits_ledger::ledger::DebitRequest;
use credits_ledger::service::Debited;
use credits_proto::ErrorType;
use credits_proto::results::{EventError, EventResult};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Semaphore;

use crate::app::App;
use crate::caller::{Caller, Door};
use crate::error::AppError;

/// Batches decided at once, daemon-wide. The writer commits them one after another anyway, so
/// more would only hold more answers (up to a few MiB each) in memory.
static IN_FLIGHT: Semaphore = Semaphore::const_new(4);
/// How long a batch waits for its turn before it is refused as busy (nothing debited): well
/// under the HTTP API's 30 s limit and the CLI's default wait, so the caller hears this answer
/// rather than a time-out that cannot say whether anything was debited.
const WAIT_FOR_TURN: Duration = Duration::from_secs(10);

/// One event as sent. Unknown fields are refused, so a misspelt `idempotency_key` never debits
/// twice on a retry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventFields {
    #[serde(default)]
    amount: Option<Value>,
    #[serde(default)]
    memo: Option<String>,
    #[serde(default)]
    idempotency_key: Option<String>,
    #[serde(default)]
    seat: Option<String>,
}

/// An event's amount: a decimal string with up to 3 places (`"12.5"`), or a whole JSON number
/// (`12`). A JSON number with a fraction or an exponent is refused: it reached us through a
/// float and may not be what was meant.
fn amount(v: Option<&Value>) -> Result<Credits, String> {
    let max = crate::http::body::MAX_AMOUNT;
    let too_large = |shown: &str| format!("amount {shown} is too large (amounts are below 1000000000000000)");
    match v {
        None | Some(Value::Null) => Err("amount is required".into()),
        Some(Value::String(s)) => match Credits::parse_positive(s) {
            Ok(c) if c > max => Err(too_large(&format!("{s:?}"))),
            Ok(c) => Ok(c),
            Err(e) => Err(e.to_string()),
        },
        Some(Value::Number(n)) => match (n.as_i64(), n.as_u64()) {
            (Some(w), _) if w < 0 => Err(format!("amount {n} is negative; amounts must be positive")),
            (Some(0), _) => Err("amount must be greater than zero".into()),
            (Some(w), _) => Credits::from_whole(w).filter(|c| *c <= max).ok_or_else(|| too_large(&n.to_string())),
            (None, Some(_)) => Err(too_large(&n.to_string())),
            (None, None) => Err(format!(
                "amount {n} must be a string with up to 3 decimals, e.g. \"12.5\" (JSON fractions are not exact)"
            )),
        },
        Some(_) => Err("amount must be a string such as \"12.5\"".into()),
    }
}

/// The debit one event asks for, or why it cannot be read.
fn request(base: &Caller, actor: &credits_core::Actor, event: Value) -> Result<DebitRequest, StoreError> {
    if !event.is_object() {
        return Err(StoreError::InvalidInput("an event must be a JSON object such as {\"amount\": \"1.5\"}".into()));
    }
    let e: EventFields =
        serde_json::from_value(event).map_err(|e| StoreError::InvalidInput(format!("invalid event: {e}")))?;
    let amount = amount(e.amount.as_ref()).map_err(StoreError::InvalidInput)?;
    if let Some(k) = &e.idempotency_key {
        idempotency::validate_key(k)?;
    }
    Ok(DebitRequest {
        workspace: base.scope.workspace.clone(),
        seat: e.seat.or_else(|| base.scope.seat.clone()),
        user: base.scope.user.clone(),
        amount,
        memo: e.memo,
        idempotency_key: e.idempotency_key,
        key_owner: base.key_owner(),
        actor: actor.clone(),
    })
}

/// A seat token acts for its own seat only: an event naming another refuses the whole batch
/// (403), before anything is debited.
fn check_seats(base: &Caller, events: &[Value]) -> Result<(), AppError> {
    if base.door != Door::SeatToken {
        return Ok(());
    }
    let own = base.scope.seat.as_deref();
    let other = events.iter().filter_map(|e| e.get("seat")).find(|s| s.as_str() != own && !s.is_null());
    match other {
        Some(s) => Err(AppError::new(
            ErrorType::Forbidden,
            format!("a seat token acts only for its own seat, not {s}; use a workspace API key to reach others"),
        )),
        None => Ok(()),
    }
}

/// Debits `events` for `base`'s workspace (each event's `seat`, else `base`'s). `Err` only when
/// the batch as a whole is refused or its transaction failed: then nothing was debited.
/// Afterwards the workspace's auto top-up rule may buy.
pub async fn debit(app: &Arc<App>, base: &Caller, events: Vec<Value>) -> Result<Vec<EventResult>, AppError> {
    if events.len() > MAX_BATCH {
        return Err(AppError::invalid(format!(
            "a batch holds at most {MAX_BATCH} events, not {}; send it in parts",
            events.len()
        )));
    }
    check_seats(base, &events)?;
    let actor = base.actor(&app.user)?;
    let mut answers: Vec<Option<EventResult>> = Vec::with_capacity(events.len());
    let (mut reqs, mut slots) = (Vec::new(), Vec::new());
    for event in events {
        match request(base, &actor, event) {
            Ok(req) => {
                slots.push(answers.len());
                reqs.push(req);
                answers.push(None);
            }
            Err(e) => answers.push(Some(refused(e))),
        }
    }
    if !reqs.is_empty() {
        let turn = tokio::time::timeout(WAIT_FOR_TURN, IN_FLIGHT.acquire())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| {
                AppError::new(ErrorType::Unavailable, "the daemon is busy with other batches; nothing was debited")
                    .with_hint("retry the batch in a few seconds (with idempotency keys a retry never debits twice)")
            })?;
        let n = reqs.len();
        // In a task of its own: an HTTP request cut at its time limit drops this function, and
        // the batch must still reach its end (committed or not) while holding its turn.
        let ledger = app.clone();
        let decided = tokio::spawn(async move {
            let _turn = turn;
            ledger.ledger.debit_each(reqs, ledger.now()).await
        })
        .await
        .map_err(|e| AppError::internal(format!("the batch stopped: {e}")))?;
        crate::purchases::watch::after_debit(app, base.scope.workspace.clone());
        let decided = decided?;
        if decided.len() != n {
            return Err(AppError::internal("the ledger answered a batch with the wrong number of results"));
        }
        // A refusal's notification (`balance.depleted`, `limit.reached`) once per seat and kind
        // of refusal in a batch, not once per refused event.
        let mut notified = std::collections::HashSet::new();
        for (slot, result) in slots.into_iter().zip(decided) {
            answers[slot] = Some(match result {
                Ok(Debited { receipt, replayed: false }) => EventResult::Ok(receipt),
                Ok(Debited { receipt, replayed: true }) => EventResult::Replayed(receipt),
                Err(e) => {
                    if let StoreError::PaymentRequired { balance, limit, .. } = &e
                        && notified.insert((balance.seat.clone(), limit.is_some()))
                    {
                        crate::notify::refused(app, &e);
                    }
                    refused(e)
                }
            });
        }
    }
    answers.into_iter().map(|a| a.ok_or_else(|| AppError::internal("an event of the batch got no answer"))).collect()
}

/// An event that was not debited, with the error each door would answer for it alone.
fn refused(e: StoreError) -> EventResult {
    let e = AppError::from(e);
    let error = EventError { kind: e.kind, message: e.message, balance: e.balance, limit: e.limit, remedy: e.remedy };
    match error.kind {
        ErrorType::PaymentRequired => EventResult::PaymentRequired { error },
        ErrorType::InvalidInput | ErrorType::NotFound | ErrorType::IdempotencyError | ErrorType::Conflict => {
            EventResult::InvalidInput { error }
        }
        _ => EventResult::Error { error },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Credits, String> {
        amount(Some(&serde_json::from_str(json).expect("json")))
    }

    #[test]
    fn amounts_are_exact_or_refused() {
        assert_eq!(parse("\"12.5\""), Ok(Credits::from_millis(12_500)));
        assert_eq!(parse("12"), Ok(Credits::from_millis(12_000)));
        assert!(parse("12.5").unwrap_err().contains("JSON fractions are not exact"));
        assert!(parse("1.0000000000000001").is_err(), "a float that rounds to a whole number is still a float");
        assert!(parse("0").unwrap_err().contains("greater than zero"));
        assert!(parse("-3").unwrap_err().contains("negative"));
        assert!(parse("18446744073709551615").unwrap_err().contains("too large"));
        assert!(parse("\"1000000000000000\"").unwrap_err().contains("too large"));
        assert!(parse("true").unwrap_err().contains("string such as"));
        assert_eq!(amount(None), Err("amount is required".into()));
    }
}
