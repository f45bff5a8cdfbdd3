//! Notion webhooks: signature verification, typed events, the verification handshake and
//! de-duplication.
//!
//! The core is framework-agnostic: give it the raw body bytes and the request headers. With the
//! `axum` feature, `webhook::axum::NotionWebhook` does the same as an extractor, so a handler
//! only ever sees verified deliveries.
//!
//! ```
//! use notion_orm::webhook::{Delivery, EventKind, sign_payload, SIGNATURE_HEADER};
//! use secrecy::SecretString;
//!
//! let token = SecretString::from("secret_from_the_handshake");
//! let body = br#"{"id":"8f2c1a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b","timestamp":"2026-07-04T09:00:00.000Z",
//!   "workspace_id":"13950b26-c203-4f3b-b97d-93ec06319565","type":"page.locked",
//!   "entity":{"id":"153104cd-477e-809d-8dc4-ff2d96ae3090","type":"page"},"attempt_number":1,
//!   "data":{}}"#;
//! let mut headers = http::HeaderMap::new();
//! headers.insert(SIGNATURE_HEADER, sign_payload(body, &token).parse().unwrap());
//!
//! match Delivery::parse(body, &headers, Some(&token))? {
//!     Delivery::Verification { .. } => unreachable!("this body is an event"),
//!     Delivery::Event(event) => assert!(matches!(event.kind, EventKind::PageLocked(_))),
//! }
//! # Ok::<(), notion_orm::webhook::WebhookError>(())
//! ```

#[cfg(feature = "axum")]
pub mod axum;
mod dedupe;
mod delivery;
mod error;
mod event;
mod signature;

pub use dedupe::EventDeduplicator;
pub use delivery::Delivery;
pub use error::WebhookError;
pub use event::{
    Author, AuthorKind, CommentChange, ContentUpdated, Entity, EntityChange, EntityKind, Event,
    EventKind, EventParent, ParentKind, PropertiesUpdated, SchemaAction, SchemaChange,
    SchemaUpdated, UpdatedBlock,
};
pub use signature::{SIGNATURE_HEADER, sign_payload, verify_signature};
