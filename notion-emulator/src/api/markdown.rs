//! `GET` and `PATCH /v1/pages/{page_id}/markdown`: a page's content as markdown, and the four
//! edits (`insert_content`, `replace_content_range`, `update_content`, `replace_content`).
//!
//! Edits work on the page's rendered markdown text, like Notion's selections do, then rebuild
//! the content from the edited text: blocks are recreated (new ids), while child pages,
//! databases and unknown blocks whose tags survive the edit keep their ids. An edit that would
//! drop a child page or database needs `allow_deleting_content: true`; dropped objects go to
//! the trash. With `allow_async: true` the answer is a 202 async task (see
//! [`crate::async_tasks`]).

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::context::query_value;
use crate::http::context::{Ctx, JsonBody, parse_id};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::markdown::{self, Node};
use crate::notion::render::write_time;
use crate::notion::richtext::describe;
use crate::world::World;
use crate::world::state::{AppState, Capability, Shared};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/pages/{page_id}/markdown", get(retrieve).patch(update))
}

/// The `page_markdown` object of `id` (without `request_id`).
pub(crate) fn render(world: &World, id: Uuid) -> Value {
    let rendered = markdown::render_page(world, id);
    json!({
        "object": "page_markdown",
        "id": id,
        "markdown": rendered.markdown,
        "truncated": false,
        "unknown_block_ids": rendered.unknown_block_ids,
    })
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("page_id", &raw_id)?;
    // Transcripts belong to meeting-notes blocks, which the emulator does not store.
    if let Some(raw) = query_value(query.as_deref(), "include_transcript")
        && !matches!(raw.as_str(), "true" | "false")
    {
        return Err(ApiError::validation(format!(
            "query failed validation: query.include_transcript should be a boolean, instead was `{}`.",
            json!(raw)
        )));
    }
    let world = state.world();
    if world.page(id).is_none() {
        return Err(state.not_found("page", id));
    }
    Ok(ctx.ok(render(&world, id)))
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("page_id", &raw_id)?;
    let allow_async = match body.get("allow_async") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(ApiError::body_field(
                "allow_async",
                "a boolean",
                describe(other),
            ));
        }
    };
    let mut world = state.world();
    let page = world.page(id).ok_or_else(|| state.not_found("page", id))?;
    if page.in_trash {
        return Err(ApiError::validation(
            "Can't edit block that is archived. You must unarchive the block before editing.",
        ));
    }
    let current = markdown::render_page(&world, id).markdown;
    let (edited, allow_deleting) = apply_edit(&current, &body)?;
    replace_content(&state, &mut world, id, &edited, allow_deleting)?;
    let result = render(&world, id);
    if allow_async {
        let now = state.clock.now();
        let task = world
            .async_tasks
            .start("PATCH /v1/pages/:page_id/markdown", result, now);
        return Ok(crate::api::async_tasks::accepted(&ctx, task));
    }
    Ok(ctx.ok(result))
}

/// The page's markdown after the edit a PATCH body describes, and whether it may delete child
/// pages and databases.
fn apply_edit(current: &str, body: &Value) -> ApiResult<(String, bool)> {
    let kind = body["type"].as_str().ok_or_else(|| {
        ApiError::body_field(
            "type",
            "one of `\"insert_content\"`, `\"replace_content_range\"`, `\"update_content\"`, `\"replace_content\"`",
            describe(&body["type"]),
        )
    })?;
    let edit = &body[kind];
    let text = |key: &str| -> ApiResult<&str> {
        match &edit[key] {
            Value::String(s) => Ok(s),
            Value::Null => Err(ApiError::body_missing(&format!("{kind}.{key}"))),
            other => Err(ApiError::body_field(
                &format!("{kind}.{key}"),
                "a string",
                describe(other),
            )),
        }
    };
    let allow_deleting = edit["allow_deleting_content"] == true;
    let edited = match kind {
        "insert_content" => {
            let content = text("content")?;
            match edit.get("after").filter(|a| !a.is_null()) {
                None => join_blocks(current, content),
                Some(after) => {
                    let after = after.as_str().ok_or_else(|| {
                        ApiError::body_field("insert_content.after", "a string", describe(after))
                    })?;
                    let (_, end) = select(current, after)?;
                    // Insert after the whole line (block) the selection ends in.
                    let end = current[end..].find('\n').map_or(current.len(), |i| end + i);
                    format!("{}\n{}{}", &current[..end], content, &current[end..])
                }
            }
        }
        "replace_content_range" => {
            let content = text("content")?;
            let (start, end) = select(current, text("content_range")?)?;
            format!("{}{}{}", &current[..start], content, &current[end..])
        }
        "update_content" => {
            let updates = edit["content_updates"].as_array().ok_or_else(|| {
                ApiError::body_field(
                    "update_content.content_updates",
                    "an array",
                    describe(&edit["content_updates"]),
                )
            })?;
            let mut edited = current.to_owned();
            for (i, update) in updates.iter().enumerate() {
                let path = format!("update_content.content_updates[{i}]");
                let old = update["old_str"]
                    .as_str()
                    .ok_or_else(|| ApiError::body_missing(&format!("{path}.old_str")))?;
                let new = update["new_str"]
                    .as_str()
                    .ok_or_else(|| ApiError::body_missing(&format!("{path}.new_str")))?;
                let matches = if old.is_empty() {
                    0
                } else {
                    edited.matches(old).count()
                };
                if matches == 0 {
                    return Err(ApiError::validation(format!(
                        "No match found for content update {i}: `old_str` does not appear in the page."
                    )));
                }
                if matches > 1 && update["replace_all_matches"] != true {
                    return Err(ApiError::validation(format!(
                        "Found {matches} matches for content update {i}; make `old_str` unique or set `replace_all_matches`."
                    )));
                }
                edited = edited.replace(old, new);
            }
            edited
        }
        "replace_content" => text("new_str")?.to_owned(),
        _ => {
            return Err(ApiError::body_field(
                "type",
                "one of `\"insert_content\"`, `\"replace_content_range\"`, `\"update_content\"`, `\"replace_content\"`",
                describe(&body["type"]),
            ));
        }
    };
    Ok((edited, allow_deleting))
}

/// `content` appended to the page's markdown as new blocks.
fn join_blocks(current: &str, content: &str) -> String {
    if current.is_empty() {
        content.to_owned()
    } else {
        format!("{current}\n{content}")
    }
}

/// The byte range of a selection in `text`: `"start...end"` spans from the first `start` to
/// the next `end` after it; without `...` the selection is the exact text.
fn select(text: &str, selection: &str) -> ApiResult<(usize, usize)> {
    let not_found = || {
        ApiError::validation(format!(
            "Could not find the selection {} in the page content.",
            json!(selection)
        ))
    };
    let (start_text, end_text) = selection.split_once("...").unwrap_or((selection, ""));
    let start = text.find(start_text).ok_or_else(not_found)?;
    let after_start = start + start_text.len();
    let end = if end_text.is_empty() {
        after_start
    } else {
        after_start + text[after_start..].find(end_text).ok_or_else(not_found)? + end_text.len()
    };
    Ok((start, end))
}

/// Rebuilds page `id`'s content from `markdown`; see the module docs.
pub(crate) fn replace_content(
    state: &Shared,
    world: &mut World,
    id: Uuid,
    markdown: &str,
    allow_deleting: bool,
) -> ApiResult<()> {
    let nodes = markdown::parse(markdown);
    let old: Vec<Uuid> = world.children.get(&id).cloned().unwrap_or_default();
    let kept: Vec<Uuid> = nodes
        .iter()
        .filter_map(|node| match node {
            Node::Existing(x) if old.contains(x) => Some(*x),
            _ => None,
        })
        .collect();
    let live = |world: &World, x: Uuid| {
        world.page(x).is_some_and(|p| !p.in_trash) || world.database(x).is_some_and(|d| !d.in_trash)
    };
    let dropped_objects = old.iter().any(|x| !kept.contains(x) && live(world, *x));
    if dropped_objects && !allow_deleting {
        return Err(ApiError::validation(
            "This edit would delete child pages or databases. Set `allow_deleting_content` to true to allow it.",
        ));
    }
    let now = write_time(state);
    let by = state.bot_id;
    // Everything not kept goes to the trash and stays listed after the new content, where a
    // restore would find it.
    let dropped: Vec<Uuid> = old.iter().copied().filter(|x| !kept.contains(x)).collect();
    for &x in &dropped {
        if let Some(block) = world.blocks.get_mut(&x) {
            block.in_trash = true;
            block.audit.edit(now, by);
        } else if let Some(page) = world.pages.get_mut(&x) {
            page.in_trash = true;
            page.audit.edit(now, by);
        } else if let Some(db) = world.databases.get_mut(&x) {
            db.in_trash = true;
            db.audit.edit(now, by);
            for ds in db.data_sources.clone() {
                if let Some(ds) = world.data_sources.get_mut(&ds) {
                    ds.in_trash = true;
                }
            }
        }
    }
    world.children.insert(id, Vec::new());
    for node in nodes {
        match node {
            Node::Existing(x) if kept.contains(&x) => {
                let siblings = world.children.entry(id).or_default();
                if !siblings.contains(&x) {
                    siblings.push(x);
                }
            }
            Node::Existing(_) => {}
            Node::Block(block) => {
                super::blocks::append_children(state, world, id, &json!([block]), None)?;
            }
        }
    }
    world.children.entry(id).or_default().extend(dropped);
    if let Some(page) = world.pages.get_mut(&id) {
        page.audit.edit(now, by);
    }
    world.touch();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_spans_from_its_start_to_its_end_text() {
        let text = "# A\nfirst\nsecond\nthird";
        assert_eq!(select(text, "first...second").unwrap(), (4, 16));
        assert_eq!(select(text, "third").unwrap(), (17, 22));
        assert!(select(text, "fourth").is_err());
    }

    #[test]
    fn insert_after_goes_after_the_whole_line() {
        let body =
            json!({"type": "insert_content", "insert_content": {"content": "new", "after": "fir"}});
        let (edited, _) = apply_edit("first\nsecond", &body).unwrap();
        assert_eq!(edited, "first\nnew\nsecond");
    }

    #[test]
    fn update_content_needs_a_unique_match_unless_replacing_all() {
        let body = json!({"type": "update_content", "update_content": {"content_updates": [{"old_str": "a", "new_str": "b"}]}});
        assert!(apply_edit("a a", &body).is_err());
        let all = json!({"type": "update_content", "update_content": {"content_updates": [{"old_str": "a", "new_str": "b", "replace_all_matches": true}]}});
        assert_eq!(apply_edit("a a", &all).unwrap().0, "b b");
        assert!(apply_edit("c", &body).is_err());
    }

    #[test]
    fn an_unknown_edit_type_is_a_validation_error() {
        let error = apply_edit("", &json!({"type": "rewrite"})).unwrap_err();
        assert_eq!(error.code, "validation_error");
    }
}
