//! Finding a data source id at compile time: a UUID as is, or the `id` of a committed
//! `.notion/<name>.json` snapshot. Never any network.

use std::path::{Path, PathBuf};

use darling::util::SpannedValue;
use darling::{Error, Result};

/// The data source id and, for snapshots, the file it came from.
pub fn resolve(value: &SpannedValue<String>) -> Result<(Option<String>, Option<String>)> {
    let text = value.trim();
    if is_uuid(text) {
        return Ok((Some(text.to_owned()), None));
    }
    let file = format!("{text}.json");
    let Some(path) = snapshot_dirs()
        .into_iter()
        .map(|d| d.join(&file))
        .find(|p| p.is_file())
    else {
        return Err(Error::custom(format!(
            "no snapshot `.notion/{file}` found (looked in NOTION_ORM_SNAPSHOT_DIR, \
             $CARGO_MANIFEST_DIR/.notion and its ancestors); give the data source UUID instead, \
             or leave `data_source` out and bind the model at run time"
        ))
        .with_span(&value.span()));
    };
    let id = read_id(&path).map_err(|message| {
        Error::custom(format!(
            "cannot read the data source id from {}: {message}",
            path.display()
        ))
        .with_span(&value.span())
    })?;
    Ok((Some(id), Some(path.display().to_string())))
}

fn is_uuid(text: &str) -> bool {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn snapshot_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("NOTION_ORM_SNAPSHOT_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    if let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let manifest = PathBuf::from(manifest);
        dirs.extend(manifest.ancestors().map(|a| a.join(".notion")));
    }
    dirs
}

fn read_id(path: &Path) -> std::result::Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    match json.get("id").and_then(serde_json::Value::as_str) {
        Some(id) if is_uuid(id) => Ok(id.to_owned()),
        _ => Err("the snapshot has no `id` UUID at its top level".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashed_and_undashed_uuids_are_ids() {
        assert!(is_uuid("2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"));
        assert!(is_uuid("2a1b3c4d5e6f4a8b9c0d1e2f3a4b5c6d"));
        assert!(!is_uuid("tasks"));
    }
}
