//! `X-Notion-Signature`: `sha256=` + the hex HMAC-SHA256 of the raw body, keyed with the
//! subscription's verification token.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::WebhookError;

/// The header carrying the signature (lower case, as `http` header names are).
pub const SIGNATURE_HEADER: &str = "x-notion-signature";

const PREFIX: &str = "sha256=";
const DIGEST_HEX_LEN: usize = 64;

fn hmac_of(raw_body: &[u8], verification_token: &SecretString) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(verification_token.expose_secret().as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(raw_body);
    mac.finalize().into_bytes().into()
}

/// The `X-Notion-Signature` value Notion would send for `raw_body`; useful in tests and emulators.
pub fn sign_payload(raw_body: &[u8], verification_token: &SecretString) -> String {
    format!(
        "{PREFIX}{}",
        hex::encode(hmac_of(raw_body, verification_token))
    )
}

/// Checks `header` (the `X-Notion-Signature` value) against the raw request body.
///
/// `raw_body` must be the bytes exactly as received: re-serialized JSON does not match.
/// The digests are compared in constant time.
pub fn verify_signature(
    raw_body: &[u8],
    header: Option<&str>,
    verification_token: &SecretString,
) -> Result<(), WebhookError> {
    let header = header.ok_or(WebhookError::MissingSignature)?;
    let digest_hex = header
        .trim()
        .strip_prefix(PREFIX)
        .ok_or(WebhookError::WrongPrefix)?;
    if digest_hex.len() != DIGEST_HEX_LEN {
        return Err(WebhookError::BadHexLength {
            length: digest_hex.len(),
        });
    }
    let mut received = [0u8; 32];
    hex::decode_to_slice(digest_hex, &mut received).map_err(|_| WebhookError::NotHex)?;
    let expected = hmac_of(raw_body, verification_token);
    if bool::from(expected.ct_eq(&received)) {
        Ok(())
    } else {
        Err(WebhookError::SignatureMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_a_known_hmac_sha256_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let token = SecretString::from("Jefe");
        assert_eq!(
            sign_payload(b"what do ya want for nothing?", &token),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn uppercase_hex_digests_are_accepted() {
        let token = SecretString::from("t");
        let header = sign_payload(b"{}", &token)
            .to_uppercase()
            .replace("SHA256=", "sha256=");
        assert_eq!(verify_signature(b"{}", Some(&header), &token), Ok(()));
    }
}
