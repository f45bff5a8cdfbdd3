//! The axum router: the request-context middleware (request id, auth, `Notion-Version`) around
//! every resource's routes, and Notion's `invalid_request_url` for anything unknown.
//!
//! # How to extend
//!
//! Each resource module exposes `pub(crate) fn routes() -> Router<AppState>`; add one
//! `.merge(module::routes())` line below. Handlers take `ctx: Ctx` (request id, version,
//! capabilities), `State<AppState>`, path ids as `Path<String>` parsed with
//! [`crate::context::parse_id`], and the body as [`crate::context::JsonBody`]; they return
//! `ApiResult<Response>` built with `ctx.ok(json)`.

use axum::Router;
use axum::middleware;

use crate::context::request_context;
use crate::error::ApiError;
use crate::state::AppState;

/// Builds the full application.
pub(crate) fn build(state: AppState) -> Router {
    Router::new()
        .merge(crate::api::routes())
        .merge(crate::file_uploads::routes())
        .merge(crate::comments::routes())
        .merge(crate::views::routes())
        .merge(crate::async_tasks::routes())
        .merge(crate::custom_emojis::routes())
        .fallback(unknown_url)
        .method_not_allowed_fallback(unknown_url)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_context,
        ))
        // Outside the bearer-token check: these authenticate the client with HTTP Basic.
        .merge(crate::oauth::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::faults::layer,
        ))
        .with_state(state)
}

async fn unknown_url() -> ApiError {
    ApiError::invalid_request_url()
}
