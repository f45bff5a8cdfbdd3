//! The world: every Notion object the emulator holds, and lookups by id.
//!
//! Objects are typed records ([`Page`], [`DataSource`], [`Database`], [`Block`], [`User`]) whose
//! free-form parts (rich text, icons, property values, block content) stay as Notion-shaped
//! `serde_json::Value`s, already normalised to their response form. Rendering to JSON happens in
//! the resource modules (`api::*`), with the request's API version.
//!
//! # How to extend (for comments, views, uploads, ...)
//!
//! - Add one field to [`World`] for your feature (e.g. `pub comments: HashMap<Uuid, Comment>`)
//!   whose type implements `Default`: `World::new` fills the rest with `..Default::default()`,
//!   so adding the field to the struct is enough.
//! - Find what your objects hang off with [`World::page`], [`World::block`],
//!   [`World::data_source`], [`World::database`], or [`World::find`] when any kind will do
//!   (comment parents, file attachments). Answer a missing id with
//!   [`crate::world::state::Shared::not_found`], which words the 404 like Notion.
//! - Call [`World::touch`] after any write so cached query results are invalidated.
//! - To create objects exactly as the API would (same validation, dual relations, unique ids),
//!   call `api::pages::create_page`, `api::databases::create_database` or
//!   `api::data_sources::create_data_source` with the shared state and the locked world.
//! - Take the lock through [`crate::world::state::Shared::world`] and never hold it across an `.await`.

use std::collections::HashMap;

use jiff::Timestamp;
use serde_json::Value;
use uuid::Uuid;

pub(crate) mod async_tasks;
pub(crate) mod comments;
pub(crate) mod custom_emojis;
pub(crate) mod faults;
pub(crate) mod file_uploads;
pub(crate) mod oauth;
pub(crate) mod query_cache;
pub(crate) mod rate_limit;
pub(crate) mod request_log;
pub(crate) mod state;
pub(crate) mod views;

use query_cache::QueryCache;
use state::{Capabilities, Config};

/// Where an object lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parent {
    /// Top level of the workspace.
    Workspace,
    /// Inside a page.
    Page(Uuid),
    /// A row of a data source.
    DataSource(Uuid),
    /// A data source's container.
    Database(Uuid),
    /// Nested under a (non-page) block.
    Block(Uuid),
}

/// A workspace member or bot.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct User {
    pub id: Uuid,
    pub name: String,
    pub avatar_url: Option<String>,
    /// `Some(email)` for people, `None` for bots.
    pub email: Option<String>,
}

/// One property of a data source's schema.
#[derive(Debug, Clone)]
pub(crate) struct PropertySchema {
    /// Short, stable id (`title` for the title property).
    pub id: String,
    pub name: String,
    pub description: Value,
    /// The property type (`number`, `select`, ...).
    pub kind: String,
    /// The type's configuration object, response-shaped (e.g. `{"format":"number"}`).
    pub config: Value,
}

/// A data-source template (listed by `GET /v1/data_sources/{id}/templates`).
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub id: Uuid,
    pub name: String,
    pub is_default: bool,
}

/// Timestamps and authors shared by pages, blocks, databases and data sources.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Audit {
    pub created_time: Timestamp,
    pub last_edited_time: Timestamp,
    pub created_by: Uuid,
    pub last_edited_by: Uuid,
}

impl Audit {
    /// Created now by `user`.
    pub fn new(now: Timestamp, user: Uuid) -> Self {
        Self {
            created_time: now,
            last_edited_time: now,
            created_by: user,
            last_edited_by: user,
        }
    }

    /// Records an edit.
    pub fn edit(&mut self, now: Timestamp, user: Uuid) {
        self.last_edited_time = now;
        self.last_edited_by = user;
    }
}

/// A page: a row of a data source or a standalone page.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub id: Uuid,
    pub parent: Parent,
    pub audit: Audit,
    pub icon: Value,
    pub cover: Value,
    pub in_trash: bool,
    pub is_archived: bool,
    pub is_locked: bool,
    /// Stored values of writable properties and `unique_id`, by property id, in their response
    /// form without the `id`/`type` wrapper (e.g. `5`, `{"id":..,"name":..,"color":..}`, `[..]`).
    /// Computed properties (formula, rollup, timestamps, authors) are not stored.
    pub properties: HashMap<String, Value>,
    /// Creation order; the stable tiebreak of every sort.
    pub seq: u64,
}

/// A data source: a schema and its rows.
#[derive(Debug, Clone)]
pub(crate) struct DataSource {
    pub id: Uuid,
    pub database_id: Uuid,
    pub title: Value,
    pub description: Value,
    pub icon: Value,
    pub audit: Audit,
    pub in_trash: bool,
    /// Properties in schema order.
    pub properties: Vec<PropertySchema>,
    /// Row page ids in creation order.
    pub rows: Vec<Uuid>,
    /// The last `unique_id` number handed out.
    pub last_unique_id: u64,
    pub templates: Vec<Template>,
}

impl DataSource {
    /// The property named `key` or with id `key` (requests may use either).
    pub fn property(&self, key: &str) -> Option<&PropertySchema> {
        self.properties
            .iter()
            .find(|p| p.name == key)
            .or_else(|| self.properties.iter().find(|p| p.id == key))
    }
}

/// A database: a container of data sources.
#[derive(Debug, Clone)]
pub(crate) struct Database {
    pub id: Uuid,
    pub parent: Parent,
    pub title: Value,
    pub description: Value,
    pub is_inline: bool,
    pub in_trash: bool,
    pub is_locked: bool,
    pub icon: Value,
    pub cover: Value,
    pub audit: Audit,
    pub data_sources: Vec<Uuid>,
}

/// A content block (paragraph, heading, ...). Child pages and databases are not stored here:
/// they are [`Page`]s and [`Database`]s that render as `child_page`/`child_database` blocks.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub id: Uuid,
    pub parent: Parent,
    pub kind: String,
    /// The type-specific object, response-shaped.
    pub content: Value,
    pub in_trash: bool,
    pub audit: Audit,
}

/// Any object found by id; see [`World::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObjectKind {
    Page,
    Block,
    Database,
    DataSource,
    User,
}

/// All Notion objects held by the emulator.
#[derive(Debug, Default)]
pub(crate) struct World {
    /// The integration's bot user.
    pub bot_id: Uuid,
    /// The emulated workspace.
    pub workspace_id: Uuid,
    /// Users in listing order.
    pub users: Vec<User>,
    pub pages: HashMap<Uuid, Page>,
    pub data_sources: HashMap<Uuid, DataSource>,
    pub databases: HashMap<Uuid, Database>,
    pub blocks: HashMap<Uuid, Block>,
    /// Ordered children (blocks, child pages, child databases) of each page or block.
    pub children: HashMap<Uuid, Vec<Uuid>>,
    /// Tokens issued at run time (e.g. by the OAuth endpoint), with their capabilities.
    pub issued_tokens: HashMap<String, Capabilities>,
    /// Counter behind [`Page::seq`].
    pub next_seq: u64,
    /// Bumped by every write; cached query results from an older generation are stale.
    pub generation: u64,
    pub query_cache: QueryCache,
    /// Scripted faults, the rate limiter and the request log.
    pub faults: faults::FaultState,
    /// Every file upload.
    pub file_uploads: file_uploads::FileUploads,
    /// OAuth codes and tokens issued so far.
    pub oauth: oauth::OAuthState,
    /// Every comment.
    pub comments: comments::Comments,
    /// Views and live view queries.
    pub views: views::Views,
    /// Tasks of requests answered asynchronously (`allow_async`).
    pub async_tasks: async_tasks::AsyncTasks,
    /// The workspace's custom emojis.
    pub custom_emojis: custom_emojis::CustomEmojis,
}

impl World {
    /// A world holding the integration's bot and one workspace member.
    pub fn new(config: &Config) -> Self {
        let bot_id = config.bot_id.unwrap_or_else(Uuid::new_v4);
        let bot = User {
            id: bot_id,
            name: config.integration_name.clone(),
            avatar_url: None,
            email: None,
        };
        let person = User {
            id: Uuid::new_v4(),
            name: "Emulated Person".to_owned(),
            avatar_url: None,
            email: Some("person@example.com".to_owned()),
        };
        Self {
            bot_id,
            workspace_id: Uuid::new_v4(),
            users: vec![person, bot],
            ..Default::default()
        }
    }

    /// Marks the world as changed (invalidates cached query results).
    pub fn touch(&mut self) {
        self.generation += 1;
    }

    /// The next creation sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// A page by id (trashed ones included).
    pub fn page(&self, id: Uuid) -> Option<&Page> {
        self.pages.get(&id)
    }

    /// A non-page block by id.
    pub fn block(&self, id: Uuid) -> Option<&Block> {
        self.blocks.get(&id)
    }

    /// A data source by id.
    pub fn data_source(&self, id: Uuid) -> Option<&DataSource> {
        self.data_sources.get(&id)
    }

    /// A database by id.
    pub fn database(&self, id: Uuid) -> Option<&Database> {
        self.databases.get(&id)
    }

    /// A user by id.
    pub fn user(&self, id: Uuid) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// What kind of object `id` names, if any.
    pub fn find(&self, id: Uuid) -> Option<ObjectKind> {
        if self.pages.contains_key(&id) {
            Some(ObjectKind::Page)
        } else if self.blocks.contains_key(&id) {
            Some(ObjectKind::Block)
        } else if self.data_sources.contains_key(&id) {
            Some(ObjectKind::DataSource)
        } else if self.databases.contains_key(&id) {
            Some(ObjectKind::Database)
        } else if self.user(id).is_some() {
            Some(ObjectKind::User)
        } else {
            None
        }
    }

    /// Whether `id` is a page, block or database (anything that can be a block).
    pub fn is_block_like(&self, id: Uuid) -> bool {
        self.pages.contains_key(&id)
            || self.blocks.contains_key(&id)
            || self.databases.contains_key(&id)
    }
}
