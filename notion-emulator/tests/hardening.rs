//! The emulator under abuse: what an attacker or a broken client sends must not exhaust its
//! memory, crash it, or get anything but Notion's JSON errors back.

mod support;

use serde_json::Value;
use support::Api;

#[tokio::test]
async fn requests_with_a_wrong_token_leave_neither_body_nor_token_in_the_log() {
    let api = Api::start().await;
    let body = format!("{{\"junk\":\"{}\"}}", "x".repeat(512 * 1024));
    let wrong_token = format!("secret_{}", "y".repeat(4096));
    for _ in 0..10 {
        let response = api
            .http
            .post(api.url("/v1/pages"))
            .bearer_auth(&wrong_token)
            .header("Notion-Version", "2025-09-03")
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    let log = api.emulator.faults().requests();
    assert_eq!(log.len(), 10);
    for entry in log {
        assert_eq!(entry.status, 401);
        assert!(entry.body.is_none() && entry.token.is_none(), "{entry:?}");
    }
}

#[tokio::test]
async fn authenticated_requests_keep_their_body_in_the_log() {
    let api = Api::start().await;
    let (status, _) = api
        .post("/v1/search", serde_json::json!({"query": "kept"}))
        .await;
    assert_eq!(status, 200);
    let log = api.emulator.faults().requests();
    assert_eq!(
        log[0].body.as_ref().and_then(|b| b["query"].as_str()),
        Some("kept")
    );
    assert!(log[0].token.is_some());
}

/// A helper for the next tests: the body and content type of a raw response.
async fn raw(api: &Api, path: &str) -> (u16, String, Value) {
    let response = api
        .http
        .get(format!("{}{}", api.emulator.base_url(), path))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, content_type, body)
}

#[tokio::test]
async fn a_path_that_is_not_utf8_gets_notions_json_error() {
    let api = Api::start().await;
    let (status, content_type, body) = raw(&api, "/v1/pages/%ff%fe").await;
    assert_eq!(status, 400);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert_eq!(body["object"], "error", "{body}");
    assert!(body["code"].is_string(), "{body}");
}
