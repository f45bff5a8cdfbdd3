//! # notion-emulator
//!
//! An in-process emulator of the Notion REST API. It behaves like Notion for everything
//! `notion-orm` uses (data sources, databases, pages and their markdown, blocks, search, users,
//! comments, views, file uploads, async tasks, custom emojis, OAuth), so tests and examples run
//! with no account and no network.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let emulator = notion_emulator::Emulator::start().await.unwrap();
//! println!("Notion API at {} with token {}", emulator.base_url(), emulator.token());
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Imports run one way: `world` (the objects, plain data) <- `notion` (Notion's rules) <-
// `http` (request plumbing) <- `api` (handlers and router); `webhooks` (outgoing deliveries),
// `persistence` and `seed` read and write `world`.
mod api;
mod client;
mod http;
mod notion;
mod persistence;
mod seed;
mod webhooks;
mod world;

pub use client::StartError;
pub use notion::error::RequestRejected;
pub use persistence::{DataFileError, saved_bot_id};
pub use seed::SeedError;
pub use world::faults::{Fault, FaultRule, Faults};
pub use world::integrations::{Integration, IntegrationBuilder};
pub use world::oauth::{OAuth, OAuthClient};
pub use world::rate_limit::RateLimit;
pub use world::request_log::LoggedRequest;
pub use world::state::{Capabilities, Clock, Config, UserInformation};

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running emulator on 127.0.0.1. It shuts down when dropped.
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    base_url: String,
    state: world::state::AppState,
    data_file: http::durable::DataFile,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    webhooks: JoinHandle<()>,
}

/// A webhook subscription, from [`Emulator::subscribe_webhook`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookSubscription {
    /// The subscription id (`subscription_id` in every event).
    pub id: uuid::Uuid,
    /// The token sent in the handshake; it keys every delivery's `X-Notion-Signature`.
    pub verification_token: String,
}

impl Emulator {
    /// Starts an emulator with the default [`Config`] on a random loopback port.
    pub async fn start() -> Result<Self, StartError> {
        Self::start_with(Config::default()).await
    }

    /// Starts an emulator with the given configuration.
    pub async fn start_with(config: Config) -> Result<Self, StartError> {
        let bind = config.bind;
        let start_error = |source| StartError { addr: bind, source };
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(start_error)?;
        let addr = listener.local_addr().map_err(start_error)?;
        let state = Arc::new(world::state::Shared::new(config));
        seed_root_page(&state);
        let webhooks = webhooks::spawn(state.clone());
        let data_file = http::durable::DataFile::default();
        let app = api::router::build(state.clone(), data_file.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let read_timeout = state.config.read_timeout;
        let task = tokio::spawn(http::server::serve(listener, app, read_timeout, rx));
        Ok(Self {
            addr,
            base_url: format!("http://{addr}"),
            state,
            data_file,
            shutdown: Some(tx),
            task: Some(task),
            webhooks,
        })
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:49152` (paths start with `/v1/`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The socket address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The bearer token the emulator accepts for its default integration.
    pub fn token(&self) -> &str {
        &self.state.config.token
    }

    /// The id of the root page: a workspace-level page shared with the default integration,
    /// the place to create databases and pages in (search finds it as "Emulator root").
    pub fn root_page_id(&self) -> uuid::Uuid {
        self.state.world().root_page_id
    }

    /// The default integration: [`Emulator::token`]'s bot, named [`Config::integration_name`].
    pub fn default_integration(&self) -> Integration {
        let world = self.state.world();
        world
            .integrations
            .describe(self.state.bot_id, &self.state.config.token)
    }

    /// Starts building another integration of the workspace: internal (a token and a bot) or,
    /// with [`IntegrationBuilder::public`], public (installed through the OAuth flow). It sees
    /// nothing until something is shared with it ([`Emulator::share`]) or it creates something.
    pub fn integration(&self, name: &str) -> IntegrationBuilder<'_> {
        IntegrationBuilder {
            state: &self.state,
            name: name.to_owned(),
            token: None,
            capabilities: Capabilities::ALL,
            client: None,
        }
    }

    /// Shares a page, database or data source (and so everything under it) with `integration`,
    /// as a person does in Notion's "Connections" menu.
    pub fn share(&self, object: uuid::Uuid, integration: &Integration) {
        let mut world = self.state.world();
        world.integrations.share_with(object, integration);
        world.touch();
    }

    /// Subscribes `url` to the events `integration` may see, as creating a subscription in
    /// Notion's integration settings does: the receiver gets the one-time handshake
    /// `{"verification_token": ...}` first (this call fails if it does not answer 2xx), then
    /// signed events. The subscription is active at once; there is no UI to paste the token into.
    pub async fn subscribe_webhook(
        &self,
        integration: &Integration,
        url: &str,
    ) -> Result<WebhookSubscription, reqwest::Error> {
        let token = format!("secret_{}", uuid::Uuid::new_v4().simple());
        webhooks::handshake(&webhooks::http_client(), url, &token).await?;
        let subscription = WebhookSubscription {
            id: uuid::Uuid::new_v4(),
            verification_token: token,
        };
        let mut world = self.state.world();
        let bots: Vec<uuid::Uuid> = match integration.client_id() {
            Some(client) => world
                .integrations
                .bots
                .values()
                .filter(|b| b.public_client.as_deref() == Some(client))
                .map(|b| b.id)
                .collect(),
            None => vec![integration.id()],
        };
        for bot in bots {
            world
                .webhooks
                .subscriptions
                .push(world::webhooks::Subscription {
                    id: subscription.id,
                    bot,
                    url: url.to_owned(),
                    verification_token: subscription.verification_token.clone(),
                });
        }
        Ok(subscription)
    }

    /// The emulator's clock; move it forward to test relative dates and timestamps.
    pub fn clock(&self) -> &Clock {
        &self.state.clock
    }

    /// The configuration this emulator runs with.
    pub fn config(&self) -> &Config {
        &self.state.config
    }

    /// The id of the integration's bot user (`GET /v1/users/me`), author of API-made objects.
    pub fn bot_id(&self) -> uuid::Uuid {
        self.state.bot_id
    }

    /// Adds a workspace member (a `person` user) and returns its id.
    pub fn seed_user(&self, name: &str, email: &str) -> uuid::Uuid {
        let id = uuid::Uuid::new_v4();
        let mut world = self.state.world();
        world.users.push(world::User {
            id,
            name: name.to_owned(),
            avatar_url: None,
            email: Some(email.to_owned()),
        });
        id
    }

    /// Adds a workspace custom emoji (listed by `GET /v1/custom_emojis`) and returns its id.
    pub fn seed_custom_emoji(&self, name: &str, url: &str) -> uuid::Uuid {
        self.state.world().custom_emojis.add(name, url)
    }

    /// Adds a template to a data source (listed by `GET /v1/data_sources/{id}/templates`);
    /// `None` when there is no such data source.
    pub fn seed_template(
        &self,
        data_source: uuid::Uuid,
        name: &str,
        is_default: bool,
    ) -> Option<uuid::Uuid> {
        let mut world = self.state.world();
        let ds = world.data_sources.get_mut(&data_source)?;
        let id = uuid::Uuid::new_v4();
        if is_default {
            ds.templates.iter_mut().for_each(|t| t.is_default = false);
        }
        ds.templates.push(world::Template {
            id,
            name: name.to_owned(),
            is_default,
        });
        Some(id)
    }

    /// Creates a database with its initial data source from a `POST /v1/databases` body,
    /// in-process and with the same validation; returns the database object (2025-09-03 shape).
    pub fn create_database(
        &self,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, RequestRejected> {
        let state = &self.state;
        let mut world = state.world();
        let id = api::databases::create_database(state, &mut world, &body)?;
        let db = world
            .database(id)
            .ok_or_else(|| state.not_found("database", id))?;
        Ok(api::databases::render(
            &world,
            db,
            notion::version::ApiVersion::V2025_09_03,
        ))
    }

    /// Creates pages from `POST /v1/pages` bodies, in-process and with the same validation:
    /// the fast way to seed thousands of rows. Stops at the first rejected body; pages created
    /// before it stay. Returns the new page ids in order.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use serde_json::json;
    ///
    /// let emulator = notion_emulator::Emulator::start().await.unwrap();
    /// let db = emulator
    ///     .create_database(json!({"parent": {"type": "workspace", "workspace": true}}))
    ///     .unwrap();
    /// let data_source = db["data_sources"][0]["id"].as_str().unwrap().to_owned();
    /// let rows = emulator
    ///     .create_pages((0..3).map(|i| {
    ///         json!({
    ///             "parent": {"data_source_id": data_source},
    ///             "properties": {"Name": {"title": [{"text": {"content": format!("row {i}")}}]}},
    ///         })
    ///     }))
    ///     .unwrap();
    /// assert_eq!(rows.len(), 3);
    /// # }
    /// ```
    pub fn create_pages(
        &self,
        bodies: impl IntoIterator<Item = serde_json::Value>,
    ) -> Result<Vec<uuid::Uuid>, RequestRejected> {
        let state = &self.state;
        let mut world = state.world();
        bodies
            .into_iter()
            .map(|body| {
                api::pages::create_page(state, &mut world, &body).map_err(RequestRejected::from)
            })
            .collect()
    }

    /// Stops the server and waits for in-flight requests to finish.
    pub async fn shutdown(mut self) {
        self.webhooks.abort();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Emulator {
    /// Fault injection and the request log of this emulator.
    pub fn faults(&self) -> Faults<'_> {
        Faults { state: &self.state }
    }
}

impl Emulator {
    /// The OAuth test helper of this emulator.
    pub fn oauth(&self) -> OAuth<'_> {
        OAuth { state: &self.state }
    }
}

/// Seeds the root page every emulator starts with.
fn seed_root_page(state: &world::state::Shared) {
    let id = uuid::Uuid::new_v4();
    seed::seed_page(state, id, ROOT_PAGE_TITLE);
    state.world().root_page_id = id;
}

/// The title of the root page.
const ROOT_PAGE_TITLE: &str = "Emulator root";

impl Drop for Emulator {
    fn drop(&mut self) {
        self.webhooks.abort();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
