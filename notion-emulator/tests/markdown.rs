//! Page markdown (`GET`/`PATCH /v1/pages/{id}/markdown`, page create with `markdown`), async
//! tasks and custom emojis.

mod support;

use serde_json::{Value, json};
use support::Api;

fn markdown_path(page: &Value) -> String {
    format!("/v1/pages/{}/markdown", page["id"].as_str().unwrap())
}

async fn insert(api: &Api, page: &Value, content: &str) -> Value {
    api.patch_ok(
        &markdown_path(page),
        json!({"type": "insert_content", "insert_content": {"content": content}}),
    )
    .await
}

#[tokio::test]
async fn inserted_markdown_reads_back_one_block_per_line_like_notion() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let answer = insert(&api, &page, "## New Section\n\nHello from markdown.").await;
    assert_eq!(answer["object"], "page_markdown");
    assert_eq!(answer["markdown"], "## New Section\nHello from markdown.");
    let read = api.get_ok(&markdown_path(&page)).await;
    assert_eq!(read["markdown"], "## New Section\nHello from markdown.");
    assert_eq!(read["truncated"], false);
}

#[tokio::test]
async fn inserted_markdown_becomes_blocks() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    insert(&api, &page, "# Title\n- [x] done\n```rust\nlet x = 1;\n```").await;
    let children = api
        .get_ok(&format!(
            "/v1/blocks/{}/children",
            page["id"].as_str().unwrap()
        ))
        .await;
    let kinds: Vec<&str> = children["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["heading_1", "to_do", "code"]);
    assert_eq!(children["results"][1]["to_do"]["checked"], true);
    assert_eq!(children["results"][2]["code"]["language"], "rust");
}

#[tokio::test]
async fn blocks_appended_through_the_api_render_as_markdown() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let text = |t: &str| json!({"rich_text": [{"text": {"content": t}}]});
    api.patch_ok(
        &format!("/v1/blocks/{}/children", page["id"].as_str().unwrap()),
        json!({"children": [
            {"heading_2": text("Plan")},
            {"bulleted_list_item": {"rich_text": [{"text": {"content": "one"}, "annotations": {"bold": true}}],
                "children": [{"numbered_list_item": text("nested")}]}},
            {"quote": text("said")},
            {"divider": {}},
            {"bookmark": {"url": "https://example.com"}},
        ]}),
    )
    .await;
    let read = api.get_ok(&markdown_path(&page)).await;
    let lines: Vec<&str> = read["markdown"].as_str().unwrap().lines().collect();
    assert_eq!(
        lines[..5],
        ["## Plan", "- **one**", "\t1. nested", "> said", "---"]
    );
    assert!(lines[5].starts_with("<unknown url="), "{}", lines[5]);
    assert_eq!(read["unknown_block_ids"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn replace_content_range_swaps_the_selected_blocks() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    insert(&api, &page, "first\nsecond\nthird").await;
    let answer = api
        .patch_ok(
            &markdown_path(&page),
            json!({"type": "replace_content_range", "replace_content_range": {
                "content": "middle", "content_range": "second"}}),
        )
        .await;
    assert_eq!(answer["markdown"], "first\nmiddle\nthird");
}

#[tokio::test]
async fn update_content_replaces_text_and_rejects_a_missing_match() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    insert(&api, &page, "Hello world").await;
    let edit = |old: &str| {
        json!({"type": "update_content", "update_content": {
            "content_updates": [{"old_str": old, "new_str": "there"}]}})
    };
    let answer = api.patch_ok(&markdown_path(&page), edit("world")).await;
    assert_eq!(answer["markdown"], "Hello there");
    let (status, error) = api.patch(&markdown_path(&page), edit("absent")).await;
    assert_eq!(status, 400);
    assert_eq!(error["code"], "validation_error");
}

#[tokio::test]
async fn replacing_content_keeps_a_child_page_only_when_its_tag_survives() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let child = api
        .post_ok(
            "/v1/pages",
            json!({"parent": {"page_id": page["id"]},
                   "properties": {"title": [{"text": {"content": "Child"}}]}}),
        )
        .await;
    let before = api.get_ok(&markdown_path(&page)).await;
    let tag = before["markdown"].as_str().unwrap().to_owned();
    assert!(tag.starts_with("<page url="), "{tag}");

    let replace = |new: &str, allow: bool| {
        json!({"type": "replace_content", "replace_content": {
            "new_str": new, "allow_deleting_content": allow}})
    };
    let kept = api
        .patch_ok(
            &markdown_path(&page),
            replace(&format!("intro\n{tag}"), false),
        )
        .await;
    assert_eq!(kept["markdown"], format!("intro\n{tag}"));
    let (status, _) = api
        .patch(&markdown_path(&page), replace("gone", false))
        .await;
    assert_eq!(status, 400);
    api.patch_ok(&markdown_path(&page), replace("gone", true))
        .await;
    let child = api
        .get_ok(&format!("/v1/pages/{}", child["id"].as_str().unwrap()))
        .await;
    assert_eq!(child["in_trash"], true);
}

#[tokio::test]
async fn an_async_edit_answers_202_and_its_task_holds_the_result() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let (status, task) = api
        .patch(
            &markdown_path(&page),
            json!({"allow_async": true, "type": "insert_content",
                   "insert_content": {"content": "# Hello\n\nAsync test content."}}),
        )
        .await;
    assert_eq!(status, 202);
    assert_eq!(task["object"], "async_task");
    assert_eq!(task["status"], "queued");
    let polled = api
        .get_ok(&format!("/v1/async_tasks/{}", task["id"].as_str().unwrap()))
        .await;
    assert_eq!(polled["status"], "succeeded");
    assert_eq!(polled["result"]["markdown"], "# Hello\nAsync test content.");
}

#[tokio::test]
async fn an_unknown_async_task_is_not_found() {
    let api = Api::start().await;
    let (status, error) = api.get("/v1/async_tasks/task_0123").await;
    assert_eq!(status, 404);
    assert_eq!(error["code"], "object_not_found");
}

#[tokio::test]
async fn a_page_created_with_markdown_has_that_content() {
    let api = Api::start().await;
    let parent = api.page("Parent").await;
    let page = api
        .post_ok(
            "/v1/pages",
            json!({"parent": {"page_id": parent["id"]},
                   "properties": {"title": [{"text": {"content": "From markdown"}}]},
                   "markdown": "# Heading\n- item"}),
        )
        .await;
    let read = api.get_ok(&markdown_path(&page)).await;
    assert_eq!(read["markdown"], "# Heading\n- item");
}

#[tokio::test]
async fn markdown_and_children_together_are_rejected() {
    let api = Api::start().await;
    let parent = api.page("Parent").await;
    let (status, error) = api
        .post(
            "/v1/pages",
            json!({"parent": {"page_id": parent["id"]}, "markdown": "x", "children": []}),
        )
        .await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["code"], "validation_error");
}

#[tokio::test]
async fn custom_emojis_list_the_seeded_ones_with_paging_and_a_name_filter() {
    let api = Api::start().await;
    let empty = api.get_ok("/v1/custom_emojis").await;
    assert_eq!(empty["results"], json!([]));
    assert_eq!(empty["type"], "custom_emoji");
    let bufo = api
        .emulator
        .seed_custom_emoji("bufo", "https://example.com/bufo.png");
    api.emulator
        .seed_custom_emoji("party", "https://example.com/party.png");
    let first = api.get_ok("/v1/custom_emojis?page_size=1").await;
    assert_eq!(
        first["results"],
        json!([{"id": bufo, "name": "bufo", "url": "https://example.com/bufo.png"}])
    );
    assert_eq!(first["has_more"], true);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = api
        .get_ok(&format!(
            "/v1/custom_emojis?page_size=1&start_cursor={cursor}"
        ))
        .await;
    assert_eq!(second["results"][0]["name"], "party");
    assert_eq!(second["has_more"], false);
    let named = api.get_ok("/v1/custom_emojis?name=party").await;
    assert_eq!(named["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_async_page_create_with_markdown_answers_a_task_holding_the_page() {
    let api = Api::start().await;
    let parent = api.page("Parent").await;
    let (status, task) = api
        .post(
            "/v1/pages",
            json!({"parent": {"page_id": parent["id"]}, "markdown": "- one", "allow_async": true}),
        )
        .await;
    assert_eq!(status, 202, "{task}");
    let polled = api
        .get_ok(&format!("/v1/async_tasks/{}", task["id"].as_str().unwrap()))
        .await;
    assert_eq!(polled["operation"]["name"], "POST /v1/pages");
    assert_eq!(polled["result"]["object"], "page");
    let read = api.get_ok(&markdown_path(&polled["result"])).await;
    assert_eq!(read["markdown"], "- one");
}

#[tokio::test]
async fn a_read_only_token_cannot_edit_markdown() {
    let mut config = notion_emulator::Config::default();
    config.extra_tokens.insert(
        "reader".to_owned(),
        notion_emulator::Capabilities::READ_ONLY,
    );
    let api = Api::start_with(config).await;
    let page = api.page("Doc").await;
    let response = api
        .http
        .patch(api.url(&markdown_path(&page)))
        .bearer_auth("reader")
        .header("Notion-Version", api.version)
        .json(&json!({"type": "insert_content", "insert_content": {"content": "x"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
}

#[tokio::test]
async fn markdown_read_back_and_written_again_leaves_the_content_as_it_was() {
    let api = Api::start().await;
    let page = api.page("Doc").await;
    let markdown = "# Title\n- a\n\t- **b** and `c`\n\t\t1. d\n- [ ] e\n> f\n```rust\nfn x() {}\n```\n---\n\\- literal 5 \\* 3\n<empty-block/>";
    let written = insert(&api, &page, markdown).await;
    assert_eq!(written["markdown"], markdown);
    let rewritten = api
        .patch_ok(
            &markdown_path(&page),
            json!({"type": "replace_content", "replace_content": {"new_str": markdown}}),
        )
        .await;
    assert_eq!(rewritten["markdown"], markdown);
}
