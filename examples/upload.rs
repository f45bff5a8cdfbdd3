//! Upload: a 48 MiB file sent in parts with a progress bar, attached to a model's `files`
//! property, then read back.
//!
//! ```sh
//! cargo run --example upload
//! ```
//!
//! Without `NOTION_TOKEN` it runs against the Notion emulator in process. With `NOTION_TOKEN` and
//! `NOTION_PARENT_PAGE_ID` it uses your workspace (a free workspace accepts files up to 5 MiB
//! only, and the upload is refused before sending with an error that says so).

use std::io::Write;

use indicatif::{ProgressBar, ProgressStyle};
use notion_orm::api::databases::NewDatabase;
use notion_orm::model::bind;
use notion_orm::prelude::*;
use notion_orm::types::Parent;
use notion_orm::upload::UploadSource;

/// A row of the "Documents" data source: a name and its files.
#[derive(NotionModel, Debug, Clone)]
struct Document {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Files")]
    files: Vec<FileRef>,
}

const MIB: usize = 1024 * 1024;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_emulator, client, parent) = connect().await?;
    let database = client
        .databases()
        .create(&NewDatabase::new(parent).title("notion-orm upload example"))
        .await?;
    bind::<Document>(Document::create_data_source(&client, database.id).await?);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("recording.mp4");
    write_file(&path, 48 * MIB)?;

    // The upload: 48 MiB in 10 MiB parts, three in flight, progress on a bar.
    let bar = ProgressBar::new(0).with_style(ProgressStyle::with_template(
        "{msg:>12} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec})",
    )?);
    let progress = bar.clone();
    let upload = client
        .upload(UploadSource::path(&path))
        .on_progress(move |p| {
            progress.set_length(p.total_bytes);
            progress.set_position(p.bytes_sent);
            progress.set_message(format!("part {}/{}", p.parts_done, p.total_parts));
        })
        .await?;
    bar.finish();

    // Attach it to a row and read the row back.
    let mut document = Document {
        id: None,
        name: "Team recording".into(),
        files: Vec::new(),
    };
    document.files.push(upload.into());
    let created = Document::insert(&client, &document).await?;
    let read = Document::get(&client, created.id.ok_or("no page id")?).await?;
    assert_eq!(read.files.len(), 1);
    assert_eq!(read.files[0].name(), Some("recording.mp4"));
    println!("Attached {:?} to {:?}", read.files[0].name(), read.name);
    Ok(())
}

/// Writes `len` bytes of generated content, 1 MiB at a time.
fn write_file(path: &std::path::Path, len: usize) -> std::io::Result<()> {
    let chunk: Vec<u8> = (0..MIB).map(|i| (i % 251) as u8).collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    for _ in 0..len / MIB {
        file.write_all(&chunk)?;
    }
    file.flush()
}

/// A client for real Notion when `NOTION_TOKEN` is set, else for a fresh embedded emulator
/// (kept alive by the returned handle).
async fn connect()
-> Result<(Option<notion_emulator::Emulator>, Client, Parent), Box<dyn std::error::Error>> {
    if std::env::var_os("NOTION_TOKEN").is_some() {
        let parent = std::env::var("NOTION_PARENT_PAGE_ID")
            .map_err(|_| "NOTION_TOKEN is set: also set NOTION_PARENT_PAGE_ID to a shared page")?;
        let parent = Parent::Page(PageId::parse(&parent)?);
        return Ok((None, Client::from_env()?, parent));
    }
    let emulator = notion_emulator::Emulator::start().await?;
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .build()?;
    Ok((Some(emulator), client, Parent::Workspace))
}
