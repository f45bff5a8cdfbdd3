//! The emulator under abuse: what an attacker or a broken client sends must not exhaust its
//! memory, crash it, or get anything but Notion's JSON errors back.

mod support;

use serde_json::Value;
use support::Api;

#[tokio::test]
async fn requests_with_a_wrong_token_leave_neither_body_nor_token_in_the_log() {
    let api = Api::start().await;
    let body = format!("{{\"junk\":\"{}\"}}", "x".repeat(512 * 1024));
    let wrong_token = format!("secret_{}", "y".repeat(4096));
    for _ in 0..10 {
        let response = api
            .http
            .post(api.url("/v1/pages"))
            .bearer_auth(&wrong_token)
            .header("Notion-Version", "2025-09-03")
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    let log = api.emulator.faults().requests();
    assert_eq!(log.len(), 10);
    for entry in log {
        assert_eq!(entry.status, 401);
        assert!(entry.body.is_none() && entry.token.is_none(), "{entry:?}");
    }
}

#[tokio::test]
async fn authenticated_requests_keep_their_body_in_the_log() {
    let api = Api::start().await;
    let (status, _) = api
        .post("/v1/search", serde_json::json!({"query": "kept"}))
        .await;
    assert_eq!(status, 200);
    let log = api.emulator.faults().requests();
    assert_eq!(
        log[0].body.as_ref().and_then(|b| b["query"].as_str()),
        Some("kept")
    );
    assert!(log[0].token.is_some());
}

/// A helper for the next tests: the body and content type of a raw response.
async fn raw(api: &Api, path: &str) -> (u16, String, Value) {
    let response = api
        .http
        .get(format!("{}{}", api.emulator.base_url(), path))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, content_type, body)
}

#[tokio::test]
async fn a_path_that_is_not_utf8_gets_notions_json_error() {
    let api = Api::start().await;
    let (status, content_type, body) = raw(&api, "/v1/pages/%ff%fe").await;
    assert_eq!(status, 400);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert_eq!(body["object"], "error", "{body}");
    assert!(body["code"].is_string(), "{body}");
}

/// A page whose blocks nest `depth` levels deep, built one append at a time as a client could.
async fn deeply_nested_page(api: &Api, depth: usize) -> String {
    let page = api.page("Deep").await;
    let page_id = page["id"].as_str().unwrap().to_owned();
    let mut parent = page_id.clone();
    for level in 0..depth {
        let appended = api
            .patch_ok(
                &format!("/v1/blocks/{parent}/children"),
                serde_json::json!({"children": [{
                    "type": "bulleted_list_item",
                    "bulleted_list_item": {"rich_text": [{"text": {"content": format!("level {level}")}}]},
                }]}),
            )
            .await;
        parent = appended["results"][0]["id"].as_str().unwrap().to_owned();
    }
    page_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markdown_of_blocks_nested_thousands_deep_renders_without_overflowing() {
    let api = Api::start().await;
    let page = deeply_nested_page(&api, 2_500).await;
    let (status, body) = api.get(&format!("/v1/pages/{page}/markdown")).await;
    assert_eq!(status, 200, "{body}");
    let markdown = body["markdown"].as_str().unwrap();
    assert!(markdown.contains("level 0") && markdown.contains("level 2499"));
    // Indentation stops growing, so the size is linear in the depth, not quadratic.
    assert!(markdown.len() < 2_500 * 100, "{} bytes", markdown.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markdown_indented_thousands_deep_is_accepted_and_kept() {
    // 2,000 levels of tabs are 4 MB as JSON, past Notion's 500 KB body limit: lift it for this test.
    let mut config = notion_emulator::Config::default();
    config.max_body_bytes = 8 << 20;
    let api = Api::start_with(config).await;
    let page = api.page("Deep edit").await;
    let page = page["id"].as_str().unwrap();
    let markdown: String = (0..2_000)
        .map(|level| format!("{}- item {level}\n", "\t".repeat(level)))
        .collect();
    let (status, body) = api
        .patch(
            &format!("/v1/pages/{page}/markdown"),
            serde_json::json!({"type": "replace_content", "replace_content": {"new_str": markdown}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, read) = api.get(&format!("/v1/pages/{page}/markdown")).await;
    let text = read["markdown"].as_str().unwrap();
    for level in [0, 63, 64, 1_999] {
        assert!(
            text.contains(&format!("- item {level}")),
            "item {level} is kept"
        );
    }
}

#[tokio::test]
async fn requests_for_a_foreign_host_are_refused_dns_rebinding() {
    let api = Api::start().await;
    let response = api
        .http
        .get(api.url("/v1/users/me"))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .header("Host", "attacker.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["object"], "error");
    // The same request addressed to localhost is answered.
    let (status, _) = api.get("/v1/users/me").await;
    assert_eq!(status, 200);
}

/// An emulator that gives clients one second to send a request.
async fn impatient() -> Api {
    let mut config = notion_emulator::Config::default();
    config.read_timeout = std::time::Duration::from_secs(1);
    Api::start_with(config).await
}

/// Reads until the server closes the connection (`Ok(bytes)`) or `within` passes (`Err`).
async fn read_until_closed(
    socket: &mut tokio::net::TcpStream,
    within: std::time::Duration,
) -> Result<Vec<u8>, ()> {
    use tokio::io::AsyncReadExt;
    let mut received = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(within, read).await.map_err(|_| ())?;
    Ok(received)
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use tokio::io::AsyncWriteExt;
    let api = impatient().await;
    let mut socket = tokio::net::TcpStream::connect(api.emulator.addr())
        .await
        .unwrap();
    socket
        .write_all(b"GET /v1/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    read_until_closed(&mut socket, std::time::Duration::from_secs(10))
        .await
        .expect("the server hangs up after its read timeout");
}

#[tokio::test]
async fn a_body_that_never_arrives_is_given_up_on() {
    // A terabyte is refused by its declared length; a length under the limit must be waited
    // for, but not forever.
    for length in ["1000000000000", "400000"] {
        body_never_arrives(length).await;
    }
}

async fn body_never_arrives(length: &str) {
    use tokio::io::AsyncWriteExt;
    let api = impatient().await;
    let mut socket = tokio::net::TcpStream::connect(api.emulator.addr())
        .await
        .unwrap();
    let head = format!(
        "POST /v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
         Notion-Version: 2025-09-03\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\n\r\n{{",
        api.emulator.token()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut socket, std::time::Duration::from_secs(10))
        .await
        .expect("the server answers and hangs up instead of waiting for a terabyte");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    assert!(answer.contains("\"object\":\"error\""), "{answer}");
}

#[tokio::test]
async fn a_url_too_long_for_the_http_parser_gets_notions_json_error() {
    use tokio::io::AsyncWriteExt;
    let api = Api::start().await;
    // Raw TCP: HTTP clients refuse to build such a URL themselves.
    let mut socket = tokio::net::TcpStream::connect(api.emulator.addr())
        .await
        .unwrap();
    let request = format!(
        "GET /v1/pages/{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut socket, std::time::Duration::from_secs(10))
        .await
        .expect("the emulator answers and closes");
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 414"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(answer.contains("application/json"));
    assert!(
        answer.contains("\"code\":\"invalid_request_url\""),
        "{answer}"
    );
    // The emulator keeps serving.
    let (status, _) = api.get("/v1/users/me").await;
    assert_eq!(status, 200);
}
