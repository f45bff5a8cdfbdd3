//! Client-side rate limiting: one token bucket shared by every clone of a client.
//!
//! Hand-written because it is small and must run on tokio's clock, so tests can pause time and
//! check the spacing without sleeping for real.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// How fast the client may send requests.
///
/// Notion allows an average of about 3 requests per second per integration, with short bursts.
/// The default is 3 requests/s with a burst of 10.
///
/// ```
/// use notion_orm::client::RateLimit;
///
/// let relaxed = RateLimit::per_second(10.0).burst(20);
/// let off = RateLimit::disabled();
/// # let _ = (relaxed, off);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    per_second: f64,
    burst: u32,
    enabled: bool,
}

impl RateLimit {
    /// An average of `requests` per second (values ≤ 0 disable limiting), burst 10.
    pub fn per_second(requests: f64) -> Self {
        RateLimit {
            per_second: requests,
            burst: 10,
            enabled: requests > 0.0 && requests.is_finite(),
        }
    }

    /// How many requests may go out at once after a quiet period (at least 1).
    pub fn burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self
    }

    /// No client-side limiting (Notion's 429s are still honoured by the retry policy).
    pub fn disabled() -> Self {
        RateLimit {
            per_second: 0.0,
            burst: 1,
            enabled: false,
        }
    }

    /// Whether requests are limited.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::per_second(3.0)
    }
}

/// A token bucket on tokio time.
///
/// Callers reserve a token under the lock and sleep outside it: a caller that finds the bucket
/// empty takes the token "on credit" (the count goes negative) and sleeps until it would have
/// refilled, so concurrent callers queue up in order instead of racing.
#[derive(Debug)]
pub(crate) struct TokenBucket {
    per_second: f64,
    burst: f64,
    state: Mutex<BucketState>,
}

#[derive(Debug)]
struct BucketState {
    tokens: f64,
    refilled_at: Instant,
    /// Set after a 429: no request leaves before this instant, whichever clone sends it.
    paused_until: Option<Instant>,
}

impl TokenBucket {
    /// A full bucket, or `None` when limiting is disabled.
    pub(crate) fn new(limit: RateLimit) -> Option<Self> {
        limit.enabled.then(|| TokenBucket {
            per_second: limit.per_second,
            burst: f64::from(limit.burst),
            state: Mutex::new(BucketState {
                tokens: f64::from(limit.burst),
                refilled_at: Instant::now(),
                paused_until: None,
            }),
        })
    }

    /// Waits until a request may be sent, unless that would take longer than `max_wait`: then
    /// it takes no token and returns the wait it refused.
    pub(crate) async fn acquire_within(&self, max_wait: Option<Duration>) -> Result<(), Duration> {
        let wait = self.reserve(Instant::now(), max_wait)?;
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }

    /// Takes one token and returns how long the caller must wait before using it, or, when that
    /// is longer than `max_wait`, leaves the token and returns the wait as the error.
    fn reserve(&self, now: Instant, max_wait: Option<Duration>) -> Result<Duration, Duration> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = now
            .saturating_duration_since(state.refilled_at)
            .as_secs_f64();
        state.tokens = (state.tokens + elapsed * self.per_second).min(self.burst);
        state.refilled_at = now;
        let left = state.tokens - 1.0;
        let refill_wait = if left >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-left / self.per_second)
        };
        let pause_wait = state
            .paused_until
            .map(|until| until.saturating_duration_since(now))
            .unwrap_or_default();
        let wait = refill_wait.max(pause_wait);
        if max_wait.is_some_and(|max| wait > max) {
            return Err(wait);
        }
        state.tokens = left;
        Ok(wait)
    }

    /// Holds every request back for `duration` (Notion said `Retry-After`), and empties the
    /// bucket so the requests released afterwards are spaced again instead of bursting.
    pub(crate) fn pause_for(&self, duration: Duration) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        // A far-future pause is clamped rather than allowed to overflow the clock.
        let until = now
            .checked_add(duration)
            .unwrap_or(now + Duration::from_secs(24 * 60 * 60));
        state.paused_until = Some(state.paused_until.map_or(until, |u| u.max(until)));
        state.tokens = state.tokens.min(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_full_bucket_lets_the_burst_through_without_waiting() {
        let bucket = TokenBucket::new(RateLimit::per_second(2.0).burst(3)).unwrap();
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(bucket.reserve(now, None).unwrap(), Duration::ZERO);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn requests_past_the_burst_are_spaced_at_the_average_rate() {
        let bucket = TokenBucket::new(RateLimit::per_second(2.0).burst(1)).unwrap();
        let now = Instant::now();
        assert_eq!(bucket.reserve(now, None).unwrap(), Duration::ZERO);
        assert_eq!(
            bucket.reserve(now, None).unwrap(),
            Duration::from_millis(500)
        );
        assert_eq!(
            bucket.reserve(now, None).unwrap(),
            Duration::from_millis(1000)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn pause_holds_back_the_next_request() {
        let bucket = TokenBucket::new(RateLimit::per_second(100.0).burst(10)).unwrap();
        bucket.pause_for(Duration::from_secs(2));
        assert_eq!(
            bucket.reserve(Instant::now(), None).unwrap(),
            Duration::from_secs(2)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_past_the_limit_is_refused_without_taking_a_token() {
        let bucket = TokenBucket::new(RateLimit::per_second(1.0).burst(1)).unwrap();
        bucket.pause_for(Duration::from_secs(150));
        let now = Instant::now();
        let max = Some(Duration::from_secs(5));
        assert_eq!(bucket.reserve(now, max), Err(Duration::from_secs(150)));
        // Nothing was taken: once the pause is over, the one token is still there.
        let later = now + Duration::from_secs(150);
        assert_eq!(bucket.reserve(later, max), Ok(Duration::ZERO));
    }

    #[test]
    fn disabled_limits_build_no_bucket() {
        assert!(TokenBucket::new(RateLimit::disabled()).is_none());
        assert!(TokenBucket::new(RateLimit::per_second(0.0)).is_none());
    }
}
