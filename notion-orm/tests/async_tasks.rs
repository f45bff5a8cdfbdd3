//! Waiting for asynchronous tasks: polls paced by Notion, and a timeout that is its own error
//! rather than a rejected input. Runs on tokio's paused clock.

mod replay;

use std::time::Duration;

use notion_orm::api::async_tasks::AsyncTask;
use notion_orm::{Error, NotionVersion};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const V2025: NotionVersion = NotionVersion::V2025_09_03;

fn running(poll_after_seconds: u64) -> Value {
    json!({
        "object": "async_task", "id": "task_1", "status": "running",
        "poll_after_seconds": poll_after_seconds
    })
}

/// Answers every poll of `task_1` with "still running", expecting `polls` of them.
async fn forever_running(server: &MockServer, polls: u64) {
    Mock::given(method("GET"))
        .and(path("/v1/async_tasks/task_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(running(2)))
        .expect(polls)
        .mount(server)
        .await;
}

fn task(value: Value) -> AsyncTask {
    serde_json::from_value(value).unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_task_still_running_at_the_timeout_is_a_timeout_naming_the_task() {
    let server = MockServer::start().await;
    // Polls at 2 s and 4 s; the next one (6 s) would be past the 5 s timeout.
    forever_running(&server, 2).await;

    let err = replay::client(&server, V2025)
        .async_tasks()
        .wait::<Value>(task(running(2)), Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::AsyncTaskTimedOut { task_id, timeout }
            if task_id == "task_1" && *timeout == Duration::from_secs(5)),
        "{err:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_timed_out_task_may_still_take_effect() {
    let server = MockServer::start().await;
    forever_running(&server, 0).await;

    let err = replay::client(&server, V2025)
        .async_tasks()
        .wait::<Value>(task(running(2)), Duration::from_secs(1))
        .await
        .unwrap_err();
    assert!(err.maybe_applied(), "{err}");
}

#[tokio::test(start_paused = true)]
async fn the_wait_gives_up_without_sleeping_past_its_timeout() {
    let server = MockServer::start().await;
    forever_running(&server, 0).await;
    let start = tokio::time::Instant::now();

    // Notion asks for a poll in 10 s; waiting that long would overrun the 3 s timeout.
    let err = replay::client(&server, V2025)
        .async_tasks()
        .wait::<Value>(task(running(10)), Duration::from_secs(3))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::AsyncTaskTimedOut { .. }), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn a_task_that_finishes_before_the_timeout_returns_its_result() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/async_tasks/task_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "async_task", "id": "task_1", "status": "succeeded",
            "result": {"answer": 42}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result: Value = replay::client(&server, V2025)
        .async_tasks()
        .wait(task(running(2)), Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(result, json!({"answer": 42}));
}
