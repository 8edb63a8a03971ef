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
use credits_ledger::idempotency;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

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
        // Every body is an object: serde would also read a struct from an array (`[]` as a
        // struct of defaults), which no client means.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(ApiError::invalid("the request body must be a JSON object"));
        }
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

/// The largest amount accepted over HTTP, just below 10^15 credits (at most 15 digits before the
/// point): far above any real balance and far below overflow, and simple for a schema to state.
pub const MAX_AMOUNT: Credits = Credits::from_millis(1_000_000_000_000_000_000 - 1);

/// Why a JSON number is not a whole number from 0 to a maximum.
#[derive(Debug, PartialEq, Eq)]
pub enum NotWhole {
    Negative,
    Fraction,
    TooLarge,
}

/// Reads the text of a JSON number exactly: `5`, `5.0`, `5.000` and `5e0` are all 5, while
/// `5.5` and `5.0000000000000000001` have a fraction. Never rounds through a float.
pub fn exact_whole(text: &str, max: u64) -> Result<u64, NotWhole> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (
            m,
            e.trim_start_matches('+').parse::<i64>().unwrap_or(if e.starts_with('-') { i64::MIN } else { i64::MAX }),
        ),
        None => (unsigned, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = int.chars().chain(frac.chars()).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NotWhole::Fraction);
    }
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0); // zero, however written (`-0`, `0.0e5`)
    }
    if negative {
        return Err(NotWhole::Negative);
    }
    // value = digits × 10^shift
    let shift = exponent.saturating_sub(frac.len() as i64);
    let (kept, dropped) = if shift >= 0 {
        (digits, "")
    } else {
        let cut = digits.len().saturating_sub(usize::try_from(shift.unsigned_abs()).unwrap_or(usize::MAX));
        digits.split_at(cut)
    };
    if !dropped.bytes().all(|b| b == b'0') {
        return Err(NotWhole::Fraction);
    }
    let mut value: u64 = 0;
    for b in kept.bytes() {
        value = value.checked_mul(10).and_then(|v| v.checked_add(u64::from(b - b'0'))).ok_or(NotWhole::TooLarge)?;
    }
    for _ in 0..shift.max(0) {
        value = value.checked_mul(10).ok_or(NotWhole::TooLarge)?;
    }
    if value > max {
        return Err(NotWhole::TooLarge);
    }
    Ok(value)
}

/// Reads a credit amount from its raw JSON: a decimal string with up to 3 places (`"12.5"`), or
/// a whole JSON number (`12`, also written `12.0`), below [`MAX_AMOUNT`]. Fractional JSON numbers
/// are refused: they are not exact.
pub fn amount(raw: Option<&RawValue>, allow_zero: bool) -> Result<Credits, ApiError> {
    let text = raw.map_or("null", |r| r.get().trim());
    let too_large = |shown: &str| format!("amount {shown} is too large (amounts are below 1000000000000000)");
    let parsed = match text.as_bytes().first() {
        Some(b'"') => match serde_json::from_str::<String>(text) {
            Ok(s) => {
                let c = if allow_zero { Credits::parse(&s) } else { Credits::parse_positive(&s) };
                match c {
                    Ok(c) if c > MAX_AMOUNT => Err(too_large(&format!("{s:?}"))),
                    Ok(c) => Ok(c),
                    Err(e) => Err(e.to_string()),
                }
            }
            Err(e) => Err(format!("amount is not a valid JSON string: {e}")),
        },
        Some(b'-' | b'0'..=b'9') => {
            let max = u64::try_from(MAX_AMOUNT.millis() / Credits::SCALE).unwrap_or(0);
            match exact_whole(text, max) {
                Ok(0) if !allow_zero => Err("amount must be greater than zero".to_owned()),
                Ok(whole) => Credits::from_whole(whole as i64).ok_or_else(|| too_large(text)),
                Err(NotWhole::Negative) => Err(format!("amount {text} is negative; amounts must be positive")),
                Err(NotWhole::TooLarge) => Err(too_large(text)),
                Err(NotWhole::Fraction) => Err(format!(
                    "amount {text} must be a string with up to 3 decimals, e.g. \"12.5\" (JSON fractions are not exact)"
                )),
            }
        }
        _ if text == "null" => Err("amount is required".to_owned()),
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

    fn raw(v: &str) -> Box<RawValue> {
        RawValue::from_string(v.to_owned()).unwrap()
    }

    fn amount_of(v: &str, allow_zero: bool) -> Result<i64, ApiError> {
        amount(Some(&raw(v)), allow_zero).map(Credits::millis)
    }

    #[test]
    fn amounts_are_exact() {
        assert_eq!(amount_of("\"12.5\"", false).unwrap(), 12_500);
        assert_eq!(amount_of("7", false).unwrap(), 7_000);
        assert_eq!(amount_of("7.0", false).unwrap(), 7_000);
        assert_eq!(amount_of("7.000e0", false).unwrap(), 7_000);
        assert_eq!(amount_of("70e-1", false).unwrap(), 7_000);
        assert_eq!(amount_of("\"0\"", true).unwrap(), 0);
        assert_eq!(amount_of("-0.0", true).unwrap(), 0);
        assert_eq!(amount_of("\"999999999999999.999\"", false).unwrap(), 999_999_999_999_999_999);
        assert_eq!(amount_of("999999999999999", false).unwrap(), 999_999_999_999_999_000);
        for bad in [
            "\"-5\"",
            "-5",
            "\"1.0001\"",
            "1.5",
            "7.0000000000000000001",
            "0",
            "0.0",
            "\"0\"",
            "null",
            "[1]",
            "true",
            "\"1000000000000000\"",
            "1000000000000000",
            "1e15",
            "1e999999999999999999",
            "18446744073709551616",
        ] {
            assert_eq!(amount_of(bad, false).unwrap_err().kind, "invalid_input", "{bad}");
        }
        assert!(amount(None, false).is_err());
    }
}
