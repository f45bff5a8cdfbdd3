//! Comments against recorded exchanges: request shapes and decoding.

mod replay;

use futures_util::TryStreamExt;
use notion_orm::types::comment::{CommentBody, CommentTarget, NewComment};
use notion_orm::types::{BlockId, CommentId, FileUploadId, PageId, Parent, RichText};
use notion_orm::{Error, NotionVersion};
use wiremock::MockServer;

const V2025: NotionVersion = NotionVersion::V2025_09_03;

fn comment_id(s: &str) -> CommentId {
    CommentId::parse(s).unwrap()
}

#[tokio::test]
async fn recorded_create_on_a_page_sends_rich_text_and_decodes() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_comments_create.json", "POST", "/v1/comments"),
    )
    .await;

    let page = PageId::parse("393abc1e-edcd-817b-81a7-f1fcafdcd00b").unwrap();
    let comment = replay::client(&server, V2025)
        .comments()
        .create(&NewComment::rich_text(
            CommentTarget::Page(page),
            vec![RichText::text("This is a test comment.")],
        ))
        .await
        .unwrap();
    assert_eq!(comment.parent, Parent::Page(page));
    assert_eq!(comment.rich_text[0].plain_text, "This is a test comment.");
    assert_eq!(
        comment.display_name.unwrap().resolved_name.as_deref(),
        Some("notion-sdk-py")
    );
}

#[tokio::test]
async fn recorded_list_pages_through_a_blocks_comments() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_comments_list.json", "GET", "/v1/comments"),
    )
    .await;

    let comments: Vec<_> = replay::client(&server, V2025)
        .comments()
        .list(BlockId::parse("393abc1e-edcd-8137-bc49-ee507c3c70c6").unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        comments[0].discussion_id.to_string(),
        "393abc1e-edcd-81c5-9286-001c039f0a74"
    );
}

#[tokio::test]
async fn recorded_retrieve_decodes() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_comments_retrieve.json", "GET", "001db63e470c"),
    )
    .await;

    let comment = replay::client(&server, V2025)
        .comments()
        .retrieve(comment_id("393abc1e-edcd-819c-b013-001db63e470c"))
        .await
        .unwrap();
    assert!(comment.attachments.is_empty());
}

#[tokio::test]
async fn recorded_update_replaces_the_text() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_comments_update.json", "PATCH", "001d040362ed"),
    )
    .await;

    let comment = replay::client(&server, V2025)
        .comments()
        .update(
            comment_id("393abc1e-edcd-8144-8c05-001d040362ed"),
            CommentBody::RichText(vec![RichText::text("Updated comment.")]),
        )
        .await
        .unwrap();
    assert_eq!(comment.rich_text[0].plain_text, "Updated comment.");
}

#[tokio::test]
async fn recorded_delete_returns_the_comment() {
    let server = MockServer::start().await;
    replay::mount(
        &server,
        &replay::find("test_comments_delete.json", "DELETE", "001d3574a79b"),
    )
    .await;

    let comment = replay::client(&server, V2025)
        .comments()
        .delete(comment_id("393abc1e-edcd-81c8-8619-001d3574a79b"))
        .await
        .unwrap();
    assert_eq!(
        comment.id,
        comment_id("393abc1e-edcd-81c8-8619-001d3574a79b")
    );
}

#[tokio::test]
async fn more_than_three_attachments_are_rejected_before_sending() {
    let server = MockServer::start().await; // no mocks: any request would fail with 404
    let page = PageId::parse("393abc1e-edcd-817b-81a7-f1fcafdcd00b").unwrap();
    let upload = FileUploadId::parse("2ab104cd-477e-81a3-9a8f-00b2c5d1e7f0").unwrap();
    let comment = NewComment::markdown(CommentTarget::Page(page), "files")
        .attach(upload)
        .attach(upload)
        .attach(upload)
        .attach(upload);
    let err = replay::client(&server, V2025)
        .comments()
        .create(&comment)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
