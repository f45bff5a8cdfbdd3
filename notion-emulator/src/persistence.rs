//! `--data <file.json>`: saving the world to a JSON file and loading it back, so the emulator
//! can serve as a local dev server that keeps its content across restarts.
//!
//! Saved: pages, data sources, databases, blocks (with child order), comments, views, file
//! uploads, custom emojis, and the bot, workspace and users (the binary restarts with the saved
//! bot id, see [`saved_bot_id`], so authors stay resolvable). Not saved: async tasks, issued OAuth tokens, scripted faults, the request log and live view
//! queries. The store's types stay free of serde: this module mirrors them in `*Record` structs,
//! and building a store value from a record names every field, so a new store field fails to
//! compile here instead of being silently dropped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::Emulator;
use crate::world::comments::Comments;
use crate::world::custom_emojis::CustomEmojis;
use crate::world::file_uploads::FileUploads;
use crate::world::state::{AppState, Shared};
use crate::world::views::Views;
use crate::world::{
    Audit, Block, DataSource, Database, Page, Parent, PropertySchema, Template, User,
};

/// Marks the file format so a future change can be detected instead of misread.
const FORMAT: &str = "notion-emulator/1";

/// Why the world could not be saved or loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataFileError {
    /// Reading or writing the file failed.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The data file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a data file of this emulator version.
    #[error("{path} is not a notion-emulator data file: {source}")]
    Format {
        /// The data file.
        path: PathBuf,
        /// What did not parse.
        #[source]
        source: serde_json::Error,
    },
}

#[derive(Serialize, Deserialize)]
struct DataFile {
    format: String,
    pages: Vec<PageRecord>,
    data_sources: Vec<DataSourceRecord>,
    databases: Vec<DatabaseRecord>,
    blocks: Vec<BlockRecord>,
    children: HashMap<Uuid, Vec<Uuid>>,
    next_seq: u64,
    comments: Comments,
    views: Views,
    file_uploads: FileUploads,
    /// Absent from files written before custom emojis existed.
    #[serde(default)]
    custom_emojis: CustomEmojis,
    /// The bot, the workspace and its users; absent from older files.
    #[serde(default)]
    identity: Option<Identity>,
}

/// Who the saved objects were made by: restoring it keeps their authors resolvable.
#[derive(Serialize, Deserialize)]
struct Identity {
    bot_id: Uuid,
    workspace_id: Uuid,
    users: Vec<User>,
    /// The root page, so a restart keeps it instead of adding another; absent from older files.
    #[serde(default)]
    root_page_id: Option<Uuid>,
}

/// The bot id saved in the data file at `path`, if the file exists and records one. Start the
/// emulator with it (`Config::bot_id`) before [`Emulator::load_data`] so that "me" is the bot
/// that authored the saved objects.
pub fn saved_bot_id(path: &Path) -> Result<Option<Uuid>, DataFileError> {
    #[derive(Deserialize)]
    struct Peek {
        #[serde(default)]
        identity: Option<PeekIdentity>,
    }
    #[derive(Deserialize)]
    struct PeekIdentity {
        bot_id: Uuid,
    }
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read(path).map_err(|source| DataFileError::Io {
        path: path.to_owned(),
        source,
    })?;
    let peek: Peek = serde_json::from_slice(&text).map_err(|source| DataFileError::Format {
        path: path.to_owned(),
        source,
    })?;
    Ok(peek.identity.map(|i| i.bot_id))
}

impl Emulator {
    /// Writes the world to `path` as JSON, atomically (a temporary file, flushed to disk, then
    /// renamed over the old one), so a crash leaves the old or the new file, never half of one.
    pub fn save_data(&self, path: &Path) -> Result<(), DataFileError> {
        save_world(&self.state, path)
    }

    /// Keeps the world in the file at `path`, as the binary's `--data` does: loads it if it
    /// exists, saves at once (so a path that cannot be written fails here, at start, rather than
    /// losing everything at shutdown), and from then on saves every successful write before
    /// answering it. An acknowledged write therefore survives `kill -9`.
    ///
    /// Only the first call takes effect. Changes made in-process (`create_pages`, `seed_dir`)
    /// are saved with the next write, or by [`Emulator::save_data`].
    pub fn persist_to(&self, path: &Path) -> Result<(), DataFileError> {
        if path.exists() {
            self.load_data(path)?;
        }
        save_world(&self.state, path)?;
        let _ = self.data_file.set(DurableFile::new(path.to_owned()));
        Ok(())
    }

    /// Replaces the world's objects with those saved in `path` by [`Emulator::save_data`].
    pub fn load_data(&self, path: &Path) -> Result<(), DataFileError> {
        let text = std::fs::read(path).map_err(|source| DataFileError::Io {
            path: path.to_owned(),
            source,
        })?;
        let format_error = |source| DataFileError::Format {
            path: path.to_owned(),
            source,
        };
        let file: DataFile = serde_json::from_slice(&text).map_err(format_error)?;
        if file.format != FORMAT {
            return Err(format_error(serde::de::Error::custom(format!(
                "unsupported format `{}` (expected `{FORMAT}`)",
                file.format
            ))));
        }
        let mut world = self.state.world();
        let root = world.pages.get(&world.root_page_id).cloned();
        world.pages = file.pages.into_iter().map(|r| (r.id, r.into())).collect();
        world.data_sources = file
            .data_sources
            .into_iter()
            .map(|r| (r.id, r.into()))
            .collect();
        world.databases = file
            .databases
            .into_iter()
            .map(|r| (r.id, r.into()))
            .collect();
        world.blocks = file.blocks.into_iter().map(|r| (r.id, r.into())).collect();
        world.children = file.children;
        world.next_seq = file.next_seq;
        world.comments = file.comments;
        world.views = file.views;
        world.file_uploads = file.file_uploads;
        world.custom_emojis = file.custom_emojis;
        let saved_root = file
            .identity
            .as_ref()
            .and_then(|i| i.root_page_id)
            .filter(|id| world.pages.contains_key(id));
        if let Some(saved_root) = saved_root {
            // The file's root page is the root again; the one this emulator started with goes.
            world.root_page_id = saved_root;
        }
        if let Some(identity) = file.identity {
            world.workspace_id = identity.workspace_id;
            world.users = identity.users;
            // The running bot stays "me" even when the file was saved by another one.
            let bot_id = world.bot_id;
            if !world.users.iter().any(|u| u.id == bot_id) {
                world.users.push(User {
                    id: bot_id,
                    name: self.state.config.integration_name.clone(),
                    avatar_url: None,
                    email: None,
                });
            }
        }
        // The file holds the default integration's workspace: what sits at its top level stays
        // shared with the default bot, and the root page is kept.
        if let Some(root) = root.filter(|_| saved_root.is_none()) {
            world.pages.entry(root.id).or_insert(root);
        }
        let top_level: Vec<Uuid> = world
            .pages
            .values()
            .filter(|p| p.parent == Parent::Workspace)
            .map(|p| p.id)
            .chain(
                world
                    .databases
                    .values()
                    .filter(|d| d.parent == Parent::Workspace)
                    .map(|d| d.id),
            )
            .collect();
        let bot = world.bot_id;
        for id in top_level {
            world.integrations.share(id, bot);
        }
        world.touch();
        Ok(())
    }
}

/// Serializes the world under its lock, then writes it outside the lock.
pub(crate) fn save_world(state: &Shared, path: &Path) -> Result<(), DataFileError> {
    let json = {
        let world = state.world();
        let file = DataFile {
            format: FORMAT.to_owned(),
            pages: world.pages.values().map(PageRecord::from).collect(),
            data_sources: world
                .data_sources
                .values()
                .map(DataSourceRecord::from)
                .collect(),
            databases: world.databases.values().map(DatabaseRecord::from).collect(),
            blocks: world.blocks.values().map(BlockRecord::from).collect(),
            children: world.children.clone(),
            next_seq: world.next_seq,
            comments: world.comments.clone(),
            views: world.views.clone(),
            file_uploads: world.file_uploads.clone(),
            custom_emojis: world.custom_emojis.clone(),
            identity: Some(Identity {
                bot_id: world.bot_id,
                workspace_id: world.workspace_id,
                users: world.users.clone(),
                root_page_id: Some(world.root_page_id),
            }),
        };
        serde_json::to_vec_pretty(&file).map_err(|source| DataFileError::Format {
            path: path.to_owned(),
            source,
        })?
    };
    let io = |source| DataFileError::Io {
        path: path.to_owned(),
        source,
    };
    write_durably(path, &json).map_err(io)
}

/// Writes `bytes` to `path` so that it survives a crash or power loss once this returns: the
/// data goes to a temporary file that is flushed to disk, renamed over `path`, and the rename
/// itself is flushed by syncing the directory.
fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let temporary = path.with_extension("json.tmp");
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)?;
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Keeps the `--data` file in step with the world: every write is saved before its answer
/// goes out, so an acknowledged write survives `kill -9`.
///
/// Saves are group commits: a writer that finds a save in progress waits for the next one,
/// which covers every write finished before it started, so many concurrent writers share one
/// save instead of queueing one each.
#[derive(Debug)]
pub(crate) struct DurableFile {
    path: PathBuf,
    /// Writes finished so far (each bumps it after its change is in the world).
    finished: AtomicU64,
    /// The value of `finished` that the file on disk covers.
    saved: AtomicU64,
    /// One save at a time; waiting here is waiting for the next group commit.
    saving: tokio::sync::Mutex<()>,
}

impl DurableFile {
    pub(crate) fn new(path: PathBuf) -> Self {
        DurableFile {
            path,
            finished: AtomicU64::new(0),
            saved: AtomicU64::new(0),
            saving: tokio::sync::Mutex::new(()),
        }
    }

    /// Returns once the file holds the write that just finished (and every earlier one).
    pub(crate) async fn commit(&self, state: &AppState) -> Result<(), DataFileError> {
        let mine = self.finished.fetch_add(1, Ordering::SeqCst) + 1;
        let _turn = self.saving.lock().await;
        if self.saved.load(Ordering::SeqCst) >= mine {
            return Ok(()); // a save that started after this write finished covered it
        }
        // Every write counted so far has already changed the world, so this save covers them.
        let covered = self.finished.load(Ordering::SeqCst);
        let (state, path) = (state.clone(), self.path.clone());
        tokio::task::spawn_blocking(move || save_world(&state, &path))
            .await
            .map_err(|e| DataFileError::Io {
                path: self.path.clone(),
                source: std::io::Error::other(e),
            })??;
        self.saved.store(covered, Ordering::SeqCst);
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
enum ParentRecord {
    Workspace,
    Page(Uuid),
    DataSource(Uuid),
    Database(Uuid),
    Block(Uuid),
}

impl From<Parent> for ParentRecord {
    fn from(parent: Parent) -> Self {
        match parent {
            Parent::Workspace => Self::Workspace,
            Parent::Page(id) => Self::Page(id),
            Parent::DataSource(id) => Self::DataSource(id),
            Parent::Database(id) => Self::Database(id),
            Parent::Block(id) => Self::Block(id),
        }
    }
}

impl From<ParentRecord> for Parent {
    fn from(record: ParentRecord) -> Self {
        match record {
            ParentRecord::Workspace => Self::Workspace,
            ParentRecord::Page(id) => Self::Page(id),
            ParentRecord::DataSource(id) => Self::DataSource(id),
            ParentRecord::Database(id) => Self::Database(id),
            ParentRecord::Block(id) => Self::Block(id),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct AuditRecord {
    created_time: Timestamp,
    last_edited_time: Timestamp,
    created_by: Uuid,
    last_edited_by: Uuid,
}

impl From<Audit> for AuditRecord {
    fn from(a: Audit) -> Self {
        Self {
            created_time: a.created_time,
            last_edited_time: a.last_edited_time,
            created_by: a.created_by,
            last_edited_by: a.last_edited_by,
        }
    }
}

impl From<AuditRecord> for Audit {
    fn from(r: AuditRecord) -> Self {
        Self {
            created_time: r.created_time,
            last_edited_time: r.last_edited_time,
            created_by: r.created_by,
            last_edited_by: r.last_edited_by,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct PageRecord {
    id: Uuid,
    parent: ParentRecord,
    audit: AuditRecord,
    icon: Value,
    cover: Value,
    in_trash: bool,
    is_archived: bool,
    is_locked: bool,
    properties: HashMap<String, Value>,
    seq: u64,
}

impl From<&Page> for PageRecord {
    fn from(p: &Page) -> Self {
        Self {
            id: p.id,
            parent: p.parent.into(),
            audit: p.audit.into(),
            icon: p.icon.clone(),
            cover: p.cover.clone(),
            in_trash: p.in_trash,
            is_archived: p.is_archived,
            is_locked: p.is_locked,
            properties: p.properties.clone(),
            seq: p.seq,
        }
    }
}

impl From<PageRecord> for Page {
    fn from(r: PageRecord) -> Self {
        Self {
            id: r.id,
            parent: r.parent.into(),
            audit: r.audit.into(),
            icon: r.icon,
            cover: r.cover,
            in_trash: r.in_trash,
            is_archived: r.is_archived,
            is_locked: r.is_locked,
            properties: r.properties,
            seq: r.seq,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct PropertyRecord {
    id: String,
    name: String,
    description: Value,
    kind: String,
    config: Value,
}

#[derive(Serialize, Deserialize)]
struct TemplateRecord {
    id: Uuid,
    name: String,
    is_default: bool,
}

#[derive(Serialize, Deserialize)]
struct DataSourceRecord {
    id: Uuid,
    database_id: Uuid,
    title: Value,
    description: Value,
    icon: Value,
    audit: AuditRecord,
    in_trash: bool,
    properties: Vec<PropertyRecord>,
    rows: Vec<Uuid>,
    last_unique_id: u64,
    templates: Vec<TemplateRecord>,
}

impl From<&DataSource> for DataSourceRecord {
    fn from(d: &DataSource) -> Self {
        Self {
            id: d.id,
            database_id: d.database_id,
            title: d.title.clone(),
            description: d.description.clone(),
            icon: d.icon.clone(),
            audit: d.audit.into(),
            in_trash: d.in_trash,
            properties: d
                .properties
                .iter()
                .map(|p| PropertyRecord {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                    kind: p.kind.clone(),
                    config: p.config.clone(),
                })
                .collect(),
            rows: d.rows.clone(),
            last_unique_id: d.last_unique_id,
            templates: d
                .templates
                .iter()
                .map(|t| TemplateRecord {
                    id: t.id,
                    name: t.name.clone(),
                    is_default: t.is_default,
                })
                .collect(),
        }
    }
}

impl From<DataSourceRecord> for DataSource {
    fn from(r: DataSourceRecord) -> Self {
        Self {
            id: r.id,
            database_id: r.database_id,
            title: r.title,
            description: r.description,
            icon: r.icon,
            audit: r.audit.into(),
            in_trash: r.in_trash,
            properties: r
                .properties
                .into_iter()
                .map(|p| PropertySchema {
                    id: p.id,
                    name: p.name,
                    description: p.description,
                    kind: p.kind,
                    config: p.config,
                })
                .collect(),
            rows: r.rows,
            last_unique_id: r.last_unique_id,
            templates: r
                .templates
                .into_iter()
                .map(|t| Template {
                    id: t.id,
                    name: t.name,
                    is_default: t.is_default,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct DatabaseRecord {
    id: Uuid,
    parent: ParentRecord,
    title: Value,
    description: Value,
    is_inline: bool,
    in_trash: bool,
    is_locked: bool,
    icon: Value,
    cover: Value,
    audit: AuditRecord,
    data_sources: Vec<Uuid>,
}

impl From<&Database> for DatabaseRecord {
    fn from(d: &Database) -> Self {
        Self {
            id: d.id,
            parent: d.parent.into(),
            title: d.title.clone(),
            description: d.description.clone(),
            is_inline: d.is_inline,
            in_trash: d.in_trash,
            is_locked: d.is_locked,
            icon: d.icon.clone(),
            cover: d.cover.clone(),
            audit: d.audit.into(),
            data_sources: d.data_sources.clone(),
        }
    }
}

impl From<DatabaseRecord> for Database {
    fn from(r: DatabaseRecord) -> Self {
        Self {
            id: r.id,
            parent: r.parent.into(),
            title: r.title,
            description: r.description,
            is_inline: r.is_inline,
            in_trash: r.in_trash,
            is_locked: r.is_locked,
            icon: r.icon,
            cover: r.cover,
            audit: r.audit.into(),
            data_sources: r.data_sources,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct BlockRecord {
    id: Uuid,
    parent: ParentRecord,
    kind: String,
    content: Value,
    in_trash: bool,
    audit: AuditRecord,
}

impl From<&Block> for BlockRecord {
    fn from(b: &Block) -> Self {
        Self {
            id: b.id,
            parent: b.parent.into(),
            kind: b.kind.clone(),
            content: b.content.clone(),
            in_trash: b.in_trash,
            audit: b.audit.into(),
        }
    }
}

impl From<BlockRecord> for Block {
    fn from(r: BlockRecord) -> Self {
        Self {
            id: r.id,
            parent: r.parent.into(),
            kind: r.kind,
            content: r.content,
            in_trash: r.in_trash,
            audit: r.audit.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_saved_world_loads_into_a_new_emulator() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        let first = Emulator::start().await.unwrap();
        let page = Uuid::new_v4();
        first.seed_page(page, "Kept across restarts");
        first.save_data(&path).unwrap();

        let second = Emulator::start().await.unwrap();
        second.load_data(&path).unwrap();
        let world = second.state.world();
        let loaded = world.page(page).expect("the page was loaded");
        assert_eq!(
            crate::notion::richtext::plain_text(&loaded.properties["title"]),
            "Kept across restarts"
        );
    }

    #[tokio::test]
    async fn a_restart_keeps_the_root_page_instead_of_adding_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        let first = Emulator::start().await.unwrap();
        first.save_data(&path).unwrap();

        let second = Emulator::start().await.unwrap();
        second.load_data(&path).unwrap();
        assert_eq!(second.root_page_id(), first.root_page_id());
        let world = second.state.world();
        let top_level = world
            .pages
            .values()
            .filter(|p| p.parent == Parent::Workspace)
            .count();
        assert_eq!(top_level, 1, "one root page");
    }

    #[tokio::test]
    async fn a_restart_with_the_saved_bot_keeps_authors_and_users() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        assert_eq!(saved_bot_id(&path).unwrap(), None, "no file yet");
        let first = Emulator::start().await.unwrap();
        first.save_data(&path).unwrap();
        let users_before: Vec<Uuid> = first.state.world().users.iter().map(|u| u.id).collect();

        let bot_id = saved_bot_id(&path).unwrap();
        assert_eq!(bot_id, Some(first.bot_id()));
        let config = crate::Config {
            bot_id,
            ..Default::default()
        };
        let second = Emulator::start_with(config).await.unwrap();
        second.load_data(&path).unwrap();
        assert_eq!(second.bot_id(), first.bot_id());
        let world = second.state.world();
        let users_after: Vec<Uuid> = world.users.iter().map(|u| u.id).collect();
        assert_eq!(users_after, users_before);
        assert_eq!(world.workspace_id, first.state.world().workspace_id);
    }

    #[tokio::test]
    async fn loading_a_file_saved_by_another_bot_keeps_the_running_bot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        Emulator::start().await.unwrap().save_data(&path).unwrap();
        let other = Emulator::start().await.unwrap();
        other.load_data(&path).unwrap();
        let world = other.state.world();
        assert!(world.users.iter().any(|u| u.id == other.bot_id()));
    }

    #[tokio::test]
    async fn saved_custom_emojis_load_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        let first = Emulator::start().await.unwrap();
        let emoji = first.seed_custom_emoji("bufo", "https://example.com/bufo.png");
        first.save_data(&path).unwrap();

        let second = Emulator::start().await.unwrap();
        second.load_data(&path).unwrap();
        let loaded = format!("{:?}", second.state.world().custom_emojis);
        assert!(loaded.contains(&emoji.to_string()), "{loaded}");
    }

    #[tokio::test]
    async fn a_file_of_another_format_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        std::fs::write(&path, r#"{"format": "something-else"}"#).unwrap();
        let emulator = Emulator::start().await.unwrap();
        let error = emulator.load_data(&path).unwrap_err();
        assert!(matches!(error, DataFileError::Format { .. }), "{error}");
    }

    #[tokio::test]
    async fn a_missing_file_is_an_io_error() {
        let emulator = Emulator::start().await.unwrap();
        let error = emulator
            .load_data(Path::new("/nonexistent/notion-emulator.json"))
            .unwrap_err();
        assert!(matches!(error, DataFileError::Io { .. }), "{error}");
    }
}
