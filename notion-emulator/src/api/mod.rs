//! One module per Notion resource; each exposes `routes()`.

use axum::Router;

use crate::state::AppState;

pub(crate) mod list;
pub(crate) mod users;

/// Every core resource's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().merge(users::routes())
}
