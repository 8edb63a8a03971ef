//! Typed Stripe failures: what went wrong, whether retrying can help, and a short kind for logs.
//!
//! Error bodies are parsed leniently because the local emulator omits fields real Stripe sends
//! (`decline_code`, `param`) and even labels declines `invalid_request_error`; the decision rests
//! on the HTTP status and `error.code`, with `error.type` only as a tie-breaker.

use serde_json::Value;

/// Everything a Stripe call can fail with. No variant ever carries the secret key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StripeError {
    /// The card was declined (HTTP 402, or an `error.type` of `card_error`).
    #[error("the card was declined: {message} ({})", decline_detail(.code, .decline_code.as_deref()))]
    CardDeclined { code: String, decline_code: Option<String>, message: String },
    /// The card needs the customer to authenticate (3-D Secure), which an off-session charge
    /// cannot do.
    #[error("the card requires authentication by its holder: {message}")]
    AuthenticationRequired { message: String },
    /// Stripe refused the request as invalid (any other 4xx).
    #[error("Stripe rejected the request (HTTP {status}{}): {message}", code_detail(.code.as_deref()))]
    InvalidRequest { message: String, code: Option<String>, status: u16 },
    /// HTTP 401.
    #[error("the Stripe secret key was rejected")]
    Authentication,
    /// HTTP 429.
    #[error("Stripe is rate-limiting requests (HTTP 429)")]
    RateLimited,
    /// HTTP 5xx.
    #[error("Stripe had a server error (HTTP {status})")]
    Server { status: u16 },
    /// The request could not be sent or its answer not read.
    #[error("could not reach Stripe: {0}")]
    Network(String),
    /// No answer within the configured timeout.
    #[error("the request to Stripe timed out")]
    Timeout,
    /// The answer was not the JSON we expected.
    #[error("could not decode Stripe's answer: {0}")]
    Decode(String),
    /// The caller passed something unusable (a bad API base, an empty key or id, an invalid
    /// idempotency key); nothing was sent.
    #[error("invalid input to the Stripe client: {0}")]
    InvalidInput(String),
}

fn decline_detail(code: &str, decline_code: Option<&str>) -> String {
    match decline_code {
        Some(decline) if decline != code => format!("code {code}, decline code {decline}"),
        _ => format!("code {code}"),
    }
}

fn code_detail(code: Option<&str>) -> String {
    code.map(|c| format!(", code {c}")).unwrap_or_default()
}

impl StripeError {
    /// Whether sending the same request again (with the same `Idempotency-Key`) may succeed.
    /// True for 5xx, 429, network failures and timeouts; never for a 4xx answer.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::RateLimited | Self::Server { .. } | Self::Network(_) | Self::Timeout)
    }

    /// A short stable name for the variant, for logs, metrics and JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CardDeclined { .. } => "card_declined",
            Self::AuthenticationRequired { .. } => "authentication_required",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::Authentication => "authentication",
            Self::RateLimited => "rate_limited",
            Self::Server { .. } => "server",
            Self::Network(_) => "network",
            Self::Timeout => "timeout",
            Self::Decode(_) => "decode",
            Self::InvalidInput(_) => "invalid_input",
        }
    }

    /// Classifies a non-2xx answer from its HTTP status and (possibly malformed) body.
    pub fn from_response(status: u16, body: &[u8]) -> Self {
        let parsed: Option<Value> = serde_json::from_slice(body).ok();
        let error = parsed.as_ref().and_then(|v| v.get("error"));
        let field = |name: &str| {
            error.and_then(|e| e.get(name)).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned)
        };
        let code = field("code");
        let decline_code = field("decline_code");
        let error_type = field("type");
        let message = field("message").unwrap_or_else(|| format!("HTTP {status} without a message"));

        match status {
            401 => Self::Authentication,
            429 => Self::RateLimited,
            500..=599 => Self::Server { status },
            _ if code.as_deref() == Some("authentication_required")
                || decline_code.as_deref() == Some("authentication_required") =>
            {
                Self::AuthenticationRequired { message }
            }
            _ if status == 402 || error_type.as_deref() == Some("card_error") => {
                Self::CardDeclined { code: code.unwrap_or_else(|| "card_declined".to_owned()), decline_code, message }
            }
            _ => Self::InvalidRequest { message, code, status },
        }
    }

    /// Maps a transport failure from reqwest.
    pub(crate) fn from_transport(err: &reqwest::Error) -> Self {
        if err.is_timeout() {
            return Self::Timeout;
        }
        // reqwest's top-level message is terse ("error sending request"); the cause chain says
        // why (connection refused, DNS, TLS). None of it contains request headers.
        let mut message = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Self::Network(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_stripe_decline() {
        let body = br#"{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds.","param":""}}"#;
        let err = StripeError::from_response(402, body);
        assert_eq!(
            err,
            StripeError::CardDeclined {
                code: "card_declined".into(),
                decline_code: Some("insufficient_funds".into()),
                message: "Your card has insufficient funds.".into(),
            }
        );
        assert!(!err.is_retryable());
        assert_eq!(err.kind(), "card_declined");
        assert!(err.to_string().contains("insufficient_funds"));
    }

    #[test]
    fn emulator_decline_without_decline_code() {
        // localstripe labels it invalid_request_error and omits decline_code.
        let body = br#"{"error":{"charge":"ch_1","code":"card_declined","message":"Your card was declined.","type":"invalid_request_error"}}"#;
        match StripeError::from_response(402, body) {
            StripeError::CardDeclined { code, decline_code, .. } => {
                assert_eq!(code, "card_declined");
                assert_eq!(decline_code, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn off_session_authentication_required() {
        let body = br#"{"error":{"type":"card_error","code":"authentication_required","decline_code":"authentication_required","message":"Your card was declined. This transaction requires authentication.","payment_intent":{"id":"pi_1","status":"requires_payment_method"}}}"#;
        let err = StripeError::from_response(402, body);
        assert!(matches!(err, StripeError::AuthenticationRequired { .. }), "{err:?}");
        assert_eq!(err.kind(), "authentication_required");
        assert!(!err.is_retryable());
    }

    #[test]
    fn server_error_and_rate_limit_are_retryable() {
        let err = StripeError::from_response(500, br#"{"error":{"type":"api_error","message":"boom"}}"#);
        assert_eq!(err, StripeError::Server { status: 500 });
        assert!(err.is_retryable());
        let err = StripeError::from_response(503, b"<html>bad gateway</html>");
        assert_eq!(err, StripeError::Server { status: 503 });
        let err = StripeError::from_response(429, br#"{"error":{"type":"rate_limit_error","code":"rate_limit"}}"#);
        assert_eq!(err, StripeError::RateLimited);
        assert!(err.is_retryable());
        assert!(StripeError::Timeout.is_retryable());
        assert!(StripeError::Network("refused".into()).is_retryable());
    }

    #[test]
    fn client_errors_are_not_retryable() {
        let err =
            StripeError::from_response(401, br#"{"error":{"message":"Invalid API Key provided: sk_test_****1234"}}"#);
        assert_eq!(err, StripeError::Authentication);
        assert_eq!(err.to_string(), "the Stripe secret key was rejected");
        assert!(!err.is_retryable());

        let err = StripeError::from_response(404, br#"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such customer: 'cus_x'"}}"#);
        assert_eq!(
            err,
            StripeError::InvalidRequest {
                message: "No such customer: 'cus_x'".into(),
                code: Some("resource_missing".into()),
                status: 404,
            }
        );
        assert!(!err.is_retryable());
        let err = StripeError::from_response(400, b"not json");
        assert!(matches!(err, StripeError::InvalidRequest { status: 400, code: None, .. }));
        assert!(!StripeError::Decode("x".into()).is_retryable());
    }
}
