//! OAuth against wiremock: the authorization URL, HTTP Basic client auth, token parsing,
//! revoke/introspect, and the refresh-once-on-401 token source.

use std::sync::{Arc, Mutex};

use base64::Engine;
use futures_util::future::BoxFuture;
use notion_orm::client::{RateLimit, Request, RetryPolicy};
use notion_orm::oauth::{OAuthApp, OAuthTokenSource, TokenOwner, TokenResponse, TokenStore};
use notion_orm::{Client, ErrorCode};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "463558a3-725e-4f37-b6d3-0889894f68de";
const CLIENT_SECRET: &str = "secret_oauth_client";
const REDIRECT: &str = "https://example.com/auth/notion/callback";

fn app(server: &MockServer) -> OAuthApp {
    OAuthApp::new(CLIENT_ID, CLIENT_SECRET.into(), REDIRECT)
        .with_base_url(&server.uri())
        .unwrap()
}

fn basic_auth() -> String {
    let raw = format!("{CLIENT_ID}:{CLIENT_SECRET}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

fn token_body(access: &str, refresh: &str) -> Value {
    json!({
        "access_token": access,
        "token_type": "bearer",
        "refresh_token": refresh,
        "bot_id": "b3414d65-9e1c-4c5d-a54e-3a4e5b8a3c1f",
        "workspace_name": "Acme",
        "workspace_icon": "🏢",
        "workspace_id": "13950b26-c203-4f3b-b97d-93ec06319565",
        "owner": {"type": "user", "user": {"object": "user", "id": "c7c11cca-1d73-471d-9b6e-bdef51470190"}},
        "duplicated_template_id": null,
        "request_id": "0b6f0c4e-1b8a-4d3c-9e5f-6a7b8c9d0e1f"
    })
}

#[test]
fn authorize_url_carries_client_redirect_state_and_owner() {
    let app = OAuthApp::new(CLIENT_ID, CLIENT_SECRET.into(), REDIRECT);
    let url = app.authorize_url("s t&ate");
    assert_eq!(url.host_str(), Some("api.notion.com"));
    assert_eq!(url.path(), "/v1/oauth/authorize");
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("client_id"), Some(CLIENT_ID));
    assert_eq!(get("redirect_uri"), Some(REDIRECT));
    assert_eq!(get("state"), Some("s t&ate"));
    assert_eq!(get("owner"), Some("user"));
    assert_eq!(get("response_type"), Some("code"));
}

#[tokio::test]
async fn code_exchange_uses_basic_auth_and_parses_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .and(header("authorization", basic_auth().as_str()))
        .and(body_json(json!({
            "grant_type": "authorization_code",
            "code": "code-123",
            "redirect_uri": REDIRECT,
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("ntn_a", "nrt_a")))
        .expect(1)
        .mount(&server)
        .await;

    let tokens = app(&server).exchange_code("code-123").await.unwrap();
    assert_eq!(tokens.access_token.expose_secret(), "ntn_a");
    assert_eq!(
        tokens.refresh_token.as_ref().unwrap().expose_secret(),
        "nrt_a"
    );
    assert_eq!(tokens.workspace_name.as_deref(), Some("Acme"));
    assert_eq!(tokens.workspace_icon.as_deref(), Some("🏢"));
    assert_eq!(
        tokens.bot_id.to_string(),
        "b3414d65-9e1c-4c5d-a54e-3a4e5b8a3c1f"
    );
    let TokenOwner::User { user } = &tokens.owner else {
        panic!("expected a user owner, got {:?}", tokens.owner);
    };
    assert_eq!(user.id.to_string(), "c7c11cca-1d73-471d-9b6e-bdef51470190");
    assert_eq!(tokens.duplicated_template_id, None);
}

#[tokio::test]
async fn tokens_never_appear_in_debug_output() {
    let tokens: TokenResponse = serde_json::from_value(token_body("ntn_a", "nrt_a")).unwrap();
    let debug = format!("{tokens:?}");
    assert!(
        !debug.contains("ntn_a") && !debug.contains("nrt_a"),
        "{debug}"
    );
}

#[tokio::test]
async fn workspace_owned_tokens_parse() {
    let mut body = token_body("ntn_a", "nrt_a");
    body["owner"] = json!({"type": "workspace", "workspace": true});
    let tokens: TokenResponse = serde_json::from_value(body).unwrap();
    assert_eq!(tokens.owner, TokenOwner::Workspace { workspace: true });
}

#[test]
fn unknown_owner_types_do_not_fail_the_token_response() {
    let mut body = token_body("ntn_a", "nrt_a");
    body["owner"] = json!({"type": "agent", "agent": {"id": "x"}});
    let tokens: TokenResponse = serde_json::from_value(body).unwrap();
    assert_eq!(tokens.owner, TokenOwner::Other);
}

#[tokio::test]
async fn invalid_grant_is_a_typed_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "object": "error", "status": 400, "code": "invalid_grant",
            "message": "Invalid code.", "request_id": "r-1"
        })))
        .mount(&server)
        .await;

    let err = app(&server).exchange_code("used").await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidGrant));
    assert_eq!(err.request_id(), Some("r-1"));
}

#[tokio::test]
async fn refresh_sends_the_refresh_grant() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .and(header("authorization", basic_auth().as_str()))
        .and(body_json(
            json!({"grant_type": "refresh_token", "refresh_token": "nrt_a"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("ntn_b", "nrt_b")))
        .expect(1)
        .mount(&server)
        .await;

    let tokens = app(&server).refresh(&"nrt_a".into()).await.unwrap();
    assert_eq!(tokens.access_token.expose_secret(), "ntn_b");
}

#[tokio::test]
async fn revoke_and_introspect_use_basic_auth() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/revoke"))
        .and(header("authorization", basic_auth().as_str()))
        .and(body_json(json!({"token": "ntn_a"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"request_id": "r"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/introspect"))
        .and(header("authorization", basic_auth().as_str()))
        .and(body_json(json!({"token": "ntn_a"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"active": true, "scope": "read_content", "iat": 1727554061, "request_id": "r"}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let app = app(&server);
    let token: SecretString = "ntn_a".into();
    let info = app.introspect(&token).await.unwrap();
    assert!(info.active);
    assert_eq!(info.iat, Some(1727554061));
    app.revoke(&token).await.unwrap();
}

/// Remembers every saved access token.
#[derive(Debug, Clone, Default)]
struct RecordingStore(Arc<Mutex<Vec<String>>>);

impl TokenStore for RecordingStore {
    fn save<'a>(&'a self, tokens: &'a TokenResponse) -> BoxFuture<'a, notion_orm::Result<()>> {
        let access = tokens.access_token.expose_secret().to_owned();
        Box::pin(async move {
            self.0.lock().unwrap().push(access);
            Ok(())
        })
    }
}

fn unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({
        "object": "error", "status": 401, "code": "unauthorized",
        "message": "API token is invalid.", "request_id": "r-401"
    }))
}

fn client_with_oauth(server: &MockServer, store: RecordingStore) -> Client {
    let source =
        OAuthTokenSource::from_tokens(app(server), "ntn_old".into(), Some("nrt_old".into()), store);
    Client::builder()
        .base_url(server.uri())
        .token_source(source)
        .rate_limit(RateLimit::disabled())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_401_refreshes_once_saves_and_retries_with_the_new_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/me"))
        .and(header("authorization", "Bearer ntn_old"))
        .respond_with(unauthorized())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .and(body_json(
            json!({"grant_type": "refresh_token", "refresh_token": "nrt_old"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("ntn_new", "nrt_new")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/users/me"))
        .and(header("authorization", "Bearer ntn_new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"object": "user"})))
        .expect(2)
        .mount(&server)
        .await;

    let store = RecordingStore::default();
    let client = client_with_oauth(&server, store.clone());
    let me: Value = client.send(Request::get("/v1/users/me")).await.unwrap();
    assert_eq!(me["object"], "user");
    // The refreshed token is kept for later requests: no second refresh.
    let _: Value = client.send(Request::get("/v1/users/me")).await.unwrap();
    assert_eq!(*store.0.lock().unwrap(), ["ntn_new"]);
}

#[tokio::test]
async fn a_401_without_a_refresh_token_is_returned_as_is() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/me"))
        .respond_with(unauthorized())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    let source = OAuthTokenSource::from_tokens(
        app(&server),
        "ntn_old".into(),
        None,
        RecordingStore::default(),
    );
    let client = Client::builder()
        .base_url(server.uri())
        .token_source(source)
        .rate_limit(RateLimit::disabled())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::Unauthorized));
}

#[tokio::test]
async fn concurrent_401s_spend_the_refresh_token_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/me"))
        .and(header("authorization", "Bearer ntn_old"))
        .respond_with(unauthorized())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("ntn_new", "nrt_new"))
                .set_delay(std::time::Duration::from_millis(300)),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/users/me"))
        .and(header("authorization", "Bearer ntn_new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"object": "user"})))
        .mount(&server)
        .await;

    let client = client_with_oauth(&server, RecordingStore::default());
    let calls = (0..4).map(|_| client.send::<Value>(Request::get("/v1/users/me")));
    for result in futures_util::future::join_all(calls).await {
        assert_eq!(result.unwrap()["object"], "user");
    }
}

#[tokio::test]
async fn a_second_401_after_refreshing_is_returned_without_refreshing_again() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/me"))
        .respond_with(unauthorized())
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("ntn_new", "nrt_new")))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_with_oauth(&server, RecordingStore::default());
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::Unauthorized));
}
