//! Scripted faults, the per-token rate limit and the request log, seen from a client.

mod support;

use std::time::Duration;

use notion_emulator::{Config, Fault, FaultRule, RateLimit};
use support::Api;

#[tokio::test]
async fn a_status_fault_fires_on_the_nth_request_only() {
    let api = Api::start().await;
    api.emulator
        .faults()
        .push(FaultRule::status(503).on_request(2));
    let statuses = [
        api.get("/v1/users").await.0,
        api.get("/v1/users").await.0,
        api.get("/v1/users").await.0,
    ];
    assert_eq!(statuses, [200, 503, 200]);
}

#[tokio::test]
async fn an_injected_status_carries_notions_error_body() {
    let api = Api::start().await;
    api.emulator.faults().push(FaultRule::status(409));
    let (status, body) = api.get("/v1/users").await;
    assert_eq!(status, 409);
    assert_eq!(body["object"], "error");
    assert_eq!(body["code"], "conflict_error");
    assert!(body["request_id"].is_string());
}

#[tokio::test]
async fn overload_faults_carry_retry_after() {
    let api = Api::start().await;
    api.emulator
        .faults()
        .push(FaultRule::status(529).retry_after(7));
    let response = api
        .http
        .get(api.url("/v1/users"))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 529);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(
        response.headers()["x-notion-request-id"]
            .to_str()
            .unwrap()
            .len(),
        36
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "service_overload");
}

#[tokio::test]
async fn rules_match_method_and_path_prefix() {
    let api = Api::start().await;
    api.emulator.faults().push(
        FaultRule::status(500)
            .for_method("GET")
            .for_path("/v1/users/me"),
    );
    assert_eq!(api.get("/v1/users").await.0, 200);
    assert_eq!(api.get("/v1/users/me").await.0, 500);
}

#[tokio::test]
async fn probability_faults_are_the_same_for_the_same_seed() {
    async fn run(seed: u64) -> Vec<u16> {
        let api = Api::start().await;
        let faults = api.emulator.faults();
        faults.seed(seed);
        faults.push(FaultRule::status(502).with_probability(0.5));
        let mut statuses = Vec::new();
        for _ in 0..16 {
            statuses.push(api.get("/v1/users").await.0);
        }
        statuses
    }
    let first = run(42).await;
    assert_eq!(first, run(42).await);
    assert!(first.contains(&200) && first.contains(&502), "{first:?}");
}

#[tokio::test]
async fn times_bounds_a_fault() {
    let api = Api::start().await;
    api.emulator.faults().push(FaultRule::status(504).times(2));
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(api.get("/v1/users").await.0);
    }
    assert_eq!(statuses, [504, 504, 200, 200]);
    assert_eq!(api.emulator.faults().rules()[0].fired(), 2);
}

#[tokio::test]
async fn latency_delays_the_response() {
    let api = Api::start().await;
    api.emulator
        .faults()
        .push(FaultRule::latency(Duration::from_millis(300)).times(1));
    let started = std::time::Instant::now();
    assert_eq!(api.get("/v1/users").await.0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_dropped_connection_fails_the_client_after_the_headers() {
    let api = Api::start().await;
    api.emulator
        .faults()
        .push(FaultRule::drop_connection().times(1));
    let response = api
        .http
        .get(api.url("/v1/users"))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .expect("the headers arrive");
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.is_err(), "the body is cut short");
    // The emulator keeps serving afterwards.
    assert_eq!(api.get("/v1/users").await.0, 200);
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let mut config = Config::default();
    config.rate_limit = Some(RateLimit::new(0.5, 2));
    let api = Api::start_with(config).await;
    assert_eq!(api.get("/v1/users").await.0, 200);
    assert_eq!(api.get("/v1/users").await.0, 200);
    let response = api
        .http
        .get(api.url("/v1/users"))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "2");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert_eq!(
        body["additional_data"]["rate_limit_reason"],
        "public_api_request_rate_limit"
    );
}

#[tokio::test]
async fn the_rate_limit_is_per_token() {
    let mut config = Config::default();
    config.rate_limit = Some(RateLimit::new(0.1, 1));
    let api = Api::start_with(config).await;
    assert_eq!(api.get("/v1/users").await.0, 200);
    assert_eq!(api.get("/v1/users").await.0, 429);
    let other = api
        .http
        .get(api.url("/v1/users"))
        .bearer_auth("another-token")
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    // Not limited: the unknown token reaches the auth check.
    assert_eq!(other.status(), 401);
}

#[tokio::test]
async fn the_request_log_records_every_request_in_order() {
    let api = Api::start().await;
    api.emulator
        .faults()
        .push(FaultRule::status(503).on_request(2));
    api.get("/v1/users").await;
    api.get("/v1/users/me?x=1").await;
    let log = api.emulator.faults().requests();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0].method.as_str(), log[0].path.as_str()),
        ("GET", "/v1/users")
    );
    assert_eq!(log[0].status, 200);
    assert_eq!(log[0].fault, None);
    assert_eq!(log[0].token.as_deref(), Some(api.emulator.token()));
    assert_eq!(log[0].notion_version.as_deref(), Some("2025-09-03"));
    assert_eq!(log[1].query.as_deref(), Some("x=1"));
    assert_eq!(log[1].status, 503);
    assert_eq!(
        log[1].fault,
        Some(Fault::Status {
            status: 503,
            retry_after: None
        })
    );
}

#[tokio::test]
async fn clearing_removes_rules_and_log_entries() {
    let api = Api::start().await;
    let faults = api.emulator.faults();
    faults.push(FaultRule::status(500));
    assert_eq!(api.get("/v1/users").await.0, 500);
    faults.clear();
    faults.clear_requests();
    assert_eq!(api.get("/v1/users").await.0, 200);
    assert_eq!(faults.requests().len(), 1);
}

#[tokio::test]
async fn the_request_log_keeps_json_bodies() {
    let api = Api::start().await;
    let body = serde_json::json!({"query": "x", "page_size": 3});
    api.post("/v1/search", body.clone()).await;
    api.get("/v1/users").await;
    let log = api.emulator.faults().requests();
    assert_eq!(log[0].body.as_ref(), Some(&body));
    assert_eq!(log[1].body, None);
}
