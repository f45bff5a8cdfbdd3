//! With a data file (`Emulator::persist_to`, `--data`), every write is saved before its answer.

use std::sync::{Arc, OnceLock};

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::http::faults::error_response;
use crate::notion::error::ApiError;
use crate::persistence::DurableFile;
use crate::world::state::AppState;

/// Where the world is kept, once [`crate::Emulator::persist_to`] set it.
pub(crate) type DataFile = Arc<OnceLock<DurableFile>>;

/// Queries and search are `POST`s that change nothing: they need no save (which would cost a
/// flush to disk per query).
fn reads_by_post(path: &str) -> bool {
    path.ends_with("/query") || path == "/v1/search"
}

/// Runs the handler, then, for a successful write, waits until the data file holds it. A write
/// that cannot be saved answers 500: the client must not believe it durable.
pub(crate) async fn commit_writes(
    State((state, data_file)): State<(AppState, DataFile)>,
    request: Request,
    next: Next,
) -> Response {
    let writes = request.method() != Method::GET
        && request.method() != Method::HEAD
        && !reads_by_post(request.uri().path());
    let response = next.run(request).await;
    let Some(file) = data_file
        .get()
        .filter(|_| writes && response.status().is_success())
    else {
        return response;
    };
    match file.commit(&state).await {
        Ok(()) => response,
        Err(e) => {
            tracing::error!("a write could not be saved: {e}");
            error_response(ApiError::internal(
                "The change was applied but could not be saved to the data file.",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reads_by_post;

    #[test]
    fn queries_and_search_are_not_saved() {
        assert!(reads_by_post("/v1/data_sources/abc/query"));
        assert!(reads_by_post("/v1/search"));
        assert!(!reads_by_post("/v1/pages"));
        assert!(!reads_by_post("/v1/data_sources/abc"));
    }
}
