//! Comments as stored: each with its parent and discussion, in creation order.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// Every comment, by id, plus creation order for listing.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Comments {
    pub(crate) comments: HashMap<Uuid, Comment>,
    pub(crate) order: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Comment {
    pub(crate) id: Uuid,
    pub(crate) parent: CommentParent,
    pub(crate) discussion_id: Uuid,
    pub(crate) created_time: Timestamp,
    pub(crate) last_edited_time: Timestamp,
    pub(crate) created_by: Uuid,
    pub(crate) rich_text: Value,
    pub(crate) attachments: Vec<Value>,
    pub(crate) display_name: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum CommentParent {
    Page(Uuid),
    Block(Uuid),
}
