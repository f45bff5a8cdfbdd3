//! The fault middleware, outermost in the router: rate limit, then scripted faults
//! ([`crate::world::faults`]), then the real handler; every request is logged with its outcome.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::notion::error::ApiError;
use crate::world::faults::{Decision, Fault};
use crate::world::rate_limit::retry_after_seconds;
use crate::world::request_log::LoggedRequest;
use crate::world::state::AppState;

/// The middleware: rate limit, then scripted faults, then the real handler; logs the outcome.
pub(crate) async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let (request, body_bytes) = match capture_json_body(request).await {
        Ok(captured) => captured,
        Err(incomplete) => return error_response(incomplete),
    };
    let mut entry = LoggedRequest {
        method: request.method().as_str().to_owned(),
        path: request.uri().path().to_owned(),
        query: request.uri().query().map(str::to_owned),
        notion_version: header_str(request.headers(), "notion-version"),
        token: bearer_token(request.headers()),
        body: None,
        status: 0,
        fault: None,
    };

    let (limited, decision) = {
        let mut world = state.world();
        let faults = &mut world.faults;
        let limited = match state.config.rate_limit {
            Some(limit) => faults
                .rate_limiter
                .check(limit, entry.token.as_deref().unwrap_or_default())
                .err(),
            None => None,
        };
        let decision = if limited.is_some() {
            Decision::default()
        } else {
            faults.decide(&entry.method, &entry.path)
        };
        (limited, decision)
    };

    let response = if let Some(wait) = limited {
        let seconds = retry_after_seconds(wait);
        entry.fault = Some(Fault::Status {
            status: 429,
            retry_after: Some(seconds),
        });
        error_response(ApiError::rate_limited(seconds))
    } else {
        if !decision.latency.is_zero() {
            tokio::time::sleep(decision.latency).await;
            entry.fault = Some(Fault::Latency(decision.latency));
        }
        match decision.outcome {
            Some(Fault::Status {
                status,
                retry_after,
            }) => {
                entry.fault = decision.outcome.clone();
                error_response(status_error(status, retry_after))
            }
            Some(Fault::DropConnection) => {
                entry.fault = Some(Fault::DropConnection);
                cut_body(next.run(request).await).await
            }
            _ => next.run(request).await,
        }
    };

    let response = as_notion_error(response).await;
    entry.status = response.status().as_u16();
    // One line per request for the dev server's console (the binary logs at info).
    tracing::info!(
        target: "notion_emulator::request",
        "{} {} {} {:.1} ms {}",
        entry.method,
        entry.path,
        entry.status,
        started.elapsed().as_secs_f64() * 1000.0,
        response
            .headers()
            .get("x-notion-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-"),
    );
    let mut kept_body_bytes = 0;
    if entry.status == StatusCode::UNAUTHORIZED.as_u16() {
        // Nothing an unauthenticated caller sends is kept: not its token, not its body, so
        // anyone who can reach the port cannot fill the log.
        entry.token = None;
    } else if let Some(bytes) = body_bytes {
        // Parsed only now, after authentication, and only for the log.
        entry.body = serde_json::from_slice(&bytes).ok();
        kept_body_bytes = if entry.body.is_some() { bytes.len() } else { 0 };
    }
    state.world().faults.log.push(entry, kept_body_bytes);
    response
}

/// Every error leaves as Notion's JSON: the rare errors written by the HTTP stack rather than
/// a handler (a path that is not UTF-8, a body of the wrong type) are re-shaped here, keeping
/// their status and their text as the message.
async fn as_notion_error(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let code = match status.as_u16() {
        401 => "unauthorized",
        404 | 405 | 414 => "invalid_request_url",
        408 | 504 => "gateway_timeout",
        413 | 400 | 411 | 415 | 422 => "validation_error",
        429 => "rate_limited",
        400..=499 => "invalid_request",
        _ => "internal_server_error",
    };
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("Error").to_owned()
    } else {
        text
    };
    error_response(ApiError::new(status, code, message))
}

/// Notion's error for an injected status.
fn status_error(status: u16, retry_after: Option<u64>) -> ApiError {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let error = match status {
        409 => ApiError::conflict(),
        429 => ApiError::rate_limited(1),
        503 => ApiError::service_unavailable(),
        529 => ApiError::service_overload(1),
        502 => ApiError::new(code, "bad_gateway", "Bad gateway."),
        504 => ApiError::new(code, "gateway_timeout", "Gateway timeout."),
        500..=599 => ApiError::internal("Unexpected error occurred."),
        _ => ApiError::new(code, "invalid_request", "Injected fault."),
    };
    ApiError {
        retry_after,
        ..error
    }
}

/// Notion's error response. This middleware runs outside the request-context one (so that
/// faults also hit requests that would fail auth), so it assigns its own request id.
pub(crate) fn error_response(error: ApiError) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let mut response = (error.status, axum::Json(error.body(&request_id))).into_response();
    let headers = response.headers_mut();
    if let Ok(id) = HeaderValue::from_str(&request_id) {
        headers.insert("x-notion-request-id", id);
    }
    if let Some(seconds) = error.retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Keeps the status and headers, sends the first half of the body, then fails the body stream,
/// which makes hyper abort the connection mid-response.
async fn cut_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let head = bytes.slice(..bytes.len() / 2);
    // Without a length the body goes out chunked, so the client cannot mistake the cut for the end.
    parts.headers.remove(header::CONTENT_LENGTH);
    let chunks = futures_util::stream::unfold(Some(head), |head| async move {
        match head {
            Some(head) => Some((Ok(head), None)),
            None => {
                // Give hyper one turn to flush the headers and the first half before the cut.
                tokio::task::yield_now().await;
                let cut = std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "notion-emulator: injected dropped connection",
                );
                Some((Err::<Bytes, _>(cut), None))
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// The largest JSON body the log keeps a copy of; Notion rejects bodies over about 500 KB anyway.
const MAX_LOGGED_BODY: u64 = 1024 * 1024;

/// A copy of the request's JSON body for the log, and the request to pass on (rebuilt from
/// the buffered bytes). Only bodies that declare a JSON content type and a length up to
/// [`MAX_LOGGED_BODY`] are buffered; others (uploads, chunked bodies) stream through untouched.
async fn capture_json_body(request: Request) -> Result<(Request, Option<Bytes>), ApiError> {
    let headers = request.headers();
    let is_json = header_str(headers, header::CONTENT_TYPE.as_str())
        .is_some_and(|t| t.starts_with("application/json"));
    let small = header_str(headers, header::CONTENT_LENGTH.as_str())
        .and_then(|n| n.parse::<u64>().ok())
        .is_some_and(|n| n <= MAX_LOGGED_BODY);
    if !(is_json && small) {
        return Ok((request, None));
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_LOGGED_BODY as usize).await else {
        // The body stopped short of its declared length (or of its deadline): a truncated
        // request, never to be read as an empty one.
        return Err(ApiError::validation(
            "body failed validation: the request body did not arrive completely.",
        ));
    };
    Ok((
        Request::from_parts(parts, Body::from(bytes.clone())),
        Some(bytes),
    ))
}

fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = header_str(headers, header::AUTHORIZATION.as_str())?;
    value
        .strip_prefix("Bearer ")
        .map(|token| token.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_statuses_carry_notions_codes() {
        let cases = [
            (409, "conflict_error"),
            (500, "internal_server_error"),
            (502, "bad_gateway"),
            (503, "service_unavailable"),
            (504, "gateway_timeout"),
            (529, "service_overload"),
        ];
        for (status, code) in cases {
            let error = status_error(status, None);
            assert_eq!((error.status.as_u16(), error.code), (status, code));
        }
    }
}
