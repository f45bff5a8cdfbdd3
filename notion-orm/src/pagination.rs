//! Cursor pagination for every Notion list endpoint.
//!
//! Notion lists answer `{results, next_cursor, has_more}`; the next page is requested with
//! `start_cursor` (in the query string for GET endpoints, in the JSON body for POST ones).
//! [`Client::paginate`] turns that into one [`Stream`] of items, [`Client::paginate_pages`]
//! into a stream of whole [`ListResponse`]s for callers that need the envelope
//! (`request_status` tells that a query hit Notion's 10,000-row cap).

use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::client::{Client, Request};
use crate::types::PropertyItemResponse;
use crate::{Error, Result};

/// The most items Notion returns per page, and the default.
pub const MAX_PAGE_SIZE: u32 = 100;

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ListResponse<T> {
    /// The items of this page (`templates` for the list-templates endpoint).
    #[serde(alias = "templates")]
    pub results: Vec<T>,
    /// Cursor of the next page, when `has_more`.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// Whether another page follows.
    #[serde(default)]
    pub has_more: bool,
    /// The list's item type, e.g. `page_or_data_source`, `user`, `property_item`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Present when a query stopped early (the 10,000-row cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_status: Option<RequestStatus>,
    /// Notion's id for this response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl<T> ListResponse<T> {
    /// Whether Notion stopped this query before the end (e.g. `query_result_limit_reached`):
    /// `has_more` is then false although rows remain.
    pub fn is_incomplete(&self) -> bool {
        self.request_status
            .as_ref()
            .is_some_and(RequestStatus::is_incomplete)
    }
}

/// `request_status` of a list response.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RequestStatus {
    /// `"incomplete"` when the result was cut short; other values are kept as sent.
    #[serde(rename = "type")]
    pub kind: String,
    /// Why, e.g. `query_result_limit_reached`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete_reason: Option<String>,
}

impl RequestStatus {
    /// Whether the result was cut short.
    pub fn is_incomplete(&self) -> bool {
        self.kind == "incomplete"
    }
}

/// A stream of results from a paginated endpoint: fetches the next page only when the current
/// one is consumed.
///
/// It is a [`Stream`] of `Result<T>` (use `futures_util::StreamExt` / `TryStreamExt`), with
/// helpers for the common cases. Nothing is sent until it is first polled, so the page size can
/// still be chosen with [`Paginator::page_size`].
///
/// ```no_run
/// # async fn run(client: notion_orm::Client) -> notion_orm::Result<()> {
/// use futures_util::TryStreamExt;
/// use notion_orm::client::Request;
///
/// let users = || client.paginate::<serde_json::Value>(Request::get("/v1/users"), None);
/// let everyone = users().collect_all().await?;
/// let mut users = users().page_size(50);
/// while let Some(user) = users.try_next().await? {
///     # let _ = user;
/// }
/// # let _ = everyone;
/// # Ok(()) }
/// ```
#[must_use = "a paginator does nothing until polled"]
pub struct Paginator<T> {
    state: State<T>,
}

/// Opens the stream once the page size is final.
type Open<T> = Box<dyn FnOnce(Option<u32>) -> BoxStream<'static, Result<T>> + Send>;

enum State<T> {
    NotStarted {
        open: Open<T>,
        page_size: Option<u32>,
    },
    Started(BoxStream<'static, Result<T>>),
    /// Only while switching from `NotStarted` to `Started`.
    Switching,
}

impl<T: Send + 'static> Paginator<T> {
    /// Wraps any stream of results (the page size is then ignored).
    pub fn new(stream: impl Stream<Item = Result<T>> + Send + 'static) -> Self {
        Paginator {
            state: State::Started(stream.boxed()),
        }
    }

    /// A paginator whose only item is `error`, for calls that fail before the first request.
    pub fn from_error(error: Error) -> Self {
        Self::new(stream::once(async { Err(error) }))
    }

    /// A paginator that opens its stream on first poll with the chosen page size.
    pub(crate) fn lazy(
        page_size: Option<u32>,
        open: impl FnOnce(Option<u32>) -> BoxStream<'static, Result<T>> + Send + 'static,
    ) -> Self {
        Paginator {
            state: State::NotStarted {
                open: Box::new(open),
                page_size,
            },
        }
    }

    /// Asks for `size` items per page (1..=100; Notion's default is 100). Ignored once the
    /// stream has started. An out-of-range size makes the first item an
    /// [`Error::InvalidInput`], before any request.
    pub fn page_size(mut self, size: u32) -> Self {
        if let State::NotStarted { page_size, .. } = &mut self.state {
            *page_size = Some(size);
        }
        self
    }

    /// Reads every page and returns all items, or the first error.
    pub async fn collect_all(self) -> Result<Vec<T>> {
        self.try_collect().await
    }

    /// The first item, fetching only the first page.
    pub async fn first(mut self) -> Result<Option<T>> {
        self.try_next().await
    }
}

impl<T> Stream for Paginator<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.state = match std::mem::replace(&mut self.state, State::Switching) {
            State::NotStarted { open, page_size } => State::Started(open(page_size)),
            other => other,
        };
        match &mut self.state {
            State::Started(stream) => stream.as_mut().poll_next(cx),
            _ => Poll::Ready(None),
        }
    }
}

impl<T> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let started = matches!(self.state, State::Started(_));
        f.debug_struct("Paginator")
            .field("started", &started)
            .finish_non_exhaustive()
    }
}

/// Where the paginator is between pages.
struct Cursor {
    client: Client,
    request: Request,
    next: Option<String>,
    seen: HashSet<String>,
    /// A cursor Notion returned twice; reported when the caller asks for the page after it,
    /// so the items of the page that carried it are not lost.
    repeated: Option<String>,
    /// The last page said `has_more` without a cursor; reported like `repeated`.
    dangling: bool,
    done: bool,
}

impl Client {
    /// Streams every item of a list endpoint, following `next_cursor`.
    ///
    /// `page_size` (1..=100, Notion's default 100) is sent on every page; it can also be set
    /// later with [`Paginator::page_size`]. A request that already carries a `start_cursor`
    /// resumes from there.
    ///
    /// # Errors (as stream items)
    ///
    /// [`Error::InvalidInput`] for a page size outside 1..=100 (before any request);
    /// [`Error::Incomplete`] after the last row when Notion cut the list short (the
    /// 10,000-row query cap);
    /// [`Error::RepeatedCursor`] when Notion returns a cursor it returned before (after the
    /// items of the page that carried it); any error of [`Client::send`].
    pub fn paginate<T>(&self, request: Request, page_size: Option<u32>) -> Paginator<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let client = self.clone();
        let endpoint = request.endpoint();
        Paginator::lazy(page_size, move |page_size| {
            page_stream::<ListResponse<T>>(client, request, page_size)
                .map_ok(move |page| {
                    let cut_short = page.request_status.filter(RequestStatus::is_incomplete);
                    let error = cut_short.map(|status| {
                        Err(Error::Incomplete {
                            endpoint: endpoint.to_owned(),
                            reason: status.incomplete_reason.unwrap_or(status.kind),
                        })
                    });
                    stream::iter(page.results.into_iter().map(Ok).chain(error))
                })
                .try_flatten()
                .boxed()
        })
    }

    /// Streams the pages of a list endpoint as whole [`ListResponse`]s.
    ///
    /// Same rules as [`Client::paginate`], except that a page cut short by Notion is returned
    /// as it is, without [`Error::Incomplete`]: check [`ListResponse::is_incomplete`].
    pub fn paginate_pages<T>(
        &self,
        request: Request,
        page_size: Option<u32>,
    ) -> Paginator<ListResponse<T>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        cursor_pages(self.clone(), request, page_size)
    }
}

/// A response that may point at a next page.
pub(crate) trait CursorPage {
    /// The cursor to follow, if there is a next page.
    fn next_page(&self) -> Option<&str>;
    /// Whether the response says more items follow (`has_more`), cursor or not.
    fn has_more(&self) -> bool;
}

impl<T> CursorPage for ListResponse<T> {
    fn next_page(&self) -> Option<&str> {
        self.next_cursor.as_deref().filter(|_| self.has_more)
    }

    fn has_more(&self) -> bool {
        self.has_more
    }
}

impl CursorPage for PropertyItemResponse {
    fn next_page(&self) -> Option<&str> {
        match self {
            PropertyItemResponse::List(list) => {
                list.next_cursor.as_deref().filter(|_| list.has_more)
            }
            PropertyItemResponse::Single(_) => None,
        }
    }

    fn has_more(&self) -> bool {
        matches!(self, PropertyItemResponse::List(list) if list.has_more)
    }
}

/// A lazy paginator over the whole responses of a list endpoint whose envelope is `P`.
pub(crate) fn cursor_pages<P>(
    client: Client,
    request: Request,
    page_size: Option<u32>,
) -> Paginator<P>
where
    P: CursorPage + DeserializeOwned + Send + 'static,
{
    Paginator::lazy(page_size, move |page_size| {
        page_stream::<P>(client, request, page_size)
    })
}

/// The pages of one list, fetched one at a time with `try_unfold`.
///
/// `has_more` without a cursor cannot be followed: after that page the stream ends with an
/// error, never as if the list were complete.
fn page_stream<P>(
    client: Client,
    request: Request,
    page_size: Option<u32>,
) -> BoxStream<'static, Result<P>>
where
    P: CursorPage + DeserializeOwned + Send + 'static,
{
    if let Err(e) = validate_page_size(page_size) {
        return stream::once(async { Err(e) }).boxed();
    }
    let start = Cursor {
        client,
        request,
        next: None,
        seen: HashSet::new(),
        repeated: None,
        dangling: false,
        done: false,
    };
    stream::try_unfold(start, move |mut cursor| async move {
        if let Some(repeated) = cursor.repeated {
            return Err(Error::RepeatedCursor {
                endpoint: cursor.request.endpoint().to_owned(),
                cursor: repeated,
            });
        }
        if cursor.dangling {
            return Err(Error::Decode {
                endpoint: cursor.request.endpoint().to_owned(),
                path: "next_cursor".to_owned(),
                message: "`has_more` is true but there is no `next_cursor`, so the rest of the \
                          list cannot be read"
                    .to_owned(),
                source: None,
            });
        }
        if cursor.done {
            return Ok(None);
        }
        let mut request = cursor.request.clone();
        if let Some(next) = &cursor.next {
            set_param(&mut request, "start_cursor", next.clone().into());
        }
        if let Some(size) = page_size {
            set_param(&mut request, "page_size", size.into());
        }
        let page: P = cursor.client.send(request).await?;
        match page.next_page() {
            Some(next) if !cursor.seen.insert(next.to_owned()) => {
                cursor.repeated = Some(next.to_owned());
            }
            Some(next) => cursor.next = Some(next.to_owned()),
            None if page.has_more() => cursor.dangling = true,
            None => cursor.done = true,
        }
        Ok(Some((page, cursor)))
    })
    .boxed()
}

/// Rejects page sizes Notion would reject, before any request is made.
pub(crate) fn validate_page_size(page_size: Option<u32>) -> Result<()> {
    match page_size {
        Some(size) if !(1..=MAX_PAGE_SIZE).contains(&size) => Err(Error::invalid(
            None,
            None,
            format!("page_size must be between 1 and {MAX_PAGE_SIZE}, got {size}"),
        )),
        _ => Ok(()),
    }
}

/// GET lists take paging parameters in the query string; POST lists in the JSON body.
fn set_param(request: &mut Request, key: &str, value: serde_json::Value) {
    if *request.method() == Method::GET {
        let text = match value {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        request.set_query(key, text);
    } else {
        request.set_body_field(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_outside_one_to_a_hundred_are_rejected() {
        assert!(validate_page_size(Some(0)).is_err());
        assert!(validate_page_size(Some(101)).is_err());
        assert!(validate_page_size(Some(1)).is_ok());
        assert!(validate_page_size(Some(100)).is_ok());
        assert!(validate_page_size(None).is_ok());
    }

    #[test]
    fn templates_lists_decode_as_results() {
        let page: ListResponse<serde_json::Value> = serde_json::from_str(
            r#"{"templates":[{"id":"a","name":"T","is_default":true}],"has_more":false,"next_cursor":null}"#,
        )
        .unwrap();
        assert_eq!(page.results.len(), 1);
    }

    #[test]
    fn capped_queries_report_incomplete() {
        let page: ListResponse<serde_json::Value> = serde_json::from_str(
            r#"{"object":"list","results":[],"next_cursor":null,"has_more":false,
                "type":"page_or_data_source","page_or_data_source":{},
                "request_status":{"type":"incomplete","incomplete_reason":"query_result_limit_reached"}}"#,
        )
        .unwrap();
        assert!(page.is_incomplete());
        assert_eq!(page.kind.as_deref(), Some("page_or_data_source"));
    }

    #[test]
    fn get_requests_page_through_the_query_and_posts_through_the_body() {
        let mut get = Request::get("/v1/users");
        set_param(&mut get, "start_cursor", "abc".into());
        set_param(&mut get, "page_size", 10.into());
        assert_eq!(
            get.query,
            vec![
                ("start_cursor".to_owned(), "abc".to_owned()),
                ("page_size".to_owned(), "10".to_owned())
            ]
        );
        let mut post = Request::post("/v1/search");
        set_param(&mut post, "start_cursor", "abc".into());
        assert_eq!(
            post.body(),
            Some(&serde_json::json!({"start_cursor": "abc"}))
        );
    }
}
