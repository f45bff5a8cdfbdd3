//! Comments: create on a page or in a discussion, list by block, retrieve, update, delete.

mod support;

use serde_json::{Value, json};
use support::Api;
use uuid::Uuid;

async fn with_page() -> (Api, String) {
    let api = Api::start().await;
    let page = Uuid::new_v4();
    api.emulator.seed_page(page, "Commented page");
    (api, page.to_string())
}

async fn comment_on(api: &Api, page: &str, text: &str) -> Value {
    api.post_ok(
        "/v1/comments",
        json!({"parent": {"page_id": page}, "rich_text": [{"text": {"content": text}}]}),
    )
    .await
}

#[tokio::test]
async fn a_comment_on_a_page_has_notions_shape() {
    let (api, page) = with_page().await;
    let comment = comment_on(&api, &page, "Hello").await;
    assert_eq!(comment["object"], "comment");
    assert_eq!(
        comment["parent"],
        json!({"type": "page_id", "page_id": page})
    );
    assert!(comment["discussion_id"].is_string());
    assert_eq!(comment["rich_text"][0]["plain_text"], "Hello");
    assert_eq!(comment["rich_text"][0]["annotations"]["bold"], false);
    assert_eq!(
        comment["created_by"]["id"],
        api.emulator.bot_id().to_string()
    );
    assert_eq!(comment["display_name"]["type"], "integration");
    assert!(comment.get("attachments").is_none());
}

#[tokio::test]
async fn each_page_comment_opens_a_new_discussion_and_replies_join_one() {
    let (api, page) = with_page().await;
    let first = comment_on(&api, &page, "one").await;
    let second = comment_on(&api, &page, "two").await;
    assert_ne!(first["discussion_id"], second["discussion_id"]);
    let reply = api
        .post_ok(
            "/v1/comments",
            json!({"discussion_id": first["discussion_id"], "rich_text": [{"text": {"content": "re"}}]}),
        )
        .await;
    assert_eq!(reply["discussion_id"], first["discussion_id"]);
    assert_eq!(reply["parent"], first["parent"]);
}

#[tokio::test]
async fn a_comment_on_a_missing_page_is_not_found() {
    let api = Api::start().await;
    let (status, body) = api
        .post(
            "/v1/comments",
            json!({"parent": {"page_id": Uuid::new_v4()}, "rich_text": [{"text": {"content": "x"}}]}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("object_not_found"))
    );
}

#[tokio::test]
async fn a_comment_needs_rich_text_or_markdown() {
    let (api, page) = with_page().await;
    let (status, body) = api
        .post("/v1/comments", json!({"parent": {"page_id": page}}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("validation_error"))
    );
    let markdown = api
        .post_ok(
            "/v1/comments",
            json!({"parent": {"page_id": page}, "markdown": "plain words"}),
        )
        .await;
    assert_eq!(markdown["rich_text"][0]["plain_text"], "plain words");
}

#[tokio::test]
async fn list_returns_the_comments_of_a_block_oldest_first() {
    let (api, page) = with_page().await;
    let other = Uuid::new_v4();
    api.emulator.seed_page(other, "Other page");
    comment_on(&api, &page, "first").await;
    comment_on(&api, &other.to_string(), "elsewhere").await;
    comment_on(&api, &page, "second").await;
    let list = api.get_ok(&format!("/v1/comments?block_id={page}")).await;
    assert_eq!(list["object"], "list");
    assert_eq!(list["type"], "comment");
    assert_eq!(list["comment"], json!({}));
    let texts: Vec<&str> = list["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rich_text"][0]["plain_text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["first", "second"]);
}

#[tokio::test]
async fn list_paginates() {
    let (api, page) = with_page().await;
    for text in ["a", "b", "c"] {
        comment_on(&api, &page, text).await;
    }
    let first = api
        .get_ok(&format!("/v1/comments?block_id={page}&page_size=2"))
        .await;
    assert_eq!(first["results"].as_array().unwrap().len(), 2);
    assert_eq!(first["has_more"], true);
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = api
        .get_ok(&format!(
            "/v1/comments?block_id={page}&page_size=2&start_cursor={cursor}"
        ))
        .await;
    assert_eq!(rest["results"][0]["rich_text"][0]["plain_text"], "c");
    assert_eq!(rest["has_more"], false);
}

#[tokio::test]
async fn list_requires_a_block_id() {
    let api = Api::start().await;
    let (status, body) = api.get("/v1/comments").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("validation_error"))
    );
}

#[tokio::test]
async fn retrieve_returns_the_comment() {
    let (api, page) = with_page().await;
    let comment = comment_on(&api, &page, "Hello").await;
    let id = comment["id"].as_str().unwrap();
    let fetched = api.get_ok(&format!("/v1/comments/{id}")).await;
    assert_eq!(fetched["id"], comment["id"]);
    assert_eq!(fetched["rich_text"], comment["rich_text"]);
}

#[tokio::test]
async fn update_replaces_the_text() {
    let (api, page) = with_page().await;
    let comment = comment_on(&api, &page, "Hello").await;
    let id = comment["id"].as_str().unwrap();
    let updated = api
        .patch_ok(
            &format!("/v1/comments/{id}"),
            json!({"rich_text": [{"text": {"content": "Updated comment."}}]}),
        )
        .await;
    assert_eq!(updated["rich_text"][0]["plain_text"], "Updated comment.");
    assert_eq!(updated["discussion_id"], comment["discussion_id"]);
}

#[tokio::test]
async fn delete_returns_the_comment_and_removes_it() {
    let (api, page) = with_page().await;
    let comment = comment_on(&api, &page, "Hello").await;
    let id = comment["id"].as_str().unwrap();
    let (status, deleted) = api.delete(&format!("/v1/comments/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(deleted["id"], comment["id"]);
    let (status, body) = api.get(&format!("/v1/comments/{id}")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("object_not_found"))
    );
}

#[tokio::test]
async fn an_uploaded_file_can_be_attached() {
    let (api, page) = with_page().await;
    let upload = api
        .post_ok("/v1/file_uploads", json!({"filename": "pic.png"}))
        .await;
    let id = upload["id"].as_str().unwrap();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![1, 2, 3]).file_name("pic.png"),
    );
    let sent = api
        .http
        .post(api.url(&format!("/v1/file_uploads/{id}/send")))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let comment = api
        .post_ok(
            "/v1/comments",
            json!({
                "parent": {"page_id": page},
                "rich_text": [{"text": {"content": "see picture"}}],
                "attachments": [{"file_upload_id": id}],
            }),
        )
        .await;
    assert_eq!(comment["attachments"][0]["category"], "image");
    assert!(comment["attachments"][0]["file"]["url"].is_string());
    let upload = api.get_ok(&format!("/v1/file_uploads/{id}")).await;
    assert_eq!(
        upload["expiry_time"],
        Value::Null,
        "attached uploads never expire"
    );
}

#[tokio::test]
async fn a_pending_upload_cannot_be_attached() {
    let (api, page) = with_page().await;
    let upload = api.post_ok("/v1/file_uploads", json!({})).await;
    let (status, body) = api
        .post(
            "/v1/comments",
            json!({
                "parent": {"page_id": page},
                "rich_text": [{"text": {"content": "x"}}],
                "attachments": [{"file_upload_id": upload["id"]}],
            }),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("validation_error"))
    );
}

#[tokio::test]
async fn a_token_without_the_comments_capability_is_restricted() {
    let mut config = notion_emulator::Config::default();
    config.capabilities = notion_emulator::Capabilities::READ_ONLY;
    let api = Api::start_with(config).await;
    let (status, body) = api
        .get(&format!("/v1/comments?block_id={}", Uuid::new_v4()))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("restricted_resource"))
    );
}
