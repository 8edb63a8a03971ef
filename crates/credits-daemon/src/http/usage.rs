//! Metered usage: `GET /v1/balance` and `POST /v1/usage`, the same ledger debit as the CLI's
//! `spend` (included first, then top-up, all or nothing; 402 when both are empty).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use credits_core::records::Balance;
use credits_ledger::service::Debited;
use credits_proto::ErrorType;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::auth::SeatAuth;
use super::body::{self, IdempotencyKey, JsonBody};
use super::errors::ApiError;
use crate::app::App;
use crate::caller::Caller;
use crate::usage;

/// The seat's balance, the same object as `balance --json`.
pub async fn balance(auth: SeatAuth) -> Json<Balance> {
    Json(auth.balance)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageBody {
    #[serde(default)]
    amount: Option<Box<RawValue>>,
    #[serde(default)]
    memo: Option<String>,
}

/// Adds `Idempotent-Replayed: true` to an answer replayed from its key (as Stripe does).
pub fn replayed(mut resp: Response, replayed: bool) -> Response {
    if replayed {
        resp.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

/// Debits usage for the token's seat.
pub async fn usage(
    State(app): State<Arc<App>>,
    auth: SeatAuth,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(body): JsonBody<UsageBody>,
) -> Result<Response, ApiError> {
    let amount = body::amount(body.amount.as_deref(), false)?;
    let (workspace, seat) = (auth.workspace.clone(), auth.seat.clone());
    let caller = Caller::seat_token(auth.workspace, auth.seat);
    match usage::debit(&app, caller, amount, body.memo, key).await {
        Ok(Debited { receipt, replayed: replay }) => {
            if replay {
                app.metrics.replay();
            } else {
                app.metrics.debit(amount.millis());
            }
            Ok(replayed((StatusCode::OK, Json(receipt)).into_response(), replay))
        }
        Err(e) => {
            if e.kind == ErrorType::PaymentRequired {
                app.metrics.payment_required();
            }
            Err(ApiError::from_app(&app, e).for_seat(&app, &workspace, &seat))
        }
    }
}
