//! Async tasks: what Notion answers (HTTP 202) when a request with `allow_async: true` runs in
//! the background, and `GET /v1/async_tasks/{task_id}` to poll it.
//!
//! The emulator does the work at once, inside the request, so state never lags behind: the
//! 202 body says `queued` (as Notion's does) and the first poll already says `succeeded` with the
//! operation's result. `poll_after_seconds` is 1, not Notion's 2, to keep polling clients fast.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::http::context::Ctx;
use crate::notion::error::ApiResult;
use crate::notion::timestamps::minute_time;
use crate::world::async_tasks::{AsyncTasks, Task};
use crate::world::state::{AppState, Capability};

impl Task {
    fn render(&self, done: bool) -> Value {
        let mut body = json!({
            "object": "async_task",
            "id": self.id,
            "status": if done { "succeeded" } else { "queued" },
            "status_url": format!("https://api.notion.com/v1/async_tasks/{}", self.id),
            "created_time": minute_time(self.created_time, false),
            "operation": { "surface": "rest", "name": self.operation },
        });
        if done {
            body["result"] = self.result.clone();
        } else {
            body["poll_after_seconds"] = json!(1);
        }
        body
    }
}

impl AsyncTasks {
    /// Records a finished operation as a task and returns the 202 body announcing it.
    pub fn start(&mut self, operation: &'static str, result: Value, now: Timestamp) -> Value {
        let id = format!("task_{}", uuid::Uuid::new_v4().simple());
        let task = Task {
            id: id.clone(),
            created_time: now,
            operation,
            result,
        };
        let body = task.render(false);
        self.tasks.insert(id, task);
        body
    }
}

/// The 202 response of a request that became an async task.
pub(crate) fn accepted(ctx: &Ctx, body: Value) -> Response {
    let mut response = ctx.ok(body);
    *response.status_mut() = StatusCode::ACCEPTED;
    response
}

/// The routes of this module.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/async_tasks/{task_id}", get(retrieve))
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(task_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let world = state.world();
    let task = world
        .async_tasks
        .tasks
        .get(&task_id)
        .ok_or_else(|| state.not_found("async task", &task_id))?;
    Ok(ctx.ok(task.render(true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_task_is_queued_and_then_succeeded_with_its_result() {
        let mut tasks = AsyncTasks::default();
        let body = tasks.start(
            "PATCH /v1/pages/:page_id/markdown",
            json!({"x": 1}),
            Timestamp::UNIX_EPOCH,
        );
        assert_eq!(body["status"], "queued");
        assert!(body.get("result").is_none());
        let id = body["id"].as_str().unwrap();
        assert!(id.starts_with("task_"));
        let done = tasks.tasks[id].render(true);
        assert_eq!(done["status"], "succeeded");
        assert_eq!(done["result"], json!({"x": 1}));
        assert!(done.get("poll_after_seconds").is_none());
    }
}
