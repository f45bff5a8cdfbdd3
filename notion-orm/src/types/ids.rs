//! Identifier newtypes.
//!
//! Notion accepts ids with or without dashes and answers with dashed UUIDs. Each newtype parses
//! either form once, at the edge, so the rest of the code can rely on a valid id of the right
//! kind: a [`DataSourceId`] cannot be passed where a [`DatabaseId`] is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// The error returned when a string is not a Notion id (a UUID, dashed or not).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{input}` is not a valid Notion {kind} id: expected a UUID with or without dashes (32 hex digits)"
)]
pub struct ParseIdError {
    /// Which id was being parsed, e.g. "page".
    pub kind: &'static str,
    /// The rejected input, shortened if long.
    pub input: String,
}

/// Parses a dashed or undashed UUID; also accepts the trailing 32 hex digits of a Notion URL.
fn parse_uuid(kind: &'static str, input: &str) -> Result<Uuid, ParseIdError> {
    // Fast path: the plain dashed or undashed forms Notion answers with.
    if let Ok(uuid) = Uuid::try_parse(input) {
        return Ok(uuid);
    }
    let trimmed = input.trim();
    // Notion URLs end in `<slug>-<32 hex>` or `<32 hex>`, optionally followed by `?query`.
    let without_query = trimmed.split(['?', '#']).next().unwrap_or(trimmed);
    // `https://app.notion.com/p/<dashed uuid>`: a dashed UUID as the last path segment.
    let last_segment = without_query.rsplit('/').next().unwrap_or(without_query);
    if let Ok(uuid) = Uuid::try_parse(last_segment.trim_end_matches('/')) {
        return Ok(uuid);
    }
    let candidate = if without_query.contains('/') || without_query.len() > 36 {
        let tail: String = without_query
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if tail.len() >= 32 {
            tail[tail.len() - 32..].to_string()
        } else {
            without_query.to_string()
        }
    } else {
        without_query.to_string()
    };
    Uuid::try_parse(&candidate).map_err(|_| ParseIdError {
        kind,
        input: input.chars().take(80).collect(),
    })
}

macro_rules! notion_id {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps an already parsed UUID.
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID inside.
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }

            /// Parses a dashed or undashed UUID, or a Notion URL ending in one.
            pub fn parse(input: &str) -> Result<Self, ParseIdError> {
                parse_uuid($kind, input).map(Self)
            }

            /// The 32-hex-digit form without dashes, as used in Notion URLs.
            pub fn simple(&self) -> String {
                self.0.simple().to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ParseIdError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0.hyphenated())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Borrows the string from the input when possible: ids are everywhere.
                let text = super::de::Key::deserialize(deserializer)?;
                Self::parse(&text.0).map_err(serde::de::Error::custom)
            }
        }
    };
}

notion_id!(
    /// The id of a page (including a row of a data source).
    PageId, "page"
);
notion_id!(
    /// The id of a data source: the schema and rows inside a database (API 2025-09-03+).
    DataSourceId, "data source"
);
notion_id!(
    /// The id of a database: the container of one or more data sources.
    DatabaseId, "database"
);
notion_id!(
    /// The id of a block. Pages are blocks too, see [`PageId::as_block`].
    BlockId, "block"
);
notion_id!(
    /// The id of a user, bot or group.
    UserId, "user"
);
notion_id!(
    /// The id of a comment.
    CommentId, "comment"
);
notion_id!(
    /// The id of a discussion thread of comments.
    DiscussionId, "discussion"
);
notion_id!(
    /// The id of a file upload.
    FileUploadId, "file upload"
);
notion_id!(
    /// The id of a database view.
    ViewId, "view"
);
notion_id!(
    /// The id of a page template of a data source.
    TemplateId, "template"
);
notion_id!(
    /// The id of a custom emoji.
    CustomEmojiId, "custom emoji"
);
notion_id!(
    /// The id of a webhook event, used to de-duplicate deliveries.
    EventId, "event"
);
notion_id!(
    /// The id of an asynchronous task (`/v1/async_tasks`).
    AsyncTaskId, "async task"
);
notion_id!(
    /// The id of a workspace.
    WorkspaceId, "workspace"
);

impl PageId {
    /// The same id seen as a block: a page's content is read through the blocks API.
    pub const fn as_block(&self) -> BlockId {
        BlockId(self.0)
    }
}

/// A property id as Notion reports it (`"title"`, `"%3CnJT"`, `"F<XA"`); stable across renames.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PropertyId(pub String);

impl PropertyId {
    /// The id as Notion spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PropertyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for PropertyId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// A reference to a page by id (`{"id": ..}`): relation values, page mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageReference {
    /// The page.
    pub id: PageId,
}

/// A reference to a database by id (`{"id": ..}`): database mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DatabaseReference {
    /// The database.
    pub id: DatabaseId,
}

/// A reference to a data source by id (`{"id": ..}`): data-source mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DataSourceReference {
    /// The data source.
    pub id: DataSourceId,
}

impl From<PageId> for PageReference {
    fn from(id: PageId) -> Self {
        Self { id }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DASHED: &str = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";

    #[test]
    fn dashed_and_undashed_ids_are_equal() {
        let a = PageId::parse(DASHED).unwrap();
        let b = PageId::parse(&DASHED.replace('-', "")).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), DASHED);
    }

    #[test]
    fn ids_parse_from_notion_urls() {
        let url = "https://www.notion.so/acme/Tasks-2a1b3c4d5e6f4a8b9c0d1e2f3a4b5c6d?v=123";
        assert_eq!(PageId::parse(url).unwrap().to_string(), DASHED);
    }

    #[test]
    fn ids_parse_from_every_notion_url_form() {
        let hex = DASHED.replace('-', "");
        for input in [
            format!("https://www.notion.so/Tasks-{hex}"),
            format!("https://www.notion.so/My-Big-Task-List-{hex}?pvs=4"),
            format!("https://www.notion.so/acme/{hex}?v=0123456789abcdef0123456789abcdef"),
            format!("https://www.notion.so/{hex}"),
            format!("https://app.notion.com/p/{DASHED}"),
            format!("https://www.notion.so/acme/Tasks-{hex}#heading"),
            format!("  {hex}  "),
            DASHED.to_uppercase(),
        ] {
            let id = DataSourceId::parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(id.to_string(), DASHED, "{input}");
            assert_eq!(input.parse::<DatabaseId>().unwrap().to_string(), DASHED);
        }
    }

    #[test]
    fn urls_without_an_id_are_rejected() {
        for input in [
            "https://www.notion.so/acme/Tasks",
            "https://www.notion.so/Tasks-2a1b3c4d5e6f",
            "",
            "tasks",
        ] {
            assert!(DataSourceId::parse(input).is_err(), "{input}");
        }
    }

    #[test]
    fn invalid_ids_name_the_kind() {
        let err = DataSourceId::parse("AAA").unwrap_err();
        assert!(err.to_string().contains("data source"), "{err}");
    }

    #[test]
    fn ids_serialize_dashed() {
        let id = BlockId::parse(&DASHED.replace('-', "")).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{DASHED}\""));
    }
}
