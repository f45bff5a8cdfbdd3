//! Search and users.

mod support;

use serde_json::json;
use support::Api;

#[tokio::test]
async fn search_matches_titles_case_insensitively() {
    let api = Api::start().await;
    api.page("Quarterly Plan").await;
    api.page("Groceries").await;
    let found = api
        .post_ok("/v1/search", json!({"query": "quarterly"}))
        .await;
    let results = found["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0]["properties"]["title"]["title"][0]["plain_text"],
        "Quarterly Plan"
    );
    assert_eq!(found["type"], "page_or_data_source");
    assert_eq!(found["page_or_data_source"], json!({}));
}

#[tokio::test]
async fn search_filters_by_object_type() {
    let api = Api::start().await;
    api.tasks().await;
    api.page("Tasks overview").await;
    let found = api
        .post_ok(
            "/v1/search",
            json!({"query": "tasks", "filter": {"property": "object", "value": "data_source"}}),
        )
        .await;
    let results = found["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["object"], "data_source");
}

#[tokio::test]
async fn search_rejects_database_as_a_filter_value() {
    let api = Api::start().await;
    let (status, _) = api
        .post(
            "/v1/search",
            json!({"filter": {"property": "object", "value": "database"}}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn search_sorts_by_last_edited_time_and_paginates() {
    let api = Api::start().await;
    for name in ["one", "two", "three"] {
        api.page(&format!("Plan {name}")).await;
        api.emulator
            .clock()
            .advance(std::time::Duration::from_secs(120));
    }
    let body = json!({"query": "plan",
                      "sort": {"timestamp": "last_edited_time", "direction": "descending"},
                      "page_size": 2});
    let first = api.post_ok("/v1/search", body.clone()).await;
    let titles: Vec<&str> = first["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["properties"]["title"]["title"][0]["plain_text"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(titles, ["Plan three", "Plan two"]);
    assert_eq!(first["has_more"], true);
    let mut next = body;
    next["start_cursor"] = first["next_cursor"].clone();
    let second = api.post_ok("/v1/search", next).await;
    assert_eq!(
        second["results"][0]["properties"]["title"]["title"][0]["plain_text"],
        "Plan one"
    );
    assert_eq!(second["has_more"], false);
}

#[tokio::test]
async fn users_me_is_the_integration_bot() {
    let api = Api::start().await;
    let me = api.get_ok("/v1/users/me").await;
    assert_eq!(me["type"], "bot");
    assert_eq!(me["id"], api.emulator.bot_id().to_string());
    assert_eq!(
        me["bot"]["owner"],
        json!({"type": "workspace", "workspace": true})
    );
    assert!(me["bot"]["workspace_limits"]["max_file_upload_size_in_bytes"].is_number());
}

#[tokio::test]
async fn users_list_includes_seeded_people() {
    let api = Api::start().await;
    let id = api.emulator.seed_user("Ada", "ada@example.com");
    let list = api.get_ok("/v1/users").await;
    assert_eq!(list["type"], "user");
    assert_eq!(list["user"], json!({}));
    let ada = list["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id.to_string())
        .unwrap()
        .clone();
    assert_eq!(ada["person"]["email"], "ada@example.com");
    let fetched = api.get_ok(&format!("/v1/users/{id}")).await;
    assert_eq!(fetched["name"], "Ada");
}

#[tokio::test]
async fn users_list_paginates() {
    let api = Api::start().await;
    for i in 0..3 {
        api.emulator
            .seed_user(&format!("u{i}"), &format!("u{i}@example.com"));
    }
    let first = api.get_ok("/v1/users?page_size=2").await;
    assert_eq!(first["results"].as_array().unwrap().len(), 2);
    assert_eq!(first["has_more"], true);
}
