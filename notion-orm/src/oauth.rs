//! OAuth 2.0 for public integrations: the authorization URL, code exchange, refresh, revoke,
//! introspect, and a [`TokenSource`] that refreshes on `401` through your [`TokenStore`].
//!
//! The token endpoints authenticate the integration with HTTP Basic
//! (`client_id:client_secret`), not with a bearer token, so they are called here directly
//! rather than through [`Client`](crate::Client).
//!
//! ```no_run
//! # async fn run(code: &str, store: impl notion_orm::oauth::TokenStore + 'static) -> notion_orm::Result<()> {
//! use notion_orm::oauth::{OAuthApp, OAuthTokenSource};
//! use notion_orm::Client;
//!
//! let app = OAuthApp::new("client-id", "client-secret".into(), "https://example.com/callback");
//! let url = app.authorize_url("csrf-state"); // redirect the user here
//! # let _ = url;
//! // ... Notion redirects back with ?code=...&state=...
//! let tokens = app.exchange_code(code).await?;
//! let client = Client::builder()
//!     .token_source(OAuthTokenSource::new(app, &tokens, store))
//!     .build()?;
//! # let _ = client;
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, RwLock};

use futures_util::future::BoxFuture;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tracing::Instrument;
use url::Url;

use crate::client::{DEFAULT_BASE_URL, NotionVersion, TokenSource};
use crate::types::{PageId, User, UserId, WorkspaceId};
use crate::{ApiError, Error, ErrorCode, Result};

/// A public integration's OAuth credentials and the endpoints that use them.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    client_id: String,
    client_secret: SecretString,
    redirect_uri: String,
    base_url: Url,
    http: reqwest::Client,
}

impl OAuthApp {
    /// The integration's OAuth client id and secret and the redirect URI registered with it.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: SecretString,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret,
            redirect_uri: redirect_uri.into(),
            base_url: Url::parse(DEFAULT_BASE_URL).expect("the default base URL is valid"),
            // Bounded like the API client: a stalled token endpoint must not hang every request
            // waiting on a refresh.
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .connect_timeout(std::time::Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
        }
    }

    /// Talks to another server than `https://api.notion.com` (a test server or the emulator).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if `base_url` is not an absolute URL.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Self> {
        self.base_url = Url::parse(base_url)
            .map_err(|e| Error::Config(format!("invalid OAuth base URL {base_url:?}: {e}")))?;
        Ok(self)
    }

    /// Uses this reqwest client (proxies, timeouts) for the token endpoints.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The OAuth client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Where to send the user to authorize the integration.
    ///
    /// `state` comes back unchanged on the redirect; make it unguessable and check it there to
    /// stop cross-site request forgery.
    ///
    /// ```
    /// use notion_orm::oauth::OAuthApp;
    ///
    /// let app = OAuthApp::new("abc", "s".into(), "https://example.com/cb");
    /// let url = app.authorize_url("xyz");
    /// assert_eq!(
    ///     url.as_str(),
    ///     "https://api.notion.com/v1/oauth/authorize?client_id=abc&response_type=code&owner=user\
    ///      &redirect_uri=https%3A%2F%2Fexample.com%2Fcb&state=xyz"
    /// );
    /// ```
    pub fn authorize_url(&self, state: &str) -> Url {
        let mut url = self.endpoint("/v1/oauth/authorize");
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("response_type", "code")
            .append_pair("owner", "user")
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("state", state);
        url
    }

    /// Exchanges the `code` from the redirect for an access token.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with [`ErrorCode::InvalidGrant`] for a used, expired or foreign code.
    pub async fn exchange_code(&self, code: &str) -> Result<TokenResponse> {
        self.post(
            "/v1/oauth/token",
            json!({
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
            }),
        )
        .await
    }

    /// Obtains a new access token (and usually a new refresh token) from a refresh token.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with [`ErrorCode::InvalidGrant`] when the refresh token is no longer valid:
    /// the user must authorize again.
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenResponse> {
        self.post(
            "/v1/oauth/token",
            json!({
                "grant_type": "refresh_token",
                "refresh_token": refresh_token.expose_secret(),
            }),
        )
        .await
    }

    /// Revokes an access token: the integration loses access to that workspace.
    pub async fn revoke(&self, token: &SecretString) -> Result<()> {
        let _: Value = self
            .post(
                "/v1/oauth/revoke",
                json!({ "token": token.expose_secret() }),
            )
            .await?;
        Ok(())
    }

    /// Asks Notion whether a token is active, and its scope and issue time.
    pub async fn introspect(&self, token: &SecretString) -> Result<Introspection> {
        self.post(
            "/v1/oauth/introspect",
            json!({ "token": token.expose_secret() }),
        )
        .await
    }

    fn endpoint(&self, path: &str) -> Url {
        let mut url = self.base_url.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{prefix}{path}"));
        url
    }

    /// POSTs to a token endpoint with Basic client auth, in the same `notion.request` span the
    /// client opens for API calls (the body carries codes and tokens, so it is never logged).
    async fn post<T: DeserializeOwned>(&self, endpoint: &'static str, body: Value) -> Result<T> {
        let span = tracing::info_span!("notion.request", method = "POST", path = endpoint);
        self.send_token_request(endpoint, body)
            .instrument(span)
            .await
    }

    async fn send_token_request<T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        body: Value,
    ) -> Result<T> {
        let transport = |source| Error::Transport {
            method: "POST".into(),
            endpoint: endpoint.into(),
            maybe_sent: true,
            source,
        };
        let response = self
            .http
            .post(self.endpoint(endpoint))
            .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
            .header("Notion-Version", NotionVersion::default().as_str())
            .json(&body)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let header_request_id = response
            .headers()
            .get("x-notion-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(transport)?;
        if !status.is_success() {
            return Err(error_from(endpoint, status, header_request_id, &bytes));
        }
        crate::client::decode(endpoint, &bytes)
    }
}

/// Turns an error response of a token endpoint into [`Error::Api`] (or
/// [`Error::UnexpectedBody`] when it is not Notion's error JSON).
fn error_from(
    endpoint: &str,
    status: StatusCode,
    header_request_id: Option<String>,
    body: &[u8],
) -> Error {
    #[derive(Deserialize)]
    struct ErrorBody {
        // OAuth servers traditionally say `error`; Notion says `code`. Accept both.
        #[serde(alias = "error")]
        code: ErrorCode,
        #[serde(default, alias = "error_description")]
        message: String,
        #[serde(default)]
        additional_data: BTreeMap<String, Value>,
        #[serde(default)]
        request_id: Option<String>,
    }
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(parsed) => ApiError {
            status: status.as_u16(),
            code: parsed.code,
            message: parsed.message,
            request_id: parsed.request_id.or(header_request_id),
            additional_data: parsed.additional_data,
            retry_after: None,
            method: "POST".into(),
            endpoint: endpoint.into(),
            attempts: 1,
        }
        .into(),
        Err(_) => Error::UnexpectedBody {
            method: "POST".into(),
            endpoint: endpoint.into(),
            status: status.as_u16(),
            excerpt: String::from_utf8_lossy(body).chars().take(200).collect(),
            request_id: header_request_id,
        },
    }
}

/// What the token endpoint returns for a code exchange or a refresh.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct TokenResponse {
    /// The bearer token for API calls.
    pub access_token: SecretString,
    /// Use with [`OAuthApp::refresh`] when the access token stops working.
    #[serde(default)]
    pub refresh_token: Option<SecretString>,
    /// `"bearer"`.
    #[serde(default)]
    pub token_type: Option<String>,
    /// The bot user that acts for the integration in this workspace.
    pub bot_id: UserId,
    /// The workspace that was authorized.
    pub workspace_id: WorkspaceId,
    /// Its name.
    #[serde(default)]
    pub workspace_name: Option<String>,
    /// Its icon: a URL or an emoji.
    #[serde(default)]
    pub workspace_icon: Option<String>,
    /// Who authorized: a user, or the workspace itself.
    pub owner: TokenOwner,
    /// The page duplicated from the integration's template, if it has one.
    #[serde(default)]
    pub duplicated_template_id: Option<PageId>,
    /// Notion's request id.
    #[serde(default)]
    pub request_id: Option<String>,
}

/// Who owns an OAuth token.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TokenOwner {
    /// A user authorized the integration; the token acts with that user's access.
    User {
        /// The user who authorized.
        user: Box<User>,
    },
    /// The token belongs to the whole workspace.
    Workspace {
        /// Always `true`.
        #[serde(default)]
        workspace: bool,
    },
    /// An owner type this version of the crate does not know.
    #[serde(other)]
    Other,
}

/// The answer of [`OAuthApp::introspect`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Introspection {
    /// Whether the token can still be used.
    pub active: bool,
    /// The token's scope, when active.
    #[serde(default)]
    pub scope: Option<String>,
    /// When the token was issued, in seconds since the Unix epoch.
    #[serde(default)]
    pub iat: Option<i64>,
    /// Notion's request id.
    #[serde(default)]
    pub request_id: Option<String>,
}

/// Where refreshed tokens are persisted. Implement it over your database or secret store.
///
/// [`OAuthTokenSource`] calls [`TokenStore::save`] after every refresh: Notion may rotate the
/// refresh token, and a lost one means the user must authorize again.
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// Persists the tokens of a refresh. An error fails the request that triggered the refresh;
    /// the source still uses the new tokens (the old refresh token may be spent) and saves
    /// again on its next refresh.
    fn save<'a>(&'a self, tokens: &'a TokenResponse) -> BoxFuture<'a, Result<()>>;
}

/// A [`TokenSource`] for public integrations: sends the stored access token and, when Notion
/// answers `401`, refreshes it once through [`OAuthApp::refresh`] and saves the result in the
/// [`TokenStore`].
#[derive(Debug)]
pub struct OAuthTokenSource {
    app: OAuthApp,
    tokens: RwLock<Tokens>,
    // Serializes refreshes so concurrent 401s do not spend the same refresh token twice.
    refreshing: tokio::sync::Mutex<()>,
    store: Arc<dyn TokenStore>,
}

#[derive(Debug, Clone)]
struct Tokens {
    access: SecretString,
    refresh: Option<SecretString>,
}

impl OAuthTokenSource {
    /// A source starting from a token response (fresh, or loaded back from your store).
    pub fn new(app: OAuthApp, tokens: &TokenResponse, store: impl TokenStore + 'static) -> Self {
        Self::from_tokens(
            app,
            tokens.access_token.clone(),
            tokens.refresh_token.clone(),
            store,
        )
    }

    /// A source starting from a stored access token and, if you have one, refresh token.
    pub fn from_tokens(
        app: OAuthApp,
        access_token: SecretString,
        refresh_token: Option<SecretString>,
        store: impl TokenStore + 'static,
    ) -> Self {
        Self {
            app,
            tokens: RwLock::new(Tokens {
                access: access_token,
                refresh: refresh_token,
            }),
            refreshing: tokio::sync::Mutex::new(()),
            store: Arc::new(store),
        }
    }

    fn current(&self) -> Tokens {
        // The lock only guards plain assignments, so a poisoned one still holds valid tokens.
        self.tokens
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl TokenSource for OAuthTokenSource {
    fn token(&self) -> SecretString {
        self.current().access
    }

    fn refresh(&self) -> BoxFuture<'_, Result<Option<SecretString>>> {
        Box::pin(async move {
            let stale = self.current().access;
            let _one_at_a_time = self.refreshing.lock().await;
            let current = self.current();
            if current.access.expose_secret() != stale.expose_secret() {
                // Another request refreshed while this one waited for the lock.
                return Ok(Some(current.access));
            }
            let Some(refresh_token) = current.refresh else {
                return Ok(None);
            };
            let fresh = self.app.refresh(&refresh_token).await?;
            // Keep the new tokens even if saving them fails: the old refresh token may already
            // be spent, and the next refresh saves again, which heals the store.
            {
                let mut tokens = self.tokens.write().unwrap_or_else(|e| e.into_inner());
                tokens.access = fresh.access_token.clone();
                if let Some(rotated) = &fresh.refresh_token {
                    tokens.refresh = Some(rotated.clone());
                }
            }
            self.store.save(&fresh).await?;
            Ok(Some(fresh.access_token))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// A store whose database is down.
    #[derive(Debug)]
    struct FailingStore;

    impl TokenStore for FailingStore {
        fn save<'a>(&'a self, _: &'a TokenResponse) -> BoxFuture<'a, Result<()>> {
            Box::pin(async { Err(Error::Config("token store unavailable".into())) })
        }
    }

    #[tokio::test]
    async fn a_failed_save_fails_the_refresh_but_keeps_the_new_tokens() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/oauth/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": "secret_new", "token_type": "bearer",
                "refresh_token": "refresh_new",
                "bot_id": "b3414d65-9e1c-4c5d-a54e-3a4e5b8a3c1f",
                "workspace_id": "13950b26-c203-4f3b-b97d-93ec06319565",
                "owner": {"type": "workspace", "workspace": true}
            })))
            .mount(&server)
            .await;
        let app = OAuthApp::new("id", "secret".into(), "https://example.com/cb")
            .with_base_url(&server.uri())
            .unwrap();
        let source = OAuthTokenSource::from_tokens(
            app,
            "secret_old".into(),
            Some("refresh_old".into()),
            FailingStore,
        );

        let err = source.refresh().await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert_eq!(source.token().expose_secret(), "secret_new");
        let refresh = source.current().refresh.unwrap();
        assert_eq!(refresh.expose_secret(), "refresh_new");
    }
}
