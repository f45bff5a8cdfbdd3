//! Replays recorded Notion exchanges (`tests/fixtures/recorded/`) on wiremock: each mock
//! matches the recorded method, path, query and JSON body exactly and answers with the
//! recorded status and body, so a test proves both that the client sends Notion's request
//! shape and that it decodes Notion's real response.
#![allow(dead_code)] // each test crate uses a different part

use std::path::Path;

use notion_orm::client::{RateLimit, RetryPolicy};
use notion_orm::{Client, NotionVersion};
use serde_json::Value;
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One recorded request and its response.
#[derive(Debug, Clone)]
pub struct Interaction {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub request_body: Option<Value>,
    pub status: u16,
    pub response_body: Value,
}

/// The interactions of a recording, in order.
pub fn load(file: &str) -> Vec<Interaction> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/recorded")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let recording: Value = serde_json::from_str(&text).unwrap();
    recording["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| Interaction {
            method: i["method"].as_str().unwrap().to_owned(),
            path: i["path"].as_str().unwrap().to_owned(),
            query: i["query"]
                .as_str()
                .map(|q| {
                    url::form_urlencoded::parse(q.as_bytes())
                        .into_owned()
                        .collect()
                })
                .unwrap_or_default(),
            request_body: match &i["request_body"] {
                Value::String(s) if s.is_empty() => None,
                body => Some(body.clone()),
            },
            status: i["status"].as_u64().unwrap() as u16,
            response_body: i["response_body"].clone(),
        })
        .collect()
}

/// The one interaction of `file` with this method and path suffix.
pub fn find(file: &str, method: &str, path_suffix: &str) -> Interaction {
    let matches: Vec<_> = load(file)
        .into_iter()
        .filter(|i| i.method == method && i.path.ends_with(path_suffix))
        .collect();
    assert_eq!(
        matches.len(),
        1,
        "{file}: expected one {method} *{path_suffix}, found {}",
        matches.len()
    );
    matches.into_iter().next().unwrap()
}

/// Mounts `interaction`, expecting exactly one matching request.
pub async fn mount(server: &MockServer, interaction: &Interaction) {
    mount_with_body(server, interaction, interaction.request_body.clone()).await;
}

/// Like [`mount`], matching the request against `expected_body` instead of the recorded one.
pub async fn mount_with_body(
    server: &MockServer,
    interaction: &Interaction,
    expected_body: Option<Value>,
) {
    let mut mock =
        Mock::given(method(interaction.method.as_str())).and(path(interaction.path.as_str()));
    for (key, value) in &interaction.query {
        mock = mock.and(query_param(key.as_str(), value.as_str()));
    }
    if !interaction.query.iter().any(|(k, _)| k == "start_cursor") {
        mock = mock.and(query_param_is_missing("start_cursor"));
    }
    if let Some(body) = expected_body {
        mock = mock.and(body_json(body));
    }
    mock.respond_with(
        ResponseTemplate::new(interaction.status).set_body_json(&interaction.response_body),
    )
    .expect(1)
    .mount(server)
    .await;
}

/// A client for `server` that neither waits nor retries, speaking `version`.
pub fn client(server: &MockServer, version: NotionVersion) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token("secret_test")
        .notion_version(version)
        .rate_limit(RateLimit::disabled())
        .retry(RetryPolicy::none())
        // No HTTP timers: tests that poll run on tokio's paused clock, which fires any
        // pending timer as soon as the runtime waits for I/O.
        .no_timeouts()
        .build()
        .unwrap()
}
