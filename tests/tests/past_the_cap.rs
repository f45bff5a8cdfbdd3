//! Queries past Notion's 10,000-row cap, against an emulator whose cap is 50 rows.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::Task;
use common::emulator::Env;
use futures_util::TryStreamExt;
use notion_orm::Error;
use notion_orm::pagination::OnCap;
use notion_orm::prelude::*;
use serde_json::json;

const ROWS: usize = 1000;
const CAP: usize = 50;

/// An emulator capped at 50 rows and a data source of 1,000 tasks. Three rows share each
/// creation time, so windows meet ties; `Points` is `i / 4`, `Estimate` is empty on every
/// tenth row.
async fn thousand_tasks() -> (Env, DataSourceId) {
    let mut config = notion_emulator::Config::default();
    config.query_result_cap = CAP;
    config.round_timestamps_to_minute = false;
    let env = Env::start_with(config).await;
    let ds = env.data_source::<Task>().await;
    env.emulator
        .clock()
        .set("2026-01-01T00:00:00Z".parse().unwrap());
    for i in 0..ROWS {
        if i % 3 == 0 {
            env.emulator.clock().advance(Duration::from_millis(1));
        }
        let estimate = if i % 10 == 0 {
            json!(null)
        } else {
            json!(i % 37)
        };
        env.emulator
            .create_pages([json!({
                "parent": {"data_source_id": ds},
                "properties": {
                    "Name": {"title": [{"text": {"content": format!("task {i}")}}]},
                    "External id": {"rich_text": [{"text": {"content": format!("T-{i}")}}]},
                    "Points": {"number": i / 4},
                    "Estimate": {"number": estimate},
                },
            })])
            .unwrap();
    }
    (env, ds)
}

fn unique_ids(tasks: &[Task]) -> HashSet<PageId> {
    tasks.iter().map(|t| t.id.unwrap()).collect()
}

#[tokio::test]
async fn a_model_stream_reads_every_row_past_the_cap() {
    let (env, ds) = thousand_tasks().await;
    let tasks: Vec<Task> = Task::query()
        .data_source(ds)
        .stream(&env.client)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tasks.len(), ROWS);
    assert_eq!(unique_ids(&tasks).len(), ROWS);
    assert_eq!(
        Task::query()
            .data_source(ds)
            .count(&env.client)
            .await
            .unwrap(),
        ROWS
    );
}

#[tokio::test]
async fn a_filtered_stream_reads_every_matching_row_past_the_cap() {
    let (env, ds) = thousand_tasks().await;
    // An `or` holding an `and`: the window is added to each branch.
    let filter = Task::DONE
        .equals(false)
        .or(Task::POINTS.greater_than(5000).and(Task::DONE.equals(true)));
    let query = Task::query().data_source(ds).filter(filter);
    let tasks = query.all(&env.client).await.unwrap();
    assert_eq!(tasks.len(), ROWS);
    assert_eq!(unique_ids(&tasks).len(), ROWS);
    assert_eq!(query.count(&env.client).await.unwrap(), ROWS);

    let half = Task::query()
        .data_source(ds)
        .filter(Task::POINTS.less_than(125));
    assert_eq!(half.all(&env.client).await.unwrap().len(), 500);
    assert_eq!(half.count(&env.client).await.unwrap(), 500);
}

#[tokio::test]
async fn count_asks_for_no_properties() {
    let (env, ds) = thousand_tasks().await;
    env.emulator.faults().clear_requests();
    Task::query()
        .data_source(ds)
        .count(&env.client)
        .await
        .unwrap();
    let queries = env.emulator.faults().requests();
    assert!(!queries.is_empty());
    for request in queries {
        assert_eq!(request.query.as_deref(), Some("filter_properties="));
    }
}

#[tokio::test]
async fn a_number_sort_is_kept_past_the_cap_with_empty_values_last() {
    let (env, ds) = thousand_tasks().await;
    let tasks = Task::query()
        .data_source(ds)
        .sort(Task::ESTIMATE.descending())
        .sort(Task::POINTS.ascending())
        .all(&env.client)
        .await
        .unwrap();
    assert_eq!(tasks.len(), ROWS);
    assert_eq!(unique_ids(&tasks).len(), ROWS);
    let keys: Vec<_> = tasks.iter().map(|t| (t.estimate, t.points)).collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    assert_eq!(keys, sorted);
    assert_eq!(
        tasks.iter().filter(|t| t.estimate.is_none()).count(),
        ROWS / 10
    );
}

#[tokio::test]
async fn a_creation_time_sort_is_kept_past_the_cap() {
    let (env, ds) = thousand_tasks().await;
    let tasks = Task::query()
        .data_source(ds)
        .sort(notion_orm::query::created_time::<Task>().descending())
        .all(&env.client)
        .await
        .unwrap();
    assert_eq!(unique_ids(&tasks).len(), ROWS);
    // Points grow with creation; rows sharing a creation time may differ by one.
    let points: Vec<u32> = tasks.iter().map(|t| t.points).collect();
    assert!(points.windows(2).all(|w| w[0] + 1 >= w[1]), "newest first");
    assert_eq!(points[0], (ROWS as u32 - 1) / 4);
}

#[tokio::test]
async fn a_text_sort_fails_before_any_request_unless_the_cap_is_accepted() {
    let (env, ds) = thousand_tasks().await;
    env.emulator.faults().clear_requests();
    let by_name = Task::query().data_source(ds).sort(Task::NAME.ascending());
    let err = by_name.all(&env.client).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    assert!(err.to_string().contains("Name"), "{err}");
    assert!(
        env.emulator.faults().requests().is_empty(),
        "no request was sent"
    );

    let truncated = by_name.clone().on_cap(OnCap::Truncate);
    assert_eq!(truncated.all(&env.client).await.unwrap().len(), CAP);
    let strict = by_name.on_cap(OnCap::Error);
    assert!(matches!(
        strict.all(&env.client).await,
        Err(Error::Incomplete { .. })
    ));
}

#[tokio::test]
async fn the_low_level_query_all_keeps_a_timestamp_sort_and_refuses_a_property_sort() {
    use notion_orm::api::data_sources::Query;
    let (env, ds) = thousand_tasks().await;
    let newest_first =
        Query::new().sort(json!({"timestamp": "created_time", "direction": "descending"}));
    let rows: Vec<serde_json::Value> = env
        .client
        .data_sources()
        .query_all(ds, &newest_first)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), ROWS);
    let times: Vec<&str> = rows
        .iter()
        .map(|r| r["created_time"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));

    let by_points = Query::new().sort(json!({"property": "Points", "direction": "ascending"}));
    let first = env
        .client
        .data_sources()
        .query_all::<serde_json::Value>(ds, &by_points)
        .try_next()
        .await;
    assert!(matches!(first, Err(Error::InvalidInput { .. })));
}
