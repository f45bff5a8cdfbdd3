//! Data sources: create, retrieve, update (schema changes, renames, deletes, trash), query
//! and list templates.

use std::collections::HashSet;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::to_json;
use crate::client::{Client, Request};
use crate::pagination::{ListResponse, Paginator};
use crate::types::{
    DataSource, DataSourceId, DatabaseId, Icon, PageOrDataSource, Parent, PropertyConfig,
    PropertySchemaChange, RichText, TemplateId,
};
use crate::{Error, Result};

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
    /// rows into your own type, paginate [`Query::request`] yourself.
    pub fn query(&self, id: DataSourceId, query: &Query) -> Paginator<PageOrDataSource> {
        match query.request(id) {
            Ok(request) => self.client.paginate(request, None),
            Err(e) => Paginator::from_error(e),
        }
    }

    /// Every row matching `query`, even past Notion's 10,000-row cap per query.
    ///
    /// Rows come in `created_time` order (the query's own sorts are replaced): when Notion
    /// reports the cap, the query is repeated with the filter narrowed to
    /// `created_time on_or_after <last row seen>` and rows already returned are skipped, as
    /// Notion's guide recommends. `T` is any row type, e.g. [`PageOrDataSource`] or
    /// [`crate::types::Page`].
    ///
    /// # Errors (as stream items)
    ///
    /// [`crate::Error::InvalidInput`] when the filter is an `or` containing compound filters
    /// (adding the window would pass Notion's two-level nesting limit) and the cap is hit;
    /// [`crate::Error::Incomplete`] when one `created_time` value alone has more rows than
    /// the cap; [`crate::Error::Decode`] when a row has no `id` / `created_time` or does not
    /// decode as `T`; any error of [`Client::send`].
    pub fn query_all<T>(&self, id: DataSourceId, query: &Query) -> Paginator<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let mut query = query.clone();
        query.sorts = vec![json!({"timestamp": "created_time", "direction": "ascending"})];
        let client = self.client.clone();
        Paginator::lazy(None, move |page_size| {
            let start = Windows {
                client,
                id,
                query,
                page_size,
                pages: None,
                boundary: None,
                seen_at_boundary: HashSet::new(),
                new_in_window: 0,
                done: false,
            };
            stream::try_unfold(start, |mut windows| async move {
                let rows = windows.next_page().await?;
                Ok::<_, Error>(rows.map(|rows| (rows, windows)))
            })
            .map_ok(|rows: Vec<Value>| stream::iter(rows.into_iter().map(decode_row::<T>)))
            .try_flatten()
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

/// The state of [`DataSources::query_all`]: the current window's pages and what was seen.
struct Windows {
    client: Client,
    id: DataSourceId,
    /// The caller's query, sorted by `created_time` ascending.
    query: Query,
    page_size: Option<u32>,
    pages: Option<Paginator<ListResponse<Value>>>,
    /// The `created_time` of the last row returned: the next window starts there.
    boundary: Option<String>,
    /// Ids of rows at `boundary` already returned (the next window returns them again).
    seen_at_boundary: HashSet<String>,
    /// Rows returned by the current window; zero at a cap means no progress is possible.
    new_in_window: usize,
    done: bool,
}

impl Windows {
    /// The new rows of the next page, opening a new window when Notion hit its cap.
    async fn next_page(&mut self) -> Result<Option<Vec<Value>>> {
        if self.done {
            return Ok(None);
        }
        let pages = match &mut self.pages {
            Some(pages) => pages,
            None => {
                let mut query = self.query.clone();
                if let Some(after) = &self.boundary {
                    query.filter = Some(windowed_filter(query.filter.as_ref(), after)?);
                }
                self.new_in_window = 0;
                self.pages.insert(
                    self.client
                        .paginate_pages(query.request(self.id)?, self.page_size),
                )
            }
        };
        let Some(page) = pages.try_next().await? else {
            self.done = true;
            return Ok(None);
        };
        let capped = page.is_incomplete();
        let mut rows = Vec::with_capacity(page.results.len());
        for row in page.results {
            let (id, created) = row_identity(&row)?;
            if self.boundary.as_deref() == Some(created.as_str()) {
                if !self.seen_at_boundary.insert(id) {
                    continue;
                }
            } else {
                self.boundary = Some(created);
                self.seen_at_boundary = HashSet::from([id]);
            }
            self.new_in_window += 1;
            rows.push(row);
        }
        if capped {
            if self.new_in_window == 0 {
                return Err(Error::Incomplete {
                    endpoint: QUERY_ENDPOINT.to_owned(),
                    reason: format!(
                        "more rows than Notion's cap share the created_time {:?}",
                        self.boundary.as_deref().unwrap_or_default()
                    ),
                });
            }
            self.pages = None;
        }
        Ok(Some(rows))
    }
}

/// The id and `created_time` of a row, as Notion sent them.
fn row_identity(row: &Value) -> Result<(String, String)> {
    let field = |name: &str| {
        row.get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| Error::Decode {
                endpoint: QUERY_ENDPOINT.to_owned(),
                path: format!("results[].{name}"),
                message: format!("a row has no `{name}`"),
                source: None,
            })
    };
    Ok((field("id")?, field("created_time")?))
}

fn decode_row<T: DeserializeOwned>(row: Value) -> Result<T> {
    crate::client::decode_value(QUERY_ENDPOINT, "results[].", row)
}

/// `filter` narrowed to rows created at or after `after`, within Notion's two nesting levels.
fn windowed_filter(filter: Option<&Value>, after: &str) -> Result<Value> {
    let window = json!({"timestamp": "created_time", "created_time": {"on_or_after": after}});
    let Some(filter) = filter else {
        return Ok(window);
    };
    if let Some(group) = filter.get("and").and_then(Value::as_array) {
        let mut group = group.clone();
        group.push(window);
        return Ok(json!({ "and": group }));
    }
    let is_compound = |f: &Value| f.get("and").is_some() || f.get("or").is_some();
    if let Some(group) = filter.get("or").and_then(Value::as_array)
        && group.iter().any(is_compound)
    {
        return Err(Error::invalid(
            None,
            None,
            "the query hit Notion's 10,000-row cap, and its `or` filter holds compound \
             filters, so a created_time window cannot be added within Notion's two nesting \
             levels; split the query",
        ));
    }
    Ok(json!({ "and": [filter, window] }))
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

    #[test]
    fn without_a_filter_the_window_is_the_filter() {
        assert_eq!(
            windowed_filter(None, "T").unwrap(),
            json!({"timestamp": "created_time", "created_time": {"on_or_after": "T"}})
        );
    }

    #[test]
    fn the_window_joins_a_top_level_and_group() {
        let filter = json!({"and": [{"property": "A", "checkbox": {"equals": true}}]});
        let windowed = windowed_filter(Some(&filter), "T").unwrap();
        assert_eq!(windowed["and"].as_array().unwrap().len(), 2);
        assert_eq!(windowed["and"][1]["created_time"]["on_or_after"], "T");
    }

    #[test]
    fn leaves_and_flat_or_groups_are_wrapped_in_an_and() {
        for filter in [
            json!({"property": "A", "checkbox": {"equals": true}}),
            json!({"or": [{"property": "A", "checkbox": {"equals": true}}]}),
        ] {
            let windowed = windowed_filter(Some(&filter), "T").unwrap();
            assert_eq!(windowed["and"][0], filter);
        }
    }

    #[test]
    fn an_or_of_compounds_cannot_be_windowed() {
        let filter = json!({"or": [{"and": [{"property": "A", "checkbox": {"equals": true}}]}]});
        assert!(matches!(
            windowed_filter(Some(&filter), "T"),
            Err(Error::InvalidInput { .. })
        ));
    }
}
