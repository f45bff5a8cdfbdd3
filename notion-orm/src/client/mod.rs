//! The HTTP client: builder, transport, auth, rate limiting and retries.
//!
//! # For engineers adding endpoints
//!
//! Every API call is a [`Request`] sent through [`Client::send`]:
//!
//! ```no_run
//! # async fn run(client: &notion_orm::Client, id: &str) -> notion_orm::Result<()> {
//! use notion_orm::client::Request;
//!
//! let page: serde_json::Value = client
//!     .send(Request::get("/v1/pages/{page_id}").param(id))
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! * The path is a template; [`Request::param`] fills placeholders in order. The template names
//!   the endpoint in errors and in the `notion.request` tracing span (fields `method`, `path`,
//!   `status`, `attempt`, `request_id`).
//! * GET and DELETE are retried on 5xx / `conflict_error` / timeouts; mark other safe-to-repeat
//!   calls with [`Request::idempotent`]. 429 and 529 are retried for every method, honouring
//!   `Retry-After`. A request that may have reached Notion is never repeated unless idempotent.
//! * Multipart uploads pass a form factory to [`Request::multipart`], called once per attempt.
//! * Lists go through [`Client::paginate`] (items) or [`Client::paginate_pages`] (whole pages,
//!   e.g. to see `request_status`), which set `start_cursor` / `page_size` in the query for GET
//!   and in the JSON body otherwise. A query cut short by Notion's 10,000-row cap ends with
//!   [`Error::Incomplete`](crate::Error::Incomplete) after its rows;
//!   `client.data_sources().query_all(..)` reads past the cap.
//! * [`Client::version`] tells which `Notion-Version` is in use, for version-specific shapes.
//! * Auth is a [`TokenSource`]; on `401 unauthorized` the client calls
//!   [`TokenSource::refresh`] once and repeats the request once with the new token.

mod auth;
mod builder;
mod rate_limit;
mod request;
pub(crate) mod retry;
mod transport;
mod version;

use std::fmt;
use std::sync::Arc;

pub use auth::{StaticToken, TokenSource};
pub use builder::{ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES};
pub use rate_limit::RateLimit;
pub use request::{MultipartFactory, Request};
pub use retry::RetryPolicy;
pub use transport::RawResponse;
pub(crate) use transport::{decode, decode_value};
pub use version::NotionVersion;

/// A Notion API client.
///
/// Cheap to clone: clones share one connection pool, one token source and one rate limiter, so
/// hand a clone to every task instead of wrapping it in an `Arc`.
///
/// ```no_run
/// # async fn run() -> notion_orm::Result<()> {
/// use notion_orm::Client;
///
/// let client = Client::from_env()?;
/// let worker = client.clone(); // shares the connection pool and the rate limiter
/// # let _ = worker;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    http: reqwest::Client,
    /// Without a trailing slash; request paths start with `/`.
    base_url: String,
    version: NotionVersion,
    auth: Arc<dyn TokenSource>,
    limiter: Option<rate_limit::TokenBucket>,
    retry: RetryPolicy,
    /// The request timeout; also bounds the wait for the rate limiter.
    timeout: Option<std::time::Duration>,
    /// Larger responses are refused with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    max_response_bytes: u64,
    /// The workspace's upload size limit from `GET /v1/users/me`, fetched on the first upload.
    upload_limit: crate::upload::UploadLimitCache,
    /// Models checked against live schemas, for models compiled without a snapshot.
    schema_checks: crate::model::schema_check::Checked,
}

impl Client {
    /// The models this client has checked against live schemas.
    pub(crate) fn schema_checks(&self) -> &crate::model::schema_check::Checked {
        &self.inner.schema_checks
    }

    /// The `Notion-Version` this client sends.
    pub fn version(&self) -> NotionVersion {
        self.inner.version
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry
    }

    /// Where [`Client::upload`] keeps the workspace's upload limit once fetched.
    pub(crate) fn upload_limit_cache(&self) -> &crate::upload::UploadLimitCache {
        &self.inner.upload_limit
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token source's own Debug is redacted (SecretString); the token is never printed.
        f.debug_struct("Client")
            .field("base_url", &redact_password(&self.inner.base_url))
            .field("version", &self.inner.version)
            .field("auth", &self.inner.auth)
            .field("rate_limited", &self.inner.limiter.is_some())
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// A URL for display, with its password (if any) replaced by `***`.
fn redact_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.as_str().trim_end_matches('/').to_owned()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_a_password_in_the_base_url() {
        let client = Client::builder()
            .token("t")
            .base_url("https://user:hunter2@proxy.local/notion")
            .build()
            .unwrap();
        let printed = format!("{client:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(
            printed.contains("https://user:***@proxy.local/notion"),
            "{printed}"
        );
    }

    #[test]
    fn clients_and_their_streams_can_move_between_tasks() {
        fn shareable<T: Send + Sync + Clone + 'static>() {}
        fn sendable<T: Send + 'static>() {}
        shareable::<Client>();
        sendable::<crate::pagination::Paginator<serde_json::Value>>();
    }
}
