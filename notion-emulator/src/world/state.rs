//! Shared emulator state: configuration, the clock, and the [`Shared`] value every handler sees.
//!
//! The objects themselves live in [`crate::world::World`], behind one mutex. Handlers take the lock,
//! do their work synchronously and release it; nothing awaits while holding it, so a 100,000-row
//! query never blocks other requests for long.
//!
//! # How to extend
//!
//! - A new configuration knob: add a `pub` field to [`Config`] with a default in `Default::default`
//!   and a doc comment. `Config` is `#[non_exhaustive]`, so users build it with
//!   `Config { field: x, ..Config::default() }` only inside this crate; outside they use
//!   `Config::default()` and set fields.
//! - Runtime state for a feature (comments, uploads, ...): add one field to
//!   [`crate::world::World`], see the module docs there.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use uuid::Uuid;

use crate::world::World;
use crate::world::integrations::{Actor, acting};

/// State shared by every handler.
pub(crate) type AppState = Arc<Shared>;

/// What a token may do; a request outside its capabilities gets `403 restricted_resource`.
///
/// Mirrors the capabilities of a Notion integration ("Read content", "Update content",
/// "Insert content", "Read comments"/"Insert comments").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Read pages, blocks, data sources, databases, search, users.
    pub read: bool,
    /// Update existing objects (PATCH, DELETE, trash, move).
    pub update: bool,
    /// Create new objects (POST pages, databases, data sources; append children).
    pub insert: bool,
    /// Read and write comments.
    pub comments: bool,
    /// Whether `GET /v1/users` lists the workspace's users, and whether emails show.
    pub user_information: UserInformation,
}

/// The "user information" capability of a Notion integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserInformation {
    /// No user information: `GET /v1/users` and other users' objects are `403`.
    None,
    /// Users are listed without their email addresses.
    WithoutEmail,
    /// Users are listed with their email addresses.
    WithEmail,
}

impl Capabilities {
    /// Every capability; the default for the configured token.
    pub const ALL: Self = Self {
        read: true,
        update: true,
        insert: true,
        comments: true,
        user_information: UserInformation::WithEmail,
    };

    /// Read-only content access, no comments.
    pub const READ_ONLY: Self = Self {
        read: true,
        update: false,
        insert: false,
        comments: false,
        user_information: UserInformation::WithoutEmail,
    };

    /// Parses a comma-separated list such as `read,update,insert,comments,users,emails` (or
    /// `all`), as the binary's `--integration name:token:capabilities` takes it.
    pub fn parse_list(list: &str) -> Result<Self, String> {
        let mut caps = Self {
            read: false,
            update: false,
            insert: false,
            comments: false,
            user_information: UserInformation::None,
        };
        for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word {
                "all" => caps = Self::ALL,
                "read" => caps.read = true,
                "update" => caps.update = true,
                "insert" => caps.insert = true,
                "comments" => caps.comments = true,
                "users" if caps.user_information == UserInformation::None => {
                    caps.user_information = UserInformation::WithoutEmail
                }
                "users" => {}
                "emails" => caps.user_information = UserInformation::WithEmail,
                other => {
                    return Err(format!(
                        "unknown capability `{other}` (expected read, update, insert, comments, users, emails or all)"
                    ));
                }
            }
        }
        Ok(caps)
    }
}

impl Default for Capabilities {
    fn default() -> Self {
        Self::ALL
    }
}

/// Which capability an endpoint needs; checked by the request context (`http::context::Ctx::require`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Capability {
    Read,
    Update,
    Insert,
    Comments,
    /// Any user information (listing users, reading one by id).
    UserInformation,
}

impl Capabilities {
    /// Whether this set grants `capability`.
    pub(crate) fn allows(self, capability: Capability) -> bool {
        match capability {
            Capability::Read => self.read,
            Capability::Update => self.update,
            Capability::Insert => self.insert,
            Capability::Comments => self.comments,
            Capability::UserInformation => self.user_information != UserInformation::None,
        }
    }
}

/// Emulator configuration.
///
/// ```
/// let mut config = notion_emulator::Config::default();
/// config.query_result_cap = 50; // reach Notion's 10,000-row cap cheaply in tests
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Address to bind; port 0 picks a free port. Defaults to `127.0.0.1:0`.
    pub bind: SocketAddr,
    /// The bearer token of the default integration.
    pub token: String,
    /// What the default token may do. Defaults to [`Capabilities::ALL`].
    pub capabilities: Capabilities,
    /// More tokens of the default integration's bot (e.g. a read-only one), each with its
    /// capabilities. For separate integrations with their own bot and sharing, use
    /// [`crate::Emulator::integration`].
    pub extra_tokens: HashMap<String, Capabilities>,
    /// The integration's name, quoted in `object_not_found` messages like Notion does.
    pub integration_name: String,
    /// Maximum rows one data-source query can walk through before Notion answers
    /// `request_status.incomplete`. Notion's value is 10,000; set it low in tests.
    pub query_result_cap: usize,
    /// Maximum relation/people references inlined in a page read (Notion: 25); the property-item
    /// endpoint returns all of them.
    pub inline_reference_cap: usize,
    /// Maximum request body size in bytes (Notion: about 500 KB).
    pub max_body_bytes: usize,
    /// How long a client may take to send a request's headers, and then its body. A slower
    /// client (or a slowloris) has its connection closed instead of holding it forever.
    /// Defaults to 30 s.
    pub read_timeout: std::time::Duration,
    /// Round page and data-source `created_time`/`last_edited_time` down to the minute, as Notion
    /// does. Turn off when a test needs distinct timestamps for rows created in one minute.
    pub round_timestamps_to_minute: bool,
    /// An optional per-token rate limit answered with 429 `rate_limited` and `Retry-After`.
    /// Off (`None`) by default.
    pub rate_limit: Option<crate::RateLimit>,
    /// Public integrations allowed to use the OAuth token endpoints, each registered like
    /// [`crate::Emulator::integration`]`(client_id).public(client)` with every capability.
    /// Empty by default.
    pub oauth_clients: Vec<crate::OAuthClient>,
    /// The id of the integration's bot user; random when `None` (the default). A dev server
    /// restarted on a `--data` file reuses the saved one, so objects keep their author.
    pub bot_id: Option<uuid::Uuid>,
    /// How long an event waits for more edits of the same entity before it is delivered (rapid
    /// `*.properties_updated`/`*.content_updated` events aggregate into one). Default 1 s; Notion
    /// waits longer.
    pub webhook_aggregation: std::time::Duration,
    /// The wait before the first redelivery to a receiver that failed; it doubles after each
    /// failure. Default 1 s (Notion's grows to hours); set it low in tests.
    pub webhook_retry_backoff: std::time::Duration,
    /// How many times a delivery is attempted in all (Notion: 8).
    pub webhook_max_attempts: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: "secret_emulator_token".to_owned(),
            capabilities: Capabilities::ALL,
            extra_tokens: HashMap::new(),
            integration_name: "notion-emulator".to_owned(),
            query_result_cap: 10_000,
            inline_reference_cap: 25,
            max_body_bytes: 500 * 1000,
            read_timeout: std::time::Duration::from_secs(30),
            round_timestamps_to_minute: true,
            rate_limit: None,
            oauth_clients: Vec::new(),
            bot_id: None,
            webhook_aggregation: std::time::Duration::from_secs(1),
            webhook_retry_backoff: std::time::Duration::from_secs(1),
            webhook_max_attempts: 8,
        }
    }
}

/// The emulator's notion of "now"; tests can move it forward or pin it.
///
/// Relative date filters (`today`, `past_week`, ...) and every timestamp the emulator writes use it.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    inner: Arc<Mutex<ClockState>>,
}

#[derive(Debug, Default)]
struct ClockState {
    offset: jiff::SignedDuration,
    pinned: Option<jiff::Timestamp>,
}

impl Clock {
    /// The current emulated time.
    pub fn now(&self) -> jiff::Timestamp {
        let state = self.lock();
        let base = state.pinned.unwrap_or_else(jiff::Timestamp::now);
        base.checked_add(state.offset).unwrap_or(base)
    }

    /// Moves the clock forward (e.g. to expire file uploads or make timestamps distinct).
    pub fn advance(&self, by: std::time::Duration) {
        let mut state = self.lock();
        let by = jiff::SignedDuration::try_from(by).unwrap_or(jiff::SignedDuration::MAX);
        state.offset = state.offset.saturating_add(by);
    }

    /// Freezes the clock at `at`; later [`Clock::advance`] calls move it from there.
    pub fn set(&self, at: jiff::Timestamp) {
        let mut state = self.lock();
        state.pinned = Some(at);
        state.offset = jiff::SignedDuration::ZERO;
    }

    fn lock(&self) -> MutexGuard<'_, ClockState> {
        // The state is two plain values, so a panic elsewhere cannot leave it inconsistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: Config,
    pub clock: Clock,
    pub world: Mutex<World>,
    /// The integration's bot user: author of everything created through the API.
    pub bot_id: Uuid,
    /// Wakes the webhook delivery task when an event is queued.
    pub webhook_wake: tokio::sync::Notify,
}

impl Shared {
    pub fn new(config: Config) -> Self {
        let world = World::new(&config);
        let bot_id = world.bot_id;
        Self {
            config,
            clock: Clock::default(),
            world: Mutex::new(world),
            bot_id,
            webhook_wake: tokio::sync::Notify::new(),
        }
    }

    /// Locks the world. A handler that panicked mid-update cannot corrupt Rust memory, and the
    /// emulator keeps serving other tests' requests, so a poisoned lock is taken over.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Who `token` acts as, or `None` when the token is unknown.
    pub fn actor_for(&self, token: &str) -> Option<Actor> {
        self.world().integrations.actor_for(token)
    }

    /// The bot acting in the current request: the caller's, or the default integration's
    /// outside a request (the in-process helpers).
    pub fn actor(&self) -> Uuid {
        acting().map_or(self.bot_id, |a| a.bot)
    }
}
