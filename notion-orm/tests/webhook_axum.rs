//! The axum extractor verifies deliveries before the handler runs (feature `axum`).
#![cfg(feature = "axum")]

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use notion_orm::webhook::axum::{NotionWebhook, WebhookToken};
use notion_orm::webhook::{Delivery, SIGNATURE_HEADER, sign_payload};
use secrecy::SecretString;

const EVENT: &str = include_str!("fixtures/webhooks/page.created.json");

async fn handler(NotionWebhook(delivery): NotionWebhook) -> String {
    match delivery {
        Delivery::Event(event) => event.kind.type_name().to_owned(),
        Delivery::Verification { .. } => "handshake".to_owned(),
    }
}

/// Serves the handler on 127.0.0.1 and returns its URL.
async fn serve(token: Option<&str>) -> String {
    let state = WebhookToken::new(token.map(SecretString::from));
    let app = Router::new()
        .route("/hook", post(handler))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[tokio::test]
async fn signed_events_reach_the_handler() {
    let url = serve(Some("secret_t")).await;
    let signature = sign_payload(EVENT.as_bytes(), &SecretString::from("secret_t"));
    let response = reqwest::Client::new()
        .post(url)
        .header(SIGNATURE_HEADER, signature)
        .body(EVENT)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "page.created");
}

#[tokio::test]
async fn badly_signed_events_are_rejected_with_401() {
    let url = serve(Some("secret_t")).await;
    let signature = sign_payload(EVENT.as_bytes(), &SecretString::from("secret_other"));
    let response = reqwest::Client::new()
        .post(url)
        .header(SIGNATURE_HEADER, signature)
        .body(EVENT)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn handshake_reaches_the_handler_before_a_token_is_set() {
    let url = serve(None).await;
    let response = reqwest::Client::new()
        .post(url)
        .body(r#"{"verification_token":"secret_new"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "handshake");
}

#[tokio::test]
async fn events_before_a_token_is_set_are_rejected_with_401() {
    let url = serve(None).await;
    let signature = sign_payload(EVENT.as_bytes(), &SecretString::from("secret_t"));
    let response = reqwest::Client::new()
        .post(url)
        .header(SIGNATURE_HEADER, signature)
        .body(EVENT)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signed_bodies_that_are_not_events_are_rejected_with_400() {
    let url = serve(Some("secret_t")).await;
    // Authentic, but missing the envelope (`id`, `timestamp`, `entity`, ...).
    let body = r#"{"type":"page.created"}"#;
    let signature = sign_payload(body.as_bytes(), &SecretString::from("secret_t"));
    let response = reqwest::Client::new()
        .post(url)
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}
