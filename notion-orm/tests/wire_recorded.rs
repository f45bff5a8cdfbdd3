//! Every recorded Notion response for pages, data sources, databases, users, search, queries
//! and property items decodes into the typed wire model, with its key fields intact.
//!
//! The recordings (`tests/fixtures/recorded/`, see the README there) are real API 2025-09-03
//! exchanges. Each response is decoded through `serde_path_to_error` so a failure names the
//! file, the endpoint and the JSON path.

use std::fs;
use std::path::Path;

use notion_orm::pagination::ListResponse;
use notion_orm::types::{
    DataSource, Database, Mention, Page, PageOrDataSource, Parent, PropertyConfig,
    PropertyItemList, PropertyItemResponse, PropertyValue, RichText, RichTextKind, User, UserKind,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One recorded request/response pair.
struct Exchange {
    file: String,
    method: String,
    path: String,
    status: u16,
    body: Value,
}

/// The object a successful response of an endpoint holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Page,
    DataSource,
    Database,
    User,
    UserList,
    PageOrDataSourceList,
    PropertyItem,
}

fn exchanges() -> Vec<Exchange> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let recording: Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
        for interaction in recording["interactions"].as_array().unwrap() {
            out.push(Exchange {
                file: file.file_name().unwrap().to_string_lossy().into_owned(),
                method: interaction["method"].as_str().unwrap().to_owned(),
                path: interaction["path"].as_str().unwrap().to_owned(),
                status: interaction["status"].as_u64().unwrap() as u16,
                body: interaction["response_body"].clone(),
            });
        }
    }
    out
}

fn shape(method: &str, path: &str) -> Option<Shape> {
    let segments: Vec<&str> = path.trim_start_matches("/v1/").split('/').collect();
    Some(match (method, segments.as_slice()) {
        ("POST", ["pages"]) | ("GET" | "PATCH", ["pages", _]) | ("POST", ["pages", _, "move"]) => {
            Shape::Page
        }
        ("GET", ["pages", _, "properties", _]) => Shape::PropertyItem,
        ("POST", ["data_sources"]) | ("GET" | "PATCH", ["data_sources", _]) => Shape::DataSource,
        ("POST", ["data_sources", _, "query"]) | ("POST", ["search"]) => {
            Shape::PageOrDataSourceList
        }
        ("POST", ["databases"]) | ("GET" | "PATCH", ["databases", _]) => Shape::Database,
        ("GET", ["users"]) => Shape::UserList,
        ("GET", ["users", _]) => Shape::User,
        _ => return None,
    })
}

/// The successful responses of endpoints returning `wanted`.
fn responses(wanted: Shape) -> Vec<Exchange> {
    let found: Vec<_> = exchanges()
        .into_iter()
        .filter(|ex| (200..300).contains(&ex.status))
        .filter(|ex| shape(&ex.method, &ex.path) == Some(wanted))
        .collect();
    assert!(
        !found.is_empty(),
        "no recorded responses of shape {wanted:?}"
    );
    found
}

fn decode<T: DeserializeOwned>(ex: &Exchange) -> T {
    let text = ex.body.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).unwrap_or_else(|e| {
        panic!(
            "{}: {} {} did not decode at `{}`: {}",
            ex.file,
            ex.method,
            ex.path,
            e.path(),
            e.inner()
        )
    })
}

fn timestamp(value: &Value) -> jiff::Timestamp {
    value.as_str().unwrap().parse().unwrap()
}

fn plain_text_of(items: &Value) -> String {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["plain_text"].as_str().unwrap())
        .collect()
}

/// The parent's id key and id as Notion sent them (`type` names the key).
fn assert_parent_matches(parent: &Parent, body: &Value, context: &str) {
    let kind = body["type"].as_str().unwrap();
    let expected_id = body[kind].clone();
    let actual = serde_json::to_value(parent).unwrap();
    assert_eq!(
        actual[kind], expected_id,
        "{context}: parent {parent:?} vs {body}"
    );
    if let Parent::DataSource { database_id, .. } = parent {
        assert_eq!(
            database_id.map(|id| id.to_string()),
            body["database_id"].as_str().map(str::to_owned),
            "{context}"
        );
    }
}

fn assert_page_matches(page: &Page, body: &Value, context: &str) {
    assert_eq!(page.id.to_string(), body["id"], "{context}");
    assert_eq!(
        page.created_time,
        timestamp(&body["created_time"]),
        "{context}"
    );
    assert_eq!(
        page.last_edited_time,
        timestamp(&body["last_edited_time"]),
        "{context}"
    );
    assert_eq!(
        page.created_by.id.to_string(),
        body["created_by"]["id"],
        "{context}"
    );
    assert_eq!(
        page.in_trash,
        body["in_trash"].as_bool().unwrap(),
        "{context}"
    );
    assert_eq!(
        page.is_archived,
        body["is_archived"].as_bool().unwrap(),
        "{context}"
    );
    assert_eq!(
        page.is_locked,
        body["is_locked"].as_bool().unwrap(),
        "{context}"
    );
    assert_eq!(page.url, body["url"], "{context}");
    assert_eq!(
        page.public_url.is_some(),
        !body["public_url"].is_null(),
        "{context}"
    );
    assert_eq!(page.icon.is_some(), !body["icon"].is_null(), "{context}");
    assert_eq!(page.cover.is_some(), !body["cover"].is_null(), "{context}");
    assert_parent_matches(&page.parent, &body["parent"], context);

    let properties = body["properties"].as_object().unwrap();
    assert_eq!(page.properties.len(), properties.len(), "{context}");
    for (name, raw) in properties {
        let property = &page.properties[name];
        assert_eq!(property.id.as_str(), raw["id"], "{context}: {name}");
        assert_eq!(property.value.type_name(), raw["type"], "{context}: {name}");
        if let PropertyValue::Title(_) = property.value {
            assert_eq!(
                property.value.plain_text().unwrap(),
                plain_text_of(&raw["title"]),
                "{context}: {name}"
            );
        }
    }
}

fn assert_data_source_matches(data_source: &DataSource, body: &Value, context: &str) {
    assert_eq!(data_source.id.to_string(), body["id"], "{context}");
    assert_eq!(
        data_source.title_text(),
        plain_text_of(&body["title"]),
        "{context}"
    );
    assert_eq!(
        data_source.in_trash,
        body["in_trash"].as_bool().unwrap(),
        "{context}"
    );
    assert_eq!(
        data_source.is_inline,
        body["is_inline"].as_bool().unwrap(),
        "{context}"
    );
    assert_eq!(data_source.url, body["url"], "{context}");
    assert_eq!(
        data_source.created_time,
        timestamp(&body["created_time"]),
        "{context}"
    );
    assert_parent_matches(&data_source.parent, &body["parent"], context);
    assert_parent_matches(
        data_source.database_parent.as_ref().unwrap(),
        &body["database_parent"],
        context,
    );
    assert_eq!(
        data_source.icon.is_some(),
        !body["icon"].is_null(),
        "{context}"
    );
    let properties = body["properties"].as_object().unwrap();
    assert_eq!(data_source.properties.len(), properties.len(), "{context}");
    for (name, raw) in properties {
        let schema = &data_source.properties[name];
        assert_eq!(schema.id.as_str(), raw["id"], "{context}: {name}");
        assert_eq!(schema.name, raw["name"], "{context}: {name}");
        assert_eq!(schema.config.type_name(), raw["type"], "{context}: {name}");
        assert!(
            !matches!(schema.config, PropertyConfig::Unknown { .. }),
            "{context}: {name} decoded as unknown"
        );
    }
}

#[test]
fn every_recorded_page_decodes_with_its_key_fields() {
    for ex in responses(Shape::Page) {
        let page: Page = decode(&ex);
        assert_page_matches(&page, &ex.body, &format!("{} {}", ex.file, ex.path));
    }
}

#[test]
fn every_recorded_data_source_decodes_with_its_schema() {
    for ex in responses(Shape::DataSource) {
        let data_source: DataSource = decode(&ex);
        assert_data_source_matches(&data_source, &ex.body, &format!("{} {}", ex.file, ex.path));
    }
}

#[test]
fn every_recorded_database_decodes_with_its_data_sources() {
    for ex in responses(Shape::Database) {
        let context = format!("{} {}", ex.file, ex.path);
        let database: Database = decode(&ex);
        let body = &ex.body;
        assert_eq!(database.id.to_string(), body["id"], "{context}");
        assert_eq!(
            database.title_text(),
            plain_text_of(&body["title"]),
            "{context}"
        );
        assert_eq!(
            database.in_trash,
            body["in_trash"].as_bool().unwrap(),
            "{context}"
        );
        assert_eq!(
            database.is_locked,
            body["is_locked"].as_bool().unwrap(),
            "{context}"
        );
        assert_eq!(
            database.created_time,
            timestamp(&body["created_time"]),
            "{context}"
        );
        assert_parent_matches(&database.parent, &body["parent"], &context);
        let sources = body["data_sources"].as_array().unwrap();
        assert_eq!(database.data_sources.len(), sources.len(), "{context}");
        for (summary, raw) in database.data_sources.iter().zip(sources) {
            assert_eq!(summary.id.to_string(), raw["id"], "{context}");
            assert_eq!(summary.name, raw["name"], "{context}");
        }
    }
}

fn assert_user_matches(user: &User, body: &Value, context: &str) {
    assert_eq!(user.id.to_string(), body["id"], "{context}");
    assert_eq!(user.name.as_deref(), body["name"].as_str(), "{context}");
    match body["type"].as_str() {
        Some("person") => {
            assert!(matches!(user.kind, UserKind::Person(_)), "{context}");
            assert_eq!(user.email(), body["person"]["email"].as_str(), "{context}");
        }
        Some("bot") => assert!(user.is_bot(), "{context}"),
        other => panic!("{context}: unexpected user type {other:?}"),
    }
}

#[test]
fn every_recorded_user_decodes() {
    for ex in responses(Shape::User) {
        let user: User = decode(&ex);
        assert_user_matches(&user, &ex.body, &format!("{} {}", ex.file, ex.path));
    }
    for ex in responses(Shape::UserList) {
        let list: ListResponse<User> = decode(&ex);
        let raw = ex.body["results"].as_array().unwrap();
        assert_eq!(list.results.len(), raw.len());
        for (user, body) in list.results.iter().zip(raw) {
            assert_user_matches(user, body, &format!("{} {}", ex.file, ex.path));
        }
    }
}

#[test]
fn recorded_bot_exposes_its_workspace_and_upload_limit() {
    let me = responses(Shape::User)
        .into_iter()
        .find(|ex| ex.path == "/v1/users/me")
        .unwrap();
    let user: User = decode(&me);
    let UserKind::Bot(bot) = user.kind else {
        panic!("users/me is the integration's bot");
    };
    assert_eq!(bot.workspace_name.as_deref(), Some("notion-sdk-py"));
    assert_eq!(
        bot.workspace_limits.unwrap().max_file_upload_size_in_bytes,
        Some(5_242_880)
    );
    assert_eq!(bot.owner, Some(notion_orm::types::BotOwner::Workspace));
}

#[test]
fn every_recorded_search_and_query_result_decodes() {
    let mut pages = 0;
    for ex in responses(Shape::PageOrDataSourceList) {
        let list: ListResponse<PageOrDataSource> = decode(&ex);
        let raw = ex.body["results"].as_array().unwrap();
        assert_eq!(list.results.len(), raw.len());
        assert_eq!(list.has_more, ex.body["has_more"].as_bool().unwrap());
        for (result, body) in list.results.iter().zip(raw) {
            let context = format!("{} {}", ex.file, ex.path);
            match result {
                PageOrDataSource::Page(page) => {
                    pages += 1;
                    assert_page_matches(page, body, &context);
                }
                PageOrDataSource::DataSource(data_source) => {
                    assert_data_source_matches(data_source, body, &context)
                }
                PageOrDataSource::Unknown(raw) => panic!("{context}: unknown result {raw}"),
            }
        }
    }
    assert!(pages > 0, "the recordings contain search hits");
}

#[test]
fn recorded_workspace_parent_decodes() {
    let ex = responses(Shape::PageOrDataSourceList)
        .into_iter()
        .find(|ex| !ex.body["results"].as_array().unwrap().is_empty())
        .unwrap();
    let list: ListResponse<PageOrDataSource> = decode(&ex);
    assert_eq!(list.results[0].as_page().unwrap().parent, Parent::Workspace);
}

#[test]
fn recorded_title_property_item_joins_into_the_page_title() {
    for ex in responses(Shape::PropertyItem) {
        let response: PropertyItemResponse = decode(&ex);
        let PropertyItemResponse::List(list) = response else {
            panic!("{}: titles are paginated", ex.file);
        };
        assert_eq!(list.property_item.id.as_str(), "title");
        assert_eq!(list.property_item.type_name, "title");
        assert!(!list.has_more);
        let expected = plain_text_of(&Value::Array(
            ex.body["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["title"].clone())
                .collect(),
        ));
        let value = PropertyItemList::into_value([list]).unwrap();
        assert_eq!(value.plain_text().unwrap(), expected);
    }
}

#[test]
fn trashing_a_data_source_reads_back_in_trash() {
    let trashed: Vec<DataSource> = responses(Shape::DataSource)
        .iter()
        .filter(|ex| ex.method == "PATCH" && ex.body["in_trash"] == true)
        .map(decode)
        .collect();
    assert!(!trashed.is_empty());
    assert!(trashed.iter().all(|data_source| data_source.in_trash));
}

/// A recorded page body rewritten to another API version's trash flags.
fn page_body_with(keep_in_trash: bool, keep_archived: bool, trashed: bool) -> Value {
    let mut body = responses(Shape::Page).remove(0).body;
    let fields = body.as_object_mut().unwrap();
    fields.remove("in_trash");
    fields.remove("archived");
    if keep_in_trash {
        fields.insert("in_trash".into(), trashed.into());
    }
    if keep_archived {
        fields.insert("archived".into(), trashed.into());
    }
    body
}

#[test]
fn api_2026_03_11_pages_without_archived_decode() {
    let page: Page = serde_json::from_value(page_body_with(true, false, true)).unwrap();
    assert!(page.in_trash);
}

#[test]
fn api_2026_03_11_data_sources_and_databases_without_archived_decode() {
    for ex in responses(Shape::DataSource) {
        let mut body = ex.body;
        body.as_object_mut().unwrap().remove("archived");
        let data_source: DataSource = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(data_source.in_trash, body["in_trash"].as_bool().unwrap());
    }
    for ex in responses(Shape::Database) {
        let mut body = ex.body;
        body.as_object_mut().unwrap().remove("archived");
        let database: Database = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(database.in_trash, body["in_trash"].as_bool().unwrap());
    }
}

#[test]
fn pages_with_only_archived_read_it_as_in_trash() {
    let page: Page = serde_json::from_value(page_body_with(false, true, true)).unwrap();
    assert!(page.in_trash);
}

/// The rich text of the first block of a recorded block-children answer.
fn recorded_block_rich_text(file: &str) -> Vec<RichText> {
    let ex = exchanges()
        .into_iter()
        .find(|ex| ex.file == file && ex.path.ends_with("/children") && ex.method == "PATCH")
        .unwrap_or_else(|| panic!("{file} has an append-children exchange"));
    let block = &ex.body["results"][0];
    let kind = block["type"].as_str().unwrap();
    serde_json::from_value(block[kind]["rich_text"].clone()).unwrap()
}

#[test]
fn recorded_date_mention_decodes_as_a_date_only_value() {
    let items = recorded_block_rich_text("test_is_mention_rich_text_item_response.json");
    let RichTextKind::Mention(Mention::Date(date)) = &items[0].kind else {
        panic!("expected a date mention, got {:?}", items[0].kind);
    };
    assert_eq!(date.start.to_string(), "2022-12-16");
    assert_eq!(date.end, None);
    assert_eq!(date.time_zone, None);
    assert_eq!(items[0].plain_text, "2022-12-16");
}

#[test]
fn recorded_equation_decodes() {
    let items = recorded_block_rich_text("test_is_equation_rich_text_item_response.json");
    assert!(
        matches!(&items[0].kind, RichTextKind::Equation(eq) if !eq.expression.is_empty()),
        "{:?}",
        items[0].kind
    );
}

#[test]
fn recorded_text_decodes() {
    let items = recorded_block_rich_text("test_is_text_rich_text_item_response.json");
    assert!(matches!(&items[0].kind, RichTextKind::Text(_)));
    assert!(!items[0].plain_text.is_empty());
}

#[test]
fn decode_errors_name_the_json_path_inside_properties() {
    let mut body = responses(Shape::Page).remove(0).body;
    body["properties"]["Due"] = serde_json::json!({
        "id": "Due", "type": "date", "date": {"start": "next tuesday", "end": null}
    });
    let text = body.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    let err = serde_path_to_error::deserialize::<_, Page>(&mut de).unwrap_err();
    assert_eq!(err.path().to_string(), "properties.Due.date.start");
    assert!(err.inner().to_string().contains("next tuesday"), "{err}");
}
