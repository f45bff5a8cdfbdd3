//! Tasks of requests answered asynchronously (`allow_async`), by id.

use std::collections::HashMap;

use jiff::Timestamp;
use serde_json::Value;

/// Every task handed out, by id (`task_<32 hex digits>`).
#[derive(Debug, Default)]
pub(crate) struct AsyncTasks {
    pub(crate) tasks: HashMap<String, Task>,
}

#[derive(Debug)]
pub(crate) struct Task {
    pub(crate) id: String,
    pub(crate) created_time: Timestamp,
    /// `"PATCH /v1/pages/:page_id/markdown"`, as Notion names the operation.
    pub(crate) operation: &'static str,
    /// The response body the synchronous call would have returned (no `request_id`).
    pub(crate) result: Value,
}
