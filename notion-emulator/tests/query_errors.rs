//! Query validation: nesting and size limits, unknown properties and operators, page sizes.

mod support;

use serde_json::{Value, json};
use support::Api;

async fn query_error(body: Value) -> Value {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let (status, error) = api
        .post(&format!("/v1/data_sources/{ds}/query"), body)
        .await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["code"], "validation_error");
    error
}

#[tokio::test]
async fn a_third_level_of_nesting_is_rejected() {
    let leaf = json!({"property": "Done", "checkbox": {"equals": true}});
    query_error(json!({"filter": {"and": [{"or": [{"and": [leaf]}]}]}})).await;
}

#[tokio::test]
async fn a_compound_with_more_than_100_items_is_rejected() {
    let leaf = json!({"property": "Done", "checkbox": {"equals": true}});
    let items: Vec<Value> = (0..101).map(|_| leaf.clone()).collect();
    let error = query_error(json!({"filter": {"or": items}})).await;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("should be ≤ 100")
    );
}

#[tokio::test]
async fn a_compound_with_100_items_is_accepted() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let leaf = json!({"property": "Done", "checkbox": {"equals": true}});
    let items: Vec<Value> = (0..100).map(|_| leaf.clone()).collect();
    api.post_ok(
        &format!("/v1/data_sources/{ds}/query"),
        json!({"filter": {"or": items}}),
    )
    .await;
}

#[tokio::test]
async fn an_unknown_property_is_rejected() {
    let error =
        query_error(json!({"filter": {"property": "Nope", "checkbox": {"equals": true}}})).await;
    assert_eq!(
        error["message"],
        "Could not find property with name or id: Nope"
    );
}

#[tokio::test]
async fn a_condition_of_the_wrong_type_is_rejected() {
    query_error(json!({"filter": {"property": "Done", "number": {"equals": 1}}})).await;
}

#[tokio::test]
async fn an_unknown_operator_is_rejected() {
    query_error(json!({"filter": {"property": "Score", "number": {"contains": 1}}})).await;
}

#[tokio::test]
async fn a_timestamp_filter_with_a_property_key_is_rejected() {
    query_error(json!({"filter": {
        "timestamp": "created_time", "property": "Name", "created_time": {"past_week": {}}
    }}))
    .await;
}

#[tokio::test]
async fn page_size_over_100_is_rejected() {
    let error = query_error(json!({"page_size": 101})).await;
    assert_eq!(
        error["message"],
        "body failed validation: body.page_size should be ≤ 100, instead was `101`."
    );
}

#[tokio::test]
async fn an_unknown_sort_property_is_rejected() {
    query_error(json!({"sorts": [{"property": "Nope", "direction": "ascending"}]})).await;
}

#[tokio::test]
async fn an_unknown_data_source_is_object_not_found() {
    let api = Api::start().await;
    let (status, error) = api
        .post(
            "/v1/data_sources/00000000000000000000000000000000/query",
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(error["code"], "object_not_found");
}
