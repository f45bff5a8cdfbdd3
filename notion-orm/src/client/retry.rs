//! Retry policy (how often, how long) and retry classification (what may be repeated).
//!
//! The loop that applies both lives in the transport; this module only answers questions, so the
//! rules can be read and tested on their own.

use std::time::Duration;

use crate::{Error, ErrorCode};
use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};

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

/// What a failed request did to Notion's data, as far as the client can tell.
///
/// One classifier serves both the retry loop (what may be repeated) and
/// [`Error::maybe_applied`] (what a caller must check before repeating a write), so the two can
/// never disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// The request never left the client: it could not be built, was refused locally, or the
    /// connection was never established.
    NotSent,
    /// Notion answered and changed nothing: a 4xx, a rate limit (429) or an overload (529).
    Rejected,
    /// Notion may have applied it: a 5xx or conflict, a connection lost after sending, an
    /// asynchronous task that was still running.
    MaybeApplied,
    /// Notion answered 2xx, so it applied the request, but the answer could not be used (it did
    /// not decode, was too large, or the page could not be read into the model).
    Applied,
}

/// The verdict on one failed attempt: what it did, and whether trying again could help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) delivery: Delivery,
    /// The failure is temporary (rate limit, overload, server error, lost connection).
    pub(crate) transient: bool,
}

impl Verdict {
    const fn new(delivery: Delivery, transient: bool) -> Self {
        Verdict {
            delivery,
            transient,
        }
    }

    /// Whether the request may be sent again: the failure is temporary, and repeating it cannot
    /// apply a change twice (nothing was applied, or the request is idempotent).
    pub(crate) fn retryable(self, idempotent: bool) -> bool {
        self.transient
            && match self.delivery {
                Delivery::NotSent | Delivery::Rejected => true,
                Delivery::MaybeApplied => idempotent,
                Delivery::Applied => false,
            }
    }

    /// Whether the request may have taken effect in Notion.
    pub(crate) fn maybe_applied(self) -> bool {
        matches!(self.delivery, Delivery::MaybeApplied | Delivery::Applied)
    }
}

/// Classifies an error response by its status and Notion error code.
///
/// 429 and 529 mean Notion did not process the request. 5xx and `conflict_error` may come after
/// Notion applied the change. `row_limit_exceeded` (409) is a refusal.
pub(crate) fn status_verdict(status: u16, code: Option<&ErrorCode>) -> Verdict {
    match status {
        200..=299 => Verdict::new(Delivery::Applied, false),
        429 | 529 => Verdict::new(Delivery::Rejected, true),
        500 | 502 | 503 | 504 => Verdict::new(Delivery::MaybeApplied, true),
        409 => match code {
            None | Some(ErrorCode::ConflictError) => Verdict::new(Delivery::MaybeApplied, true),
            Some(ErrorCode::RowLimitExceeded) => Verdict::new(Delivery::Rejected, false),
            Some(_) => Verdict::new(Delivery::MaybeApplied, false),
        },
        // An unusual server error: nothing says the change was not made.
        500..=599 => Verdict::new(Delivery::MaybeApplied, false),
        _ => Verdict::new(Delivery::Rejected, false),
    }
}

/// Classifies any error of this crate.
pub(crate) fn verdict(error: &Error) -> Verdict {
    match error {
        Error::Api(api) => status_verdict(api.status, Some(&api.code)),
        Error::UnexpectedBody { status, .. } => status_verdict(*status, None),
        // A request that could not be built fails the same way every time.
        Error::Transport { source, .. } if source.is_builder() => {
            Verdict::new(Delivery::NotSent, false)
        }
        // A connection that was never established sent nothing; after that (timeouts, resets)
        // the request may have reached Notion.
        Error::Transport {
            maybe_sent: false, ..
        } => Verdict::new(Delivery::NotSent, true),
        Error::Transport { .. } => Verdict::new(Delivery::MaybeApplied, true),
        Error::ResponseTooLarge { status, .. } => Verdict {
            transient: false,
            ..status_verdict(*status, None)
        },
        // An import Notion is still working on may yet finish.
        Error::AsyncTaskTimedOut { .. } | Error::FileImportTimedOut { .. } => {
            Verdict::new(Delivery::MaybeApplied, false)
        }
        // Notion answered: the upload was created, and it failed or expired on Notion's side.
        Error::FileImportFailed { .. } => Verdict::new(Delivery::Applied, false),
        Error::UploadExpired { .. } => Verdict::new(Delivery::Rejected, false),
        Error::Decode { .. }
        | Error::Conversion { .. }
        | Error::RepeatedCursor { .. }
        | Error::Incomplete { .. }
        | Error::SchemaMismatch { .. }
        | Error::WrittenButUnreadable { .. } => Verdict::new(Delivery::Applied, false),
        Error::InvalidInput { .. } | Error::Config(_) | Error::RateLimitWait { .. } => {
            Verdict::new(Delivery::NotSent, false)
        }
    }
}

/// Whether a failed send may have reached the server.
pub(crate) fn maybe_sent(error: &reqwest::Error) -> bool {
    !(error.is_connect() || error.is_builder())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retryable(status: u16, code: Option<&ErrorCode>, idempotent: bool) -> bool {
        status_verdict(status, code).retryable(idempotent)
    }

    #[test]
    fn rate_limits_and_overload_are_retried_for_every_method() {
        for status in [429, 529] {
            assert!(retryable(status, None, false));
            assert!(!status_verdict(status, None).maybe_applied());
        }
    }

    #[test]
    fn server_errors_are_retried_only_for_idempotent_requests() {
        for status in [500, 502, 503, 504] {
            assert!(retryable(status, None, true));
            assert!(!retryable(status, None, false));
            assert!(status_verdict(status, None).maybe_applied());
        }
    }

    #[test]
    fn only_conflict_errors_among_409s_are_retried() {
        let conflict = Some(&ErrorCode::ConflictError);
        let row_limit = Some(&ErrorCode::RowLimitExceeded);
        assert!(retryable(409, conflict, true));
        assert!(!retryable(409, conflict, false));
        assert!(!retryable(409, row_limit, true));
        assert!(!status_verdict(409, row_limit).maybe_applied());
    }

    #[test]
    fn client_errors_are_never_retried() {
        for status in [400, 401, 403, 404] {
            assert!(!retryable(status, None, true));
            assert!(!status_verdict(status, None).maybe_applied());
        }
    }

    #[test]
    fn a_success_that_could_not_be_used_was_applied_and_is_not_repeated() {
        let decode = Error::Decode {
            endpoint: "/v1/pages".into(),
            path: "id".into(),
            message: "invalid type".into(),
            source: None,
        };
        assert_eq!(verdict(&decode).delivery, Delivery::Applied);
        assert!(!verdict(&decode).retryable(true));
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
