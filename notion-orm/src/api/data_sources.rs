//! Data sources: create, retrieve, update (schema changes, renames, deletes, trash), query
//! and list templates.

mod windows;

pub(crate) use windows::{plan as plan_windows, rows as windowed_rows};

use futures_util::{StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::to_json;
use crate::Result;
use crate::client::{Client, Request};
use crate::pagination::{OnCap, Paginator};
use crate::types::{
    DataSource, DataSourceId, DatabaseId, Icon, PageOrDataSource, Parent, PropertyConfig,
    PropertySchemaChange, RichText, TemplateId,
};

/// The body of `POST /v1/data_sources`: a new data source in an existing database.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct NewDataSource {
    parent: Parent,
    properties: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Vec<RichText>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<Icon>,
}

impl NewDataSource {
    /// A data source in `database` with no properties yet (add exactly one title property).
    pub fn new(database: DatabaseId) -> Self {
        NewDataSource {
            parent: Parent::Database(database),
            properties: Map::new(),
            title: None,
            icon: None,
        }
    }

    /// Adds a property.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidInput`] if the configuration cannot be written as JSON.
    pub fn property(mut self, name: &str, config: &PropertyConfig) -> Result<Self> {
        self.properties.insert(name.to_owned(), to_json(config)?);
        Ok(self)
    }

    /// Adds a property given in Notion's JSON shape, e.g. `{"title": {}}`.
    pub fn property_json(mut self, name: &str, config: Value) -> Self {
        self.properties.insert(name.to_owned(), config);
        self
    }

    /// The title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(vec![RichText::text(title)]);
        self
    }

    /// The icon.
    pub fn icon(mut self, icon: Icon) -> Self {
        self.icon = Some(icon);
        self
    }
}

/// The body of `PATCH /v1/data_sources/{id}`: only what is set is sent.
///
/// ```
/// use notion_orm::api::data_sources::DataSourceUpdate;
///
/// # fn run() -> notion_orm::Result<()> {
/// let update = DataSourceUpdate::new()
///     .rename_property("Due", "Due date")
///     .delete_property("Obsolete")
///     .title("Tasks");
/// # let _ = update;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[must_use]
pub struct DataSourceUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Vec<RichText>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<Option<Icon>>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    properties: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_trash: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<Parent>,
}

impl DataSourceUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(vec![RichText::text(title)]);
        self
    }

    /// A new icon.
    pub fn icon(mut self, icon: Icon) -> Self {
        self.icon = Some(Some(icon));
        self
    }

    /// Removes the icon.
    pub fn remove_icon(mut self) -> Self {
        self.icon = Some(None);
        self
    }

    /// Applies a schema change to property `name` (name or id): set its configuration
    /// (creating it if missing), rename it or delete it.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidInput`] if the change cannot be written as JSON.
    pub fn change_property(mut self, name: &str, change: &PropertySchemaChange) -> Result<Self> {
        self.properties.insert(name.to_owned(), to_json(change)?);
        Ok(self)
    }

    /// Adds property `name` or replaces its configuration.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidInput`] if the configuration cannot be written as JSON.
    pub fn set_property(mut self, name: &str, config: &PropertyConfig) -> Result<Self> {
        self.properties.insert(name.to_owned(), to_json(config)?);
        Ok(self)
    }

    /// Renames property `name` (name or id) to `new_name`.
    pub fn rename_property(mut self, name: &str, new_name: &str) -> Self {
        self.properties
            .insert(name.to_owned(), serde_json::json!({ "name": new_name }));
        self
    }

    /// Deletes property `name` (name or id).
    pub fn delete_property(mut self, name: &str) -> Self {
        self.properties.insert(name.to_owned(), Value::Null);
        self
    }

    /// Moves the data source to the trash (`true`) or restores it (`false`).
    pub fn in_trash(mut self, in_trash: bool) -> Self {
        self.in_trash = Some(in_trash);
        self
    }

    /// Moves the data source to another database.
    pub fn move_to(mut self, database: DatabaseId) -> Self {
        self.parent = Some(Parent::Database(database));
        self
    }
}

/// The body of `POST /v1/data_sources/{id}/query`. Filters and sorts are Notion's JSON at
/// this level (`notion-api.md` §3); the derive's typed query builder produces them.
///
/// ```
/// use notion_orm::api::data_sources::Query;
/// use serde_json::json;
///
/// let query = Query::new()
///     .filter(json!({"property": "Done", "checkbox": {"equals": false}}))
///     .sort(json!({"timestamp": "created_time", "direction": "ascending"}))
///     .filter_properties(["title"]);
/// # let _ = query;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[must_use]
pub struct Query {
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sorts: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_trash: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result_type: Option<String>,
    #[serde(skip)]
    filter_properties: Vec<String>,
    /// Whether no properties at all were asked for (see [`Query::no_properties`]).
    #[serde(skip)]
    no_properties: bool,
    #[serde(skip)]
    on_cap: OnCap,
}

impl Query {
    /// Every row, in no guaranteed order.
    pub fn new() -> Self {
        Self::default()
    }

    /// The filter.
    pub fn filter(mut self, filter: Value) -> Self {
        self.filter = Some(filter);
        self
    }

    /// Adds a sort; earlier sorts take precedence.
    pub fn sort(mut self, sort: Value) -> Self {
        self.sorts.push(sort);
        self
    }

    /// Returns only the listed properties (ids or names) of each page.
    pub fn filter_properties<S: Into<String>>(
        mut self,
        properties: impl IntoIterator<Item = S>,
    ) -> Self {
        self.filter_properties
            .extend(properties.into_iter().map(Into::into));
        self
    }

    /// Returns pages without property values: ids, timestamps and the other page fields
    /// only. The cheapest way to count or list rows (`filter_properties` with an empty value).
    pub fn no_properties(mut self) -> Self {
        self.no_properties = true;
        self.filter_properties.clear();
        self
    }

    /// What [`DataSources::query_all`] does at Notion's 10,000-row cap: read on in windows
    /// ([`OnCap::Complete`], the default), fail, or stop.
    pub fn on_cap(mut self, on_cap: OnCap) -> Self {
        self.on_cap = on_cap;
        self
    }

    /// Queries the trash instead of live rows.
    pub fn in_trash(mut self, in_trash: bool) -> Self {
        self.in_trash = Some(in_trash);
        self
    }

    /// `"page"` or `"data_source"`: which rows of a wiki database to return.
    pub fn result_type(mut self, result_type: impl Into<String>) -> Self {
        self.result_type = Some(result_type.into());
        self
    }

    /// The request for data source `id`, to paginate into a type of your own with
    /// [`Client::paginate`]. Querying changes nothing, so it is marked idempotent.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidInput`] if the query cannot be written as JSON.
    pub fn request(&self, id: DataSourceId) -> Result<Request> {
        let mut request = Request::post("/v1/data_sources/{data_source_id}/query")
            .param(id)
            .json(self)?
            .idempotent(true);
        for property in &self.filter_properties {
            request = request.query("filter_properties", property.as_str());
        }
        if self.no_properties {
            // No property has an empty id, so Notion returns none.
            request = request.query("filter_properties", "");
        }
        Ok(request)
    }
}

/// A page template of a data source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Template {
    /// The template's id.
    pub id: TemplateId,
    /// Its name.
    pub name: String,
    /// Whether new pages use it by default.
    #[serde(default)]
    pub is_default: bool,
}

/// The data sources API; get it from [`Client::data_sources`].
#[derive(Debug, Clone, Copy)]
pub struct DataSources<'c> {
    client: &'c Client,
}

impl Client {
    /// The data sources API.
    pub fn data_sources(&self) -> DataSources<'_> {
        DataSources { client: self }
    }
}

impl DataSources<'_> {
    /// `POST /v1/data_sources`. Not retried once it may have reached Notion.
    pub async fn create(&self, data_source: &NewDataSource) -> Result<DataSource> {
        self.client
            .send(Request::post("/v1/data_sources").json(data_source)?)
            .await
    }

    /// `GET /v1/data_sources/{id}`: the schema.
    pub async fn retrieve(&self, id: DataSourceId) -> Result<DataSource> {
        self.client
            .send(Request::get("/v1/data_sources/{data_source_id}").param(id))
            .await
    }

    /// `PATCH /v1/data_sources/{id}`. Not retried on server errors: repeating a rename or a
    /// delete that was applied would fail on a property that no longer exists.
    pub async fn update(&self, id: DataSourceId, update: &DataSourceUpdate) -> Result<DataSource> {
        self.client
            .send(
                Request::patch("/v1/data_sources/{data_source_id}")
                    .param(id)
                    .json(update)?,
            )
            .await
    }

    /// `POST /v1/data_sources/{id}/query`: the rows, page by page as the stream is read.
    ///
    /// Wiki data sources can hold data sources as rows, hence [`PageOrDataSource`]. To decode
    /// rows into your own type, paginate [`Query::request`] yourself. This is one query: it
    /// ends with [`crate::Error::Incomplete`] at Notion's 10,000-row cap (the query's
    /// [`Query::on_cap`] is not consulted); [`DataSources::query_all`] reads past it.
    pub fn query(&self, id: DataSourceId, query: &Query) -> Paginator<PageOrDataSource> {
        match query.request(id) {
            Ok(request) => self.client.paginate(request, None),
            Err(e) => Paginator::from_error(e),
        }
    }

    /// Every row matching `query`, even past Notion's 10,000-row cap per query.
    ///
    /// What happens at the cap is [`Query::on_cap`]'s choice. With [`OnCap::Complete`] (the
    /// default), when Notion reports the cap the query is repeated with the filter narrowed to
    /// the rows at or after the last row seen in the order of the first sort (a window), and
    /// rows already returned are skipped by id, as Notion's guide recommends. That needs a first
    /// sort on a timestamp: a query without sorts is sorted by `created_time` ascending, one
    /// sorted first by `created_time` or `last_edited_time` (either direction) keeps all its
    /// sorts, and one sorted first by a property is refused before any request (this level does
    /// not know property kinds; the ORM's queries also window number and date sorts). Each
    /// window costs one more request; rows sharing the boundary's timestamp are read twice.
    /// `T` is any row type, e.g. [`PageOrDataSource`] or [`crate::types::Page`].
    ///
    /// # Errors (as stream items)
    ///
    /// [`crate::Error::InvalidInput`] before any request for a first sort on a property under
    /// [`OnCap::Complete`], or when a filter group is too full to take the window;
    /// [`crate::Error::Incomplete`] when one timestamp alone has more rows than the cap, or at
    /// the cap with [`OnCap::Error`]; [`crate::Error::Decode`] when a row has no `id` or
    /// timestamp or does not decode as `T`; any error of [`Client::send`].
    pub fn query_all<T>(&self, id: DataSourceId, query: &Query) -> Paginator<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let mut query = query.clone();
        let on_cap = query.on_cap;
        let plan = match windows::plan(&mut query, on_cap, |_| None) {
            Ok(plan) => plan,
            Err(e) => return Paginator::from_error(e),
        };
        let client = self.client.clone();
        Paginator::lazy(None, move |page_size| {
            windows::rows::<Value>(client, id, query, plan, page_size)
                .and_then(|row| async move { decode_row::<T>(row) })
                .boxed()
        })
    }

    /// `GET /v1/data_sources/{id}/templates`, optionally only those whose name contains
    /// `name` (case-insensitive).
    pub fn templates(&self, id: DataSourceId, name: Option<&str>) -> Paginator<Template> {
        let mut request = Request::get("/v1/data_sources/{data_source_id}/templates").param(id);
        if let Some(name) = name {
            request = request.query("name", name);
        }
        self.client.paginate(request, None)
    }
}

const QUERY_ENDPOINT: &str = "/v1/data_sources/{data_source_id}/query";

fn decode_row<T: DeserializeOwned>(row: Value) -> Result<T> {
    crate::client::decode_value(QUERY_ENDPOINT, "results[].", row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn id() -> DataSourceId {
        DataSourceId::parse("393abc1e-edcd-8179-9372-000bd163e729").unwrap()
    }

    #[test]
    fn queries_are_idempotent_posts_with_filter_properties_in_the_query_string() {
        let request = Query::new()
            .filter_properties(["title", "%3CnJT"])
            .request(id())
            .unwrap();
        assert!(request.is_idempotent());
        assert_eq!(
            request.path(),
            "/v1/data_sources/393abc1e-edcd-8179-9372-000bd163e729/query"
        );
        assert_eq!(request.body(), Some(&json!({})));
        let keys: Vec<_> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("filter_properties", "title"),
                ("filter_properties", "%3CnJT")
            ]
        );
    }

    #[test]
    fn query_bodies_carry_filter_sorts_and_trash_flag() {
        let query = Query::new()
            .filter(json!({"property": "Done", "checkbox": {"equals": true}}))
            .sort(json!({"property": "Due", "direction": "ascending"}))
            .in_trash(false)
            .result_type("page");
        assert_eq!(
            serde_json::to_value(&query).unwrap(),
            json!({
                "filter": {"property": "Done", "checkbox": {"equals": true}},
                "sorts": [{"property": "Due", "direction": "ascending"}],
                "in_trash": false,
                "result_type": "page",
            })
        );
    }

    #[test]
    fn a_data_source_can_move_to_another_database() {
        let database = DatabaseId::parse("e8a73c8a-58db-4ab7-b0d2-690d24025a01").unwrap();
        let body = serde_json::to_value(DataSourceUpdate::new().move_to(database)).unwrap();
        assert_eq!(
            body,
            json!({"parent": {"database_id": "e8a73c8a-58db-4ab7-b0d2-690d24025a01"}})
        );
    }
}
