//! Models: decoding a 100-row query response straight into 100 models, beside parsing the
//! same bytes into `serde_json::Value`; and diffing 1,000 model pairs for patches.
//!
//! Run with `cargo bench -p notion-orm --bench model`; results are in `BENCHMARKS.md`.

use std::sync::LazyLock;

use notion_orm::NotionModel;
use notion_orm::model::{Relation, SlimPage, UserRef};
use notion_orm::pagination::ListResponse;
use notion_orm::types::{PageId, RichText};
use serde_json::{Value, json};

fn main() {
    divan::main();
}

#[derive(notion_orm::NotionSelect, Debug, Clone, PartialEq)]
enum Priority {
    High,
    Low,
    #[notion(other)]
    Other(String),
}

/// A typical model: a title, text, numbers, a select, tags, a date, people and a relation.
#[derive(notion_orm::NotionModel, Debug, Clone, PartialEq)]
struct Task {
    #[notion(id)]
    id: PageId,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Notes")]
    notes: Option<String>,
    #[notion(rename = "Points")]
    points: u32,
    #[notion(rename = "Estimate")]
    estimate: Option<f64>,
    #[notion(rename = "Done")]
    done: bool,
    #[notion(rename = "Priority")]
    priority: Option<Priority>,
    #[notion(rename = "Tags")]
    tags: Vec<String>,
    #[notion(rename = "Due")]
    due: Option<jiff::civil::Date>,
    #[notion(rename = "Owners")]
    owners: Vec<UserRef>,
    #[notion(rename = "Blocked by")]
    blocked_by: Relation<Task>,
}

/// The same rows with styled text: title and notes keep their annotations, so the decoder
/// drops only the annotations left at their defaults.
#[derive(notion_orm::NotionModel, Debug, Clone, PartialEq)]
struct StyledTask {
    #[notion(id)]
    id: PageId,
    #[notion(title, rename = "Name")]
    name: Vec<RichText>,
    #[notion(rename = "Notes")]
    notes: Vec<RichText>,
    #[notion(rename = "Points")]
    points: u32,
    #[notion(rename = "Estimate")]
    estimate: Option<f64>,
    #[notion(rename = "Done")]
    done: bool,
    #[notion(rename = "Priority")]
    priority: Option<Priority>,
    #[notion(rename = "Tags")]
    tags: Vec<String>,
    #[notion(rename = "Due")]
    due: Option<jiff::civil::Date>,
    #[notion(rename = "Owners")]
    owners: Vec<UserRef>,
    #[notion(rename = "Blocked by")]
    blocked_by: Relation<Task>,
}

const ROWS: usize = 100;

fn uuid(i: usize) -> String {
    format!("2a1b3c4d-5e6f-4a8b-9c0d-{i:012x}")
}

fn rich_text(text: &str) -> Value {
    json!([{
        "type": "text",
        "text": {"content": text, "link": null},
        "annotations": {"bold": false, "italic": false, "strikethrough": false,
                        "underline": false, "code": false, "color": "default"},
        "plain_text": text,
        "href": null
    }])
}

/// One page as Notion returns it from a query.
fn page(i: usize) -> Value {
    json!({
        "object": "page",
        "id": uuid(i),
        "created_time": "2026-01-01T00:00:00.000Z",
        "last_edited_time": "2026-01-02T00:00:00.000Z",
        "created_by": {"object": "user", "id": uuid(1000)},
        "last_edited_by": {"object": "user", "id": uuid(1000)},
        "cover": null,
        "icon": null,
        "parent": {"type": "data_source_id", "data_source_id": uuid(2000), "database_id": uuid(3000)},
        "in_trash": false,
        "archived": false,
        "is_locked": false,
        "url": format!("https://www.notion.so/{}", uuid(i).replace('-', "")),
        "public_url": null,
        "properties": {
            "Name": {"id": "title", "type": "title", "title": rich_text(&format!("Task number {i}"))},
            "Notes": {"id": "a%3Ab", "type": "rich_text", "rich_text": rich_text("Some notes about the task")},
            "Points": {"id": "b%3Ab", "type": "number", "number": i % 13},
            "Estimate": {"id": "c%3Ab", "type": "number", "number": 2.5},
            "Done": {"id": "d%3Ab", "type": "checkbox", "checkbox": i.is_multiple_of(2)},
            "Priority": {"id": "e%3Ab", "type": "select", "select": {"id": "x", "name": "High", "color": "red"}},
            "Tags": {"id": "f%3Ab", "type": "multi_select", "multi_select": [
                {"id": "1", "name": "docs", "color": "blue"}, {"id": "2", "name": "api", "color": "green"}]},
            "Due": {"id": "g%3Ab", "type": "date", "date": {"start": "2026-03-01", "end": null, "time_zone": null}},
            "Owners": {"id": "h%3Ab", "type": "people", "people": [{"object": "user", "id": uuid(1000)}]},
            "Blocked by": {"id": "i%3Ab", "type": "relation", "relation": [{"id": uuid(i + 1)}], "has_more": false}
        }
    })
}

/// The bytes of a 100-row query response.
static RESPONSE: LazyLock<String> = LazyLock::new(|| {
    let results: Vec<Value> = (0..ROWS).map(page).collect();
    json!({
        "object": "list", "results": results, "next_cursor": null, "has_more": false,
        "type": "page_or_data_source", "page_or_data_source": {}, "request_id": uuid(9999)
    })
    .to_string()
});

/// The baseline: the same bytes parsed into `serde_json::Value`.
#[divan::bench]
fn parse_value(bencher: divan::Bencher<'_, '_>) {
    let bytes = RESPONSE.as_str();
    bencher.bench(|| serde_json::from_str::<Value>(divan::black_box(bytes)).unwrap());
}

/// The bytes decoded into 100 models the way `Query::stream` does: one pass that builds only
/// the parts each model reads (`SlimPage`), then the conversions.
#[divan::bench]
fn decode_models(bencher: divan::Bencher<'_, '_>) {
    let bytes = RESPONSE.as_str();
    bencher.bench(|| {
        let list: ListResponse<SlimPage<Task>> =
            serde_json::from_str(divan::black_box(bytes)).unwrap();
        let models: Vec<Task> = list
            .results
            .iter()
            .map(|slim| Task::from_page(&slim.page).unwrap())
            .collect();
        models
    });
}

/// Like `decode_models`, for a model whose title and notes keep their styles
/// (`Vec<RichText>`), so their values are built nearly whole.
#[divan::bench]
fn decode_styled_models(bencher: divan::Bencher<'_, '_>) {
    let bytes = RESPONSE.as_str();
    bencher.bench(|| {
        let list: ListResponse<SlimPage<StyledTask>> =
            serde_json::from_str(divan::black_box(bytes)).unwrap();
        let models: Vec<StyledTask> = list
            .results
            .iter()
            .map(|slim| StyledTask::from_page(&slim.page).unwrap())
            .collect();
        models
    });
}

/// For comparison: the whole response parsed into a `Value`, then each page converted.
#[divan::bench]
fn decode_models_through_value(bencher: divan::Bencher<'_, '_>) {
    let bytes = RESPONSE.as_str();
    bencher.bench(|| {
        let list: Value = serde_json::from_str(divan::black_box(bytes)).unwrap();
        let models: Vec<Task> = list["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| Task::from_page(p).unwrap())
            .collect();
        models
    });
}

/// 1,000 model pairs, every tenth with one changed field.
static PAIRS: LazyLock<Vec<(Task, Task)>> = LazyLock::new(|| {
    (0..1000)
        .map(|i| {
            let old = Task::from_page(&page(i)).unwrap();
            let mut new = old.clone();
            if i.is_multiple_of(10) {
                new.done = !new.done;
            }
            (old, new)
        })
        .collect()
});

/// The patch bodies (changed properties) of 1,000 model pairs.
#[divan::bench]
fn diff_1000_models(bencher: divan::Bencher<'_, '_>) {
    let pairs = &*PAIRS;
    bencher.bench(|| {
        pairs
            .iter()
            .map(|(old, new)| Task::changed_properties(old, new).unwrap().len())
            .sum::<usize>()
    });
}
