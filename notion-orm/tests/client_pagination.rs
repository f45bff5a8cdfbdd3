//! The cursor paginator against a paged mock: following cursors, stopping, guarding loops.

use futures_util::TryStreamExt;
use notion_orm::client::{RateLimit, Request};
use notion_orm::pagination::ListResponse;
use notion_orm::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("t")
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap()
}

fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "object": "list",
        "results": ids.iter().map(|id| json!({"object": "user", "id": id})).collect::<Vec<_>>(),
        "next_cursor": next,
        "has_more": next.is_some(),
        "type": "user",
        "user": {},
    }))
}

/// Three GET pages: no cursor → c1 → c2 → end.
async fn three_get_pages(server: &MockServer) {
    Mock::given(path("/v1/users"))
        .and(query_param_is_missing("start_cursor"))
        .respond_with(page(&["a", "b"], Some("c1")))
        .mount(server)
        .await;
    Mock::given(path("/v1/users"))
        .and(query_param("start_cursor", "c1"))
        .respond_with(page(&["c", "d"], Some("c2")))
        .mount(server)
        .await;
    Mock::given(path("/v1/users"))
        .and(query_param("start_cursor", "c2"))
        .respond_with(page(&["e"], None))
        .mount(server)
        .await;
}

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().map(|v| v["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn items_of_three_pages_stream_in_order() {
    let server = MockServer::start().await;
    three_get_pages(&server).await;
    let all = client(&server)
        .paginate::<Value>(Request::get("/v1/users"), None)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&all), ["a", "b", "c", "d", "e"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn page_size_is_sent_on_every_page() {
    let server = MockServer::start().await;
    three_get_pages(&server).await;
    client(&server)
        .paginate::<Value>(Request::get("/v1/users"), None)
        .page_size(2)
        .collect_all()
        .await
        .unwrap();
    for request in server.received_requests().await.unwrap() {
        assert!(
            request.url.query().unwrap_or("").contains("page_size=2"),
            "{}",
            request.url
        );
    }
}

#[tokio::test]
async fn post_lists_carry_the_cursor_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/search"))
        .and(body_json(json!({"query": "x"})))
        .respond_with(page(&["a"], Some("c1")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/search"))
        .and(body_json(json!({"query": "x", "start_cursor": "c1"})))
        .respond_with(page(&["b"], None))
        .mount(&server)
        .await;
    let all = client(&server)
        .paginate::<Value>(
            Request::post("/v1/search").json_value(json!({"query": "x"})),
            None,
        )
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&all), ["a", "b"]);
}

#[tokio::test]
async fn pages_are_fetched_only_as_items_are_consumed() {
    let server = MockServer::start().await;
    three_get_pages(&server).await;
    let first = client(&server)
        .paginate::<Value>(Request::get("/v1/users"), None)
        .first()
        .await
        .unwrap();
    assert_eq!(first.unwrap()["id"], "a");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn whole_pages_keep_the_envelope() {
    let server = MockServer::start().await;
    three_get_pages(&server).await;
    let pages: Vec<ListResponse<Value>> = client(&server)
        .paginate_pages(Request::get("/v1/users"), None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0].kind.as_deref(), Some("user"));
    assert_eq!(pages[1].next_cursor.as_deref(), Some("c2"));
}

#[tokio::test]
async fn a_repeated_cursor_is_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/users"))
        .and(query_param_is_missing("start_cursor"))
        .respond_with(page(&["a"], Some("same")))
        .mount(&server)
        .await;
    Mock::given(path("/v1/users"))
        .and(query_param("start_cursor", "same"))
        .respond_with(page(&["b"], Some("same")))
        .mount(&server)
        .await;
    let mut stream = client(&server).paginate::<Value>(Request::get("/v1/users"), None);
    let mut seen = Vec::new();
    let err = loop {
        match stream.try_next().await {
            Ok(Some(item)) => seen.push(item),
            Ok(None) => panic!("the stream ended instead of failing"),
            Err(e) => break e,
        }
    };
    assert_eq!(ids(&seen), ["a", "b"]);
    assert!(
        matches!(&err, Error::RepeatedCursor { cursor, endpoint } if cursor == "same" && endpoint == "/v1/users"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_out_of_range_page_size_fails_before_any_request() {
    let server = MockServer::start().await;
    for size in [0, 101] {
        let err = client(&server)
            .paginate::<Value>(Request::get("/v1/users"), Some(size))
            .collect_all()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

fn relation_item_page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "object": "list",
        "results": ids.iter().map(|id| json!({
            "object": "property_item", "id": "rel", "type": "relation", "relation": {"id": id}
        })).collect::<Vec<_>>(),
        "next_cursor": next,
        "has_more": next.is_some(),
        "type": "property_item",
        "property_item": {"id": "rel", "next_url": null, "type": "relation", "relation": {}},
    }))
}

#[tokio::test]
async fn a_relation_over_two_property_item_pages_is_read_in_full() {
    use notion_orm::types::{PageId, PropertyValue};
    let server = MockServer::start().await;
    let page = "393abc1e-edcd-8138-85a7-fac7f6c92a45";
    let a = "11111111-1111-4111-8111-111111111111";
    let b = "22222222-2222-4222-8222-222222222222";
    let route = format!("/v1/pages/{page}/properties/rel");
    Mock::given(path(route.as_str()))
        .and(query_param_is_missing("start_cursor"))
        .respond_with(relation_item_page(&[a], Some("next")))
        .mount(&server)
        .await;
    Mock::given(path(route.as_str()))
        .and(query_param("start_cursor", "next"))
        .respond_with(relation_item_page(&[b], None))
        .mount(&server)
        .await;
    let value = client(&server)
        .pages()
        .property(PageId::parse(page).unwrap(), "rel")
        .await
        .unwrap();
    let PropertyValue::Relation(relation) = value else {
        panic!("{value:?}")
    };
    let ids: Vec<String> = relation.pages.iter().map(|p| p.id.to_string()).collect();
    assert_eq!(ids, [a, b]);
    assert!(!relation.has_more);
}

// ---- Notion's 10,000-row query cap ----

const QUERY_ROUTE: &str = "/v1/data_sources/393abc1e-edcd-8179-9372-000bd163e729/query";

fn data_source() -> notion_orm::types::DataSourceId {
    notion_orm::types::DataSourceId::parse("393abc1e-edcd-8179-9372-000bd163e729").unwrap()
}

fn row(id: &str, created: &str) -> Value {
    json!({"object": "page", "id": id, "created_time": created})
}

/// A query page; `capped` adds Notion's `request_status` and clears `has_more`.
fn query_page(rows: Vec<Value>, capped: bool) -> ResponseTemplate {
    let mut body = json!({
        "object": "list", "results": rows, "next_cursor": null, "has_more": false,
        "type": "page_or_data_source", "page_or_data_source": {},
    });
    if capped {
        body["request_status"] =
            json!({"type": "incomplete", "incomplete_reason": "query_result_limit_reached"});
    }
    ResponseTemplate::new(200).set_body_json(body)
}

fn by_created_time() -> Value {
    json!([{"timestamp": "created_time", "direction": "ascending"}])
}

fn window_from(after: &str) -> Value {
    json!({"timestamp": "created_time", "created_time": {"on_or_after": after}})
}

#[tokio::test]
async fn a_plain_query_cut_short_by_the_cap_ends_with_an_incomplete_error() {
    use notion_orm::api::data_sources::Query;
    let server = MockServer::start().await;
    Mock::given(path(QUERY_ROUTE))
        .respond_with(query_page(vec![row("a", "t1")], true))
        .mount(&server)
        .await;
    let request = Query::new().request(data_source()).unwrap();
    let mut rows = client(&server).paginate::<Value>(request, None);
    assert!(rows.try_next().await.unwrap().is_some());
    let err = rows.try_next().await.unwrap_err();
    assert!(
        matches!(&err, Error::Incomplete { reason, .. } if reason == "query_result_limit_reached"),
        "{err:?}"
    );
}

#[tokio::test]
async fn query_all_reads_past_the_cap_in_created_time_windows_without_duplicates() {
    use notion_orm::api::data_sources::Query;
    let server = MockServer::start().await;
    Mock::given(path(QUERY_ROUTE))
        .and(body_json(json!({"sorts": by_created_time()})))
        .respond_with(query_page(vec![row("a", "t1"), row("b", "t2")], true))
        .mount(&server)
        .await;
    Mock::given(path(QUERY_ROUTE))
        .and(body_json(
            json!({"sorts": by_created_time(), "filter": window_from("t2")}),
        ))
        .respond_with(query_page(vec![row("b", "t2"), row("c", "t3")], false))
        .mount(&server)
        .await;
    let rows: Vec<Value> = client(&server)
        .data_sources()
        .query_all(data_source(), &Query::new())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&rows), ["a", "b", "c"]);
}

#[tokio::test]
async fn query_all_keeps_the_callers_filter_inside_the_window() {
    use notion_orm::api::data_sources::Query;
    let server = MockServer::start().await;
    let done = json!({"property": "Done", "checkbox": {"equals": false}});
    Mock::given(path(QUERY_ROUTE))
        .and(body_json(
            json!({"sorts": by_created_time(), "filter": done}),
        ))
        .respond_with(query_page(vec![row("a", "t1")], true))
        .mount(&server)
        .await;
    Mock::given(path(QUERY_ROUTE))
        .and(body_json(json!({
            "sorts": by_created_time(),
            "filter": {"and": [done, window_from("t1")]},
        })))
        .respond_with(query_page(vec![row("b", "t2")], false))
        .mount(&server)
        .await;
    let rows: Vec<Value> = client(&server)
        .data_sources()
        .query_all(data_source(), &Query::new().filter(done.clone()))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&rows), ["a", "b"]);
}

#[tokio::test]
async fn query_all_fails_instead_of_looping_when_a_window_brings_nothing_new() {
    use notion_orm::api::data_sources::Query;
    let server = MockServer::start().await;
    Mock::given(path(QUERY_ROUTE))
        .respond_with(query_page(vec![row("a", "t1")], true))
        .mount(&server)
        .await;
    let err = client(&server)
        .data_sources()
        .query_all::<Value>(data_source(), &Query::new())
        .collect_all()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Incomplete { .. }), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
