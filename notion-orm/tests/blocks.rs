//! Blocks against recorded exchanges and wiremock: request shapes, decoding, batching of
//! large appends, version-specific positions and recursive listing.

mod replay;

use futures_util::TryStreamExt;
use notion_orm::NotionVersion;
use notion_orm::api::blocks::Position;
use notion_orm::types::block::{BlockContent, TextBlock};
use notion_orm::types::{Annotations, BlockId, Color, RichText};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const V2025: NotionVersion = NotionVersion::V2025_09_03;
const V2026: NotionVersion = NotionVersion::V2026_03_11;

fn block_id(s: &str) -> BlockId {
    BlockId::parse(s).unwrap()
}

#[tokio::test]
async fn recorded_append_sends_the_children_and_decodes_the_created_blocks() {
    let server = MockServer::start().await;
    let append = replay::find("test_blocks_children_create.json", "PATCH", "/children");
    replay::mount(&server, &append).await;

    let parent = block_id("393abc1e-edcd-8170-aebf-cf1d14057b30");
    let created = replay::client(&server, V2025)
        .blocks()
        .append(
            parent,
            vec![BlockContent::paragraph("I'm a paragraph.")],
            Position::End,
        )
        .await
        .unwrap();
    assert_eq!(created.len(), 1);
    let text = created[0].content.rich_text().unwrap();
    assert_eq!(text[0].plain_text, "I'm a paragraph.");
}

#[tokio::test]
async fn recorded_retrieve_decodes_a_paragraph() {
    let server = MockServer::start().await;
    let get = replay::find("test_blocks_retrieve.json", "GET", "dd37c96a3532");
    replay::mount(&server, &get).await;

    let block = replay::client(&server, V2025)
        .blocks()
        .retrieve(block_id("393abc1e-edcd-8181-b2fd-dd37c96a3532"))
        .await
        .unwrap();
    assert!(matches!(block.content, BlockContent::Paragraph(_)));
    assert!(!block.has_children);
    assert!(!block.in_trash);
}

#[tokio::test]
async fn recorded_update_sends_the_typed_content() {
    let server = MockServer::start().await;
    let update = replay::find("test_blocks_update.json", "PATCH", "e0990b793d16");
    // The recording sends only the annotations it sets; the crate sends all of them, which
    // Notion reads the same.
    let expected = json!({"paragraph": {"rich_text": [{
        "text": {"content": "I'm an updated paragraph."},
        "annotations": {"bold": true, "italic": false, "strikethrough": false,
                        "underline": false, "code": false, "color": "red_background"}
    }]}});
    replay::mount_with_body(&server, &update, Some(expected)).await;

    let mut text = RichText::text("I'm an updated paragraph.");
    text.annotations = Annotations {
        bold: true,
        color: Color::RedBackground,
        ..Annotations::default()
    };
    let block = replay::client(&server, V2025)
        .blocks()
        .update(
            block_id("393abc1e-edcd-8153-b10c-e0990b793d16"),
            &BlockContent::Paragraph(TextBlock::new(vec![text])),
        )
        .await
        .unwrap();
    let rich = block.content.rich_text().unwrap();
    assert!(rich[0].annotations.bold);
}

#[tokio::test]
async fn recorded_delete_returns_the_trashed_block() {
    let server = MockServer::start().await;
    let delete = replay::load("test_blocks_delete.json")
        .into_iter()
        .find(|i| i.method == "DELETE" && i.path.ends_with("c4818759c89b"))
        .unwrap();
    replay::mount(&server, &delete).await;

    let block = replay::client(&server, V2025)
        .blocks()
        .delete(block_id("393abc1e-edcd-8173-a36c-c4818759c89b"))
        .await
        .unwrap();
    assert!(block.in_trash);
}

#[tokio::test]
async fn recorded_children_are_paged_through_with_cursors() {
    let server = MockServer::start().await;
    let pages: Vec<_> = replay::load("test_iterate_paginated_api.json")
        .into_iter()
        .filter(|i| i.method == "GET" && i.path.ends_with("/children"))
        .take(3)
        .collect();
    for page in &pages {
        replay::mount(&server, page).await;
    }

    let blocks: Vec<_> = replay::client(&server, V2025)
        .blocks()
        .children(block_id("393abc1e-edcd-814b-aee5-cf69471e5a43"))
        .page_size(2)
        .try_collect()
        .await
        .unwrap();
    let texts: Vec<String> = blocks
        .iter()
        .map(|b| b.content.rich_text().unwrap()[0].plain_text.clone())
        .collect();
    assert_eq!(
        texts,
        [
            "paragraph 0",
            "paragraph 1",
            "paragraph 2",
            "paragraph 3",
            "paragraph 4"
        ]
    );
}

/// Answers an append with one created paragraph per child sent, numbered across calls.
struct CreatesBlocks;

impl Respond for CreatesBlocks {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let results: Vec<Value> = body["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|child| {
                let text = child["paragraph"]["rich_text"][0]["text"]["content"]
                    .as_str()
                    .unwrap();
                let n: u128 = text.parse().unwrap();
                json!({
                    "object": "block",
                    "id": uuid::Uuid::from_u128(n + 1).to_string(),
                    "type": "paragraph",
                    "has_children": false,
                    "paragraph": {"rich_text": [], "color": "default"},
                })
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "results": results, "next_cursor": null, "has_more": false,
            "type": "block", "block": {}
        }))
    }
}

async fn append_250(version: NotionVersion, position: Position) -> (Vec<Value>, usize) {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path_regex("^/v1/blocks/[^/]+/children$"))
        .respond_with(CreatesBlocks)
        .expect(3)
        .mount(&server)
        .await;
    let children: Vec<_> = (0..250)
        .map(|n| BlockContent::paragraph(n.to_string()))
        .collect();
    let created = replay::client(&server, version)
        .blocks()
        .append(
            block_id("393abc1e-edcd-814b-aee5-cf69471e5a43"),
            children,
            position,
        )
        .await
        .unwrap();
    let bodies = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    (bodies, created.len())
}

fn uuid_of(n: u128) -> String {
    uuid::Uuid::from_u128(n).to_string()
}

#[tokio::test]
async fn appends_over_100_children_are_split_into_ordered_batches() {
    let (bodies, created) = append_250(V2025, Position::End).await;
    assert_eq!(created, 250);
    let sizes: Vec<usize> = bodies
        .iter()
        .map(|b| b["children"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(
        bodies[1]["children"][0]["paragraph"]["rich_text"][0]["text"]["content"],
        "100"
    );
    assert!(bodies.iter().all(|b| b.get("after").is_none()));
}

#[tokio::test]
async fn later_batches_go_after_the_last_created_block_on_2025_09_03() {
    let anchor = block_id("393abc1e-edcd-81b4-97e4-e74d4867a8a1");
    let (bodies, _) = append_250(V2025, Position::AfterBlock(anchor)).await;
    assert_eq!(bodies[0]["after"], anchor.to_string());
    // Child 99 was created with id 100, child 199 with id 200.
    assert_eq!(bodies[1]["after"], uuid_of(100));
    assert_eq!(bodies[2]["after"], uuid_of(200));
    assert!(bodies.iter().all(|b| b.get("position").is_none()));
}

#[tokio::test]
async fn later_batches_go_after_the_last_created_block_on_2026_03_11() {
    let (bodies, _) = append_250(V2026, Position::Start).await;
    assert_eq!(bodies[0]["position"], json!({"type": "start"}));
    assert_eq!(
        bodies[1]["position"],
        json!({"type": "after_block", "after_block": {"id": uuid_of(100)}})
    );
    assert!(bodies.iter().all(|b| b.get("after").is_none()));
}

fn list(results: Vec<Value>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "object": "list", "results": results, "next_cursor": null, "has_more": false,
        "type": "block", "block": {}
    }))
}

fn toggle(id: u128, has_children: bool) -> Value {
    json!({"object": "block", "id": uuid_of(id), "type": "toggle", "has_children": has_children,
           "toggle": {"rich_text": [], "color": "default"}})
}

#[tokio::test]
async fn descendants_stop_at_the_depth_limit() {
    let server = MockServer::start().await;
    let root = uuid_of(1);
    for (parent, children) in [
        (1, vec![toggle(2, true), toggle(3, false)]),
        (2, vec![toggle(4, true)]),
    ] {
        Mock::given(method("GET"))
            .and(path(format!("/v1/blocks/{}/children", uuid_of(parent))))
            .respond_with(list(children))
            .expect(1)
            .mount(&server)
            .await;
    }
    // Block 4 has children but lies at the depth limit: its children must not be fetched.
    Mock::given(method("GET"))
        .and(path(format!("/v1/blocks/{}/children", uuid_of(4))))
        .respond_with(list(vec![]))
        .expect(0)
        .mount(&server)
        .await;

    let tree = replay::client(&server, V2025)
        .blocks()
        .descendants(block_id(&root), 2)
        .await
        .unwrap();
    assert_eq!(tree.len(), 2);
    assert_eq!(tree[0].children.len(), 1);
    assert_eq!(tree[0].children[0].block.id.to_string(), uuid_of(4));
    assert!(tree[0].children[0].children.is_empty());
    assert!(tree[1].children.is_empty());
}

#[tokio::test]
async fn descendants_do_not_enter_child_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/blocks/{}/children", uuid_of(1))))
        .respond_with(list(vec![json!({
            "object": "block", "id": uuid_of(2), "type": "child_page", "has_children": true,
            "child_page": {"title": "Sub"}
        })]))
        .expect(1)
        .mount(&server)
        .await;

    let tree = replay::client(&server, V2025)
        .blocks()
        .descendants(block_id(&uuid_of(1)), 5)
        .await
        .unwrap();
    assert!(tree[0].children.is_empty());
}
