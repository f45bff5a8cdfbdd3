//! Views and view queries against recorded exchanges: request shapes and decoding.

mod replay;

use futures_util::TryStreamExt;
use notion_orm::NotionVersion;
use notion_orm::types::view::{NewView, ViewType, ViewUpdate};
use notion_orm::types::{DataSourceId, DatabaseId, Parent, ViewId};
use serde_json::Value;
use wiremock::MockServer;

const V2025: NotionVersion = NotionVersion::V2025_09_03;

fn view_id(s: &str) -> ViewId {
    ViewId::parse(s).unwrap()
}

#[tokio::test]
async fn recorded_create_sends_the_view_and_decodes_it() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_views_create.json", "POST", "/v1/views"),
    )
    .await;

    let view = replay::client(&server, V2025)
        .views()
        .create(&NewView::new(
            DatabaseId::parse("37c1deb5-e22b-49c5-9cfd-5ae282e69c4a").unwrap(),
            DataSourceId::parse("393abc1e-edcd-812b-85b5-000b8f6eb5fd").unwrap(),
            "Test View",
            ViewType::Table,
        ))
        .await
        .unwrap();
    assert_eq!(view.name.as_deref(), Some("Test View"));
    assert_eq!(view.view_type, Some(ViewType::Table));
    assert!(matches!(view.parent, Some(Parent::Database(_))));
    assert!(view.created_time.is_some());
}

#[tokio::test]
async fn recorded_retrieve_decodes_the_full_view() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_views_retrieve.json", "GET", "000c95b2122f"),
    )
    .await;

    let view = replay::client(&server, V2025)
        .views()
        .retrieve(view_id("393abc1e-edcd-811e-b7ad-000c95b2122f"))
        .await
        .unwrap();
    assert_eq!(
        view.data_source_id.unwrap().to_string(),
        "393abc1e-edcd-816b-be30-000b57b83847"
    );
    assert!(view.url.unwrap().contains("?v="));
}

#[tokio::test]
async fn recorded_update_sends_only_the_changed_fields() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_views_update.json", "PATCH", "000cb4e719d5"),
    )
    .await;

    let view = replay::client(&server, V2025)
        .views()
        .update(
            view_id("393abc1e-edcd-8144-ac06-000cb4e719d5"),
            &ViewUpdate::default().name("Updated View"),
        )
        .await
        .unwrap();
    assert_eq!(view.name.as_deref(), Some("Updated View"));
}

#[tokio::test]
async fn recorded_delete_decodes_the_partial_view() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_views_delete.json", "DELETE", "000ca6dee76f"),
    )
    .await;

    let view = replay::client(&server, V2025)
        .views()
        .delete(view_id("393abc1e-edcd-8117-a2b6-000ca6dee76f"))
        .await
        .unwrap();
    assert_eq!(view.view_type, Some(ViewType::Table));
    assert_eq!(view.name, None);
}

#[tokio::test]
async fn recorded_list_by_database_decodes_id_only_views() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_views_list.json", "GET", "/v1/views"),
    )
    .await;

    let views: Vec<_> = replay::client(&server, V2025)
        .views()
        .list_for_database(DatabaseId::parse("990580d4-6b24-4e1c-b53b-c3ae1bebb6b9").unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(
        views[0].id.to_string(),
        "db1256fb-b1f5-4c0e-a50d-f6cd0bf5b0a4"
    );
}

#[tokio::test]
async fn recorded_query_lifecycle_creates_pages_and_deletes() {
    let server = MockServer::start().await;
    let file = "test_views_queries_results.json";
    replay::mount(&server, &replay::find(file, "POST", "/queries")).await;
    replay::mount(
        &server,
        &replay::find(file, "GET", "/queries/713b38d7-41be-4b53-8f40-2f57cce2e002"),
    )
    .await;
    let view = view_id("393abc1e-edcd-8116-b42e-000cc4f895a0");
    let client = replay::client(&server, V2025);

    let query = client.views().query(view, None).await.unwrap();
    assert_eq!(query.id, "713b38d7-41be-4b53-8f40-2f57cce2e002");
    assert_eq!(query.total_count, Some(0));
    assert!(query.expires_at.is_some());
    let rows: Vec<Value> = client
        .views()
        .query_results(view, &query.id)
        .try_collect()
        .await
        .unwrap();
    assert!(rows.is_empty());
}

#[tokio::test]
async fn recorded_query_delete_decodes() {
    let server = MockServer::start().await;
    let file = "test_views_queries_delete.json";
    replay::mount(
        &server,
        &replay::find(
            file,
            "DELETE",
            "/queries/c756ca4e-4ed0-4244-a8ab-9f588c138ef1",
        ),
    )
    .await;

    let deleted = replay::client(&server, V2025)
        .views()
        .delete_query(
            view_id("393abc1e-edcd-81d3-a632-000c157340c2"),
            "c756ca4e-4ed0-4244-a8ab-9f588c138ef1",
        )
        .await
        .unwrap();
    assert!(deleted.deleted);
}

#[tokio::test]
async fn out_of_range_query_page_sizes_are_rejected_before_sending() {
    let server = MockServer::start().await; // no mocks: any request would fail with 404
    let err = replay::client(&server, V2025)
        .views()
        .query(view_id("393abc1e-edcd-8116-b42e-000cc4f895a0"), Some(101))
        .await
        .unwrap_err();
    assert!(
        matches!(err, notion_orm::Error::InvalidInput { .. }),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
