//! Failures found by testing the client as a bad network and a hostile server would behave:
//! each test failed before its fix.

use std::time::Duration;

use futures_util::TryStreamExt;
use notion_orm::client::{RateLimit, Request, RetryPolicy};
use notion_orm::{Client, Error};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn rate_limited(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("Retry-After", retry_after)
        .set_body_json(json!({
            "object": "error", "status": 429, "code": "rate_limited", "message": "slow down",
        }))
}

/// A server whose `/v1/users/me` answers 429 with `Retry-After: retry_after` once, then 200.
async fn rate_limited_once(retry_after: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/v1/users/me"))
        .respond_with(rate_limited(retry_after))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"object": "user"})))
        .mount(&server)
        .await;
    server
}

/// A client with the default rate limiter (the shared state under test) and a short timeout.
fn limited_client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder()
        .token("secret_test")
        .base_url(server.uri())
        .rate_limit(RateLimit::per_second(100.0))
        .retry(retry)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_request_that_gives_up_on_a_long_retry_after_does_not_freeze_its_clones() {
    let server = rate_limited_once("150").await;
    let client = limited_client(&server, RetryPolicy::none());
    let first = client.send::<Value>(Request::get("/v1/users/me")).await;
    assert!(matches!(first, Err(Error::Api(_))), "{first:?}");

    // Before the fix the clone waited the whole 150 s in the shared limiter.
    let clone = client.clone();
    let second = tokio::time::timeout(
        Duration::from_secs(10),
        clone.send::<Value>(Request::get("/v1/users/me")),
    )
    .await
    .expect("the clone is not held back by a request that gave up");
    second.unwrap();
}

#[tokio::test]
async fn waiting_for_the_rate_limiter_counts_against_the_request_timeout() {
    let server = rate_limited_once("30").await;
    let patient = RetryPolicy::default().max_total_wait(Duration::from_secs(60));
    let client = limited_client(&server, patient);

    // The first request is told to wait 30 s and will retry, so it pauses every clone.
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { client.send::<Value>(Request::get("/v1/users/me")).await }
    });
    while server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty()
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = std::time::Instant::now();
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimitWait { timeout, .. } if timeout == Duration::from_secs(5)),
        "{err:?}"
    );
    assert!(!err.maybe_applied(), "nothing was sent");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at once, not after the timeout"
    );
    waiting.abort();
}

#[tokio::test]
async fn a_create_answered_2xx_with_an_unreadable_body_was_applied() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/pages"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("{\"object\": \"page\", \"id\": 7"),
        )
        .mount(&server)
        .await;
    let client = limited_client(&server, RetryPolicy::default());
    let err = client
        .send::<notion_orm::types::Page>(Request::post("/v1/pages").json_value(json!({})))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.maybe_applied(), "a 2xx means Notion made the page");
    let source = std::error::Error::source(&err).expect("the JSON error is kept as the source");
    assert!(source.is::<serde_json::Error>(), "{source:?}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "never repeated"
    );
}

#[tokio::test]
async fn a_list_that_has_more_without_a_cursor_ends_in_an_error_not_success() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list",
            "results": [{"object": "user", "id": "6b1e2f4a-0c1d-4e5f-8a9b-0c1d2e3f4a5b"}],
            "has_more": true,
            "next_cursor": null,
        })))
        .mount(&server)
        .await;
    let client = limited_client(&server, RetryPolicy::none());
    let mut users = client.paginate::<Value>(Request::get("/v1/users"), None);
    let first = users.try_next().await.unwrap();
    assert!(first.is_some(), "the rows that arrived are delivered");
    let err = users.try_next().await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "next_cursor"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_response_larger_than_the_limit_is_refused_unread() {
    let server = MockServer::start().await;
    let huge = format!(
        "{{\"object\":\"user\",\"name\":\"{}\"}}",
        "x".repeat(2 << 20)
    );
    Mock::given(path("/v1/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_string(huge))
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("secret_test")
        .base_url(server.uri())
        .max_response_bytes(1 << 20)
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { status: 200, limit, .. } if limit == 1 << 20),
        "{err:?}"
    );
}

/// A server that answers every connection with an endless chunked body (no `Content-Length`).
async fn endless_chunked_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            transfer-encoding: chunked\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
                // At most 64 MiB, so a client that never stops still ends the test.
                for _ in 0..1024 {
                    if socket.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_chunked_response_is_abandoned_at_the_limit() {
    let base = endless_chunked_server().await;
    let client = Client::builder()
        .token("secret_test")
        .base_url(base)
        .max_response_bytes(1 << 20)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}
