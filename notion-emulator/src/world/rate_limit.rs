//! An optional per-token rate limit, answered like Notion: 429 `rate_limited` with `Retry-After`.
//!
//! A token bucket per bearer token. Time comes from `tokio::time::Instant`, so tests with a
//! paused tokio clock can exhaust the budget and then advance past the refill deterministically.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

/// The budget of each token: `burst` requests at once, refilled at `per_second`.
///
/// ```
/// use notion_emulator::RateLimit;
/// // Notion's documented average: 3 requests per second, with some burst.
/// let limit = RateLimit::new(3.0, 10);
/// assert_eq!(limit.burst(), 10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    per_second: f64,
    burst: u32,
}

impl RateLimit {
    /// A budget refilled at `per_second` requests per second, holding at most `burst` requests.
    /// A non-positive or non-finite rate is treated as one request per hour, and a zero burst
    /// as one, so the limiter never divides by zero or locks a token out forever.
    pub fn new(per_second: f64, burst: u32) -> Self {
        let per_second = if per_second.is_finite() && per_second > 0.0 {
            per_second
        } else {
            1.0 / 3600.0
        };
        Self {
            per_second,
            burst: burst.max(1),
        }
    }

    /// Requests refilled per second.
    pub fn per_second(&self) -> f64 {
        self.per_second
    }

    /// The most requests a token may send at once.
    pub fn burst(&self) -> u32 {
        self.burst
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// How many tokens' buckets are kept before full ones are forgotten, so a client sending random
/// tokens cannot grow the map without bound.
const MAX_TRACKED_TOKENS: usize = 10_000;

/// Buckets by bearer token.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    buckets: HashMap<String, Bucket>,
}

impl RateLimiter {
    /// Takes one request from `token`'s budget, or says how long until one is available.
    pub(crate) fn check(&mut self, limit: RateLimit, token: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let burst = f64::from(limit.burst);
        if self.buckets.len() >= MAX_TRACKED_TOKENS && !self.buckets.contains_key(token) {
            // A bucket that has refilled carries no state: forgetting it changes nothing.
            self.buckets.retain(|_, bucket| {
                let elapsed = now.duration_since(bucket.updated).as_secs_f64();
                bucket.tokens + elapsed * limit.per_second < burst
            });
        }
        let bucket = self.buckets.entry(token.to_owned()).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * limit.per_second).min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / limit.per_second;
            Err(Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX))
        }
    }
}

/// `Retry-After` is whole seconds; round up so a client that honours it is never early.
pub(crate) fn retry_after_seconds(wait: Duration) -> u64 {
    let secs = wait.as_secs();
    if wait.subsec_nanos() > 0 {
        secs.saturating_add(1)
    } else {
        secs.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn allows_a_burst_then_refuses() {
        let mut limiter = RateLimiter::default();
        let limit = RateLimit::new(1.0, 2);
        assert!(limiter.check(limit, "a").is_ok());
        assert!(limiter.check(limit, "a").is_ok());
        assert!(limiter.check(limit, "a").is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn refills_over_time() {
        let mut limiter = RateLimiter::default();
        let limit = RateLimit::new(2.0, 1);
        assert!(limiter.check(limit, "a").is_ok());
        let wait = limiter.check(limit, "a").unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        tokio::time::advance(wait).await;
        assert!(limiter.check(limit, "a").is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn budgets_are_per_token() {
        let mut limiter = RateLimiter::default();
        let limit = RateLimit::new(1.0, 1);
        assert!(limiter.check(limit, "a").is_ok());
        assert!(limiter.check(limit, "b").is_ok());
        assert!(limiter.check(limit, "a").is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn a_tiny_rate_saturates_instead_of_overflowing() {
        let mut limiter = RateLimiter::default();
        let limit = RateLimit::new(1e-300, 1);
        assert!(limiter.check(limit, "a").is_ok());
        let wait = limiter.check(limit, "a").unwrap_err();
        assert_eq!(retry_after_seconds(wait), u64::MAX);
    }

    #[tokio::test(start_paused = true)]
    async fn refilled_buckets_are_forgotten_when_too_many_tokens_are_tracked() {
        let mut limiter = RateLimiter::default();
        let limit = RateLimit::new(1.0, 1);
        for i in 0..MAX_TRACKED_TOKENS {
            assert!(limiter.check(limit, &i.to_string()).is_ok());
        }
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(limiter.check(limit, "one more").is_ok());
        assert_eq!(limiter.buckets.len(), 1);
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(1500)), 2);
        assert_eq!(retry_after_seconds(Duration::from_secs(3)), 3);
    }
}
