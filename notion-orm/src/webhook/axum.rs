//! An axum extractor that verifies webhook deliveries before the handler runs.
//!
//! ```no_run
//! use axum::{Router, routing::post, http::StatusCode};
//! use notion_orm::webhook::{Delivery, axum::{NotionWebhook, WebhookToken}};
//!
//! async fn webhook(NotionWebhook(delivery): NotionWebhook) -> StatusCode {
//!     match delivery {
//!         Delivery::Verification { .. } => { /* store the token for an operator */ }
//!         Delivery::Event(event) => println!("{}", event.kind.type_name()),
//!     }
//!     StatusCode::OK
//! }
//!
//! let token = WebhookToken::new(std::env::var("NOTION_WEBHOOK_TOKEN").ok().map(Into::into));
//! let app: Router = Router::new().route("/notion", post(webhook)).with_state(token);
//! ```

use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use secrecy::SecretString;

use super::{Delivery, WebhookError};

/// The verification token the extractor checks signatures with, taken from the router state
/// through [`FromRef`]. `None` until the handshake is done: then only handshakes pass.
#[derive(Debug, Clone, Default)]
pub struct WebhookToken(Option<SecretString>);

impl WebhookToken {
    /// A token source for the extractor.
    pub fn new(token: Option<SecretString>) -> Self {
        Self(token)
    }

    /// The token, if configured.
    pub fn get(&self) -> Option<&SecretString> {
        self.0.as_ref()
    }
}

/// A webhook delivery whose signature has been verified (or the unsigned handshake).
///
/// Rejections answer 401 for signature problems and 400 for malformed bodies, before the
/// handler runs.
#[derive(Debug)]
pub struct NotionWebhook(pub Delivery);

/// Why [`NotionWebhook`] rejected a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The body could not be read.
    #[error("could not read the webhook body: {0}")]
    Body(#[from] axum::extract::rejection::BytesRejection),
    /// The delivery failed verification or decoding.
    #[error(transparent)]
    Webhook(#[from] WebhookError),
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        let status = match &self {
            WebhookRejection::Body(e) => e.status(),
            WebhookRejection::Webhook(e) if e.is_signature_error() => StatusCode::UNAUTHORIZED,
            WebhookRejection::Webhook(_) => StatusCode::BAD_REQUEST,
        };
        tracing::warn!(error = %self, "rejected a Notion webhook delivery");
        (status, self.to_string()).into_response()
    }
}

impl<S> FromRequest<S> for NotionWebhook
where
    S: Send + Sync,
    WebhookToken: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let token = WebhookToken::from_ref(state);
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state).await?;
        Ok(NotionWebhook(Delivery::parse(
            &body,
            &headers,
            token.get(),
        )?))
    }
}
