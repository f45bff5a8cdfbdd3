//! One module per Notion resource.
//!
//! Each resource is reached from the [`Client`](crate::Client): `client.pages()`,
//! `client.data_sources()`, `client.databases()`, `client.users()`, `client.search(..)`,
//! `client.blocks()`, ... Request bodies are small builders (`NewPage`, `PageUpdate`,
//! `Query`, ...) that send only what was set; anything not typed yet can be passed as
//! Notion's JSON (`property_json`, `Query::filter`) or sent with
//! [`Client::send`](crate::Client::send).

use serde::Serialize;
use serde_json::Value;

use crate::types::PropertyValue;
use crate::{Error, Result};

pub mod async_tasks;
pub mod blocks;
pub mod comments;
pub mod data_sources;
pub mod databases;
pub mod file_uploads;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod users;
pub mod views;

/// Serializes part of a request body.
pub(crate) fn to_json(value: &impl Serialize) -> Result<Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::invalid(None, None, format!("cannot write the request body: {e}")))
}

/// The write shape of a page property value, refusing read-only kinds with an error that
/// names the property.
pub(crate) fn property_write(name: &str, value: &PropertyValue) -> Result<Value> {
    // A relation write replaces the whole list: writing back a value Notion cut at 25
    // references would silently unlink every page past the 25th.
    if let PropertyValue::Relation(relation) = value
        && relation.has_more
    {
        return Err(Error::invalid(
            Some(name),
            None,
            "this relation was read truncated at 25 references (has_more); writing it back would \
             remove the others: read the full list with `client.pages().property(page, property_id)` first",
        ));
    }
    let write = value
        .write()
        .map_err(|e| Error::invalid(Some(name), None, e.to_string()))?;
    to_json(&write)
}
