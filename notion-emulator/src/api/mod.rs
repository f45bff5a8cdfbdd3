//! The handlers: one module per Notion resource, each exposing `routes()`, and the router that
//! assembles them over [`crate::http`]'s middleware. Handlers parse the request, apply
//! [`crate::notion`]'s rules to the [`crate::world`], and render the answer.

use axum::Router;

use crate::world::state::AppState;

pub(crate) mod async_tasks;
pub(crate) mod comments;
pub(crate) mod custom_emojis;
pub(crate) mod file_uploads;
pub(crate) mod oauth;
pub(crate) mod router;
pub(crate) mod views;

pub(crate) mod blocks;
pub(crate) mod data_sources;
pub(crate) mod databases;
pub(crate) mod markdown;
pub(crate) mod pages;
pub(crate) mod search;
pub(crate) mod users;

/// Every core resource's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(users::routes())
        .merge(pages::routes())
        .merge(markdown::routes())
        .merge(blocks::routes())
        .merge(databases::routes())
        .merge(data_sources::routes())
        .merge(search::routes())
        .merge(file_uploads::routes())
        .merge(comments::routes())
        .merge(views::routes())
        .merge(async_tasks::routes())
        .merge(custom_emojis::routes())
}
