//! Parents: where a page, data source, database or block lives.
//!
//! Reads look like `{"type":"data_source_id","data_source_id":..,"database_id":..}`; requests
//! need only the id key (`{"page_id":..}`, `{"data_source_id":..}`, `{"workspace":true}`), which
//! is what [`Parent`] serializes to.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::de::read_tagged;
use super::ids::{BlockId, DataSourceId, DatabaseId, PageId};

/// The parent of a Notion object.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Parent {
    /// The workspace itself (top-level pages; creating one needs a public integration).
    Workspace,
    /// A page.
    Page(PageId),
    /// A block, e.g. for pages nested in a synced block or column.
    Block(BlockId),
    /// A database (pre-2025-09-03 page parents, and data-source parents).
    Database(DatabaseId),
    /// A data source; reads also name the database that contains it.
    DataSource {
        /// The data source.
        data_source_id: DataSourceId,
        /// Its database, present in responses, never sent in requests.
        database_id: Option<DatabaseId>,
    },
    /// An agent (custom-agent pages); the id is kept as Notion sent it.
    Agent(String),
    /// A parent type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The parent object as received.
        raw: Value,
    },
}

impl Parent {
    /// A data-source parent for requests.
    pub fn data_source(id: DataSourceId) -> Self {
        Self::DataSource {
            data_source_id: id,
            database_id: None,
        }
    }
}

/// The id keys of a parent object; Notion sends `type` plus the matching one(s).
#[derive(Default)]
struct ParentKeys {
    page_id: Option<PageId>,
    block_id: Option<BlockId>,
    database_id: Option<DatabaseId>,
    data_source_id: Option<DataSourceId>,
    agent_id: Option<String>,
    workspace: Option<bool>,
}

impl<'de> Deserialize<'de> for Parent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ParentVisitor)
    }
}

struct ParentVisitor;

impl<'de> Visitor<'de> for ParentVisitor {
    type Value = Parent;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Notion parent object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parent, A::Error> {
        let mut keys = ParentKeys::default();
        // No variant is decoded from a single key (a data-source parent has two ids), so
        // every id is a sibling and unknown keys land in `rest`.
        let tagged = read_tagged(
            &mut map,
            |_, _| Ok(None::<()>),
            |key, map| {
                match key {
                    "page_id" => keys.page_id = map.next_value()?,
                    "block_id" => keys.block_id = map.next_value()?,
                    "database_id" => keys.database_id = map.next_value()?,
                    "data_source_id" => keys.data_source_id = map.next_value()?,
                    "agent_id" => keys.agent_id = map.next_value()?,
                    "workspace" => keys.workspace = map.next_value()?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        // Requests omit `type`; infer it from the id key present.
        let kind = match tagged.kind.as_deref() {
            Some(kind) => kind,
            None if keys.data_source_id.is_some() => "data_source_id",
            None if keys.page_id.is_some() => "page_id",
            None if keys.block_id.is_some() => "block_id",
            None if keys.database_id.is_some() => "database_id",
            None if keys.agent_id.is_some() => "agent_id",
            None if keys.workspace.is_some() => "workspace",
            None => "",
        };
        Ok(match (kind, &keys) {
            ("workspace", _) => Parent::Workspace,
            (
                "page_id",
                ParentKeys {
                    page_id: Some(id), ..
                },
            ) => Parent::Page(*id),
            (
                "block_id",
                ParentKeys {
                    block_id: Some(id), ..
                },
            ) => Parent::Block(*id),
            (
                "database_id",
                ParentKeys {
                    database_id: Some(id),
                    ..
                },
            ) => Parent::Database(*id),
            (
                "data_source_id",
                ParentKeys {
                    data_source_id: Some(id),
                    database_id,
                    ..
                },
            ) => Parent::DataSource {
                data_source_id: *id,
                database_id: *database_id,
            },
            (
                "agent_id",
                ParentKeys {
                    agent_id: Some(id), ..
                },
            ) => Parent::Agent(id.clone()),
            _ => Parent::Unknown {
                type_name: kind.to_owned(),
                raw: keys.into_raw(kind, tagged.rest),
            },
        })
    }
}

impl ParentKeys {
    fn into_raw(self, kind: &str, mut raw: serde_json::Map<String, Value>) -> Value {
        raw.insert("type".into(), Value::String(kind.to_owned()));
        let ids = [
            ("page_id", self.page_id.map(|id| id.to_string())),
            ("block_id", self.block_id.map(|id| id.to_string())),
            ("database_id", self.database_id.map(|id| id.to_string())),
            (
                "data_source_id",
                self.data_source_id.map(|id| id.to_string()),
            ),
            ("agent_id", self.agent_id),
        ];
        for (key, id) in ids {
            if let Some(id) = id {
                raw.insert(key.into(), Value::String(id));
            }
        }
        if let Some(workspace) = self.workspace {
            raw.insert("workspace".into(), Value::Bool(workspace));
        }
        Value::Object(raw)
    }
}

impl Serialize for Parent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Parent::Workspace => map.serialize_entry("workspace", &true)?,
            Parent::Page(id) => map.serialize_entry("page_id", id)?,
            Parent::Block(id) => map.serialize_entry("block_id", id)?,
            Parent::Database(id) => map.serialize_entry("database_id", id)?,
            Parent::DataSource { data_source_id, .. } => {
                map.serialize_entry("data_source_id", data_source_id)?
            }
            Parent::Agent(id) => map.serialize_entry("agent_id", id)?,
            Parent::Unknown { raw, .. } => {
                if let Value::Object(fields) = raw {
                    for (key, value) in fields {
                        map.serialize_entry(key, value)?;
                    }
                }
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DS: &str = "393abc1e-edcd-8179-9372-000bd163e729";
    const DB: &str = "3e631832-5efa-4702-8171-8b8a0e6651ba";

    #[test]
    fn data_source_parents_keep_their_database() {
        let parent: Parent = serde_json::from_value(
            json!({"type": "data_source_id", "data_source_id": DS, "database_id": DB}),
        )
        .unwrap();
        assert_eq!(
            parent,
            Parent::DataSource {
                data_source_id: DataSourceId::parse(DS).unwrap(),
                database_id: Some(DatabaseId::parse(DB).unwrap()),
            }
        );
    }

    #[test]
    fn parents_serialize_to_the_request_shape() {
        let parent = Parent::data_source(DataSourceId::parse(DS).unwrap());
        assert_eq!(
            serde_json::to_value(&parent).unwrap(),
            json!({"data_source_id": DS})
        );
        assert_eq!(
            serde_json::to_value(Parent::Workspace).unwrap(),
            json!({"workspace": true})
        );
    }

    #[test]
    fn request_shapes_without_type_decode() {
        let parent: Parent = serde_json::from_value(json!({"page_id": DS})).unwrap();
        assert_eq!(parent, Parent::Page(PageId::parse(DS).unwrap()));
    }

    #[test]
    fn unknown_parent_types_keep_the_raw_object() {
        let parent: Parent =
            serde_json::from_value(json!({"type": "team_id", "team_id": "t1"})).unwrap();
        let Parent::Unknown { type_name, raw } = parent else {
            panic!("expected an unknown parent");
        };
        assert_eq!(type_name, "team_id");
        assert_eq!(raw["team_id"], "t1");
    }
}
