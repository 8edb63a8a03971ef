//! Metered usage, the same for both doors: the socket's `spend`/`check`/`balance` and HTTP's
//! `POST /v1/usage` are thin adapters over these functions, so a rule is written once.

use std::sync::Arc;

use credits_core::Credits;
use credits_core::records::Balance;
use credits_ledger::idempotency;
use credits_ledger::ledger::DebitRequest;
use credits_ledger::service::{CheckAnswer, Debited};

use crate::app::App;
use crate::caller::Caller;
use crate::error::AppError;

/// Refuses an amount that is not above zero.
pub fn positive(amount: Credits) -> Result<Credits, AppError> {
    if amount.millis() <= 0 {
        return Err(AppError::invalid("amount must be greater than zero"));
    }
    Ok(amount)
}

/// Debits `amount` for the caller's seat: included first, then top-up, all or nothing
/// (`payment_required` when it does not fit). A repeated idempotency key answers the first
/// receipt, marked replayed. Afterwards (also after a refusal) the workspace's auto top-up rule
/// may buy.
pub async fn debit(
    app: &Arc<App>,
    caller: Caller,
    amount: Credits,
    memo: Option<String>,
    idempotency_key: Option<String>,
) -> Result<Debited, AppError> {
    let amount = positive(amount)?;
    if let Some(k) = &idempotency_key {
        idempotency::validate_key(k)?;
    }
    let actor = caller.actor(&app.user)?;
    let key_owner = caller.key_owner();
    let scope = caller.scope;
    let workspace = scope.workspace.clone();
    let req = DebitRequest {
        workspace: scope.workspace,
        seat: scope.seat,
        user: scope.user,
        amount,
        memo,
        idempotency_key,
        key_owner,
        actor,
    };
    let result = app.ledger.debit(req, app.now()).await;
    crate::purchases::watch::after_debit(app, workspace);
    if let Err(e) = &result {
        crate::notify::refused(app, e);
    }
    Ok(result?)
}

/// Would a debit of `amount` fit the caller's seat?
pub async fn check(app: &App, caller: &Caller, amount: Credits) -> Result<CheckAnswer, AppError> {
    let amount = positive(amount)?;
    Ok(app.ledger.check(&caller.scope, amount).await?)
}

/// The caller's seat's balance (a point read).
pub async fn balance(app: &App, caller: &Caller) -> Result<Balance, AppError> {
    Ok(app.ledger.balance(&caller.scope).await?)
}
