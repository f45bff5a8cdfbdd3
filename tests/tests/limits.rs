//! Notion's request limits, end to end: long text is split and reads back whole; values Notion
//! would refuse are refused before sending, naming the field and the property, on the model
//! path and on the low-level path alike.

mod common;

use common::Task;
use common::emulator::Env;
use notion_orm::Error;
use notion_orm::client::Request;
use notion_orm::prelude::*;
use notion_orm::types::RichText;
use serde_json::{Value, json};

/// A model with styled text.
#[derive(NotionModel, Debug, Clone, PartialEq)]
struct Doc {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Body", kind = "rich_text")]
    body: Vec<RichText>,
}

fn styled(text: &str, bold: bool, italic: bool) -> RichText {
    let mut item = RichText::text(text);
    item.annotations.bold = bold;
    item.annotations.italic = italic;
    item
}

/// The text of `items` with each character's style, to compare styled text however it is
/// split into items.
fn styled_chars(items: &[RichText]) -> Vec<(char, bool, bool)> {
    items
        .iter()
        .flat_map(|i| {
            let (b, it) = (i.annotations.bold, i.annotations.italic);
            i.plain_text.chars().map(move |c| (c, b, it))
        })
        .collect()
}

#[tokio::test]
async fn ten_thousand_characters_of_styled_text_round_trip_with_emoji_and_cjk_at_the_boundaries() {
    let env = Env::start().await;
    let ds = env.data_source::<Doc>().await;
    // UTF-16 lengths: 1,999 + an emoji (2 units) straddles the 2,000 boundary; CJK and a ZWJ
    // family emoji sit on the next ones.
    let bold = format!("{}😀{}", "a".repeat(1999), "b".repeat(1500));
    let italic = format!("{}👨‍👩‍👧{}", "漢字".repeat(1240), "c".repeat(1000));
    let plain = format!("{}🇫🇷{}", "d".repeat(1800), "語".repeat(1240));
    let body = vec![
        styled(&bold, true, false),
        styled(&italic, false, true),
        styled(&plain, false, false),
    ];
    let total: usize = body.iter().map(|i| i.plain_text.chars().count()).sum();
    assert!(total >= 10_000, "{total}");
    let doc = Doc {
        id: None,
        name: "long".into(),
        body: body.clone(),
    };
    let created = Doc::bulk()
        .data_source(ds)
        .insert_many(&env.client, [doc])
        .await
        .into_result()
        .unwrap()
        .remove(0);
    let read = Doc::get(&env.client, created.id.unwrap()).await.unwrap();
    assert!(read.body.len() > 3, "the text was split into items");
    assert_eq!(styled_chars(&read.body), styled_chars(&body));
}

#[tokio::test]
async fn long_plain_text_is_split_and_reads_back_whole() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let notes = format!("{}😀{}", "x".repeat(1999), "漢".repeat(8000));
    let task = Task {
        notes: Some(notes.clone()),
        ..Task::named("long", "L-1")
    };
    let created = Task::bulk()
        .data_source(ds)
        .insert_many(&env.client, [task])
        .await
        .into_result()
        .unwrap();
    let read = Task::get(&env.client, created[0].id.unwrap())
        .await
        .unwrap();
    assert_eq!(read.notes.as_deref(), Some(notes.as_str()));
}

/// The projects of a page that 130 tasks point at through a two-way relation.
#[derive(NotionModel, Debug, Clone)]
struct Project {
    #[notion(id)]
    id: PageId,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Tasks")]
    tasks: Vec<PageId>,
}

#[tokio::test]
async fn a_page_with_130_relations_reads_back_all_130() {
    let env = Env::start().await;
    let projects = env
        .emulator
        .create_database(json!({
            "parent": {"type": "workspace", "workspace": true},
            "initial_data_source": {"properties": {"Name": {"title": {}}}},
        }))
        .unwrap();
    let projects_ds = projects["data_sources"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tasks = env
        .emulator
        .create_database(json!({
            "parent": {"type": "workspace", "workspace": true},
            "initial_data_source": {"properties": {
                "Name": {"title": {}},
                "Project": {"relation": {"data_source_id": projects_ds, "type": "dual_property",
                                          "dual_property": {"synced_property_name": "Tasks"}}},
            }},
        }))
        .unwrap();
    let tasks_ds = tasks["data_sources"][0]["id"].as_str().unwrap().to_owned();
    let project = env
        .emulator
        .create_pages([json!({
            "parent": {"data_source_id": projects_ds},
            "properties": {"Name": {"title": [{"text": {"content": "Big"}}]}},
        })])
        .unwrap()[0];
    let task_ids = env
        .emulator
        .create_pages((0..130).map(|i| {
            json!({
                "parent": {"data_source_id": tasks_ds},
                "properties": {
                    "Name": {"title": [{"text": {"content": format!("task {i}")}}]},
                    "Project": {"relation": [{"id": project}]},
                },
            })
        }))
        .unwrap();
    let id = PageId::from_uuid(project);
    let read = Project::get(&env.client, id).await.unwrap();
    assert_eq!(read.tasks.len(), 130);
    let expected: Vec<PageId> = task_ids.into_iter().map(PageId::from_uuid).collect();
    let mut got = read.tasks.clone();
    got.sort_by_key(|id| id.to_string());
    let mut want = expected;
    want.sort_by_key(|id| id.to_string());
    assert_eq!(got, want);
    assert_eq!(read.name, "Big");
}

/// Runs a model create that must be refused before sending, and returns the error.
async fn refused_create(task: Task) -> (Error, usize) {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    env.emulator.faults().clear_requests();
    let report = Task::bulk()
        .data_source(ds)
        .insert_many(&env.client, [task])
        .await;
    let error = report.into_result().unwrap_err();
    (error, env.emulator.faults().requests().len())
}

fn assert_names(error: &Error, field: &str, property: &str) {
    match error {
        Error::InvalidInput {
            field: f,
            property: p,
            ..
        } => {
            assert_eq!(f.as_deref(), Some(field), "{error}");
            assert_eq!(p.as_deref(), Some(property), "{error}");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[tokio::test]
async fn a_url_over_2000_characters_is_refused_naming_field_and_property() {
    let link = format!("https://example.com/{}", "a".repeat(2000));
    let (error, sent) = refused_create(Task {
        link: Some(link),
        ..Task::named("x", "U-1")
    })
    .await;
    assert_names(&error, "link", "Link");
    assert_eq!(sent, 0);
}

#[tokio::test]
async fn an_email_over_200_characters_is_refused() {
    let (error, sent) = refused_create(Task {
        email: Some(format!("{}@example.com", "a".repeat(200))),
        ..Task::named("x", "E-1")
    })
    .await;
    assert_names(&error, "email", "Email");
    assert_eq!(sent, 0);
}

#[tokio::test]
async fn a_phone_number_over_200_characters_is_refused() {
    let (error, sent) = refused_create(Task {
        phone: Some("1".repeat(201)),
        ..Task::named("x", "P-1")
    })
    .await;
    assert_names(&error, "phone", "Phone");
    assert_eq!(sent, 0);
}

#[tokio::test]
async fn more_than_100_options_are_refused() {
    let (error, sent) = refused_create(Task {
        tags: (0..101).map(|i| format!("t{i}")).collect(),
        ..Task::named("x", "M-1")
    })
    .await;
    assert_names(&error, "tags", "Tags");
    assert_eq!(sent, 0);
}

#[tokio::test]
async fn more_than_100_relations_are_refused_with_the_reason() {
    let ids = (0..101).map(|_| PageId::from_uuid(uuid::Uuid::new_v4()));
    let (error, sent) = refused_create(Task {
        blocked_by: Relation::new(ids),
        ..Task::named("x", "R-1")
    })
    .await;
    assert_names(&error, "blocked_by", "Blocked by");
    assert!(
        error.to_string().contains("replaces the whole relation"),
        "{error}"
    );
    assert_eq!(sent, 0);
}

#[tokio::test]
async fn text_over_100_items_of_2000_characters_is_refused() {
    let (error, sent) = refused_create(Task {
        notes: Some("x".repeat(2000 * 100 + 1)),
        ..Task::named("x", "T-1")
    })
    .await;
    assert_names(&error, "notes", "Notes");
    assert_eq!(sent, 0);
}

/// Sends a raw request and expects it refused before it reaches the emulator.
async fn refused_raw(request: Request) -> String {
    let env = Env::start().await;
    env.emulator.faults().clear_requests();
    let error = env.client.send::<Value>(request).await.unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert!(
        env.emulator.faults().requests().is_empty(),
        "nothing was sent"
    );
    error.to_string()
}

fn page_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[tokio::test]
async fn the_low_level_path_refuses_a_long_url_naming_the_property() {
    let request = Request::patch("/v1/pages/{page_id}")
        .param(page_id())
        .json_value(json!({"properties": {"Site": {"url": format!("https://x.test/{}", "a".repeat(2000))}}}));
    let message = refused_raw(request).await;
    assert!(
        message.contains("Site") && message.contains("properties.Site.url"),
        "{message}"
    );
}

#[tokio::test]
async fn the_low_level_path_refuses_children_nested_three_levels() {
    let leaf = json!({"paragraph": {"rich_text": []}});
    let mid = json!({"toggle": {"rich_text": [], "children": [leaf]}});
    let top = json!({"toggle": {"rich_text": [], "children": [mid]}});
    let request = Request::patch("/v1/blocks/{block_id}/children")
        .param(page_id())
        .json_value(json!({"children": [top]}));
    assert!(refused_raw(request).await.contains("levels"));
}

#[tokio::test]
async fn the_low_level_path_refuses_more_than_1000_blocks() {
    let child = json!({"paragraph": {"rich_text": []}});
    let toggle = json!({"toggle": {"rich_text": [], "children": vec![child; 100]}});
    let request = Request::patch("/v1/blocks/{block_id}/children")
        .param(page_id())
        .json_value(json!({"children": vec![toggle; 10]}));
    assert!(refused_raw(request).await.contains("1000 blocks"));
}

#[tokio::test]
async fn the_low_level_path_refuses_bodies_over_500_kb() {
    let text = Value::Array(vec![json!({"text": {"content": "x".repeat(2000)}}); 3]);
    let block = json!({"paragraph": {"rich_text": text}});
    let request = Request::patch("/v1/blocks/{block_id}/children")
        .param(page_id())
        .json_value(json!({"children": vec![block; 100]}));
    assert!(refused_raw(request).await.contains("500000 bytes"));
}

#[tokio::test]
async fn the_low_level_path_splits_long_text() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let created: Value = env
        .client
        .send(Request::post("/v1/pages").json_value(json!({
            "parent": {"data_source_id": ds},
            "properties": {
                "Name": {"title": [{"text": {"content": "n"}}]},
                "Notes": {"rich_text": [{"text": {"content": "😀".repeat(1500)}, "annotations": {"bold": true}}]},
                "Points": {"number": 1},
                "External id": {"rich_text": [{"text": {"content": "S-1"}}]},
            },
        })))
        .await
        .unwrap();
    let notes = created["properties"]["Notes"]["rich_text"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n["annotations"]["bold"] == true));
}
