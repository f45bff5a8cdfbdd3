//! Blocks end to end against the in-process emulator.

use futures_util::TryStreamExt;
use notion_emulator::{Capabilities, Config, Emulator};
use notion_orm::api::blocks::Position;
use notion_orm::client::{RateLimit, Request};
use notion_orm::types::block::{BlockContent, TextBlock};
use notion_orm::types::{BlockId, RichText};
use notion_orm::{Client, ErrorCode, NotionVersion};
use serde_json::{Value, json};

fn client(emulator: &Emulator, token: &str, version: NotionVersion) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(token.to_owned())
        .notion_version(version)
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap()
}

/// Creates an empty page (a row of a fresh top-level database) to append blocks to.
///
/// Internal integrations cannot create workspace-level pages, but they can create workspace
/// databases, and rows are pages with content like any other.
async fn new_page(client: &Client) -> BlockId {
    let database: Value = client
        .send(Request::post("/v1/databases").json_value(json!({
            "parent": {"type": "workspace", "workspace": true},
            "title": [{"text": {"content": "Blocks e2e"}}],
            "initial_data_source": {"properties": {"Name": {"title": {}}}}
        })))
        .await
        .unwrap();
    let data_source = database["data_sources"][0]["id"].as_str().unwrap();
    let page: Value = client
        .send(Request::post("/v1/pages").json_value(json!({
            "parent": {"data_source_id": data_source},
            "properties": {"Name": {"title": [{"text": {"content": "Blocks e2e"}}]}}
        })))
        .await
        .unwrap();
    BlockId::parse(page["id"].as_str().unwrap()).unwrap()
}

async fn texts(client: &Client, parent: BlockId) -> Vec<String> {
    let children: Vec<_> = client
        .blocks()
        .children(parent)
        .try_collect()
        .await
        .unwrap();
    children
        .iter()
        .map(|b| b.content.plain_text().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn typed_blocks_round_trip_through_append_and_list() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token(), NotionVersion::V2025_09_03);
    let page = new_page(&client).await;

    let content = vec![
        BlockContent::heading(1, "Title"),
        BlockContent::paragraph("Body"),
        BlockContent::to_do("Ship", true),
        BlockContent::bulleted("Point"),
        BlockContent::code("fn main() {}", "rust"),
        BlockContent::divider(),
    ];
    let created = client
        .blocks()
        .append(page, content.clone(), Position::End)
        .await
        .unwrap();
    assert_eq!(created.len(), content.len());

    let listed: Vec<_> = client.blocks().children(page).try_collect().await.unwrap();
    let types: Vec<&str> = listed.iter().map(|b| b.type_name()).collect();
    assert_eq!(
        types,
        [
            "heading_1",
            "paragraph",
            "to_do",
            "bulleted_list_item",
            "code",
            "divider"
        ]
    );
    let BlockContent::ToDo(todo) = &listed[2].content else {
        panic!("expected a to-do, got {:?}", listed[2].content);
    };
    assert!(todo.checked);
    let BlockContent::Code(code) = &listed[4].content else {
        panic!("expected code");
    };
    assert_eq!(code.language, "rust");
}

async fn batched_insert_after_keeps_order(version: NotionVersion) {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token(), version);
    let page = new_page(&client).await;
    let first = client
        .blocks()
        .append(
            page,
            vec![
                BlockContent::paragraph("first"),
                BlockContent::paragraph("last"),
            ],
            Position::End,
        )
        .await
        .unwrap();

    let middle: Vec<_> = (0..150)
        .map(|n| BlockContent::paragraph(n.to_string()))
        .collect();
    client
        .blocks()
        .append(page, middle, Position::AfterBlock(first[0].id))
        .await
        .unwrap();

    let mut expected = vec!["first".to_owned()];
    expected.extend((0..150).map(|n| n.to_string()));
    expected.push("last".to_owned());
    assert_eq!(texts(&client, page).await, expected);
}

#[tokio::test]
async fn over_100_children_inserted_after_a_block_stay_in_order_on_2025_09_03() {
    batched_insert_after_keeps_order(NotionVersion::V2025_09_03).await;
}

#[tokio::test]
async fn over_100_children_inserted_after_a_block_stay_in_order_on_2026_03_11() {
    batched_insert_after_keeps_order(NotionVersion::V2026_03_11).await;
}

#[tokio::test]
async fn start_position_puts_children_first() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token(), NotionVersion::V2026_03_11);
    let page = new_page(&client).await;
    let blocks = client.blocks();
    blocks
        .append(page, vec![BlockContent::paragraph("old")], Position::End)
        .await
        .unwrap();
    blocks
        .append(
            page,
            vec![
                BlockContent::paragraph("new 1"),
                BlockContent::paragraph("new 2"),
            ],
            Position::Start,
        )
        .await
        .unwrap();
    assert_eq!(texts(&client, page).await, ["new 1", "new 2", "old"]);
}

#[tokio::test]
async fn update_trash_and_restore() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token(), NotionVersion::V2025_09_03);
    let page = new_page(&client).await;
    let blocks = client.blocks();
    let id = blocks
        .append(page, vec![BlockContent::paragraph("draft")], Position::End)
        .await
        .unwrap()[0]
        .id;

    let updated = blocks
        .update(
            id,
            &BlockContent::Paragraph(TextBlock::new(vec![RichText::text("final")])),
        )
        .await
        .unwrap();
    assert_eq!(updated.content.rich_text().unwrap()[0].plain_text, "final");

    assert!(blocks.delete(id).await.unwrap().in_trash);
    assert!(blocks.retrieve(id).await.unwrap().in_trash);
    assert!(!blocks.set_in_trash(id, false).await.unwrap().in_trash);
}

#[tokio::test]
async fn nested_children_are_created_and_read_back_as_a_tree() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token(), NotionVersion::V2025_09_03);
    let page = new_page(&client).await;
    let toggle = BlockContent::Toggle(
        TextBlock::new(vec![RichText::text("More")])
            .with_children(vec![BlockContent::paragraph("Hidden")]),
    );
    client
        .blocks()
        .append(page, vec![toggle], Position::End)
        .await
        .unwrap();

    let tree = client.blocks().descendants(page, 2).await.unwrap();
    assert_eq!(tree.len(), 1);
    assert!(tree[0].block.has_children);
    assert_eq!(
        tree[0].children[0].block.content.rich_text().unwrap()[0].plain_text,
        "Hidden"
    );
}

#[tokio::test]
async fn a_read_only_integration_cannot_append() {
    let mut config = Config::default();
    config
        .extra_tokens
        .insert("secret_read_only".into(), Capabilities::READ_ONLY);
    let emulator = Emulator::start_with(config).await.unwrap();
    let writer = client(&emulator, emulator.token(), NotionVersion::V2025_09_03);
    let page = new_page(&writer).await;

    let reader = client(&emulator, "secret_read_only", NotionVersion::V2025_09_03);
    let err = reader
        .blocks()
        .append(page, vec![BlockContent::paragraph("x")], Position::End)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::RestrictedResource));
    // Reading is still allowed.
    assert!(reader.blocks().retrieve(page).await.is_ok());
}
