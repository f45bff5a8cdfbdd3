//! Webhook deliveries as a receiver sees them: the handshake, signatures, aggregation and
//! event payloads.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use hmac::{Hmac, KeyInit, Mac};
use notion_emulator::Config;
use serde_json::{Value, json};
use sha2::Sha256;
use support::Api;

/// Every request the receiver got: body and `X-Notion-Signature`.
type Received = Arc<Mutex<Vec<(Bytes, Option<String>)>>>;

async fn record(State(received): State<Received>, headers: HeaderMap, body: Bytes) {
    let signature = headers
        .get("x-notion-signature")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    received.lock().unwrap().push((body, signature));
}

/// An emulator with a subscribed receiver; returns the verification token.
async fn subscribed() -> (Api, Received, String) {
    let mut config = Config::default();
    config.webhook_aggregation = Duration::from_millis(300);
    config.webhook_retry_backoff = Duration::from_millis(20);
    let api = Api::start_with(config).await;
    let received = Received::default();
    let app = axum::Router::new()
        .route("/hook", post(record))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let subscription = api
        .emulator
        .subscribe_webhook(&api.emulator.default_integration(), &url)
        .await
        .unwrap();
    (api, received, subscription.verification_token)
}

/// The events received so far (after the handshake), waiting until `count` arrived.
async fn events(received: &Received, count: usize) -> Vec<(Bytes, Option<String>)> {
    for _ in 0..200 {
        {
            let all = received.lock().unwrap();
            if all.len() > count {
                return all[1..].to_vec();
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("fewer than {count} events arrived");
}

fn json(body: &Bytes) -> Value {
    serde_json::from_slice(body).unwrap()
}

#[tokio::test]
async fn the_handshake_sends_the_verification_token_unsigned() {
    let (_api, received, token) = subscribed().await;
    let all = received.lock().unwrap();
    assert_eq!(json(&all[0].0), json!({ "verification_token": token }));
    assert_eq!(all[0].1, None);
}

#[tokio::test]
async fn deliveries_are_signed_with_hmac_sha256_of_the_raw_body() {
    let (api, received, token) = subscribed().await;
    let ds = api
        .data_source("Signed", json!({"Name": {"title": {}}}))
        .await;
    api.row(&ds, "Row", json!({})).await;
    let (body, signature) = events(&received, 1).await.remove(0);
    let mut mac = Hmac::<Sha256>::new_from_slice(token.as_bytes()).unwrap();
    mac.update(&body);
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert_eq!(signature.as_deref(), Some(expected.as_str()));
}

#[tokio::test]
async fn rapid_property_edits_aggregate_into_one_event() {
    let (api, received, _) = subscribed().await;
    let ds = api
        .data_source(
            "Edits",
            json!({"Name": {"title": {}}, "Points": {"number": {}}, "Done": {"checkbox": {}}}),
        )
        .await;
    let row = api.row(&ds, "Row", json!({})).await;
    let id = row["id"].as_str().unwrap();
    let path = format!("/v1/pages/{id}");
    api.patch_ok(&path, json!({"properties": {"Points": {"number": 1}}}))
        .await;
    api.patch_ok(&path, json!({"properties": {"Done": {"checkbox": true}}}))
        .await;
    // The database, the row, and the two edits as one event once the window closed.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let all: Vec<Value> = events(&received, 3)
        .await
        .iter()
        .map(|e| json(&e.0))
        .collect();
    // Deliveries are concurrent, and Notion does not promise their order either.
    let mut kinds: Vec<&str> = all.iter().map(|e| e["type"].as_str().unwrap()).collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            "database.created",
            "page.created",
            "page.properties_updated"
        ]
    );
    let updated = all
        .iter()
        .find(|e| e["type"] == "page.properties_updated")
        .unwrap();
    assert_eq!(updated["entity"], json!({"id": id, "type": "page"}));
    assert_eq!(
        updated["data"]["updated_properties"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(updated["data"]["parent"]["data_source_id"], ds);
    assert_eq!(updated["attempt_number"], 1);
    assert_eq!(updated["authors"][0]["type"], "bot");
}

#[tokio::test]
async fn a_schema_change_is_a_data_source_schema_updated_event() {
    let (api, received, _) = subscribed().await;
    let ds = api
        .data_source("Schema", json!({"Name": {"title": {}}}))
        .await;
    api.patch_ok(
        &format!("/v1/data_sources/{ds}"),
        json!({"properties": {"Size": {"number": {}}}}),
    )
    .await;
    let all: Vec<Value> = events(&received, 2)
        .await
        .iter()
        .map(|e| json(&e.0))
        .collect();
    let schema = all
        .iter()
        .find(|e| e["type"] == "data_source.schema_updated")
        .expect("a schema event");
    assert_eq!(schema["entity"]["id"], ds);
    assert_eq!(schema["data"]["updated_properties"][0]["name"], "Size");
    assert_eq!(schema["data"]["updated_properties"][0]["action"], "created");
}

#[tokio::test]
async fn an_integration_hears_only_about_what_it_can_see() {
    let (api, received, _) = subscribed().await;
    let other = api.emulator.integration("Other").create();
    let (status, _) = api
        .send_as(
            other.token().unwrap(),
            reqwest::Method::POST,
            "/v1/databases",
            Some(json!({"parent": {"type": "workspace", "workspace": true}})),
        )
        .await;
    assert_eq!(status, 200);
    let ds = api
        .data_source("Mine", json!({"Name": {"title": {}}}))
        .await;
    let all: Vec<Value> = events(&received, 1)
        .await
        .iter()
        .map(|e| json(&e.0))
        .collect();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let database =
        api.get_ok(&format!("/v1/data_sources/{ds}")).await["parent"]["database_id"].clone();
    assert!(all.iter().all(|e| e["entity"]["id"] == database), "{all:?}");
}
