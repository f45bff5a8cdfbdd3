//! Webhook signatures, the handshake, typed events from sample payloads and de-duplication.

use std::path::PathBuf;

use http::HeaderMap;
use notion_orm::types::PropertyId;
use notion_orm::webhook::{
    Delivery, EventDeduplicator, EventKind, ParentKind, SIGNATURE_HEADER, SchemaAction,
    WebhookError, sign_payload, verify_signature,
};
use secrecy::{ExposeSecret, SecretString};

fn token() -> SecretString {
    SecretString::from("secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl")
}

fn sample(name: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "webhooks",
        name,
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn signed_headers(body: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        SIGNATURE_HEADER,
        sign_payload(body, &token()).parse().unwrap(),
    );
    headers
}

fn parse_sample(type_name: &str) -> notion_orm::webhook::Event {
    let body = sample(&format!("{type_name}.json"));
    match Delivery::parse(&body, &signed_headers(&body), Some(&token())).unwrap() {
        Delivery::Event(event) => *event,
        other => panic!("expected an event, got {other:?}"),
    }
}

#[test]
fn signed_payloads_verify() {
    let body = sample("page.created.json");
    let header = sign_payload(&body, &token());
    assert_eq!(verify_signature(&body, Some(&header), &token()), Ok(()));
}

#[test]
fn missing_signature_header_is_rejected() {
    let body = sample("page.created.json");
    assert_eq!(
        verify_signature(&body, None, &token()),
        Err(WebhookError::MissingSignature)
    );
}

#[test]
fn signature_without_sha256_prefix_is_rejected() {
    let body = sample("page.created.json");
    let header = sign_payload(&body, &token()).replace("sha256=", "sha1=");
    assert_eq!(
        verify_signature(&body, Some(&header), &token()),
        Err(WebhookError::WrongPrefix)
    );
}

#[test]
fn signature_with_wrong_hex_length_is_rejected() {
    let body = sample("page.created.json");
    let mut header = sign_payload(&body, &token());
    header.pop();
    assert_eq!(
        verify_signature(&body, Some(&header), &token()),
        Err(WebhookError::BadHexLength { length: 63 })
    );
}

#[test]
fn signature_with_non_hex_digits_is_rejected() {
    let body = sample("page.created.json");
    let header = format!("sha256={}", "z".repeat(64));
    assert_eq!(
        verify_signature(&body, Some(&header), &token()),
        Err(WebhookError::NotHex)
    );
}

#[test]
fn signature_of_a_tampered_body_is_rejected() {
    let body = sample("page.created.json");
    let header = sign_payload(&body, &token());
    let mut tampered = body.clone();
    tampered.push(b' ');
    assert_eq!(
        verify_signature(&tampered, Some(&header), &token()),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn signature_made_with_another_token_is_rejected() {
    let body = sample("page.created.json");
    let header = sign_payload(&body, &SecretString::from("secret_other"));
    assert_eq!(
        verify_signature(&body, Some(&header), &token()),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn unsigned_events_are_rejected_by_delivery_parsing() {
    let body = sample("page.created.json");
    let err = Delivery::parse(&body, &HeaderMap::new(), Some(&token())).unwrap_err();
    assert_eq!(err, WebhookError::MissingSignature);
}

#[test]
fn handshake_yields_the_verification_token() {
    let body = sample("verification.json");
    let delivery = Delivery::parse(&body, &HeaderMap::new(), None).unwrap();
    let Delivery::Verification { verification_token } = delivery else {
        panic!("expected the handshake, got {delivery:?}");
    };
    assert_eq!(verification_token.expose_secret(), token().expose_secret());
}

#[test]
fn a_handshake_is_refused_once_a_token_is_configured() {
    let body = sample("verification.json");
    let err = Delivery::parse(&body, &HeaderMap::new(), Some(&token())).unwrap_err();
    assert_eq!(err, WebhookError::UnexpectedHandshake);
    assert!(
        err.is_signature_error(),
        "answered 401, like a forged event"
    );
}

#[test]
fn every_event_type_decodes_into_its_typed_variant() {
    for type_name in EventKind::KNOWN_TYPES {
        let event = parse_sample(type_name);
        assert_eq!(event.kind.type_name(), *type_name);
        assert!(
            !matches!(event.kind, EventKind::Unknown { .. }),
            "{type_name} decoded as Unknown"
        );
    }
}

#[test]
fn every_sample_payload_has_a_known_type() {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "webhooks"]
        .iter()
        .collect();
    let samples = std::fs::read_dir(dir).unwrap().count() - 1; // minus verification.json
    assert_eq!(samples, EventKind::KNOWN_TYPES.len());
}

#[test]
fn envelope_fields_are_decoded() {
    let event = parse_sample("page.created");
    assert_eq!(event.id.to_string(), "367cba44-b6f3-4c92-81e7-6a2e9659efd4");
    assert_eq!(event.timestamp.to_string(), "2024-12-05T23:55:34.285Z");
    assert_eq!(event.attempt_number, 1);
    assert_eq!(event.api_version.as_deref(), Some("2025-09-03"));
    assert_eq!(
        event.entity.page_id().map(|id| id.to_string()).as_deref(),
        Some("153104cd-477e-809d-8dc4-ff2d96ae3090")
    );
    assert_eq!(event.authors.len(), 1);
}

#[test]
fn properties_updated_lists_property_ids() {
    let EventKind::PagePropertiesUpdated(data) = parse_sample("page.properties_updated").kind
    else {
        panic!("wrong variant");
    };
    assert_eq!(data.updated_properties[0], PropertyId::from("XGe%40"));
    let parent = data.parent.unwrap();
    assert_eq!(parent.kind, ParentKind::Database);
    assert!(parent.data_source_id.is_some());
}

#[test]
fn schema_updated_lists_actions() {
    let EventKind::DataSourceSchemaUpdated(data) = parse_sample("data_source.schema_updated").kind
    else {
        panic!("wrong variant");
    };
    let actions: Vec<_> = data.updated_properties.iter().map(|c| &c.action).collect();
    assert_eq!(
        actions,
        [
            &SchemaAction::Updated,
            &SchemaAction::Created,
            &SchemaAction::Deleted
        ]
    );
    assert_eq!(data.updated_properties[2].name, None);
}

#[test]
fn content_updated_lists_blocks() {
    let EventKind::PageContentUpdated(data) = parse_sample("page.content_updated").kind else {
        panic!("wrong variant");
    };
    assert_eq!(data.updated_blocks.len(), 1);
}

#[test]
fn comment_events_carry_the_page_and_readers() {
    let event = parse_sample("comment.created");
    assert!(event.entity.comment_id().is_some());
    assert_eq!(event.accessible_by.len(), 1);
    let EventKind::CommentCreated(data) = event.kind else {
        panic!("wrong variant");
    };
    assert!(data.page_id.is_some());
}

#[test]
fn redelivered_events_are_detected_by_id() {
    let seen = EventDeduplicator::new(100);
    let first = parse_sample("page.created");
    let retry = parse_sample("page.created");
    assert!(seen.first_delivery(first.id));
    assert!(!seen.first_delivery(retry.id));
}

proptest::proptest! {
    #[test]
    fn any_body_signed_with_a_token_verifies_with_it(
        body in proptest::collection::vec(proptest::num::u8::ANY, 0..512),
        token in "[a-zA-Z0-9_]{1,64}",
    ) {
        let token = SecretString::from(token);
        let header = sign_payload(&body, &token);
        proptest::prop_assert_eq!(verify_signature(&body, Some(&header), &token), Ok(()));
    }

    #[test]
    fn flipping_any_body_bit_breaks_the_signature(
        body in proptest::collection::vec(proptest::num::u8::ANY, 1..512),
        index in proptest::num::usize::ANY,
        bit in 0u8..8,
    ) {
        let header = sign_payload(&body, &token());
        let mut tampered = body.clone();
        let i = index % tampered.len();
        tampered[i] ^= 1 << bit;
        proptest::prop_assert_eq!(
            verify_signature(&tampered, Some(&header), &token()),
            Err(WebhookError::SignatureMismatch)
        );
    }
}
