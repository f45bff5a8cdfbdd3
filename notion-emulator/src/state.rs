//! Shared emulator state: configuration, clock and the world of Notion objects.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// State shared by every handler.
pub(crate) type AppState = Arc<Shared>;

/// Emulator configuration.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Address to bind; port 0 picks a free port. Defaults to `127.0.0.1:0`.
    pub bind: SocketAddr,
    /// The bearer token of the default integration.
    pub token: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: "secret_emulator_token".to_owned(),
        }
    }
}

/// The emulator's notion of "now"; tests can move it forward.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset: Arc<Mutex<jiff::SignedDuration>>,
}

impl Clock {
    /// The current emulated time.
    pub fn now(&self) -> jiff::Timestamp {
        let offset = *self.offset.lock().expect("clock lock");
        jiff::Timestamp::now() + offset
    }

    /// Moves the clock forward (e.g. to expire file uploads).
    pub fn advance(&self, by: std::time::Duration) {
        let mut offset = self.offset.lock().expect("clock lock");
        *offset += jiff::SignedDuration::try_from(by).unwrap_or(jiff::SignedDuration::MAX);
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: Config,
    pub clock: Clock,
    pub world: Mutex<World>,
}

impl Shared {
    pub fn new(config: Config) -> Self {
        Self {
            config,
            clock: Clock::default(),
            world: Mutex::new(World::default()),
        }
    }
}

/// All Notion objects held by the emulator.
#[derive(Debug, Default)]
pub(crate) struct World {}
