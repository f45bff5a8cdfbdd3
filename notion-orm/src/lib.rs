//! # notion-orm
//!
//! New here? The [`guide`] goes from nothing to a tested app.
//!
//! A typed Rust client and ORM for the [Notion API](https://developers.notion.com).
//!
//! * [`Client`] speaks Notion's REST API: authentication, `Notion-Version`, rate limiting,
//!   bounded retries, pagination as [`Stream`](futures_util::Stream)s and errors that keep
//!   Notion's code, message and request id.
//! * [`types`] is the complete wire model: ids, pages, data sources, databases, users,
//!   rich text, files and every property type, as schema and as value.
//! * [`api`] holds one module per Notion resource: pages, data sources, databases, blocks,
//!   views, comments, users, search, page markdown and async tasks.
//! * [`NotionModel`] (derive) maps a struct to a data source, with typed property handles, a
//!   typed [`query`] builder and create / patch / update / upsert / trash operations; see
//!   [`model`].
//! * [`oauth`] covers public integrations, [`webhook`] verifies and decodes webhook deliveries.
//! * [`upload`] sends files of any size (single or multi part, streamed, with progress) and
//!   imports files from URLs, ready to attach to `files` properties, icons, covers and blocks.
//!
//! The `notion-emulator` crate serves the same API on 127.0.0.1 for tests and local development.
//!
//! The low-level API, with filters as JSON:
//!
//! ```no_run
//! # async fn run() -> notion_orm::Result<()> {
//! use futures_util::TryStreamExt;
//! use notion_orm::api::data_sources::Query;
//! use notion_orm::api::pages::PageUpdate;
//! use notion_orm::types::{DataSourceId, PropertyValue};
//! use notion_orm::Client;
//! use serde_json::json;
//!
//! let client = Client::from_env()?; // NOTION_TOKEN, optional NOTION_BASE_URL / NOTION_VERSION
//! let tasks = DataSourceId::parse("1c8e1b0a-5f4e-4a8e-9a33-6a1b2c3d4e5f")?;
//!
//! let open = Query::new().filter(json!({"property": "Done", "checkbox": {"equals": false}}));
//! let mut rows = client.data_sources().query(tasks, &open);
//! while let Some(row) = rows.try_next().await? {
//!     if let Some(page) = row.as_page() {
//!         let done = PageUpdate::new().property("Done", &PropertyValue::Checkbox(true))?;
//!         client.pages().update(page.id, &done).await?;
//!     }
//! }
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(hidden)]
pub mod __private;
pub mod api;
pub mod client;
pub mod de;
pub mod error;
pub mod guide;
pub mod limits;
pub mod model;
pub mod oauth;
pub mod pagination;
pub mod prelude;
pub mod query;
pub mod schema;
pub mod types;
pub mod upload;
pub mod webhook;

pub use client::{Client, ClientBuilder, NotionVersion};
pub use error::{ApiError, Capability, Error, ErrorCode, Result};
/// The date and time library of date properties, re-exported so its version always matches.
pub use jiff;
pub use model::NotionModel;
pub use notion_derive::{NotionModel, NotionSelect};
