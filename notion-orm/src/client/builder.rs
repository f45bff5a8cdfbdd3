//! [`ClientBuilder`]: every knob of a [`Client`], validated once in [`ClientBuilder::build`].

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::auth::{StaticToken, TokenSource};
use super::rate_limit::{RateLimit, TokenBucket};
use super::retry::RetryPolicy;
use super::version::NotionVersion;
use super::{Client, ClientInner};
use crate::{Error, Result};

/// The public Notion API.
pub const DEFAULT_BASE_URL: &str = "https://api.notion.com";

/// Configures a [`Client`]. Start with [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use notion_orm::client::{NotionVersion, RateLimit, RetryPolicy};
/// use notion_orm::Client;
///
/// let client = Client::builder()
///     .token("secret_xyz")
///     .base_url("http://127.0.0.1:4010")
///     .notion_version(NotionVersion::V2026_03_11)
///     .rate_limit(RateLimit::per_second(3.0).burst(10))
///     .retry(RetryPolicy::default().max_attempts(3))
///     .timeout(Duration::from_secs(30))
///     .build()?;
/// # Ok::<(), notion_orm::Error>(())
/// ```
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    auth: Option<Arc<dyn TokenSource>>,
    base_url: Option<String>,
    version: NotionVersion,
    rate_limit: RateLimit,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    pool_idle_timeout: Option<Duration>,
    user_agent: Option<String>,
    max_response_bytes: u64,
}

/// The default for [`ClientBuilder::max_response_bytes`]: 32 MiB, far above any Notion
/// response (a full page of 100 rows is a few hundred KB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            auth: None,
            base_url: None,
            version: NotionVersion::default(),
            rate_limit: RateLimit::default(),
            retry: RetryPolicy::default(),
            timeout: Some(Duration::from_secs(60)),
            connect_timeout: Some(Duration::from_secs(10)),
            pool_idle_timeout: Some(Duration::from_secs(90)),
            user_agent: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl ClientBuilder {
    /// A builder with the defaults: public API, `2025-09-03`, 3 requests/s, 4 attempts, 60 s
    /// request timeout, 10 s connect timeout.
    pub fn new() -> Self {
        Self::default()
    }

    /// The integration secret or OAuth access token.
    pub fn token(self, token: impl Into<SecretString>) -> Self {
        self.token_source(StaticToken::new(token))
    }

    /// A token source that can refresh (OAuth); replaces [`ClientBuilder::token`].
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.auth = Some(Arc::new(source));
        self
    }

    /// Where to send requests, e.g. an emulator at `http://127.0.0.1:PORT` (default
    /// [`DEFAULT_BASE_URL`]). A path prefix is kept: `http://proxy/notion` sends
    /// `http://proxy/notion/v1/...`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The `Notion-Version` to send (default `2025-09-03`).
    pub fn notion_version(mut self, version: NotionVersion) -> Self {
        self.version = version;
        self
    }

    /// Client-side rate limiting, shared by all clones of the client.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Retry policy for failed requests.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Timeout of one attempt, from sending to the end of the response body (default 60 s,
    /// Notion's own server-side limit).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The largest response body the client reads ([`DEFAULT_MAX_RESPONSE_BYTES`] by default).
    /// A larger one fails with [`Error::ResponseTooLarge`] without being read into memory.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Removes every timer of the HTTP client: request and connect timeouts, and the idle
    /// connection timeout of the pool. Meant for tests on a paused tokio clock, where any
    /// pending timer fires as soon as the runtime waits for I/O.
    pub fn no_timeouts(mut self) -> Self {
        self.timeout = None;
        self.connect_timeout = None;
        self.pool_idle_timeout = None;
        self
    }

    /// The `User-Agent` header (default `notion-orm/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when no token was given, the base URL is not an absolute http(s) URL,
    /// or the HTTP client cannot be created.
    pub fn build(self) -> Result<Client> {
        let auth = self.auth.ok_or_else(|| {
            Error::Config("no token: call ClientBuilder::token or set NOTION_TOKEN".into())
        })?;
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let mut http = reqwest::Client::builder().user_agent(
            self.user_agent
                .unwrap_or_else(|| concat!("notion-orm/", env!("CARGO_PKG_VERSION")).into()),
        );
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            http = http.connect_timeout(timeout);
        }
        let http = http
            .pool_idle_timeout(self.pool_idle_timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base_url,
                version: self.version,
                auth,
                limiter: TokenBucket::new(self.rate_limit),
                retry: self.retry,
                timeout: self.timeout,
                max_response_bytes: self.max_response_bytes,
                upload_limit: Default::default(),
                schema_checks: Default::default(),
            }),
        })
    }
}

/// Parses the base URL and drops a trailing `/` so paths (which start with `/v1`) append cleanly.
fn parse_base_url(raw: &str) -> Result<String> {
    let url =
        Url::parse(raw).map_err(|e| Error::Config(format!("invalid base URL {raw:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(Error::Config(format!(
            "invalid base URL {raw:?}: expected http(s)://host[:port][/prefix]"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "invalid base URL {raw:?}: it must not have a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

impl Client {
    /// A builder for a client with custom settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client with the default settings and a static token.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the HTTP client cannot be created.
    pub fn new(token: impl Into<SecretString>) -> Result<Client> {
        Client::builder().token(token).build()
    }

    /// A client configured from the environment: `NOTION_TOKEN` (required), `NOTION_BASE_URL`
    /// and `NOTION_VERSION` (optional). To adjust other settings as well, start from
    /// [`ClientBuilder::from_env`].
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `NOTION_TOKEN` is missing or empty, or a variable is invalid.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build()
    }
}

impl ClientBuilder {
    /// A builder preset from `NOTION_TOKEN`, `NOTION_BASE_URL` and `NOTION_VERSION`.
    ///
    /// ```no_run
    /// use notion_orm::client::{ClientBuilder, RateLimit};
    ///
    /// let client = ClientBuilder::from_env()?
    ///     .rate_limit(RateLimit::per_second(2.0))
    ///     .build()?;
    /// # Ok::<(), notion_orm::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `NOTION_TOKEN` is missing or empty, or a variable is invalid.
    pub fn from_env() -> Result<ClientBuilder> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] over any variable lookup, so it can be tested without
    /// touching the process environment.
    fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder> {
        let token = var("NOTION_TOKEN")
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| Error::Config("NOTION_TOKEN is not set".into()))?;
        let mut builder = Client::builder().token(token.trim());
        if let Some(url) = var("NOTION_BASE_URL").filter(|u| !u.trim().is_empty()) {
            builder = builder.base_url(url.trim());
        }
        if let Some(version) = var("NOTION_VERSION").filter(|v| !v.trim().is_empty()) {
            builder = builder.notion_version(version.parse()?);
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn from_env_requires_a_token() {
        let err = ClientBuilder::from_lookup(env(&[])).unwrap_err();
        assert!(err.to_string().contains("NOTION_TOKEN"), "{err}");
    }

    #[test]
    fn from_env_reads_base_url_and_version() {
        let client = ClientBuilder::from_lookup(env(&[
            ("NOTION_TOKEN", "secret_abc"),
            ("NOTION_BASE_URL", "http://127.0.0.1:9/"),
            ("NOTION_VERSION", "2026-03-11"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.version(), NotionVersion::V2026_03_11);
        assert_eq!(client.base_url(), "http://127.0.0.1:9");
    }

    #[test]
    fn from_env_rejects_an_unknown_version() {
        let err = ClientBuilder::from_lookup(env(&[
            ("NOTION_TOKEN", "secret_abc"),
            ("NOTION_VERSION", "2022-06-28"),
        ]))
        .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
    }

    #[test]
    fn building_without_a_token_fails() {
        assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
    }

    #[test]
    fn base_urls_must_be_absolute_http() {
        for bad in ["not a url", "ftp://example.com", "http://h/?q=1"] {
            let built = Client::builder().token("t").base_url(bad).build();
            assert!(matches!(built, Err(Error::Config(_))), "{bad}");
        }
    }

    #[test]
    fn base_url_prefixes_are_kept() {
        let client = Client::builder()
            .token("t")
            .base_url("http://proxy.local/notion/")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://proxy.local/notion");
    }
}
