//! The run-time check of a model's mapping against its data source's live schema.
//!
//! A model whose `#[notion(data_source = "<name>")]` names a committed snapshot is checked by
//! the derive at compile time ([`NotionModel::SNAPSHOT_CHECKED`]). Any other model is checked
//! here, on the first page read for it through a client, once per client, model and data
//! source: a misspelled property or a wrong kind is then one [`Error::SchemaMismatch`]
//! listing every difference, instead of a conversion error on whichever field came first.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::NotionModel;
use crate::types::{DataSource, DataSourceId};
use crate::{Client, Error, Result};

/// A model type and a data source it was used with.
type Key = (TypeId, DataSourceId);

/// The differences each check a client has made found (empty: it matched), per model and data
/// source.
#[derive(Debug, Default)]
pub(crate) struct Checked(Mutex<HashMap<Key, Arc<[String]>>>);

impl Checked {
    fn get(&self, key: &Key) -> Option<Arc<[String]>> {
        // A poisoned lock only means another thread panicked mid-insert; the map is usable.
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    fn insert(&self, key: Key, differences: Arc<[String]>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, differences);
    }
}

/// Checks model `M` against the data source `page` belongs to, unless the derive already did
/// or this client already has. Pages without a data source parent are not checked.
///
/// # Errors
///
/// [`Error::SchemaMismatch`] when the mapping differs.
pub(crate) async fn ensure<M: NotionModel>(client: &Client, page: &Value) -> Result<()> {
    if M::SNAPSHOT_CHECKED {
        return Ok(());
    }
    let Some(data_source) = page
        .pointer("/parent/data_source_id")
        .and_then(Value::as_str)
        .and_then(|id| DataSourceId::parse(id).ok())
    else {
        return Ok(());
    };
    let key = (TypeId::of::<M>(), data_source);
    let differences = match client.schema_checks().get(&key) {
        Some(known) => known,
        None => {
            // The check helps; it must not break reads that work. A client that may read pages
            // but not the schema (or a failed retrieval) leaves the model unchecked, once.
            let found: Arc<[String]> = match client.data_sources().retrieve(data_source).await {
                Ok(schema) => differences::<M>(&schema).into(),
                Err(error) => {
                    tracing::warn!(
                        model = M::MODEL_NAME,
                        %data_source,
                        %error,
                        "cannot retrieve the data source schema; the model is not checked"
                    );
                    Arc::new([])
                }
            };
            client.schema_checks().insert(key, found.clone());
            found
        }
    };
    if differences.is_empty() {
        return Ok(());
    }
    Err(Error::SchemaMismatch {
        model: M::MODEL_NAME,
        data_source: data_source.to_string(),
        differences: differences.to_vec(),
    })
}

/// Every way model `M`'s mapping differs from `schema`: properties it maps that do not exist
/// (by id when bound by id, else by name) and kinds that differ. Empty when it matches.
pub fn differences<M: NotionModel>(schema: &DataSource) -> Vec<String> {
    let mut out = Vec::new();
    for def in M::PROPERTIES {
        let found = match def.id {
            Some(id) => schema.properties.values().find(|p| p.id.as_str() == id),
            None => schema.properties.get(def.name),
        };
        let Some(found) = found else {
            let how = match def.id {
                Some(id) => format!("with id {id:?}"),
                None => format!("named {:?}", def.name),
            };
            out.push(format!("field `{}`: no property {how}", def.field));
            continue;
        };
        let kind = found.config.type_name();
        if kind != def.kind {
            out.push(format!(
                "field `{}`: property {:?} is a `{kind}`, but the field maps a `{}`",
                def.field, found.name, def.kind
            ));
        }
    }
    out
}
