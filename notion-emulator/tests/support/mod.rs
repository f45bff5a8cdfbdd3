//! Test helpers: an emulator per test and a tiny JSON client for it.
#![allow(dead_code)]

use notion_emulator::{Config, Emulator};
use serde_json::Value;

/// An emulator and a client that talks to it with the right headers.
pub struct Api {
    pub emulator: Emulator,
    pub http: reqwest::Client,
    pub version: &'static str,
}

impl Api {
    pub async fn start() -> Self {
        Self::start_with(Config::default()).await
    }

    pub async fn start_with(config: Config) -> Self {
        Self {
            emulator: Emulator::start_with(config).await.expect("emulator starts"),
            http: reqwest::Client::new(),
            version: "2025-09-03",
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.emulator.base_url(), path)
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(self.emulator.token())
            .header("Notion-Version", self.version);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the emulator");
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    /// Like `post`, but panics unless Notion would answer 200.
    pub async fn post_ok(&self, path: &str, body: Value) -> Value {
        let (status, body) = self.post(path, body).await;
        assert_eq!(status, 200, "POST {path} failed: {body}");
        body
    }

    pub async fn patch_ok(&self, path: &str, body: Value) -> Value {
        let (status, body) = self.patch(path, body).await;
        assert_eq!(status, 200, "PATCH {path} failed: {body}");
        body
    }

    pub async fn get_ok(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, 200, "GET {path} failed: {body}");
        body
    }
}
