//! The query engine: filters, sorts, cursors and the result cap of `POST /v1/data_sources/{id}/query`.

use std::sync::Arc;

use uuid::Uuid;

/// The sorted, filtered row ids of the last query, reused while the world is unchanged so that
/// paging through a large result costs one filter+sort, not one per page.
#[derive(Debug, Default)]
pub(crate) struct QueryCache {
    entry: Option<CachedQuery>,
}

#[derive(Debug)]
struct CachedQuery {
    key: String,
    generation: u64,
    rows: Arc<Vec<Uuid>>,
}

impl QueryCache {
    /// The cached rows for `key` if computed at `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<Arc<Vec<Uuid>>> {
        self.entry
            .as_ref()
            .filter(|e| e.key == key && e.generation == generation)
            .map(|e| e.rows.clone())
    }

    /// Remembers `rows` for `key` at `generation`.
    pub fn put(&mut self, key: String, generation: u64, rows: Arc<Vec<Uuid>>) {
        self.entry = Some(CachedQuery {
            key,
            generation,
            rows,
        });
    }
}
