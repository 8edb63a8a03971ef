//! Request input: JSON bodies (size-limited, strict, unknown fields refused), exact credit
//! amounts, and the `Idempotency-Key` header. Every failure is a 400 `invalid_input` (or 413),
//! never a panic and never axum's plain-text rejection.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use credits_core::Credits;
use credits_store::idempotency;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::errors::ApiError;
use crate::app::App;

/// Largest request body accepted.
pub const MAX_BODY: usize = 64 * 1024;

/// A JSON body decoded into `T`. An empty body is read as `{}`, so routes whose fields are all
/// optional accept no body at all.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<Arc<App>> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &Arc<App>) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(unreadable)?;
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &bytes };
        serde_json::from_slice(bytes).map(JsonBody).map_err(|e| ApiError::invalid(format!("invalid JSON body: {e}")))
    }
}

/// Why a body could not be read (too large, broken chunked encoding, connection lost), as JSON.
pub fn unreadable(e: BytesRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::too_large(MAX_BODY)
    } else {
        ApiError::invalid(format!("cannot read the request body: {}", e.body_text()))
    }
}

/// Reads a credit amount: a decimal string with up to 3 places (`"12.5"`), or a whole JSON
/// integer. Fractional JSON numbers are refused: they are not exact.
pub fn amount(v: &Value, allow_zero: bool) -> Result<Credits, ApiError> {
    let parsed = match v {
        Value::String(s) if allow_zero => Credits::parse(s).map_err(|e| e.to_string()),
        Value::String(s) => Credits::parse_positive(s).map_err(|e| e.to_string()),
        Value::Number(n) => match n.as_u64() {
            Some(0) if !allow_zero => Err("amount must be greater than zero".to_owned()),
            Some(whole) => i64::try_from(whole)
                .ok()
                .and_then(Credits::from_whole)
                .ok_or_else(|| format!("amount {whole} is too large")),
            None if n.as_i64().is_some() => Err(format!("amount {n} is negative; amounts must be positive")),
            None => Err(format!(
                "amount {n} must be a string with up to 3 decimals, e.g. \"12.5\" (JSON fractions are not exact)"
            )),
        },
        Value::Null => Err("amount is required".to_owned()),
        _ => Err("amount must be a string such as \"12.5\"".to_owned()),
    };
    parsed.map_err(ApiError::invalid)
}

/// The optional `Idempotency-Key` header, checked (1 to 255 printable ASCII characters).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get("idempotency-key") else { return Ok(IdempotencyKey(None)) };
        let key = v.to_str().map_err(|_| ApiError::invalid("the Idempotency-Key header must be printable ASCII"))?;
        idempotency::validate_key(key).map_err(|e| ApiError::invalid(e.to_string()))?;
        Ok(IdempotencyKey(Some(key.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_are_exact() {
        assert_eq!(amount(&json!("12.5"), false).unwrap().millis(), 12_500);
        assert_eq!(amount(&json!(7), false).unwrap().millis(), 7_000);
        assert_eq!(amount(&json!("0"), true).unwrap().millis(), 0);
        for bad in [json!("-5"), json!(-5), json!("1.0001"), json!(1.5), json!(0), json!("0"), json!(null), json!([1])]
        {
            assert_eq!(amount(&bad, false).unwrap_err().kind, "invalid_input", "{bad}");
        }
        assert!(amount(&json!(u64::MAX), false).is_err());
    }
}
