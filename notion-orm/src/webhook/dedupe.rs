//! De-duplication of redelivered events.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

use crate::types::EventId;

/// Remembers the ids of the last `capacity` events so a redelivery can be skipped.
///
/// Notion retries a delivery (up to 8 attempts over about a day) when it did not see a 2xx in
/// time, so a handler may see the same event twice. Memory is bounded: the oldest ids are
/// forgotten first. Share one instance across handlers (it locks internally).
///
/// ```
/// use notion_orm::types::EventId;
/// use notion_orm::webhook::EventDeduplicator;
///
/// let seen = EventDeduplicator::new(10_000);
/// let id = EventId::parse("8f2c1a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b").unwrap();
/// assert!(seen.first_delivery(id));
/// assert!(!seen.first_delivery(id));
/// ```
#[derive(Debug)]
pub struct EventDeduplicator {
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    ids: HashSet<EventId>,
    order: VecDeque<EventId>,
}

impl EventDeduplicator {
    /// Remembers up to `capacity` event ids (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Records `id` and returns whether this is the first time it is seen.
    pub fn first_delivery(&self, id: EventId) -> bool {
        // A poisoned lock only means another handler panicked mid-insert; the sets are still
        // consistent enough to de-duplicate, so keep going.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.ids.insert(id) {
            return false;
        }
        seen.order.push_back(id);
        if seen.order.len() > self.capacity
            && let Some(oldest) = seen.order.pop_front()
        {
            seen.ids.remove(&oldest);
        }
        true
    }

    /// Forgets `id`, e.g. after the handler failed and the retry should be processed.
    pub fn forget(&self, id: EventId) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.ids.remove(&id) {
            seen.order.retain(|x| *x != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> EventId {
        EventId::from_uuid(uuid::Uuid::from_u128(n))
    }

    #[test]
    fn oldest_ids_are_forgotten_past_capacity() {
        let seen = EventDeduplicator::new(2);
        assert!(seen.first_delivery(id(1)));
        assert!(seen.first_delivery(id(2)));
        assert!(seen.first_delivery(id(3)));
        assert!(seen.first_delivery(id(1)), "id 1 was evicted");
        assert!(!seen.first_delivery(id(3)));
    }

    #[test]
    fn forgotten_ids_count_as_new() {
        let seen = EventDeduplicator::new(8);
        assert!(seen.first_delivery(id(1)));
        seen.forget(id(1));
        assert!(seen.first_delivery(id(1)));
    }
}
