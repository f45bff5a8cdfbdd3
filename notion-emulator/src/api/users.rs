//! Users: `GET /v1/users`, `GET /v1/users/me`, `GET /v1/users/{id}`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use crate::http::context::{Ctx, parse_id};
use crate::http::list::{ListParams, list_envelope};
use crate::notion::error::ApiResult;
use crate::notion::render::render_user;
use crate::world::state::{AppState, Capability};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/users", get(list))
        .route("/v1/users/me", get(me))
        .route("/v1/users/{user_id}", get(retrieve))
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let page_size = params.page_size()?;
    let world = state.world();
    let ids: Vec<_> = world.users.iter().map(|u| u.id).collect();
    let (slice, next) = params.window(&ids, page_size)?;
    let results = slice
        .iter()
        .filter_map(|id| world.user(*id))
        .map(|u| with_plan_limit(render_user(&world, u), &state))
        .collect();
    Ok(ctx.ok(list_envelope(results, next, "user", json!({}))))
}

async fn me(ctx: Ctx, State(state): State<AppState>) -> ApiResult<Response> {
    let world = state.world();
    let bot = world
        .user(state.bot_id)
        .ok_or_else(|| state.not_found("user", state.bot_id))?;
    Ok(ctx.ok(with_plan_limit(render_user(&world, bot), &state)))
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("user_id", &raw_id)?;
    let world = state.world();
    let user = world.user(id).ok_or_else(|| state.not_found("user", id))?;
    Ok(ctx.ok(with_plan_limit(render_user(&world, user), &state)))
}

/// Reports the configured plan's upload limit in the bot's `workspace_limits`.
fn with_plan_limit(mut user: Value, state: &AppState) -> Value {
    if let Some(limits) = user.pointer_mut("/bot/workspace_limits") {
        limits["max_file_upload_size_in_bytes"] = json!(state.config.plan.max_file_upload_bytes());
    }
    user
}
