//! Comments end to end against the emulator.

use futures_util::TryStreamExt;
use notion_emulator::Emulator;
use notion_orm::client::{RateLimit, Request};
use notion_orm::types::comment::{CommentBody, CommentTarget, NewComment};
use notion_orm::types::{FileUploadId, PageId, Parent, RichText};
use notion_orm::{Client, ErrorCode};
use serde_json::{Value, json};

fn client(emulator: &Emulator, token: &str) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(token.to_owned())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap()
}

/// A page (a row of a fresh workspace database) to comment on.
async fn new_page(client: &Client) -> PageId {
    let database: Value = client
        .send(Request::post("/v1/databases").json_value(json!({
            "parent": {"type": "workspace", "workspace": true},
            "initial_data_source": {"properties": {"Name": {"title": {}}}}
        })))
        .await
        .unwrap();
    let page: Value = client
        .send(Request::post("/v1/pages").json_value(json!({
            "parent": {"data_source_id": database["data_sources"][0]["id"]},
            "properties": {"Name": {"title": [{"text": {"content": "Discuss me"}}]}}
        })))
        .await
        .unwrap();
    PageId::parse(page["id"].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn a_discussion_is_started_replied_to_and_listed_in_order() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;
    let comments = client.comments();

    let first = comments
        .create(&NewComment::rich_text(
            CommentTarget::Page(page),
            vec![RichText::text("First")],
        ))
        .await
        .unwrap();
    assert_eq!(first.parent, Parent::Page(page));
    let reply = comments
        .create(&NewComment::markdown(
            CommentTarget::Discussion(first.discussion_id),
            "**Reply**",
        ))
        .await
        .unwrap();
    assert_eq!(reply.discussion_id, first.discussion_id);

    let listed: Vec<_> = comments.list(page.as_block()).try_collect().await.unwrap();
    let ids: Vec<_> = listed.iter().map(|c| c.id).collect();
    assert_eq!(ids, [first.id, reply.id]);
}

#[tokio::test]
async fn comments_are_retrieved_updated_and_deleted() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;
    let comments = client.comments();
    let created = comments
        .create(&NewComment::rich_text(
            CommentTarget::Page(page),
            vec![RichText::text("Draft")],
        ))
        .await
        .unwrap();

    let updated = comments
        .update(
            created.id,
            CommentBody::RichText(vec![RichText::text("Final")]),
        )
        .await
        .unwrap();
    assert_eq!(updated.rich_text[0].plain_text, "Final");
    assert_eq!(
        comments.retrieve(created.id).await.unwrap().rich_text[0].plain_text,
        "Final"
    );

    comments.delete(created.id).await.unwrap();
    let remaining: Vec<_> = comments.list(page.as_block()).try_collect().await.unwrap();
    assert!(remaining.is_empty());
}

#[tokio::test]
async fn an_integration_without_comment_capability_gets_restricted_resource() {
    let mut config = notion_emulator::Config::default();
    config.extra_tokens.insert(
        "secret_no_comments".into(),
        notion_emulator::Capabilities::READ_ONLY,
    );
    let emulator = Emulator::start_with(config).await.unwrap();
    let writer = client(&emulator, emulator.token());
    let page = new_page(&writer).await;

    let reader = client(&emulator, "secret_no_comments");
    let err = reader
        .comments()
        .list(page.as_block())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::RestrictedResource));
}

/// Uploads a small PNG through the file-upload endpoints and returns the upload's id.
async fn uploaded_image(client: &Client) -> FileUploadId {
    let upload: Value = client
        .send(Request::post("/v1/file_uploads").json_value(json!({
            "filename": "diagram.png", "content_type": "image/png"
        })))
        .await
        .unwrap();
    let id = FileUploadId::parse(upload["id"].as_str().unwrap()).unwrap();
    let _: Value = client
        .send(
            Request::post("/v1/file_uploads/{id}/send")
                .param(id)
                .multipart(|| {
                    let part = reqwest::multipart::Part::bytes(b"\x89PNG fake".to_vec())
                        .file_name("diagram.png")
                        .mime_str("image/png")
                        .unwrap();
                    reqwest::multipart::Form::new().part("file", part)
                }),
        )
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn uploaded_files_are_attached_to_a_comment() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;
    let image = uploaded_image(&client).await;

    let comment = client
        .comments()
        .create(&NewComment::markdown(CommentTarget::Page(page), "See attached").attach(image))
        .await
        .unwrap();
    assert_eq!(comment.attachments.len(), 1);
    assert_eq!(comment.attachments[0].category.as_deref(), Some("image"));
    assert!(comment.attachments[0].file.url.ends_with("diagram.png"));
}
