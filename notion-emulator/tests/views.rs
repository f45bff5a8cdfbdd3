//! Views: CRUD, listing with the default view, and view queries that apply the view's filter
//! and sorts.

mod support;

use serde_json::{Value, json};
use support::Api;
use uuid::Uuid;

struct Fixture {
    api: Api,
    database_id: String,
    data_source_id: String,
}

/// A database under a seeded page, with a data source of tasks (`Name`, `Done`).
async fn tasks() -> Fixture {
    tasks_with(notion_emulator::Config::default()).await
}

async fn tasks_with(config: notion_emulator::Config) -> Fixture {
    let api = Api::start_with(config).await;
    let page = Uuid::new_v4();
    api.emulator.seed_page(page, "Home");
    let database = api
        .post_ok(
            "/v1/databases",
            json!({
                "parent": {"type": "page_id", "page_id": page},
                "title": [{"text": {"content": "Tasks"}}],
                "initial_data_source": {"properties": {
                    "Name": {"title": {}},
                    "Done": {"checkbox": {}},
                }},
            }),
        )
        .await;
    Fixture {
        database_id: database["id"].as_str().unwrap().to_owned(),
        data_source_id: database["data_sources"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
        api,
    }
}

impl Fixture {
    async fn add_task(&self, name: &str, done: bool) -> String {
        let page = self
            .api
            .post_ok(
                "/v1/pages",
                json!({
                    "parent": {"data_source_id": self.data_source_id},
                    "properties": {
                        "Name": {"title": [{"text": {"content": name}}]},
                        "Done": {"checkbox": done},
                    },
                }),
            )
            .await;
        page["id"].as_str().unwrap().to_owned()
    }

    async fn create_view(&self, extra: Value) -> Value {
        let mut body = json!({
            "database_id": self.database_id,
            "data_source_id": self.data_source_id,
            "name": "Test View",
            "type": "table",
        });
        for (key, value) in extra.as_object().unwrap() {
            body[key] = value.clone();
        }
        self.api.post_ok("/v1/views", body).await
    }
}

fn ids(results: &Value) -> Vec<String> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_created_view_has_notions_shape() {
    let f = tasks().await;
    let view = f.create_view(json!({})).await;
    assert_eq!(view["object"], "view");
    assert_eq!(
        view["parent"],
        json!({"type": "database_id", "database_id": f.database_id})
    );
    assert_eq!(view["data_source_id"], f.data_source_id.as_str());
    assert_eq!(view["type"], "table");
    assert_eq!(view["configuration"], json!({"type": "table"}));
    assert_eq!(view["filter"], Value::Null);
    assert!(view["url"].as_str().unwrap().contains("?v="));
}

#[tokio::test]
async fn an_unknown_view_type_is_a_validation_error() {
    let f = tasks().await;
    let (status, body) = f
        .api
        .post(
            "/v1/views",
            json!({"data_source_id": f.data_source_id, "name": "x", "type": "spreadsheet"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("validation_error"))
    );
}

#[tokio::test]
async fn a_filter_on_an_unknown_property_is_rejected() {
    let f = tasks().await;
    let (status, body) = f
        .api
        .post(
            "/v1/views",
            json!({
                "data_source_id": f.data_source_id, "name": "x", "type": "table",
                "filter": {"property": "Nope", "checkbox": {"equals": true}},
            }),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("validation_error"))
    );
}

#[tokio::test]
async fn a_database_lists_its_default_view_and_created_views_as_references() {
    let f = tasks().await;
    let view = f.create_view(json!({})).await;
    let list = f
        .api
        .get_ok(&format!("/v1/views?database_id={}", f.database_id))
        .await;
    assert_eq!(list["type"], "view");
    let results = list["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "the default view and the new one: {list}");
    assert_eq!(results[1], json!({"object": "view", "id": view["id"]}));
}

#[tokio::test]
async fn views_can_be_listed_by_data_source() {
    let f = tasks().await;
    f.create_view(json!({})).await;
    let list = f
        .api
        .get_ok(&format!("/v1/views?data_source_id={}", f.data_source_id))
        .await;
    assert_eq!(list["results"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn listing_needs_a_database_or_data_source() {
    let f = tasks().await;
    let (status, _) = f.api.get("/v1/views").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn retrieve_update_and_delete_a_view() {
    let f = tasks().await;
    let view = f.create_view(json!({})).await;
    let path = format!("/v1/views/{}", view["id"].as_str().unwrap());
    assert_eq!(f.api.get_ok(&path).await["name"], "Test View");
    let updated = f
        .api
        .patch_ok(&path, json!({"name": "Updated View", "sorts": [{"property": "Name", "direction": "descending"}]}))
        .await;
    assert_eq!(updated["name"], "Updated View");
    assert_eq!(updated["sorts"][0]["direction"], "descending");
    let (status, deleted) = f.api.delete(&path).await;
    assert_eq!(status, 200);
    assert_eq!(
        deleted,
        json!({
            "object": "view", "id": view["id"], "parent": view["parent"], "type": "table",
            "request_id": deleted["request_id"],
        })
    );
    let (status, body) = f.api.get(&path).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("object_not_found"))
    );
}

#[tokio::test]
async fn a_view_query_applies_the_views_filter_and_sorts() {
    let f = tasks().await;
    let a = f.add_task("a", true).await;
    f.add_task("b", false).await;
    let c = f.add_task("c", true).await;
    let view = f
        .create_view(json!({
            "filter": {"property": "Done", "checkbox": {"equals": true}},
            "sorts": [{"property": "Name", "direction": "descending"}],
        }))
        .await;
    let query = f
        .api
        .post_ok(
            &format!("/v1/views/{}/queries", view["id"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(query["object"], "view_query");
    assert_eq!(query["total_count"], 2);
    assert_eq!(ids(&query["results"]), [c, a]);
    assert_eq!(query["results"][0]["object"], "page");
}

#[tokio::test]
async fn view_query_results_page_through_the_snapshot() {
    let f = tasks().await;
    let mut all = Vec::new();
    for name in ["a", "b", "c"] {
        all.push(f.add_task(name, false).await);
    }
    let view = f.create_view(json!({})).await;
    let view_id = view["id"].as_str().unwrap();
    let query = f
        .api
        .post_ok(
            &format!("/v1/views/{view_id}/queries"),
            json!({"page_size": 1}),
        )
        .await;
    assert_eq!(ids(&query["results"]), [all[0].clone()]);
    assert_eq!(query["has_more"], true);
    // Rows added after the query ran are not in its results.
    f.add_task("d", false).await;
    let query_id = query["id"].as_str().unwrap();
    let cursor = query["next_cursor"].as_str().unwrap();
    let page = f
        .api
        .get_ok(&format!(
            "/v1/views/{view_id}/queries/{query_id}?start_cursor={cursor}"
        ))
        .await;
    assert_eq!(page["type"], "page");
    assert_eq!(ids(&page["results"]), all[1..]);
    assert_eq!(page["has_more"], false);
}

#[tokio::test]
async fn a_view_query_expires_after_fifteen_minutes() {
    let f = tasks().await;
    let view = f.create_view(json!({})).await;
    let view_id = view["id"].as_str().unwrap();
    let query = f
        .api
        .post_ok(&format!("/v1/views/{view_id}/queries"), json!({}))
        .await;
    f.api
        .emulator
        .clock()
        .advance(std::time::Duration::from_secs(15 * 60));
    let (status, _) = f
        .api
        .get(&format!(
            "/v1/views/{view_id}/queries/{}",
            query["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_deleted_view_query_is_gone() {
    let f = tasks().await;
    let view = f.create_view(json!({})).await;
    let view_id = view["id"].as_str().unwrap();
    let query = f
        .api
        .post_ok(&format!("/v1/views/{view_id}/queries"), json!({}))
        .await;
    let path = format!(
        "/v1/views/{view_id}/queries/{}",
        query["id"].as_str().unwrap()
    );
    let (status, deleted) = f.api.delete(&path).await;
    assert_eq!(status, 200);
    assert_eq!(deleted["deleted"], true);
    assert_eq!(f.api.get(&path).await.0, 404);
}

#[tokio::test]
async fn a_read_only_token_can_query_views_but_not_change_them() {
    const READ_ONLY: &str = "secret_read_only";
    let mut config = notion_emulator::Config::default();
    config.extra_tokens.insert(
        READ_ONLY.to_owned(),
        notion_emulator::Capabilities::READ_ONLY,
    );
    let f = tasks_with(config).await;
    let view = f.create_view(json!({})).await;
    let path = format!("/v1/views/{}", view["id"].as_str().unwrap());
    let status = |method: reqwest::Method, path: String| {
        let request = f
            .api
            .http
            .request(method, f.api.url(&path))
            .bearer_auth(READ_ONLY)
            .header("Notion-Version", "2025-09-03")
            .json(&json!({"name": "renamed"}));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status(reqwest::Method::GET, path.clone()).await, 200);
    assert_eq!(
        status(reqwest::Method::POST, format!("{path}/queries")).await,
        200
    );
    assert_eq!(status(reqwest::Method::PATCH, path.clone()).await, 403);
    assert_eq!(status(reqwest::Method::DELETE, path).await, 403);
}
