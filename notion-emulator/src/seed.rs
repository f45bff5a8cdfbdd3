//! Seeding the world with objects that exist "already": data-source snapshots (the
//! `.notion/*.json` files `notion-orm pull` writes) and plain pages that fixtures refer to.
//!
//! Seeded objects keep their ids, so code generated against a snapshot works against the
//! emulator unchanged.

use std::path::{Path, PathBuf};

use serde_json::Value;
use uuid::Uuid;

use crate::Emulator;
use crate::notion::ids::parse_uuid;
use crate::world::state::Shared;
use crate::world::{Audit, DataSource, Database, Page, Parent, PropertySchema, World};

/// Why a snapshot could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SeedError {
    /// The file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{path} is not JSON: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
    /// The JSON is not a data-source object.
    #[error("{origin} is not a data-source snapshot: {reason}")]
    Invalid {
        /// The file, or `<value>` for an in-memory snapshot.
        origin: String,
        /// What is wrong.
        reason: String,
    },
}

impl Emulator {
    /// Adds a standalone page with this id and title at the top of the workspace, as if it had
    /// been shared with the integration (e.g. the parent page that recorded requests name).
    pub fn seed_page(&self, id: Uuid, title: &str) {
        let state = &self.state;
        let now = state.clock.now();
        let mut world = state.world();
        let seq = world.next_seq();
        let page = Page {
            id,
            parent: Parent::Workspace,
            audit: Audit::new(now, state.bot_id),
            icon: Value::Null,
            cover: Value::Null,
            in_trash: false,
            is_archived: false,
            is_locked: false,
            properties: [(
                "title".to_owned(),
                Value::Array(vec![crate::notion::richtext::text_item(title)]),
            )]
            .into(),
            seq,
        };
        world.pages.insert(id, page);
        world.touch();
    }

    /// Loads a data-source snapshot (the object `GET /v1/data_sources/{id}` returns) with its
    /// id, its database's id and its property ids, creating the database if needed. A data
    /// source already present is replaced, rows kept.
    pub fn seed_data_source(&self, snapshot: &Value) -> Result<Uuid, SeedError> {
        seed_data_source(&self.state, snapshot, "<value>")
    }

    /// Loads every `*.json` data-source snapshot in `dir` (e.g. `.notion/`), in file-name
    /// order; returns the ids loaded.
    pub fn seed_dir(&self, dir: &Path) -> Result<Vec<Uuid>, SeedError> {
        let io = |source| SeedError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).map_err(|source| SeedError::Io {
                    path: path.clone(),
                    source,
                })?;
                let snapshot: Value =
                    serde_json::from_str(&text).map_err(|source| SeedError::Json {
                        path: path.clone(),
                        source,
                    })?;
                seed_data_source(&self.state, &snapshot, &path.display().to_string())
            })
            .collect()
    }
}

fn seed_data_source(state: &Shared, snapshot: &Value, origin: &str) -> Result<Uuid, SeedError> {
    let invalid = |reason: &str| SeedError::Invalid {
        origin: origin.to_owned(),
        reason: reason.to_owned(),
    };
    if snapshot.get("object").and_then(Value::as_str) != Some("data_source") {
        return Err(invalid("`object` is not \"data_source\""));
    }
    let id = uuid_at(snapshot, "/id").ok_or_else(|| invalid("`id` is not a uuid"))?;
    let database_id = uuid_at(snapshot, "/parent/database_id").unwrap_or_else(Uuid::new_v4);
    let properties = properties(snapshot).map_err(|reason| invalid(&reason))?;
    let now = state.clock.now();
    let audit = Audit::new(now, state.bot_id);
    let title = snapshot
        .get("title")
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    let mut world = state.world();
    ensure_database(&mut world, database_id, snapshot, audit);
    let previous = world.data_sources.remove(&id);
    let data_source = DataSource {
        id,
        database_id,
        title,
        description: snapshot
            .get("description")
            .cloned()
            .unwrap_or(Value::Array(Vec::new())),
        icon: snapshot.get("icon").cloned().unwrap_or(Value::Null),
        audit,
        in_trash: false,
        properties,
        rows: previous
            .as_ref()
            .map(|ds| ds.rows.clone())
            .unwrap_or_default(),
        last_unique_id: previous.as_ref().map_or(0, |ds| ds.last_unique_id),
        templates: previous.map(|ds| ds.templates).unwrap_or_default(),
    };
    world.data_sources.insert(id, data_source);
    world.touch();
    Ok(id)
}

fn ensure_database(world: &mut World, id: Uuid, snapshot: &Value, audit: Audit) {
    let data_source_id = uuid_at(snapshot, "/id");
    if let Some(database) = world.databases.get_mut(&id) {
        if let Some(ds) = data_source_id
            && !database.data_sources.contains(&ds)
        {
            database.data_sources.push(ds);
        }
        return;
    }
    world.databases.insert(
        id,
        Database {
            id,
            parent: Parent::Workspace,
            title: snapshot
                .get("title")
                .cloned()
                .unwrap_or(Value::Array(Vec::new())),
            description: Value::Array(Vec::new()),
            is_inline: snapshot
                .get("is_inline")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            in_trash: false,
            is_locked: false,
            icon: snapshot.get("icon").cloned().unwrap_or(Value::Null),
            cover: snapshot.get("cover").cloned().unwrap_or(Value::Null),
            audit,
            data_sources: data_source_id.into_iter().collect(),
        },
    );
}

/// The schema from response-shaped property configs (in name order: JSON maps are unordered).
fn properties(snapshot: &Value) -> Result<Vec<PropertySchema>, String> {
    let map = snapshot
        .get("properties")
        .and_then(Value::as_object)
        .ok_or("`properties` is not an object")?;
    map.iter()
        .map(|(name, config)| {
            let kind = config
                .get("type")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("property `{name}` has no `type`"))?;
            let id = config
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("property `{name}` has no `id`"))?;
            Ok(PropertySchema {
                id: id.to_owned(),
                name: name.clone(),
                description: config.get("description").cloned().unwrap_or(Value::Null),
                kind: kind.to_owned(),
                config: config
                    .get(kind)
                    .cloned()
                    .unwrap_or(Value::Object(Default::default())),
            })
        })
        .collect()
}

fn uuid_at(value: &Value, pointer: &str) -> Option<Uuid> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .and_then(parse_uuid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn snapshot() -> Value {
        json!({
            "object": "data_source",
            "id": "393abc1e-edcd-812b-85b5-000b8f6eb5fd",
            "title": [{"type": "text", "text": {"content": "Tasks", "link": null}, "plain_text": "Tasks"}],
            "parent": {"type": "database_id", "database_id": "37c1deb5-e22b-49c5-9cfd-5ae282e69c4a"},
            "properties": {
                "Name": {"id": "title", "name": "Name", "description": null, "type": "title", "title": {}},
                "Priority": {"id": "%3CnJT", "name": "Priority", "description": null, "type": "select",
                    "select": {"options": [{"id": "a", "name": "High", "color": "red", "description": null}]}},
            },
        })
    }

    #[tokio::test]
    async fn a_snapshot_keeps_its_ids() {
        let emulator = Emulator::start().await.unwrap();
        let id = emulator.seed_data_source(&snapshot()).unwrap();
        assert_eq!(id.to_string(), "393abc1e-edcd-812b-85b5-000b8f6eb5fd");
        let world = emulator.state.world();
        let ds = world.data_source(id).unwrap();
        assert_eq!(
            ds.database_id.to_string(),
            "37c1deb5-e22b-49c5-9cfd-5ae282e69c4a"
        );
        assert_eq!(ds.property("Priority").unwrap().id, "%3CnJT");
        assert_eq!(
            ds.property("Priority").unwrap().config["options"][0]["name"],
            "High"
        );
        assert_eq!(world.database(ds.database_id).unwrap().data_sources, [id]);
    }

    #[tokio::test]
    async fn a_snapshot_without_properties_is_rejected() {
        let emulator = Emulator::start().await.unwrap();
        let mut bad = snapshot();
        bad.as_object_mut().unwrap().remove("properties");
        let error = emulator.seed_data_source(&bad).unwrap_err();
        assert!(error.to_string().contains("properties"), "{error}");
    }

    #[tokio::test]
    async fn a_directory_of_snapshots_is_loaded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tasks.json"), snapshot().to_string()).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a snapshot").unwrap();
        let emulator = Emulator::start().await.unwrap();
        let loaded = emulator.seed_dir(dir.path()).unwrap();
        assert_eq!(loaded.len(), 1);
    }
}
