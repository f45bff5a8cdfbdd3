//! What every request carries: bearer auth, `Notion-Version`, JSON content type, query pairs.

use notion_orm::Client;
use notion_orm::client::{NotionVersion, RateLimit, Request};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn builder(server: &MockServer) -> notion_orm::ClientBuilder {
    Client::builder()
        .token("secret_abc")
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({}))
}

#[tokio::test]
async fn requests_carry_the_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer secret_abc"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap();
}

#[tokio::test]
async fn the_default_notion_version_is_2025_09_03() {
    let server = MockServer::start().await;
    Mock::given(header("notion-version", "2025-09-03"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    assert_eq!(client.version(), NotionVersion::V2025_09_03);
    client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap();
}

#[tokio::test]
async fn version_2026_03_11_is_sent_when_selected() {
    let server = MockServer::start().await;
    Mock::given(header("notion-version", "2026-03-11"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .notion_version(NotionVersion::V2026_03_11)
        .build()
        .unwrap();
    client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap();
}

#[tokio::test]
async fn json_bodies_are_sent_with_a_json_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/search"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"query": "x"})))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    client
        .send::<Value>(Request::post("/v1/search").json_value(json!({"query": "x"})))
        .await
        .unwrap();
}

#[tokio::test]
async fn repeated_query_keys_are_all_sent() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/pages/p"))
        .and(query_param("filter_properties", "title"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    client
        .send::<Value>(
            Request::get("/v1/pages/{id}")
                .param("p")
                .query("filter_properties", "title")
                .query("filter_properties", "%3CnJT"),
        )
        .await
        .unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        received.url.query(),
        Some("filter_properties=title&filter_properties=%253CnJT")
    );
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(path("/notion/v1/users/me"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("t")
        .base_url(format!("{}/notion/", server.uri()))
        .build()
        .unwrap();
    client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap();
}

#[tokio::test]
async fn multipart_forms_are_rebuilt_for_each_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).set_body_json(
            json!({"object":"error","status":429,"code":"rate_limited","message":"slow"}),
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok())
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry(
            notion_orm::client::RetryPolicy::default()
                .initial_delay(std::time::Duration::from_millis(1))
                .max_delay(std::time::Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    client
        .send::<Value>(
            Request::post("/v1/file_uploads/{id}/send")
                .param("u")
                .multipart(|| {
                    reqwest::multipart::Form::new().part(
                        "file",
                        reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("a.txt"),
                    )
                }),
        )
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in received {
        let content_type = request.headers["content-type"].to_str().unwrap().to_owned();
        assert!(
            content_type.starts_with("multipart/form-data"),
            "{content_type}"
        );
        assert!(String::from_utf8_lossy(&request.body).contains("hello"));
    }
}
