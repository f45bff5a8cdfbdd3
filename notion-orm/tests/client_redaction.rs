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

/// Everything an error prints, through its whole source chain.
fn printed(err: &dyn std::error::Error) -> String {
    let mut text = format!("{err} {err:?}");
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!(" {s} {s:?}"));
        source = s.source();
    }
    text
}

/// A server that reads each request (so the token was sent) and hangs up without answering.
async fn hang_up_server() -> String {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = [0u8; 8192];
            let _ = socket.read(&mut request).await;
            drop(socket);
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn transport_errors_do_not_show_the_token() {
    let client = Client::builder()
        .token(TOKEN)
        .base_url(hang_up_server().await)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    assert!(err.maybe_applied(), "the request was sent: {err:?}");
    let text = printed(&err);
    assert!(!text.contains(TOKEN), "{text}");
}

/// A guard rather than a fix: reqwest already leaves a base-URL password out of the URL its
/// errors print, and this keeps it that way.
#[tokio::test]
async fn transport_errors_do_not_print_a_password_from_the_base_url() {
    let base = hang_up_server()
        .await
        .replace("http://", "http://user:hunter2@");
    let client = Client::builder()
        .token(TOKEN)
        .base_url(base)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::get("/v1/users/me"))
        .await
        .unwrap_err();
    let text = printed(&err);
    assert!(text.contains("127.0.0.1"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

const CLIENT_SECRET: &str = "secret_OAUTH_CLIENT_SECRET_9191";

#[tokio::test]
async fn the_oauth_client_secret_never_shows() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant", "error_description": "bad code",
        })))
        .mount(&server)
        .await;
    let app = notion_orm::oauth::OAuthApp::new(
        "client-id",
        secrecy::SecretString::from(CLIENT_SECRET),
        "https://app.example/callback",
    )
    .with_base_url(&server.uri())
    .unwrap();
    let debug = format!("{app:?}");
    assert!(!debug.contains(CLIENT_SECRET), "{debug}");
    let err = app.exchange_code("code").await.unwrap_err();
    let text = printed(&err);
    assert!(!text.contains(CLIENT_SECRET), "{text}");
    // The secret went out as basic auth, which is where it belongs.
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(sent.headers.contains_key("authorization"));
}

#[test]
fn the_webhook_verification_token_never_shows() {
    use notion_orm::webhook::{Delivery, WebhookError};
    const WEBHOOK_TOKEN: &str = "secret_WEBHOOK_VERIFICATION_5150";
    let handshake = json!({"verification_token": WEBHOOK_TOKEN}).to_string();
    let delivery = Delivery::parse(handshake.as_bytes(), &http::HeaderMap::new(), None).unwrap();
    let debug = format!("{delivery:?}");
    assert!(!debug.contains(WEBHOOK_TOKEN), "{debug}");

    let token = secrecy::SecretString::from(WEBHOOK_TOKEN);
    let event = json!({"id": "e", "type": "page.created"}).to_string();
    let err: WebhookError =
        Delivery::parse(event.as_bytes(), &http::HeaderMap::new(), Some(&token)).unwrap_err();
    let text = printed(&err);
    assert!(!text.contains(WEBHOOK_TOKEN), "{text}");
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
