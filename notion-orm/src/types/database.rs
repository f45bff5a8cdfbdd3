//! Databases: containers of one or more data sources (API 2025-09-03 and later).
//!
//! A database no longer carries a schema; its `data_sources` list names the data sources
//! that do.

use jiff::Timestamp;
use serde::Deserialize;

use super::icon::{Cover, Icon};
use super::ids::{DataSourceId, DatabaseId};
use super::parent::Parent;
use super::rich_text::{RichText, plain_text};
use super::user::User;

/// A Notion database.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "WireDatabase")]
#[non_exhaustive]
pub struct Database {
    /// The database id.
    pub id: DatabaseId,
    /// Its title.
    pub title: Vec<RichText>,
    /// Its description.
    pub description: Vec<RichText>,
    /// Where it lives.
    pub parent: Parent,
    /// Whether it is shown inline in its parent page.
    pub is_inline: bool,
    /// Whether it is in the trash (`archived` on old API versions).
    pub in_trash: bool,
    /// Whether it is locked against edits in the UI.
    pub is_locked: bool,
    /// When it was created (databases report milliseconds).
    pub created_time: Timestamp,
    /// When it was last edited.
    pub last_edited_time: Timestamp,
    /// Who created it, when Notion says.
    pub created_by: Option<User>,
    /// Who last edited it, when Notion says.
    pub last_edited_by: Option<User>,
    /// Its data sources.
    pub data_sources: Vec<DataSourceSummary>,
    /// Its icon.
    pub icon: Option<Icon>,
    /// Its cover.
    pub cover: Option<Cover>,
    /// Its URL.
    pub url: String,
    /// Its public URL, if published.
    pub public_url: Option<String>,
}

/// A data source as listed by its database.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DataSourceSummary {
    /// The data source id.
    pub id: DataSourceId,
    /// Its name.
    #[serde(default)]
    pub name: String,
}

impl Database {
    /// The title as plain text.
    pub fn title_text(&self) -> String {
        plain_text(&self.title)
    }
}

#[derive(Deserialize)]
struct WireDatabase {
    id: DatabaseId,
    #[serde(default)]
    title: Vec<RichText>,
    #[serde(default)]
    description: Vec<RichText>,
    parent: Parent,
    #[serde(default)]
    is_inline: bool,
    #[serde(default)]
    in_trash: Option<bool>,
    #[serde(default)]
    archived: Option<bool>,
    #[serde(default)]
    is_locked: bool,
    created_time: Timestamp,
    last_edited_time: Timestamp,
    #[serde(default)]
    created_by: Option<User>,
    #[serde(default)]
    last_edited_by: Option<User>,
    #[serde(default)]
    data_sources: Vec<DataSourceSummary>,
    #[serde(default)]
    icon: Option<Icon>,
    #[serde(default)]
    cover: Option<Cover>,
    #[serde(default)]
    url: String,
    #[serde(default)]
    public_url: Option<String>,
}

impl From<WireDatabase> for Database {
    fn from(wire: WireDatabase) -> Self {
        Database {
            id: wire.id,
            title: wire.title,
            description: wire.description,
            parent: wire.parent,
            is_inline: wire.is_inline,
            in_trash: wire.in_trash.or(wire.archived).unwrap_or(false),
            is_locked: wire.is_locked,
            created_time: wire.created_time,
            last_edited_time: wire.last_edited_time,
            created_by: wire.created_by,
            last_edited_by: wire.last_edited_by,
            data_sources: wire.data_sources,
            icon: wire.icon,
            cover: wire.cover,
            url: wire.url,
            public_url: wire.public_url,
        }
    }
}
