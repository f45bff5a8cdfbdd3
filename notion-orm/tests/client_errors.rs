//! Error responses become `Error` values that keep what Notion said and help the user act.

use notion_orm::client::{RateLimit, Request, RetryPolicy};
use notion_orm::{Client, Error, ErrorCode};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("secret_test")
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn notion_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "object": "error",
        "status": status,
        "code": code,
        "message": message,
        "request_id": "req-123",
    }))
}

async fn get_error(server: &MockServer, response: ResponseTemplate) -> Error {
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .respond_with(response)
        .mount(server)
        .await;
    client(server)
        .send::<Value>(Request::get("/v1/users"))
        .await
        .unwrap_err()
}

/// Every (status, code) pair of notion-api.md §5.
const DOCUMENTED: &[(u16, &str, ErrorCode)] = &[
    (400, "invalid_json", ErrorCode::InvalidJson),
    (400, "invalid_request_url", ErrorCode::InvalidRequestUrl),
    (400, "invalid_request", ErrorCode::InvalidRequest),
    (400, "invalid_grant", ErrorCode::InvalidGrant),
    (400, "validation_error", ErrorCode::ValidationError),
    (400, "missing_version", ErrorCode::MissingVersion),
    (400, "invalid_beta", ErrorCode::InvalidBeta),
    (401, "unauthorized", ErrorCode::Unauthorized),
    (403, "restricted_resource", ErrorCode::RestrictedResource),
    (404, "object_not_found", ErrorCode::ObjectNotFound),
    (409, "conflict_error", ErrorCode::ConflictError),
    (409, "row_limit_exceeded", ErrorCode::RowLimitExceeded),
    (429, "rate_limited", ErrorCode::RateLimited),
    (500, "internal_server_error", ErrorCode::InternalServerError),
    (502, "bad_gateway", ErrorCode::BadGateway),
    (503, "service_unavailable", ErrorCode::ServiceUnavailable),
    (
        503,
        "database_connection_unavailable",
        ErrorCode::DatabaseConnectionUnavailable,
    ),
    (504, "gateway_timeout", ErrorCode::GatewayTimeout),
    (529, "service_overload", ErrorCode::ServiceOverload),
];

#[tokio::test]
async fn every_documented_status_and_code_decodes_into_an_api_error() {
    for (status, code, expected) in DOCUMENTED {
        let server = MockServer::start().await;
        let err = get_error(&server, notion_error(*status, code, "it failed")).await;
        let Error::Api(api) = &err else {
            panic!("{status} {code}: expected Error::Api, got {err:?}");
        };
        assert_eq!(api.status, *status, "{code}");
        assert_eq!(&api.code, expected, "{code}");
        assert_eq!(api.message, "it failed");
        assert_eq!(api.request_id.as_deref(), Some("req-123"));
        assert_eq!(api.method, "GET");
        assert_eq!(api.endpoint, "/v1/users");
        assert_eq!(err.status(), Some(*status));
    }
}

#[tokio::test]
async fn unknown_codes_are_kept_as_text() {
    let server = MockServer::start().await;
    let err = get_error(&server, notion_error(400, "brand_new_code", "new")).await;
    assert_eq!(err.code(), Some(&ErrorCode::Other("brand_new_code".into())));
    assert!(err.to_string().contains("brand_new_code"), "{err}");
}

#[tokio::test]
async fn additional_data_and_retry_after_are_kept() {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(429)
        .insert_header("retry-after", "7")
        .set_body_json(json!({
            "object": "error", "status": 429, "code": "rate_limited",
            "message": "Rate limited",
            "additional_data": {"rate_limit_reason": "public_api_request_rate_limit"},
        }));
    let Error::Api(api) = get_error(&server, response).await else {
        panic!("expected an API error");
    };
    assert_eq!(
        api.additional_data.get("rate_limit_reason"),
        Some(&json!("public_api_request_rate_limit"))
    );
    assert_eq!(api.retry_after, Some(std::time::Duration::from_secs(7)));
}

#[tokio::test]
async fn request_id_falls_back_to_the_response_header() {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(400)
        .insert_header("x-notion-request-id", "from-header")
        .set_body_json(
            json!({"object": "error", "status": 400, "code": "validation_error", "message": "bad"}),
        );
    let err = get_error(&server, response).await;
    assert_eq!(err.request_id(), Some("from-header"));
}

#[tokio::test]
async fn an_html_error_body_becomes_an_unexpected_body_error_with_an_excerpt() {
    let server = MockServer::start().await;
    let html =
        "<html><head><title>403 Forbidden</title></head><body>Blocked by the edge</body></html>";
    let response = ResponseTemplate::new(403)
        .insert_header("cf-ray", "8a1b2c3d4e5f-FRA")
        .set_body_raw(html, "text/html");
    let err = get_error(&server, response).await;
    let Error::UnexpectedBody {
        status,
        excerpt,
        request_id,
        ..
    } = &err
    else {
        panic!("expected UnexpectedBody, got {err:?}");
    };
    assert_eq!(*status, 403);
    assert!(excerpt.contains("403 Forbidden"), "{excerpt}");
    assert_eq!(request_id.as_deref(), Some("8a1b2c3d4e5f-FRA"));
    let message = err.to_string();
    assert!(
        message.contains("403") && message.contains("/v1/users"),
        "{message}"
    );
}

#[tokio::test]
async fn not_found_says_to_share_the_page_with_the_integration() {
    let server = MockServer::start().await;
    let err = get_error(
        &server,
        notion_error(404, "object_not_found", "Could not find page with ID: x."),
    )
    .await;
    assert!(err.to_string().contains("share the page"), "{err}");
}

#[tokio::test]
async fn restricted_resource_says_to_grant_the_capability() {
    let server = MockServer::start().await;
    let err = get_error(
        &server,
        notion_error(403, "restricted_resource", "Insufficient permissions."),
    )
    .await;
    assert!(err.to_string().contains("grant the integration"), "{err}");
}

#[tokio::test]
async fn a_body_that_does_not_match_the_type_names_the_endpoint_and_json_path() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Users {
        results: Vec<User>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct User {
        id: String,
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [{"id": "a"}, {"id": 42}]
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .send::<Users>(Request::get("/v1/users"))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("/v1/users"), "{message}");
    assert!(message.contains("results[1].id"), "{message}");
}

#[tokio::test]
async fn json_without_an_error_code_is_an_unexpected_body() {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(502).set_body_json(json!({"message": "upstream died"}));
    let err = get_error(&server, response).await;
    assert!(
        matches!(&err, Error::UnexpectedBody { status: 502, excerpt, .. } if excerpt.contains("upstream died")),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_empty_error_body_still_reports_the_status() {
    let server = MockServer::start().await;
    let err = get_error(&server, ResponseTemplate::new(500)).await;
    assert_eq!(err.status(), Some(500));
    assert!(err.to_string().contains("500"), "{err}");
}
