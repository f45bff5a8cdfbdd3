//! Page markdown against recorded exchanges, including the 202 + async-task path.

mod replay;

use notion_orm::NotionVersion;
use notion_orm::api::markdown::MarkdownEdit;
use notion_orm::types::PageId;
use notion_orm::{Error, ErrorCode};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const V2025: NotionVersion = NotionVersion::V2025_09_03;

#[tokio::test]
async fn recorded_get_decodes_page_markdown() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_pages_retrieve_markdown.json", "GET", "/markdown"),
    )
    .await;

    let page = PageId::parse("393abc1e-edcd-81d5-bf32-d1339d9031c2").unwrap();
    let md = replay::client(&server, V2025)
        .markdown()
        .get(page, false)
        .await
        .unwrap();
    assert_eq!(md.id, page);
    assert!(!md.truncated);
}

#[tokio::test(start_paused = true)]
async fn recorded_async_edit_polls_the_task_until_it_succeeds() {
    let server = MockServer::start().await;
    let file = "test_async_tasks_retrieve.json";
    replay::mount(&server, &replay::find(file, "PATCH", "/markdown")).await;
    replay::mount(
        &server,
        &replay::find(
            file,
            "GET",
            "/v1/async_tasks/task_7e869d57816e45acb1b9a499db3d2a99",
        ),
    )
    .await;

    let page = PageId::parse("393abc1e-edcd-814e-95ce-db661df73290").unwrap();
    let md = replay::client(&server, V2025)
        .markdown()
        .update(
            page,
            &MarkdownEdit::append("# Hello\n\nAsync test content."),
        )
        .await
        .unwrap();
    assert_eq!(md.markdown, "# Hello\nAsync test content.");
}

#[tokio::test]
async fn synchronous_edits_return_the_markdown_directly() {
    let server = MockServer::start().await;
    let recorded = replay::find("test_pages_update_markdown.json", "PATCH", "/markdown");
    // The crate always allows Notion to answer asynchronously; the rest is the recorded body.
    replay::mount_with_body(
        &server,
        &recorded,
        Some(json!({"allow_async": true, "type": "insert_content",
                    "insert_content": {"content": "## New Section\n\nHello from markdown."}})),
    )
    .await;

    let page = PageId::parse("393abc1e-edcd-8142-936b-cca8ae692cc4").unwrap();
    let md = replay::client(&server, V2025)
        .markdown()
        .update(
            page,
            &MarkdownEdit::append("## New Section\n\nHello from markdown."),
        )
        .await
        .unwrap();
    assert_eq!(md.markdown, "## New Section\nHello from markdown.");
}

#[tokio::test(start_paused = true)]
async fn failed_tasks_surface_their_error_code() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "object": "async_task", "id": "task_1", "status": "queued", "poll_after_seconds": 2
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/async_tasks/task_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "async_task", "id": "task_1", "status": "failed",
            "error": {"code": "validation_error", "message": "bad markdown", "status": 400}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = PageId::parse("393abc1e-edcd-814e-95ce-db661df73290").unwrap();
    let err = replay::client(&server, V2025)
        .markdown()
        .update(page, &MarkdownEdit::append("x"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::ValidationError));
    assert!(matches!(err, Error::Api(_)));
}
