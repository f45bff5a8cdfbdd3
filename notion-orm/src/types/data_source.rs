//! Data sources: the schema and rows inside a database (API 2025-09-03 and later).

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;

use super::icon::{Cover, Icon};
use super::ids::DataSourceId;
use super::parent::Parent;
use super::property::schema::PropertySchema;
use super::rich_text::{RichText, plain_text};
use super::user::User;

/// A Notion data source.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "WireDataSource")]
#[non_exhaustive]
pub struct DataSource {
    /// The data source id.
    pub id: DataSourceId,
    /// Its title.
    pub title: Vec<RichText>,
    /// Its description.
    pub description: Vec<RichText>,
    /// Its database (`{"type":"database_id",..}`).
    pub parent: Parent,
    /// Where its database lives.
    pub database_parent: Option<Parent>,
    /// Whether the database is shown inline in its parent page.
    pub is_inline: bool,
    /// Whether it is in the trash (`archived` on old API versions).
    pub in_trash: bool,
    /// When it was created.
    pub created_time: Timestamp,
    /// When it was last edited.
    pub last_edited_time: Timestamp,
    /// Who created it.
    pub created_by: Option<User>,
    /// Who last edited it.
    pub last_edited_by: Option<User>,
    /// The property schema, by property name.
    pub properties: BTreeMap<String, PropertySchema>,
    /// Its icon.
    pub icon: Option<Icon>,
    /// Its cover.
    pub cover: Option<Cover>,
    /// Its URL.
    pub url: String,
    /// Its public URL, if published.
    pub public_url: Option<String>,
}

impl DataSource {
    /// The title as plain text.
    pub fn title_text(&self) -> String {
        plain_text(&self.title)
    }

    /// The schema of the property called `name`.
    pub fn property(&self, name: &str) -> Option<&PropertySchema> {
        self.properties.get(name)
    }

    /// The schema of the property with id `id`.
    pub fn property_by_id(&self, id: &str) -> Option<&PropertySchema> {
        self.properties
            .values()
            .find(|property| property.id.as_str() == id)
    }
}

#[derive(Deserialize)]
struct WireDataSource {
    id: DataSourceId,
    #[serde(default)]
    title: Vec<RichText>,
    #[serde(default)]
    description: Vec<RichText>,
    parent: Parent,
    #[serde(default)]
    database_parent: Option<Parent>,
    #[serde(default)]
    is_inline: bool,
    #[serde(default)]
    in_trash: Option<bool>,
    #[serde(default)]
    archived: Option<bool>,
    created_time: Timestamp,
    last_edited_time: Timestamp,
    #[serde(default)]
    created_by: Option<User>,
    #[serde(default)]
    last_edited_by: Option<User>,
    #[serde(default)]
    properties: BTreeMap<String, PropertySchema>,
    #[serde(default)]
    icon: Option<Icon>,
    #[serde(default)]
    cover: Option<Cover>,
    #[serde(default)]
    url: String,
    #[serde(default)]
    public_url: Option<String>,
}

impl From<WireDataSource> for DataSource {
    fn from(wire: WireDataSource) -> Self {
        DataSource {
            id: wire.id,
            title: wire.title,
            description: wire.description,
            parent: wire.parent,
            database_parent: wire.database_parent,
            is_inline: wire.is_inline,
            in_trash: wire.in_trash.or(wire.archived).unwrap_or(false),
            created_time: wire.created_time,
            last_edited_time: wire.last_edited_time,
            created_by: wire.created_by,
            last_edited_by: wire.last_edited_by,
            properties: wire.properties,
            icon: wire.icon,
            cover: wire.cover,
            url: wire.url,
            public_url: wire.public_url,
        }
    }
}
