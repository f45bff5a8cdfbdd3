//! Asynchronous tasks (`/v1/async_tasks`): long operations Notion finishes in the background,
//! e.g. a large markdown edit sent with `allow_async`.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::Timestamp;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::{Client, Request};
use crate::{ApiError, Error, ErrorCode, Result};

/// How long to wait between polls when Notion does not say (`poll_after_seconds`).
const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Longest pause between polls, whatever Notion asks for.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(30);

/// An asynchronous task.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AsyncTask {
    /// The task id, e.g. `task_7e869d57...` (not a UUID).
    pub id: String,
    /// Where it stands.
    pub status: TaskStatus,
    /// When it was created.
    #[serde(default)]
    pub created_time: Option<Timestamp>,
    /// How long Notion suggests waiting before polling again.
    #[serde(default)]
    pub poll_after_seconds: Option<f64>,
    /// What the task does (`{"surface":"rest","name":"PATCH /v1/pages/:page_id/markdown"}`).
    #[serde(default)]
    pub operation: Option<Value>,
    /// The operation's response, once `succeeded`.
    #[serde(default)]
    pub result: Option<Value>,
    /// The error, once `failed` (`{code, message, ...}`).
    #[serde(default)]
    pub error: Option<Value>,
}

/// The status of an [`AsyncTask`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TaskStatus {
    /// Waiting to run.
    Queued,
    /// Running.
    Running,
    /// Failed once, running again.
    Retrying,
    /// Done; `result` holds the outcome.
    Succeeded,
    /// Done; `error` says why.
    Failed,
    /// A status this version does not know, kept verbatim; treated as still in progress.
    #[serde(untagged)]
    Other(String),
}

impl AsyncTask {
    /// Whether the task has finished, successfully or not.
    pub fn is_done(&self) -> bool {
        matches!(self.status, TaskStatus::Succeeded | TaskStatus::Failed)
    }

    fn poll_interval(&self) -> Duration {
        self.poll_after_seconds
            .filter(|s| s.is_finite() && *s >= 0.0)
            // Too large for a `Duration`: as long as we are willing to wait.
            .map(|s| Duration::try_from_secs_f64(s).unwrap_or(MAX_POLL_INTERVAL))
            .unwrap_or(DEFAULT_POLL_INTERVAL)
            .min(MAX_POLL_INTERVAL)
    }

    /// The error of a failed task as an [`Error::Api`].
    fn failure(&self) -> Error {
        #[derive(Deserialize, Default)]
        struct TaskError {
            #[serde(default)]
            code: Option<ErrorCode>,
            #[serde(default)]
            message: Option<String>,
            #[serde(default)]
            status: Option<u16>,
            #[serde(default)]
            additional_data: BTreeMap<String, Value>,
        }
        let error: TaskError = self
            .error
            .clone()
            .and_then(|e| serde_json::from_value(e).ok())
            .unwrap_or_default();
        ApiError {
            // The poll itself succeeded; without a status of the task's own, report that one.
            status: error.status.unwrap_or(200),
            code: error
                .code
                .unwrap_or_else(|| ErrorCode::Other("async_task_failed".into())),
            message: error
                .message
                .unwrap_or_else(|| format!("asynchronous task {} failed", self.id)),
            request_id: None,
            additional_data: error.additional_data,
            retry_after: None,
            method: "GET".into(),
            endpoint: "/v1/async_tasks/{task_id}".into(),
            attempts: 1,
        }
        .into()
    }
}

/// The async-tasks API; get it from [`Client::async_tasks`].
#[derive(Debug, Clone, Copy)]
pub struct AsyncTasks<'c> {
    client: &'c Client,
}

impl Client {
    /// The async-tasks API.
    pub fn async_tasks(&self) -> AsyncTasks<'_> {
        AsyncTasks { client: self }
    }
}

impl AsyncTasks<'_> {
    /// `GET /v1/async_tasks/{id}`.
    pub async fn retrieve(&self, id: &str) -> Result<AsyncTask> {
        self.client
            .send(Request::get("/v1/async_tasks/{task_id}").param(id))
            .await
    }

    /// Polls `task` until it finishes, waiting as long as Notion asks between polls, and
    /// decodes its result.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with the task's error code when the task failed;
    /// [`Error::AsyncTaskTimedOut`] when it is still running once `timeout` has passed (the
    /// task goes on in Notion and may still succeed).
    pub async fn wait<T: DeserializeOwned>(&self, task: AsyncTask, timeout: Duration) -> Result<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut task = task;
        while !task.is_done() {
            let next_poll = tokio::time::Instant::now() + task.poll_interval();
            if next_poll > deadline {
                return Err(Error::AsyncTaskTimedOut {
                    task_id: task.id,
                    timeout,
                });
            }
            tokio::time::sleep_until(next_poll).await;
            task = self.retrieve(&task.id).await?;
        }
        if task.status == TaskStatus::Failed {
            return Err(task.failure());
        }
        let result = task.result.unwrap_or(Value::Null);
        crate::client::decode_value("/v1/async_tasks/{task_id}", "result.", result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(poll_after_seconds: Option<f64>) -> AsyncTask {
        serde_json::from_value(serde_json::json!({
            "object": "async_task",
            "id": "task_1",
            "status": "running",
            "poll_after_seconds": poll_after_seconds,
        }))
        .unwrap()
    }

    #[test]
    fn server_poll_intervals_are_bounded_and_never_panic() {
        assert_eq!(task(Some(1e300)).poll_interval(), MAX_POLL_INTERVAL);
        assert_eq!(task(Some(-1.0)).poll_interval(), DEFAULT_POLL_INTERVAL);
        assert_eq!(task(None).poll_interval(), DEFAULT_POLL_INTERVAL);
        assert_eq!(task(Some(0.5)).poll_interval(), Duration::from_millis(500));
    }

    #[test]
    fn unknown_statuses_keep_their_name() {
        let status: TaskStatus = serde_json::from_str(r#""paused_for_review""#).unwrap();
        assert_eq!(status, TaskStatus::Other("paused_for_review".into()));
        let known: TaskStatus = serde_json::from_str(r#""retrying""#).unwrap();
        assert_eq!(known, TaskStatus::Retrying);
    }
}
