//! Webhook delivery: the handshake, signed deliveries, and retries with backoff.
//!
//! One task per emulator waits for events to leave the outbox (see
//! [`crate::world::webhooks::Webhooks::push`] for aggregation), then posts each to every
//! subscription whose integration can see the entity, signed with `X-Notion-Signature:
//! sha256=<hex HMAC-SHA256 of the raw body keyed with the verification token>`. A receiver that
//! fails (a non-2xx answer or no answer) gets the event again after
//! [`crate::Config::webhook_retry_backoff`], doubling each time, up to
//! [`crate::Config::webhook_max_attempts`] attempts in all, with `attempt_number` counting up.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::world::state::AppState;
use crate::world::webhooks::{PendingEvent, Subscription};

/// The API version deliveries are shaped for.
const API_VERSION: &str = "2025-09-03";
/// A receiver that takes longer than this has failed the attempt.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// `sha256=` + the hex HMAC-SHA256 of `body` keyed with `token`, as Notion signs deliveries.
pub(crate) fn signature(body: &[u8], token: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(token.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The HTTP client deliveries use (rustls, no proxies: receivers are local test servers).
pub(crate) fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(DELIVERY_TIMEOUT)
        .no_proxy()
        .build()
        .unwrap_or_default()
}

/// Sends the one-time handshake `{"verification_token": ...}` (unsigned, as Notion's is).
pub(crate) async fn handshake(
    client: &reqwest::Client,
    url: &str,
    token: &str,
) -> Result<(), reqwest::Error> {
    client
        .post(url)
        .json(&json!({ "verification_token": token }))
        .send()
        .await?
        .error_for_status()
        .map(drop)
}

/// Starts the delivery task; it ends when the emulator's state is dropped... or aborted.
pub(crate) fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let client = http_client();
        loop {
            let next_due = state.world().webhooks.outbox.iter().map(|e| e.due).min();
            match next_due {
                Some(due) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(due.into()) => {}
                        () = state.webhook_wake.notified() => {}
                    }
                }
                None => state.webhook_wake.notified().await,
            }
            for (body, subscription) in due_deliveries(&state) {
                let config = &state.config;
                tokio::spawn(deliver(
                    client.clone(),
                    subscription,
                    body,
                    config.webhook_retry_backoff,
                    config.webhook_max_attempts,
                ));
            }
        }
    })
}

/// The events whose window closed, paired with each subscription that may see them.
fn due_deliveries(state: &AppState) -> Vec<(Value, Subscription)> {
    let mut world = state.world();
    let due = world.webhooks.take_due(std::time::Instant::now());
    let mut out = Vec::new();
    for event in due {
        for subscription in &world.webhooks.subscriptions {
            if !may_see(&world, subscription.bot, &event) {
                continue;
            }
            out.push((payload(&world, &event, subscription), subscription.clone()));
        }
    }
    out
}

/// Whether the subscription's bot may hear about `event`: it sees the entity (or, for comments
/// and file uploads, what they hang off / that it made them).
fn may_see(world: &crate::world::World, bot: Uuid, event: &PendingEvent) -> bool {
    match event.entity_type {
        "comment" => event.data["page_id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .is_some_and(|page| world.visible_to(bot, page)),
        "file_upload" => event.authors.contains(&bot),
        // A deleted object stays visible to whoever saw it.
        _ => world.visible_to(bot, event.entity_id),
    }
}

fn payload(
    world: &crate::world::World,
    event: &PendingEvent,
    subscription: &Subscription,
) -> Value {
    let authors: Vec<Value> = event
        .authors
        .iter()
        .map(|id| {
            let kind = match world.user(*id) {
                Some(user) if user.email.is_some() => "person",
                _ => "bot",
            };
            json!({ "id": id, "type": kind })
        })
        .collect();
    json!({
        "id": event.id,
        "timestamp": event.timestamp.to_string(),
        "workspace_id": world.workspace_id,
        "workspace_name": "Emulated workspace",
        "subscription_id": subscription.id,
        "integration_id": subscription.bot,
        "type": event.kind,
        "authors": authors,
        "attempt_number": 1,
        "api_version": API_VERSION,
        "entity": { "id": event.entity_id, "type": event.entity_type },
        "data": event.data,
    })
}

/// Posts `body` until the receiver answers 2xx or the attempts run out.
async fn deliver(
    client: reqwest::Client,
    subscription: Subscription,
    mut body: Value,
    backoff: Duration,
    max_attempts: u32,
) {
    let mut wait = backoff;
    for attempt in 1..=max_attempts.max(1) {
        body["attempt_number"] = json!(attempt);
        let raw = body.to_string().into_bytes();
        let sent = client
            .post(&subscription.url)
            .header("content-type", "application/json")
            .header(
                "x-notion-signature",
                signature(&raw, &subscription.verification_token),
            )
            .body(raw)
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => return,
            Ok(response) => tracing::debug!(
                status = %response.status(), attempt, url = %subscription.url,
                "webhook receiver refused a delivery"
            ),
            Err(error) => {
                tracing::debug!(%error, attempt, url = %subscription.url, "webhook delivery failed")
            }
        }
        if attempt < max_attempts {
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
        }
    }
    tracing::warn!(url = %subscription.url, "webhook delivery abandoned after {max_attempts} attempts");
}
