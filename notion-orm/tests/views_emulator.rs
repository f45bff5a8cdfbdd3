//! Views and view queries end to end against the emulator.

use futures_util::TryStreamExt;
use notion_emulator::Emulator;
use notion_orm::client::{RateLimit, Request};
use notion_orm::types::view::{NewView, ViewType, ViewUpdate};
use notion_orm::types::{DataSourceId, DatabaseId};
use notion_orm::{Client, ErrorCode};
use serde_json::{Value, json};

fn client(emulator: &Emulator) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(emulator.token().to_owned())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap()
}

/// A workspace database with `rows` titled rows; returns its database and data source.
async fn database_with_rows(client: &Client, rows: usize) -> (DatabaseId, DataSourceId) {
    let database: Value = client
        .send(Request::post("/v1/databases").json_value(json!({
            "parent": {"type": "workspace", "workspace": true},
            "title": [{"text": {"content": "Views e2e"}}],
            "initial_data_source": {"properties": {"Name": {"title": {}}}}
        })))
        .await
        .unwrap();
    let data_source = database["data_sources"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for n in 0..rows {
        let _: Value = client
            .send(Request::post("/v1/pages").json_value(json!({
                "parent": {"data_source_id": data_source},
                "properties": {"Name": {"title": [{"text": {"content": format!("row {n}")}}]}}
            })))
            .await
            .unwrap();
    }
    (
        DatabaseId::parse(database["id"].as_str().unwrap()).unwrap(),
        DataSourceId::parse(&data_source).unwrap(),
    )
}

#[tokio::test]
async fn views_are_created_listed_updated_and_deleted() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator);
    let (database, data_source) = database_with_rows(&client, 0).await;
    let views = client.views();

    let board = views
        .create(&NewView::new(
            database,
            data_source,
            "Board",
            ViewType::Board,
        ))
        .await
        .unwrap();
    assert_eq!(board.view_type, Some(ViewType::Board));
    assert_eq!(board.data_source_id, Some(data_source));

    let listed: Vec<_> = views
        .list_for_database(database)
        .try_collect()
        .await
        .unwrap();
    assert!(listed.iter().any(|v| v.id == board.id));

    let renamed = views
        .update(board.id, &ViewUpdate::default().name("Kanban"))
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Kanban"));
    assert_eq!(
        views.retrieve(board.id).await.unwrap().name.as_deref(),
        Some("Kanban")
    );

    views.delete(board.id).await.unwrap();
    let err = views.retrieve(board.id).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::ObjectNotFound));
}

#[tokio::test]
async fn view_queries_page_through_every_row() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator);
    let (database, data_source) = database_with_rows(&client, 5).await;
    let views = client.views();
    let table = views
        .create(&NewView::new(database, data_source, "All", ViewType::Table))
        .await
        .unwrap();

    let query = views.query(table.id, Some(2)).await.unwrap();
    assert_eq!(query.total_count, Some(5));
    assert_eq!(query.results.len(), 2);

    let rows: Vec<Value> = views
        .query_results(table.id, &query.id)
        .page_size(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 5);

    assert!(
        views
            .delete_query(table.id, &query.id)
            .await
            .unwrap()
            .deleted
    );
}
