//! Bulk writes against the emulator: per-item results, retries by key, progress, batching.

mod common;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::Task;
use common::emulator::Env;
use notion_emulator::FaultRule;
use notion_orm::client::{RateLimit, RetryPolicy};
use notion_orm::model::Progress;
use notion_orm::prelude::*;

fn tasks(n: usize) -> Vec<Task> {
    (0..n)
        .map(|i| Task {
            points: i as u32,
            ..Task::named(&format!("task {i}"), &format!("K-{i}"))
        })
        .collect()
}

/// A client that retries quickly, so injected faults cost milliseconds.
fn quick_client(env: &Env) -> Client {
    Client::builder()
        .token(env.emulator.token().to_owned())
        .base_url(env.emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .retry(
            RetryPolicy::default()
                .max_attempts(6)
                .initial_delay(Duration::from_millis(5))
                .max_delay(Duration::from_millis(50)),
        )
        .build()
        .unwrap()
}

async fn external_ids(env: &Env, ds: DataSourceId) -> Vec<String> {
    let rows = Task::query()
        .data_source(ds)
        .all(&env.client)
        .await
        .unwrap();
    rows.into_iter().map(|t| t.external_id).collect()
}

#[tokio::test]
async fn upsert_many_under_503_and_529_faults_writes_every_row_exactly_once() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let client = quick_client(&env);
    env.emulator.faults().seed(19);
    env.emulator.faults().push(
        FaultRule::status(503)
            .for_method("POST")
            .for_path("/v1/pages")
            .with_probability(0.1),
    );
    env.emulator
        .faults()
        .push(FaultRule::status(529).retry_after(0).with_probability(0.1));

    let report = Task::bulk()
        .data_source(ds)
        .upsert_many(&client, tasks(500))
        .await;
    let fired: u32 = env
        .emulator
        .faults()
        .rules()
        .iter()
        .map(|r| r.fired())
        .sum();
    assert!(fired > 20, "faults were injected ({fired})");
    if let Some((index, error)) = report.failed().next() {
        panic!("item {index} failed: {error}");
    }
    assert_eq!(report.results.len(), 500);
    assert_eq!(report.upsert_counts(), (500, 0, 0));

    env.emulator.faults().clear();
    let ids = external_ids(&env, ds).await;
    assert_eq!(ids.len(), 500, "exactly 500 rows");
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        500,
        "no duplicates"
    );
    let again = Task::bulk()
        .data_source(ds)
        .upsert_many(&client, tasks(500))
        .await;
    assert_eq!(
        again.upsert_counts(),
        (0, 0, 500),
        "a second run changes nothing"
    );
}

#[tokio::test]
async fn upsert_many_looks_keys_up_a_hundred_per_query() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    env.emulator.faults().clear_requests();
    let report = Task::bulk()
        .data_source(ds)
        .upsert_many(&env.client, tasks(250))
        .await;
    assert!(report.is_success());
    let requests = env.emulator.faults().requests();
    let queries = requests
        .iter()
        .filter(|r| r.path.ends_with("/query"))
        .count();
    let creates = requests.iter().filter(|r| r.path == "/v1/pages").count();
    assert_eq!((queries, creates), (3, 250));

    let mut changed = tasks(250);
    changed[7].done = true;
    env.emulator.faults().clear_requests();
    let report = Task::bulk()
        .data_source(ds)
        .upsert_many(&env.client, changed)
        .await;
    assert_eq!(report.upsert_counts(), (0, 1, 249));
    let patches = env
        .emulator
        .faults()
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .count();
    assert_eq!(patches, 1, "only the changed row is written");
}

#[tokio::test]
async fn repeated_keys_in_one_upsert_are_written_in_input_order_and_the_last_wins() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let first = Task::named("first", "K-1");
    let other = Task::named("other", "K-2");
    let last = Task::named("last", "K-1");
    let report = Task::bulk()
        .data_source(ds)
        .upsert_many(&env.client, [first, other, last])
        .await;
    let kinds: Vec<&str> = report
        .results
        .iter()
        .map(|r| match r.as_ref().unwrap() {
            Upserted::Created(_) => "created",
            Upserted::Updated(_) => "updated",
            Upserted::Unchanged(_) => "unchanged",
        })
        .collect();
    assert_eq!(kinds, ["created", "created", "updated"]);
    let rows = Task::query()
        .data_source(ds)
        .all(&env.client)
        .await
        .unwrap();
    let mut names: Vec<_> = rows.iter().map(|t| t.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["last", "other"]);
}

#[tokio::test]
async fn a_failed_insert_does_not_stop_the_others_and_progress_counts_every_item() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let mut rows = tasks(20);
    rows[3].tags = (0..101).map(|i| format!("tag {i}")).collect();
    let seen = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let log = seen.clone();
    let report = Task::bulk()
        .data_source(ds)
        .concurrency(4)
        .on_progress(move |p| log.lock().unwrap().push(p))
        .insert_many(&env.client, rows)
        .await;
    let failed: Vec<usize> = report.failed().map(|(i, _)| i).collect();
    assert_eq!(failed, [3]);
    let (_, error) = report.failed().next().unwrap();
    assert!(!error.maybe_applied(), "refused before sending: {error}");
    assert_eq!(report.succeeded().count(), 19);
    assert_eq!(external_ids(&env, ds).await.len(), 19);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 20);
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.failed, last.total), (20, 1, Some(20)));
}

#[tokio::test]
async fn patch_many_updates_each_page() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let created = Task::bulk()
        .data_source(ds)
        .insert_many(&env.client, tasks(12))
        .await;
    let patches = created
        .succeeded()
        .map(|(_, t)| Task::patch(t.id.unwrap()).set(Task::DONE, true));
    let report = Task::patch_many(&env.client, patches).await;
    assert!(report.is_success());
    let done = Task::query()
        .data_source(ds)
        .filter(Task::DONE.equals(true))
        .count(&env.client)
        .await
        .unwrap();
    assert_eq!(done, 12);
}

#[tokio::test]
async fn a_server_slower_than_the_clients_default_rate_surfaces_no_429() {
    let mut config = notion_emulator::Config::default();
    config.rate_limit = Some(notion_emulator::RateLimit::new(2.0, 2));
    let env = Env::start_with(config).await;
    let ds = env.data_source::<Task>().await;
    // The client's defaults: 3 requests/s, bursts of 10, 4 attempts per request.
    let client = Client::builder()
        .token(env.emulator.token().to_owned())
        .base_url(env.emulator.base_url())
        .build()
        .unwrap();
    let rows: Vec<Task> = tasks(36);
    let report = Task::bulk()
        .data_source(ds)
        .concurrency(4)
        .insert_many(&client, rows)
        .await;
    if let Some((index, error)) = report.failed().next() {
        panic!("item {index} failed: {error}");
    }
    let throttled = env
        .emulator
        .faults()
        .requests()
        .iter()
        .filter(|r| r.status == 429)
        .count();
    assert!(throttled > 0, "the server did throttle the client");
}
