//! `schema::Setup` against the emulator: a workspace prepared from code, idempotently.

use futures_util::TryStreamExt;
use notion_emulator::Emulator;
use notion_orm::prelude::*;
use notion_orm::schema::{
    DataSourceSpec, DatabaseSpec, PageSpec, Plan, Setup, ViewSpec, properties_of,
};
use notion_orm::types::Parent;
use notion_orm::types::view::ViewType;
use serde_json::{Value, json};

#[derive(NotionSelect, Debug, Clone, PartialEq)]
enum Stage {
    Idea,
    Doing,
    Shipped,
    #[notion(other)]
    Other(String),
}

#[derive(NotionModel, Debug, Clone)]
struct Project {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Stage")]
    stage: Option<Stage>,
    #[notion(rename = "Budget")]
    budget: Option<f64>,
}

fn tasks_snapshot() -> Value {
    json!({"object": "data_source", "properties": {
        "Title": {"id": "title", "name": "Title", "type": "title", "title": {}},
        "Done": {"id": "a1", "name": "Done", "type": "checkbox", "checkbox": {}},
        "Priority": {"id": "a2", "name": "Priority", "type": "select", "select": {"options": [
            {"id": "o1", "name": "High", "color": "red", "description": null},
            {"id": "o2", "name": "Low", "color": "blue", "description": null},
        ]}},
    }})
}

async fn start() -> (Emulator, Client) {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    (emulator, client)
}

fn setup(parent: Parent) -> Setup {
    Setup::new(parent)
        .database(
            DatabaseSpec::new("Planning")
                .data_source(DataSourceSpec::from_snapshot("Tasks", &tasks_snapshot()))
                .data_source(DataSourceSpec::from_model::<Project>("Projects"))
                .view(ViewSpec::new("Open tasks", "Tasks", ViewType::Table))
                .view(ViewSpec::new("Projects board", "Projects", ViewType::Board)),
        )
        .page(PageSpec::new("Getting started").markdown("Welcome to **Planning**."))
}

/// A page shared with the integration, as a user does in Notion's page picker.
fn parent_page(emulator: &Emulator) -> PageId {
    let id = uuid::Uuid::new_v4();
    emulator.seed_page(id, "My app");
    PageId::from_uuid(id)
}

async fn count_views(client: &Client, database: DatabaseId) -> usize {
    let views: Vec<_> = client
        .views()
        .list_for_database(database)
        .try_collect()
        .await
        .unwrap();
    views.len()
}

#[tokio::test]
async fn running_setup_twice_under_a_page_creates_everything_once() {
    let (emulator, client) = start().await;
    let parent = Parent::Page(parent_page(&emulator));

    let first = setup(parent.clone()).run(&client).await.unwrap();
    assert_eq!(
        first.created,
        [
            "database \"Planning\"",
            "data source \"Tasks\"",
            "data source \"Projects\"",
            "view \"Open tasks\"",
            "view \"Projects board\"",
            "page \"Getting started\"",
        ]
    );
    assert!(first.found.is_empty(), "{:?}", first.found);

    let database = first.database("Planning").unwrap();
    let views = count_views(&client, database).await;

    let second = setup(parent).run(&client).await.unwrap();
    assert!(second.created.is_empty(), "{:?}", second.created);
    assert!(second.updated.is_empty(), "{:?}", second.updated);
    assert_eq!(second.found.len(), 6, "{:?}", second.found);
    assert_eq!(second.database("Planning"), first.database("Planning"));
    assert_eq!(second.data_source("Tasks"), first.data_source("Tasks"));
    assert_eq!(
        second.data_source("Projects"),
        first.data_source("Projects")
    );
    assert_eq!(
        second.page("Getting started"),
        first.page("Getting started")
    );

    let database = client.databases().retrieve(database).await.unwrap();
    assert_eq!(database.data_sources.len(), 2);
    assert_eq!(
        count_views(&client, database.id).await,
        views,
        "no second view"
    );

    // The data sources have the wanted schemas: nothing left to plan.
    let tasks = first.data_source("Tasks").unwrap();
    let plan = Plan::fetch(&client, tasks, properties_of(&tasks_snapshot()))
        .await
        .unwrap();
    assert!(plan.is_empty(), "{plan}");
    let projects = first.data_source("Projects").unwrap();
    let plan = Plan::fetch(&client, projects, &Project::schema(None))
        .await
        .unwrap();
    assert!(plan.is_empty(), "{plan}");
}

#[tokio::test]
async fn running_setup_twice_at_the_workspace_level_finds_it_through_search() {
    let (_emulator, client) = start().await;
    // Top-level pages need a public integration; the emulator's default one is internal.
    let databases_only = || {
        Setup::new(Parent::Workspace).database(
            DatabaseSpec::new("Planning")
                .data_source(DataSourceSpec::from_snapshot("Tasks", &tasks_snapshot()))
                .data_source(DataSourceSpec::from_model::<Project>("Projects")),
        )
    };
    let first = databases_only().run(&client).await.unwrap();
    assert_eq!(first.created.len(), 3, "{:?}", first.created);
    let second = databases_only().run(&client).await.unwrap();
    assert!(second.created.is_empty(), "{:?}", second.created);
    assert_eq!(second.database("Planning"), first.database("Planning"));
    assert_eq!(
        second.data_source("Projects"),
        first.data_source("Projects")
    );
}

#[tokio::test]
async fn setup_over_a_duplicated_template_adds_only_what_is_missing() {
    let (emulator, client) = start().await;
    // A user duplicated an older template: "Planning" with a Tasks data source that lacks
    // the Priority property and has an extra property of their own.
    let parent = Parent::Page(parent_page(&emulator));
    let template = Setup::new(parent.clone()).database(
        DatabaseSpec::new("Planning").data_source(DataSourceSpec::from_properties(
            "Tasks",
            json!({"Title": {"title": {}}, "Done": {"checkbox": {}}, "Mine": {"url": {}}})
                .as_object()
                .cloned()
                .unwrap(),
        )),
    );
    let duplicated = template.run(&client).await.unwrap();

    let report = setup(parent).run(&client).await.unwrap();
    assert_eq!(report.data_source("Tasks"), duplicated.data_source("Tasks"));
    assert_eq!(report.updated, ["data source \"Tasks\""]);
    assert!(report.found.contains(&"database \"Planning\"".to_owned()));
    let live = notion_orm::schema::fetch_data_source(&client, report.data_source("Tasks").unwrap())
        .await
        .unwrap();
    assert_eq!(live["properties"]["Priority"]["type"], "select");
    assert_eq!(
        live["properties"]["Mine"]["type"], "url",
        "setup never deletes the user's properties"
    );
}
