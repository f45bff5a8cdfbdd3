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
