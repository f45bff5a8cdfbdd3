//! The axum router: the request-context middleware (request id, auth, `Notion-Version`) around
//! every resource's routes, and Notion's `invalid_request_url` for anything unknown.
//!
//! # How to extend
//!
//! Each resource module exposes `pub(crate) fn routes() -> Router<AppState>`; add one
//! `.merge(module::routes())` line below. Handlers take `ctx: Ctx` (request id, version,
//! capabilities), `State<AppState>`, path ids as `Path<String>` parsed with
//! [`crate::http::context::parse_id`], and the body as [`crate::http::context::JsonBody`]; they return
//! `ApiResult<Response>` built with `ctx.ok(json)`.

use axum::Router;
use axum::middleware;

use crate::http::context::request_context;
use crate::http::durable::{DataFile, commit_writes};
use crate::notion::error::ApiError;
use crate::world::state::AppState;

/// Builds the full application.
pub(crate) fn build(state: AppState, data_file: DataFile) -> Router {
    Router::new()
        .merge(crate::api::routes())
        .fallback(unknown_url)
        .method_not_allowed_fallback(unknown_url)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_context,
        ))
        // Outside the bearer-token check: these authenticate the client with HTTP Basic.
        .merge(crate::api::oauth::routes())
        // Inside the faults: a connection dropped "after the write" drops it after the save.
        .layer(middleware::from_fn_with_state(
            (state.clone(), data_file),
            commit_writes,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::http::faults::layer,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::http::host::loopback_hosts_only,
        ))
        .with_state(state)
}

async fn unknown_url() -> ApiError {
    ApiError::invalid_request_url()
}
