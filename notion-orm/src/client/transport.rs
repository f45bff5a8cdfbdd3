//! The send loop: rate limit, attempt, classify, back off, refresh auth, decode.

use std::collections::BTreeMap;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use tracing::field::Empty;

use super::Client;
use super::request::Request;
use super::retry::{maybe_sent, verdict};
use crate::{ApiError, Error, ErrorCode, Result};

/// How many characters of a non-JSON error body are kept in [`Error::UnexpectedBody`].
const EXCERPT_CHARS: usize = 200;

/// A successful response, body unread. Returned by [`Client::send_raw`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// HTTP status (2xx).
    pub status: u16,
    /// `x-notion-request-id`, if sent.
    pub request_id: Option<String>,
    /// The response body.
    pub body: Bytes,
}

/// One failed attempt, with what the retry loop needs to decide what to do next.
struct Failure {
    error: Error,
    retry_after: Option<Duration>,
}

impl Client {
    /// Sends a request and decodes the JSON response into `T`.
    ///
    /// This is the seam every typed API call goes through, public so endpoints this crate does
    /// not cover yet are one line away. Use `serde_json::Value` as `T` to skip typing.
    ///
    /// ```no_run
    /// # async fn run(client: notion_orm::Client) -> notion_orm::Result<()> {
    /// use notion_orm::client::Request;
    ///
    /// let emojis: serde_json::Value = client.send(Request::get("/v1/custom_emojis")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`] for Notion error responses (after retries), [`Error::UnexpectedBody`] for
    /// error responses that are not Notion's JSON, [`Error::Transport`] when no response came,
    /// [`Error::Decode`] when the response does not match `T`.
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let endpoint = request.endpoint();
        let response = self.send_raw(request).await?;
        decode(endpoint, &response.body)
    }

    /// Sends a request with auth, rate limiting and retries, and returns the successful response
    /// without decoding it.
    ///
    /// # Errors
    ///
    /// As [`Client::send`], except [`Error::Decode`].
    pub async fn send_raw(&self, request: Request) -> Result<RawResponse> {
        let span = tracing::info_span!(
            "notion.request",
            method = %request.method(),
            path = request.endpoint(),
            status = Empty,
            attempt = Empty,
            request_id = Empty,
        );
        self.retry_loop(&request).instrument(span).await
    }

    async fn retry_loop(&self, request: &Request) -> Result<RawResponse> {
        let span = tracing::Span::current();
        let body = match request.body() {
            Some(body) => Some(Bytes::from(serde_json::to_vec(body).map_err(|e| {
                Error::invalid(None, None, format!("request body is not JSON: {e}"))
            })?)),
            None => None,
        };
        let policy = self.inner.retry;
        let mut backoff = policy.backoff();
        let mut waited = Duration::ZERO;
        let mut token = self.inner.auth.token();
        let mut refreshed = false;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            if let Some(limiter) = &self.inner.limiter {
                // The wait for a turn counts against the request timeout like the exchange
                // itself: a long pause left by another request must not hang this one.
                limiter
                    .acquire_within(self.inner.timeout)
                    .await
                    .map_err(|wait| Error::RateLimitWait {
                        wait,
                        timeout: self.inner.timeout.unwrap_or_default(),
                    })?;
            }
            let Failure {
                mut error,
                retry_after,
            } = match self.attempt(request, body.clone(), &token).await {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            set_attempts(&mut error, attempt);

            if error.code() == Some(&ErrorCode::Unauthorized) && !refreshed {
                refreshed = true;
                // Another request may have refreshed while this one was in flight: use its token
                // rather than rotating the refresh token again.
                let current = self.inner.auth.token();
                if current.expose_secret() != token.expose_secret() {
                    tracing::debug!(
                        "token changed while the request was in flight; repeating once"
                    );
                    token = current;
                    continue;
                }
                if let Some(fresh) = self.inner.auth.refresh().await? {
                    tracing::debug!("token refreshed after 401; repeating the request once");
                    token = fresh;
                    continue;
                }
            }
            if !verdict(&error).retryable(request.is_idempotent()) {
                return Err(error);
            }
            let Some(backoff_delay) = backoff.next() else {
                return Err(error);
            };
            let delay = backoff_delay.max(retry_after.unwrap_or_default());
            if waited.saturating_add(delay) > policy.total_wait() {
                tracing::debug!(?delay, ?waited, "retry budget exhausted");
                return Err(error);
            }
            if let (Some(limiter), Some(pause)) = (&self.inner.limiter, retry_after) {
                // Notion's budget is per integration, so every clone must hold back, not just
                // us. Only a request that is going to wait pauses the others, and never for
                // longer than it waits itself (within its retry budget): a request that gives
                // up must not leave every clone frozen behind a huge `Retry-After`.
                limiter.pause_for(pause.min(delay));
            }
            waited += delay;
            tracing::warn!(attempt, ?delay, error = %error, "retrying Notion request");
            tokio::time::sleep(delay).await;
        }
    }

    /// One HTTP exchange. Success is any 2xx; everything else becomes a [`Failure`].
    async fn attempt(
        &self,
        request: &Request,
        body: Option<Bytes>,
        token: &SecretString,
    ) -> Result<RawResponse, Failure> {
        let transport = |source: reqwest::Error, maybe_sent: bool| Failure {
            error: Error::Transport {
                method: request.method().to_string(),
                endpoint: request.endpoint().to_owned(),
                maybe_sent,
                source,
            },
            retry_after: None,
        };
        let url = format!("{}{}", self.inner.base_url, request.path());
        let mut builder = self
            .inner
            .http
            .request(request.method().clone(), url)
            .header(
                AUTHORIZATION,
                bearer(token).map_err(|error| Failure {
                    error,
                    retry_after: None,
                })?,
            )
            .header("Notion-Version", self.inner.version.as_str());
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(body) = body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body);
        } else if let Some(form) = &request.multipart {
            builder = builder.multipart(form());
        }

        let response = match builder.send().await {
            Ok(response) => response,
            Err(e) => {
                let sent = maybe_sent(&e);
                return Err(transport(e, sent));
            }
        };
        let status = response.status();
        let span = tracing::Span::current();
        span.record("status", status.as_u16());
        let request_id = header_request_id(response.headers());
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        let retry_after = parse_retry_after(response.headers());
        let limit = self.inner.max_response_bytes;
        let too_large = || Failure {
            error: Error::ResponseTooLarge {
                method: request.method().to_string(),
                endpoint: request.endpoint().to_owned(),
                status: status.as_u16(),
                limit,
            },
            retry_after: None,
        };
        let bytes = read_body(response, limit)
            .await
            .map_err(|e| e.map_or_else(too_large, |e| transport(e, true)))?;
        tracing::debug!(status = status.as_u16(), "Notion responded");

        if status.is_success() {
            return Ok(RawResponse {
                status: status.as_u16(),
                request_id,
                body: bytes,
            });
        }
        let error = error_from_response(request, status, request_id, retry_after, &bytes);
        // Error bodies carry the request id even when a proxy dropped the header.
        if let Some(id) = error.request_id() {
            span.record("request_id", id);
        }
        Err(Failure { error, retry_after })
    }
}

/// Reads a response body of at most `limit` bytes. `Err(None)` means the body is larger.
///
/// A declared `Content-Length` is checked before reading (hyper then delivers no more than it
/// declared); a body without one is read chunk by chunk and abandoned at the limit, so memory
/// stays bounded whatever the server sends.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, Option<reqwest::Error>> {
    match response.content_length() {
        Some(length) if length > limit => return Err(None),
        Some(_) => return response.bytes().await.map_err(Some),
        None => {}
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Some)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.into())
}

fn set_attempts(error: &mut Error, attempt: u32) {
    if let Error::Api(api) = error {
        api.attempts = attempt;
    }
}

/// The `Authorization` header, marked sensitive so reqwest and hyper never print it.
fn bearer(token: &SecretString) -> Result<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        // Deliberately not echoing the value: it is the secret.
        .map_err(|_| {
            Error::Config(
                "the Notion token contains characters not allowed in an HTTP header".into(),
            )
        })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Notion's request id header; `cf-ray` identifies responses from the edge proxy instead.
fn header_request_id(headers: &HeaderMap) -> Option<String> {
    ["x-notion-request-id", "cf-ray"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::to_owned)
}

/// The longest `Retry-After` taken at its word. Notion's per-connection waits are at most 60 s and
/// workspace-wide ones a few minutes; a larger value is a broken header, and must not overflow
/// the clock arithmetic of the retry loop and the rate limiter.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60);

/// `Retry-After` in seconds (Notion never sends the HTTP-date form), capped at [`MAX_RETRY_AFTER`].
fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let duration = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => value
            .parse::<f64>()
            .ok()
            .and_then(|s| Duration::try_from_secs_f64(s).ok())?,
    };
    Some(duration.min(MAX_RETRY_AFTER))
}

/// Notion's error object. Every field is optional so a partial body still yields what it has.
#[derive(Deserialize)]
struct ErrorBody {
    code: ErrorCode,
    #[serde(default)]
    message: String,
    #[serde(default)]
    additional_data: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    request_id: Option<String>,
}

fn error_from_response(
    request: &Request,
    status: StatusCode,
    header_request_id: Option<String>,
    retry_after: Option<Duration>,
    body: &[u8],
) -> Error {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(parsed) => ApiError {
            status: status.as_u16(),
            code: parsed.code,
            message: parsed.message,
            request_id: parsed.request_id.or(header_request_id),
            additional_data: parsed.additional_data.unwrap_or_default(),
            retry_after,
            method: request.method().to_string(),
            endpoint: request.endpoint().to_owned(),
            attempts: 1,
        }
        .into(),
        Err(_) => Error::UnexpectedBody {
            method: request.method().to_string(),
            endpoint: request.endpoint().to_owned(),
            status: status.as_u16(),
            excerpt: excerpt(body),
            request_id: header_request_id,
        },
    }
}

/// The start of a body, whitespace collapsed, for error messages.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &collapsed[..cut]),
        None => collapsed,
    }
}

/// Decodes a successful body, naming the JSON path of the first mismatch. An empty body
/// (a bare 204 from a proxy) reads as `null`, so `()`, `Option<T>` and `Value` accept it.
///
/// The path costs allocations for every key, so it is tracked only on a second decode after
/// the plain one failed: successful responses pay nothing for it.
pub(crate) fn decode<T: DeserializeOwned>(endpoint: &str, body: &[u8]) -> Result<T> {
    let body = if body.trim_ascii().is_empty() {
        b"null".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).or_else(|_| {
        let de = &mut serde_json::Deserializer::from_slice(body);
        serde_path_to_error::deserialize(de).map_err(|e| decode_error(endpoint, "", e))
    })
}

/// Decodes an already parsed part of a response, e.g. one query row or an async task's
/// `result`. `prefix` locates it in the response (`"results[]."`, `"result."`, or `""`), so the
/// error's JSON path reads from the response root.
pub(crate) fn decode_value<T: DeserializeOwned>(
    endpoint: &str,
    prefix: &str,
    value: serde_json::Value,
) -> Result<T> {
    T::deserialize(&value).or_else(|_| {
        serde_path_to_error::deserialize(value).map_err(|e| decode_error(endpoint, prefix, e))
    })
}

fn decode_error(
    endpoint: &str,
    prefix: &str,
    error: serde_path_to_error::Error<serde_json::Error>,
) -> Error {
    let path = format!("{prefix}{}", error.path());
    let source = error.into_inner();
    Error::Decode {
        endpoint: endpoint.to_owned(),
        path,
        message: source.to_string(),
        source: Some(source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_retry_after_values_are_capped_instead_of_panicking() {
        for value in ["18446744073709551615", "1e20", "1e400"] {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, value.parse().unwrap());
            let parsed = parse_retry_after(&headers);
            assert!(
                parsed.is_none_or(|d| d <= MAX_RETRY_AFTER),
                "{value} -> {parsed:?}"
            );
        }
    }

    #[test]
    fn excerpts_are_short_and_single_line() {
        let html = format!("<html>\n  <body>{}</body></html>", "x".repeat(500));
        let e = excerpt(html.as_bytes());
        assert!(e.starts_with("<html> <body>xxx"));
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn decode_errors_name_the_json_path() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            results: Vec<Inner>,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            n: u32,
        }
        let err = decode::<Outer>("/v1/x", br#"{"results":[{"n":1},{"n":"two"}]}"#).unwrap_err();
        match err {
            Error::Decode { endpoint, path, .. } => {
                assert_eq!(endpoint, "/v1/x");
                assert_eq!(path, "results[1].n");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn an_empty_body_decodes_as_null() {
        assert_eq!(
            decode::<serde_json::Value>("/v1/x", b"").unwrap(),
            serde_json::Value::Null
        );
        decode::<()>("/v1/x", b"  ").unwrap();
    }

    proptest::proptest! {
        /// Any error body, JSON or not, becomes an `Api` or `UnexpectedBody` error, never a panic.
        #[test]
        fn any_error_body_becomes_an_error(
            status in 400u16..600,
            code in proptest::option::of("[a-z_]{0,20}"),
            message in proptest::option::of(".{0,40}"),
            extra in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
            json in proptest::bool::ANY,
        ) {
            let body = if json {
                serde_json::json!({"object": "error", "status": status, "code": code, "message": message})
                    .to_string()
                    .into_bytes()
            } else {
                extra
            };
            let status = StatusCode::from_u16(status).unwrap();
            let request = Request::get("/v1/pages/{page_id}").param("x");
            match error_from_response(&request, status, None, None, &body) {
                Error::Api(api) => proptest::prop_assert_eq!(api.status, status.as_u16()),
                Error::UnexpectedBody { status: s, .. } => proptest::prop_assert_eq!(s, status.as_u16()),
                other => proptest::prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn retry_after_accepts_integer_and_fractional_seconds() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(parse_retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("0.5"));
        assert_eq!(
            parse_retry_after(&headers),
            Some(Duration::from_millis(500))
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(parse_retry_after(&headers), None);
    }
}
