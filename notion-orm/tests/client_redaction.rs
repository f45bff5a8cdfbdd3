//! The token never leaks: not in `Debug`, not in `Display`, not in errors, not in traces.
//! Also checks that the request span carries what operators need.

use std::io;
use std::sync::{Arc, Mutex};

use notion_orm::Client;
use notion_orm::client::{RateLimit, Request, RetryPolicy, StaticToken};
use serde_json::{Value, json};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ntn_SUPER_SECRET_TOKEN_4242";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn failing_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("x-notion-request-id", "req-777")
                .set_body_json(json!({
                    "object": "error", "status": 401, "code": "unauthorized",
                    "message": "API token is invalid.",
                })),
        )
        .mount(&server)
        .await;
    server
}

#[test]
fn client_debug_does_not_show_the_token() {
    let client = Client::new(TOKEN).unwrap();
    let debug = format!("{client:?} {:?}", StaticToken::new(TOKEN));
    assert!(!debug.contains(TOKEN), "{debug}");
}

#[test]
fn builder_debug_does_not_show_the_token() {
    let debug = format!("{:?}", Client::builder().token(TOKEN));
    assert!(!debug.contains(TOKEN), "{debug}");
}

#[tokio::test]
async fn api_errors_do_not_show_the_token_in_display_or_debug() {
    let server = failing_server().await;
    let err = client(&server)
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    let text = format!("{err} {err:?} {:?}", std::error::Error::source(&err));
    assert!(!text.contains(TOKEN), "{text}");
}

#[tokio::test]
async fn transport_errors_do_not_show_the_token() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .token(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    let mut text = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        text.push_str(&format!(" {s} {s:?}"));
        source = s.source();
    }
    assert!(!text.contains(TOKEN), "{text}");
}

/// Collects everything a fmt subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Runs one failing request under a TRACE subscriber (ours and reqwest's/hyper's events) and
/// returns the output.
async fn traced_failing_request() -> String {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = failing_server().await;
    let _ = client(&server)
        .send::<Value>(Request::get("/v1/users/{id}").param("me"))
        .await;
    String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
}

#[tokio::test]
async fn tracing_output_does_not_show_the_token() {
    let output = traced_failing_request().await;
    assert!(!output.is_empty());
    assert!(!output.contains(TOKEN), "{output}");
}

#[tokio::test]
async fn the_request_span_records_method_path_status_attempt_and_request_id() {
    let output = traced_failing_request().await;
    let span_line = output
        .lines()
        .find(|l| l.contains("notion.request") && l.contains("close"))
        .unwrap_or_else(|| panic!("no span close line in:\n{output}"));
    for field in [
        "method=GET",
        "path=\"/v1/users/{id}\"",
        "status=401",
        "attempt=1",
        "request_id=\"req-777\"",
    ] {
        assert!(span_line.contains(field), "{field} missing in {span_line}");
    }
}

#[tokio::test]
async fn the_request_span_records_the_attempt_that_answered() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({
            "object": "error", "status": 503, "code": "service_unavailable", "message": "busy",
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .rate_limit(RateLimit::disabled())
        .retry(
            RetryPolicy::default()
                .initial_delay(std::time::Duration::from_millis(1))
                .max_delay(std::time::Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    client
        .send::<Value>(Request::get("/v1/users"))
        .await
        .unwrap();
    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let span_line = output
        .lines()
        .find(|l| l.contains("notion.request") && l.contains("close"))
        .unwrap_or_else(|| panic!("no span close line in:\n{output}"));
    assert!(span_line.contains("attempt=2"), "{span_line}");
    assert!(span_line.contains("status=200"), "{span_line}");
    assert!(output.contains("retrying Notion request"), "{output}");
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_rejected_without_echoing_it() {
    let bad = "ntn_SECRET\nINJECTED";
    let client = Client::builder()
        .token(bad)
        .base_url("http://127.0.0.1:9")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert!(matches!(err, notion_orm::Error::Config(_)), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("SECRET"), "{text}");
}
