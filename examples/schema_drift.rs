//! Schema drift: pull a snapshot of a data source, generate a model from it, and catch (then
//! undo) a change someone made in Notion, with the `notion-orm` CLI's library functions.
//!
//! ```sh
//! cargo run --example schema_drift
//! ```
//!
//! Without `NOTION_TOKEN` it runs against the embedded Notion emulator. With `NOTION_TOKEN` and
//! `NOTION_PARENT_PAGE_ID` set, it creates a small database under that page and works on it.

use notion_orm::api::data_sources::DataSourceUpdate;
use notion_orm::api::databases::NewDatabase;
use notion_orm::prelude::*;
use notion_orm::types::{Parent, PropertyConfig};
use notion_orm_cli::{Outcome, check, codegen_snapshot, pull, push};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_emulator, client, parent) = connect().await?;
    let tasks = create_tasks(&client, parent).await?;
    let dir = tempfile::tempdir()?; // stands in for your repository's `.notion/`

    // 1. Pull: `tasks.json` is the data source as Notion returns it, keys sorted.
    let path = pull(&client, dir.path(), tasks, Some("tasks")).await?;
    println!("1. Pulled {}", path.display());

    // 2. Codegen: a model that compiles as is and is checked against the snapshot.
    let code = codegen_snapshot(dir.path(), "tasks", Some("Task"))?;
    assert!(code.contains(
        "#[notion(rename = \"Due date\")]\n    pub due_date: Option<jiff::civil::Date>,"
    ));
    println!("2. Generated a model:\n\n{code}");

    // 3. Check, as CI would: no drift yet.
    let report = check(&client, dir.path()).await?;
    assert!(!report.has_drift(), "{report}");
    println!("3. {report}");

    // 4. Someone renames a property in Notion: `check` fails with a readable diff.
    let rename = DataSourceUpdate::new().rename_property("Due date", "Deadline");
    client.data_sources().update(tasks, &rename).await?;
    let report = check(&client, dir.path()).await?;
    assert!(report.has_drift());
    assert!(
        report
            .to_string()
            .contains("\"Due date\" renamed to \"Deadline\"")
    );
    println!("4. After a rename in Notion, `notion-orm check` exits 1:\n{report}");

    // 5. Push the snapshot back: a rename by property id is not destructive.
    let mut plan = String::new();
    assert_eq!(
        push(&client, dir.path(), "tasks", false, false, &mut plan).await?,
        Outcome::Ok
    );
    assert!(!check(&client, dir.path()).await?.has_drift());
    println!("5. `notion-orm push tasks` restored it:\n{plan}");
    Ok(())
}

/// A "Tasks" data source with a few properties, in a new database under `parent`.
async fn create_tasks(client: &Client, parent: Parent) -> notion_orm::Result<DataSourceId> {
    let database = NewDatabase::new(parent)
        .title("Tasks")
        .property("Name", &PropertyConfig::Title)?
        .property("Due date", &PropertyConfig::Date)?
        .property("Done", &PropertyConfig::Checkbox)?;
    let database = client.databases().create(&database).await?;
    Ok(database.data_sources[0].id)
}

/// The embedded emulator unless `NOTION_TOKEN` is set; the parent to create the database in.
async fn connect()
-> Result<(Option<notion_emulator::Emulator>, Client, Parent), Box<dyn std::error::Error>> {
    if std::env::var_os("NOTION_TOKEN").is_some() {
        let parent = std::env::var("NOTION_PARENT_PAGE_ID")
            .map_err(|_| "with NOTION_TOKEN set, also set NOTION_PARENT_PAGE_ID (id or URL)")?;
        return Ok((
            None,
            Client::from_env()?,
            Parent::Page(PageId::parse(&parent)?),
        ));
    }
    let emulator = notion_emulator::Emulator::start().await?;
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .build()?;
    Ok((Some(emulator), client, Parent::Workspace))
}
