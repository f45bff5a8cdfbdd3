//! The low-level API end to end against the emulator: every call of `api::{pages,
//! data_sources, databases, users, search}` once, plus reading past the query cap.

use std::time::Duration;

use notion_emulator::{Config, Emulator, FaultRule};
use notion_orm::api::data_sources::{DataSourceUpdate, Query};
use notion_orm::api::databases::{DatabaseUpdate, NewDatabase};
use notion_orm::api::pages::{NewPage, PageUpdate};
use notion_orm::api::search::Search;
use notion_orm::client::RateLimit;
use notion_orm::types::{
    DataSourceId, Page, PageOrDataSource, Parent, PropertyConfig, PropertyValue, RichText,
};
use notion_orm::{Client, Error, ErrorCode};

struct Env {
    emulator: Emulator,
    client: Client,
}

async fn start(config: Config) -> Env {
    let emulator = Emulator::start_with(config).await.unwrap();
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap();
    Env { emulator, client }
}

/// A database at the workspace top level with a title property and a checkbox.
async fn data_source(client: &Client) -> DataSourceId {
    let database = NewDatabase::new(Parent::Workspace)
        .title("Tasks")
        .property("Name", &PropertyConfig::Title)
        .unwrap()
        .property_json("Done", serde_json::json!({"checkbox": {}}));
    let database = client.databases().create(&database).await.unwrap();
    database.data_sources[0].id
}

fn task(data_source: DataSourceId, name: &str) -> NewPage {
    NewPage::new(Parent::data_source(data_source))
        .property("Name", &PropertyValue::Title(vec![RichText::text(name)]))
        .unwrap()
}

#[tokio::test]
async fn pages_are_created_read_updated_trashed_and_restored() {
    let env = start(Config::default()).await;
    let ds = data_source(&env.client).await;
    let pages = env.client.pages();
    let created = pages.create(&task(ds, "Write docs")).await.unwrap();
    assert_eq!(created.title().as_deref(), Some("Write docs"));

    let update = PageUpdate::new()
        .property("Done", &PropertyValue::Checkbox(true))
        .unwrap();
    let updated = pages.update(created.id, &update).await.unwrap();
    assert_eq!(
        updated.property("Done"),
        Some(&PropertyValue::Checkbox(true))
    );

    assert!(pages.trash(created.id).await.unwrap().in_trash);
    assert!(!pages.restore(created.id).await.unwrap().in_trash);
    let read = pages.retrieve(created.id).await.unwrap();
    assert_eq!(read.id, created.id);

    let title = pages.property(created.id, "title").await.unwrap();
    assert_eq!(title.plain_text().as_deref(), Some("Write docs"));
}

#[tokio::test]
async fn queries_page_through_every_row_with_a_filter() {
    let env = start(Config::default()).await;
    let ds = data_source(&env.client).await;
    for name in ["a", "b", "c", "d", "e"] {
        env.client.pages().create(&task(ds, name)).await.unwrap();
    }
    let all: Vec<PageOrDataSource> = env
        .client
        .data_sources()
        .query(ds, &Query::new())
        .page_size(2)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);

    let only_c =
        Query::new().filter(serde_json::json!({"property": "Name", "title": {"equals": "c"}}));
    let matched = env
        .client
        .data_sources()
        .query(ds, &only_c)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(matched.len(), 1);
}

#[tokio::test]
async fn query_all_reads_past_the_emulators_result_cap() {
    let mut config = Config::default();
    config.query_result_cap = 3;
    config.round_timestamps_to_minute = false;
    let env = start(config).await;
    let ds = data_source(&env.client).await;
    for i in 0..8 {
        env.client
            .pages()
            .create(&task(ds, &format!("row {i}")))
            .await
            .unwrap();
        env.emulator.clock().advance(Duration::from_secs(1));
    }
    let capped = env
        .client
        .data_sources()
        .query(ds, &Query::new())
        .collect_all()
        .await
        .unwrap_err();
    assert!(matches!(capped, Error::Incomplete { .. }), "{capped:?}");

    let expected: Vec<String> = (0..8).map(|i| format!("row {i}")).collect();
    for page_size in [None, Some(2)] {
        let mut rows = env
            .client
            .data_sources()
            .query_all::<Page>(ds, &Query::new());
        if let Some(size) = page_size {
            rows = rows.page_size(size);
        }
        let rows = rows.collect_all().await.unwrap();
        let names: Vec<String> = rows.iter().filter_map(Page::title).collect();
        assert_eq!(names, expected, "page size {page_size:?}");
    }
    let small_pages = env
        .emulator
        .faults()
        .requests()
        .iter()
        .filter(|r| r.body.as_ref().is_some_and(|b| b["page_size"] == 2))
        .count();
    assert!(small_pages > 0);
}

#[tokio::test]
async fn data_source_schemas_are_renamed_and_pruned() {
    let env = start(Config::default()).await;
    let ds = data_source(&env.client).await;
    let update = DataSourceUpdate::new()
        .rename_property("Done", "Finished")
        .title("Renamed");
    let updated = env.client.data_sources().update(ds, &update).await.unwrap();
    assert!(updated.property("Finished").is_some());
    assert_eq!(updated.title_text(), "Renamed");

    let pruned = env
        .client
        .data_sources()
        .update(ds, &DataSourceUpdate::new().delete_property("Finished"))
        .await
        .unwrap();
    assert!(pruned.property("Finished").is_none());
    assert_eq!(
        env.client
            .data_sources()
            .retrieve(ds)
            .await
            .unwrap()
            .properties
            .len(),
        1
    );
}

#[tokio::test]
async fn templates_are_listed() {
    let env = start(Config::default()).await;
    let ds = data_source(&env.client).await;
    env.emulator
        .seed_template(ds.into(), "Bug report", true)
        .unwrap();
    let templates = env
        .client
        .data_sources()
        .templates(ds, None)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(templates.len(), 1);
    assert_eq!(templates[0].name, "Bug report");
    assert!(templates[0].is_default);
}

#[tokio::test]
async fn databases_are_retrieved_and_updated() {
    let env = start(Config::default()).await;
    let database = NewDatabase::new(Parent::Workspace).title("Projects");
    let created = env.client.databases().create(&database).await.unwrap();
    let renamed = env
        .client
        .databases()
        .update(created.id, &DatabaseUpdate::new().title("Archive"))
        .await
        .unwrap();
    assert_eq!(renamed.title_text(), "Archive");
    let read = env.client.databases().retrieve(created.id).await.unwrap();
    assert_eq!(read.data_sources.len(), 1);
}

#[tokio::test]
async fn search_finds_pages_by_title() {
    let env = start(Config::default()).await;
    let ds = data_source(&env.client).await;
    env.client
        .pages()
        .create(&task(ds, "Quarterly roadmap"))
        .await
        .unwrap();
    let found = env
        .client
        .search(&Search::new().query("roadmap").only_pages())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[tokio::test]
async fn users_list_me_and_retrieve() {
    let env = start(Config::default()).await;
    let me = env.client.users().me().await.unwrap();
    let everyone = env.client.users().list().collect_all().await.unwrap();
    assert!(everyone.iter().any(|u| u.id == me.id));
    assert_eq!(env.client.users().retrieve(me.id).await.unwrap().id, me.id);
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized() {
    let env = start(Config::default()).await;
    let client = Client::builder()
        .token("not-the-token")
        .base_url(env.emulator.base_url())
        .build()
        .unwrap();
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::Unauthorized));
}

// ---- scripted faults: what is retried and what is never repeated ----

/// A client on a paused clock (no timeouts, so only retry sleeps are timers).
async fn start_paused() -> Env {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .no_timeouts()
        .build()
        .unwrap();
    Env { emulator, client }
}

fn logged(env: &Env, verb: &str, path_prefix: &str) -> usize {
    env.emulator
        .faults()
        .requests()
        .iter()
        .filter(|r| r.method == verb && r.path.starts_with(path_prefix))
        .count()
}

#[tokio::test(start_paused = true)]
async fn reads_recover_from_a_503() {
    let env = start_paused().await;
    let ds = data_source(&env.client).await;
    env.emulator
        .faults()
        .push(FaultRule::status(503).on_request(1).for_method("GET"));
    env.client.data_sources().retrieve(ds).await.unwrap();
    assert_eq!(logged(&env, "GET", "/v1/data_sources/"), 2);
}

#[tokio::test(start_paused = true)]
async fn an_overloaded_create_waits_for_retry_after_and_creates_once() {
    let env = start_paused().await;
    let ds = data_source(&env.client).await;
    env.emulator.faults().push(
        FaultRule::status(529)
            .retry_after(3)
            .on_request(1)
            .for_method("POST")
            .for_path("/v1/pages"),
    );
    let started = tokio::time::Instant::now();
    env.client.pages().create(&task(ds, "once")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(3));
    let rows = env
        .client
        .data_sources()
        .query(ds, &Query::new())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_create_whose_answer_was_lost_is_not_repeated() {
    let env = start_paused().await;
    let ds = data_source(&env.client).await;
    // Notion creates the page, then the connection drops before the answer arrives.
    env.emulator.faults().push(
        FaultRule::drop_connection()
            .on_request(1)
            .for_method("POST")
            .for_path("/v1/pages"),
    );
    let err = env
        .client
        .pages()
        .create(&task(ds, "maybe"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                maybe_sent: true,
                ..
            } | Error::Decode { .. }
        ),
        "{err:?}"
    );
    assert!(err.maybe_applied());
    assert_eq!(logged(&env, "POST", "/v1/pages"), 1);
    let rows = env
        .client
        .data_sources()
        .query(ds, &Query::new())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "exactly the one page Notion created");
}
