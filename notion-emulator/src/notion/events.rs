//! Webhook events as Notion shapes them: what each change emits, with its `data`.
//!
//! Handlers call [`emit`] after a change; the event waits in the world's outbox for its
//! aggregation window, then the delivery task (`crate::webhooks`) sends it to every subscription
//! whose integration can see the entity.

use jiff::Timestamp;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::world::state::Shared;
use crate::world::webhooks::PendingEvent;
use crate::world::{Parent, World};

/// Queues an event of type `kind` about `entity_id` (an object of `entity_type`), caused by the
/// acting integration, when anyone subscribed.
pub(crate) fn emit(
    state: &Shared,
    world: &mut World,
    kind: &'static str,
    entity: (Uuid, &'static str),
    data: Value,
) {
    if world.webhooks.subscriptions.is_empty() {
        return;
    }
    let event = PendingEvent {
        id: Uuid::new_v4(),
        kind,
        entity_id: entity.0,
        entity_type: entity.1,
        data,
        authors: vec![state.actor()],
        timestamp: Timestamp::from_millisecond(state.clock.now().as_millisecond())
            .unwrap_or_else(|_| state.clock.now()),
        due: std::time::Instant::now(),
    };
    world.webhooks.push(event, state.config.webhook_aggregation);
    state.webhook_wake.notify_one();
}

/// `data.parent` of a page, database, data source or block event.
pub(crate) fn parent_of(world: &World, parent: Parent) -> Value {
    match parent {
        Parent::Workspace => json!({ "id": world.workspace_id, "type": "space" }),
        Parent::Page(id) => json!({ "id": id, "type": "page" }),
        Parent::Block(id) => json!({ "id": id, "type": "block" }),
        Parent::Database(id) => json!({ "id": id, "type": "database" }),
        Parent::DataSource(id) => json!({
            "id": world.data_source(id).map_or(id, |ds| ds.database_id),
            "type": "database",
            "data_source_id": id,
        }),
    }
}

/// The `data` of a page event: its parent, plus `extra` fields.
pub(crate) fn page_data(world: &World, page: Uuid, extra: Value) -> Value {
    let mut data = json!({
        "parent": world.page(page).map(|p| parent_of(world, p.parent)),
    });
    if let (Some(data), Some(extra)) = (data.as_object_mut(), extra.as_object()) {
        data.extend(extra.clone());
    }
    data
}

/// Emits `page.content_updated` for the page holding `blocks` (blocks that were added, changed
/// or removed); pages and databases among them are not content of their parent.
pub(crate) fn content_updated(state: &Shared, world: &mut World, blocks: &[Uuid]) {
    let Some(first) = blocks.iter().find(|b| world.blocks.contains_key(b)) else {
        return;
    };
    let Some(page) = world
        .ancestry(*first)
        .skip(1)
        .find(|id| world.pages.contains_key(id))
    else {
        return;
    };
    let updated: Vec<Value> = blocks
        .iter()
        .filter(|b| world.blocks.contains_key(b))
        .map(|id| json!({ "id": id, "type": "block" }))
        .collect();
    let data = page_data(world, page, json!({ "updated_blocks": updated }));
    emit(state, world, "page.content_updated", (page, "page"), data);
}
