//! Pages: create, retrieve, update, trash and restore, move, property items, reference caps.

mod support;

use std::collections::BTreeSet;

use notion_emulator::Config;
use serde_json::{Value, json};
use support::Api;

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

/// The keys of the recorded `POST /v1/pages` response (fixtures/recorded/test_pages_create.json).
const RECORDED_PAGE_KEYS: &[&str] = &[
    "object",
    "id",
    "created_time",
    "last_edited_time",
    "created_by",
    "last_edited_by",
    "cover",
    "icon",
    "parent",
    "in_trash",
    "is_archived",
    "is_locked",
    "properties",
    "url",
    "public_url",
    "archived",
    "request_id",
];

#[tokio::test]
async fn a_page_under_a_page_has_the_recorded_shape() {
    let api = Api::start().await;
    let page = api.page("Test Page").await;
    let expected: BTreeSet<String> = RECORDED_PAGE_KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(keys(&page), expected);
    assert_eq!(page["parent"]["type"], "page_id");
    assert_eq!(page["properties"]["title"]["id"], "title");
    assert_eq!(
        page["properties"]["title"]["title"][0]["plain_text"],
        "Test Page"
    );
    let created = page["created_time"].as_str().unwrap();
    assert!(created.ends_with(":00.000Z"), "minute-rounded: {created}");
    let url = page["url"].as_str().unwrap();
    assert!(
        url.starts_with("https://app.notion.com/p/Test-Page-"),
        "{url}"
    );
}

#[tokio::test]
async fn version_2026_03_11_drops_archived() {
    let mut api = Api::start().await;
    api.version = "2026-03-11";
    let page = api.page("New").await;
    assert!(page.get("archived").is_none());
    assert_eq!(page["in_trash"], false);
}

#[tokio::test]
async fn a_row_has_every_property_of_its_data_source() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "r", json!({})).await;
    let schema = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    assert_eq!(keys(&row["properties"]), keys(&schema["properties"]));
    assert_eq!(row["parent"]["data_source_id"], ds.as_str());
    assert!(row["parent"]["database_id"].is_string());
    assert_eq!(row["properties"]["Score"]["number"], Value::Null);
    assert_eq!(row["properties"]["Tags"]["multi_select"], json!([]));
    assert_eq!(row["properties"]["Done"]["checkbox"], false);
}

#[tokio::test]
async fn ids_are_accepted_without_dashes() {
    let api = Api::start().await;
    let page = api.page("p").await;
    let undashed = page["id"].as_str().unwrap().replace('-', "");
    let fetched = api.get_ok(&format!("/v1/pages/{undashed}")).await;
    assert_eq!(fetched["id"], page["id"]);
}

#[tokio::test]
async fn an_unknown_page_is_object_not_found_with_the_sharing_hint() {
    let api = Api::start().await;
    let (status, error) = api
        .get("/v1/pages/00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(status, 404);
    assert_eq!(
        error["message"],
        "Could not find page with ID: 00000000-0000-0000-0000-000000000000. Make sure the relevant pages and databases are shared with your integration \"notion-emulator\"."
    );
    assert_eq!(
        error["additional_data"]["integration_id"],
        api.emulator.bot_id().to_string()
    );
}

#[tokio::test]
async fn update_changes_only_the_given_properties() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api
        .row(
            &ds,
            "r",
            json!({"Score": {"number": 1}, "Done": {"checkbox": true}}),
        )
        .await;
    let id = row["id"].as_str().unwrap();
    let updated = api
        .patch_ok(
            &format!("/v1/pages/{id}"),
            json!({"properties": {"Score": {"number": 2}}}),
        )
        .await;
    assert_eq!(updated["properties"]["Score"]["number"], 2);
    assert_eq!(updated["properties"]["Done"]["checkbox"], true);
}

#[tokio::test]
async fn properties_can_be_addressed_by_id() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let schema = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    let score_id = schema["properties"]["Score"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let row = api.row(&ds, "r", json!({ score_id: {"number": 5} })).await;
    assert_eq!(row["properties"]["Score"]["number"], 5);
}

#[tokio::test]
async fn an_unknown_select_option_is_created_on_write() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api
        .row(
            &ds,
            "r",
            json!({"Priority": {"select": {"name": "Urgent"}}}),
        )
        .await;
    assert_eq!(row["properties"]["Priority"]["select"]["name"], "Urgent");
    let schema = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    let names: Vec<&str> = schema["properties"]["Priority"]["select"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["High", "Low", "Urgent"]);
}

#[tokio::test]
async fn an_unknown_status_option_is_rejected() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let (status, error) = api
        .post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {"Stage": {"status": {"name": "Nope"}}}}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["code"], "validation_error");
}

#[tokio::test]
async fn an_unknown_property_is_rejected() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let (status, error) = api
        .post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {"Nope": {"number": 1}}}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["message"], "Nope is not a property that exists.");
}

#[tokio::test]
async fn a_failed_update_changes_nothing() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "r", json!({"Score": {"number": 1}})).await;
    let id = row["id"].as_str().unwrap();
    let (status, _) = api
        .patch(
            &format!("/v1/pages/{id}"),
            json!({"properties": {"Score": {"number": 2}, "Done": {"checkbox": "yes"}}}),
        )
        .await;
    assert_eq!(status, 400);
    let page = api.get_ok(&format!("/v1/pages/{id}")).await;
    assert_eq!(page["properties"]["Score"]["number"], 1);
}

#[tokio::test]
async fn computed_properties_cannot_be_written() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let (status, _) = api
        .post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {"Double": {"formula": {"number": 1}}}}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn trash_and_restore_through_in_trash() {
    let api = Api::start().await;
    let page = api.page("p").await;
    let id = page["id"].as_str().unwrap();
    let trashed = api
        .patch_ok(&format!("/v1/pages/{id}"), json!({"in_trash": true}))
        .await;
    assert_eq!(trashed["in_trash"], true);
    assert_eq!(trashed["archived"], true);
    let restored = api
        .patch_ok(&format!("/v1/pages/{id}"), json!({"archived": false}))
        .await;
    assert_eq!(restored["in_trash"], false);
}

#[tokio::test]
async fn a_trashed_page_cannot_be_edited() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "r", json!({})).await;
    let id = row["id"].as_str().unwrap();
    api.patch_ok(&format!("/v1/pages/{id}"), json!({"in_trash": true}))
        .await;
    let (status, error) = api
        .patch(
            &format!("/v1/pages/{id}"),
            json!({"properties": {"Score": {"number": 1}}}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        error["message"],
        "Can't edit block that is archived. You must unarchive the block before editing."
    );
}

#[tokio::test]
async fn archived_is_refused_on_2026_03_11() {
    let mut api = Api::start().await;
    api.version = "2026-03-11";
    let page = api.page("p").await;
    let (status, _) = api
        .patch(
            &format!("/v1/pages/{}", page["id"].as_str().unwrap()),
            json!({"archived": true}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn deleting_a_page_through_blocks_returns_a_child_page_block() {
    let api = Api::start().await;
    let page = api.page("Gone").await;
    let id = page["id"].as_str().unwrap();
    let (status, block) = api.delete(&format!("/v1/blocks/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(block["object"], "block");
    assert_eq!(block["type"], "child_page");
    assert_eq!(block["child_page"]["title"], "Gone");
    assert_eq!(block["in_trash"], true);
    assert_eq!(block["archived"], true);
    let page = api.get_ok(&format!("/v1/pages/{id}")).await;
    assert_eq!(page["in_trash"], true);
}

#[tokio::test]
async fn filter_properties_limits_a_page_read() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "r", json!({"Score": {"number": 1}})).await;
    let schema = api.get_ok(&format!("/v1/data_sources/{ds}")).await;
    let score = schema["properties"]["Score"]["id"].as_str().unwrap();
    let page = api
        .get_ok(&format!(
            "/v1/pages/{}?filter_properties={score}&filter_properties=title",
            row["id"].as_str().unwrap()
        ))
        .await;
    let names: BTreeSet<String> = keys(&page["properties"]);
    assert_eq!(names, ["Name".to_owned(), "Score".to_owned()].into());
}

#[tokio::test]
async fn moving_a_page_into_a_data_source_keeps_its_title() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let page = api.page("Moved").await;
    let id = page["id"].as_str().unwrap();
    let moved = api
        .post_ok(
            &format!("/v1/pages/{id}/move"),
            json!({"parent": {"data_source_id": ds}}),
        )
        .await;
    assert_eq!(moved["parent"]["data_source_id"], ds.as_str());
    assert_eq!(
        moved["properties"]["Name"]["title"][0]["plain_text"],
        "Moved"
    );
    assert_eq!(api.titles(&ds, json!({})).await, ["Moved"]);
}

#[tokio::test]
async fn rich_text_over_2000_characters_is_a_validation_error() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let long = "x".repeat(3659);
    let (status, error) = api
        .post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds},
                   "properties": {"Notes": {"rich_text": [{"text": {"content": long}}]}}}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        error["message"],
        "body failed validation: body.properties.Notes.rich_text[0].text.content.length should be ≤ 2000, instead was 3659."
    );
}

#[tokio::test]
async fn more_than_100_multi_select_values_is_a_validation_error() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let tags: Vec<Value> = (0..101).map(|i| json!({"name": format!("t{i}")})).collect();
    let (status, error) = api
        .post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {"Tags": {"multi_select": tags}}}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("should be ≤ 100, instead was 101")
    );
}

#[tokio::test]
async fn option_names_with_commas_are_rejected_on_write() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let (status, _) = api
        .post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {"Priority": {"select": {"name": "a,b"}}}}),
        )
        .await;
    assert_eq!(status, 400);
}

async fn related(api: &Api, count: usize) -> (String, String, Vec<String>) {
    let targets = api
        .data_source("Targets", json!({"Name": {"title": {}}}))
        .await;
    let source = api
        .data_source(
            "Sources",
            json!({"Name": {"title": {}}, "Links": {"relation": {"data_source_id": targets, "single_property": {}}}}),
        )
        .await;
    let mut ids = Vec::new();
    for i in 0..count {
        let row = api.row(&targets, &format!("t{i}"), json!({})).await;
        ids.push(row["id"].as_str().unwrap().to_owned());
    }
    (source, targets, ids)
}

#[tokio::test]
async fn page_reads_cap_relations_at_25_with_has_more() {
    let api = Api::start().await;
    let (source, _, ids) = related(&api, 26).await;
    let links: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let row = api
        .row(&source, "s", json!({"Links": {"relation": links}}))
        .await;
    assert_eq!(
        row["properties"]["Links"]["relation"]
            .as_array()
            .unwrap()
            .len(),
        25
    );
    assert_eq!(row["properties"]["Links"]["has_more"], true);
}

#[tokio::test]
async fn the_reference_cap_is_configurable() {
    let mut config = Config::default();
    config.inline_reference_cap = 2;
    let api = Api::start_with(config).await;
    let (source, _, ids) = related(&api, 3).await;
    let links: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let row = api
        .row(&source, "s", json!({"Links": {"relation": links}}))
        .await;
    assert_eq!(
        row["properties"]["Links"]["relation"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(row["properties"]["Links"]["has_more"], true);
}

#[tokio::test]
async fn the_property_item_endpoint_returns_every_relation() {
    let api = Api::start().await;
    let (source, _, ids) = related(&api, 26).await;
    let links: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let row = api
        .row(&source, "s", json!({"Links": {"relation": links}}))
        .await;
    let property = row["properties"]["Links"]["id"].as_str().unwrap();
    let item = api
        .get_ok(&format!(
            "/v1/pages/{}/properties/{property}",
            row["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(item["object"], "list");
    assert_eq!(item["type"], "property_item");
    assert_eq!(item["property_item"]["type"], "relation");
    let results = item["results"].as_array().unwrap();
    assert_eq!(results.len(), 26);
    assert_eq!(results[0]["object"], "property_item");
    assert_eq!(results[0]["relation"]["id"], ids[0].as_str());
}

#[tokio::test]
async fn property_items_paginate_with_cursors() {
    let api = Api::start().await;
    let (source, _, ids) = related(&api, 5).await;
    let links: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let row = api
        .row(&source, "s", json!({"Links": {"relation": links}}))
        .await;
    let path = format!(
        "/v1/pages/{}/properties/{}",
        row["id"].as_str().unwrap(),
        row["properties"]["Links"]["id"].as_str().unwrap()
    );
    let first = api.get_ok(&format!("{path}?page_size=3")).await;
    assert_eq!(first["results"].as_array().unwrap().len(), 3);
    assert_eq!(first["has_more"], true);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = api
        .get_ok(&format!("{path}?page_size=3&start_cursor={cursor}"))
        .await;
    assert_eq!(second["results"].as_array().unwrap().len(), 2);
    assert_eq!(second["has_more"], false);
}

#[tokio::test]
async fn the_title_property_item_matches_the_recording() {
    let api = Api::start().await;
    let page = api.page("Hello").await;
    let item = api
        .get_ok(&format!(
            "/v1/pages/{}/properties/title",
            page["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        item["property_item"],
        json!({"id": "title", "next_url": null, "type": "title", "title": {}})
    );
    assert_eq!(item["results"][0]["title"]["plain_text"], "Hello");
    assert_eq!(item["next_cursor"], Value::Null);
}

#[tokio::test]
async fn a_number_property_item_is_a_single_object() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "r", json!({"Score": {"number": 4}})).await;
    let item = api
        .get_ok(&format!(
            "/v1/pages/{}/properties/{}",
            row["id"].as_str().unwrap(),
            row["properties"]["Score"]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(item["object"], "property_item");
    assert_eq!(item["number"], 4);
}

#[tokio::test]
async fn a_page_can_be_created_at_the_start_of_its_parent() {
    let api = Api::start().await;
    let parent = api.page("Parent").await;
    let pid = parent["id"].as_str().unwrap();
    let create = |title: &str, position: Value| {
        json!({"parent": {"page_id": pid},
               "properties": {"title": [{"text": {"content": title}}]},
               "position": position})
    };
    let first = api
        .post_ok("/v1/pages", create("first", json!({"type": "page_end"})))
        .await;
    api.post_ok("/v1/pages", create("zeroth", json!({"type": "page_start"})))
        .await;
    api.post_ok(
        "/v1/pages",
        create(
            "after first",
            json!({"type": "after_block", "after_block": {"id": first["id"]}}),
        ),
    )
    .await;
    let children = api.get_ok(&format!("/v1/blocks/{pid}/children")).await;
    let titles: Vec<&str> = children["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["child_page"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["zeroth", "first", "after first"]);
}

#[tokio::test]
async fn a_page_may_name_a_template_of_its_data_source() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let template = api
        .emulator
        .seed_template(ds.parse().unwrap(), "Bug", true)
        .unwrap();
    let body = |id: String| {
        json!({"parent": {"data_source_id": ds}, "properties": {},
               "template": {"type": "template_id", "template_id": id}})
    };
    api.post_ok("/v1/pages", body(template.to_string())).await;
    let (status, error) = api
        .post("/v1/pages", body(uuid::Uuid::new_v4().to_string()))
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["code"], "validation_error");
}

#[tokio::test]
async fn page_reads_cap_people_at_25_with_has_more() {
    let api = Api::start().await;
    let ds = api
        .data_source(
            "Team",
            json!({"Name": {"title": {}}, "Owner": {"people": {}}}),
        )
        .await;
    let people: Vec<Value> = (0..26)
        .map(|i| json!({"id": api.emulator.seed_user(&format!("P{i}"), &format!("p{i}@x.test"))}))
        .collect();
    let row = api
        .row(&ds, "r", json!({"Owner": {"people": people}}))
        .await;
    let owner = &row["properties"]["Owner"];
    assert_eq!(owner["people"].as_array().unwrap().len(), 25);
    assert_eq!(owner["has_more"], true);
    let item = api
        .get_ok(&format!(
            "/v1/pages/{}/properties/{}",
            row["id"].as_str().unwrap(),
            owner["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(item["results"].as_array().unwrap().len(), 26);
}

#[tokio::test]
async fn page_reads_end_a_title_at_its_25th_mention() {
    let api = Api::start().await;
    let ds = api
        .data_source("Notes", json!({"Name": {"title": {}}}))
        .await;
    let user = api.emulator.bot_id();
    let mut title = Vec::new();
    for _ in 0..30 {
        title.push(json!({"text": {"content": "a "}}));
        title.push(json!({"type": "mention", "mention": {"user": {"id": user}}}));
    }
    let row = api
        .post_ok(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {"Name": {"title": title}}}),
        )
        .await;
    let read = row["properties"]["Name"]["title"].as_array().unwrap();
    assert_eq!(read.len(), 50);
    assert_eq!(read.last().unwrap()["type"], "mention");
}

#[tokio::test]
async fn a_new_page_without_a_status_reads_the_default_option() {
    let api = Api::start().await;
    let ds = api
        .data_source(
            "Statuses",
            json!({"Name": {"title": {}}, "Stage": {"status": {}}}),
        )
        .await;
    let row = api.row(&ds, "Fresh", json!({})).await;
    assert_eq!(row["properties"]["Stage"]["status"]["name"], "Not started");
    let read = api
        .get_ok(&format!("/v1/pages/{}", row["id"].as_str().unwrap()))
        .await;
    assert_eq!(read["properties"]["Stage"]["status"]["name"], "Not started");
}

#[tokio::test]
async fn database_timestamps_are_rounded_to_the_minute() {
    let api = Api::start().await;
    let db = api
        .post_ok(
            "/v1/databases",
            json!({"parent": {"page_id": api.emulator.root_page_id()}}),
        )
        .await;
    let created = db["created_time"].as_str().unwrap();
    let at: jiff::Timestamp = created.parse().unwrap();
    assert_eq!(at.as_second() % 60, 0, "{created}");
    assert_eq!(at.subsec_nanosecond(), 0, "{created}");
}
