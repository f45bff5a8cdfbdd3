//! Comments: `POST /v1/comments`, `GET /v1/comments?block_id=`, and retrieve, update and delete
//! by id.
//!
//! A comment hangs off a page or block (`parent`) or joins an existing discussion
//! (`discussion_id`); a comment created with a `parent` opens a new discussion, as in Notion.
//! Every endpoint needs the comments capability.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::context::{Ctx, JsonBody, parse_id};
use crate::http::list::{ListParams, list_envelope};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::ids::parse_uuid;
use crate::notion::timestamps::minute_time;
use crate::notion::uploads::take_upload_for_attachment;
use crate::world::comments::{Comment, CommentParent};
use crate::world::state::{AppState, Capability, Shared};
use crate::world::{ObjectKind, World};

/// Notion accepts at most three attachments per comment.
const MAX_ATTACHMENTS: usize = 3;

impl CommentParent {
    fn id(self) -> Uuid {
        match self {
            Self::Page(id) | Self::Block(id) => id,
        }
    }

    fn to_json(self) -> Value {
        match self {
            Self::Page(id) => json!({"type": "page_id", "page_id": id.to_string()}),
            Self::Block(id) => json!({"type": "block_id", "block_id": id.to_string()}),
        }
    }
}

impl Comment {
    fn to_json(&self, round: bool) -> Value {
        let mut body = json!({
            "object": "comment",
            "id": self.id.to_string(),
            "parent": self.parent.to_json(),
            "discussion_id": self.discussion_id.to_string(),
            "created_time": minute_time(self.created_time, round),
            "last_edited_time": minute_time(self.last_edited_time, round),
            "created_by": {"object": "user", "id": self.created_by.to_string()},
            "rich_text": self.rich_text,
        });
        // Recorded comments without attachments have no `attachments` key at all.
        if !self.attachments.is_empty() {
            body["attachments"] = Value::Array(self.attachments.clone());
        }
        body["display_name"] = self.display_name.clone();
        body
    }
}

/// The routes of this module.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/comments", post(create).get(list))
        .route(
            "/v1/comments/{comment_id}",
            get(retrieve).patch(update).delete(delete),
        )
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Comments)?;
    let rich_text = content(&body)?;
    let display_name = display_name(&state, body.get("display_name"))?;
    let now = state.clock.now();
    let mut world = state.world();
    let (parent, discussion_id) = match (body.get("parent"), body.get("discussion_id")) {
        (Some(parent), None) => (comment_parent(&state, &world, parent)?, Uuid::new_v4()),
        (None, Some(discussion)) => existing_discussion(&world, discussion)?,
        (Some(_), Some(_)) => {
            return Err(ApiError::validation(
                "body failed validation: exactly one of body.parent or body.discussion_id should be defined.",
            ));
        }
        (None, None) => return Err(ApiError::body_missing("parent")),
    };
    let attachments = attachments(&mut world, body.get("attachments"), now)?;
    let comment = Comment {
        id: Uuid::new_v4(),
        parent,
        discussion_id,
        created_time: now,
        last_edited_time: now,
        created_by: state.bot_id,
        rich_text,
        attachments,
        display_name,
    };
    let json = comment.to_json(state.config.round_timestamps_to_minute);
    world.comments.order.push(comment.id);
    world.comments.comments.insert(comment.id, comment);
    Ok(ctx.ok(json))
}

#[derive(Debug, Deserialize)]
struct BlockFilter {
    block_id: Option<String>,
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
    Query(filter): Query<BlockFilter>,
) -> ApiResult<Response> {
    ctx.require(Capability::Comments)?;
    let raw = filter.block_id.ok_or_else(|| {
        ApiError::validation(
            "query failed validation: query.block_id should be defined, instead was `undefined`.",
        )
    })?;
    let block_id = parse_uuid(&raw).ok_or_else(|| {
        ApiError::validation(format!(
            "query failed validation: query.block_id should be a valid uuid, instead was `{}`.",
            Value::String(raw.clone())
        ))
    })?;
    let page_size = params.page_size()?;
    let world = state.world();
    if !world.is_block_like(block_id) {
        return Err(state.not_found("block", block_id));
    }
    let ids: Vec<Uuid> = world
        .comments
        .order
        .iter()
        .filter(|id| {
            world
                .comments
                .comments
                .get(*id)
                .is_some_and(|c| c.parent.id() == block_id)
        })
        .copied()
        .collect();
    let (page, next) = params.window(&ids, page_size)?;
    let round = state.config.round_timestamps_to_minute;
    let results = page
        .iter()
        .filter_map(|id| world.comments.comments.get(id))
        .map(|comment| comment.to_json(round))
        .collect();
    Ok(ctx.ok(list_envelope(results, next, "comment", json!({}))))
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Comments)?;
    let id = parse_id("comment_id", &raw_id)?;
    let world = state.world();
    let comment = world
        .comments
        .comments
        .get(&id)
        .ok_or_else(|| state.not_found("comment", id))?;
    Ok(ctx.ok(comment.to_json(state.config.round_timestamps_to_minute)))
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Comments)?;
    let id = parse_id("comment_id", &raw_id)?;
    let rich_text = content(&body)?;
    let now = state.clock.now();
    let mut world = state.world();
    let comment = world
        .comments
        .comments
        .get_mut(&id)
        .ok_or_else(|| state.not_found("comment", id))?;
    comment.rich_text = rich_text;
    comment.last_edited_time = now;
    Ok(ctx.ok(comment.to_json(state.config.round_timestamps_to_minute)))
}

async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Comments)?;
    let id = parse_id("comment_id", &raw_id)?;
    let mut world = state.world();
    let comment = world
        .comments
        .comments
        .remove(&id)
        .ok_or_else(|| state.not_found("comment", id))?;
    world.comments.order.retain(|x| *x != id);
    Ok(ctx.ok(comment.to_json(state.config.round_timestamps_to_minute)))
}

/// The comment text from `rich_text`, or from `markdown` as one plain text item.
fn content(body: &Value) -> ApiResult<Value> {
    match (body.get("rich_text"), body.get("markdown")) {
        (Some(rich_text), None) => crate::notion::richtext::normalize(rich_text, "rich_text"),
        (None, Some(Value::String(markdown))) => {
            crate::notion::richtext::check_chars(
                "markdown",
                markdown,
                crate::notion::richtext::MAX_TEXT_CHARS,
            )?;
            Ok(json!([crate::notion::richtext::text_item(markdown)]))
        }
        (None, Some(other)) => Err(ApiError::body_field(
            "markdown",
            "a string",
            crate::notion::richtext::describe(other),
        )),
        (Some(_), Some(_)) => Err(ApiError::validation(
            "body failed validation: exactly one of body.rich_text or body.markdown should be defined.",
        )),
        (None, None) => Err(ApiError::body_missing("rich_text")),
    }
}

/// `{"page_id": ..}` or `{"block_id": ..}` (with an optional `type`), which must exist.
fn comment_parent(state: &Shared, world: &World, parent: &Value) -> ApiResult<CommentParent> {
    let (key, raw) = ["page_id", "block_id"]
        .iter()
        .find_map(|key| parent.get(*key).map(|raw| (*key, raw)))
        .ok_or_else(|| ApiError::body_missing("parent.page_id"))?;
    let id = raw.as_str().and_then(parse_uuid).ok_or_else(|| {
        ApiError::body_field(
            &format!("parent.{key}"),
            "a valid uuid",
            crate::notion::richtext::describe(raw),
        )
    })?;
    match (key, world.find(id)) {
        ("page_id", Some(ObjectKind::Page)) => Ok(CommentParent::Page(id)),
        ("block_id", Some(ObjectKind::Page)) => Ok(CommentParent::Page(id)),
        ("block_id", Some(ObjectKind::Block)) => Ok(CommentParent::Block(id)),
        ("page_id", _) => Err(state.not_found("page", id)),
        _ => Err(state.not_found("block", id)),
    }
}

/// The parent and id of the discussion a reply joins.
fn existing_discussion(world: &World, raw: &Value) -> ApiResult<(CommentParent, Uuid)> {
    let id = raw.as_str().and_then(parse_uuid).ok_or_else(|| {
        ApiError::body_field(
            "discussion_id",
            "a valid uuid",
            crate::notion::richtext::describe(raw),
        )
    })?;
    world
        .comments
        .comments
        .values()
        .find(|c| c.discussion_id == id)
        .map(|c| (c.parent, id))
        .ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "object_not_found",
                format!("Could not find discussion with ID: {id}."),
            )
        })
}

/// Attachments name file uploads, which must be uploaded; at most three.
fn attachments(world: &mut World, raw: Option<&Value>, now: Timestamp) -> ApiResult<Vec<Value>> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let items = raw.as_array().ok_or_else(|| {
        ApiError::body_field(
            "attachments",
            "an array",
            crate::notion::richtext::describe(raw),
        )
    })?;
    if items.len() > MAX_ATTACHMENTS {
        return Err(ApiError::body_field(
            "attachments.length",
            &format!("≤ {MAX_ATTACHMENTS}"),
            items.len(),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item
                .get("file_upload_id")
                .and_then(Value::as_str)
                .and_then(parse_uuid)
                .ok_or_else(|| ApiError::body_missing(&format!("attachments[{i}].file_upload_id")))?;
            let upload = take_upload_for_attachment(&mut world.file_uploads, id, now)?;
            Ok(json!({
                "category": category(upload.content_type.as_deref()),
                "file": {
                    "url": format!("https://files.notion-emulator.invalid/{id}/{}", upload.filename.as_deref().unwrap_or("file")),
                    "expiry_time": minute_time(now + jiff::SignedDuration::from_hours(1), true),
                },
            }))
        })
        .collect()
}

/// Notion's attachment category from the file's content type.
fn category(content_type: Option<&str>) -> &'static str {
    match content_type.unwrap_or_default() {
        t if t.starts_with("image/") => "image",
        t if t.starts_with("audio/") => "audio",
        t if t.starts_with("video/") => "video",
        "application/pdf" => "pdf",
        _ => "productivity",
    }
}

/// `display_name`: the integration by default, the bot's user, or a custom name.
fn display_name(state: &Shared, raw: Option<&Value>) -> ApiResult<Value> {
    let integration = &state.config.integration_name;
    let Some(raw) = raw else {
        return Ok(json!({"type": "integration", "resolved_name": integration}));
    };
    match raw.get("type").and_then(Value::as_str) {
        Some("integration") | Some("user") => Ok(json!({
            "type": raw["type"],
            "resolved_name": integration,
        })),
        Some("custom") => {
            let name = raw
                .pointer("/custom/name")
                .and_then(Value::as_str)
                .ok_or_else(|| ApiError::body_missing("display_name.custom.name"))?;
            Ok(json!({"type": "custom", "resolved_name": name}))
        }
        _ => Err(ApiError::body_field(
            "display_name.type",
            "`\"integration\"`, `\"user\"`, or `\"custom\"`",
            crate::notion::richtext::describe(raw.get("type").unwrap_or(&Value::Null)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_categories_follow_the_content_type() {
        assert_eq!(category(Some("image/png")), "image");
        assert_eq!(category(Some("application/pdf")), "pdf");
        assert_eq!(category(Some("text/csv")), "productivity");
        assert_eq!(category(None), "productivity");
    }
}
