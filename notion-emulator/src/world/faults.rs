//! Scripted fault injection, the optional per-token rate limit, and the request log.
//!
//! Everything here runs in one middleware, outermost in the router, so a test sees exactly what a
//! client would: a fault replaces (or delays, or cuts) the real answer, and every request that
//! reached the emulator is logged with the status it got.
//!
//! Faults are deterministic: rules fire on the Nth matching request, on every one, or with a
//! probability drawn from a seeded RNG, and each can be capped with [`FaultRule::times`].

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::world::rate_limit::RateLimiter;
use crate::world::request_log::{LoggedRequest, RequestLog};
use crate::world::state::AppState;

/// Notion's own request timeout; injected latency never exceeds it, so a scripted fault cannot
/// hang a test forever.
const MAX_LATENCY: Duration = Duration::from_secs(60);

/// What an injected fault does to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this status and Notion's error body for it (e.g. 409 `conflict_error`,
    /// 500, 502, 503, 504, 529 `service_overload`, 429 `rate_limited`) instead of serving the
    /// request. 429 and 529 carry `Retry-After: 1` unless the rule sets another value.
    Status {
        /// The HTTP status.
        status: u16,
        /// Seconds for `Retry-After`, if the answer carries one.
        retry_after: Option<u64>,
    },
    /// Serve the request normally after this delay (capped at 60 s, Notion's timeout).
    Latency(Duration),
    /// Serve the request, send the headers and part of the body, then close the connection.
    DropConnection,
}

/// When a [`FaultRule`] fires, counting only the requests it matches.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Trigger {
    Always,
    /// 1-based.
    Nth(u64),
    Probability(f64),
}

/// One scripted fault: what happens, to which requests, and when.
///
/// Built with [`FaultRule::status`], [`FaultRule::latency`] or [`FaultRule::drop_connection`],
/// then narrowed with the other methods. By default a rule fires on every request.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), notion_emulator::StartError> {
/// use notion_emulator::{Emulator, FaultRule};
/// let emulator = Emulator::start().await?;
/// // The second POST to /v1/pages gets a 503; everything else is served normally.
/// emulator.faults().push(
///     FaultRule::status(503)
///         .on_request(2)
///         .for_method("POST")
///         .for_path("/v1/pages"),
/// );
/// assert_eq!(emulator.faults().rules()[0].fired(), 0);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    fault: Fault,
    trigger: Trigger,
    method: Option<String>,
    path_prefix: Option<String>,
    times: Option<u32>,
    seen: u64,
    fired: u32,
}

impl FaultRule {
    fn new(fault: Fault) -> Self {
        Self {
            fault,
            trigger: Trigger::Always,
            method: None,
            path_prefix: None,
            times: None,
            seen: 0,
            fired: 0,
        }
    }

    /// Answer with `status` and Notion's error body for it.
    pub fn status(status: u16) -> Self {
        let retry_after = matches!(status, 429 | 529).then_some(1);
        Self::new(Fault::Status {
            status,
            retry_after,
        })
    }

    /// Delay matching requests by `delay` (at most 60 s).
    pub fn latency(delay: Duration) -> Self {
        Self::new(Fault::Latency(delay.min(MAX_LATENCY)))
    }

    /// Cut the response after its headers and part of its body.
    pub fn drop_connection() -> Self {
        Self::new(Fault::DropConnection)
    }

    /// Sets `Retry-After` (seconds) on a status fault; ignored by other faults.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        if let Fault::Status { retry_after, .. } = &mut self.fault {
            *retry_after = Some(seconds);
        }
        self
    }

    /// Fire on the `n`th matching request only (1-based).
    pub fn on_request(mut self, n: u64) -> Self {
        self.trigger = Trigger::Nth(n.max(1));
        self
    }

    /// Fire on each matching request with probability `p` (clamped to 0..=1), drawn from the
    /// emulator's seeded RNG (see [`Faults::seed`]).
    pub fn with_probability(mut self, p: f64) -> Self {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        self.trigger = Trigger::Probability(p);
        self
    }

    /// Fire at most `n` times.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    /// Match only this HTTP method (case-insensitive).
    pub fn for_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Match only paths starting with `prefix`, e.g. `"/v1/pages"`.
    pub fn for_path(mut self, prefix: &str) -> Self {
        self.path_prefix = Some(prefix.to_owned());
        self
    }

    /// The fault this rule injects.
    pub fn fault(&self) -> &Fault {
        &self.fault
    }

    /// How many times this rule has fired so far.
    pub fn fired(&self) -> u32 {
        self.fired
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|p| path.starts_with(p))
    }

    fn exhausted(&self) -> bool {
        self.times.is_some_and(|max| self.fired >= max)
    }
}

/// The faults scripted for one emulator, with their seeded RNG.
#[derive(Debug)]
pub(crate) struct FaultState {
    pub(crate) rules: Vec<FaultRule>,
    pub(crate) rng: StdRng,
    pub(crate) rate_limiter: RateLimiter,
    pub(crate) log: RequestLog,
}

impl Default for FaultState {
    fn default() -> Self {
        Self {
            rules: Vec::new(),
            rng: StdRng::seed_from_u64(0),
            rate_limiter: RateLimiter::default(),
            log: RequestLog::default(),
        }
    }
}

/// What the rules decided for one request.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Decision {
    pub(crate) latency: Duration,
    /// A status or dropped connection; the first rule that fires wins.
    pub(crate) outcome: Option<Fault>,
}

impl FaultState {
    /// Runs every matching rule once, in order. Every matching rule counts the request, so a
    /// rule's "Nth request" does not depend on what the rules before it did.
    pub(crate) fn decide(&mut self, method: &str, path: &str) -> Decision {
        let mut decision = Decision::default();
        for rule in &mut self.rules {
            if !rule.matches(method, path) {
                continue;
            }
            rule.seen += 1;
            let terminal = !matches!(rule.fault, Fault::Latency(_));
            if rule.exhausted() || (terminal && decision.outcome.is_some()) {
                continue;
            }
            let fires = match rule.trigger {
                Trigger::Always => true,
                Trigger::Nth(n) => rule.seen == n,
                Trigger::Probability(p) => self.rng.random_bool(p),
            };
            if !fires {
                continue;
            }
            rule.fired += 1;
            match &rule.fault {
                Fault::Latency(delay) => {
                    decision.latency = (decision.latency + *delay).min(MAX_LATENCY)
                }
                other => decision.outcome = Some(other.clone()),
            }
        }
        decision
    }
}

/// Scripts faults and reads the request log of a running [`crate::Emulator`]; from [`crate::Emulator::faults`].
#[derive(Debug)]
pub struct Faults<'a> {
    pub(crate) state: &'a AppState,
}

impl Faults<'_> {
    /// Adds a rule; rules are evaluated in the order they were added.
    pub fn push(&self, rule: FaultRule) -> &Self {
        self.state.world().faults.rules.push(rule);
        self
    }

    /// Removes every rule (the request log and the RNG are kept).
    pub fn clear(&self) {
        self.state.world().faults.rules.clear();
    }

    /// Re-seeds the RNG behind [`FaultRule::with_probability`]; the same seed and the same
    /// requests give the same faults. The initial seed is 0.
    pub fn seed(&self, seed: u64) {
        self.state.world().faults.rng = StdRng::seed_from_u64(seed);
    }

    /// The rules, with how often each has fired.
    pub fn rules(&self) -> Vec<FaultRule> {
        self.state.world().faults.rules.clone()
    }

    /// Every request logged so far (the last 10,000), oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.world().faults.log.snapshot()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.state.world().faults.log.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with(rules: Vec<FaultRule>) -> FaultState {
        FaultState {
            rules,
            ..FaultState::default()
        }
    }

    #[test]
    fn nth_rule_fires_only_on_that_matching_request() {
        let mut faults = state_with(vec![FaultRule::status(503).on_request(2)]);
        assert_eq!(faults.decide("GET", "/v1/users").outcome, None);
        assert!(faults.decide("GET", "/v1/users").outcome.is_some());
        assert_eq!(faults.decide("GET", "/v1/users").outcome, None);
    }

    #[test]
    fn rules_count_only_requests_they_match() {
        let mut faults = state_with(vec![
            FaultRule::status(500)
                .on_request(1)
                .for_method("POST")
                .for_path("/v1/pages"),
        ]);
        assert_eq!(faults.decide("GET", "/v1/pages/x").outcome, None);
        assert_eq!(faults.decide("POST", "/v1/search").outcome, None);
        assert!(faults.decide("POST", "/v1/pages").outcome.is_some());
    }

    #[test]
    fn times_caps_how_often_a_rule_fires() {
        let mut faults = state_with(vec![FaultRule::status(529).times(2)]);
        let fired = (0..5)
            .filter(|_| faults.decide("GET", "/v1/users").outcome.is_some())
            .count();
        assert_eq!(fired, 2);
    }

    #[test]
    fn probability_faults_repeat_for_the_same_seed() {
        let run = || {
            let mut faults = state_with(vec![FaultRule::status(503).with_probability(0.5)]);
            faults.rng = StdRng::seed_from_u64(7);
            (0..64)
                .map(|_| faults.decide("GET", "/v1/users").outcome.is_some())
                .collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        assert!(first.contains(&true) && first.contains(&false));
    }

    #[test]
    fn the_first_terminal_fault_wins_and_latency_adds_up() {
        let mut faults = state_with(vec![
            FaultRule::latency(Duration::from_millis(100)),
            FaultRule::status(502),
            FaultRule::drop_connection(),
            FaultRule::latency(Duration::from_millis(50)),
        ]);
        let decision = faults.decide("GET", "/v1/users");
        assert_eq!(decision.latency, Duration::from_millis(150));
        assert_eq!(
            decision.outcome,
            Some(Fault::Status {
                status: 502,
                retry_after: None
            })
        );
        assert_eq!(faults.rules[2].fired, 0);
    }

    #[test]
    fn latency_is_capped_at_notions_timeout() {
        let rule = FaultRule::latency(Duration::from_secs(3600));
        assert_eq!(rule.fault(), &Fault::Latency(MAX_LATENCY));
    }
}
