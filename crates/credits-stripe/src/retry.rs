//! When and how often a failed Stripe request is sent again.
//!
//! Only failures that say nothing about the request itself are retried (5xx, 429, network,
//! timeout); the caller rebuilds the same request, with the same `Idempotency-Key`, so Stripe
//! answers a retried POST with the first result instead of acting twice.

use std::future::Future;
use std::time::Duration;

use crate::StripeError;

/// How many times to try a request and how long to wait in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts, the first included; 0 counts as 1.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each further retry.
    pub initial_backoff: Duration,
    /// Upper bound on any single wait.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, waiting 200 ms, 400 ms, 800 ms.
    fn default() -> Self {
        Self { max_attempts: 4, initial_backoff: Duration::from_millis(200), max_backoff: Duration::from_secs(5) }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The wait before retry number `retry` (1 for the first retry).
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

/// Runs `attempt` until it succeeds, fails for good, or the attempts run out; returns the last
/// result. `what` names the request in debug logs (never pass anything secret).
pub(crate) async fn run<T, F, Fut>(policy: &RetryPolicy, what: &str, mut attempt: F) -> Result<T, StripeError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, StripeError>>,
{
    let max_attempts = policy.max_attempts.max(1);
    let mut number = 1;
    loop {
        match attempt().await {
            Err(err) if err.is_retryable() && number < max_attempts => {
                let delay = policy.backoff(number);
                tracing::debug!(
                    request = what,
                    attempt = number,
                    error = err.kind(),
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    "retrying Stripe request"
                );
                tokio::time::sleep(delay).await;
                number += 1;
            }
            result => return result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn fast(max_attempts: u32) -> RetryPolicy {
        RetryPolicy { max_attempts, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_millis(2) }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1), Duration::from_millis(200));
        assert_eq!(policy.backoff(2), Duration::from_millis(400));
        assert_eq!(policy.backoff(3), Duration::from_millis(800));
        assert_eq!(policy.backoff(10), Duration::from_secs(5));
        assert_eq!(policy.backoff(u32::MAX), Duration::from_secs(5));
    }

    #[tokio::test]
    async fn retries_transient_failures_then_succeeds() {
        let calls = Cell::new(0);
        let result = run(&fast(4), "test", || {
            calls.set(calls.get() + 1);
            let n = calls.get();
            async move {
                match n {
                    1 => Err(StripeError::Server { status: 503 }),
                    2 => Err(StripeError::Timeout),
                    _ => Ok(n),
                }
            }
        })
        .await;
        assert_eq!(result, Ok(3));
    }

    #[tokio::test]
    async fn gives_up_after_max_attempts() {
        let calls = Cell::new(0);
        let result: Result<(), _> = run(&fast(3), "test", || {
            calls.set(calls.get() + 1);
            async { Err(StripeError::RateLimited) }
        })
        .await;
        assert_eq!(result, Err(StripeError::RateLimited));
        assert_eq!(calls.get(), 3);
    }

    #[tokio::test]
    async fn never_retries_a_client_error() {
        let calls = Cell::new(0);
        let result: Result<(), _> = run(&fast(4), "test", || {
            calls.set(calls.get() + 1);
            async { Err(StripeError::AuthenticationRequired { message: "3DS".into() }) }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls.get(), 1);
        let none = RetryPolicy { max_attempts: 0, ..RetryPolicy::none() };
        let result: Result<(), _> = run(&none, "test", || {
            calls.set(calls.get() + 1);
            async { Err(StripeError::Timeout) }
        })
        .await;
        assert_eq!(result, Err(StripeError::Timeout));
        assert_eq!(calls.get(), 2);
    }
}
