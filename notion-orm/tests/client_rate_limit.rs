//! The client-side token bucket, observed through real requests on a paused tokio clock.

use std::time::Duration;

use notion_orm::Client;
use notion_orm::client::{RateLimit, Request, RetryPolicy};
use serde_json::{Value, json};
use tokio::time::Instant;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, limit: RateLimit) -> Client {
    Client::builder()
        .token("t")
        .base_url(server.uri())
        .rate_limit(limit)
        .no_timeouts()
        .build()
        .unwrap()
}

/// Sends `n` requests one after another and returns when each finished, relative to the start.
async fn send_sequentially(client: &Client, n: usize) -> Vec<Duration> {
    let start = Instant::now();
    let mut done = Vec::new();
    for _ in 0..n {
        client
            .send::<Value>(Request::get("/v1/users"))
            .await
            .unwrap();
        done.push(start.elapsed());
    }
    done
}

#[tokio::test(start_paused = true)]
async fn requests_beyond_the_burst_are_spaced_at_the_average_rate() {
    let server = server().await;
    let client = client(&server, RateLimit::per_second(3.0).burst(2));
    let done = send_sequentially(&client, 5).await;
    // two go at once, then one every 1/3 s
    assert!(done[1] < Duration::from_millis(50), "{done:?}");
    let spacing = done[4] - done[1];
    assert!(spacing >= Duration::from_millis(999), "{done:?}");
    assert!(spacing < Duration::from_millis(1100), "{done:?}");
}

#[tokio::test(start_paused = true)]
async fn clones_share_one_bucket() {
    let server = server().await;
    let client = client(&server, RateLimit::per_second(2.0).burst(1));
    let start = Instant::now();
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let clone = client.clone();
            tokio::spawn(async move {
                clone
                    .send::<Value>(Request::get("/v1/users"))
                    .await
                    .unwrap();
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    // 1 immediately + 3 more at 2/s: at least 1.5 s for all four
    assert!(
        start.elapsed() >= Duration::from_millis(1499),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_disabled_limit_sends_without_waiting() {
    let server = server().await;
    let client = client(&server, RateLimit::disabled());
    let done = send_sequentially(&client, 20).await;
    assert!(done[19] < Duration::from_millis(50), "{done:?}");
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_holds_back_every_clone_while_the_request_waits() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "4")
                .set_body_json(
                    json!({"object":"error","status":429,"code":"rate_limited","message":"slow"}),
                ),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("t")
        .base_url(server.uri())
        .rate_limit(RateLimit::per_second(100.0))
        .retry(RetryPolicy::default().max_total_wait(Duration::from_secs(60)))
        .no_timeouts()
        .build()
        .unwrap();
    let start = Instant::now();
    // The POST is told to wait 4 s and will retry, so every clone holds back with it.
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { client.send::<Value>(Request::post("/v1/pages")).await }
    });
    while server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty()
    {
        tokio::task::yield_now().await;
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
    client
        .clone()
        .send::<Value>(Request::get("/v1/users"))
        .await
        .unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    waiting.await.unwrap().unwrap();
}
