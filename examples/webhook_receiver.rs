//! A webhook receiver: an axum server that verifies Notion's deliveries with
//! `notion_orm::webhook` and re-reads the typed model when a page's properties change.
//!
//! ```sh
//! cargo run --example webhook_receiver
//! ```
//!
//! It runs against the embedded Notion emulator, which sends webhooks like Notion does (the
//! verification-token handshake, then events signed with `X-Notion-Signature`). Real Notion
//! only delivers to a public HTTPS URL, so this example never uses `NOTION_TOKEN`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use notion_orm::api::databases::NewDatabase;
use notion_orm::prelude::*;
use notion_orm::types::Parent;
use notion_orm::webhook::axum::{NotionWebhook, WebhookToken};
use notion_orm::webhook::{Delivery, EventKind};
use secrecy::SecretString;
use tokio::sync::mpsc;

/// The model the receiver keeps in sync.
#[derive(NotionModel, Debug, Clone)]
struct Ticket {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Points")]
    points: u32,
}

/// The receiver's state: the client to re-read pages with, the token from the handshake, and
/// where to report what it read.
#[derive(Clone)]
struct Receiver {
    client: Client,
    token: Arc<Mutex<Option<SecretString>>>,
    seen: mpsc::UnboundedSender<Ticket>,
}

impl FromRef<Receiver> for WebhookToken {
    fn from_ref(receiver: &Receiver) -> Self {
        WebhookToken::new(receiver.token.lock().expect("token lock").clone())
    }
}

/// The core job: every delivery is verified before this runs; a property change re-reads the
/// typed row.
async fn on_delivery(
    State(receiver): State<Receiver>,
    NotionWebhook(delivery): NotionWebhook,
) -> StatusCode {
    match delivery {
        // The one-time handshake: keep the token that verifies every later event.
        Delivery::Verification { verification_token } => {
            *receiver.token.lock().expect("token lock") = Some(verification_token);
        }
        Delivery::Event(event) => {
            if let (EventKind::PagePropertiesUpdated(_), Some(page)) =
                (&event.kind, event.entity.page_id())
            {
                match Ticket::get(&receiver.client, page).await {
                    Ok(ticket) => {
                        println!(
                            "page.properties_updated: {} now has {} points",
                            ticket.name, ticket.points
                        );
                        let _ = receiver.seen.send(ticket);
                    }
                    // A failure answers 500, and Notion delivers the event again later.
                    Err(_) => return StatusCode::INTERNAL_SERVER_ERROR,
                }
            }
        }
    }
    StatusCode::OK
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (emulator, client) = setup().await?;
    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    let receiver = Receiver {
        client: client.clone(),
        token: Arc::default(),
        seen: seen_tx,
    };
    let app = axum::Router::new()
        .route("/notion", axum::routing::post(on_delivery))
        .with_state(receiver);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/notion", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    emulator
        .subscribe_webhook(&emulator.default_integration(), &url)
        .await?;
    println!("1. Receiver at {url} subscribed; the handshake gave it its verification token");

    // A change through the API: the emulator signs and delivers `page.properties_updated`.
    let root = Parent::Page(PageId::from_uuid(emulator.root_page_id()));
    let db = client
        .databases()
        .create(&NewDatabase::new(root).title("Tickets"))
        .await?;
    let tickets = Ticket::create_data_source(&client, db.id).await?;
    notion_orm::model::bind::<Ticket>(tickets);
    let new = Ticket {
        id: None,
        name: "Fix login".into(),
        points: 1,
    };
    let ticket = Ticket::insert(&client, &new).await?;
    Ticket::patch(ticket.id.expect("created rows have ids"))
        .set(Ticket::POINTS, 5u32)
        .send(&client)
        .await?;
    println!("2. Patched the ticket's points to 5");

    let read = tokio::time::timeout(Duration::from_secs(10), seen.recv())
        .await?
        .ok_or("receiver stopped")?;
    assert_eq!((read.name.as_str(), read.points), ("Fix login", 5));
    println!("3. Done: the receiver verified the event and re-read {read:?}");
    Ok(())
}

/// An embedded emulator with quick webhook timing, and a client for it.
async fn setup() -> Result<(notion_emulator::Emulator, Client), Box<dyn std::error::Error>> {
    let mut config = notion_emulator::Config::default();
    config.webhook_aggregation = Duration::from_millis(100);
    let emulator = notion_emulator::Emulator::start_with(config).await?;
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .build()?;
    Ok((emulator, client))
}
