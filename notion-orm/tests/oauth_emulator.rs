//! The OAuth flow end to end against the emulator's token endpoints: code exchange, API calls
//! with the access token, revoke, introspect, and refresh-on-401 through the token store.

use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use notion_emulator::{Config, Emulator, OAuthClient};
use notion_orm::Client;
use notion_orm::client::{RateLimit, Request};
use notion_orm::oauth::{OAuthApp, OAuthTokenSource, TokenResponse, TokenStore};
use secrecy::ExposeSecret;
use serde_json::Value;

const CLIENT_ID: &str = "public-client";
const CLIENT_SECRET: &str = "public-secret";
const REDIRECT: &str = "https://app.example/callback";

async fn emulator() -> Emulator {
    let mut config = Config::default();
    config
        .oauth_clients
        .push(OAuthClient::new(CLIENT_ID, CLIENT_SECRET, REDIRECT));
    Emulator::start_with(config).await.unwrap()
}

fn app(emulator: &Emulator) -> OAuthApp {
    OAuthApp::new(CLIENT_ID, CLIENT_SECRET.into(), REDIRECT)
        .with_base_url(emulator.base_url())
        .unwrap()
}

/// Keeps the last saved access token.
#[derive(Debug, Clone, Default)]
struct LastSaved(Arc<Mutex<Option<String>>>);

impl TokenStore for LastSaved {
    fn save<'a>(&'a self, tokens: &'a TokenResponse) -> BoxFuture<'a, notion_orm::Result<()>> {
        *self.0.lock().unwrap() = Some(tokens.access_token.expose_secret().to_owned());
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn exchanged_tokens_call_the_api_and_introspect_as_active() {
    let emulator = emulator().await;
    let app = app(&emulator);
    let code = emulator.oauth().authorize(CLIENT_ID, REDIRECT).unwrap();

    let tokens = app.exchange_code(&code).await.unwrap();
    assert!(tokens.refresh_token.is_some());
    assert!(app.introspect(&tokens.access_token).await.unwrap().active);

    let client = Client::builder()
        .base_url(emulator.base_url())
        .token_source(OAuthTokenSource::new(app, &tokens, LastSaved::default()))
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap();
    let me: Value = client.send(Request::get("/v1/users/me")).await.unwrap();
    assert_eq!(me["object"], "user");
}

#[tokio::test]
async fn a_revoked_access_token_is_refreshed_once_and_saved() {
    let emulator = emulator().await;
    let app = app(&emulator);
    let code = emulator.oauth().authorize(CLIENT_ID, REDIRECT).unwrap();
    let tokens = app.exchange_code(&code).await.unwrap();
    app.revoke(&tokens.access_token).await.unwrap();
    assert!(!app.introspect(&tokens.access_token).await.unwrap().active);

    let store = LastSaved::default();
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token_source(OAuthTokenSource::new(app.clone(), &tokens, store.clone()))
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap();
    let me: Value = client.send(Request::get("/v1/users/me")).await.unwrap();
    assert_eq!(me["object"], "user");

    let saved = store
        .0
        .lock()
        .unwrap()
        .clone()
        .expect("the refresh was saved");
    assert_ne!(saved, tokens.access_token.expose_secret());
    assert!(app.introspect(&saved.into()).await.unwrap().active);
}

#[tokio::test]
async fn a_code_can_be_exchanged_only_once() {
    let emulator = emulator().await;
    let app = app(&emulator);
    let code = emulator.oauth().authorize(CLIENT_ID, REDIRECT).unwrap();
    app.exchange_code(&code).await.unwrap();
    let err = app.exchange_code(&code).await.unwrap_err();
    assert_eq!(err.code(), Some(&notion_orm::ErrorCode::InvalidGrant));
}
