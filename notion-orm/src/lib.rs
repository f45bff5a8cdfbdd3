//! # notion-orm
//!
//! A typed Rust client and ORM for the [Notion API](https://developers.notion.com).
//!
//! * [`Client`] speaks Notion's REST API: authentication, `Notion-Version`, rate limiting,
//!   bounded retries, pagination as [`Stream`](futures_util::Stream)s and errors that keep
//!   Notion's code, message and request id.
//! * [`types`] is the complete wire model: ids, pages, data sources, databases, users,
//!   rich text, files and every property type, as schema and as value.
//! * [`api`] holds one module per Notion resource.
//!
//! ```no_run
//! # async fn run() -> notion_orm::Result<()> {
//! use notion_orm::Client;
//!
//! let client = Client::from_env()?; // NOTION_TOKEN, optional NOTION_BASE_URL / NOTION_VERSION
//! # let _ = client;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod client;
#[doc(hidden)]
pub mod __private;
pub mod error;
pub mod model;
pub mod oauth;
pub mod pagination;
pub mod prelude;
pub mod query;
pub mod types;
pub mod webhook;

pub use client::{Client, ClientBuilder, NotionVersion};
pub use error::{ApiError, Error, ErrorCode, Result};
pub use model::NotionModel;
pub use notion_derive::{NotionModel, NotionSelect};
