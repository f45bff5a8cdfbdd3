//! The last data-source query's result, kept while the world is unchanged.

use std::collections::HashMap;
use std::sync::Arc;

use uuid::Uuid;

/// A query's matching rows in order, with each row's position so that a cursor (the id of
/// the next row, like Notion's) is found without scanning.
#[derive(Debug)]
pub(crate) struct QueryResult {
    pub rows: Vec<Uuid>,
    positions: HashMap<Uuid, usize>,
}

impl QueryResult {
    /// Indexes `rows`.
    pub fn new(rows: Vec<Uuid>) -> Self {
        let positions = rows.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        Self { rows, positions }
    }

    /// Where the row `id` is in the result.
    pub fn position(&self, id: Uuid) -> Option<usize> {
        self.positions.get(&id).copied()
    }
}

/// The result of the last query, reused while the world is unchanged so that paging through a
/// large result costs one filter+sort, not one per page.
#[derive(Debug, Default)]
pub(crate) struct QueryCache {
    entry: Option<CachedQuery>,
}

#[derive(Debug)]
struct CachedQuery {
    key: String,
    generation: u64,
    result: Arc<QueryResult>,
}

impl QueryCache {
    /// The cached result for `key` if computed at `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<Arc<QueryResult>> {
        self.entry
            .as_ref()
            .filter(|e| e.key == key && e.generation == generation)
            .map(|e| e.result.clone())
    }

    /// Remembers `result` for `key` at `generation`.
    pub fn put(&mut self, key: String, generation: u64, result: Arc<QueryResult>) {
        self.entry = Some(CachedQuery {
            key,
            generation,
            result,
        });
    }
}
