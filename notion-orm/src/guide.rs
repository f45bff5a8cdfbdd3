//! # Guide: from nothing to a tested app
//!
//! This page walks through what an application does with notion-orm, in order. Every step runs
//! against the embedded emulator (`notion-emulator`), so it needs no account; the last step
//! points the same code at Notion.
//!
//! ## 1. A model
//!
//! A struct is a data source; each field is a property, its kind inferred from the Rust type or
//! given with `kind = ".."`. Enums of `select`/`status` options derive `NotionSelect`. The serde
//! derives may sit beside `NotionModel` (for reading the same struct from CSV or JSON); they do
//! not interfere.
//!
//! ```
//! use notion_orm::prelude::*;
//!
//! #[derive(NotionSelect, serde::Deserialize, Debug, Clone, PartialEq)]
//! enum Stage {
//!     Todo,
//!     Doing,
//!     Done,
//!     #[notion(other)]
//!     #[serde(untagged)]
//!     Other(String),
//! }
//!
//! #[derive(NotionModel, serde::Deserialize, Debug, Clone, PartialEq)]
//! #[notion(rename_all = "Title Case")]
//! struct Task {
//!     #[notion(id)]
//!     #[serde(skip)]
//!     id: Option<PageId>,
//!     #[notion(title)]
//!     name: String,
//!     stage: Option<Stage>,
//!     due: Option<jiff::civil::Date>,
//!     #[serde(deserialize_with = "notion_orm::de::semicolon_separated")]
//!     tags: Vec<String>,
//!     #[notion(key)]
//!     external_id: String, // what upsert finds rows by
//! }
//! # let _ = Task::query();
//! ```
//!
//! ## 2. A data source, in a test
//!
//! ```no_run
//! # use notion_orm::prelude::*;
//! # #[derive(NotionModel, Debug, Clone)]
//! # struct Task { #[notion(id)] id: Option<PageId>, #[notion(title)] name: String, done: bool,
//! #   #[notion(key)] external_id: String }
//! # async fn run() -> notion_orm::Result<()> {
//! let emulator = notion_emulator::Emulator::start().await?;
//! let client = emulator.client();
//! let root = Parent::Page(PageId::from_uuid(emulator.root_page_id()));
//! let database = client.databases().create(&NewDatabase::new(root).title("Tasks")).await?;
//! bind::<Task>(Task::create_data_source(&client, database.id).await?);
//!
//! let task = Task { id: None, name: "Write docs".into(), done: false, external_id: "T-1".into() };
//! Task::upsert(&client, &task).await?;            // created
//! Task::upsert(&client, &task).await?;            // found by key: unchanged, no write
//! let open = Task::query().filter(Task::DONE.equals(false)).all(&client).await?;
//! assert_eq!(open.len(), 1);
//! # Ok(()) }
//! ```
//!
//! `NewDatabase` gives the database an empty data source of its own; `create_data_source` adds
//! the model's beside it (`schema::Setup` creates a database with exactly the data sources you
//! name). [`bind`](crate::model::bind) is per process: tests that run in parallel, each with its
//! own emulator, should pass the data source per call instead (`Task::query().data_source(id)`,
//! `Task::bulk().data_source(id)`, [`upsert_in`](crate::model::upsert_in)).
//!
//! `upsert` costs one query (by the `#[notion(key)]` fields) plus one write when something
//! changed; it needs no `id` field. When several rows share a key, the oldest is updated. A
//! model with no key field does not compile with `upsert`. For many rows, `Task::upsert_many`
//! looks keys up 100 per query and writes 8 at a time, and returns a per-row report
//! ([`BulkReport`](crate::model::bulk::BulkReport): which succeeded, which failed, which may
//! have been applied). A bulk call does not fail as a whole, so check its report:
//! `Task::upsert_many(&client, rows).await.into_result()?` or `report.is_success()`.
//!
//! ## 3. Reading any amount
//!
//! `stream`, `all` and `count` read past Notion's 10,000-row cap by re-querying in windows of
//! the first sort's key (or `created_time`); a first sort that cannot be windowed (text, select)
//! is refused before the first request, and `Query::on_cap` chooses `Error` or `Truncate`
//! instead. `count` moves ids only. Relations, people and text with more than 25 references are
//! completed through the property-item endpoint.
//!
//! ## 4. Checking the model against Notion at compile time
//!
//! `notion-orm pull <data source URL> --name tasks` writes `.notion/tasks.json`; with
//! `#[notion(data_source = "tasks")]` the derive checks every field, kind and option against it
//! and fails the build with a "did you mean". `notion-orm check` in CI reports drift.
//! `notion-orm codegen tasks` writes a model from a snapshot.
//!
//! ## 5. Files, webhooks, faults
//!
//! * `client.upload(UploadSource::path(p))` (`use notion_orm::upload::UploadSource;`) sends a file in one part or many, with progress, and
//!   the result goes into a `files` field with `.into()` ([`upload`](crate::upload)).
//! * `emulator.subscribe_webhook(..)` delivers signed events to a receiver built on
//!   [`webhook`](crate::webhook); see `examples/webhook_receiver.rs`.
//! * `emulator.faults()` scripts 429s, 5xx, latency and dropped connections, and
//!   `emulator.faults().requests()` is the request log to assert on (what was sent, with which
//!   token and body).
//!
//! ## 6. Against Notion
//!
//! Replace `emulator.client()` with `Client::from_env()?` (`NOTION_TOKEN`, optional
//! `NOTION_BASE_URL` and `NOTION_VERSION`) and the emulator's root page with a page shared with
//! your integration. The client limits itself to Notion's 3 requests per second, retries what is
//! safe to retry, and slows down when Notion answers 429.
