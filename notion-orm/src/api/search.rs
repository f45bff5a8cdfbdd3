//! Search: pages and data sources shared with the integration, by title.

use serde::Serialize;
use serde_json::Value;

use crate::Result;
use crate::client::{Client, Request};
use crate::pagination::Paginator;
use crate::types::PageOrDataSource;

/// The body of `POST /v1/search`. An empty search lists everything the integration can see.
///
/// ```
/// use notion_orm::api::search::{Search, SortDirection};
///
/// let search = Search::new()
///     .query("Roadmap")
///     .only_pages()
///     .sort_by_last_edited(SortDirection::Descending);
/// # let _ = search;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[must_use]
pub struct Search {
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort: Option<Value>,
}

/// Sort order of search results by last edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    /// Oldest first.
    Ascending,
    /// Newest first.
    Descending,
}

impl Search {
    /// Everything shared with the integration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only results whose title contains `text` (Notion also matches database titles).
    pub fn query(mut self, text: impl Into<String>) -> Self {
        self.query = Some(text.into());
        self
    }

    /// Only pages.
    pub fn only_pages(self) -> Self {
        self.object("page")
    }

    /// Only data sources.
    pub fn only_data_sources(self) -> Self {
        self.object("data_source")
    }

    fn object(mut self, value: &str) -> Self {
        self.filter = Some(serde_json::json!({"property": "object", "value": value}));
        self
    }

    /// Sorts by `last_edited_time` (without a sort, Notion orders by relevance).
    pub fn sort_by_last_edited(mut self, direction: SortDirection) -> Self {
        self.sort = Some(serde_json::json!({
            "direction": direction,
            "timestamp": "last_edited_time",
        }));
        self
    }
}

impl Client {
    /// `POST /v1/search`, page by page as the stream is read.
    ///
    /// ```no_run
    /// # async fn run(client: notion_orm::Client) -> notion_orm::Result<()> {
    /// use notion_orm::api::search::Search;
    ///
    /// let pages = client.search(&Search::new().query("Tasks").only_pages()).collect_all().await?;
    /// # let _ = pages;
    /// # Ok(()) }
    /// ```
    pub fn search(&self, search: &Search) -> Paginator<PageOrDataSource> {
        match search_request(search) {
            Ok(request) => self.paginate(request, None),
            Err(e) => Paginator::from_error(e),
        }
    }
}

/// Searching changes nothing, so it is safe to repeat.
fn search_request(search: &Search) -> Result<Request> {
    Ok(Request::post("/v1/search").json(search)?.idempotent(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_empty_search_is_an_empty_body() {
        assert_eq!(serde_json::to_value(Search::new()).unwrap(), json!({}));
    }

    #[test]
    fn object_filters_use_notions_names() {
        let pages = serde_json::to_value(Search::new().only_pages()).unwrap();
        assert_eq!(
            pages,
            json!({"filter": {"property": "object", "value": "page"}})
        );
        let sources = serde_json::to_value(Search::new().only_data_sources()).unwrap();
        assert_eq!(sources["filter"]["value"], "data_source");
    }

    #[test]
    fn searches_are_retried_like_reads() {
        assert!(search_request(&Search::new()).unwrap().is_idempotent());
    }
}
