//! The request log: what reached the emulator and how it answered, for tests to assert on.

use std::collections::VecDeque;

use crate::world::faults::Fault;

/// How many requests the log keeps; older entries are dropped first so a long-running dev
/// server does not grow without bound.
const CAPACITY: usize = 10_000;

/// How many bytes of paths, tokens and bodies the log keeps at most, whatever the count: a
/// few large bodies must not cost hundreds of megabytes.
const BYTE_BUDGET: usize = 32 * 1024 * 1024;

/// One request as the emulator saw and answered it.
///
/// Requests answered 401 keep neither their token nor their body. `Debug` does not print the
/// token.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct LoggedRequest {
    /// HTTP method, e.g. `"POST"`.
    pub method: String,
    /// Request path, e.g. `"/v1/pages"`.
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// The `Notion-Version` header, if sent.
    pub notion_version: Option<String>,
    /// The bearer token, if sent.
    pub token: Option<String>,
    /// The request body, when it was JSON (up to 1 MiB); `None` for other bodies.
    pub body: Option<serde_json::Value>,
    /// HTTP status of the response (for a dropped connection: the status whose body was cut).
    pub status: u16,
    /// The injected fault that shaped this response, if any (a rate-limit answer is logged as
    /// `Fault::Status(429)`).
    pub fault: Option<Fault>,
}

impl std::fmt::Debug for LoggedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoggedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("notion_version", &self.notion_version)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("body", &self.body)
            .field("status", &self.status)
            .field("fault", &self.fault)
            .finish()
    }
}

impl LoggedRequest {
    /// Roughly what the entry holds in memory, for the log's byte budget: its strings and the
    /// size of the body it was parsed from.
    fn weight(&self, body_bytes: usize) -> usize {
        self.path.len()
            + self.query.as_ref().map_or(0, String::len)
            + self.token.as_ref().map_or(0, String::len)
            + body_bytes
    }
}

/// A bounded, in-order log of requests: at most [`CAPACITY`] entries and about
/// [`BYTE_BUDGET`] bytes, oldest dropped first.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<(LoggedRequest, usize)>,
    bytes: usize,
}

impl RequestLog {
    /// Adds `entry`, whose body (if kept) was `body_bytes` long on the wire.
    pub(crate) fn push(&mut self, entry: LoggedRequest, body_bytes: usize) {
        let weight = entry.weight(body_bytes);
        self.bytes += weight;
        self.entries.push_back((entry, weight));
        while self.entries.len() > CAPACITY || (self.bytes > BYTE_BUDGET && self.entries.len() > 1)
        {
            let (_, dropped) = self.entries.pop_front().expect("the log is not empty");
            self.bytes -= dropped;
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries
            .iter()
            .map(|(entry, _)| entry.clone())
            .collect()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> LoggedRequest {
        LoggedRequest {
            method: "GET".into(),
            path: path.into(),
            query: None,
            notion_version: None,
            token: None,
            body: None,
            status: 200,
            fault: None,
        }
    }

    #[test]
    fn drops_the_oldest_entry_when_full() {
        let mut log = RequestLog::default();
        for i in 0..=CAPACITY {
            log.push(entry(&format!("/v1/{i}")), 0);
        }
        let entries = log.snapshot();
        assert_eq!(entries.len(), CAPACITY);
        assert_eq!(entries[0].path, "/v1/1");
    }

    #[test]
    fn large_bodies_are_dropped_to_stay_within_the_byte_budget() {
        let mut log = RequestLog::default();
        let big = serde_json::Value::String("x".repeat(1024 * 1024));
        for i in 0..100 {
            log.push(
                LoggedRequest {
                    body: Some(big.clone()),
                    ..entry(&format!("/v1/{i}"))
                },
                1024 * 1024 + 2,
            );
        }
        assert!(log.bytes <= BYTE_BUDGET, "{} bytes kept", log.bytes);
        let entries = log.snapshot();
        assert!(
            entries.len() < 40,
            "{} entries of 1 MiB kept",
            entries.len()
        );
        assert_eq!(
            entries.last().unwrap().path,
            "/v1/99",
            "the newest are kept"
        );
    }

    #[test]
    fn debug_does_not_print_the_token() {
        let logged = LoggedRequest {
            token: Some("secret_emulator_token".into()),
            ..entry("/v1/users")
        };
        let printed = format!("{logged:?}");
        assert!(!printed.contains("secret_emulator_token"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }
}
