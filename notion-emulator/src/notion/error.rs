//! Notion-shaped error responses.
//!
//! Every failure a handler can produce is an [`ApiError`]; its `IntoResponse` writes Notion's body
//! `{"object":"error","status","code","message","additional_data"?,"request_id"}` with the request
//! id of the request being served (see `crate::http::context::current_request_id`).

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use crate::world::state::Shared;

/// A Notion API error: status, code, message and optional `additional_data`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub additional_data: Option<Map<String, Value>>,
    /// Seconds for the `Retry-After` header (rate limits, overload).
    pub retry_after: Option<u64>,
}

/// Handlers return this.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with any status and code.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            additional_data: None,
            retry_after: None,
        }
    }

    /// Adds one `additional_data` entry.
    pub fn with_data(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.additional_data
            .get_or_insert_with(Map::new)
            .insert(key.to_owned(), value.into());
        self
    }

    /// Sets the `Retry-After` header, in seconds.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// 400 `validation_error` with a message already in Notion's words.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "validation_error", message)
    }

    /// 400 `validation_error` for a request body field, in Notion's style:
    /// `body failed validation: body.<path> should be <expected>, instead was <actual>.`
    pub fn body_field(path: &str, expected: &str, actual: impl std::fmt::Display) -> Self {
        Self::validation(format!(
            "body failed validation: body.{path} should be {expected}, instead was {actual}."
        ))
    }

    /// 400 `validation_error` for a field that must be present.
    pub fn body_missing(path: &str) -> Self {
        Self::body_field(path, "defined", "`undefined`")
    }

    /// 400 `validation_error` for a bad uuid in the URL path, exactly like Notion:
    /// ``path failed validation: path.page_id should be a valid uuid, instead was `"AAA"`.``
    pub fn invalid_path_uuid(param: &str, raw: &str) -> Self {
        Self::validation(format!(
            "path failed validation: path.{param} should be a valid uuid, instead was `{}`.",
            Value::String(raw.to_owned())
        ))
    }

    /// 400 `invalid_json`: the body is not JSON.
    pub fn invalid_json() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "Error parsing JSON body.",
        )
    }

    /// 400 `invalid_request_url`: no such endpoint.
    pub fn invalid_request_url() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_request_url",
            "Invalid request URL.",
        )
    }

    /// 400 `missing_version`: no `Notion-Version` header.
    pub fn missing_version() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "missing_version",
            "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
        )
    }

    /// 401 `unauthorized`: unknown or missing bearer token.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "API token is invalid.",
        )
    }

    /// 403 `restricted_resource`: the token lacks the capability for this request.
    pub fn restricted_resource() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "restricted_resource",
            "Insufficient permissions for this endpoint.",
        )
    }

    /// 404 `object_not_found` with Notion's sharing hint. `kind` is the word Notion uses in the
    /// message (`page`, `block`, `database`, `data_source`, `user`, ...).
    pub fn object_not_found(
        kind: &str,
        id: impl std::fmt::Display,
        integration_name: &str,
        integration_id: impl std::fmt::Display,
    ) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "object_not_found",
            format!(
                "Could not find {kind} with ID: {id}. Make sure the relevant pages and databases are shared with your integration \"{integration_name}\"."
            ),
        )
        .with_data("integration_id", integration_id.to_string())
    }

    /// 409 `conflict_error`: a transaction conflict; clients may retry.
    pub fn conflict() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "conflict_error",
            "Conflict occurred while saving. Please try again.",
        )
    }

    /// 429 `rate_limited` with `Retry-After`.
    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "You have been rated limited. Please try again in a few minutes.",
        )
        .with_data("rate_limit_reason", "public_api_request_rate_limit")
        .with_retry_after(retry_after_seconds)
    }

    /// 500 `internal_server_error`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_server_error",
            message,
        )
    }

    /// 503 `service_unavailable`.
    pub fn service_unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            "Notion is unavailable, please try again later.",
        )
    }

    /// 529 `service_overload` with `Retry-After`.
    pub fn service_overload(retry_after_seconds: u64) -> Self {
        Self::new(
            StatusCode::from_u16(529).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
            "service_overload",
            "Notion is overloaded, please try again later.",
        )
        .with_retry_after(retry_after_seconds)
    }

    /// The JSON body, with `request_id`.
    pub fn body(&self, request_id: &str) -> Value {
        let mut body = json!({
            "object": "error",
            "status": self.status.as_u16(),
            "code": self.code,
            "message": self.message,
        });
        if let Some(data) = &self.additional_data {
            body["additional_data"] = Value::Object(data.clone());
        }
        body["request_id"] = Value::String(request_id.to_owned());
        body
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl Shared {
    /// 404 `object_not_found` worded like Notion, naming this integration.
    pub fn not_found(&self, kind: &str, id: impl std::fmt::Display) -> ApiError {
        ApiError::object_not_found(kind, id, &self.config.integration_name, self.bot_id)
    }
}

/// A request the emulator refused, returned by the in-process helpers such as
/// [`crate::Emulator::create_pages`]: the status, code and message Notion would have answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestRejected {
    /// The HTTP status, e.g. 400.
    pub status: u16,
    /// Notion's error code, e.g. `validation_error`.
    pub code: String,
    /// Notion's message.
    pub message: String,
}

impl std::fmt::Display for RequestRejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for RequestRejected {}

impl From<ApiError> for RequestRejected {
    fn from(error: ApiError) -> Self {
        Self {
            status: error.status.as_u16(),
            code: error.code.to_owned(),
            message: error.message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_path_uuid_quotes_the_raw_value_like_notion() {
        let error = ApiError::invalid_path_uuid("page_id", "AAA");
        assert_eq!(
            error.message,
            "path failed validation: path.page_id should be a valid uuid, instead was `\"AAA\"`."
        );
    }

    #[test]
    fn object_not_found_carries_the_sharing_hint_and_integration_id() {
        let body = ApiError::object_not_found("page", "abc", "my-bot", "bot-id").body("rid");
        assert_eq!(
            body["message"],
            "Could not find page with ID: abc. Make sure the relevant pages and databases are shared with your integration \"my-bot\"."
        );
        assert_eq!(body["additional_data"]["integration_id"], "bot-id");
        assert_eq!(body["request_id"], "rid");
    }
}
