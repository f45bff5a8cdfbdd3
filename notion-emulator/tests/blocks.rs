//! Blocks: append with positions, list with pagination, update, delete.

mod support;

use serde_json::{Value, json};
use support::Api;

fn paragraph(text: &str) -> Value {
    json!({"paragraph": {"rich_text": [{"text": {"content": text}}]}})
}

async fn texts(api: &Api, parent: &str) -> Vec<String> {
    let list = api.get_ok(&format!("/v1/blocks/{parent}/children")).await;
    list["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            b["paragraph"]["rich_text"][0]["plain_text"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

async fn page_with(api: &Api, items: &[&str]) -> (String, Vec<String>) {
    let page = api.page("Doc").await;
    let id = page["id"].as_str().unwrap().to_owned();
    let children: Vec<Value> = items.iter().map(|t| paragraph(t)).collect();
    let appended = api
        .patch_ok(
            &format!("/v1/blocks/{id}/children"),
            json!({"children": children}),
        )
        .await;
    let ids = appended["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    (id, ids)
}

#[tokio::test]
async fn appended_blocks_have_the_recorded_shape() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let id = page["id"].as_str().unwrap();
    let list = api
        .patch_ok(
            &format!("/v1/blocks/{id}/children"),
            json!({"children": [paragraph("I'm a paragraph.")]}),
        )
        .await;
    assert_eq!(list["type"], "block");
    assert_eq!(list["block"], json!({}));
    let block = &list["results"][0];
    assert_eq!(block["parent"], json!({"type": "page_id", "page_id": id}));
    assert_eq!(block["has_children"], false);
    assert_eq!(block["paragraph"]["color"], "default");
    assert_eq!(
        block["paragraph"]["rich_text"][0]["plain_text"],
        "I'm a paragraph."
    );
    assert_eq!(block["archived"], false);
}

#[tokio::test]
async fn children_append_at_the_end_by_default() {
    let api = Api::start().await;
    let (page, _) = page_with(&api, &["a", "b"]).await;
    api.patch_ok(
        &format!("/v1/blocks/{page}/children"),
        json!({"children": [paragraph("c")]}),
    )
    .await;
    assert_eq!(texts(&api, &page).await, ["a", "b", "c"]);
}

#[tokio::test]
async fn position_start_inserts_first() {
    let api = Api::start().await;
    let (page, _) = page_with(&api, &["a", "b"]).await;
    api.patch_ok(
        &format!("/v1/blocks/{page}/children"),
        json!({"children": [paragraph("z")], "position": {"type": "start"}}),
    )
    .await;
    assert_eq!(texts(&api, &page).await, ["z", "a", "b"]);
}

#[tokio::test]
async fn position_after_block_inserts_after_it() {
    let api = Api::start().await;
    let (page, ids) = page_with(&api, &["a", "b"]).await;
    api.patch_ok(
        &format!("/v1/blocks/{page}/children"),
        json!({"children": [paragraph("x"), paragraph("y")],
               "position": {"type": "after_block", "after_block": {"id": ids[0]}}}),
    )
    .await;
    assert_eq!(texts(&api, &page).await, ["a", "x", "y", "b"]);
}

#[tokio::test]
async fn after_works_on_2025_09_03() {
    let api = Api::start().await;
    let (page, ids) = page_with(&api, &["a", "b"]).await;
    api.patch_ok(
        &format!("/v1/blocks/{page}/children"),
        json!({"children": [paragraph("x")], "after": ids[0]}),
    )
    .await;
    assert_eq!(texts(&api, &page).await, ["a", "x", "b"]);
}

#[tokio::test]
async fn after_and_position_together_are_rejected() {
    let api = Api::start().await;
    let (page, ids) = page_with(&api, &["a"]).await;
    let (status, _) = api
        .patch(
            &format!("/v1/blocks/{page}/children"),
            json!({"children": [paragraph("x")], "after": ids[0], "position": {"type": "start"}}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn more_than_100_children_are_rejected() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let children: Vec<Value> = (0..101).map(|i| paragraph(&i.to_string())).collect();
    let (status, error) = api
        .patch(
            &format!("/v1/blocks/{}/children", page["id"].as_str().unwrap()),
            json!({"children": children}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("children.length should be ≤ 100")
    );
}

#[tokio::test]
async fn children_paginate() {
    let api = Api::start().await;
    let (page, _) = page_with(&api, &["a", "b", "c"]).await;
    let first = api
        .get_ok(&format!("/v1/blocks/{page}/children?page_size=2"))
        .await;
    assert_eq!(first["results"].as_array().unwrap().len(), 2);
    assert_eq!(first["has_more"], true);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = api
        .get_ok(&format!(
            "/v1/blocks/{page}/children?page_size=2&start_cursor={cursor}"
        ))
        .await;
    assert_eq!(
        second["results"][0]["paragraph"]["rich_text"][0]["plain_text"],
        "c"
    );
    assert_eq!(second["has_more"], false);
}

#[tokio::test]
async fn nested_children_are_created_under_their_block() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let id = page["id"].as_str().unwrap();
    let list = api
        .patch_ok(
            &format!("/v1/blocks/{id}/children"),
            json!({"children": [{"toggle": {"rich_text": [], "children": [paragraph("inner")]}}]}),
        )
        .await;
    let toggle = &list["results"][0];
    assert_eq!(toggle["has_children"], true);
    let inner = texts(&api, toggle["id"].as_str().unwrap()).await;
    assert_eq!(inner, ["inner"]);
}

#[tokio::test]
async fn a_block_can_be_updated() {
    let api = Api::start().await;
    let (_, ids) = page_with(&api, &["a"]).await;
    let updated = api
        .patch_ok(
            &format!("/v1/blocks/{}", ids[0]),
            json!({"paragraph": {"rich_text": [{"text": {"content": "b"}}], "color": "red"}}),
        )
        .await;
    assert_eq!(updated["paragraph"]["rich_text"][0]["plain_text"], "b");
    assert_eq!(updated["paragraph"]["color"], "red");
}

#[tokio::test]
async fn a_deleted_block_is_trashed_and_leaves_the_list() {
    let api = Api::start().await;
    let (page, ids) = page_with(&api, &["a", "b"]).await;
    let (status, block) = api.delete(&format!("/v1/blocks/{}", ids[0])).await;
    assert_eq!(status, 200);
    assert_eq!(block["in_trash"], true);
    assert_eq!(texts(&api, &page).await, ["b"]);
    let restored = api
        .patch_ok(
            &format!("/v1/blocks/{}", ids[0]),
            json!({"archived": false}),
        )
        .await;
    assert_eq!(restored["in_trash"], false);
    assert_eq!(texts(&api, &page).await, ["a", "b"]);
}

#[tokio::test]
async fn an_unknown_block_is_object_not_found() {
    let api = Api::start().await;
    let (status, error) = api.get("/v1/blocks/5c726c8a193f451eb113f7665abe826e").await;
    assert_eq!(status, 404);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("Could not find block with ID:")
    );
}

#[tokio::test]
async fn an_unknown_block_type_is_rejected() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let (status, _) = api
        .patch(
            &format!("/v1/blocks/{}/children", page["id"].as_str().unwrap()),
            json!({"children": [{"hologram": {}}]}),
        )
        .await;
    assert_eq!(status, 400);
}
