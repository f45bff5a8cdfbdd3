//! Finding a data source at compile time: an id (dashed or undashed UUID, or a Notion URL
//! ending in one) as is, or the name of a committed `.notion/<name>.json` snapshot, which the
//! derive then checks the model against. Never any network.
//!
//! A snapshot is the data-source object as `GET /v1/data_sources/{id}` returns it. Only `id`
//! and `properties` (name → `{id, name, type, <type>: {options?}}`) are read; every other key
//! is ignored, so snapshots written by newer tools still load.

use std::path::{Path, PathBuf};

use darling::util::SpannedValue;
use darling::{Error, Result};
use serde_json::Value;

/// What `data_source = "..."` names.
pub struct DataSource {
    /// The data source id, dashed and lower case.
    pub id: String,
    /// The snapshot, when the value was a snapshot name.
    pub snapshot: Option<Snapshot>,
}

/// A data source schema read from `.notion/<name>.json`.
pub struct Snapshot {
    /// The name it was looked up by (`tasks` for `.notion/tasks.json`).
    pub name: String,
    /// The file, so the expansion can `include_str!` it and cargo rebuilds when it changes.
    pub path: PathBuf,
    /// The properties, in file order.
    pub properties: Vec<SnapshotProperty>,
}

/// One property of a snapshot.
pub struct SnapshotProperty {
    pub id: String,
    pub name: String,
    /// The kind, as Notion spells it (`select`, `rich_text`, ...).
    pub kind: String,
    /// The option names of a `select`, `status` or `multi_select`.
    pub options: Vec<String>,
}

impl Snapshot {
    /// The property named exactly `name`.
    pub fn by_name(&self, name: &str) -> Option<&SnapshotProperty> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// The property with id `id`. Ids are compared as written and percent-decoded, since
    /// Notion hands them out URL-encoded (`%3CnJT` is `<nJT`).
    pub fn by_id(&self, id: &str) -> Option<&SnapshotProperty> {
        self.properties
            .iter()
            .find(|p| p.id == id || percent_decode(&p.id) == percent_decode(id))
    }

    /// The title property (every data source has exactly one).
    pub fn title(&self) -> Option<&SnapshotProperty> {
        self.properties.iter().find(|p| p.kind == "title")
    }
}

/// Resolves `data_source = "..."`: an id or URL as is, else a snapshot name.
pub fn resolve(value: &SpannedValue<String>) -> Result<DataSource> {
    let text = value.trim();
    if text.contains("://") {
        return match id_in_url(text) {
            Some(id) => Ok(DataSource { id, snapshot: None }),
            None => Err(Error::custom(format!(
                "no data source id in {text:?}: a Notion URL ends in the 32 hex digits of an id"
            ))
            .with_span(&value.span())),
        };
    }
    if let Some(id) = normalize_uuid(text) {
        return Ok(DataSource { id, snapshot: None });
    }
    let snapshot = load(text).map_err(|e| e.with_span(&value.span()))?;
    Ok(snapshot)
}

/// Finds and reads snapshot `name`.
fn load(name: &str) -> Result<DataSource> {
    let file = format!("{name}.json");
    let dirs = snapshot_dirs();
    let Some(path) = dirs.iter().map(|d| d.join(&file)).find(|p| p.is_file()) else {
        return Err(Error::custom(format!(
            "no snapshot `.notion/{file}` found (looked in NOTION_ORM_SNAPSHOT_DIR, \
             $CARGO_MANIFEST_DIR/.notion and its ancestors); write it with \
             `notion-orm pull <data-source-id> --name {name}`, give the data source id instead, \
             or leave `data_source` out and bind the model at run time"
        )));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::custom(format!("cannot read {}: {e}", path.display())))?;
    parse(name, &path, &text)
        .map_err(|message| Error::custom(format!("snapshot {}: {message}", path.display())))
}

/// Parses a snapshot's text.
fn parse(name: &str, path: &Path, text: &str) -> std::result::Result<DataSource, String> {
    let json: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let id = json
        .get("id")
        .and_then(Value::as_str)
        .and_then(normalize_uuid)
        .ok_or("no `id` UUID at its top level")?;
    let properties = json
        .get("properties")
        .and_then(Value::as_object)
        .ok_or("no `properties` object at its top level")?;
    let properties = properties
        .iter()
        .map(|(key, property)| {
            let field = |k: &str| property.get(k).and_then(Value::as_str);
            let kind = field("type").ok_or(format!("property {key:?} has no `type`"))?;
            let options = property
                .get(kind)
                .and_then(|config| config.get("options"))
                .and_then(Value::as_array)
                .map(|options| {
                    options
                        .iter()
                        .filter_map(|o| o.get("name").and_then(Value::as_str))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            Ok(SnapshotProperty {
                id: field("id").unwrap_or_default().to_owned(),
                name: field("name").unwrap_or(key).to_owned(),
                kind: kind.to_owned(),
                options,
            })
        })
        .collect::<std::result::Result<_, String>>()?;
    Ok(DataSource {
        id,
        snapshot: Some(Snapshot {
            name: name.to_owned(),
            path: path.to_owned(),
            properties,
        }),
    })
}

/// Where snapshots are looked for, in order: `NOTION_ORM_SNAPSHOT_DIR`, then
/// `$CARGO_MANIFEST_DIR/.notion`, then `.notion` in each ancestor of the manifest directory.
fn snapshot_dirs() -> Vec<PathBuf> {
    dirs_from(
        std::env::var_os("NOTION_ORM_SNAPSHOT_DIR").map(PathBuf::from),
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
    )
}

fn dirs_from(explicit: Option<PathBuf>, manifest: Option<PathBuf>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = explicit.into_iter().collect();
    if let Some(manifest) = manifest {
        dirs.extend(manifest.ancestors().map(|a| a.join(".notion")));
    }
    dirs
}

/// A dashed or undashed UUID, as a dashed lower-case one.
fn normalize_uuid(text: &str) -> Option<String> {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    let dashes_fit = text.len() == 32
        || (text.len() == 36 && [8, 13, 18, 23].iter().all(|&i| text.as_bytes()[i] == b'-'));
    if hex.len() != 32 || !dashes_fit || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

/// The id at the end of a Notion URL's path: `https://www.notion.so/acme/Tasks-<32 hex>?v=...`.
fn id_in_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    if let Some(id) = normalize_uuid(last) {
        return Some(id);
    }
    let tail = last.get(last.len().checked_sub(32)?..)?;
    normalize_uuid(tail)
}

/// `%3CnJT` → `<nJT`; text that is not valid percent-encoding is kept as is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashed_and_undashed_uuids_are_ids() {
        let dashed = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
        assert_eq!(normalize_uuid(dashed).as_deref(), Some(dashed));
        assert_eq!(
            normalize_uuid("2A1B3C4D5E6F4A8B9C0D1E2F3A4B5C6D").as_deref(),
            Some(dashed)
        );
        assert_eq!(normalize_uuid("tasks"), None);
        assert_eq!(normalize_uuid("2a1b3c4d5e6f4a8b-9c0d1e2f3a4b5c6d"), None);
    }

    #[test]
    fn notion_urls_give_the_id_at_the_end_of_their_path() {
        let id = Some("2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d".to_owned());
        assert_eq!(
            id_in_url("https://www.notion.so/acme/Tasks-2a1b3c4d5e6f4a8b9c0d1e2f3a4b5c6d?v=1"),
            id
        );
        assert_eq!(
            id_in_url("https://www.notion.so/2a1b3c4d5e6f4a8b9c0d1e2f3a4b5c6d"),
            id
        );
        assert_eq!(
            id_in_url("https://acme.notion.site/2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d#x"),
            id
        );
        assert_eq!(id_in_url("https://www.notion.so/acme/Tasks"), None);
    }

    #[test]
    fn lookup_order_is_env_then_manifest_then_ancestors() {
        let dirs = dirs_from(Some("/snap".into()), Some("/ws/app".into()));
        let expected: Vec<PathBuf> = ["/snap", "/ws/app/.notion", "/ws/.notion", "/.notion"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(dirs, expected);
    }

    #[test]
    fn snapshots_keep_kinds_and_options_and_ignore_other_keys() {
        let text = r#"{
            "object": "data_source", "id": "2a1b3c4d5e6f4a8b9c0d1e2f3a4b5c6d", "extra": [1],
            "properties": {
                "Name": {"id": "title", "name": "Name", "type": "title", "title": {}},
                "Stage": {"id": "s%3Ax", "name": "Stage", "type": "status", "status": {
                    "options": [{"id": "1", "name": "Done", "color": "green"}], "groups": []}}
            }
        }"#;
        let found = parse("tasks", Path::new("tasks.json"), text).unwrap();
        assert_eq!(found.id, "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d");
        let snapshot = found.snapshot.unwrap();
        assert_eq!(snapshot.title().unwrap().name, "Name");
        let stage = snapshot.by_id("s:x").unwrap();
        assert_eq!(
            (stage.kind.as_str(), stage.options.clone()),
            ("status", vec!["Done".to_owned()])
        );
    }
}
