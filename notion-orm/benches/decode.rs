//! Decoding a data-source query response into the typed wire model, against parsing the same
//! bytes into `serde_json::Value`.
//!
//! The response holds 100 pages, each with one property of every type that has a page value
//! (the fixtures of `tests/fixtures/properties/`), so the benchmark covers every decoder.
//! Run with `cargo bench -p notion-orm --bench decode`; results are in `BENCHMARKS.md`.

use std::path::Path;
use std::sync::LazyLock;

use notion_orm::pagination::ListResponse;
use notion_orm::types::{Page, PageOrDataSource};
use serde_json::{Value, json};

fn main() {
    divan::main();
}

const ROWS: usize = 100;

/// The page values of every property fixture, keyed by a property name.
fn property_values() -> serde_json::Map<String, Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/properties");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("property fixtures")
        .map(|entry| entry.expect("fixture entry").path())
        .collect();
    files.sort();
    let mut properties = serde_json::Map::new();
    for file in files {
        let fixture: Value =
            serde_json::from_slice(&std::fs::read(&file).expect("fixture")).expect("JSON");
        if !fixture["value"].is_null() {
            let name = file
                .file_stem()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            properties.insert(name, fixture["value"].clone());
        }
    }
    properties
}

/// A 2025-09-03 query response with `ROWS` pages, serialized once. Written by hand rather than
/// through `json!` so keys keep Notion's order (`object` first), which the decoders rely on
/// for their single-pass paths.
static RESPONSE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let properties = property_values();
    let user = r#"{"object":"user","id":"7775f3a3-893f-43fa-b625-460c61094c78"}"#;
    let results: Vec<String> = (0..ROWS)
        .map(|row| {
            let mut properties = properties.clone();
            properties["title"]["title"][0]["plain_text"] = json!(format!("Task {row}"));
            properties["number"]["number"] = json!(row);
            let properties = Value::Object(properties);
            format!(
                r#"{{"object":"page","id":"393abc1e-edcd-81f5-ae94-{row:012x}","created_time":"2026-07-04T09:08:00.000Z","last_edited_time":"2026-07-04T09:08:00.000Z","created_by":{user},"last_edited_by":{user},"cover":null,"icon":{{"type":"emoji","emoji":"✅"}},"parent":{{"type":"data_source_id","data_source_id":"393abc1e-edcd-8179-9372-000bd163e729","database_id":"3e631832-5efa-4702-8171-8b8a0e6651ba"}},"in_trash":false,"is_archived":false,"is_locked":false,"properties":{properties},"url":"https://app.notion.com/p/Task-{row}-393abc1eedcd81f5ae94{row:012x}","public_url":null,"archived":false}}"#
            )
        })
        .collect();
    format!(
        r#"{{"object":"list","results":[{}],"next_cursor":null,"has_more":false,"type":"page_or_data_source","page_or_data_source":{{}},"request_id":"572db118-b5fe-43e2-aa79-99e8d4f07cac"}}"#,
        results.join(",")
    )
    .into_bytes()
});

/// Typed decode: what `Client` does with a query response.
#[divan::bench]
fn typed_pages(bencher: divan::Bencher<'_, '_>) {
    let bytes = RESPONSE.as_slice();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            let list: ListResponse<Page> =
                serde_json::from_slice(divan::black_box(bytes)).expect("decodes");
            assert_eq!(list.results.len(), ROWS);
            list
        });
}

/// Typed decode of mixed results (search, wiki queries): each result is buffered first.
#[divan::bench]
fn typed_pages_or_data_sources(bencher: divan::Bencher<'_, '_>) {
    let bytes = RESPONSE.as_slice();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            let list: ListResponse<PageOrDataSource> =
                serde_json::from_slice(divan::black_box(bytes)).expect("decodes");
            assert_eq!(list.results.len(), ROWS);
            list
        });
}

/// Baseline: the same bytes into an untyped `serde_json::Value`.
#[divan::bench]
fn json_value(bencher: divan::Bencher<'_, '_>) {
    let bytes = RESPONSE.as_slice();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| serde_json::from_slice::<Value>(divan::black_box(bytes)).expect("parses"));
}
