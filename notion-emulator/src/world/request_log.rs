//! The request log: what reached the emulator and how it answered, for tests to assert on.

use std::collections::VecDeque;

use crate::world::faults::Fault;

/// How many requests the log keeps; older entries are dropped first so a long-running dev
/// server does not grow without bound.
const CAPACITY: usize = 10_000;

/// One request as the emulator saw and answered it.
#[derive(Debug, Clone, PartialEq)]
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

/// A bounded, in-order log of requests.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<LoggedRequest>,
}

impl RequestLog {
    pub(crate) fn push(&mut self, entry: LoggedRequest) {
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub(crate) fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries.iter().cloned().collect()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
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
            log.push(entry(&format!("/v1/{i}")));
        }
        let entries = log.snapshot();
        assert_eq!(entries.len(), CAPACITY);
        assert_eq!(entries[0].path, "/v1/1");
    }
}
