//! Users: people, bots, groups and the partial `{object:"user", id}` references Notion puts in
//! `created_by`, `last_edited_by` and some people values.
//!
//! A [`User`] always has an id; what else Notion sent is in [`UserKind`]. Users serialize as a
//! reference (`{"object":"user","id":..}` or `{"object":"group","id":..}`), the shape Notion
//! accepts wherever a request names a user.

use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::de::read_tagged;
use super::ids::{UserId, WorkspaceId};

/// A Notion user, bot or group.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// The user's (or group's) id.
    pub id: UserId,
    /// Display name; absent on partial users.
    pub name: Option<String>,
    /// Avatar image URL, if any.
    pub avatar_url: Option<String>,
    /// What kind of user this is, with its kind-specific details.
    pub kind: UserKind,
}

/// The kind of a [`User`] and its details.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UserKind {
    /// A person (`type: "person"`).
    Person(Person),
    /// A bot, i.e. an integration (`type: "bot"`).
    Bot(Bot),
    /// A group of people (`object: "group"`), found in people values.
    Group,
    /// Only the id is known (`{"object":"user","id":..}`).
    Partial,
    /// A user type this version does not know; `raw` is the whole user object.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The user object as received.
        raw: Value,
    },
}

/// Details of a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The person's email, present when the integration has the user-email capability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Details of a bot.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Bot {
    /// Who owns the bot; absent on bots other than the caller.
    #[serde(default)]
    pub owner: Option<BotOwner>,
    /// The name of the workspace the bot belongs to.
    #[serde(default)]
    pub workspace_name: Option<String>,
    /// The id of that workspace.
    #[serde(default)]
    pub workspace_id: Option<WorkspaceId>,
    /// Limits that apply to the bot's workspace.
    #[serde(default)]
    pub workspace_limits: Option<WorkspaceLimits>,
}

/// Limits of the bot's workspace (`GET /v1/users/me`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct WorkspaceLimits {
    /// The largest file, in bytes, that can be uploaded to this workspace.
    #[serde(default)]
    pub max_file_upload_size_in_bytes: Option<u64>,
}

/// The owner of a bot.
#[derive(Debug, Clone, PartialEq)]
pub enum BotOwner {
    /// The workspace owns the bot (internal integrations).
    Workspace,
    /// A user owns the bot (public integrations).
    User(Box<User>),
    /// An owner type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The owner object as received.
        raw: Value,
    },
}

impl User {
    /// A reference to a user by id, as used in requests.
    pub fn reference(id: UserId) -> Self {
        Self {
            id,
            name: None,
            avatar_url: None,
            kind: UserKind::Partial,
        }
    }

    /// A reference to a group by id, as used in people values.
    pub fn group(id: UserId) -> Self {
        Self {
            kind: UserKind::Group,
            ..Self::reference(id)
        }
    }

    /// Whether this is a bot.
    pub fn is_bot(&self) -> bool {
        matches!(self.kind, UserKind::Bot(_))
    }

    /// The person's email, if this is a person and Notion shared it.
    pub fn email(&self) -> Option<&str> {
        match &self.kind {
            UserKind::Person(person) => person.email.as_deref(),
            _ => None,
        }
    }
}

impl Serialize for User {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let object = match self.kind {
            UserKind::Group => "group",
            _ => "user",
        };
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("object", object)?;
        map.serialize_entry("id", &self.id)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for User {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(UserVisitor)
    }
}

struct UserVisitor;

impl<'de> Visitor<'de> for UserVisitor {
    type Value = User;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Notion user object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<User, A::Error> {
        let mut object: Option<String> = None;
        let mut id: Option<UserId> = None;
        let mut name = None;
        let mut avatar_url = None;
        let tagged = read_tagged(
            &mut map,
            |key, map| {
                Ok(match key {
                    "person" => Some(UserKind::Person(map.next_value()?)),
                    "bot" => Some(UserKind::Bot(map.next_value()?)),
                    _ => None,
                })
            },
            |key, map| {
                match key {
                    "object" => object = Some(map.next_value()?),
                    "id" => id = Some(map.next_value()?),
                    "name" => name = map.next_value()?,
                    "avatar_url" => avatar_url = map.next_value()?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let kind = if object.as_deref() == Some("group") {
            UserKind::Group
        } else if tagged.kind.is_none() && tagged.value.is_none() {
            UserKind::Partial
        } else {
            tagged.finish(
                |kind| match kind {
                    UserKind::Person(_) => "person",
                    UserKind::Bot(_) => "bot",
                    _ => "",
                },
                |type_name, mut raw| {
                    if let Value::Object(fields) = &mut raw {
                        fields.insert("id".to_owned(), Value::String(id.to_string()));
                    }
                    UserKind::Unknown { type_name, raw }
                },
            )?
        };
        Ok(User {
            id,
            name,
            avatar_url,
            kind,
        })
    }
}

impl<'de> Deserialize<'de> for BotOwner {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OwnerVisitor;
        impl<'de> Visitor<'de> for OwnerVisitor {
            type Value = BotOwner;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bot owner object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BotOwner, A::Error> {
                read_tagged(
                    &mut map,
                    |key, map| {
                        Ok(match key {
                            "workspace" => {
                                map.next_value::<IgnoredAny>()?;
                                Some(BotOwner::Workspace)
                            }
                            "user" => Some(BotOwner::User(map.next_value()?)),
                            _ => None,
                        })
                    },
                    |_, _| Ok(false),
                )?
                .finish(
                    |owner| match owner {
                        BotOwner::Workspace => "workspace",
                        BotOwner::User(_) => "user",
                        BotOwner::Unknown { .. } => "",
                    },
                    |type_name, raw| BotOwner::Unknown { type_name, raw },
                )
            }
        }
        deserializer.deserialize_map(OwnerVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "7775f3a3-893f-43fa-b625-460c61094c78";

    #[test]
    fn partial_user_has_only_an_id() {
        let user: User = serde_json::from_value(json!({"object": "user", "id": ID})).unwrap();
        assert_eq!(user.kind, UserKind::Partial);
        assert_eq!(user.id.to_string(), ID);
    }

    #[test]
    fn groups_decode_with_their_name() {
        let user: User =
            serde_json::from_value(json!({"object": "group", "id": ID, "name": "Eng"})).unwrap();
        assert_eq!(user.kind, UserKind::Group);
        assert_eq!(user.name.as_deref(), Some("Eng"));
    }

    #[test]
    fn unknown_user_types_keep_the_raw_object() {
        let user: User = serde_json::from_value(
            json!({"object": "user", "id": ID, "type": "agent", "agent": {"x": 1}}),
        )
        .unwrap();
        let UserKind::Unknown { type_name, raw } = user.kind else {
            panic!("expected an unknown user kind");
        };
        assert_eq!(type_name, "agent");
        assert_eq!(raw["agent"]["x"], 1);
    }

    #[test]
    fn users_serialize_as_references() {
        let user = User::group(UserId::parse(ID).unwrap());
        assert_eq!(
            serde_json::to_value(&user).unwrap(),
            json!({"object": "group", "id": ID})
        );
    }
}
