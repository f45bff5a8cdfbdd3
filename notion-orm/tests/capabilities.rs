//! Errors through the resource APIs: a call the integration's capabilities forbid surfaces
//! `restricted_resource` with Notion's words intact and the missing capability named, and
//! recorded error bodies decode.

mod replay;

use futures_util::TryStreamExt;
use notion_emulator::{Capabilities, Config, Emulator};
use notion_orm::api::blocks::Position;
use notion_orm::client::{RateLimit, Request};
use notion_orm::error::Capability;
use notion_orm::types::block::BlockContent;
use notion_orm::types::{BlockId, PageId};
use notion_orm::{Client, Error, ErrorCode, NotionVersion};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const V2025: NotionVersion = NotionVersion::V2025_09_03;

fn block() -> BlockId {
    BlockId::parse("393abc1e-edcd-8137-bc49-ee507c3c70c6").unwrap()
}

fn api_error(err: Error) -> Box<notion_orm::ApiError> {
    match err {
        Error::Api(api) => api,
        other => panic!("expected a Notion error, got {other:?}"),
    }
}

#[tokio::test]
async fn missing_comment_capability_surfaces_restricted_resource_with_notions_words() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/comments"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "object": "error", "status": 403, "code": "restricted_resource",
            "message": "Insufficient permissions for this endpoint: the integration lacks the read comments capability.",
            "additional_data": {"missing_capability": "read_comments"},
            "request_id": "4a8e5b0c-1d2f-4e3a-9b8c-7d6e5f4a3b2c"
        })))
        .mount(&server)
        .await;

    let err = replay::client(&server, V2025)
        .comments()
        .list(block())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    let api = api_error(err);
    assert_eq!(api.code, ErrorCode::RestrictedResource);
    assert_eq!(api.status, 403);
    assert!(api.message.contains("read comments capability"));
    assert_eq!(api.additional_data["missing_capability"], "read_comments");
    assert_eq!(api.missing_capability(), Some(Capability::ReadComments));
    assert!(
        api.to_string().contains("\"Read comments\" capability"),
        "{api}"
    );
}

#[tokio::test]
async fn a_capability_named_in_notions_message_is_typed_and_in_the_hint() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/v1/blocks/{}", block())))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "object": "error", "status": 403, "code": "restricted_resource",
            "message": "Integration does not have update content capabilities. Please enable it in the integration settings.",
            "request_id": "r"
        })))
        .mount(&server)
        .await;

    let err = replay::client(&server, V2025)
        .blocks()
        .update(block(), &BlockContent::paragraph("x"))
        .await
        .unwrap_err();
    let api = api_error(err);
    assert_eq!(api.missing_capability(), Some(Capability::UpdateContent));
    assert!(
        api.to_string()
            .contains("grant the integration the \"Update content\" capability"),
        "{api}"
    );
}

#[tokio::test]
async fn missing_insert_capability_surfaces_on_append() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "object": "error", "status": 403, "code": "restricted_resource",
            "message": "Insufficient permissions for this endpoint.", "request_id": "r"
        })))
        .mount(&server)
        .await;

    let err = replay::client(&server, V2025)
        .blocks()
        .append(
            block(),
            vec![notion_orm::types::block::BlockContent::paragraph("x")],
            Default::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::RestrictedResource));
    assert_eq!(err.status(), Some(403));
    // Notion's generic message names no capability; appending needs "Insert content".
    assert_eq!(
        api_error(err).missing_capability(),
        Some(Capability::InsertContent)
    );
}

#[tokio::test]
async fn recorded_not_found_keeps_message_and_integration_id() {
    let server = MockServer::start().await;
    let recorded = replay::find(
        "test_build_request_error_integration.json",
        "GET",
        "/v1/pages/00000000-0000-0000-0000-000000000000",
    );
    Mock::given(method("GET"))
        .and(path(format!("/v1/blocks/{}", block())))
        .respond_with(ResponseTemplate::new(recorded.status).set_body_json(&recorded.response_body))
        .mount(&server)
        .await;

    let err = replay::client(&server, V2025)
        .blocks()
        .retrieve(block())
        .await
        .unwrap_err();
    let api = api_error(err);
    assert_eq!(api.code, ErrorCode::ObjectNotFound);
    assert_eq!(
        api.request_id.as_deref(),
        Some("55e80b46-6675-426f-9eb0-1fa1456e4103")
    );
    assert_eq!(
        api.additional_data["integration_id"],
        "7775f3a3-893f-43fa-b625-460c61094c78"
    );
    assert!(api.message.contains("shared with your integration"));
}

#[tokio::test]
async fn recorded_unauthorized_decodes_on_a_view_call() {
    let server = MockServer::start().await;
    let recorded = replay::load("test_api_response_error.json")
        .into_iter()
        .find(|i| i.status == 401)
        .unwrap();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(&recorded.response_body))
        .mount(&server)
        .await;

    let err = replay::client(&server, V2025)
        .views()
        .retrieve(notion_orm::types::ViewId::parse("393abc1e-edcd-811e-b7ad-000c95b2122f").unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::Unauthorized));
    assert_eq!(
        err.request_id(),
        Some("17359c46-ca0d-4156-be70-12a5eebc3346")
    );
}

#[tokio::test]
async fn recorded_non_json_error_bodies_are_kept_as_excerpts() {
    let server = MockServer::start().await;
    let recorded = replay::load("test_api_http_response_error.json").remove(0);
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(recorded.status)
                .set_body_string(recorded.response_body.as_str().unwrap()),
        )
        .mount(&server)
        .await;

    let err = replay::client(&server, V2025)
        .comments()
        .retrieve(
            notion_orm::types::CommentId::parse("393abc1e-edcd-819c-b013-001db63e470c").unwrap(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedBody { status: 400, excerpt, .. } if excerpt == "400 Bad Request"),
        "{err:?}"
    );
}

/// An emulator whose default token may do everything and `limited` may do `capabilities`.
async fn emulator_with(limited: Capabilities) -> Emulator {
    let mut config = Config::default();
    config.extra_tokens.insert("secret_limited".into(), limited);
    Emulator::start_with(config).await.unwrap()
}

fn emulator_client(emulator: &Emulator, token: &str) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(token.to_owned())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap()
}

/// A row of a fresh workspace database, created with the all-capable token.
async fn emulator_page(emulator: &Emulator) -> PageId {
    let client = emulator_client(emulator, emulator.token());
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
            "properties": {"Name": {"title": [{"text": {"content": "Guarded"}}]}}
        })))
        .await
        .unwrap();
    PageId::parse(page["id"].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn emulator_read_only_token_appending_blocks_lacks_insert_content() {
    let emulator = emulator_with(Capabilities::READ_ONLY).await;
    let page = emulator_page(&emulator).await;

    let err = emulator_client(&emulator, "secret_limited")
        .blocks()
        .append(
            page.as_block(),
            vec![BlockContent::paragraph("x")],
            Position::End,
        )
        .await
        .unwrap_err();
    let api = api_error(err);
    assert_eq!(api.code, ErrorCode::RestrictedResource);
    assert_eq!(api.missing_capability(), Some(Capability::InsertContent));
    assert!(api.to_string().contains("\"Insert content\""), "{api}");
}

#[tokio::test]
async fn emulator_read_only_token_trashing_a_page_lacks_update_content() {
    let emulator = emulator_with(Capabilities::READ_ONLY).await;
    let page = emulator_page(&emulator).await;

    let err = emulator_client(&emulator, "secret_limited")
        .pages()
        .trash(page)
        .await
        .unwrap_err();
    assert_eq!(
        api_error(err).missing_capability(),
        Some(Capability::UpdateContent)
    );
}

#[tokio::test]
async fn emulator_token_without_comments_listing_comments_lacks_read_comments() {
    let emulator = emulator_with(Capabilities {
        comments: false,
        ..Capabilities::ALL
    })
    .await;
    let page = emulator_page(&emulator).await;

    let err = emulator_client(&emulator, "secret_limited")
        .comments()
        .list(page.as_block())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(
        api_error(err).missing_capability(),
        Some(Capability::ReadComments)
    );
}
