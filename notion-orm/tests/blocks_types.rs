//! Every typed block type decodes from Notion's response shape and re-serializes to the write
//! shape; other types are kept raw.

use notion_orm::types::block::{Block, BlockContent};
use serde_json::{Value, json};

const RICH: &str = r#"[{"type":"text","text":{"content":"Hi","link":null},"annotations":{"bold":false,"italic":false,"strikethrough":false,"underline":false,"code":false,"color":"default"},"plain_text":"Hi","href":null}]"#;

fn rich() -> Value {
    serde_json::from_str(RICH).unwrap()
}

/// A response-shaped content object for each typed block type.
fn samples() -> Vec<(&'static str, Value)> {
    let text = json!({"rich_text": rich(), "color": "default"});
    let heading = json!({"rich_text": rich(), "color": "default", "is_toggleable": false});
    let file = |url: &str| {
        json!({"caption": [], "type": "file",
               "file": {"url": url, "expiry_time": "2026-07-04T10:08:00.000Z"}, "name": "a"})
    };
    vec![
        ("paragraph", text.clone()),
        ("heading_1", heading.clone()),
        ("heading_2", heading.clone()),
        ("heading_3", heading.clone()),
        ("heading_4", heading),
        ("bulleted_list_item", text.clone()),
        ("numbered_list_item", text.clone()),
        (
            "to_do",
            json!({"rich_text": rich(), "checked": false, "color": "default"}),
        ),
        ("toggle", text.clone()),
        ("quote", text),
        (
            "callout",
            json!({"rich_text": rich(), "icon": {"type": "emoji", "emoji": "💡"}, "color": "gray_background"}),
        ),
        (
            "code",
            json!({"rich_text": rich(), "caption": [], "language": "rust"}),
        ),
        ("divider", json!({})),
        ("image", file("https://files.example/a.png")),
        ("file", file("https://files.example/a.zip")),
        ("pdf", file("https://files.example/a.pdf")),
        ("video", file("https://files.example/a.mp4")),
        ("audio", file("https://files.example/a.mp3")),
        (
            "bookmark",
            json!({"caption": [], "url": "https://example.com"}),
        ),
        (
            "table",
            json!({"table_width": 2, "has_column_header": true, "has_row_header": false}),
        ),
        ("table_row", json!({"cells": [rich(), []]})),
        ("child_page", json!({"title": "Sub page"})),
        ("child_database", json!({"title": "Tasks"})),
        ("synced_block", json!({"synced_from": null})),
        ("column_list", json!({})),
        ("column", json!({"width_ratio": 0.5})),
        ("tab", json!({})),
    ]
}

fn block(type_name: &str, content: Value) -> Value {
    json!({
        "object": "block",
        "id": "393abc1e-edcd-8181-b2fd-dd37c96a3532",
        "parent": {"type": "block_id", "block_id": "393abc1e-edcd-81d5-beec-e345d8013f05"},
        "created_time": "2026-07-04T09:08:00.000Z",
        "last_edited_time": "2026-07-04T09:08:00.000Z",
        "created_by": {"object": "user", "id": "7775f3a3-893f-43fa-b625-460c61094c78"},
        "last_edited_by": {"object": "user", "id": "7775f3a3-893f-43fa-b625-460c61094c78"},
        "has_children": false,
        "in_trash": false,
        "type": type_name,
        type_name: content,
    })
}

#[test]
fn there_is_a_sample_for_every_typed_block_type() {
    let sampled: Vec<_> = samples().into_iter().map(|(t, _)| t).collect();
    assert_eq!(sampled, BlockContent::KNOWN_TYPES);
}

#[test]
fn every_typed_block_type_decodes_into_its_variant() {
    for (type_name, content) in samples() {
        let decoded: Block = serde_json::from_value(block(type_name, content))
            .unwrap_or_else(|e| panic!("{type_name}: {e}"));
        assert_eq!(decoded.type_name(), type_name);
        assert!(
            !matches!(decoded.content, BlockContent::Unknown { .. }),
            "{type_name} decoded as Unknown"
        );
    }
}

#[test]
fn every_typed_block_reserializes_to_the_write_shape_and_back() {
    for (type_name, content) in samples() {
        let decoded: Block = serde_json::from_value(block(type_name, content)).unwrap();
        let written = serde_json::to_value(&decoded.content).unwrap();
        let object = written.as_object().unwrap();
        assert_eq!(object.len(), 1, "{type_name}: {written}");
        assert!(object.contains_key(type_name), "{type_name}: {written}");
        // Computed fields never go back to Notion.
        let text = written.to_string();
        assert!(!text.contains("plain_text"), "{type_name}: {written}");
        let back: BlockContent = serde_json::from_value(written).unwrap();
        assert_eq!(back, decoded.content, "{type_name}");
    }
}

#[test]
fn untyped_block_types_are_kept_raw_and_written_back_unchanged() {
    for (type_name, content) in [
        (
            "embed",
            json!({"caption": [], "url": "https://example.com"}),
        ),
        ("equation", json!({"expression": "e=mc^2"})),
        ("meeting_notes", json!({"title": rich()})),
        (
            "link_to_page",
            json!({"type": "page_id", "page_id": "393abc1e-edcd-81d5-beec-e345d8013f05"}),
        ),
    ] {
        let decoded: Block = serde_json::from_value(block(type_name, content.clone())).unwrap();
        assert_eq!(
            decoded.content,
            BlockContent::Unknown {
                type_name: type_name.into(),
                raw: content.clone()
            }
        );
        assert_eq!(
            serde_json::to_value(&decoded.content).unwrap(),
            json!({ type_name: content })
        );
    }
}

#[test]
fn recorded_block_responses_decode() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded");
    let mut decoded = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let recording: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for interaction in recording["interactions"].as_array().unwrap() {
            let body = &interaction["response_body"];
            let blocks: Vec<&Value> = match body["object"].as_str() {
                Some("block") => vec![body],
                Some("list") if body["type"] == "block" => {
                    body["results"].as_array().unwrap().iter().collect()
                }
                _ => continue,
            };
            for b in blocks {
                serde_json::from_value::<Block>(b.clone())
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                decoded += 1;
            }
        }
    }
    assert!(decoded > 50, "only {decoded} recorded blocks found");
}
