//! Database views and view queries.
//!
//! A view query snapshots the rows a view shows; page through them with
//! [`Views::query_results`] until the query expires, then delete it.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::Result;
use crate::client::{Client, Request};
use crate::pagination::{Paginator, validate_page_size};
use crate::types::view::{NewView, View, ViewQuery, ViewUpdate};
use crate::types::{DataSourceId, DatabaseId, ViewId};

/// What `DELETE /v1/views/{id}/queries/{query_id}` answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct DeletedViewQuery {
    /// The deleted query.
    pub id: String,
    /// `true`.
    #[serde(default)]
    pub deleted: bool,
}

/// The views API; get it from [`Client::views`].
#[derive(Debug, Clone, Copy)]
pub struct Views<'c> {
    client: &'c Client,
}

impl Client {
    /// The views API.
    pub fn views(&self) -> Views<'_> {
        Views { client: self }
    }
}

impl Views<'_> {
    /// The views of a database. Notion lists them as `{id}` only: retrieve one for details.
    pub fn list_for_database(&self, database: DatabaseId) -> Paginator<View> {
        self.client.paginate(
            Request::get("/v1/views").query("database_id", database.to_string()),
            None,
        )
    }

    /// The views showing a data source, as `{id}` only.
    pub fn list_for_data_source(&self, data_source: DataSourceId) -> Paginator<View> {
        self.client.paginate(
            Request::get("/v1/views").query("data_source_id", data_source.to_string()),
            None,
        )
    }

    /// `POST /v1/views`.
    pub async fn create(&self, view: &NewView) -> Result<View> {
        self.client
            .send(Request::post("/v1/views").json(view)?)
            .await
    }

    /// `GET /v1/views/{id}`.
    pub async fn retrieve(&self, id: ViewId) -> Result<View> {
        self.client
            .send(Request::get("/v1/views/{view_id}").param(id))
            .await
    }

    /// `PATCH /v1/views/{id}`: changes only the fields set in `update`.
    pub async fn update(&self, id: ViewId, update: &ViewUpdate) -> Result<View> {
        let request = Request::patch("/v1/views/{view_id}")
            .param(id)
            .json(update)?
            .idempotent(true);
        self.client.send(request).await
    }

    /// `DELETE /v1/views/{id}`; returns the deleted view (id, parent and type only).
    pub async fn delete(&self, id: ViewId) -> Result<View> {
        self.client
            .send(Request::delete("/v1/views/{view_id}").param(id))
            .await
    }

    /// `POST /v1/views/{id}/queries`: runs the view's filter and sorts and returns the first
    /// `page_size` rows (1 to 100; Notion's default is 100) with a query id to page through the rest.
    pub async fn query(&self, id: ViewId, page_size: Option<u32>) -> Result<ViewQuery> {
        validate_page_size(page_size)?;
        let body = match page_size {
            Some(size) => json!({ "page_size": size }),
            None => json!({}),
        };
        let request = Request::post("/v1/views/{view_id}/queries")
            .param(id)
            .json_value(body);
        self.client.send(request).await
    }

    /// The rows of a view query (page objects; use `serde_json::Value` or the crate's page type
    /// as `T`), from the first row, page by page.
    pub fn query_results<T>(&self, id: ViewId, query_id: &str) -> Paginator<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.client.paginate(
            Request::get("/v1/views/{view_id}/queries/{query_id}")
                .param(id)
                .param(query_id),
            None,
        )
    }

    /// `DELETE /v1/views/{id}/queries/{query_id}`: frees the query before it expires.
    pub async fn delete_query(&self, id: ViewId, query_id: &str) -> Result<DeletedViewQuery> {
        self.client
            .send(
                Request::delete("/v1/views/{view_id}/queries/{query_id}")
                    .param(id)
                    .param(query_id),
            )
            .await
    }
}
