//! The process-wide binding of models to data sources, for ids known only at run time.

use std::any::TypeId;
use std::collections::BTreeMap;
use std::sync::RwLock;

use super::NotionModel;
use crate::types::DataSourceId;
use crate::{Error, Result};

static BOUND: RwLock<BTreeMap<TypeId, DataSourceId>> = RwLock::new(BTreeMap::new());

/// Binds model `M` to a data source for the rest of the process, overriding the id given at
/// compile time.
pub fn bind<M: NotionModel>(id: DataSourceId) {
    // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
    let mut map = BOUND.write().unwrap_or_else(|e| e.into_inner());
    map.insert(TypeId::of::<M>(), id);
}

/// The data source of model `M`: bound with [`bind`], else the compile-time one.
///
/// # Errors
///
/// [`Error::Config`] when neither exists or the compile-time id is not a UUID.
pub fn data_source_of<M: NotionModel>() -> Result<DataSourceId> {
    let bound = BOUND
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&TypeId::of::<M>())
        .copied();
    if let Some(id) = bound {
        return Ok(id);
    }
    match M::DATA_SOURCE {
        Some(id) => DataSourceId::parse(id).map_err(|e| Error::Config(e.to_string())),
        None => Err(Error::Config(format!(
            "model {} has no data source: give one with #[notion(data_source = \"<id>\")], \
             notion_orm::model::bind::<{}>(id), or per call",
            M::MODEL_NAME,
            M::MODEL_NAME
        ))),
    }
}
