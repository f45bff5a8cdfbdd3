//! Pages, including the rows of data sources.
//!
//! Decodes responses of both supported API versions: 2025-09-03 sends `archived` and
//! `in_trash`, 2026-03-11 only `in_trash`; older responses with only `archived` still decode.
//! Unknown top-level keys are ignored.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;

use super::icon::{Cover, Icon};
use super::ids::PageId;
use super::parent::Parent;
use super::property::value::{PageProperty, PropertyValue};
use super::user::User;

/// A Notion page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "WirePage")]
#[non_exhaustive]
pub struct Page {
    /// The page id.
    pub id: PageId,
    /// When the page was created (Notion rounds to the minute).
    pub created_time: Timestamp,
    /// When the page was last edited (rounded to the minute).
    pub last_edited_time: Timestamp,
    /// Who created it (often a partial user).
    pub created_by: User,
    /// Who last edited it (often a partial user).
    pub last_edited_by: User,
    /// Where the page lives.
    pub parent: Parent,
    /// The page icon.
    pub icon: Option<Icon>,
    /// The page cover.
    pub cover: Option<Cover>,
    /// Whether the page is in the trash (`archived` on old API versions).
    pub in_trash: bool,
    /// Whether the page is archived (a state separate from the trash).
    pub is_archived: bool,
    /// Whether the page is locked against edits in the UI.
    pub is_locked: bool,
    /// The page URL.
    pub url: String,
    /// The public URL, if the page is published.
    pub public_url: Option<String>,
    /// The properties, by name.
    pub properties: BTreeMap<String, PageProperty>,
}

impl Page {
    /// The value of the property called `name`.
    pub fn property(&self, name: &str) -> Option<&PropertyValue> {
        self.properties.get(name).map(|property| &property.value)
    }

    /// The value of the property with id `id` (stable across renames).
    pub fn property_by_id(&self, id: &str) -> Option<&PropertyValue> {
        self.properties
            .values()
            .find(|property| property.id.as_str() == id)
            .map(|property| &property.value)
    }

    /// The plain text of the title property.
    pub fn title(&self) -> Option<String> {
        self.properties
            .values()
            .find_map(|property| match &property.value {
                PropertyValue::Title(_) => property.value.plain_text(),
                _ => None,
            })
    }
}

#[derive(Deserialize)]
struct WirePage {
    id: PageId,
    created_time: Timestamp,
    last_edited_time: Timestamp,
    created_by: User,
    last_edited_by: User,
    parent: Parent,
    #[serde(default)]
    icon: Option<Icon>,
    #[serde(default)]
    cover: Option<Cover>,
    #[serde(default)]
    in_trash: Option<bool>,
    #[serde(default)]
    archived: Option<bool>,
    #[serde(default)]
    is_archived: bool,
    #[serde(default)]
    is_locked: bool,
    #[serde(default)]
    url: String,
    #[serde(default)]
    public_url: Option<String>,
    #[serde(default)]
    properties: BTreeMap<String, PageProperty>,
}

impl From<WirePage> for Page {
    fn from(wire: WirePage) -> Self {
        Page {
            id: wire.id,
            created_time: wire.created_time,
            last_edited_time: wire.last_edited_time,
            created_by: wire.created_by,
            last_edited_by: wire.last_edited_by,
            parent: wire.parent,
            icon: wire.icon,
            cover: wire.cover,
            in_trash: wire.in_trash.or(wire.archived).unwrap_or(false),
            is_archived: wire.is_archived,
            is_locked: wire.is_locked,
            url: wire.url,
            public_url: wire.public_url,
            properties: wire.properties,
        }
    }
}
