//! Read-only kinds (formula, rollup, unique_id, created_*, last_edited_*) and page metadata,
//! read back from the emulator.

mod common;

use common::emulator::Env;
use notion_orm::client::Request;
use notion_orm::prelude::*;
use serde_json::{Value, json};

/// Rows of a data source with computed properties; only `Name`, `Points` and `Parent task`
/// can be written.
#[derive(NotionModel, Debug, Clone, PartialEq)]
struct Row {
    #[notion(id)]
    id: PageId,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Points")]
    points: f64,
    #[notion(rename = "Double", kind = "formula")]
    double: Option<f64>,
    #[notion(rename = "Label", kind = "formula")]
    label: Option<String>,
    #[notion(rename = "Big", kind = "formula")]
    big: Option<bool>,
    #[notion(rename = "Ticket")]
    ticket: UniqueId,
    #[notion(rename = "Created", kind = "created_time")]
    created: jiff::Timestamp,
    #[notion(rename = "Creator", kind = "created_by")]
    creator: UserRef,
    #[notion(rename = "Edited", kind = "last_edited_time")]
    edited: jiff::Timestamp,
    #[notion(rename = "Parent task")]
    parent_task: Relation<Row>,
    #[notion(rename = "Parent points", kind = "rollup")]
    parent_points: Option<f64>,
    #[notion(rename = "Parent names", kind = "rollup")]
    parent_names: Vec<Value>,
    #[notion(created_time)]
    page_created: jiff::Timestamp,
    #[notion(url)]
    url: String,
    #[notion(in_trash)]
    in_trash: bool,
}

async fn data_source(env: &Env) -> DataSourceId {
    let db = env.database().await;
    let ds: Value = env
        .client
        .send(Request::post("/v1/data_sources").json_value(json!({
            "parent": {"type": "database_id", "database_id": db},
            "title": [{"type": "text", "text": {"content": "Rows"}}],
            "properties": {
                "Name": {"title": {}},
                "Points": {"number": {}},
                "Double": {"formula": {"expression": "prop(\"Points\") * 2"}},
                "Label": {"formula": {"expression": "concat(\"#\", prop(\"Name\"))"}},
                "Big": {"formula": {"expression": "prop(\"Points\") > 10"}},
                "Ticket": {"unique_id": {"prefix": "ROW"}},
                "Created": {"created_time": {}},
                "Creator": {"created_by": {}},
                "Edited": {"last_edited_time": {}},
            }
        })))
        .await
        .unwrap();
    let id = DataSourceId::parse(ds["id"].as_str().unwrap()).unwrap();
    // The relation to itself and the rollup over it need the data source to exist.
    let _: Value = env
        .client
        .send(
            Request::patch("/v1/data_sources/{data_source_id}")
                .param(id)
                .json_value(json!({"properties": {
                    "Parent task": {"relation": {"data_source_id": id, "single_property": {}}},
                }})),
        )
        .await
        .unwrap();
    let _: Value = env
        .client
        .send(
            Request::patch("/v1/data_sources/{data_source_id}")
                .param(id)
                .json_value(json!({"properties": {
                    "Parent points": {"rollup": {
                        "relation_property_name": "Parent task",
                        "rollup_property_name": "Points",
                        "function": "sum"
                    }},
                    "Parent names": {"rollup": {
                        "relation_property_name": "Parent task",
                        "rollup_property_name": "Name",
                        "function": "show_original"
                    }},
                }})),
        )
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn computed_properties_and_metadata_are_read() {
    let env = Env::start().await;
    let ds = data_source(&env).await;
    let parent = Row::create()
        .set(Row::NAME, "parent")
        .set(Row::POINTS, 20.0)
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    let child = Row::create()
        .set(Row::NAME, "child")
        .set(Row::POINTS, 4.0)
        .set(Row::PARENT_TASK, Relation::new([parent.id]))
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    let read = Row::get(&env.client, child.id).await.unwrap();
    assert_eq!(read.double, Some(8.0));
    assert_eq!(read.label.as_deref(), Some("#child"));
    assert_eq!(read.big, Some(false));
    assert_eq!(read.ticket.prefix.as_deref(), Some("ROW"));
    assert_eq!(read.ticket.number, parent.ticket.number + 1);
    assert_eq!(read.creator.id.as_uuid(), &env.emulator.bot_id());
    assert_eq!(read.created, read.page_created);
    assert!(read.edited >= read.created);
    assert_eq!(read.parent_points, Some(20.0));
    assert!(read.url.contains(&child.id.simple()), "{}", read.url);
    assert!(!read.in_trash);
    assert_eq!(read, child);
}

#[tokio::test]
async fn read_only_fields_are_never_written() {
    let env = Env::start().await;
    let ds = data_source(&env).await;
    let row = Row::create()
        .set(Row::NAME, "a")
        .set(Row::POINTS, 1.0)
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    let written = notion_orm::NotionModel::to_properties(&row).unwrap();
    let mut keys: Vec<&String> = written.keys().collect();
    keys.sort();
    assert_eq!(keys, ["Name", "Parent task", "Points"]);
}

#[tokio::test]
async fn formula_and_rollup_filters_use_the_result_type() {
    let env = Env::start().await;
    let ds = data_source(&env).await;
    let parent = Row::create()
        .set(Row::NAME, "parent")
        .set(Row::POINTS, 20.0)
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    Row::create()
        .set(Row::NAME, "child")
        .set(Row::POINTS, 4.0)
        .set(Row::PARENT_TASK, Relation::new([parent.id]))
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    let names = |rows: Vec<Row>| rows.into_iter().map(|r| r.name).collect::<Vec<_>>();
    let big = Row::query()
        .data_source(ds)
        .filter(Row::DOUBLE.greater_than(10));
    assert_eq!(names(big.all(&env.client).await.unwrap()), ["parent"]);
    let labelled = Row::query()
        .data_source(ds)
        .filter(Row::LABEL.ends_with("child"));
    assert_eq!(names(labelled.all(&env.client).await.unwrap()), ["child"]);
    let rolled = Row::query()
        .data_source(ds)
        .filter(Row::PARENT_POINTS.equals(20));
    assert_eq!(names(rolled.all(&env.client).await.unwrap()), ["child"]);
}

#[tokio::test]
async fn array_rollup_filters_quantify_over_the_related_values() {
    use notion_orm::query::rollup;
    let env = Env::start().await;
    let ds = data_source(&env).await;
    let parent = Row::create()
        .set(Row::NAME, "parent")
        .set(Row::POINTS, 1.0)
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    let child = Row::create()
        .set(Row::NAME, "child")
        .set(Row::POINTS, 2.0)
        .set(Row::PARENT_TASK, Relation::new([parent.id]))
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    assert_eq!(child.parent_names.len(), 1, "{:?}", child.parent_names);
    let names = |rows: Vec<Row>| rows.into_iter().map(|r| r.name).collect::<Vec<_>>();
    let any = Row::query()
        .data_source(ds)
        .filter(Row::PARENT_NAMES.any(rollup::rich_text().starts_with("par")));
    assert_eq!(names(any.all(&env.client).await.unwrap()), ["child"]);
    let none = Row::query()
        .data_source(ds)
        .filter(Row::PARENT_NAMES.none(rollup::rich_text().equals("parent")));
    assert_eq!(names(none.all(&env.client).await.unwrap()), ["parent"]);
    let every = Row::query().data_source(ds).filter(
        Row::PARENT_NAMES
            .every(rollup::rich_text().ends_with("ent"))
            .and(Row::PARENT_TASK.is_not_empty()),
    );
    assert_eq!(names(every.all(&env.client).await.unwrap()), ["child"]);
}
