//! An emulator, a client for it, and a fresh data source for a model.

use notion_emulator::Emulator;
use notion_orm::client::{RateLimit, Request};
use notion_orm::prelude::*;
use serde_json::{Value, json};

/// One emulator per test, with a client that does not rate-limit itself.
pub struct Env {
    pub emulator: Emulator,
    pub client: Client,
}

impl Env {
    pub async fn start() -> Env {
        Env::start_with(notion_emulator::Config::default()).await
    }

    /// As [`Env::start`], with an emulator configured by `config`.
    pub async fn start_with(config: notion_emulator::Config) -> Env {
        let emulator = Emulator::start_with(config).await.expect("emulator starts");
        let client = Client::builder()
            .token(emulator.token().to_owned())
            .base_url(emulator.base_url())
            .rate_limit(RateLimit::disabled())
            .build()
            .expect("client builds");
        Env { emulator, client }
    }

    /// A new database at the workspace's top level.
    pub async fn database(&self) -> DatabaseId {
        let db: Value = self
            .client
            .send(Request::post("/v1/databases").json_value(json!({
                "parent": {"type": "workspace", "workspace": true},
                "title": [{"type": "text", "text": {"content": "Tests"}}],
            })))
            .await
            .expect("database is created");
        DatabaseId::parse(db["id"].as_str().unwrap()).unwrap()
    }

    /// A data source for `M`, created from the struct.
    pub async fn data_source<M: NotionModel>(&self) -> DataSourceId {
        let db = self.database().await;
        M::create_data_source(&self.client, db)
            .await
            .expect("data source is created")
    }

    /// The integration's bot, a user that exists in every emulator.
    pub fn bot(&self) -> UserRef {
        UserRef::user(UserId::from_uuid(self.emulator.bot_id()))
    }
}
