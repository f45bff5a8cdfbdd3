//! Errors answered like Notion: auth, version, URL, ids, JSON bodies.

mod support;

use serde_json::json;
use support::Api;

#[tokio::test]
async fn a_bad_token_is_unauthorized() {
    let api = Api::start().await;
    let response = api
        .http
        .get(api.url("/v1/users"))
        .bearer_auth("nope")
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "unauthorized");
    assert_eq!(body["message"], "API token is invalid.");
    assert!(body["request_id"].is_string());
}

#[tokio::test]
async fn a_missing_version_header_is_missing_version() {
    let api = Api::start().await;
    let response = api
        .http
        .get(api.url("/v1/users"))
        .bearer_auth(api.emulator.token())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "missing_version");
}

#[tokio::test]
async fn an_unknown_url_is_invalid_request_url() {
    let api = Api::start().await;
    let (status, body) = api.get("/v1/invalid").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "invalid_request_url");
    assert_eq!(body["message"], "Invalid request URL.");
}

#[tokio::test]
async fn the_request_id_header_matches_the_body() {
    let api = Api::start().await;
    let response = api
        .http
        .get(api.url("/v1/users/me"))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    let header = response.headers()["x-notion-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["request_id"], header.as_str());
}

#[tokio::test]
async fn a_bad_uuid_in_the_path_is_a_validation_error() {
    let api = Api::start().await;
    let (status, body) = api.get("/v1/users/AAA").await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        json!(
            "path failed validation: path.user_id should be a valid uuid, instead was `\"AAA\"`."
        )
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_invalid_json() {
    let api = Api::start().await;
    let response = api
        .http
        .post(api.url("/v1/search"))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid_json");
    assert_eq!(body["message"], "Error parsing JSON body.");
}

#[tokio::test]
async fn an_unsupported_version_is_a_validation_error() {
    let api = Api::start().await;
    let response = api
        .http
        .get(api.url("/v1/users"))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "1999-01-01")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "validation_error");
}

async fn read_only() -> Api {
    let mut config = notion_emulator::Config::default();
    config.capabilities = notion_emulator::Capabilities::READ_ONLY;
    Api::start_with(config).await
}

#[tokio::test]
async fn a_token_without_insert_cannot_create() {
    let api = read_only().await;
    let (status, body) = api
        .post(
            "/v1/databases",
            json!({"parent": {"type": "workspace", "workspace": true}}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["code"], "restricted_resource");
}

#[tokio::test]
async fn a_token_without_update_cannot_edit() {
    let api = read_only().await;
    let (status, body) = api
        .patch(
            "/v1/pages/5c726c8a193f451eb113f7665abe826e",
            json!({"in_trash": true}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["code"], "restricted_resource");
}

#[tokio::test]
async fn a_token_without_read_cannot_query() {
    let mut config = notion_emulator::Config::default();
    config.capabilities = notion_emulator::Capabilities {
        read: false,
        ..notion_emulator::Capabilities::ALL
    };
    let api = Api::start_with(config).await;
    let (status, body) = api.post("/v1/search", json!({})).await;
    assert_eq!(status, 403);
    assert_eq!(body["code"], "restricted_resource");
}

#[tokio::test]
async fn extra_tokens_get_their_own_capabilities() {
    let mut config = notion_emulator::Config::default();
    config.extra_tokens.insert(
        "reader".to_owned(),
        notion_emulator::Capabilities::READ_ONLY,
    );
    let api = Api::start_with(config).await;
    let read = api
        .http
        .get(api.url("/v1/users"))
        .bearer_auth("reader")
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let write = api
        .http
        .post(api.url("/v1/databases"))
        .bearer_auth("reader")
        .header("Notion-Version", "2025-09-03")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), 403);
}

#[tokio::test]
async fn an_oversized_body_is_rejected() {
    let mut config = notion_emulator::Config::default();
    config.max_body_bytes = 1000;
    let api = Api::start_with(config).await;
    let (status, body) = api
        .post("/v1/search", json!({"query": "x".repeat(2000)}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "validation_error");
}
