//! Database views and view queries.
//!
//! Notion returns views in full from create, retrieve and update, but as `{object, id}` from
//! list and `{id, parent, type}` from delete, so every field past `id` is optional. Filters,
//! sorts and layout configuration are kept as JSON: their grammar is the data-source query
//! grammar plus view-specific layout keys that change often.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::de::open_string_enum;
use super::ids::{DataSourceId, DatabaseId, ViewId};
use super::parent::Parent;
use super::user::User;

open_string_enum! {
    /// The layout of a view.
    pub enum ViewType {
        /// `table`
        Table = "table",
        /// `board`
        Board = "board",
        /// `list`
        List = "list",
        /// `calendar`
        Calendar = "calendar",
        /// `timeline`
        Timeline = "timeline",
        /// `gallery`
        Gallery = "gallery",
        /// `form`
        Form = "form",
        /// `chart`
        Chart = "chart",
        /// `map`
        Map = "map",
        /// `dashboard`
        Dashboard = "dashboard",
    }
}

/// A database view.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct View {
    /// The view's id.
    pub id: ViewId,
    /// The database the view belongs to.
    #[serde(default)]
    pub parent: Option<Parent>,
    /// The data source it shows.
    #[serde(default)]
    pub data_source_id: Option<DataSourceId>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its layout.
    #[serde(rename = "type", default)]
    pub view_type: Option<ViewType>,
    /// Its filter (data-source filter grammar), if any.
    #[serde(default)]
    pub filter: Option<Value>,
    /// Its sorts, if any.
    #[serde(default)]
    pub sorts: Option<Value>,
    /// Its quick filters, if any.
    #[serde(default)]
    pub quick_filters: Option<Value>,
    /// Layout configuration (`{"type":"table",...}`).
    #[serde(default)]
    pub configuration: Option<Value>,
    /// Link to the view.
    #[serde(default)]
    pub url: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_time: Option<Timestamp>,
    /// When it was last edited.
    #[serde(default)]
    pub last_edited_time: Option<Timestamp>,
    /// Who created it.
    #[serde(default)]
    pub created_by: Option<User>,
    /// Who last edited it.
    #[serde(default)]
    pub last_edited_by: Option<User>,
}

/// The body of `POST /v1/views`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewView {
    /// The database to add the view to.
    pub database_id: DatabaseId,
    /// The data source it shows.
    pub data_source_id: DataSourceId,
    /// Its name.
    pub name: String,
    /// Its layout.
    #[serde(rename = "type")]
    pub view_type: ViewType,
    /// A filter in the data-source query grammar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    /// Sorts in the data-source query grammar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sorts: Option<Value>,
    /// Layout configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration: Option<Value>,
}

impl NewView {
    /// A view with no filter, sorts or configuration.
    pub fn new(
        database_id: DatabaseId,
        data_source_id: DataSourceId,
        name: impl Into<String>,
        view_type: ViewType,
    ) -> Self {
        Self {
            database_id,
            data_source_id,
            name: name.into(),
            view_type,
            filter: None,
            sorts: None,
            configuration: None,
        }
    }

    /// Sets the filter.
    pub fn filter(mut self, filter: Value) -> Self {
        self.filter = Some(filter);
        self
    }

    /// Sets the sorts.
    pub fn sorts(mut self, sorts: Value) -> Self {
        self.sorts = Some(sorts);
        self
    }

    /// Sets the layout configuration.
    pub fn configuration(mut self, configuration: Value) -> Self {
        self.configuration = Some(configuration);
        self
    }
}

/// The body of `PATCH /v1/views/{id}`: only the fields that are set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ViewUpdate {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    /// New sorts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sorts: Option<Value>,
    /// New quick filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quick_filters: Option<Value>,
    /// New layout configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration: Option<Value>,
}

impl ViewUpdate {
    /// Renames the view.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Replaces the filter.
    pub fn filter(mut self, filter: Value) -> Self {
        self.filter = Some(filter);
        self
    }

    /// Replaces the sorts.
    pub fn sorts(mut self, sorts: Value) -> Self {
        self.sorts = Some(sorts);
        self
    }

    /// Replaces the quick filters.
    pub fn quick_filters(mut self, quick_filters: Value) -> Self {
        self.quick_filters = Some(quick_filters);
        self
    }

    /// Replaces the layout configuration.
    pub fn configuration(mut self, configuration: Value) -> Self {
        self.configuration = Some(configuration);
        self
    }
}

/// A view query: a snapshot of the view's rows that can be paged through until it expires.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ViewQuery {
    /// The query's id (not a Notion object id: kept as sent).
    pub id: String,
    /// The view it belongs to.
    #[serde(default)]
    pub view_id: Option<ViewId>,
    /// When the query's results stop being available.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
    /// How many rows the query matched.
    #[serde(default)]
    pub total_count: Option<u64>,
    /// The first page of rows (page objects, as JSON).
    #[serde(default)]
    pub results: Vec<Value>,
    /// Cursor of the next page of rows.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// Whether more rows follow.
    #[serde(default)]
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_update_sends_only_the_fields_set() {
        let update = ViewUpdate::default()
            .name("Open")
            .quick_filters(json!({"Status": {"status": {"equals": "Open"}}}));
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"name": "Open", "quick_filters": {"Status": {"status": {"equals": "Open"}}}})
        );
    }
}
