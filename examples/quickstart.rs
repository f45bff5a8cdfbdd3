//! Quickstart: a typed "Tasks" data source, end to end.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! Without `NOTION_TOKEN` it starts the Notion emulator in process, so it needs no account and no
//! network. With `NOTION_TOKEN` and `NOTION_PARENT_PAGE_ID` set (a page shared with your
//! integration), it does the same in your real workspace, under that page.

use notion_orm::prelude::*;

/// How urgent a task is: a `select` property whose options come from the variants.
#[derive(NotionSelect, Debug, Clone, PartialEq)]
enum Priority {
    High,
    Medium,
    Low,
    /// Options added in Notion later read as `Other` instead of failing.
    #[notion(other)]
    Other(String),
}

/// One row of the "Tasks" data source.
#[derive(NotionModel, Debug, Clone)]
struct Task {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Priority")]
    priority: Option<Priority>,
    #[notion(rename = "Due")]
    due: Option<jiff::civil::Date>,
    #[notion(rename = "Done")]
    done: bool,
    #[notion(rename = "Tags")]
    tags: Vec<String>,
    #[notion(rename = "Points")]
    points: u32,
    /// The natural key: `upsert` finds rows by it, so re-running an import creates no duplicates.
    #[notion(rename = "Ref", key)]
    reference: String,
}

impl Task {
    fn new(reference: &str, name: &str, priority: Priority, due: jiff::civil::Date) -> Task {
        Task {
            id: None,
            name: name.to_owned(),
            priority: Some(priority),
            due: Some(due),
            done: false,
            tags: Vec::new(),
            points: 1,
            reference: reference.to_owned(),
        }
    }
}

/// Where the quickstart runs: the embedded emulator, or a real workspace.
enum Target {
    Emulator(notion_emulator::Emulator),
    Notion { parent: PageId },
}

impl Target {
    /// The page to create the database under: the emulator's root page (shared with its
    /// default integration, as a page in your workspace is shared with yours) or yours.
    fn parent_page(&self) -> PageId {
        match self {
            Target::Emulator(emulator) => PageId::from_uuid(emulator.root_page_id()),
            Target::Notion { parent } => *parent,
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. Connect.
    let (target, client) = connect().await?;
    match &target {
        Target::Emulator(emulator) => println!(
            "1. NOTION_TOKEN is not set: using the embedded Notion emulator at {}",
            emulator.base_url()
        ),
        Target::Notion { parent } => {
            println!("1. Using your Notion workspace, under page {parent}")
        }
    }

    // 2. A database holding a data source whose schema comes from the `Task` struct.
    let parent = Parent::Page(target.parent_page());
    let database = client
        .databases()
        .create(&NewDatabase::new(parent).title("notion-orm quickstart"))
        .await?;
    let tasks = Task::create_data_source(&client, database.id).await?;
    bind::<Task>(tasks);
    println!("2. Created the data source {tasks} from the Task struct");

    // 3. Insert rows. `upsert` is keyed by `Ref`, so running this twice creates nothing new.
    let d = jiff::civil::date;
    let rows = [
        Task::new("T-1", "Write the README", Priority::High, d(2026, 12, 1)),
        Task::new("T-2", "Record a demo", Priority::Medium, d(2026, 12, 5)),
        Task::new("T-3", "Plan 2027", Priority::Low, d(2027, 1, 10)),
    ];
    for row in &rows {
        Task::upsert(&client, row).await?;
    }
    println!("3. Upserted {} tasks", rows.len());

    // 4. A typed query: only operators Notion allows for each property compile.
    let urgent = Task::query()
        .filter(
            Task::DONE
                .equals(false)
                .and(Task::PRIORITY.does_not_equal(Priority::Low)),
        )
        .sort(Task::DUE.ascending())
        .all(&client)
        .await?;
    println!("4. Open tasks that are not low priority, by due date:");
    for task in &urgent {
        println!(
            "     {:<18} {:?} due {}",
            task.name,
            task.priority.as_ref().expect("filtered on priority"),
            task.due.map(|d| d.to_string()).unwrap_or_default()
        );
    }

    // 5. Patch sends only the properties you set.
    let first = urgent.first().ok_or("the query found no task")?;
    let id = first.id.ok_or("rows read from Notion have an id")?;
    Task::patch(id)
        .set(Task::DONE, true)
        .set(Task::TAGS, vec!["docs".to_owned()])
        .send(&client)
        .await?;
    println!("5. Marked {:?} as done", first.name);

    // 6. Upsert again with a change: the existing row is updated, not duplicated.
    let mut changed = rows[1].clone();
    changed.points = 3;
    let outcome = Task::upsert(&client, &changed).await?;
    let status = match &outcome {
        Upserted::Created(_) => "created",
        Upserted::Updated(_) => "updated",
        Upserted::Unchanged(_) => "unchanged",
    };
    let total = Task::query().count(&client).await?;
    println!(
        "6. Upserted {:?} again: {status}; the data source holds {total} rows",
        changed.name
    );

    let done = Task::query()
        .filter(Task::DONE.equals(true))
        .all(&client)
        .await?;
    println!(
        "7. Done: {:?}",
        done.iter().map(|t| t.name.as_str()).collect::<Vec<_>>()
    );
    Ok(())
}

/// A client for real Notion when `NOTION_TOKEN` is set, else for a fresh embedded emulator.
async fn connect() -> Result<(Target, Client), Box<dyn std::error::Error>> {
    if std::env::var_os("NOTION_TOKEN").is_some() {
        let parent = std::env::var("NOTION_PARENT_PAGE_ID").map_err(|_| {
            "NOTION_TOKEN is set, so the quickstart runs against real Notion: set \
             NOTION_PARENT_PAGE_ID to the id (or URL) of a page shared with your integration"
        })?;
        let parent = PageId::parse(&parent)?;
        return Ok((Target::Notion { parent }, Client::from_env()?));
    }
    let emulator = notion_emulator::Emulator::start().await?;
    let client = emulator.client(); // its URL and token; no client-side rate limit needed
    Ok((Target::Emulator(emulator), client))
}
