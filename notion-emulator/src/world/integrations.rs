//! Integrations, their bots and tokens, and what is shared with each bot.
//!
//! An internal integration is one bot with one token. A public integration is an OAuth client;
//! every install (an authorization-code exchange) makes a new bot for the workspace, with its own
//! access token. Visibility is per bot: an object is visible when it or an ancestor is shared
//! with the bot ([`crate::world::World::visible_to`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use uuid::Uuid;

use crate::world::oauth::OAuthClient;
use crate::world::state::{AppState, Capabilities};

/// One integration's bot user in the workspace.
#[derive(Debug, Clone)]
pub(crate) struct Bot {
    pub id: Uuid,
    /// The integration's name, quoted in `object_not_found` messages.
    pub name: String,
    /// The OAuth client id for a bot installed from a public integration.
    pub public_client: Option<String>,
    /// The person who installed a public integration.
    pub installed_by: Option<Uuid>,
    /// Objects shared with the bot; their descendants are visible too.
    pub shared: HashSet<Uuid>,
}

/// What a token grants: whose bot it acts as, and with which capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenGrant {
    pub bot: Uuid,
    pub capabilities: Capabilities,
}

/// A registered public integration.
#[derive(Debug, Clone)]
pub(crate) struct PublicIntegration {
    pub name: String,
    pub client: OAuthClient,
    pub capabilities: Capabilities,
}

/// Every bot, token and public integration of the workspace.
#[derive(Debug, Default)]
pub(crate) struct Integrations {
    pub bots: HashMap<Uuid, Bot>,
    pub tokens: HashMap<String, TokenGrant>,
    pub public: Vec<PublicIntegration>,
}

impl Integrations {
    /// Adds a bot named `name` and returns its id.
    pub fn add_bot(&mut self, id: Uuid, name: &str, public_client: Option<String>) -> Uuid {
        self.bots.insert(
            id,
            Bot {
                id,
                name: name.to_owned(),
                public_client,
                installed_by: None,
                shared: HashSet::new(),
            },
        );
        id
    }

    /// The public integration with this OAuth client id.
    pub fn public_by_client(&self, client_id: &str) -> Option<&PublicIntegration> {
        self.public.iter().find(|p| p.client.client_id == client_id)
    }

    /// The actor a token's requests run as, or `None` for an unknown token.
    pub fn actor_for(&self, token: &str) -> Option<Actor> {
        let grant = self.tokens.get(token)?;
        let bot = self.bots.get(&grant.bot)?;
        Some(Actor {
            bot: bot.id,
            name: Arc::from(bot.name.as_str()),
            public: bot.public_client.is_some(),
            capabilities: grant.capabilities,
        })
    }

    /// Shares `object` (and so its descendants) with `bot`.
    pub fn share(&mut self, object: Uuid, bot: Uuid) {
        if let Some(bot) = self.bots.get_mut(&bot) {
            bot.shared.insert(object);
        }
    }
}

/// Who is making the current request: set by the request context for the whole handler, so
/// every rule below (visibility, authorship, what users show) knows the caller without each
/// function taking it. Outside a request (the in-process seeding helpers) nobody acts: the
/// caller is the workspace itself, as a person using Notion's UI, and sees everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Actor {
    pub bot: Uuid,
    /// The integration's name, for `object_not_found` messages.
    pub name: Arc<str>,
    /// Whether the bot was installed from a public integration.
    pub public: bool,
    pub capabilities: Capabilities,
}

tokio::task_local! {
    static ACTOR: Actor;
}

/// The integration acting in the current request, if any.
pub(crate) fn acting() -> Option<Actor> {
    ACTOR.try_with(Clone::clone).ok()
}

/// Runs `future` as `actor`.
pub(crate) async fn act_as<F: Future>(actor: Actor, future: F) -> F::Output {
    ACTOR.scope(actor, future).await
}

/// An integration of the emulated workspace, from [`crate::Emulator::integration`] or
/// [`crate::Emulator::default_integration`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integration {
    id: Uuid,
    name: String,
    token: Option<String>,
    client_id: Option<String>,
}

impl Integration {
    /// The bot user of an internal integration (`GET /v1/users/me`); for a public integration,
    /// an id naming the integration itself (each install has its own bot).
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// The integration's name, as `object_not_found` messages quote it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The bearer token of an internal integration; `None` for a public one, whose tokens come
    /// from the OAuth flow.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The OAuth client id of a public integration.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }
}

/// Builds an integration; from [`crate::Emulator::integration`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use notion_emulator::{Capabilities, Emulator};
/// let emulator = Emulator::start().await.unwrap();
/// let reader = emulator
///     .integration("Reader")
///     .token("secret_reader")
///     .capabilities(Capabilities::READ_ONLY)
///     .create();
/// emulator.share(emulator.root_page_id(), &reader);
/// assert_eq!(reader.token(), Some("secret_reader"));
/// # }
/// ```
#[derive(Debug)]
#[must_use = "an integration exists once `create` is called"]
pub struct IntegrationBuilder<'a> {
    pub(crate) state: &'a AppState,
    pub(crate) name: String,
    pub(crate) token: Option<String>,
    pub(crate) capabilities: Capabilities,
    pub(crate) client: Option<OAuthClient>,
}

impl IntegrationBuilder<'_> {
    /// The bearer token of an internal integration (default: a fresh `secret_...`).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// What the integration may do (default: [`Capabilities::ALL`]).
    pub fn capabilities(mut self, capabilities: Capabilities) -> Self {
        self.capabilities = capabilities;
        self
    }

    /// Makes it a public integration with this OAuth client: it has no token of its own, and each
    /// install through the OAuth flow makes a bot and an access token.
    pub fn public(mut self, client: OAuthClient) -> Self {
        self.client = Some(client);
        self
    }

    /// Registers the integration.
    pub fn create(self) -> Integration {
        let mut world = self.state.world();
        if let Some(client) = self.client {
            let client_id = client.client_id.clone();
            world.integrations.public.push(PublicIntegration {
                name: self.name.clone(),
                client,
                capabilities: self.capabilities,
            });
            return Integration {
                id: Uuid::new_v4(),
                name: self.name,
                token: None,
                client_id: Some(client_id),
            };
        }
        let id = Uuid::new_v4();
        let token = self
            .token
            .unwrap_or_else(|| format!("secret_{}", Uuid::new_v4().simple()));
        world.users.push(crate::world::User {
            id,
            name: self.name.clone(),
            avatar_url: None,
            email: None,
        });
        world.integrations.add_bot(id, &self.name, None);
        world.integrations.tokens.insert(
            token.clone(),
            TokenGrant {
                bot: id,
                capabilities: self.capabilities,
            },
        );
        Integration {
            id,
            name: self.name,
            token: Some(token),
            client_id: None,
        }
    }
}

impl Integrations {
    /// Shares `object` with `integration`: its bot, or every install of a public integration.
    pub fn share_with(&mut self, object: Uuid, integration: &Integration) {
        let bots: Vec<Uuid> = match &integration.client_id {
            Some(client) => self
                .bots
                .values()
                .filter(|b| b.public_client.as_deref() == Some(client.as_str()))
                .map(|b| b.id)
                .collect(),
            None => vec![integration.id],
        };
        for bot in bots {
            self.share(object, bot);
        }
    }

    /// The default integration as a public value.
    pub fn describe(&self, bot: Uuid, token: &str) -> Integration {
        Integration {
            id: bot,
            name: self
                .bots
                .get(&bot)
                .map(|b| b.name.clone())
                .unwrap_or_default(),
            token: Some(token.to_owned()),
            client_id: None,
        }
    }
}
