//! Content access as the client sees it: an unshared page is Notion's 404 with its sharing
//! hint, and every single-object response keeps its `request_id`.

use notion_emulator::Emulator;
use notion_orm::client::{RateLimit, Request};
use notion_orm::types::{Page, PageId, Responded};
use notion_orm::{Client, Error, ErrorCode};
use serde_json::{Value, json};

fn client(emulator: &Emulator, token: &str) -> Client {
    Client::builder()
        .token(token.to_owned())
        .base_url(emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap()
}

/// A page under the root page, created by the default integration.
async fn private_page(emulator: &Emulator) -> PageId {
    let page: Value = client(emulator, emulator.token())
        .send(Request::post("/v1/pages").json_value(json!({
            "parent": {"page_id": emulator.root_page_id()},
            "properties": {"title": [{"text": {"content": "Private"}}]},
        })))
        .await
        .unwrap();
    PageId::parse(page["id"].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn an_unshared_page_is_a_404_with_the_sharing_hint() {
    let emulator = Emulator::start().await.unwrap();
    let page = private_page(&emulator).await;
    let other = emulator.integration("Other").create();
    let error = client(&emulator, other.token().unwrap())
        .pages()
        .retrieve(page)
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::ObjectNotFound));
    assert_eq!(error.status(), Some(404));
    assert!(error.request_id().is_some());
    let Error::Api(api) = &error else {
        panic!("expected Notion's error, got {error:?}");
    };
    assert!(
        api.message.ends_with(
            "Make sure the relevant pages and databases are shared with your integration \"Other\"."
        ),
        "{}",
        api.message
    );

    // Once shared, the same call succeeds.
    emulator.share(*page.as_uuid(), &other);
    let read = client(&emulator, other.token().unwrap())
        .pages()
        .retrieve(page)
        .await
        .unwrap();
    assert_eq!(read.id, page);
}

#[tokio::test]
async fn a_single_object_response_keeps_its_request_id() {
    let emulator = Emulator::start().await.unwrap();
    let page = private_page(&emulator).await;
    let read: Responded<Page> = client(&emulator, emulator.token())
        .send_responded(Request::get("/v1/pages/{page_id}").param(page))
        .await
        .unwrap();
    assert_eq!(read.id, page);
    let id = read.request_id.as_deref().expect("a request id");
    assert_eq!(uuid::Uuid::parse_str(id).map(|_| ()), Ok(()));
}
