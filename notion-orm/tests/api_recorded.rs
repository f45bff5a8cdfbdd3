//! The low-level API against real exchanges recorded from Notion (`fixtures/recorded`):
//! the requests we build carry the recorded bodies, and the recorded responses decode.
//!
//! Bodies are compared after normalising what Notion treats as equivalent: ids with or
//! without dashes, and `type` keys that only repeat which other key is present.

use std::path::PathBuf;

use futures_util::TryStreamExt;
use notion_orm::api::data_sources::{DataSourceUpdate, NewDataSource, Query};
use notion_orm::api::databases::{DatabaseUpdate, NewDatabase};
use notion_orm::api::pages::{NewPage, PageUpdate};
use notion_orm::api::search::{Search, SortDirection};
use notion_orm::client::{NotionVersion, RateLimit, RetryPolicy};
use notion_orm::types::{
    DataSourceId, DatabaseId, Icon, PageId, Parent, PropertyConfig, PropertyValue, UserId,
};
use notion_orm::{Client, Error, ErrorCode};
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Clone, Deserialize)]
struct Interaction {
    method: String,
    path: String,
    request_body: Option<Value>,
    status: u16,
    response_body: Value,
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded")
}

/// The `nth` interaction of recording `name` with this method whose path starts with `prefix`.
fn recorded(name: &str, verb: &str, prefix: &str, nth: usize) -> Interaction {
    #[derive(Deserialize)]
    struct File {
        interactions: Vec<Interaction>,
    }
    let file = fixtures_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    let file: File = serde_json::from_str(&text).unwrap();
    file.interactions
        .into_iter()
        .filter(|i| i.method == verb && i.path.starts_with(prefix))
        .nth(nth)
        .unwrap_or_else(|| panic!("{name}: no {verb} {prefix} #{nth}"))
}

/// A mock that answers the recorded request with the recorded response.
async fn replay(interaction: &Interaction) -> (MockServer, Client) {
    replay_with_version(interaction, NotionVersion::V2025_09_03).await
}

async fn replay_with_version(
    interaction: &Interaction,
    version: NotionVersion,
) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(interaction.method.as_str()))
        .and(path(interaction.path.as_str()))
        .respond_with(
            ResponseTemplate::new(interaction.status).set_body_json(&interaction.response_body),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("secret_test")
        .base_url(server.uri())
        .notion_version(version)
        .rate_limit(RateLimit::disabled())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (server, client)
}

async fn sent_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    serde_json::from_slice(&requests[0].body).unwrap()
}

/// Ids without dashes; `type` keys dropped where they only name another key of the object.
fn normalize(value: &Value) -> Value {
    match value {
        Value::String(s) if is_uuid(s) => Value::String(s.replace('-', "")),
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Object(map) => {
            let redundant_type = map
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| map.contains_key(t));
            Value::Object(
                map.iter()
                    .filter(|(k, _)| !(redundant_type && *k == "type"))
                    .map(|(k, v)| (k.clone(), normalize(v)))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

fn is_uuid(s: &str) -> bool {
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    hex.len() == 32
        && hex.chars().all(|c| c.is_ascii_hexdigit())
        && (s.len() == 32 || s.len() == 36)
}

fn assert_same_body(sent: &Value, recorded: &Interaction) {
    let expected = recorded
        .request_body
        .as_ref()
        .expect("recorded request body");
    assert_eq!(normalize(sent), normalize(expected), "sent {sent}");
}

fn id_in_path(interaction: &Interaction, segment: usize) -> String {
    interaction.path.split('/').nth(segment).unwrap().to_owned()
}

// ---- users ----

#[tokio::test]
async fn users_list_decodes() {
    let recorded = recorded("test_users_list", "GET", "/v1/users", 0);
    let (_server, client) = replay(&recorded).await;
    let users = client.users().list().collect_all().await.unwrap();
    assert!(!users.is_empty());
}

#[tokio::test]
async fn users_me_decodes() {
    let recorded = recorded("test_users_me", "GET", "/v1/users/me", 0);
    let (_server, client) = replay(&recorded).await;
    client.users().me().await.unwrap();
}

#[tokio::test]
async fn users_retrieve_decodes() {
    let recorded = recorded("test_users_retrieve", "GET", "/v1/users/7", 0);
    let (_server, client) = replay(&recorded).await;
    let id = UserId::parse(&id_in_path(&recorded, 3)).unwrap();
    client.users().retrieve(id).await.unwrap();
}

// ---- pages ----

#[tokio::test]
async fn page_create_sends_the_recorded_body_and_decodes() {
    let recorded = recorded("test_pages_create", "POST", "/v1/pages", 0);
    let (server, client) = replay(&recorded).await;
    let parent = Parent::Page(PageId::parse("393abc1eedcd80f3813be205934558c6").unwrap());
    let page = NewPage::new(parent)
        .property_json("title", json!([{"text": {"content": "Test Page"}}]))
        .children(vec![]);
    let created = client.pages().create(&page).await.unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
    assert_eq!(created.title().as_deref(), Some("Test Page"));
}

#[tokio::test]
async fn page_retrieve_decodes() {
    let recorded = recorded("test_pages_retrieve", "GET", "/v1/pages/", 0);
    let (_server, client) = replay(&recorded).await;
    let id = PageId::parse(&id_in_path(&recorded, 3)).unwrap();
    let page = client.pages().retrieve(id).await.unwrap();
    assert_eq!(page.id, id);
}

#[tokio::test]
async fn a_page_without_archived_decodes_on_2026_03_11() {
    let mut recorded = recorded("test_pages_retrieve", "GET", "/v1/pages/", 0);
    recorded
        .response_body
        .as_object_mut()
        .unwrap()
        .remove("archived");
    let (_server, client) = replay_with_version(&recorded, NotionVersion::V2026_03_11).await;
    let id = PageId::parse(&id_in_path(&recorded, 3)).unwrap();
    let page = client.pages().retrieve(id).await.unwrap();
    assert!(!page.in_trash);
}

#[tokio::test]
async fn databases_and_data_sources_without_archived_decode_on_2026_03_11() {
    for (name, prefix) in [
        ("test_databases_retrieve", "/v1/databases/"),
        ("test_data_sources_retrieve", "/v1/data_sources/"),
    ] {
        let mut recorded = recorded(name, "GET", prefix, 0);
        recorded
            .response_body
            .as_object_mut()
            .unwrap()
            .remove("archived");
        let (_server, client) = replay_with_version(&recorded, NotionVersion::V2026_03_11).await;
        let id = id_in_path(&recorded, 3);
        let in_trash = if prefix == "/v1/databases/" {
            let id = DatabaseId::parse(&id).unwrap();
            client.databases().retrieve(id).await.unwrap().in_trash
        } else {
            let id = DataSourceId::parse(&id).unwrap();
            client.data_sources().retrieve(id).await.unwrap().in_trash
        };
        assert!(!in_trash, "{name}");
    }
}

#[tokio::test]
async fn page_update_setting_an_icon_sends_the_recorded_body() {
    let recorded = recorded("test_pages_update", "PATCH", "/v1/pages/", 0);
    let (server, client) = replay(&recorded).await;
    let id = PageId::parse(&id_in_path(&recorded, 3)).unwrap();
    client
        .pages()
        .update(id, &PageUpdate::new().icon(Icon::emoji("🛴")))
        .await
        .unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
}

#[tokio::test]
async fn page_update_removing_the_icon_sends_the_recorded_body() {
    let recorded = recorded("test_pages_update", "PATCH", "/v1/pages/", 1);
    let (server, client) = replay(&recorded).await;
    let id = PageId::parse(&id_in_path(&recorded, 3)).unwrap();
    let page = client
        .pages()
        .update(id, &PageUpdate::new().remove_icon())
        .await
        .unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
    assert!(page.icon.is_none());
}

#[tokio::test]
async fn page_restore_sends_in_trash_false_and_decodes() {
    // Recorded with the deprecated `archived` alias; we send its replacement.
    let recorded = recorded("test_pages_delete", "PATCH", "/v1/pages/", 0);
    let (server, client) = replay(&recorded).await;
    let id = PageId::parse(&id_in_path(&recorded, 3)).unwrap();
    let page = client.pages().restore(id).await.unwrap();
    assert_eq!(sent_body(&server).await, json!({"in_trash": false}));
    assert!(!page.in_trash);
}

#[tokio::test]
async fn page_move_sends_the_recorded_body_and_decodes() {
    let recorded = recorded("test_move_pages", "POST", "/v1/pages/", 0);
    let (server, client) = replay(&recorded).await;
    let id = PageId::parse(&id_in_path(&recorded, 3)).unwrap();
    let target = recorded.request_body.as_ref().unwrap()["parent"]["page_id"]
        .as_str()
        .unwrap()
        .to_owned();
    client
        .pages()
        .move_to(id, &Parent::Page(PageId::parse(&target).unwrap()))
        .await
        .unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
}

#[tokio::test]
async fn a_title_property_item_decodes_into_the_full_title() {
    let recorded = recorded("test_pages_properties_retrieve", "GET", "/v1/pages/", 0);
    let (_server, client) = replay(&recorded).await;
    let id = PageId::parse(&id_in_path(&recorded, 3)).unwrap();
    let value = client.pages().property(id, "title").await.unwrap();
    assert!(
        matches!(value, PropertyValue::Title(ref items) if !items.is_empty()),
        "{value:?}"
    );
}

// ---- databases ----

#[tokio::test]
async fn database_create_sends_the_recorded_body_and_decodes() {
    let recorded = recorded("test_databases_create", "POST", "/v1/databases", 0);
    let (server, client) = replay(&recorded).await;
    let parent = recorded.request_body.as_ref().unwrap()["parent"]["page_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let database =
        NewDatabase::new(Parent::Page(PageId::parse(&parent).unwrap())).title("Test Database");
    let created = client.databases().create(&database).await.unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
    assert_eq!(created.data_sources.len(), 1);
}

#[tokio::test]
async fn database_retrieve_decodes() {
    let recorded = recorded("test_databases_retrieve", "GET", "/v1/databases/", 0);
    let (_server, client) = replay(&recorded).await;
    let id = DatabaseId::parse(&id_in_path(&recorded, 3)).unwrap();
    let database = client.databases().retrieve(id).await.unwrap();
    assert_eq!(database.id, id);
}

#[tokio::test]
async fn database_update_sends_the_recorded_body_and_decodes() {
    let recorded = recorded("test_databases_update", "PATCH", "/v1/databases/", 0);
    let (server, client) = replay(&recorded).await;
    let id = DatabaseId::parse(&id_in_path(&recorded, 3)).unwrap();
    client
        .databases()
        .update(id, &DatabaseUpdate::new().icon(Icon::emoji("🔥")))
        .await
        .unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
}

#[test]
fn a_new_database_carries_its_initial_data_source_schema() {
    let page = PageId::parse("393abc1eedcd80f3813be205934558c6").unwrap();
    let database = NewDatabase::new(Parent::Page(page))
        .property("Name", &PropertyConfig::Title)
        .unwrap();
    let body = serde_json::to_value(&database).unwrap();
    assert_eq!(
        body["initial_data_source"],
        json!({"properties": {"Name": {"title": {}}}})
    );
}

// ---- data sources ----

#[tokio::test]
async fn data_source_create_sends_the_recorded_body_and_decodes() {
    let recorded = recorded("test_data_sources_create", "POST", "/v1/data_sources", 0);
    let (server, client) = replay(&recorded).await;
    let database = recorded.request_body.as_ref().unwrap()["parent"]["database_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let data_source = NewDataSource::new(DatabaseId::parse(&database).unwrap())
        .property("Name", &PropertyConfig::Title)
        .unwrap()
        .title("Test DataSource");
    let created = client.data_sources().create(&data_source).await.unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
    assert!(created.property("Name").is_some());
}

#[tokio::test]
async fn data_source_retrieve_decodes() {
    let recorded = recorded("test_data_sources_retrieve", "GET", "/v1/data_sources/", 0);
    let (_server, client) = replay(&recorded).await;
    let id = DataSourceId::parse(&id_in_path(&recorded, 3)).unwrap();
    let data_source = client.data_sources().retrieve(id).await.unwrap();
    assert_eq!(data_source.id, id);
}

#[tokio::test]
async fn data_source_update_of_the_title_sends_the_recorded_body() {
    let recorded = recorded("test_data_sources_update", "PATCH", "/v1/data_sources/", 0);
    let (server, client) = replay(&recorded).await;
    let id = DataSourceId::parse(&id_in_path(&recorded, 3)).unwrap();
    let updated = client
        .data_sources()
        .update(id, &DataSourceUpdate::new().title("Updated DataSource"))
        .await
        .unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
    assert_eq!(updated.title_text(), "Updated DataSource");
}

#[tokio::test]
async fn data_source_trash_sends_in_trash_and_decodes() {
    // Recorded with the deprecated `archived: true`.
    let recorded = recorded("test_data_sources_update", "PATCH", "/v1/data_sources/", 1);
    let (server, client) = replay(&recorded).await;
    let id = DataSourceId::parse(&id_in_path(&recorded, 3)).unwrap();
    let trashed = client
        .data_sources()
        .update(id, &DataSourceUpdate::new().in_trash(true))
        .await
        .unwrap();
    assert_eq!(sent_body(&server).await, json!({"in_trash": true}));
    assert!(trashed.in_trash);
}

#[test]
fn data_source_updates_rename_and_delete_properties() {
    let update = DataSourceUpdate::new()
        .rename_property("Due", "Due date")
        .delete_property("Old");
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"properties": {"Due": {"name": "Due date"}, "Old": null}})
    );
}

#[tokio::test]
async fn data_source_query_sends_the_recorded_body_and_decodes() {
    let recorded = recorded("test_data_sources_query", "POST", "/v1/data_sources/", 0);
    let (server, client) = replay(&recorded).await;
    let id = DataSourceId::parse(&id_in_path(&recorded, 3)).unwrap();
    client
        .data_sources()
        .query(id, &Query::new())
        .collect_all()
        .await
        .unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
}

#[tokio::test]
async fn data_source_query_sends_filter_properties_in_the_query_string() {
    let recorded = recorded("test_data_sources_query", "POST", "/v1/data_sources/", 0);
    let (server, client) = replay(&recorded).await;
    let id = DataSourceId::parse(&id_in_path(&recorded, 3)).unwrap();
    let query = Query::new()
        .filter(json!({"property": "Name", "title": {"is_not_empty": true}}))
        .filter_properties(["title"]);
    client
        .data_sources()
        .query(id, &query)
        .collect_all()
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), Some("filter_properties=title"));
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({"filter": {"property": "Name", "title": {"is_not_empty": true}}})
    );
}

#[tokio::test]
async fn data_source_templates_decode() {
    let recorded = recorded(
        "test_data_sources_list_templates",
        "GET",
        "/v1/data_sources/",
        0,
    );
    let (_server, client) = replay(&recorded).await;
    let id = DataSourceId::parse(&id_in_path(&recorded, 3)).unwrap();
    client
        .data_sources()
        .templates(id, None)
        .collect_all()
        .await
        .unwrap();
}

// ---- search ----

#[tokio::test]
async fn search_sends_the_recorded_body_and_decodes() {
    let recorded = recorded("test_search", "POST", "/v1/search", 0);
    let (server, client) = replay(&recorded).await;
    let query = recorded.request_body.as_ref().unwrap()["query"]
        .as_str()
        .unwrap()
        .to_owned();
    let search = Search::new()
        .query(query)
        .sort_by_last_edited(SortDirection::Descending);
    client
        .search(&search)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
}

#[tokio::test]
async fn an_empty_search_sends_an_empty_body_and_decodes_pages_and_data_sources() {
    let recorded = recorded("test_collect_paginated_api", "POST", "/v1/search", 0);
    let (server, client) = replay(&recorded).await;
    let results = client.search(&Search::new()).collect_all().await.unwrap();
    assert_same_body(&sent_body(&server).await, &recorded);
    assert!(!results.is_empty());
}

// ---- recorded errors ----

/// Checks an error against the recorded error body.
fn assert_recorded_error(err: &Error, recorded: &Interaction, code: ErrorCode) {
    let Error::Api(api) = err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!(api.code, code);
    assert_eq!(api.status, recorded.status);
    let body = &recorded.response_body;
    assert_eq!(api.message, body["message"].as_str().unwrap());
    assert_eq!(api.request_id.as_deref(), body["request_id"].as_str());
}

#[tokio::test]
async fn the_recorded_invalid_url_error_decodes() {
    let recorded = recorded("test_api_response_error", "GET", "/v1/invalid", 0);
    let (_server, client) = replay(&recorded).await;
    let err = client
        .send::<Value>(notion_orm::client::Request::get("/v1/invalid"))
        .await
        .unwrap_err();
    assert_recorded_error(&err, &recorded, ErrorCode::InvalidRequestUrl);
}

#[tokio::test]
async fn the_recorded_unauthorized_error_decodes() {
    let recorded = recorded("test_api_response_error", "GET", "/v1/users", 0);
    let (_server, client) = replay(&recorded).await;
    let err = client.users().list().collect_all().await.unwrap_err();
    assert_recorded_error(&err, &recorded, ErrorCode::Unauthorized);
}

#[tokio::test]
async fn the_recorded_not_found_error_decodes_and_says_to_share_the_page() {
    let recorded = recorded(
        "test_build_request_error_integration",
        "GET",
        "/v1/pages/",
        0,
    );
    let (_server, client) = replay(&recorded).await;
    let id = PageId::parse(&id_in_path(&recorded, 3)).unwrap();
    let err = client.pages().retrieve(id).await.unwrap_err();
    assert_recorded_error(&err, &recorded, ErrorCode::ObjectNotFound);
    assert!(err.to_string().contains("share the page"), "{err}");
}

// ---- every recorded response of these endpoints ----

/// Which type a successful recorded response of `verb path` decodes into, if it is ours.
fn decode_as(verb: &str, path: &str, body: &Value) -> Option<Result<(), String>> {
    use notion_orm::api::data_sources::Template;
    use notion_orm::pagination::ListResponse;
    use notion_orm::types::{DataSource, Database, Page, PageOrDataSource, User};
    fn check<T: serde::de::DeserializeOwned>(body: &Value) -> Result<(), String> {
        serde_json::from_value::<T>(body.clone())
            .map(drop)
            .map_err(|e| e.to_string())
    }
    let segments: Vec<&str> = path.trim_start_matches("/v1/").split('/').collect();
    Some(match (verb, segments.as_slice()) {
        ("POST", ["pages"]) | ("GET" | "PATCH", ["pages", _]) | ("POST", ["pages", _, "move"]) => {
            check::<Page>(body)
        }
        ("POST", ["databases"]) | ("GET" | "PATCH", ["databases", _]) => check::<Database>(body),
        ("POST", ["data_sources"]) | ("GET" | "PATCH", ["data_sources", _]) => {
            check::<DataSource>(body)
        }
        ("POST", ["data_sources", _, "query"]) | ("POST", ["search"]) => {
            check::<ListResponse<PageOrDataSource>>(body)
        }
        ("GET", ["data_sources", _, "templates"]) => check::<ListResponse<Template>>(body),
        ("GET", ["users"]) => check::<ListResponse<User>>(body),
        ("GET", ["users", _]) => check::<User>(body),
        _ => return None,
    })
}

#[test]
fn every_recorded_success_of_these_endpoints_decodes() {
    #[derive(Deserialize)]
    struct File {
        interactions: Vec<Interaction>,
    }
    let mut decoded = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let Ok(parsed) = serde_json::from_str::<File>(&text) else {
            continue;
        };
        for i in parsed.interactions.iter().filter(|i| i.status == 200) {
            match decode_as(&i.method, &i.path, &i.response_body) {
                Some(Ok(())) => decoded += 1,
                Some(Err(e)) => failures.push(format!("{file:?} {} {}: {e}", i.method, i.path)),
                None => {}
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(decoded > 50, "only {decoded} responses checked");
}
