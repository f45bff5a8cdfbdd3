//! Typed webhook events (notion-api.md §1.5).
//!
//! Every event shares an envelope ([`Event`]); what differs by type is `data`, typed in
//! [`EventKind`]. Payloads are signals, not content: fetch the entity to see what changed.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::WebhookError;
use crate::types::de::open_string_enum;
use crate::types::{
    BlockId, CommentId, DataSourceId, DatabaseId, EventId, FileUploadId, PageId, PropertyId,
    UserId, ViewId, WorkspaceId,
};

open_string_enum! {
    /// The kind of object an event is about (`entity.type`).
    pub enum EntityKind {
        /// A page.
        Page = "page",
        /// A block.
        Block = "block",
        /// A database (the container).
        Database = "database",
        /// A data source (schema and rows).
        DataSource = "data_source",
        /// A comment.
        Comment = "comment",
        /// A file upload.
        FileUpload = "file_upload",
        /// A database view.
        View = "view",
    }
}

open_string_enum! {
    /// Who caused an event (`authors[].type`).
    pub enum AuthorKind {
        /// A person.
        Person = "person",
        /// A bot (integration).
        Bot = "bot",
        /// A Notion agent.
        Agent = "agent",
    }
}

open_string_enum! {
    /// The kind of an event's parent (`data.parent.type`).
    pub enum ParentKind {
        /// The workspace top level.
        Space = "space",
        /// A block.
        Block = "block",
        /// A page.
        Page = "page",
        /// A database.
        Database = "database",
        /// A data source.
        DataSource = "data_source",
        /// A teamspace.
        Team = "team",
        /// A Notion agent.
        Agent = "agent",
    }
}

open_string_enum! {
    /// What happened to a property in `data_source.schema_updated`.
    pub enum SchemaAction {
        /// The property was added.
        Created = "created",
        /// The property was changed.
        Updated = "updated",
        /// The property was removed.
        Deleted = "deleted",
    }
}

/// The object an event is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The object's id; its kind is in [`Entity::kind`].
    pub id: Uuid,
    /// What kind of object it is.
    #[serde(rename = "type")]
    pub kind: EntityKind,
}

impl Entity {
    fn id_if<T: From<Uuid>>(&self, kind: EntityKind) -> Option<T> {
        (self.kind == kind).then(|| T::from(self.id))
    }

    /// The page id, if the entity is a page.
    pub fn page_id(&self) -> Option<PageId> {
        self.id_if(EntityKind::Page)
    }

    /// The block id, if the entity is a block.
    pub fn block_id(&self) -> Option<BlockId> {
        self.id_if(EntityKind::Block)
    }

    /// The database id, if the entity is a database.
    pub fn database_id(&self) -> Option<DatabaseId> {
        self.id_if(EntityKind::Database)
    }

    /// The data source id, if the entity is a data source.
    pub fn data_source_id(&self) -> Option<DataSourceId> {
        self.id_if(EntityKind::DataSource)
    }

    /// The comment id, if the entity is a comment.
    pub fn comment_id(&self) -> Option<CommentId> {
        self.id_if(EntityKind::Comment)
    }

    /// The file upload id, if the entity is a file upload.
    pub fn file_upload_id(&self) -> Option<FileUploadId> {
        self.id_if(EntityKind::FileUpload)
    }

    /// The view id, if the entity is a view.
    pub fn view_id(&self) -> Option<ViewId> {
        self.id_if(EntityKind::View)
    }
}

/// A user, bot or agent that caused an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// The author's id.
    pub id: UserId,
    /// Person, bot or agent.
    #[serde(rename = "type")]
    pub kind: AuthorKind,
}

/// Where the entity lives (`data.parent`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventParent {
    /// The parent's id; its kind is in [`EventParent::kind`].
    pub id: Uuid,
    /// What kind of object the parent is.
    #[serde(rename = "type")]
    pub kind: ParentKind,
    /// For rows of a data source (API 2025-09-03+): the data source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_id: Option<DataSourceId>,
}

/// `data` of events that only say something happened to the entity (created, moved, deleted,
/// undeleted, locked, unlocked, file-upload and view events).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EntityChange {
    /// Where the entity lives (after the change, for moves).
    #[serde(default)]
    pub parent: Option<EventParent>,
    /// Fields this version of the crate does not model, kept verbatim.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `data` of `page.properties_updated`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PropertiesUpdated {
    /// Where the page lives.
    #[serde(default)]
    pub parent: Option<EventParent>,
    /// Ids of the properties whose values changed.
    #[serde(default)]
    pub updated_properties: Vec<PropertyId>,
    /// Fields this version of the crate does not model, kept verbatim.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A block named in a `*.content_updated` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdatedBlock {
    /// The block (or row page) that changed.
    pub id: BlockId,
    /// `"block"` (or `"page"` for rows of a data source).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// `data` of `page.content_updated`, `database.content_updated` and `data_source.content_updated`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContentUpdated {
    /// Where the entity lives.
    #[serde(default)]
    pub parent: Option<EventParent>,
    /// The blocks that changed.
    #[serde(default)]
    pub updated_blocks: Vec<UpdatedBlock>,
    /// Fields this version of the crate does not model, kept verbatim.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// One property change in a `*.schema_updated` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaChange {
    /// The property id.
    pub id: PropertyId,
    /// The property name; `None` for deleted properties.
    #[serde(default)]
    pub name: Option<String>,
    /// What happened to it.
    pub action: SchemaAction,
}

/// `data` of `database.schema_updated` and `data_source.schema_updated`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SchemaUpdated {
    /// Where the entity lives.
    #[serde(default)]
    pub parent: Option<EventParent>,
    /// The properties that were added, changed or removed.
    #[serde(default)]
    pub updated_properties: Vec<SchemaChange>,
    /// Fields this version of the crate does not model, kept verbatim.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `data` of `comment.created`, `comment.updated` and `comment.deleted`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CommentChange {
    /// The page the discussion is on.
    #[serde(default)]
    pub page_id: Option<PageId>,
    /// The page or block the comment is attached to.
    #[serde(default)]
    pub parent: Option<EventParent>,
    /// Fields this version of the crate does not model, kept verbatim.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Declares [`EventKind`] from one table, so the enum, `type_name` and decoding never disagree.
macro_rules! event_kinds {
    ($($(#[$doc:meta])* $variant:ident($data:ty) = $name:literal,)*) => {
        /// What happened, with the `data` of that event type.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum EventKind {
            $($(#[$doc])* $variant($data),)*
            /// An event type this version of the crate does not know.
            Unknown {
                /// The `type` string, e.g. `"page.summarized"`.
                type_name: String,
                /// The whole event payload, verbatim.
                raw: Value,
            },
        }

        impl EventKind {
            /// Every event type this crate decodes into a typed variant.
            pub const KNOWN_TYPES: &'static [&'static str] = &[$($name,)*];

            /// The event type as Notion spells it, e.g. `"page.created"`.
            pub fn type_name(&self) -> &str {
                match self {
                    $(Self::$variant(_) => $name,)*
                    Self::Unknown { type_name, .. } => type_name,
                }
            }

            fn decode(type_name: String, data: &Value, raw: &Value) -> Result<Self, WebhookError> {
                Ok(match type_name.as_str() {
                    $($name => Self::$variant(decode_at("data", data)?),)*
                    _ => Self::Unknown { type_name, raw: raw.clone() },
                })
            }
        }
    };
}

event_kinds! {
    /// `page.created`.
    PageCreated(EntityChange) = "page.created",
    /// `page.content_updated`: blocks of the page changed.
    PageContentUpdated(ContentUpdated) = "page.content_updated",
    /// `page.properties_updated`: property values changed.
    PagePropertiesUpdated(PropertiesUpdated) = "page.properties_updated",
    /// `page.moved`.
    PageMoved(EntityChange) = "page.moved",
    /// `page.deleted` (moved to trash).
    PageDeleted(EntityChange) = "page.deleted",
    /// `page.undeleted` (restored from trash).
    PageUndeleted(EntityChange) = "page.undeleted",
    /// `page.locked`.
    PageLocked(EntityChange) = "page.locked",
    /// `page.unlocked`.
    PageUnlocked(EntityChange) = "page.unlocked",
    /// `page.transcription_block.transcript_deleted`.
    PageTranscriptDeleted(EntityChange) = "page.transcription_block.transcript_deleted",
    /// `database.created`.
    DatabaseCreated(EntityChange) = "database.created",
    /// `database.moved`.
    DatabaseMoved(EntityChange) = "database.moved",
    /// `database.deleted`.
    DatabaseDeleted(EntityChange) = "database.deleted",
    /// `database.undeleted`.
    DatabaseUndeleted(EntityChange) = "database.undeleted",
    /// `database.content_updated` (deprecated since 2025-09-03 for `data_source.content_updated`).
    DatabaseContentUpdated(ContentUpdated) = "database.content_updated",
    /// `database.schema_updated` (deprecated since 2025-09-03 for `data_source.schema_updated`).
    DatabaseSchemaUpdated(SchemaUpdated) = "database.schema_updated",
    /// `data_source.created`.
    DataSourceCreated(EntityChange) = "data_source.created",
    /// `data_source.moved`.
    DataSourceMoved(EntityChange) = "data_source.moved",
    /// `data_source.deleted`.
    DataSourceDeleted(EntityChange) = "data_source.deleted",
    /// `data_source.undeleted`.
    DataSourceUndeleted(EntityChange) = "data_source.undeleted",
    /// `data_source.content_updated`: rows changed.
    DataSourceContentUpdated(ContentUpdated) = "data_source.content_updated",
    /// `data_source.schema_updated`: properties added, changed or removed.
    DataSourceSchemaUpdated(SchemaUpdated) = "data_source.schema_updated",
    /// `comment.created`.
    CommentCreated(CommentChange) = "comment.created",
    /// `comment.updated`.
    CommentUpdated(CommentChange) = "comment.updated",
    /// `comment.deleted`.
    CommentDeleted(CommentChange) = "comment.deleted",
    /// `file_upload.created`.
    FileUploadCreated(EntityChange) = "file_upload.created",
    /// `file_upload.completed`: an upload or external import finished.
    FileUploadCompleted(EntityChange) = "file_upload.completed",
    /// `file_upload.expired`: not attached within its expiry time.
    FileUploadExpired(EntityChange) = "file_upload.expired",
    /// `file_upload.upload_failed`: an external import failed.
    FileUploadFailed(EntityChange) = "file_upload.upload_failed",
    /// `view.created`.
    ViewCreated(EntityChange) = "view.created",
    /// `view.updated`.
    ViewUpdated(EntityChange) = "view.updated",
    /// `view.deleted`.
    ViewDeleted(EntityChange) = "view.deleted",
}

/// One webhook event: the common envelope plus the typed [`EventKind`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// The event id; the same across delivery attempts, so use it to de-duplicate.
    pub id: EventId,
    /// When the event happened. Deliveries may arrive out of order: sort by this.
    pub timestamp: Timestamp,
    /// The workspace the event happened in.
    pub workspace_id: WorkspaceId,
    /// The workspace name.
    pub workspace_name: Option<String>,
    /// The webhook subscription.
    pub subscription_id: Option<String>,
    /// The integration the subscription belongs to.
    pub integration_id: Option<String>,
    /// Who caused the event.
    pub authors: Vec<Author>,
    /// For public integrations: the users and bots that can see the entity.
    pub accessible_by: Vec<Author>,
    /// 1 for the first delivery, up to 8 for retries.
    pub attempt_number: u32,
    /// The API version of the subscription, e.g. `"2025-09-03"`.
    pub api_version: Option<String>,
    /// The object the event is about.
    pub entity: Entity,
    /// What happened.
    pub kind: EventKind,
}

/// The envelope as sent; `data` is decoded separately, by type.
#[derive(Deserialize)]
struct Envelope {
    id: EventId,
    timestamp: Timestamp,
    workspace_id: WorkspaceId,
    #[serde(default)]
    workspace_name: Option<String>,
    #[serde(default)]
    subscription_id: Option<String>,
    #[serde(default)]
    integration_id: Option<String>,
    #[serde(rename = "type")]
    type_name: String,
    #[serde(default)]
    authors: Vec<Author>,
    #[serde(default)]
    accessible_by: Option<Vec<Author>>,
    #[serde(default = "first_attempt")]
    attempt_number: u32,
    #[serde(default)]
    api_version: Option<String>,
    entity: Entity,
}

fn first_attempt() -> u32 {
    1
}

fn decode_at<T: serde::de::DeserializeOwned>(
    prefix: &str,
    value: &Value,
) -> Result<T, WebhookError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.path().to_string();
        WebhookError::InvalidPayload {
            path: match (prefix, inner.as_str()) {
                ("", p) => p.to_owned(),
                (pre, ".") => pre.to_owned(),
                (pre, p) => format!("{pre}.{p}"),
            },
            message: e.into_inner().to_string(),
        }
    })
}

impl Event {
    /// Decodes an event from the raw body, without checking its signature.
    ///
    /// Use [`Delivery::parse`](super::Delivery::parse) on untrusted input; this is for bodies
    /// already verified (e.g. read back from a queue).
    pub fn from_slice(raw_body: &[u8]) -> Result<Self, WebhookError> {
        let raw: Value =
            serde_json::from_slice(raw_body).map_err(|e| WebhookError::InvalidPayload {
                path: ".".to_owned(),
                message: e.to_string(),
            })?;
        Self::from_value(&raw)
    }

    /// Decodes an event from parsed JSON, without checking its signature.
    pub fn from_value(raw: &Value) -> Result<Self, WebhookError> {
        let envelope: Envelope = decode_at("", raw)?;
        // Signals like `page.locked` may omit `data`; an empty object reads as "no details".
        let empty = Value::Object(Map::new());
        let data = raw.get("data").filter(|d| !d.is_null()).unwrap_or(&empty);
        let kind = EventKind::decode(envelope.type_name, data, raw)?;
        Ok(Event {
            id: envelope.id,
            timestamp: envelope.timestamp,
            workspace_id: envelope.workspace_id,
            workspace_name: envelope.workspace_name,
            subscription_id: envelope.subscription_id,
            integration_id: envelope.integration_id,
            authors: envelope.authors,
            accessible_by: envelope.accessible_by.unwrap_or_default(),
            attempt_number: envelope.attempt_number,
            api_version: envelope.api_version,
            entity: envelope.entity,
            kind,
        })
    }

    /// Whether this delivery is a retry of an earlier attempt.
    pub fn is_retry(&self) -> bool {
        self.attempt_number > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(type_name: &str, data: Value) -> Value {
        json!({
            "id": "8f2c1a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
            "timestamp": "2026-07-04T09:00:00.000Z",
            "workspace_id": "13950b26-c203-4f3b-b97d-93ec06319565",
            "type": type_name,
            "entity": {"id": "153104cd-477e-809d-8dc4-ff2d96ae3090", "type": "page"},
            "attempt_number": 2,
            "data": data,
        })
    }

    #[test]
    fn unknown_event_types_keep_the_whole_payload() {
        let raw = event("page.summarized", json!({"summary": "x"}));
        let ev = Event::from_value(&raw).unwrap();
        assert_eq!(
            ev.kind,
            EventKind::Unknown {
                type_name: "page.summarized".into(),
                raw
            }
        );
    }

    #[test]
    fn bad_data_names_the_json_path() {
        let raw = event("page.properties_updated", json!({"updated_properties": 3}));
        let err = Event::from_value(&raw).unwrap_err();
        assert!(
            matches!(&err, WebhookError::InvalidPayload { path, .. } if path == "data.updated_properties"),
            "{err:?}"
        );
    }

    #[test]
    fn unknown_parent_kinds_are_kept_verbatim() {
        let raw = event(
            "page.moved",
            json!({"parent": {"id": "153104cd-477e-809d-8dc4-ff2d96ae3090", "type": "galaxy"}}),
        );
        let EventKind::PageMoved(change) = Event::from_value(&raw).unwrap().kind else {
            panic!("expected page.moved");
        };
        assert_eq!(
            change.parent.unwrap().kind,
            ParentKind::Other("galaxy".into())
        );
    }

    #[test]
    fn entity_ids_are_typed_by_entity_kind() {
        let ev = Event::from_value(&event("page.created", json!({}))).unwrap();
        assert!(ev.entity.page_id().is_some());
        assert!(ev.entity.block_id().is_none());
        assert!(ev.is_retry());
    }
}
