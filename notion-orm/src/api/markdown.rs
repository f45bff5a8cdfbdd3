//! Page content as markdown: `GET` and `PATCH /v1/pages/{id}/markdown`.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::async_tasks::AsyncTask;
use crate::Result;
use crate::client::{Client, Request, decode_value};
use crate::types::{BlockId, PageId};

/// How long [`Markdown::update`] waits for an asynchronous edit to finish.
pub const ASYNC_EDIT_TIMEOUT: Duration = Duration::from_secs(300);

/// A page's content as markdown.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct PageMarkdown {
    /// The page.
    pub id: PageId,
    /// The content.
    pub markdown: String,
    /// Whether Notion cut the content short (very large pages).
    #[serde(default)]
    pub truncated: bool,
    /// Blocks Notion could not render as markdown.
    #[serde(default)]
    pub unknown_block_ids: Vec<BlockId>,
}

/// One search-and-replace of [`MarkdownEdit::Update`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ContentUpdate {
    /// The markdown to find.
    pub old_str: String,
    /// What to put instead.
    pub new_str: String,
    /// Replace every match instead of requiring exactly one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub replace_all_matches: bool,
}

impl ContentUpdate {
    /// Replaces the single match of `old_str` with `new_str`.
    pub fn new(old_str: impl Into<String>, new_str: impl Into<String>) -> Self {
        Self {
            old_str: old_str.into(),
            new_str: new_str.into(),
            replace_all_matches: false,
        }
    }
}

/// An edit of a page's markdown (the `type` of the PATCH body).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MarkdownEdit {
    /// `insert_content`: adds markdown at the end, or after the text selected by `after`.
    Insert {
        /// The markdown to insert.
        content: String,
        /// A selection (`"start text...end text"`) to insert after; `None` appends.
        after: Option<String>,
    },
    /// `replace_content_range`: replaces the text selected by `content_range`.
    ReplaceRange {
        /// The new markdown.
        content: String,
        /// The selection to replace (`"start text...end text"`).
        content_range: String,
        /// Allow the edit to delete child pages or databases in the range.
        allow_deleting_content: bool,
    },
    /// `update_content`: search-and-replace edits.
    Update {
        /// The edits, applied in order.
        content_updates: Vec<ContentUpdate>,
        /// Allow the edits to delete child pages or databases.
        allow_deleting_content: bool,
    },
    /// `replace_content`: replaces the whole page content.
    Replace {
        /// The new markdown.
        new_str: String,
        /// Allow the edit to delete child pages or databases.
        allow_deleting_content: bool,
    },
}

impl MarkdownEdit {
    /// Appends markdown to the end of the page.
    pub fn append(content: impl Into<String>) -> Self {
        Self::Insert {
            content: content.into(),
            after: None,
        }
    }

    /// The request body; `allow_async` lets Notion answer with a task for large edits.
    fn body(&self, allow_async: bool) -> Value {
        let (type_name, inner) = match self {
            MarkdownEdit::Insert { content, after } => {
                let mut m = Map::new();
                m.insert("content".into(), json!(content));
                if let Some(after) = after {
                    m.insert("after".into(), json!(after));
                }
                ("insert_content", m)
            }
            MarkdownEdit::ReplaceRange {
                content,
                content_range,
                allow_deleting_content,
            } => (
                "replace_content_range",
                with_deleting(
                    json!({"content": content, "content_range": content_range}),
                    *allow_deleting_content,
                ),
            ),
            MarkdownEdit::Update {
                content_updates,
                allow_deleting_content,
            } => (
                "update_content",
                with_deleting(
                    json!({ "content_updates": content_updates }),
                    *allow_deleting_content,
                ),
            ),
            MarkdownEdit::Replace {
                new_str,
                allow_deleting_content,
            } => (
                "replace_content",
                with_deleting(json!({ "new_str": new_str }), *allow_deleting_content),
            ),
        };
        let mut body = Map::new();
        if allow_async {
            body.insert("allow_async".into(), Value::Bool(true));
        }
        body.insert("type".into(), json!(type_name));
        body.insert(type_name.into(), Value::Object(inner));
        Value::Object(body)
    }
}

fn with_deleting(value: Value, allow: bool) -> Map<String, Value> {
    let Value::Object(mut map) = value else {
        unreachable!("built from an object literal")
    };
    if allow {
        map.insert("allow_deleting_content".into(), Value::Bool(true));
    }
    map
}

/// The page-markdown API; get it from [`Client::markdown`].
#[derive(Debug, Clone, Copy)]
pub struct Markdown<'c> {
    client: &'c Client,
}

impl Client {
    /// The page-markdown API.
    pub fn markdown(&self) -> Markdown<'_> {
        Markdown { client: self }
    }
}

impl Markdown<'_> {
    /// `GET /v1/pages/{id}/markdown`; `include_transcript` adds meeting-note transcripts.
    pub async fn get(&self, page: PageId, include_transcript: bool) -> Result<PageMarkdown> {
        let mut request = Request::get("/v1/pages/{page_id}/markdown").param(page);
        if include_transcript {
            request = request.query("include_transcript", "true");
        }
        self.client.send(request).await
    }

    /// `PATCH /v1/pages/{id}/markdown`, letting Notion run large edits asynchronously and
    /// polling the task (up to [`ASYNC_EDIT_TIMEOUT`]) until the edit is done.
    pub async fn update(&self, page: PageId, edit: &MarkdownEdit) -> Result<PageMarkdown> {
        let request = Request::patch("/v1/pages/{page_id}/markdown")
            .param(page)
            .json_value(edit.body(true));
        let endpoint = request.endpoint();
        let response: Value = self.client.send(request).await?;
        match response.get("object").and_then(Value::as_str) {
            Some("async_task") => {
                let task: AsyncTask = decode_value(endpoint, "", response)?;
                self.client
                    .async_tasks()
                    .wait(task, ASYNC_EDIT_TIMEOUT)
                    .await
            }
            _ => decode_value(endpoint, "", response),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_matches_the_recorded_body() {
        let edit = MarkdownEdit::append("# Hello\n\nAsync test content.");
        assert_eq!(
            edit.body(true),
            json!({"allow_async": true, "type": "insert_content",
                   "insert_content": {"content": "# Hello\n\nAsync test content."}})
        );
    }

    #[test]
    fn update_lists_search_and_replace_edits() {
        let edit = MarkdownEdit::Update {
            content_updates: vec![ContentUpdate::new("old", "new")],
            allow_deleting_content: false,
        };
        assert_eq!(
            edit.body(false),
            json!({"type": "update_content",
                   "update_content": {"content_updates": [{"old_str": "old", "new_str": "new"}]}})
        );
    }
}
