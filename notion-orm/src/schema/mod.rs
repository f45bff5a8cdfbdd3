//! Schemas as values: snapshots of data sources, how two schemas differ, plans that evolve a
//! live data source toward a wanted schema, and preparing a workspace from code.
//!
//! * A **snapshot** is the data-source object exactly as `GET /v1/data_sources/{id}` returns
//!   it (without the per-response `request_id`), pretty-printed with sorted keys so it diffs
//!   well in review: [`fetch_data_source`] and [`snapshot_json`]. The `notion-orm` CLI keeps
//!   them in `.notion/<name>.json`; the derive reads them at compile time.
//! * [`SchemaDiff`] lists how two schemas differ (properties added, removed, renamed by id,
//!   kinds changed, options added, removed, renamed); `notion-orm check` prints it.
//! * [`Plan`] is the way from a live schema to a wanted one, printed before it is applied;
//!   destructive steps need consent. `notion-orm push` uses it.
//! * [`Setup`] prepares a workspace idempotently: a database under a parent, its data sources
//!   (from snapshots or from models), views and starter pages. Running it again finds what
//!   exists, by title, and creates only the rest.
//!
//! # Installing a public integration
//!
//! A public integration prepares each workspace it is installed in:
//!
//! 1. **OAuth**: send the user to [`OAuthApp::authorize_url`](crate::oauth::OAuthApp::authorize_url);
//!    on the redirect, [`OAuthApp::exchange_code`](crate::oauth::OAuthApp::exchange_code) gives
//!    a [`TokenResponse`](crate::oauth::TokenResponse). Store the tokens and build a client with
//!    [`OAuthTokenSource`](crate::oauth::OAuthTokenSource).
//! 2. **Where to set up**: if the user chose to duplicate your template during the install,
//!    `duplicated_template_id` is the id of their copy: run the setup under that page, and it
//!    finds the template's databases, data sources and pages instead of creating duplicates
//!    (and adds only what your current schema has beyond the template's). Otherwise use a page
//!    the user shared with the integration, or [`Parent::Workspace`](crate::types::Parent::Workspace)
//!    (public integrations may create top-level content; found again through search).
//! 3. **Setup**: run [`Setup::run`]; keep the data-source ids of the [`SetupReport`] with the
//!    user's tokens, or bind the models with [`bind`](crate::model::bind) per client.
//!
//! ```no_run
//! # async fn run(app: notion_orm::oauth::OAuthApp, code: &str,
//! #     store: impl notion_orm::oauth::TokenStore + 'static, shared_page: notion_orm::types::PageId,
//! #     tasks: serde_json::Value) -> notion_orm::Result<()> {
//! use notion_orm::oauth::OAuthTokenSource;
//! use notion_orm::schema::{DataSourceSpec, DatabaseSpec, PageSpec, Setup, ViewSpec};
//! use notion_orm::types::Parent;
//! use notion_orm::types::view::ViewType;
//! use notion_orm::Client;
//!
//! let tokens = app.exchange_code(code).await?;
//! let parent = tokens.duplicated_template_id.unwrap_or(shared_page);
//! let client = Client::builder()
//!     .token_source(OAuthTokenSource::new(app, &tokens, store))
//!     .build()?;
//! // `tasks` is a snapshot, e.g. `include_str!` of `.notion/tasks.json` parsed as JSON.
//! let report = Setup::new(Parent::Page(parent))
//!     .database(
//!         DatabaseSpec::new("Tasks")
//!             .data_source(DataSourceSpec::from_snapshot("Tasks", &tasks))
//!             .view(ViewSpec::new("All tasks", "Tasks", ViewType::Table)),
//!     )
//!     .page(PageSpec::new("Getting started").markdown("Welcome! Add tasks in **Tasks**."))
//!     .run(&client)
//!     .await?;
//! let tasks_id = report.data_source("Tasks").expect("set up above");
//! # let _ = tasks_id;
//! # Ok(()) }
//! ```

mod diff;
mod plan;
mod setup;

use std::sync::OnceLock;

use serde_json::{Map, Value};

pub use diff::{ChangedProperty, OptionChange, PropertyChange, SchemaDiff};
pub use plan::Plan;
pub use setup::{DataSourceSpec, DatabaseSpec, PageSpec, Setup, SetupReport, ViewSpec};

use crate::Result;
use crate::client::{Client, Request};
use crate::types::DataSourceId;

/// `GET /v1/data_sources/{id}` as the JSON Notion sent, nothing dropped: the content of a
/// snapshot (see [`snapshot_json`]).
///
/// # Errors
///
/// Any error of [`Client::send`].
pub async fn fetch_data_source(client: &Client, id: DataSourceId) -> Result<Value> {
    client
        .send(Request::get("/v1/data_sources/{data_source_id}").param(id))
        .await
}

/// The text of a snapshot: `data_source` without its `request_id` (different on every
/// response), pretty-printed with every object's keys sorted, ending in a newline.
///
/// ```
/// use serde_json::json;
///
/// let text = notion_orm::schema::snapshot_json(&json!({"object": "data_source", "id": "x", "request_id": "r"}));
/// assert_eq!(text, "{\n  \"id\": \"x\",\n  \"object\": \"data_source\"\n}\n");
/// ```
pub fn snapshot_json(data_source: &Value) -> String {
    let mut value = sorted(data_source);
    if let Value::Object(map) = &mut value {
        map.remove("request_id");
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// `value` with the keys of every object in sorted order, whatever order serde_json's map keeps.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The `properties` map of a data-source object (empty if it has none).
pub fn properties_of(data_source: &Value) -> &Map<String, Value> {
    static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
    data_source
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snapshots_sort_nested_keys() {
        let text = snapshot_json(&json!({"b": {"z": 1, "a": [{"y": 1, "x": 2}]}, "a": 0}));
        let a = text.find("\"a\": 0").unwrap();
        let b = text.find("\"b\"").unwrap();
        assert!(a < b, "{text}");
        assert!(
            text.find("\"x\"").unwrap() < text.find("\"y\"").unwrap(),
            "{text}"
        );
        assert!(
            text.find("\"a\": [").unwrap() < text.find("\"z\"").unwrap(),
            "{text}"
        );
    }
}
