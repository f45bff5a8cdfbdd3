//! Blocks (page content): retrieve, list and append children (with `position`, or `after` on
//! 2025-09-03), update, delete (trash). Pages and databases answer here too, as `child_page` and
//! `child_database` blocks, the way Notion shows them.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::context::query_value;
use crate::http::context::{Ctx, JsonBody, parse_id};
use crate::http::list::{check_page_size, list_envelope, window};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::properties::{format_time, page_title};
use crate::notion::render::user_ref;
use crate::notion::render::{put_trash, render_parent, write_time};
use crate::notion::request::{body_id, requested_trash};
use crate::notion::richtext::{self, MAX_ARRAY_ITEMS, check_array_len, describe};
use crate::notion::uploads::take_upload_for_attachment;
use crate::notion::version::ApiVersion;
use crate::world::state::{AppState, Capability, Shared};
use crate::world::{Audit, Block, Parent, World};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/blocks/{block_id}",
            get(retrieve).patch(update).delete(delete),
        )
        .route(
            "/v1/blocks/{block_id}/children",
            get(list_children).patch(append),
        )
}

/// Block types whose content is rich text plus a color (and a few type-specific flags).
const TEXT_BLOCKS: &[&str] = &[
    "paragraph",
    "heading_1",
    "heading_2",
    "heading_3",
    "bulleted_list_item",
    "numbered_list_item",
    "to_do",
    "toggle",
    "quote",
    "callout",
];

/// Block types the API can create.
const CREATABLE: &[&str] = &[
    "paragraph",
    "heading_1",
    "heading_2",
    "heading_3",
    "bulleted_list_item",
    "numbered_list_item",
    "to_do",
    "toggle",
    "quote",
    "callout",
    "code",
    "divider",
    "bookmark",
    "embed",
    "image",
    "video",
    "audio",
    "file",
    "pdf",
    "equation",
    "table_of_contents",
    "breadcrumb",
    "column_list",
    "column",
    "table",
    "table_row",
    "link_to_page",
    "synced_block",
    "template",
];

/// The maximum nesting of `children` inside one append request.
const MAX_NESTING: usize = 2;

/// The maximum number of block elements in one request, nested ones included (§4).
const MAX_BLOCKS_PER_REQUEST: usize = 1000;

fn count_blocks(children: &Value) -> usize {
    children.as_array().map_or(0, |items| {
        items
            .iter()
            .map(|block| {
                let nested = block_type(block)
                    .and_then(|kind| block[kind].get("children"))
                    .map_or(0, count_blocks);
                1 + nested
            })
            .sum()
    })
}

/// The block type a request object declares.
fn block_type(block: &Value) -> Option<&'static str> {
    if let Some(kind) = block.get("type").and_then(Value::as_str) {
        return CREATABLE.iter().copied().find(|t| *t == kind);
    }
    CREATABLE.iter().copied().find(|t| block.get(*t).is_some())
}

/// Validates a `children` array (≤ 100 blocks, known types, ≤ 2 nesting levels, rich-text
/// limits) before anything is created.
pub(crate) fn validate_children(children: &Value, path: &str, depth: usize) -> ApiResult<()> {
    let Some(items) = children.as_array() else {
        return Err(ApiError::body_field(path, "an array", describe(children)));
    };
    check_array_len(path, items)?;
    if depth == 0 {
        let total = count_blocks(children);
        if total > MAX_BLOCKS_PER_REQUEST {
            return Err(ApiError::validation(format!(
                "body failed validation: {path} should contain ≤ {MAX_BLOCKS_PER_REQUEST} blocks in total, instead was {total}."
            )));
        }
    }
    for (i, block) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let kind = block_type(block).ok_or_else(|| {
            ApiError::validation(format!(
                "body failed validation: {item_path} should be a block object with one of the types {}, instead was {}.",
                CREATABLE.join(", "),
                describe(block)
            ))
        })?;
        normalize_content(kind, &block[kind], &format!("{item_path}.{kind}"))?;
        if let Some(nested) = block[kind].get("children") {
            if depth + 1 >= MAX_NESTING {
                return Err(ApiError::validation(format!(
                    "body failed validation: {item_path}.{kind}.children should be not present, instead was an array. Children can be nested at most {MAX_NESTING} levels in one request."
                )));
            }
            validate_children(nested, &format!("{item_path}.{kind}.children"), depth + 1)?;
        }
    }
    Ok(())
}

/// The response form of a block's type-specific object.
fn normalize_content(kind: &str, content: &Value, path: &str) -> ApiResult<Value> {
    let content = if content.is_null() {
        json!({})
    } else {
        content.clone()
    };
    if !content.is_object() {
        return Err(ApiError::body_field(path, "an object", describe(&content)));
    }
    let mut out = content.clone();
    if let Some(map) = out.as_object_mut() {
        map.remove("children");
    }
    if TEXT_BLOCKS.contains(&kind) || kind == "code" {
        let rich_text = content.get("rich_text").unwrap_or(&Value::Null);
        let rich_text = if rich_text.is_null() {
            json!([])
        } else {
            richtext::normalize(rich_text, &format!("{path}.rich_text"))?
        };
        out["rich_text"] = rich_text;
        if kind != "code" && out.get("color").is_none() {
            out["color"] = json!("default");
        }
    }
    if MEDIA_BLOCKS.contains(&kind) {
        normalize_media(&mut out, path)?;
    }
    match kind {
        "paragraph" | "callout" if out.get("icon").is_none() => out["icon"] = Value::Null,
        "to_do" if out.get("checked").is_none() => out["checked"] = json!(false),
        "heading_1" | "heading_2" | "heading_3" if out.get("is_toggleable").is_none() => {
            out["is_toggleable"] = json!(false)
        }
        "code" => {
            if out.get("language").is_none() {
                out["language"] = json!("plain text");
            }
            out["caption"] = match content.get("caption") {
                Some(caption) => richtext::normalize(caption, &format!("{path}.caption"))?,
                None => json!([]),
            };
        }
        _ => {}
    }
    Ok(out)
}

/// Block types that show a file: an `external` URL, a Notion-hosted `file`, or (in requests) a
/// `file_upload` attached when the block is created.
const MEDIA_BLOCKS: &[&str] = &["image", "video", "audio", "file", "pdf"];

/// Sets a media block's `type` from the source it names and fills in its `caption`.
fn normalize_media(out: &mut Value, path: &str) -> ApiResult<()> {
    let source = ["external", "file_upload", "file"]
        .into_iter()
        .find(|k| out.get(*k).is_some())
        .ok_or_else(|| ApiError::body_missing(&format!("{path}.external")))?;
    if source == "file_upload" {
        let id = body_id(&out["file_upload"]["id"], &format!("{path}.file_upload.id"))?;
        out["file_upload"] = json!({ "id": id });
    }
    out["type"] = json!(source);
    out["caption"] = match out.get("caption") {
        Some(caption) => richtext::normalize(caption, &format!("{path}.caption"))?,
        None => json!([]),
    };
    Ok(())
}

/// A media block's content after an update: a new source (`external`, `file_upload`) replaces
/// the old one, other keys (`caption`) are replaced one by one.
fn merge_media(kind: &str, old: &Value, update: &Value) -> ApiResult<Value> {
    let Some(changes) = update.as_object() else {
        return Err(ApiError::body_field(kind, "an object", describe(update)));
    };
    let mut merged = old.clone();
    if let Some(target) = merged.as_object_mut() {
        const SOURCES: [&str; 3] = ["external", "file", "file_upload"];
        if SOURCES.iter().any(|k| changes.contains_key(*k)) {
            SOURCES.iter().for_each(|k| {
                target.remove(*k);
            });
        }
        for (key, value) in changes
            .iter()
            .filter(|(k, _)| *k != "children" && *k != "type")
        {
            target.insert(key.clone(), value.clone());
        }
    }
    normalize_content(kind, &merged, kind)
}

/// Every upload id named by media blocks in a `children` request, nested ones included.
fn upload_ids(children: &Value, out: &mut Vec<Uuid>) {
    for block in children.as_array().map(Vec::as_slice).unwrap_or_default() {
        let Some(kind) = block_type(block) else {
            continue;
        };
        if MEDIA_BLOCKS.contains(&kind)
            && let Some(id) = block[kind]["file_upload"]["id"]
                .as_str()
                .and_then(crate::notion::ids::parse_uuid)
        {
            out.push(id);
        }
        if let Some(nested) = block[kind].get("children") {
            upload_ids(nested, out);
        }
    }
}

/// Where appended children go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Start,
    End,
    After(Uuid),
}

fn parse_position(body: &Value, version: ApiVersion) -> ApiResult<Position> {
    let after = body.get("after");
    let position = body.get("position");
    if after.is_some() && position.is_some() {
        return Err(ApiError::validation(
            "body failed validation: body.after should be not present when body.position is present.",
        ));
    }
    if let Some(after) = after {
        if version >= ApiVersion::V2026_03_11 {
            return Err(ApiError::body_field(
                "after",
                "not present",
                describe(after),
            ));
        }
        return Ok(Position::After(body_id(after, "after")?));
    }
    let Some(position) = position else {
        return Ok(Position::End);
    };
    match position["type"].as_str() {
        Some("start") => Ok(Position::Start),
        Some("end") => Ok(Position::End),
        Some("after_block") => Ok(Position::After(body_id(
            &position["after_block"]["id"],
            "position.after_block.id",
        )?)),
        _ => Err(ApiError::body_field(
            "position.type",
            "`\"after_block\"`, `\"start\"` or `\"end\"`",
            describe(&position["type"]),
        )),
    }
}

/// Creates `children` (already validated) under `parent_id` at `position`; returns their ids.
pub(crate) fn append_children(
    state: &Shared,
    world: &mut World,
    parent_id: Uuid,
    children: &Value,
    position: Option<Position>,
) -> ApiResult<Vec<Uuid>> {
    let parent = if world.pages.contains_key(&parent_id) {
        Parent::Page(parent_id)
    } else {
        Parent::Block(parent_id)
    };
    let mut insert_at = {
        let siblings = world.children.entry(parent_id).or_default();
        match position.unwrap_or(Position::End) {
            Position::Start => 0,
            Position::End => siblings.len(),
            Position::After(after) => siblings
                .iter()
                .position(|x| *x == after)
                .map(|i| i + 1)
                .ok_or_else(|| {
                    ApiError::validation(format!(
                        "Block with ID {after} is not a child of {parent_id}."
                    ))
                })?,
        }
    };
    // Every upload is checked before any block exists, so a bad one creates nothing.
    let mut uploads = Vec::new();
    upload_ids(children, &mut uploads);
    for upload in uploads {
        take_upload_for_attachment(&mut world.file_uploads, upload, state.clock.now())?;
    }
    let now = write_time(state);
    let mut created = Vec::new();
    for block in children.as_array().map(Vec::as_slice).unwrap_or_default() {
        let Some(kind) = block_type(block) else {
            continue;
        };
        let id = Uuid::new_v4();
        let mut content = normalize_content(kind, &block[kind], kind)?;
        crate::notion::request::attach_uploads(world, &mut content, state.clock.now())?;
        world.blocks.insert(
            id,
            Block {
                id,
                parent,
                kind: kind.to_owned(),
                content,
                in_trash: false,
                audit: Audit::new(now, state.bot_id),
            },
        );
        world
            .children
            .entry(parent_id)
            .or_default()
            .insert(insert_at, id);
        insert_at += 1;
        if let Some(nested) = block[kind].get("children") {
            append_children(state, world, id, nested, None)?;
        }
        created.push(id);
    }
    world.touch();
    Ok(created)
}

/// The block object for `id`: a stored block, or a page/database as `child_page`/`child_database`.
pub(crate) fn render_block(world: &World, id: Uuid, version: ApiVersion) -> Option<Value> {
    let has_children = world
        .children
        .get(&id)
        .is_some_and(|c| c.iter().any(|x| !is_trashed(world, *x)));
    let (parent, audit, in_trash, kind, content) = if let Some(block) = world.block(id) {
        (
            block.parent,
            block.audit,
            block.in_trash,
            block.kind.clone(),
            block.content.clone(),
        )
    } else if let Some(page) = world.page(id) {
        (
            page.parent,
            page.audit,
            page.in_trash,
            "child_page".to_owned(),
            json!({ "title": page_title(world, page) }),
        )
    } else if let Some(db) = world.database(id) {
        (
            db.parent,
            db.audit,
            db.in_trash,
            "child_database".to_owned(),
            json!({ "title": richtext::plain_text(&db.title) }),
        )
    } else {
        return None;
    };
    let mut body = json!({
        "object": "block",
        "id": id,
        "parent": render_parent(world, parent),
        "created_time": format_time(audit.created_time),
        "last_edited_time": format_time(audit.last_edited_time),
        "created_by": user_ref(audit.created_by),
        "last_edited_by": user_ref(audit.last_edited_by),
        "has_children": has_children,
        "type": kind,
    });
    body[kind.as_str()] = content;
    put_trash(&mut body, in_trash, version);
    Some(body)
}

fn is_trashed(world: &World, id: Uuid) -> bool {
    world
        .block(id)
        .map(|b| b.in_trash)
        .or_else(|| world.page(id).map(|p| p.in_trash))
        .or_else(|| world.database(id).map(|d| d.in_trash))
        .unwrap_or(true)
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("block_id", &raw_id)?;
    let world = state.world();
    let block =
        render_block(&world, id, ctx.version).ok_or_else(|| state.not_found("block", id))?;
    Ok(ctx.ok(block))
}

async fn list_children(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("block_id", &raw_id)?;
    let page_size = match query_value(query.as_deref(), "page_size") {
        None => MAX_ARRAY_ITEMS,
        Some(raw) => check_page_size(
            "query",
            raw.parse().map_err(|_| {
                ApiError::validation(format!(
                    "query failed validation: query.page_size should be a number, instead was `{}`.",
                    json!(raw)
                ))
            })?,
        )?,
    };
    let world = state.world();
    if !world.is_block_like(id) {
        return Err(state.not_found("block", id));
    }
    let children: Vec<Uuid> = world
        .children
        .get(&id)
        .map(|c| {
            c.iter()
                .copied()
                .filter(|x| !is_trashed(&world, *x))
                .collect()
        })
        .unwrap_or_default();
    let cursor = query_value(query.as_deref(), "start_cursor");
    let (slice, next) = window(&children, cursor.as_deref(), page_size, "query")?;
    let results = slice
        .iter()
        .filter_map(|x| render_block(&world, *x, ctx.version))
        .collect();
    Ok(ctx.ok(list_envelope(results, next, "block", json!({}))))
}

async fn append(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Insert)?;
    let id = parse_id("block_id", &raw_id)?;
    let children = body
        .get("children")
        .ok_or_else(|| ApiError::body_missing("children"))?;
    validate_children(children, "children", 0)?;
    let position = parse_position(&body, ctx.version)?;
    let mut world = state.world();
    if !world.is_block_like(id) {
        return Err(state.not_found("block", id));
    }
    if is_trashed(&world, id) {
        return Err(ApiError::validation(
            "Can't edit block that is archived. You must unarchive the block before editing.",
        ));
    }
    let created = append_children(&state, &mut world, id, children, Some(position))?;
    let results = created
        .iter()
        .filter_map(|x| render_block(&world, *x, ctx.version))
        .collect();
    Ok(ctx.ok(list_envelope(results, None, "block", json!({}))))
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("block_id", &raw_id)?;
    let trash = requested_trash(&body, ctx.version)?;
    let mut world = state.world();
    if !world.is_block_like(id) {
        return Err(state.not_found("block", id));
    }
    let now = write_time(&state);
    if let Some(block) = world.block(id) {
        let kind = block.kind.clone();
        let new_content = match body.get(&kind) {
            Some(update) => {
                if block.in_trash && trash != Some(false) {
                    return Err(ApiError::validation(
                        "Can't edit block that is archived. You must unarchive the block before editing.",
                    ));
                }
                if MEDIA_BLOCKS.contains(&kind.as_str()) {
                    Some(merge_media(&kind, &block.content, update)?)
                } else {
                    let mut merged = block.content.clone();
                    let normalized = normalize_content(&kind, update, &kind)?;
                    if let (Some(target), Some(source)) =
                        (merged.as_object_mut(), update.as_object())
                    {
                        for key in source.keys().filter(|k| *k != "children") {
                            target.insert(key.clone(), normalized[key].clone());
                        }
                    }
                    Some(merged)
                }
            }
            None => None,
        };
        let mut new_content = new_content;
        if let Some(content) = new_content.as_mut() {
            crate::notion::request::attach_uploads(&mut world, content, state.clock.now())?;
        }
        if let Some(block) = world.blocks.get_mut(&id) {
            if let Some(content) = new_content {
                block.content = content;
            }
            if let Some(trash) = trash {
                block.in_trash = trash;
            }
            block.audit.edit(now, state.bot_id);
        }
    } else {
        set_trash(&mut world, id, trash, now, state.bot_id);
    }
    world.touch();
    let block =
        render_block(&world, id, ctx.version).ok_or_else(|| state.not_found("block", id))?;
    Ok(ctx.ok(block))
}

/// Trashes or restores a page or database addressed through the blocks API.
fn set_trash(world: &mut World, id: Uuid, trash: Option<bool>, now: jiff::Timestamp, by: Uuid) {
    let Some(trash) = trash else {
        return;
    };
    if let Some(page) = world.pages.get_mut(&id) {
        page.in_trash = trash;
        page.audit.edit(now, by);
    } else if let Some(db) = world.databases.get_mut(&id) {
        db.in_trash = trash;
        db.audit.edit(now, by);
        for ds in db.data_sources.clone() {
            if let Some(ds) = world.data_sources.get_mut(&ds) {
                ds.in_trash = trash;
            }
        }
    }
}

async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("block_id", &raw_id)?;
    let mut world = state.world();
    if !world.is_block_like(id) {
        return Err(state.not_found("block", id));
    }
    let now = write_time(&state);
    if let Some(block) = world.blocks.get_mut(&id) {
        block.in_trash = true;
        block.audit.edit(now, state.bot_id);
    } else {
        set_trash(&mut world, id, Some(true), now, state.bot_id);
    }
    world.touch();
    let block =
        render_block(&world, id, ctx.version).ok_or_else(|| state.not_found("block", id))?;
    Ok(ctx.ok(block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_content_gets_color_icon_and_full_rich_text() {
        let content = normalize_content(
            "paragraph",
            &json!({ "rich_text": [{ "text": { "content": "hi" } }] }),
            "paragraph",
        )
        .unwrap();
        assert_eq!(content["color"], "default");
        assert_eq!(content["icon"], Value::Null);
        assert_eq!(content["rich_text"][0]["plain_text"], "hi");
    }

    #[test]
    fn children_nested_three_levels_are_rejected() {
        let leaf = json!({ "paragraph": { "rich_text": [] } });
        let level2 = json!({ "toggle": { "rich_text": [], "children": [leaf] } });
        let level1 = json!({ "toggle": { "rich_text": [], "children": [level2] } });
        let top = json!([{ "toggle": { "rich_text": [], "children": [level1] } }]);
        assert!(validate_children(&top, "children", 0).is_err());
    }

    #[test]
    fn children_nested_two_levels_are_accepted() {
        let leaf = json!({ "paragraph": { "rich_text": [] } });
        let top = json!([{ "toggle": { "rich_text": [], "children": [leaf] } }]);
        assert!(validate_children(&top, "children", 0).is_ok());
    }

    #[test]
    fn more_than_1000_blocks_in_one_request_are_rejected() {
        let leaf = json!({ "paragraph": { "rich_text": [] } });
        let parent = json!({ "toggle": { "rich_text": [], "children": vec![leaf; 100] } });
        let children = Value::Array(vec![parent; 10]);
        let error = validate_children(&children, "children", 0).unwrap_err();
        assert!(
            error
                .message
                .contains("≤ 1000 blocks in total, instead was 1010")
        );
    }

    #[test]
    fn after_is_rejected_on_2026_03_11() {
        let body = json!({ "after": "393abc1e-edcd-80f3-813b-e205934558c6" });
        assert!(parse_position(&body, ApiVersion::V2026_03_11).is_err());
        assert!(parse_position(&body, ApiVersion::V2025_09_03).is_ok());
    }
}
