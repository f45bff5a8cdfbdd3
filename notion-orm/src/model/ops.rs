//! The ORM operations: page reads and writes expressed in terms of [`NotionModel`].

use std::fmt;
use std::marker::PhantomData;

use futures_util::TryStreamExt;
use serde_json::{Map, Value, json};

use super::slim::SlimPage;

use super::kind::{Kind, Settable};
use super::{NotionModel, registry};
use crate::client::Request;
use crate::query::Prop;
use crate::types::{DataSourceId, DatabaseId, PageId};
use crate::{Client, Error, Result};

/// Parses the parts of a page's JSON that model `M` reads (see [`SlimPage`]).
pub(crate) fn slim_page<M: NotionModel>(json: &str) -> Result<Value> {
    serde_json::from_str::<SlimPage<M>>(json)
        .map(|slim| slim.page)
        .map_err(|e| Error::Decode {
            endpoint: "page".into(),
            path: String::new(),
            message: e.to_string(),
            source: Some(e),
        })
}

/// Property kinds whose page values Notion truncates at 25 references (`has_more: true`).
const TRUNCATED_KINDS: &[&str] = &["relation", "people", "title", "rich_text"];

/// Reads a page and converts it.
pub(super) async fn get<M: NotionModel>(client: Client, id: PageId) -> Result<M> {
    let page: Value = client
        .send(Request::get("/v1/pages/{page_id}").param(id))
        .await?;
    decode_page(&client, page).await
}

/// Checks the model against the live schema on first use (when no snapshot did at compile
/// time), completes truncated values, then converts the page.
pub(crate) async fn decode_page<M: NotionModel>(client: &Client, mut page: Value) -> Result<M> {
    super::schema_check::ensure::<M>(client, &page).await?;
    complete_truncated::<M>(client, &mut page).await?;
    M::from_page(&page)
}

/// Replaces every mapped property value that Notion cut at 25 references with the full list
/// from the property-item endpoint.
async fn complete_truncated<M: NotionModel>(client: &Client, page: &mut Value) -> Result<()> {
    let Some(page_id) = page.get("id").and_then(Value::as_str).map(str::to_owned) else {
        return Ok(());
    };
    let Some(properties) = page.get_mut("properties").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (name, value) in properties.iter_mut() {
        let truncated = value.get("has_more").and_then(Value::as_bool) == Some(true);
        let kind = value
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let prop_id = value.get("id").and_then(Value::as_str).unwrap_or_default();
        let mapped = M::PROPERTIES
            .iter()
            .any(|p| p.id.map_or(p.name == name, |id| id == prop_id));
        if !truncated || !mapped || !TRUNCATED_KINDS.contains(&kind) {
            continue;
        }
        let kind = kind.to_owned();
        let request = Request::get("/v1/pages/{page_id}/properties/{property_id}")
            .param(&page_id)
            .param(prop_id);
        let items: Vec<Value> = client
            .paginate::<Value>(request, Some(100))
            .try_collect()
            .await?;
        let full: Vec<Value> = items
            .into_iter()
            .filter_map(|mut item| item.get_mut(&kind).map(Value::take))
            .collect();
        value[&kind] = Value::Array(full);
        value["has_more"] = Value::Bool(false);
    }
    Ok(())
}

/// Converts one write of a typed handle into a property entry, naming the field on error.
fn encode<M, K: Kind, T, A>(
    prop: &Prop<M, K, T, A>,
    encoded: std::result::Result<Value, super::ConversionError>,
) -> Result<(String, Value)> {
    let encoded = encoded.map_err(|e| {
        Error::invalid(
            Some(prop.name()),
            Some(prop.field()),
            e.message().to_owned(),
        )
    })?;
    Ok((prop.key().to_owned(), json!({ K::NAME: encoded })))
}

/// A new row of model `M`, built property by property; `send` creates it.
///
/// ```no_run
/// use notion_orm::prelude::*;
/// # #[derive(NotionSelect)] enum Priority { High }
/// # #[derive(NotionModel)] #[notion(data_source = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d")]
/// # struct Task { #[notion(title)] name: String, priority: Option<Priority> }
/// # async fn run(client: Client) -> notion_orm::Result<()> {
///
/// let task = Task::create()
///     .set(Task::NAME, "Write docs")
///     .set(Task::PRIORITY, Priority::High)
///     .send(&client)
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "nothing is created until `send`"]
pub struct Create<M> {
    properties: Result<Map<String, Value>>,
    data_source: Option<DataSourceId>,
    model: PhantomData<fn() -> M>,
}

impl<M: NotionModel> Create<M> {
    pub(super) fn new() -> Self {
        Create::from_properties(Map::new())
    }

    pub(super) fn from_properties(properties: Map<String, Value>) -> Self {
        Create {
            properties: Ok(properties),
            data_source: None,
            model: PhantomData,
        }
    }

    /// Sets a property. Read-only properties have no setter: passing one does not compile.
    pub fn set<K: Kind, T, V, A: Settable<K, T, V>>(
        mut self,
        prop: Prop<M, K, T, A>,
        value: V,
    ) -> Self {
        let entry = encode(&prop, A::to_property(value));
        self.properties = match (self.properties, entry) {
            (Ok(mut map), Ok((key, value))) => {
                map.insert(key, value);
                Ok(map)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        self
    }

    /// Creates the row in this data source instead of the model's.
    pub fn data_source(mut self, id: DataSourceId) -> Self {
        self.data_source = Some(id);
        self
    }

    /// Creates the page and returns it as Notion stored it.
    ///
    /// Not retried on failure (a create is not idempotent); use
    /// [`NotionModel::upsert`] for retry-safe writes.
    pub async fn send(self, client: &Client) -> Result<M> {
        let properties = self.properties?;
        let data_source = match self.data_source {
            Some(id) => id,
            None => registry::data_source_of::<M>()?,
        };
        let body = json!({
            "parent": {"type": "data_source_id", "data_source_id": data_source},
            "properties": properties,
        });
        let page: Value = client
            .send(Request::post("/v1/pages").json_value(body))
            .await?;
        decode_written(client, page).await
    }
}

impl<M> fmt::Debug for Create<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Create")
            .field("properties", &self.properties)
            .field("data_source", &self.data_source)
            .finish()
    }
}

/// An update of one page of model `M` that sends only the properties set on it.
#[must_use = "nothing is updated until `send`"]
pub struct Patch<M> {
    id: PageId,
    properties: Result<Map<String, Value>>,
    model: PhantomData<fn() -> M>,
}

impl<M: NotionModel> Patch<M> {
    pub(super) fn new(id: PageId) -> Self {
        Patch {
            id,
            properties: Ok(Map::new()),
            model: PhantomData,
        }
    }

    /// Sets a property. Read-only properties have no setter: passing one does not compile.
    pub fn set<K: Kind, T, V, A: Settable<K, T, V>>(
        mut self,
        prop: Prop<M, K, T, A>,
        value: V,
    ) -> Self {
        let entry = encode(&prop, A::to_property(value));
        self.properties = match (self.properties, entry) {
            (Ok(mut map), Ok((key, value))) => {
                map.insert(key, value);
                Ok(map)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        self
    }

    /// The request body this patch would send.
    pub fn body(&self) -> Result<Value> {
        match &self.properties {
            Ok(map) => Ok(json!({ "properties": map })),
            Err(e) => Err(Error::invalid(None, None, e.to_string())),
        }
    }

    /// Sends the update and returns the page as Notion stored it.
    pub async fn send(self, client: &Client) -> Result<M> {
        patch_page(client, self.id, self.properties?).await
    }
}

impl<M> fmt::Debug for Patch<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Patch")
            .field("id", &self.id)
            .field("properties", &self.properties)
            .finish()
    }
}

pub(super) async fn patch_page<M: NotionModel>(
    client: &Client,
    id: PageId,
    properties: Map<String, Value>,
) -> Result<M> {
    let request = Request::patch("/v1/pages/{page_id}")
        .param(id)
        .json_value(json!({ "properties": properties }))
        // Setting the same values twice leaves the same page: safe to retry.
        .idempotent(true);
    let page: Value = client.send(request).await?;
    decode_written(client, page).await
}

/// Reads back a page Notion has just written. A failure here must not look like a failed
/// write, or a caller would repeat a create that succeeded: it is wrapped in
/// [`Error::WrittenButUnreadable`], whose [`Error::maybe_applied`] is true.
async fn decode_written<M: NotionModel>(client: &Client, page: Value) -> Result<M> {
    let page_id = page
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    decode_page(client, page)
        .await
        .map_err(|source| Error::WrittenButUnreadable {
            page_id,
            source: Box::new(source),
        })
}

pub(super) async fn update<M: NotionModel>(
    client: &Client,
    id: Option<PageId>,
    changes: Map<String, Value>,
) -> Result<Option<M>> {
    if changes.is_empty() {
        return Ok(None);
    }
    let id = id.ok_or_else(|| {
        Error::invalid(
            None,
            None,
            format!(
                "cannot update a {} without a page id: add a #[notion(id)] field",
                M::MODEL_NAME
            ),
        )
    })?;
    patch_page(client, id, changes).await.map(Some)
}

/// What [`NotionModel::upsert`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Upserted<M> {
    /// No row had the key: this one was created.
    Created(M),
    /// A row had the key and differed: the differing properties were updated.
    Updated(M),
    /// A row had the key and already held these values: nothing was sent.
    Unchanged(M),
}

impl<M> Upserted<M> {
    /// The row as Notion holds it now.
    pub fn into_inner(self) -> M {
        match self {
            Upserted::Created(m) | Upserted::Updated(m) | Upserted::Unchanged(m) => m,
        }
    }
}

/// An upsert's key filter and properties, computed before any request.
pub(super) struct PreparedUpsert {
    filter: Value,
    properties: Map<String, Value>,
}

impl PreparedUpsert {
    /// An upsert by `filter` (a key filter) writing `properties`.
    pub(super) fn new(filter: Value, properties: Map<String, Value>) -> Self {
        PreparedUpsert { filter, properties }
    }
}

pub(super) fn prepare_upsert<M: NotionModel>(model: &M) -> Result<PreparedUpsert> {
    let filter = model.key_filter()?.ok_or_else(|| {
        Error::invalid(
            None,
            None,
            format!("{} has no #[notion(key)] field to upsert by", M::MODEL_NAME),
        )
    })?;
    Ok(PreparedUpsert {
        filter,
        properties: model.to_properties()?,
    })
}

pub(super) async fn upsert<M: NotionModel>(
    client: &Client,
    prepared: PreparedUpsert,
    data_source: Option<DataSourceId>,
) -> Result<Upserted<M>> {
    let data_source = match data_source {
        Some(id) => id,
        None => registry::data_source_of::<M>()?,
    };
    let body = json!({ "filter": prepared.filter, "page_size": 1 });
    let found: Value = client
        .send(
            Request::post("/v1/data_sources/{data_source_id}/query")
                .param(data_source)
                .json_value(body)
                .idempotent(true),
        )
        .await?;
    let existing = found
        .get("results")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .cloned();
    let Some(existing) = existing else {
        let created = Create::<M>::from_properties(prepared.properties)
            .data_source(data_source)
            .send(client)
            .await?;
        return Ok(Upserted::Created(created));
    };
    let current: M = decode_page(client, existing).await?;
    let before = current.to_properties()?;
    let mut changes = prepared.properties;
    changes.retain(|key, value| before.get(key) != Some(value));
    if changes.is_empty() {
        return Ok(Upserted::Unchanged(current));
    }
    let id = current.page_id().or_else(|| {
        found["results"][0]["id"]
            .as_str()
            .and_then(|id| PageId::parse(id).ok())
    });
    let id = id.ok_or_else(|| Error::invalid(None, None, "the found row has no page id"))?;
    patch_page(client, id, changes).await.map(Upserted::Updated)
}

/// Upserts into an explicit data source instead of the model's.
pub async fn upsert_in<M: NotionModel>(
    client: &Client,
    data_source: DataSourceId,
    model: &M,
) -> Result<Upserted<M>> {
    upsert(client, prepare_upsert(model)?, Some(data_source)).await
}

pub(super) async fn set_in_trash(client: Client, id: PageId, in_trash: bool) -> Result<()> {
    let request = Request::patch("/v1/pages/{page_id}")
        .param(id)
        .json_value(json!({ "in_trash": in_trash }))
        .idempotent(true);
    let _: Value = client.send(request).await?;
    Ok(())
}

pub(super) async fn create_data_source<M: NotionModel>(
    client: Client,
    parent: DatabaseId,
) -> Result<DataSourceId> {
    let body = json!({
        "parent": {"type": "database_id", "database_id": parent},
        "title": [{"type": "text", "text": {"content": M::MODEL_NAME}}],
        "properties": M::schema(None),
    });
    let created: Value = client
        .send(Request::post("/v1/data_sources").json_value(body))
        .await?;
    let id = created
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| DataSourceId::parse(id).ok())
        .ok_or_else(|| Error::Decode {
            endpoint: "/v1/data_sources".into(),
            path: "id".into(),
            message: "the created data source has no id".into(),
            source: None,
        })?;
    // Relations of the model to itself can point at the data source only now that it exists.
    let mut later = M::schema(Some(id));
    let first = M::schema(None);
    later.retain(|name, _| !first.contains_key(name));
    if !later.is_empty() {
        let _: Value = client
            .send(
                Request::patch("/v1/data_sources/{data_source_id}")
                    .param(id)
                    .json_value(json!({ "properties": later })),
            )
            .await?;
    }
    Ok(id)
}
