//! Data sources and databases: create, retrieve, schema updates, templates.

mod support;

use serde_json::{Value, json};
use support::Api;

async fn schema(api: &Api, ds: &str) -> Value {
    api.get_ok(&format!("/v1/data_sources/{ds}")).await["properties"].clone()
}

#[tokio::test]
async fn a_database_lists_its_initial_data_source() {
    let api = Api::start().await;
    let page = api.page("Parent").await;
    let db = api
        .post_ok(
            "/v1/databases",
            json!({"parent": {"type": "page_id", "page_id": page["id"]},
                   "title": [{"type": "text", "text": {"content": "Test Database"}}]}),
        )
        .await;
    assert_eq!(db["object"], "database");
    assert_eq!(db["data_sources"][0]["name"], "Test Database");
    assert_eq!(db["description"], json!([]));
    let created = db["created_time"].as_str().unwrap();
    assert!(created.ends_with("+00:00"), "{created}");
    let ds = db["data_sources"][0]["id"].as_str().unwrap();
    let source = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    assert_eq!(source["properties"]["Name"]["id"], "title");
    assert_eq!(
        source["parent"],
        json!({"type": "database_id", "database_id": db["id"]})
    );
    assert_eq!(source["database_parent"]["page_id"], page["id"]);
}

#[tokio::test]
async fn a_database_shows_as_a_child_database_block_of_its_page() {
    let api = Api::start().await;
    let page = api.page("Parent").await;
    let pid = page["id"].as_str().unwrap();
    let db = api
        .post_ok(
            "/v1/databases",
            json!({"parent": {"page_id": pid}, "title": [{"text": {"content": "Inner"}}]}),
        )
        .await;
    let children = api.get_ok(&format!("/v1/blocks/{pid}/children")).await;
    assert_eq!(children["results"][0]["id"], db["id"]);
    assert_eq!(children["results"][0]["type"], "child_database");
    assert_eq!(children["results"][0]["child_database"]["title"], "Inner");
}

#[tokio::test]
async fn a_second_data_source_joins_the_database() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let source = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    let db_id = source["parent"]["database_id"].as_str().unwrap();
    let second = api
        .post_ok(
            "/v1/data_sources",
            json!({"parent": {"type": "database_id", "database_id": db_id},
                   "properties": {"Name": {"title": {}}},
                   "title": [{"type": "text", "text": {"content": "Test DataSource"}}]}),
        )
        .await;
    assert_eq!(second["title"][0]["plain_text"], "Test DataSource");
    let db = api.get_ok(&format!("/v1/databases/{db_id}")).await;
    assert_eq!(db["data_sources"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn pages_need_a_data_source_parent_when_a_database_has_two() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let source = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    let db_id = source["parent"]["database_id"].as_str().unwrap().to_owned();
    api.post_ok(
        "/v1/data_sources",
        json!({"parent": {"database_id": db_id}, "properties": {"Name": {"title": {}}}}),
    )
    .await;
    let (status, _) = api
        .post(
            "/v1/pages",
            json!({"parent": {"database_id": db_id}, "properties": {}}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_property_can_be_renamed_keeping_its_id_and_values() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let before = schema(&api, &ds).await;
    let row = api.row(&ds, "r", json!({"Score": {"number": 3}})).await;
    api.patch_ok(
        &format!("/v1/data_sources/{ds}"),
        json!({"properties": {"Score": {"name": "Points"}}}),
    )
    .await;
    let after = schema(&api, &ds).await;
    assert!(after.get("Score").is_none());
    assert_eq!(after["Points"]["id"], before["Score"]["id"]);
    let page = api
        .get_ok(&format!("/v1/pages/{}", row["id"].as_str().unwrap()))
        .await;
    assert_eq!(page["properties"]["Points"]["number"], 3);
}

#[tokio::test]
async fn a_property_can_be_deleted_with_null() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    api.patch_ok(
        &format!("/v1/data_sources/{ds}"),
        json!({"properties": {"Notes": null}}),
    )
    .await;
    assert!(schema(&api, &ds).await.get("Notes").is_none());
}

#[tokio::test]
async fn the_title_property_cannot_be_deleted() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let (status, _) = api
        .patch(
            &format!("/v1/data_sources/{ds}"),
            json!({"properties": {"Name": null}}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_property_type_can_change() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let before = schema(&api, &ds).await;
    api.patch_ok(
        &format!("/v1/data_sources/{ds}"),
        json!({"properties": {"Notes": {"select": {"options": [{"name": "x", "color": "red"}]}}}}),
    )
    .await;
    let after = schema(&api, &ds).await;
    assert_eq!(after["Notes"]["type"], "select");
    assert_eq!(after["Notes"]["id"], before["Notes"]["id"]);
    assert_eq!(after["Notes"]["select"]["options"][0]["color"], "red");
}

#[tokio::test]
async fn a_property_can_be_added() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let updated = api
        .patch_ok(
            &format!("/v1/data_sources/{ds}"),
            json!({"properties": {"Cost": {"number": {"format": "dollar"}}}}),
        )
        .await;
    assert_eq!(updated["properties"]["Cost"]["number"]["format"], "dollar");
}

#[tokio::test]
async fn an_invalid_select_color_is_rejected() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let (status, _) = api
        .patch(
            &format!("/v1/data_sources/{ds}"),
            json!({"properties": {"C": {"select": {"options": [{"name": "x", "color": "neon"}]}}}}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn renaming_the_data_source_changes_its_title() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let updated = api
        .patch_ok(
            &format!("/v1/data_sources/{ds}"),
            json!({"title": [{"text": {"content": "Renamed"}}]}),
        )
        .await;
    assert_eq!(updated["title"][0]["plain_text"], "Renamed");
}

#[tokio::test]
async fn an_unknown_data_source_is_worded_as_a_data_source() {
    let api = Api::start().await;
    let id = "5c726c8a193f451eb113f7665abe826e";
    let (status, error) = api.get(&format!("/v1/data_sources/{id}")).await;
    assert_eq!(status, 404);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("Could not find data source with ID:"),
        "{message}"
    );
    let (status, error) = api
        .post(&format!("/v1/data_sources/{id}/query"), json!({}))
        .await;
    assert_eq!(status, 404);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("Could not find data source with ID:"),
        "{message}"
    );
}

#[tokio::test]
async fn database_updates_change_container_attributes() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let source = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    let db_id = source["parent"]["database_id"].as_str().unwrap();
    let db = api
        .patch_ok(
            &format!("/v1/databases/{db_id}"),
            json!({"title": [{"text": {"content": "New"}}], "is_locked": true,
                   "icon": {"type": "emoji", "emoji": "📚"}}),
        )
        .await;
    assert_eq!(db["title"][0]["plain_text"], "New");
    assert_eq!(db["is_locked"], true);
    assert_eq!(db["icon"], json!({"type": "emoji", "emoji": "📚"}));
}

#[tokio::test]
async fn templates_list_is_empty_without_templates() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let templates = api
        .get_ok(&format!("/v1/data_sources/{ds}/templates"))
        .await;
    assert_eq!(templates["templates"], json!([]));
    assert_eq!(templates["has_more"], false);
    assert!(templates.get("object").is_none());
}

#[tokio::test]
async fn seeded_templates_are_listed_and_filtered_by_name() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let id: uuid::Uuid = ds.parse().unwrap();
    api.emulator
        .seed_template(id, "Weekly review", true)
        .unwrap();
    api.emulator.seed_template(id, "Bug", false).unwrap();
    let all = api
        .get_ok(&format!("/v1/data_sources/{ds}/templates"))
        .await;
    assert_eq!(all["templates"].as_array().unwrap().len(), 2);
    let weekly = api
        .get_ok(&format!("/v1/data_sources/{ds}/templates?name=WEEK"))
        .await;
    assert_eq!(weekly["templates"][0]["name"], "Weekly review");
    assert_eq!(weekly["templates"][0]["is_default"], true);
}

#[tokio::test]
async fn trashing_a_database_trashes_its_data_sources() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let source = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    let db_id = source["parent"]["database_id"].as_str().unwrap();
    api.patch_ok(&format!("/v1/databases/{db_id}"), json!({"in_trash": true}))
        .await;
    let source = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    assert_eq!(source["in_trash"], true);
    let (status, _) = api
        .post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {}}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_type_change_converts_values_through_their_text() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api
        .row(
            &ds,
            "r",
            json!({"Notes": {"rich_text": [{"text": {"content": "42"}}]},
                              "Priority": {"select": {"name": "High"}}}),
        )
        .await;
    api.patch_ok(
        &format!("/v1/data_sources/{ds}"),
        json!({"properties": {"Notes": {"number": {}}, "Priority": {"rich_text": {}}}}),
    )
    .await;
    let page = api
        .get_ok(&format!("/v1/pages/{}", row["id"].as_str().unwrap()))
        .await;
    assert_eq!(page["properties"]["Notes"]["number"], 42);
    assert_eq!(
        page["properties"]["Priority"]["rich_text"][0]["plain_text"],
        "High"
    );
}

#[tokio::test]
async fn a_type_change_to_select_creates_the_options() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    api.row(
        &ds,
        "r",
        json!({"Notes": {"rich_text": [{"text": {"content": "Blue"}}]}}),
    )
    .await;
    let updated = api
        .patch_ok(
            &format!("/v1/data_sources/{ds}"),
            json!({"properties": {"Notes": {"select": {}}}}),
        )
        .await;
    assert_eq!(
        updated["properties"]["Notes"]["select"]["options"][0]["name"],
        "Blue"
    );
    let rows = api
        .filtered(
            &ds,
            json!({"property": "Notes", "select": {"equals": "Blue"}}),
        )
        .await;
    assert_eq!(rows, ["r"]);
}

#[tokio::test]
async fn version_2026_03_11_drops_archived_on_databases_data_sources_and_blocks() {
    let mut api = Api::start().await;
    api.version = "2026-03-11";
    let ds = api.tasks().await;
    let source = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    assert!(source.get("archived").is_none());
    assert_eq!(source["in_trash"], false);
    let db = api
        .get_ok(&format!(
            "/v1/databases/{}",
            source["parent"]["database_id"].as_str().unwrap()
        ))
        .await;
    assert!(db.get("archived").is_none());
    let page = api.page("p").await;
    let block = api
        .get_ok(&format!("/v1/blocks/{}", page["id"].as_str().unwrap()))
        .await;
    assert!(block.get("archived").is_none());
    assert_eq!(block["in_trash"], false);
}
