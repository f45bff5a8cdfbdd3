//! Custom emojis: `GET /v1/custom_emojis` (paginated, optional exact `name` filter).
//!
//! Workspace members upload custom emojis in Notion's UI; the API only lists them. Tests add
//! them with [`crate::Emulator::seed_custom_emoji`].

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::context::Ctx;
use crate::http::context::query_value;
use crate::http::list::{ListParams, window};
use crate::notion::error::ApiResult;
use crate::world::custom_emojis::CustomEmoji;
use crate::world::state::{AppState, Capability};

/// The routes of this module.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/custom_emojis", get(list))
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let raw = query.as_deref();
    let params = ListParams {
        start_cursor: query_value(raw, "start_cursor"),
        page_size: query_value(raw, "page_size"),
    };
    let page_size = params.page_size()?;
    let name = query_value(raw, "name");
    let world = state.world();
    let matching: Vec<&CustomEmoji> = world
        .custom_emojis
        .emojis
        .iter()
        .filter(|e| name.as_ref().is_none_or(|n| *n == e.name))
        .collect();
    let ids: Vec<Uuid> = matching.iter().map(|e| e.id).collect();
    let (page, next_cursor) = window(&ids, params.start_cursor.as_deref(), page_size, "query")?;
    let results: Vec<Value> = matching[..]
        .iter()
        .filter(|e| page.contains(&e.id))
        .map(|e| json!({ "id": e.id, "name": e.name, "url": e.url }))
        .collect();
    // Unlike other lists, Notion's has no `"custom_emoji": {}` beside its `type`.
    Ok(ctx.ok(json!({
        "object": "list",
        "type": "custom_emoji",
        "results": results,
        "has_more": next_cursor.is_some(),
        "next_cursor": next_cursor,
    })))
}
