//! The OAuth token endpoints: code exchange, refresh, revoke and introspect.

mod support;

use base64::Engine;
use notion_emulator::{Config, OAuthClient};
use serde_json::{Value, json};
use support::Api;

const CLIENT: &str = "client-id";
const SECRET: &str = "client-secret";
const REDIRECT: &str = "https://app.example/callback";

async fn start() -> Api {
    let mut config = Config::default();
    config
        .oauth_clients
        .push(OAuthClient::new(CLIENT, SECRET, REDIRECT));
    Api::start_with(config).await
}

async fn oauth_post(api: &Api, path: &str, secret: &str, body: Value) -> (u16, Value) {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT}:{secret}"));
    let response = api
        .http
        .post(api.url(path))
        .header("Authorization", format!("Basic {basic}"))
        .header("Notion-Version", "2025-09-03")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn exchange(api: &Api) -> Value {
    let code = api.emulator.oauth().authorize(CLIENT, REDIRECT).unwrap();
    let (status, body) = oauth_post(
        api,
        "/v1/oauth/token",
        SECRET,
        json!({"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn users_status(api: &Api, token: &str) -> u16 {
    api.http
        .get(api.url("/v1/users/me"))
        .bearer_auth(token)
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_code_exchange_returns_tokens_the_api_accepts() {
    let api = start().await;
    let tokens = exchange(&api).await;
    assert_eq!(tokens["token_type"], "bearer");
    // A public integration acts for the person who installed it, through a bot of its own.
    assert_eq!(tokens["owner"]["type"], "user");
    assert!(tokens["request_id"].is_string());
    assert_ne!(tokens["bot_id"], api.emulator.bot_id().to_string());
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(users_status(&api, access).await, 200);
    let me: serde_json::Value = api
        .http
        .get(api.url("/v1/users/me"))
        .bearer_auth(access)
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["id"], tokens["bot_id"]);
    assert_eq!(me["bot"]["owner"]["type"], "user");
}

#[tokio::test]
async fn a_code_can_be_exchanged_only_once() {
    let api = start().await;
    let code = api.emulator.oauth().authorize(CLIENT, REDIRECT).unwrap();
    let body = json!({"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT});
    assert_eq!(
        oauth_post(&api, "/v1/oauth/token", SECRET, body.clone())
            .await
            .0,
        200
    );
    let (status, error) = oauth_post(&api, "/v1/oauth/token", SECRET, body).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("invalid_grant"))
    );
}

#[tokio::test]
async fn a_mismatched_redirect_uri_is_an_invalid_grant() {
    let api = start().await;
    let code = api.emulator.oauth().authorize(CLIENT, REDIRECT).unwrap();
    let (status, error) = oauth_post(
        &api,
        "/v1/oauth/token",
        SECRET,
        json!({"grant_type": "authorization_code", "code": code, "redirect_uri": "https://evil.example"}),
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("invalid_grant"))
    );
}

#[tokio::test]
async fn wrong_client_credentials_are_unauthorized() {
    let api = start().await;
    let code = api.emulator.oauth().authorize(CLIENT, REDIRECT).unwrap();
    let (status, error) = oauth_post(
        &api,
        "/v1/oauth/token",
        "wrong-secret",
        json!({"grant_type": "authorization_code", "code": code}),
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (401, Some("unauthorized"))
    );
}

#[tokio::test]
async fn codes_are_minted_only_for_configured_clients() {
    let api = start().await;
    assert!(api.emulator.oauth().authorize("other", REDIRECT).is_none());
    assert!(
        api.emulator
            .oauth()
            .authorize(CLIENT, "https://elsewhere.example")
            .is_none()
    );
}

#[tokio::test]
async fn a_refresh_issues_new_tokens_and_rotates_the_refresh_token() {
    let api = start().await;
    let first = exchange(&api).await;
    let refresh = json!({"grant_type": "refresh_token", "refresh_token": first["refresh_token"]});
    let (status, second) = oauth_post(&api, "/v1/oauth/token", SECRET, refresh.clone()).await;
    assert_eq!(status, 200, "{second}");
    assert_ne!(second["access_token"], first["access_token"]);
    assert_eq!(
        users_status(&api, second["access_token"].as_str().unwrap()).await,
        200
    );
    let (status, error) = oauth_post(&api, "/v1/oauth/token", SECRET, refresh).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("invalid_grant"))
    );
}

#[tokio::test]
async fn a_revoked_token_is_no_longer_accepted() {
    let api = start().await;
    let tokens = exchange(&api).await;
    let access = tokens["access_token"].as_str().unwrap();
    let (status, body) =
        oauth_post(&api, "/v1/oauth/revoke", SECRET, json!({"token": access})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(users_status(&api, access).await, 401);
}

#[tokio::test]
async fn introspect_reports_live_and_revoked_tokens() {
    let api = start().await;
    let tokens = exchange(&api).await;
    let access = tokens["access_token"].as_str().unwrap();
    let (_, live) = oauth_post(
        &api,
        "/v1/oauth/introspect",
        SECRET,
        json!({"token": access}),
    )
    .await;
    assert_eq!(live["active"], true);
    assert!(live["iat"].is_i64());
    assert!(live["scope"].is_string());
    oauth_post(&api, "/v1/oauth/revoke", SECRET, json!({"token": access})).await;
    let (status, revoked) = oauth_post(
        &api,
        "/v1/oauth/introspect",
        SECRET,
        json!({"token": access}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(revoked["active"], false);
}

#[tokio::test]
async fn an_unknown_grant_type_is_a_validation_error() {
    let api = start().await;
    let (status, error) = oauth_post(
        &api,
        "/v1/oauth/token",
        SECRET,
        json!({"grant_type": "client_credentials"}),
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("validation_error"))
    );
}
