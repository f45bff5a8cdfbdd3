//! Which failures are retried, how long the client waits, and that retrying always ends.
//!
//! Tests run on a paused tokio clock (the client has no timeouts, so only retry sleeps are
//! timers) and measure waits in virtual time.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::future::BoxFuture;
use notion_orm::client::{RateLimit, Request, RetryPolicy, TokenSource};
use notion_orm::{Client, Error, ErrorCode};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio::time::Instant;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder()
        .token("secret_test")
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
        .retry(retry)
        .no_timeouts()
        .build()
        .unwrap()
}

fn patient() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(4)
        .initial_delay(Duration::from_millis(100))
        .max_total_wait(Duration::from_secs(60))
}

fn notion_error(status: u16, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "object": "error", "status": status, "code": code, "message": code,
    }))
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"object": "page", "id": "p"}))
}

/// Mounts `first` for the first `times` requests to `verb path`, then a 200.
async fn fail_then_succeed(
    server: &MockServer,
    verb: &str,
    route: &str,
    first: ResponseTemplate,
    times: u64,
) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(first)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ok())
        .mount(server)
        .await;
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test(start_paused = true)]
async fn rate_limited_creates_are_retried() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        "POST",
        "/v1/pages",
        notion_error(429, "rate_limited"),
        2,
    )
    .await;
    let created: Value = client(&server, patient())
        .send(Request::post("/v1/pages").json_value(json!({})))
        .await
        .unwrap();
    assert_eq!(created["id"], "p");
    assert_eq!(hits(&server).await, 3);
}

#[tokio::test(start_paused = true)]
async fn overloaded_writes_are_retried() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        "PATCH",
        "/v1/pages/p",
        notion_error(529, "service_overload"),
        1,
    )
    .await;
    client(&server, patient())
        .send::<Value>(Request::patch("/v1/pages/p").json_value(json!({})))
        .await
        .unwrap();
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn server_errors_on_reads_are_retried() {
    for (status, code) in [
        (500, "internal_server_error"),
        (502, "bad_gateway"),
        (503, "service_unavailable"),
        (504, "gateway_timeout"),
        (409, "conflict_error"),
    ] {
        let server = MockServer::start().await;
        fail_then_succeed(&server, "GET", "/v1/pages/p", notion_error(status, code), 1).await;
        client(&server, patient())
            .send::<Value>(Request::get("/v1/pages/p"))
            .await
            .unwrap_or_else(|e| panic!("{status} {code}: {e}"));
        assert_eq!(hits(&server).await, 2, "{status} {code}");
    }
}

#[tokio::test(start_paused = true)]
async fn server_errors_on_creates_are_not_retried() {
    for (status, code) in [(500, "internal_server_error"), (503, "service_unavailable")] {
        let server = MockServer::start().await;
        fail_then_succeed(&server, "POST", "/v1/pages", notion_error(status, code), 1).await;
        let err = client(&server, patient())
            .send::<Value>(Request::post("/v1/pages").json_value(json!({})))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(hits(&server).await, 1, "a create may have been applied");
    }
}

#[tokio::test(start_paused = true)]
async fn requests_marked_idempotent_are_retried_on_server_errors() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        "POST",
        "/v1/search",
        notion_error(503, "service_unavailable"),
        1,
    )
    .await;
    client(&server, patient())
        .send::<Value>(Request::post("/v1/search").idempotent(true))
        .await
        .unwrap();
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        "GET",
        "/v1/pages/p",
        notion_error(400, "validation_error"),
        1,
    )
    .await;
    let err = client(&server, patient())
        .send::<Value>(Request::get("/v1/pages/p"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::ValidationError));
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_waited_out_before_the_next_attempt() {
    let server = MockServer::start().await;
    let limited = notion_error(429, "rate_limited").insert_header("retry-after", "5");
    fail_then_succeed(&server, "GET", "/v1/users", limited, 1).await;
    let started = Instant::now();
    client(&server, patient())
        .send::<Value>(Request::get("/v1/users"))
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(5), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(6), "waited {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn a_server_that_always_rate_limits_ends_in_an_error_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .respond_with(notion_error(429, "rate_limited"))
        .mount(&server)
        .await;
    let err = client(&server, patient().max_attempts(3))
        .send::<Value>(Request::get("/v1/users"))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code, ErrorCode::RateLimited);
    assert_eq!(api.attempts, 3);
    assert_eq!(hits(&server).await, 3);
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn retrying_stops_when_the_next_wait_would_pass_the_total_wait_bound() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .respond_with(notion_error(429, "rate_limited").insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let policy = patient()
        .max_attempts(10)
        .max_total_wait(Duration::from_secs(45));
    let started = Instant::now();
    let err = client(&server, policy)
        .send::<Value>(Request::get("/v1/users"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::RateLimited));
    // one 30 s wait fits in 45 s, a second does not
    assert_eq!(hits(&server).await, 2);
    assert!(started.elapsed() < Duration::from_secs(45));
}

#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_an_error_that_says_nothing_was_sent() {
    // Bind then drop a listener to get a local port that refuses connections.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .token("secret_test")
        .base_url(format!("http://127.0.0.1:{port}"))
        .rate_limit(RateLimit::disabled())
        .retry(RetryPolicy::none())
        .no_timeouts()
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::post("/v1/pages").json_value(json!({})))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                maybe_sent: false,
                ..
            }
        ),
        "{err:?}"
    );
}

/// A token source that hands out a fresh token on refresh and counts refreshes.
#[derive(Debug)]
struct Rotating {
    refreshes: Arc<AtomicUsize>,
    refreshable: bool,
}

impl TokenSource for Rotating {
    fn token(&self) -> SecretString {
        if self.refreshes.load(Ordering::SeqCst) == 0 {
            "expired".into()
        } else {
            "fresh".into()
        }
    }

    fn refresh(&self) -> BoxFuture<'_, notion_orm::Result<Option<SecretString>>> {
        Box::pin(async {
            if !self.refreshable {
                return Ok(None);
            }
            self.refreshes.fetch_add(1, Ordering::SeqCst);
            Ok(Some(self.token()))
        })
    }
}

fn rotating_client(server: &MockServer, refreshable: bool) -> (Client, Arc<AtomicUsize>) {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .token_source(Rotating {
            refreshes: refreshes.clone(),
            refreshable,
        })
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
        .no_timeouts()
        .build()
        .unwrap();
    (client, refreshes)
}

#[tokio::test(start_paused = true)]
async fn a_401_refreshes_the_token_once_and_repeats_the_request_with_it() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer fresh"))
        .respond_with(ok())
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer expired"))
        .respond_with(notion_error(401, "unauthorized"))
        .mount(&server)
        .await;
    let (client, refreshes) = rotating_client(&server, true);
    // a create: a 401 means nothing was applied, so repeating it is safe
    client
        .send::<Value>(Request::post("/v1/pages").json_value(json!({})))
        .await
        .unwrap();
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(hits(&server).await, 2);
}

/// A source whose token another request refreshed while ours was in flight: the first read
/// gives the old token, later reads the new one.
#[derive(Debug)]
struct RefreshedElsewhere {
    reads: AtomicUsize,
    refreshes: Arc<AtomicUsize>,
}

impl TokenSource for RefreshedElsewhere {
    fn token(&self) -> SecretString {
        match self.reads.fetch_add(1, Ordering::SeqCst) {
            0 => "expired".into(),
            _ => "fresh".into(),
        }
    }

    fn refresh(&self) -> BoxFuture<'_, notion_orm::Result<Option<SecretString>>> {
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Some("rotated-again".into())) })
    }
}

#[tokio::test(start_paused = true)]
async fn a_401_for_a_token_refreshed_meanwhile_uses_the_new_token_without_refreshing() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer fresh"))
        .respond_with(ok())
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer expired"))
        .respond_with(notion_error(401, "unauthorized"))
        .mount(&server)
        .await;
    let refreshes = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .token_source(RefreshedElsewhere {
            reads: AtomicUsize::new(0),
            refreshes: refreshes.clone(),
        })
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
        .no_timeouts()
        .build()
        .unwrap();
    client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap();
    assert_eq!(refreshes.load(Ordering::SeqCst), 0, "no second rotation");
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn a_401_after_refreshing_is_returned_without_refreshing_again() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(notion_error(401, "unauthorized"))
        .mount(&server)
        .await;
    let (client, refreshes) = rotating_client(&server, true);
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::Unauthorized));
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn a_401_with_a_static_token_is_returned_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(notion_error(401, "unauthorized"))
        .mount(&server)
        .await;
    let (client, _) = rotating_client(&server, false);
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::Unauthorized));
    assert_eq!(hits(&server).await, 1);
    assert_eq!(
        Rotating {
            refreshes: Arc::default(),
            refreshable: false
        }
        .token()
        .expose_secret(),
        "expired"
    );
}

/// A client whose requests time out after 100 ms (real time: a paused clock would fire the
/// timeout before the mock answers).
fn impatient_client(server: &MockServer) -> Client {
    Client::builder()
        .token("secret_test")
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
        .retry(
            RetryPolicy::default()
                .max_attempts(2)
                .initial_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(2)),
        )
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap()
}

async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ok().set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_timed_out_read_is_retried() {
    let server = slow_server().await;
    let err = impatient_client(&server)
        .send::<Value>(Request::get("/v1/pages/p"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                maybe_sent: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test]
async fn a_timed_out_create_is_not_retried() {
    let server = slow_server().await;
    let err = impatient_client(&server)
        .send::<Value>(Request::post("/v1/pages").json_value(json!({})))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                maybe_sent: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(hits(&server).await, 1, "the page may have been created");
}

#[tokio::test(start_paused = true)]
async fn a_create_whose_connection_was_refused_is_retried() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .token("secret_test")
        .base_url(format!("http://127.0.0.1:{port}"))
        .rate_limit(RateLimit::disabled())
        .retry(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_delay(Duration::from_secs(1)),
        )
        .no_timeouts()
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .send::<Value>(Request::post("/v1/pages").json_value(json!({})))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                maybe_sent: false,
                ..
            }
        ),
        "{err:?}"
    );
    // two backoff sleeps of at least 1 s and 2 s happened: nothing was sent, so it retried
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
