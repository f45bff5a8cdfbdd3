//! The axum router: middleware (auth, version, request ids) and every resource's routes.

use axum::Router;

use crate::state::AppState;

/// Builds the full application.
pub(crate) fn build(state: AppState) -> Router {
    Router::new().with_state(state)
}
