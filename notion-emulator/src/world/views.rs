//! Views of databases as stored, and the live view queries.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// Every view and live view query.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Views {
    pub(crate) views: HashMap<Uuid, View>,
    /// Creation order, for listing.
    pub(crate) order: Vec<Uuid>,
    /// Live queries are short-lived and not persisted.
    #[serde(skip)]
    pub(crate) queries: HashMap<Uuid, ViewQuery>,
    /// Databases whose default views exist already.
    pub(crate) defaulted: HashSet<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct View {
    pub(crate) id: Uuid,
    pub(crate) database_id: Uuid,
    pub(crate) data_source_id: Uuid,
    pub(crate) name: String,
    pub(crate) kind: String,
    pub(crate) filter: Value,
    pub(crate) sorts: Value,
    pub(crate) quick_filters: Value,
    pub(crate) configuration: Value,
    pub(crate) created_time: Timestamp,
    pub(crate) last_edited_time: Timestamp,
    pub(crate) created_by: Uuid,
    pub(crate) last_edited_by: Uuid,
}

#[derive(Debug, Clone)]
pub(crate) struct ViewQuery {
    pub(crate) id: Uuid,
    pub(crate) view_id: Uuid,
    pub(crate) expires_at: Timestamp,
    pub(crate) rows: Vec<Uuid>,
}
