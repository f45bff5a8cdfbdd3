//! What can be wrong with a webhook delivery.

/// Why a webhook delivery was rejected. Every signature problem has its own variant so logs say
/// exactly what a sender got wrong; none of them should be answered with anything but 401.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request has no `X-Notion-Signature` header (or it is not valid UTF-8).
    #[error("the request has no X-Notion-Signature header")]
    MissingSignature,

    /// The signature header does not start with `sha256=`.
    #[error("the X-Notion-Signature header does not start with `sha256=`")]
    WrongPrefix,

    /// The hex digest after `sha256=` does not have the 64 digits of a SHA-256 HMAC.
    #[error(
        "the X-Notion-Signature digest has {length} characters; a SHA-256 HMAC has 64 hex digits"
    )]
    BadHexLength {
        /// The length that was found.
        length: usize,
    },

    /// The digest has the right length but contains characters that are not hex digits.
    #[error("the X-Notion-Signature digest is not hexadecimal")]
    NotHex,

    /// The digest is well formed but does not match the body: wrong token or tampered body.
    #[error("the X-Notion-Signature does not match the body and verification token")]
    SignatureMismatch,

    /// An event arrived but no verification token is configured yet, so it cannot be verified.
    #[error(
        "an event arrived before a verification token was configured; complete the handshake first"
    )]
    NoVerificationToken,

    /// A handshake body arrived although a verification token is already configured.
    ///
    /// Handshakes are unsigned, so once a token is set anyone could send one to try to replace
    /// it; they are refused. To verify a new subscription, run without a token until its
    /// handshake has been stored.
    #[error(
        "an unsigned verification handshake arrived but a verification token is already configured; \
         refusing it (clear the configured token to accept a new subscription's handshake)"
    )]
    UnexpectedHandshake,

    /// The body is not a Notion webhook payload.
    #[error("invalid webhook payload at `{path}`: {message}")]
    InvalidPayload {
        /// JSON path of the offending value (`.` for the whole body).
        path: String,
        /// What serde said.
        message: String,
    },
}

impl WebhookError {
    /// Whether the error is about authenticity (answer 401) rather than a malformed body (400).
    pub fn is_signature_error(&self) -> bool {
        !matches!(self, WebhookError::InvalidPayload { .. })
    }
}
