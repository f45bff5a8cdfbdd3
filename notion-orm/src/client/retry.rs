//! Retry policy (how often, how long) and retry classification (what may be repeated).
//!
//! The loop that applies both lives in the transport; this module only answers questions, so the
//! rules can be read and tested on their own.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use reqwest::StatusCode;

use crate::ErrorCode;

/// How many times and for how long a failed request is retried.
///
/// Delays grow exponentially from `initial_delay` up to `max_delay`, with random jitter so many
/// clients do not retry in lockstep; a `Retry-After` from Notion raises the delay to at least
/// that value. Both the number of attempts and the total time spent waiting are bounded: when
/// the next wait would pass `max_total_wait`, the last error is returned instead.
///
/// The default is 4 attempts (3 retries), 1 s initial delay, 30 s maximum delay and 120 s total.
///
/// ```
/// use std::time::Duration;
/// use notion_orm::client::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(6)
///     .max_total_wait(Duration::from_secs(300));
/// let never = RetryPolicy::none();
/// # let _ = (patient, never);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_total_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            max_total_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Never retry: every request is attempted once.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// Total attempts, including the first (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff delay.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The largest backoff delay (a longer `Retry-After` still wins, within `max_total_wait`).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most time spent sleeping between attempts of one request.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// Total attempts, including the first.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The bound on time spent sleeping between attempts of one request.
    pub fn total_wait(&self) -> Duration {
        self.max_total_wait
    }

    /// The jittered exponential delays between attempts, one per retry.
    pub(crate) fn backoff(&self) -> ExponentialBackoff {
        ExponentialBuilder::default()
            .with_jitter()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_attempts.saturating_sub(1) as usize)
            .build()
    }
}

/// Whether an error response may be retried.
///
/// 429 and 529 mean Notion did not process the request, so every method is retried. 5xx and
/// `conflict_error` may come after Notion applied the change, so only idempotent requests are.
pub(crate) fn status_is_retryable(
    status: StatusCode,
    code: Option<&ErrorCode>,
    idempotent: bool,
) -> bool {
    match status.as_u16() {
        429 | 529 => true,
        500 | 502 | 503 | 504 => idempotent,
        409 => idempotent && code.is_none_or(|c| *c == ErrorCode::ConflictError),
        _ => false,
    }
}

/// Whether a transport failure may be retried: a connection that was never established sent
/// nothing, so any request may be repeated; after that (timeouts, resets) the request may have
/// reached Notion, so only idempotent requests are.
pub(crate) fn transport_is_retryable(maybe_sent: bool, idempotent: bool) -> bool {
    !maybe_sent || idempotent
}

/// Whether a failed send may have reached the server.
pub(crate) fn maybe_sent(error: &reqwest::Error) -> bool {
    !(error.is_connect() || error.is_builder())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_and_overload_are_retried_for_every_method() {
        for status in [429, 529] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(status_is_retryable(status, None, false));
        }
    }

    #[test]
    fn server_errors_are_retried_only_for_idempotent_requests() {
        for status in [500, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(status_is_retryable(status, None, true));
            assert!(!status_is_retryable(status, None, false));
        }
    }

    #[test]
    fn only_conflict_errors_among_409s_are_retried() {
        let conflict = Some(&ErrorCode::ConflictError);
        let row_limit = Some(&ErrorCode::RowLimitExceeded);
        assert!(status_is_retryable(StatusCode::CONFLICT, conflict, true));
        assert!(!status_is_retryable(StatusCode::CONFLICT, conflict, false));
        assert!(!status_is_retryable(StatusCode::CONFLICT, row_limit, true));
    }

    #[test]
    fn client_errors_are_never_retried() {
        for status in [400, 401, 403, 404] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(!status_is_retryable(status, None, true));
        }
    }

    #[test]
    fn backoff_yields_one_delay_per_retry_and_grows() {
        let policy = RetryPolicy::default()
            .max_attempts(4)
            .initial_delay(Duration::from_millis(100));
        let delays: Vec<_> = policy.backoff().collect();
        assert_eq!(delays.len(), 3);
        // jitter adds at most the base delay, so the n-th delay lies in [base, 2 * base)
        for (delay, base) in delays.iter().zip([100, 200, 400]) {
            let base = Duration::from_millis(base);
            assert!(
                *delay >= base && *delay <= base * 2,
                "{delay:?} vs {base:?}"
            );
        }
    }

    #[test]
    fn none_means_a_single_attempt() {
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::none().backoff().count(), 0);
    }
}
