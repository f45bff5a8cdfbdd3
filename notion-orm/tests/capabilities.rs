//! Errors through the resource APIs: a call the integration's capabilities forbid surfaces
//! `restricted_resource` with Notion's words intact, and recorded error bodies decode.

mod replay;

use futures_util::TryStreamExt;
use notion_orm::types::BlockId;
use notion_orm::{Error, ErrorCode, NotionVersion};
use serde_json::json;
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
    assert!(api.to_string().contains("capability"), "{api}");
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
