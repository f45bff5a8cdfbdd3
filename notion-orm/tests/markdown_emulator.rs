//! Page markdown end to end against the emulator: edits go through `allow_async`, so every
//! update also exercises the 202 + async-task polling path. Runs on tokio's paused clock, so
//! the poll interval costs no real time.

use notion_emulator::{Capabilities, Config, Emulator};
use notion_orm::api::markdown::{ContentUpdate, MarkdownEdit};
use notion_orm::client::{RateLimit, Request};
use notion_orm::error::Capability;
use notion_orm::types::PageId;
use notion_orm::{Client, Error, ErrorCode};
use serde_json::{Value, json};

fn client(emulator: &Emulator, token: &str) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(token.to_owned())
        .rate_limit(RateLimit::disabled())
        // No HTTP timers: on the paused clock they would fire while the emulator answers.
        .no_timeouts()
        .build()
        .unwrap()
}

/// An empty row of a fresh workspace database.
async fn new_page(client: &Client) -> PageId {
    let database: Value = client
        .send(Request::post("/v1/databases").json_value(json!({
            "parent": {"type": "workspace", "workspace": true},
            "initial_data_source": {"properties": {"Name": {"title": {}}}}
        })))
        .await
        .unwrap();
    let page: Value = client
        .send(Request::post("/v1/pages").json_value(json!({
            "parent": {"data_source_id": database["data_sources"][0]["id"]},
            "properties": {"Name": {"title": [{"text": {"content": "Notes"}}]}}
        })))
        .await
        .unwrap();
    PageId::parse(page["id"].as_str().unwrap()).unwrap()
}

#[tokio::test(start_paused = true)]
async fn appended_markdown_is_what_the_page_reads_back() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;

    let edited = client
        .markdown()
        .update(page, &MarkdownEdit::append("# Plan\n\nShip it."))
        .await
        .unwrap();
    assert_eq!(edited.id, page);
    assert!(edited.markdown.contains("# Plan"), "{}", edited.markdown);
    assert!(edited.markdown.contains("Ship it."), "{}", edited.markdown);

    let read = client.markdown().get(page, false).await.unwrap();
    assert_eq!(read.markdown, edited.markdown);
    assert!(!read.truncated);
}

#[tokio::test(start_paused = true)]
async fn an_edit_answered_with_a_task_is_polled_until_it_succeeds() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;
    emulator.faults().clear_requests();

    client
        .markdown()
        .update(page, &MarkdownEdit::append("Async"))
        .await
        .unwrap();
    let log: Vec<_> = emulator
        .faults()
        .requests()
        .into_iter()
        .map(|r| {
            (
                r.method,
                r.path.split('/').nth(2).unwrap_or_default().to_owned(),
                r.status,
            )
        })
        .collect();
    assert_eq!(
        log,
        [
            ("PATCH".to_owned(), "pages".to_owned(), 202),
            ("GET".to_owned(), "async_tasks".to_owned(), 200),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn search_and_replace_edits_change_only_the_match() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;
    let markdown = client.markdown();
    markdown
        .update(page, &MarkdownEdit::append("Status: draft\n\nOwner: Ada"))
        .await
        .unwrap();

    let edit = MarkdownEdit::Update {
        content_updates: vec![ContentUpdate::new("draft", "final")],
        allow_deleting_content: false,
    };
    let edited = markdown.update(page, &edit).await.unwrap();
    assert!(
        edited.markdown.contains("Status: final"),
        "{}",
        edited.markdown
    );
    assert!(
        edited.markdown.contains("Owner: Ada"),
        "{}",
        edited.markdown
    );
    assert!(!edited.markdown.contains("draft"), "{}", edited.markdown);
}

#[tokio::test(start_paused = true)]
async fn replacing_the_whole_content_drops_the_old_text() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;
    let markdown = client.markdown();
    markdown
        .update(page, &MarkdownEdit::append("Old text"))
        .await
        .unwrap();

    let edit = MarkdownEdit::Replace {
        new_str: "New text".into(),
        allow_deleting_content: false,
    };
    markdown.update(page, &edit).await.unwrap();
    let read = markdown.get(page, false).await.unwrap();
    assert!(read.markdown.contains("New text"), "{}", read.markdown);
    assert!(!read.markdown.contains("Old text"), "{}", read.markdown);
}

#[tokio::test(start_paused = true)]
async fn an_edit_whose_text_is_not_on_the_page_is_a_validation_error() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;

    let edit = MarkdownEdit::Update {
        content_updates: vec![ContentUpdate::new("nowhere", "x")],
        allow_deleting_content: false,
    };
    let err = client.markdown().update(page, &edit).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::ValidationError), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_read_only_integration_can_read_markdown_but_not_edit_it() {
    let mut config = Config::default();
    config
        .extra_tokens
        .insert("secret_read_only".into(), Capabilities::READ_ONLY);
    let emulator = Emulator::start_with(config).await.unwrap();
    let page = new_page(&client(&emulator, emulator.token())).await;
    let reader = client(&emulator, "secret_read_only");

    assert!(reader.markdown().get(page, false).await.is_ok());
    let err = reader
        .markdown()
        .update(page, &MarkdownEdit::append("x"))
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("expected a Notion error, got {err:?}");
    };
    assert_eq!(api.code, ErrorCode::RestrictedResource);
    assert_eq!(api.missing_capability(), Some(Capability::UpdateContent));
}

#[tokio::test(start_paused = true)]
async fn inserting_after_a_selection_puts_the_text_between_blocks() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;
    let markdown = client.markdown();
    markdown
        .update(page, &MarkdownEdit::append("First\n\nLast"))
        .await
        .unwrap();

    let edit = MarkdownEdit::Insert {
        content: "Middle".into(),
        after: Some("First".into()),
    };
    let edited = markdown.update(page, &edit).await.unwrap();
    let first = edited.markdown.find("First").unwrap();
    let middle = edited.markdown.find("Middle").unwrap();
    let last = edited.markdown.find("Last").unwrap();
    assert!(first < middle && middle < last, "{}", edited.markdown);
}

#[tokio::test(start_paused = true)]
async fn replacing_a_range_keeps_the_text_around_it() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, emulator.token());
    let page = new_page(&client).await;
    let markdown = client.markdown();
    markdown
        .update(
            page,
            &MarkdownEdit::append("Keep\n\nDrop one\n\nDrop two\n\nTail"),
        )
        .await
        .unwrap();

    let edit = MarkdownEdit::ReplaceRange {
        content: "Replaced".into(),
        content_range: "Drop one...Drop two".into(),
        allow_deleting_content: false,
    };
    let edited = markdown.update(page, &edit).await.unwrap();
    assert!(!edited.markdown.contains("Drop"), "{}", edited.markdown);
    for kept in ["Keep", "Replaced", "Tail"] {
        assert!(
            edited.markdown.contains(kept),
            "{kept}: {}",
            edited.markdown
        );
    }
}
