//! Where the bearer token comes from: a static integration secret or a refreshable OAuth token.

use std::fmt;

use futures_util::future::BoxFuture;
use secrecy::SecretString;

use crate::Result;

/// Supplies the bearer token for every request.
///
/// Internal integrations use a [`StaticToken`]. Public integrations plug in a source that holds
/// an OAuth access token and can refresh it: when Notion answers `401 unauthorized`, the client
/// calls [`TokenSource::refresh`] once and, if it yields a new token, repeats the request once
/// with it.
///
/// Implementations must keep the token out of their `Debug` output (hold it in a
/// [`SecretString`], whose `Debug` is redacted).
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// The token to send now.
    fn token(&self) -> SecretString;

    /// Obtains a new token after Notion rejected the current one.
    ///
    /// Returns `Ok(None)` when the source cannot refresh (the 401 is then returned to the
    /// caller). A source that returns `Some` must also return the new token from later
    /// [`TokenSource::token`] calls.
    fn refresh(&self) -> BoxFuture<'_, Result<Option<SecretString>>> {
        Box::pin(async { Ok(None) })
    }
}

/// A token that never changes: an internal integration's secret.
#[derive(Debug, Clone)]
pub struct StaticToken(SecretString);

impl StaticToken {
    /// Wraps a token.
    pub fn new(token: impl Into<SecretString>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> SecretString {
        self.0.clone()
    }
}
