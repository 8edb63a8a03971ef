//! Stripe webhook signatures: verify `Stripe-Signature` before anything in the payload is trusted.
//!
//! Stripe signs `"{t}.{payload}"` with HMAC-SHA256 and sends `t=…,v1=…` (several `v1` while a
//! secret is being rolled, and a `v0` from test tooling, which we ignore).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::Event;

type HmacSha256 = Hmac<Sha256>;

/// Stripe's recommended tolerance between the signature time and now: 5 minutes.
pub const DEFAULT_TOLERANCE_SECS: i64 = 300;

/// Why a webhook was rejected. Messages never include the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// No signing secret is configured, so nothing can be verified.
    #[error("no webhook signing secret is configured")]
    MissingSecret,
    /// The request had no (or an empty) `Stripe-Signature` header.
    #[error("the Stripe-Signature header is missing")]
    MissingHeader,
    /// The header is not `t=…,v1=…`.
    #[error("the Stripe-Signature header is malformed: {0}")]
    MalformedHeader(&'static str),
    /// The header has a timestamp but no `v1` signature.
    #[error("the Stripe-Signature header has no v1 signature")]
    NoV1Signature,
    /// No `v1` signature matches the payload under our secret.
    #[error("the webhook signature does not match the payload")]
    SignatureMismatch,
    /// The signature is too old (a replay) or too far in the future.
    #[error("the webhook signature time {timestamp} is {} s from now ({now}), beyond the {tolerance_secs} s tolerance", distance(.now, .timestamp))]
    TimestampOutsideTolerance { timestamp: i64, now: i64, tolerance_secs: i64 },
    /// The verified payload is not a Stripe event.
    #[error("the webhook payload is not a Stripe event: {0}")]
    InvalidPayload(String),
}

fn distance(a: &i64, b: &i64) -> u64 {
    a.abs_diff(*b)
}

impl WebhookError {
    /// A short stable name for the variant, for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::MissingSecret => "missing_secret",
            Self::MissingHeader => "missing_header",
            Self::MalformedHeader(_) => "malformed_header",
            Self::NoV1Signature => "no_v1_signature",
            Self::SignatureMismatch => "signature_mismatch",
            Self::TimestampOutsideTolerance { .. } => "timestamp_outside_tolerance",
            Self::InvalidPayload(_) => "invalid_payload",
        }
    }
}

/// Succeeds only if one of the header's `v1` signatures is the HMAC-SHA256 of
/// `"{t}.{payload}"` under `secret` (compared in constant time) and `t` is within
/// `tolerance_secs` of `now_unix`, in either direction. Pass `""` for an absent header.
pub fn verify(
    payload: &[u8],
    signature_header: &str,
    secret: &str,
    now_unix: i64,
    tolerance_secs: i64,
) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::MissingSecret);
    }
    let header = signature_header.trim();
    if header.is_empty() {
        return Err(WebhookError::MissingHeader);
    }
    let (timestamp, candidates) = parse_header(header)?;
    if candidates.is_empty() {
        return Err(WebhookError::NoV1Signature);
    }
    let expected = mac(payload, secret, timestamp);
    // Every candidate is checked (no early exit on a malformed one) so timing reveals nothing
    // beyond whether one matched; verify_slice compares in constant time.
    let matched = candidates.iter().fold(false, |found, candidate| {
        let ok = hex::decode(candidate).is_ok_and(|sig| expected.clone().verify_slice(&sig).is_ok());
        found | ok
    });
    if !matched {
        return Err(WebhookError::SignatureMismatch);
    }
    // Checked after the signature, as Stripe's libraries do, so this error means a genuine event
    // that is too old or too new, never a forgery.
    if now_unix.abs_diff(timestamp) > tolerance_secs.max(0).unsigned_abs() {
        return Err(WebhookError::TimestampOutsideTolerance { timestamp, now: now_unix, tolerance_secs });
    }
    Ok(())
}

/// A `Stripe-Signature` header value for `payload` signed at `timestamp`, as Stripe would send it.
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let signature = mac(payload, secret, timestamp).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(signature))
}

/// Decodes a payload into an [`Event`]. Call only after [`verify`] succeeded.
pub fn parse_event(payload: &[u8]) -> Result<Event, WebhookError> {
    serde_json::from_slice(payload).map_err(|e| WebhookError::InvalidPayload(e.to_string()))
}

fn mac(payload: &[u8], secret: &str, timestamp: i64) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

fn parse_header(header: &str) -> Result<(i64, Vec<&str>), WebhookError> {
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for element in header.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (key, value) =
            element.split_once('=').ok_or(WebhookError::MalformedHeader("an element is not key=value"))?;
        match key.trim() {
            "t" => {
                if timestamp.is_some() {
                    return Err(WebhookError::MalformedHeader("more than one timestamp"));
                }
                let t = value.trim().parse::<i64>();
                timestamp = Some(t.map_err(|_| WebhookError::MalformedHeader("the timestamp is not an integer"))?);
            }
            "v1" => v1.push(value.trim()),
            // v0 and any future scheme: ignored, as Stripe's own libraries do.
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookError::MalformedHeader("no timestamp (t=…)"))?;
    Ok((timestamp, v1))
}

#[cfg(test)]
#[path = "webhook_tests.rs"]
mod tests;
