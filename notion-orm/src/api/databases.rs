//! Databases: the containers of data sources. Create one with its first data source,
//! retrieve it (its `data_sources` list), update its container attributes.

use serde::Serialize;
use serde_json::{Value, json};

use super::to_json;
use crate::Result;
use crate::client::{Client, Request};
use crate::types::{Cover, Database, DatabaseId, Icon, Parent, PropertyConfig, RichText};

/// The body of `POST /v1/databases`.
///
/// ```
/// use notion_orm::api::databases::NewDatabase;
/// use notion_orm::types::{Parent, PropertyConfig};
///
/// # fn run(page: notion_orm::types::PageId) -> notion_orm::Result<()> {
/// let database = NewDatabase::new(Parent::Page(page))
///     .title("Tasks")
///     .property("Name", &PropertyConfig::Title)?;
/// # let _ = database;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct NewDatabase {
    parent: Parent,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Vec<RichText>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Vec<RichText>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_inline: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    initial_data_source: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<Icon>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cover: Option<Cover>,
}

impl NewDatabase {
    /// A database under `parent` (a page, or the workspace for public integrations).
    pub fn new(parent: Parent) -> Self {
        NewDatabase {
            parent,
            title: None,
            description: None,
            is_inline: None,
            initial_data_source: None,
            icon: None,
            cover: None,
        }
    }

    /// The title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(vec![RichText::text(title)]);
        self
    }

    /// The description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(vec![RichText::text(description)]);
        self
    }

    /// Shows the database inline in its parent page.
    pub fn inline(mut self, inline: bool) -> Self {
        self.is_inline = Some(inline);
        self
    }

    /// Adds a property to the initial data source's schema.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidInput`] if the configuration cannot be written as JSON.
    pub fn property(self, name: &str, config: &PropertyConfig) -> Result<Self> {
        let config = to_json(config)?;
        Ok(self.property_json(name, config))
    }

    /// Adds a property in Notion's JSON shape to the initial data source's schema.
    pub fn property_json(mut self, name: &str, config: Value) -> Self {
        let source = self
            .initial_data_source
            .get_or_insert_with(|| json!({ "properties": {} }));
        if let Some(Value::Object(properties)) = source.get_mut("properties") {
            properties.insert(name.to_owned(), config);
        }
        self
    }

    /// The icon.
    pub fn icon(mut self, icon: Icon) -> Self {
        self.icon = Some(icon);
        self
    }

    /// The cover (not allowed for inline databases).
    pub fn cover(mut self, cover: Cover) -> Self {
        self.cover = Some(cover);
        self
    }
}

/// The body of `PATCH /v1/databases/{id}`: container attributes only (the schema lives on
/// data sources). Only what is set is sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[must_use]
pub struct DatabaseUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Vec<RichText>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Vec<RichText>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<Option<Icon>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cover: Option<Option<Cover>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_inline: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_trash: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_locked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<Parent>,
}

impl DatabaseUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(vec![RichText::text(title)]);
        self
    }

    /// A new description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(vec![RichText::text(description)]);
        self
    }

    /// A new icon.
    pub fn icon(mut self, icon: Icon) -> Self {
        self.icon = Some(Some(icon));
        self
    }

    /// Removes the icon (`"icon": null`).
    pub fn remove_icon(mut self) -> Self {
        self.icon = Some(None);
        self
    }

    /// A new cover.
    pub fn cover(mut self, cover: Cover) -> Self {
        self.cover = Some(Some(cover));
        self
    }

    /// Removes the cover (`"cover": null`).
    pub fn remove_cover(mut self) -> Self {
        self.cover = Some(None);
        self
    }

    /// Shows the database inline in its parent page, or as a full page.
    pub fn inline(mut self, inline: bool) -> Self {
        self.is_inline = Some(inline);
        self
    }

    /// Moves the database to the trash (`true`) or restores it (`false`).
    pub fn in_trash(mut self, in_trash: bool) -> Self {
        self.in_trash = Some(in_trash);
        self
    }

    /// Locks or unlocks the database against edits in the Notion UI.
    pub fn locked(mut self, locked: bool) -> Self {
        self.is_locked = Some(locked);
        self
    }

    /// Moves the database under another page.
    pub fn parent(mut self, parent: Parent) -> Self {
        self.parent = Some(parent);
        self
    }
}

/// The databases API; get it from [`Client::databases`].
#[derive(Debug, Clone, Copy)]
pub struct Databases<'c> {
    client: &'c Client,
}

impl Client {
    /// The databases API.
    pub fn databases(&self) -> Databases<'_> {
        Databases { client: self }
    }
}

impl Databases<'_> {
    /// `POST /v1/databases`, with its initial data source. Not retried once it may have
    /// reached Notion.
    pub async fn create(&self, database: &NewDatabase) -> Result<Database> {
        self.client
            .send(Request::post("/v1/databases").json(database)?)
            .await
    }

    /// `GET /v1/databases/{id}`: the container and the list of its data sources.
    pub async fn retrieve(&self, id: DatabaseId) -> Result<Database> {
        self.client
            .send(Request::get("/v1/databases/{database_id}").param(id))
            .await
    }

    /// `PATCH /v1/databases/{id}`. Setting attributes is safe to repeat, so it is retried
    /// like a read.
    pub async fn update(&self, id: DatabaseId, update: &DatabaseUpdate) -> Result<Database> {
        let request = Request::patch("/v1/databases/{database_id}")
            .param(id)
            .json(update)?
            .idempotent(true);
        self.client.send(request).await
    }
}
