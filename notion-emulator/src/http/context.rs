//! Per-request context: the request id, the API version, the caller's capabilities, and the
//! middleware that establishes them (auth, `Notion-Version`), plus the extractors every handler
//! uses ([`Ctx`], [`JsonBody`]) and path-id parsing ([`parse_id`]).

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use uuid::Uuid;

use crate::notion::error::{ApiError, ApiResult};
use crate::notion::ids::parse_uuid;
use crate::notion::version::ApiVersion;
use crate::world::state::{AppState, Capabilities, Capability};

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The request id of the request being served on this task (a fresh one outside a request).
///
/// Set by [`request_context`] for the whole handler future, so error bodies built anywhere below
/// carry the same id as the `x-notion-request-id` header.
pub(crate) fn current_request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| Uuid::new_v4().to_string())
}

/// What a handler knows about the request beyond its body.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub request_id: String,
    pub version: ApiVersion,
    pub capabilities: Capabilities,
}

impl Ctx {
    /// Fails with `restricted_resource` unless the token has `capability`.
    pub fn require(&self, capability: Capability) -> ApiResult<()> {
        if self.capabilities.allows(capability) {
            Ok(())
        } else {
            Err(ApiError::restricted_resource())
        }
    }

    /// A 200 response with `request_id` added to the object body.
    pub fn ok(&self, mut body: Value) -> Response {
        if let Some(object) = body.as_object_mut() {
            object.insert(
                "request_id".to_owned(),
                Value::String(self.request_id.clone()),
            );
        }
        axum::Json(body).into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| ApiError::internal("request context missing"))
    }
}

/// Middleware on every `/v1` route: assigns the request id, then checks the bearer token and the
/// `Notion-Version` header, in that order, before the handler runs.
pub(crate) async fn request_context(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let request_id = Uuid::new_v4().to_string();
    let header_id = HeaderValue::from_str(&request_id).ok();
    let mut response = REQUEST_ID
        .scope(request_id.clone(), async move {
            match authenticate(&state, &request, request_id) {
                Ok(ctx) => {
                    request.extensions_mut().insert(ctx);
                    next.run(request).await
                }
                Err(error) => error.into_response(),
            }
        })
        .await;
    if let Some(id) = header_id {
        response.headers_mut().insert("x-notion-request-id", id);
    }
    response
}

fn authenticate(state: &AppState, request: &Request, request_id: String) -> ApiResult<Ctx> {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(ApiError::unauthorized)?;
    let capabilities = state
        .capabilities_of(token.trim())
        .ok_or_else(ApiError::unauthorized)?;
    let raw_version = request
        .headers()
        .get("notion-version")
        .ok_or_else(ApiError::missing_version)?;
    let raw_version = raw_version.to_str().unwrap_or_default();
    let version = ApiVersion::parse(raw_version).ok_or_else(|| {
        ApiError::validation(format!(
            "Notion-Version header failed validation: Notion-Version header should be one of \"2025-09-03\" or \"2026-03-11\", instead was `{}`.",
            Value::String(raw_version.to_owned())
        ))
    })?;
    Ok(Ctx {
        request_id,
        version,
        capabilities,
    })
}

/// The request body as JSON, answering `invalid_json` like Notion when it is not.
///
/// An empty body reads as `{}` (Notion accepts body-less PATCH/POST where every field is
/// optional); a body over [`crate::Config::max_body_bytes`] is a `validation_error`.
#[derive(Debug, Clone)]
pub(crate) struct JsonBody(pub Value);

impl FromRequest<AppState> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request<Body>, state: &AppState) -> Result<Self, ApiError> {
        let limit = state.config.max_body_bytes;
        let bytes = axum::body::to_bytes(request.into_body(), limit.saturating_add(1))
            .await
            .map_err(|_| body_too_large(limit))?;
        if bytes.len() > limit {
            return Err(body_too_large(limit));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(Value::Object(Default::default())));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(value @ Value::Object(_)) => Ok(Self(value)),
            Ok(other) => Err(ApiError::validation(format!(
                "body failed validation: body should be an object, instead was `{other}`."
            ))),
            Err(_) => Err(ApiError::invalid_json()),
        }
    }
}

fn body_too_large(limit: usize) -> ApiError {
    ApiError::validation(format!(
        "body failed validation: the request body should be at most {limit} bytes."
    ))
}

/// Parses an id from the URL path, dashed or undashed, answering Notion's
/// ``path failed validation: path.<param> should be a valid uuid`` otherwise.
pub(crate) fn parse_id(param: &str, raw: &str) -> ApiResult<Uuid> {
    parse_uuid(raw).ok_or_else(|| ApiError::invalid_path_uuid(param, raw))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let request_id = current_request_id();
        let mut response = (self.status, axum::Json(self.body(&request_id))).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The values of a repeated query key (`key=a&key=b`, also `key[]=a`).
pub(crate) fn query_values(raw: Option<&str>, key: &str) -> Vec<String> {
    let bracketed = format!("{key}[]");
    url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .filter(|(k, _)| k == key || *k == bracketed)
        .map(|(_, v)| v.into_owned())
        .collect()
}

/// One query value (`start_cursor`, `page_size`).
pub(crate) fn query_value(raw: Option<&str>, key: &str) -> Option<String> {
    query_values(raw, key).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_id_answers_notions_path_validation_error() {
        let error = parse_id("block_id", "nope").unwrap_err();
        assert_eq!(error.code, "validation_error");
        assert!(
            error
                .message
                .starts_with("path failed validation: path.block_id")
        );
    }
}
