//! The OAuth token endpoints of a public integration: `POST /v1/oauth/token` (grant types
//! `authorization_code` and `refresh_token`), `/v1/oauth/revoke` and `/v1/oauth/introspect`.
//!
//! Clients authenticate with HTTP Basic `client_id:client_secret` against
//! [`crate::Config::oauth_clients`]. There is no consent screen: a test mints an authorization
//! code with [`OAuth::authorize`], as if a user had approved the integration. Access tokens the
//! endpoint issues are accepted by the emulator's bearer-token check until revoked.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::faults::error_response;
use crate::notion::error::ApiError;
use crate::world::oauth::{AccessToken, OAuthClient};
use crate::world::state::{AppState, Capabilities};

/// The workspace name the users endpoint reports for the bot.
const WORKSPACE_NAME: &str = "Emulated workspace";

/// The routes of this module. The router mounts them outside the bearer-token middleware: these
/// endpoints authenticate the client with HTTP Basic instead.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/oauth/token", post(token_endpoint))
        .route("/v1/oauth/revoke", post(revoke_endpoint))
        .route("/v1/oauth/introspect", post(introspect_endpoint))
}

async fn token_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(token(&state, &headers, &body))
}

async fn revoke_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(revoke(&state, &headers, &body))
}

async fn introspect_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(introspect(&state, &headers, &body))
}

/// A 200 with `request_id` (and the same id in `x-notion-request-id`), or Notion's error.
fn respond(result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(mut body) => {
            let request_id = Uuid::new_v4().to_string();
            body["request_id"] = Value::String(request_id.clone());
            let mut response = axum::Json(body).into_response();
            if let Ok(id) = request_id.parse() {
                response.headers_mut().insert("x-notion-request-id", id);
            }
            response
        }
        Err(error) => error_response(error),
    }
}

fn token(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let client = authenticate_client(state, headers)?;
    let body = json_body(body)?;
    let grant_type = string_field(&body, "grant_type")?;
    let mut world = state.world();
    let workspace_id = world.workspace_id;
    let oauth = &mut world.oauth;
    let grant = match grant_type.as_str() {
        "authorization_code" => {
            let code = string_field(&body, "code")?;
            let grant = oauth
                .codes
                .remove(&code)
                .filter(|g| g.client_id == client.client_id)
                .ok_or_else(|| invalid_grant("Invalid code."))?;
            let redirect_uri = body.get("redirect_uri").and_then(Value::as_str);
            if redirect_uri.is_some_and(|uri| uri != grant.redirect_uri) {
                return Err(invalid_grant("Invalid redirect_uri."));
            }
            grant
        }
        "refresh_token" => {
            let refresh = string_field(&body, "refresh_token")?;
            // Refresh tokens rotate: each is good for one refresh.
            oauth
                .refresh_tokens
                .remove(&refresh)
                .filter(|g| g.client_id == client.client_id)
                .ok_or_else(|| invalid_grant("Invalid refresh token."))?
        }
        other => {
            return Err(ApiError::body_field(
                "grant_type",
                "`\"authorization_code\"` or `\"refresh_token\"`",
                format!("`{}`", Value::String(other.to_owned())),
            ));
        }
    };
    let access_token = format!("ntn_oauth_{}", Uuid::new_v4().simple());
    let refresh_token = format!("nrt_{}", Uuid::new_v4().simple());
    oauth.access_tokens.insert(
        access_token.clone(),
        AccessToken {
            client_id: grant.client_id.clone(),
            issued_at: state.clock.now(),
        },
    );
    oauth.refresh_tokens.insert(refresh_token.clone(), grant);
    world
        .issued_tokens
        .insert(access_token.clone(), Capabilities::ALL);
    Ok(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "refresh_token": refresh_token,
        "bot_id": state.bot_id.to_string(),
        "workspace_name": WORKSPACE_NAME,
        "workspace_icon": null,
        "workspace_id": workspace_id.to_string(),
        "owner": {"type": "workspace", "workspace": true},
        "duplicated_template_id": null,
    }))
}

fn revoke(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let client = authenticate_client(state, headers)?;
    let token = string_field(&json_body(body)?, "token")?;
    let mut world = state.world();
    let owned = world
        .oauth
        .access_tokens
        .get(&token)
        .is_some_and(|t| t.client_id == client.client_id);
    if owned {
        world.oauth.access_tokens.remove(&token);
        world.issued_tokens.remove(&token);
    } else {
        let refresh_owned = world
            .oauth
            .refresh_tokens
            .get(&token)
            .is_some_and(|g| g.client_id == client.client_id);
        if !refresh_owned {
            return Err(invalid_grant("Invalid token."));
        }
        world.oauth.refresh_tokens.remove(&token);
    }
    Ok(json!({}))
}

fn introspect(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let client = authenticate_client(state, headers)?;
    let token = string_field(&json_body(body)?, "token")?;
    let world = state.world();
    Ok(match world.oauth.access_tokens.get(&token) {
        Some(issued) if issued.client_id == client.client_id => json!({
            "active": true,
            "scope": "read_content update_content insert_content read_comments insert_comments",
            "iat": issued.issued_at.as_second(),
        }),
        _ => json!({"active": false}),
    })
}

/// The configured client named by `Authorization: Basic base64(client_id:client_secret)`.
fn authenticate_client<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
) -> Result<&'a OAuthClient, ApiError> {
    let unauthorized = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Invalid client credentials.",
        )
    };
    let encoded = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .ok_or_else(unauthorized)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(unauthorized)?;
    let (id, secret) = decoded.split_once(':').ok_or_else(unauthorized)?;
    state
        .config
        .oauth_clients
        .iter()
        .find(|c| c.client_id == id && c.client_secret == secret)
        .ok_or_else(unauthorized)
}

fn json_body(body: &[u8]) -> Result<Value, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        _ => Err(ApiError::invalid_json()),
    }
}

fn string_field(body: &Value, field: &str) -> Result<String, ApiError> {
    body.get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| ApiError::body_missing(field))
}

fn invalid_grant(message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_grant", message)
}
