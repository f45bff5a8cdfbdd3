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
        self.send_as(self.emulator.token(), method, path, body)
            .await
    }

    /// Sends a request with another integration's token.
    pub async fn send_as(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(token)
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

/// A data source with one property of each commonly filtered type.
pub const TASKS_SCHEMA: &str = r#"{
    "Name": {"title": {}},
    "Notes": {"rich_text": {}},
    "Score": {"number": {"format": "number"}},
    "Priority": {"select": {"options": [{"name": "High"}, {"name": "Low"}]}},
    "Tags": {"multi_select": {"options": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}},
    "Stage": {"status": {}},
    "Due": {"date": {}},
    "Owner": {"people": {}},
    "Attachments": {"files": {}},
    "Done": {"checkbox": {}},
    "Link": {"url": {}},
    "Mail": {"email": {}},
    "Phone": {"phone_number": {}},
    "Double": {"formula": {"expression": "prop(\"Score\") * 2"}},
    "Label": {"formula": {"expression": "prop(\"Name\") + \"!\""}},
    "Big": {"formula": {"expression": "prop(\"Score\") > 5"}},
    "Key": {"unique_id": {"prefix": "T"}},
    "Created": {"created_time": {}},
    "Author": {"created_by": {}}
}"#;

impl Api {
    /// Creates a database with the given initial schema; returns the data source id.
    pub async fn data_source(&self, title: &str, properties: Value) -> String {
        let db = self
            .post_ok(
                "/v1/databases",
                serde_json::json!({
                    "parent": {"type": "workspace", "workspace": true},
                    "title": [{"text": {"content": title}}],
                    "initial_data_source": {"properties": properties},
                }),
            )
            .await;
        db["data_sources"][0]["id"].as_str().unwrap().to_owned()
    }

    /// A data source with [`TASKS_SCHEMA`].
    pub async fn tasks(&self) -> String {
        self.data_source("Tasks", serde_json::from_str(TASKS_SCHEMA).unwrap())
            .await
    }

    /// Creates a row in `ds` with a title and other property values.
    pub async fn row(&self, ds: &str, name: &str, mut properties: Value) -> Value {
        properties["Name"] = serde_json::json!({"title": [{"text": {"content": name}}]});
        self.post_ok(
            "/v1/pages",
            serde_json::json!({"parent": {"data_source_id": ds}, "properties": properties}),
        )
        .await
    }

    /// Runs a query and returns the titles of the results, in order.
    pub async fn titles(&self, ds: &str, body: Value) -> Vec<String> {
        let response = self
            .post_ok(&format!("/v1/data_sources/{ds}/query"), body)
            .await;
        response["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|page| {
                page["properties"]["Name"]["title"][0]["plain_text"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    }

    /// The titles matched by one filter.
    pub async fn filtered(&self, ds: &str, filter: Value) -> Vec<String> {
        let mut titles = self.titles(ds, serde_json::json!({"filter": filter})).await;
        titles.sort();
        titles
    }

    /// A standalone page under a seeded top-level page.
    pub async fn page(&self, title: &str) -> Value {
        let root = uuid::Uuid::new_v4();
        self.emulator.seed_page(root, "Root");
        self.post_ok(
            "/v1/pages",
            serde_json::json!({
                "parent": {"page_id": root},
                "properties": {"title": [{"text": {"content": title}}]},
            }),
        )
        .await
    }
}
