//! Webhook subscriptions and the outbox of events waiting to be delivered.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::Value;
use uuid::Uuid;

/// A webhook subscription of one integration's bot.
#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    pub id: Uuid,
    pub bot: Uuid,
    pub url: String,
    /// Signs every delivery (`X-Notion-Signature`); sent once in the handshake.
    pub verification_token: String,
}

/// An event waiting for its aggregation window to close.
#[derive(Debug, Clone)]
pub(crate) struct PendingEvent {
    pub id: Uuid,
    /// `page.created`, `page.properties_updated`, ...
    pub kind: &'static str,
    pub entity_id: Uuid,
    /// `page`, `block`, `database`, `data_source`, `comment`, `file_upload`.
    pub entity_type: &'static str,
    /// The event's `data`.
    pub data: Value,
    /// Bots and people whose changes the event reports.
    pub authors: Vec<Uuid>,
    pub timestamp: Timestamp,
    /// When the event leaves the outbox, emulator-clock independent (a real delay).
    pub due: std::time::Instant,
}

/// Subscriptions and the outbox.
#[derive(Debug, Default)]
pub(crate) struct Webhooks {
    pub subscriptions: Vec<Subscription>,
    pub outbox: Vec<PendingEvent>,
}

impl Webhooks {
    /// Queues `event`. Rapid edits of one entity aggregate as Notion's do: a
    /// `*.properties_updated` or `*.content_updated` event joins a pending one of the same type
    /// and entity (its lists of changes merged, the window not extended).
    pub fn push(&mut self, mut event: PendingEvent, window: Duration) {
        if event.kind.ends_with(".properties_updated") || event.kind.ends_with(".content_updated") {
            let pending = self
                .outbox
                .iter_mut()
                .find(|p| p.kind == event.kind && p.entity_id == event.entity_id);
            if let Some(pending) = pending {
                merge_lists(&mut pending.data, &event.data);
                for author in event.authors {
                    if !pending.authors.contains(&author) {
                        pending.authors.push(author);
                    }
                }
                pending.timestamp = event.timestamp;
                return;
            }
        }
        event.due = std::time::Instant::now() + window;
        self.outbox.push(event);
    }

    /// Removes and returns the events whose window has closed.
    pub fn take_due(&mut self, now: std::time::Instant) -> Vec<PendingEvent> {
        let (due, waiting) = std::mem::take(&mut self.outbox)
            .into_iter()
            .partition(|e| e.due <= now);
        self.outbox = waiting;
        due
    }
}

/// Appends the items of `from`'s array fields (`updated_properties`, `updated_blocks`) missing
/// from `into`'s.
fn merge_lists(into: &mut Value, from: &Value) {
    let Some(from) = from.as_object() else {
        return;
    };
    for (key, items) in from {
        let (Some(items), Some(target)) = (
            items.as_array(),
            into.get_mut(key).and_then(Value::as_array_mut),
        ) else {
            continue;
        };
        for item in items {
            if !target.contains(item) {
                target.push(item.clone());
            }
        }
    }
}
