//! Comments: what Notion returns, and the body of a new comment.

use jiff::Timestamp;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::json;

use super::icon::HostedFile;
use super::ids::{BlockId, CommentId, DiscussionId, FileUploadId, PageId};
use super::parent::Parent;
use super::rich_text::RichText;
use super::user::User;

/// A comment as Notion returns it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Comment {
    /// The comment's id.
    pub id: CommentId,
    /// The page or block the discussion is attached to.
    pub parent: Parent,
    /// The discussion thread; reply to it with [`CommentTarget::Discussion`].
    pub discussion_id: DiscussionId,
    /// When it was created.
    pub created_time: Timestamp,
    /// When it was last edited.
    pub last_edited_time: Timestamp,
    /// Its author (a partial user).
    pub created_by: User,
    /// The text.
    #[serde(default)]
    pub rich_text: Vec<RichText>,
    /// Attached files.
    #[serde(default)]
    pub attachments: Vec<CommentAttachment>,
    /// The name shown as the author.
    #[serde(default)]
    pub display_name: Option<DisplayName>,
}

/// A file attached to a comment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CommentAttachment {
    /// `"image"`, `"file"`, ...
    #[serde(default)]
    pub category: Option<String>,
    /// The Notion-hosted file (its URL expires).
    pub file: HostedFile,
}

/// The author name shown on a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisplayName {
    /// `"integration"`, `"user"` or `"custom"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The name as displayed.
    #[serde(default)]
    pub resolved_name: Option<String>,
}

/// Where a new comment goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentTarget {
    /// Starts a discussion on a page.
    Page(PageId),
    /// Starts a discussion on a block.
    Block(BlockId),
    /// Replies in an existing discussion.
    Discussion(DiscussionId),
}

/// The text of a comment: rich text, or markdown Notion converts.
#[derive(Debug, Clone, PartialEq)]
pub enum CommentBody {
    /// Rich text items.
    RichText(Vec<RichText>),
    /// Markdown.
    Markdown(String),
}

impl CommentBody {
    fn serialize_entry<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        match self {
            CommentBody::RichText(items) => map.serialize_entry("rich_text", items),
            CommentBody::Markdown(md) => map.serialize_entry("markdown", md),
        }
    }
}

/// The most files a comment may carry.
pub const MAX_COMMENT_ATTACHMENTS: usize = 3;

/// The body of `POST /v1/comments`.
///
/// ```
/// use notion_orm::types::PageId;
/// use notion_orm::types::comment::{CommentTarget, NewComment};
///
/// let page = PageId::parse("59833787-2cf9-4fdf-8782-e53db20768a5").unwrap();
/// let comment = NewComment::markdown(CommentTarget::Page(page), "**Looks good**");
/// assert_eq!(
///     serde_json::to_value(&comment).unwrap(),
///     serde_json::json!({
///         "parent": {"page_id": "59833787-2cf9-4fdf-8782-e53db20768a5"},
///         "markdown": "**Looks good**"
///     })
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NewComment {
    /// Where it goes.
    pub target: CommentTarget,
    /// Its text.
    pub body: CommentBody,
    /// Completed file uploads to attach (at most [`MAX_COMMENT_ATTACHMENTS`]).
    pub attachments: Vec<FileUploadId>,
    /// A custom author name (`{"type":"custom","custom":{"name":..}}`), if any.
    pub display_name: Option<String>,
}

impl NewComment {
    /// A comment of rich text.
    pub fn rich_text(target: CommentTarget, rich_text: Vec<RichText>) -> Self {
        Self::new(target, CommentBody::RichText(rich_text))
    }

    /// A comment of markdown.
    pub fn markdown(target: CommentTarget, markdown: impl Into<String>) -> Self {
        Self::new(target, CommentBody::Markdown(markdown.into()))
    }

    /// A comment with `body`.
    pub fn new(target: CommentTarget, body: CommentBody) -> Self {
        Self {
            target,
            body,
            attachments: Vec::new(),
            display_name: None,
        }
    }

    /// Attaches a completed file upload.
    pub fn attach(mut self, upload: FileUploadId) -> Self {
        self.attachments.push(upload);
        self
    }

    /// Shows `name` as the author instead of the integration.
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.display_name = Some(name.into());
        self
    }
}

fn serialize_attachments<M: SerializeMap>(
    map: &mut M,
    attachments: &[FileUploadId],
) -> Result<(), M::Error> {
    if attachments.is_empty() {
        return Ok(());
    }
    let items: Vec<_> = attachments
        .iter()
        .map(|id| json!({"file_upload_id": id}))
        .collect();
    map.serialize_entry("attachments", &items)
}

impl Serialize for NewComment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self.target {
            CommentTarget::Page(id) => map.serialize_entry("parent", &Parent::Page(id))?,
            CommentTarget::Block(id) => map.serialize_entry("parent", &Parent::Block(id))?,
            CommentTarget::Discussion(id) => map.serialize_entry("discussion_id", &id)?,
        }
        self.body.serialize_entry(&mut map)?;
        serialize_attachments(&mut map, &self.attachments)?;
        if let Some(name) = &self.display_name {
            map.serialize_entry(
                "display_name",
                &json!({"type": "custom", "custom": {"name": name}}),
            )?;
        }
        map.end()
    }
}

/// The body of `PATCH /v1/comments/{id}`: new text, in rich text or markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentUpdate(pub CommentBody);

impl Serialize for CommentUpdate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        self.0.serialize_entry(&mut map)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_name_the_discussion_and_attachments() {
        let discussion = DiscussionId::parse("393abc1e-edcd-81dc-bcc6-001cd3572671").unwrap();
        let upload = FileUploadId::parse("2ab104cd-477e-81a3-9a8f-00b2c5d1e7f0").unwrap();
        let comment = NewComment::rich_text(
            CommentTarget::Discussion(discussion),
            vec![RichText::text("ok")],
        )
        .attach(upload);
        assert_eq!(
            serde_json::to_value(&comment).unwrap(),
            json!({
                "discussion_id": "393abc1e-edcd-81dc-bcc6-001cd3572671",
                "rich_text": [{"text": {"content": "ok"}}],
                "attachments": [{"file_upload_id": "2ab104cd-477e-81a3-9a8f-00b2c5d1e7f0"}]
            })
        );
    }
}
