//! Public integrations' OAuth clients, and the codes and tokens issued so far.

use std::collections::HashMap;

use jiff::Timestamp;
use uuid::Uuid;

use crate::world::state::AppState;

/// A public integration registered with the emulator.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthClient {
    /// The OAuth client id.
    pub client_id: String,
    /// The OAuth client secret.
    pub client_secret: String,
    /// The redirect URI codes are issued for; the token request must repeat it.
    pub redirect_uri: String,
}

impl OAuthClient {
    /// A client with these credentials and redirect URI.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
        }
    }
}

/// Codes and tokens issued so far.
#[derive(Debug, Default)]
pub(crate) struct OAuthState {
    /// Unused authorization codes.
    pub(crate) codes: HashMap<String, Grant>,
    /// Live refresh tokens.
    pub(crate) refresh_tokens: HashMap<String, Grant>,
    /// Live access tokens, with their issue time for introspection.
    pub(crate) access_tokens: HashMap<String, AccessToken>,
}

#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
}

#[derive(Debug, Clone)]
pub(crate) struct AccessToken {
    pub(crate) client_id: String,
    pub(crate) issued_at: Timestamp,
}

/// Mints authorization codes for tests; from [`crate::Emulator::oauth`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use notion_emulator::{Config, Emulator, OAuthClient};
/// let mut config = Config::default();
/// config.oauth_clients.push(OAuthClient::new("client", "secret", "https://app.example/callback"));
/// let emulator = Emulator::start_with(config).await.unwrap();
/// let code = emulator.oauth().authorize("client", "https://app.example/callback").unwrap();
/// // POST {base_url}/v1/oauth/token with Basic client:secret and
/// // {"grant_type":"authorization_code","code": code,"redirect_uri":"https://app.example/callback"}
/// # let _ = code;
/// # }
/// ```
#[derive(Debug)]
pub struct OAuth<'a> {
    pub(crate) state: &'a AppState,
}

impl OAuth<'_> {
    /// An authorization code for `client_id`, as if a user had approved the integration and
    /// been redirected to `redirect_uri`. `None` unless that client is configured with that
    /// redirect URI. Each code can be exchanged once.
    pub fn authorize(&self, client_id: &str, redirect_uri: &str) -> Option<String> {
        self.state
            .config
            .oauth_clients
            .iter()
            .find(|c| c.client_id == client_id && c.redirect_uri == redirect_uri)?;
        let code = format!("code_{}", Uuid::new_v4().simple());
        self.state.world().oauth.codes.insert(
            code.clone(),
            Grant {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
            },
        );
        Some(code)
    }
}
