//! The bridge to `notion-orm`: a client configured for this emulator, and errors that convert.

use std::net::SocketAddr;

use crate::Emulator;

/// Why an emulator could not start: its address could not be bound.
///
/// It converts into `std::io::Error` and into `notion_orm::Error`, so `?` works in functions
/// returning either.
#[derive(Debug, thiserror::Error)]
#[error("the Notion emulator could not listen on {addr}: {source}")]
pub struct StartError {
    /// The address it tried.
    pub addr: SocketAddr,
    /// Why binding failed.
    #[source]
    pub source: std::io::Error,
}

impl From<StartError> for std::io::Error {
    fn from(e: StartError) -> Self {
        std::io::Error::new(e.source.kind(), e.to_string())
    }
}

impl From<StartError> for notion_orm::Error {
    fn from(e: StartError) -> Self {
        notion_orm::Error::Config(e.to_string())
    }
}

impl Emulator {
    /// A `notion_orm::Client` for this emulator: its base URL and token, and a client-side rate
    /// limit matched to the emulator's own (`Config::rate_limit`), or none when the emulator has
    /// none (the default), so tests run at full speed.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> notion_orm::Result<()> {
    /// let emulator = notion_emulator::Emulator::start().await?;
    /// let client = emulator.client();
    /// let me = client.users().me().await?;
    /// # let _ = me;
    /// # Ok(()) }
    /// ```
    pub fn client(&self) -> notion_orm::Client {
        self.client_builder()
            .build()
            .expect("the emulator's base URL and token make a valid client")
    }

    /// The builder behind [`Emulator::client`], to change more settings (retries, timeouts).
    pub fn client_builder(&self) -> notion_orm::ClientBuilder {
        let rate_limit = match self.config().rate_limit {
            Some(limit) => {
                notion_orm::client::RateLimit::per_second(limit.per_second()).burst(limit.burst())
            }
            None => notion_orm::client::RateLimit::disabled(),
        };
        notion_orm::Client::builder()
            .token(self.token().to_owned())
            .base_url(self.base_url())
            .rate_limit(rate_limit)
    }
}
