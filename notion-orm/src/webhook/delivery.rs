//! One HTTP request to a webhook endpoint: either the subscription handshake or a signed event.

use http::HeaderMap;
use secrecy::SecretString;
use serde_json::Value;

use super::{Event, SIGNATURE_HEADER, WebhookError, verify_signature};

/// What Notion sent to a webhook endpoint.
#[derive(Debug)]
pub enum Delivery {
    /// The one-time handshake when a subscription is created: `{"verification_token": "..."}`.
    ///
    /// Store the token (it verifies every later event) and paste it into the integration's
    /// webhook settings to activate the subscription. This request is not signed, since the
    /// token is not known yet; anyone can send one, so never act on it beyond storing it for
    /// an operator to confirm.
    Verification {
        /// The subscription's verification token.
        verification_token: SecretString,
    },
    /// A verified event.
    Event(Box<Event>),
}

impl Delivery {
    /// Classifies and checks a webhook request from its raw body and headers.
    ///
    /// A handshake is returned as [`Delivery::Verification`] while no token is configured (with
    /// one, it is refused as [`WebhookError::UnexpectedHandshake`]). Anything else must carry a valid
    /// `X-Notion-Signature` for `verification_token`; with no token yet, events are rejected
    /// with [`WebhookError::NoVerificationToken`].
    pub fn parse(
        raw_body: &[u8],
        headers: &HeaderMap,
        verification_token: Option<&SecretString>,
    ) -> Result<Self, WebhookError> {
        let json: Value =
            serde_json::from_slice(raw_body).map_err(|e| WebhookError::InvalidPayload {
                path: ".".to_owned(),
                message: e.to_string(),
            })?;
        if let Some(token) = handshake_token(&json) {
            if verification_token.is_some() {
                return Err(WebhookError::UnexpectedHandshake);
            }
            return Ok(Delivery::Verification {
                verification_token: SecretString::from(token),
            });
        }
        let token = verification_token.ok_or(WebhookError::NoVerificationToken)?;
        let header = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
        verify_signature(raw_body, header, token)?;
        Event::from_value(&json).map(|e| Delivery::Event(Box::new(e)))
    }
}

/// The token of a handshake body: an object with a `verification_token` and no event `type`.
fn handshake_token(json: &Value) -> Option<&str> {
    let object = json.as_object()?;
    if object.contains_key("type") {
        return None;
    }
    object.get("verification_token")?.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn handshake_bodies_need_no_signature() {
        let body = br#"{"verification_token":"secret_abc"}"#;
        let delivery = Delivery::parse(body, &HeaderMap::new(), None).unwrap();
        let Delivery::Verification { verification_token } = delivery else {
            panic!("expected the handshake");
        };
        assert_eq!(verification_token.expose_secret(), "secret_abc");
    }

    #[test]
    fn bodies_with_an_event_type_are_never_handshakes() {
        let body = br#"{"type":"page.created","verification_token":"secret_abc"}"#;
        let err = Delivery::parse(body, &HeaderMap::new(), None).unwrap_err();
        assert_eq!(err, WebhookError::NoVerificationToken);
    }

    #[test]
    fn events_before_the_handshake_are_rejected() {
        let body = br#"{"type":"page.created"}"#;
        let err = Delivery::parse(body, &HeaderMap::new(), None).unwrap_err();
        assert_eq!(err, WebhookError::NoVerificationToken);
    }

    #[test]
    fn non_json_bodies_are_invalid_payloads() {
        let err = Delivery::parse(b"<html>", &HeaderMap::new(), None).unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidPayload { .. }),
            "{err:?}"
        );
    }
}
