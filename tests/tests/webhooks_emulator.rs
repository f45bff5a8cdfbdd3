//! Webhooks from the emulator into a receiver built on `notion_orm::webhook`: the handshake,
//! verified events after a model patch, and a redelivery after the receiver failed once.

mod common;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use common::Task;
use notion_emulator::{Config, Emulator};
use notion_orm::client::RateLimit;
use notion_orm::model::upsert_in;
use notion_orm::prelude::*;
use notion_orm::webhook::axum::{NotionWebhook, WebhookToken};
use notion_orm::webhook::{Delivery, Event, EventKind};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::mpsc;

/// The receiver's state: the token learned in the handshake, events received, and how many
/// `page.properties_updated` deliveries it should still refuse with a 500.
#[derive(Clone)]
struct Receiver {
    token: Arc<Mutex<Option<SecretString>>>,
    events: mpsc::UnboundedSender<Event>,
    refuse: Arc<AtomicU32>,
}

impl FromRef<Receiver> for WebhookToken {
    fn from_ref(receiver: &Receiver) -> Self {
        WebhookToken::new(receiver.token.lock().unwrap().clone())
    }
}

async fn receive(
    State(receiver): State<Receiver>,
    NotionWebhook(delivery): NotionWebhook,
) -> StatusCode {
    match delivery {
        Delivery::Verification { verification_token } => {
            *receiver.token.lock().unwrap() = Some(verification_token);
        }
        Delivery::Event(event) => {
            let refused = event.kind.type_name() == "page.properties_updated"
                && receiver
                    .refuse
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
            let _ = receiver.events.send(*event);
            if refused {
                return StatusCode::INTERNAL_SERVER_ERROR;
            }
        }
    }
    StatusCode::OK
}

/// An emulator with fast webhook timing, a client, a receiver refusing `refuse` deliveries,
/// and the receiver's event stream, subscribed for the default integration.
async fn setup(refuse: u32) -> (Emulator, Client, mpsc::UnboundedReceiver<Event>) {
    let mut config = Config::default();
    config.webhook_aggregation = Duration::from_millis(50);
    config.webhook_retry_backoff = Duration::from_millis(50);
    let emulator = Emulator::start_with(config).await.unwrap();
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    let receiver = Receiver {
        token: Arc::default(),
        events: tx,
        refuse: Arc::new(AtomicU32::new(refuse)),
    };
    let app = axum::Router::new()
        .route("/notion", post(receive))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/notion", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let subscription = emulator
        .subscribe_webhook(&emulator.default_integration(), &url)
        .await
        .unwrap();
    let learned = receiver
        .token
        .lock()
        .unwrap()
        .clone()
        .expect("handshake received");
    assert_eq!(learned.expose_secret(), subscription.verification_token);
    (emulator, client, rx)
}

/// The next event of type `kind`, skipping others (e.g. `page.created` of the setup).
async fn next_of(events: &mut mpsc::UnboundedReceiver<Event>, kind: &str) -> Event {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let event = events.recv().await.expect("receiver still running");
            if event.kind.type_name() == kind {
                return event;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {kind} event within 10 s"))
}

async fn patched_task(emulator: &Emulator, client: &Client) -> (PageId, DataSourceId) {
    let db = client
        .databases()
        .create(
            &notion_orm::api::databases::NewDatabase::new(notion_orm::types::Parent::Page(
                PageId::from_uuid(emulator.root_page_id()),
            ))
            .title("Webhooks"),
        )
        .await
        .unwrap();
    let ds = Task::create_data_source(client, db.id).await.unwrap();
    let task = upsert_in(client, ds, &Task::named("Watch me", "W"))
        .await
        .unwrap()
        .into_inner();
    let id = task.id.unwrap();
    Task::patch(id)
        .set(Task::POINTS, 3u32)
        .send(client)
        .await
        .unwrap();
    (id, ds)
}

#[tokio::test]
async fn a_model_patch_arrives_as_a_verified_properties_updated_event() {
    let (emulator, client, mut events) = setup(0).await;
    let (page, ds) = patched_task(&emulator, &client).await;
    let event = next_of(&mut events, "page.properties_updated").await;
    assert_eq!(event.entity.page_id(), Some(page));
    assert_eq!(event.attempt_number, 1);
    let EventKind::PagePropertiesUpdated(data) = &event.kind else {
        panic!("typed as {:?}", event.kind);
    };
    let parent = data.parent.as_ref().expect("the row's parent");
    assert_eq!(parent.data_source_id, Some(ds));
    // The re-read model shows what the event announced.
    let task = Task::get(&client, page).await.unwrap();
    assert_eq!(task.points, 3);
}

#[tokio::test]
async fn a_receiver_that_answered_500_gets_the_event_again() {
    let (emulator, client, mut events) = setup(1).await;
    // The receiver refuses the first `page.properties_updated` delivery with a 500.
    let (page, _) = patched_task(&emulator, &client).await;
    let first = next_of(&mut events, "page.properties_updated").await;
    assert_eq!(first.attempt_number, 1);
    assert_eq!(first.entity.page_id(), Some(page));
    let again = next_of(&mut events, "page.properties_updated").await;
    assert_eq!(again.id, first.id);
    assert_eq!(again.attempt_number, 2);
    assert!(again.is_retry());
}
