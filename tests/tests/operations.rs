//! The ORM operations end to end against the emulator.

mod common;

use common::emulator::Env;
use common::{Priority, Stage, Task};
use notion_orm::model::{Upserted, upsert_in};
use notion_orm::prelude::*;

/// A data source holding three tasks with distinct values in every filtered property.
async fn seeded() -> (Env, DataSourceId, Vec<Task>) {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let specs = [
        Task {
            points: 1,
            done: true,
            priority: Some(Priority::High),
            stage: Some(Stage::Done),
            tags: vec!["docs".into()],
            due: Some(jiff::civil::date(2026, 1, 10)),
            notes: Some("first draft".into()),
            ..Task::named("Write docs", "A")
        },
        Task {
            points: 5,
            priority: Some(Priority::Low),
            stage: Some(Stage::InProgress),
            tags: vec!["api".into(), "docs".into()],
            due: Some(jiff::civil::date(2026, 2, 10)),
            owners: vec![env.bot()],
            ..Task::named("Design API", "B")
        },
        Task {
            points: 8,
            priority: None,
            stage: Some(Stage::NotStarted),
            ..Task::named("Ship it", "C")
        },
    ];
    let mut tasks = Vec::new();
    for spec in &specs {
        tasks.push(upsert_in(&env.client, ds, spec).await.unwrap().into_inner());
    }
    (env, ds, tasks)
}

async fn names(env: &Env, query: notion_orm::query::Query<Task>) -> Vec<String> {
    let mut names: Vec<String> = query
        .all(&env.client)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn created_rows_can_be_read_by_id() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let created = Task::create()
        .set(Task::NAME, "Hello")
        .set(Task::EXTERNAL_ID, "H-1")
        .set(Task::POINTS, 2u32)
        .set(Task::PRIORITY, Priority::Medium)
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    let read = Task::get(&env.client, created.id.unwrap()).await.unwrap();
    assert_eq!(read.name, "Hello");
    assert_eq!(read.priority, Some(Priority::Medium));
}

#[tokio::test]
async fn text_filters_match_substrings() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::NAME.contains("i"));
    assert_eq!(
        names(&env, q).await,
        ["Design API", "Ship it", "Write docs"]
    );
    let q = Task::query()
        .data_source(ds)
        .filter(Task::NAME.starts_with("Ship"));
    assert_eq!(names(&env, q).await, ["Ship it"]);
    let q = Task::query().data_source(ds).filter(Task::NOTES.is_empty());
    assert_eq!(names(&env, q).await, ["Design API", "Ship it"]);
}

#[tokio::test]
async fn number_filters_compare() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::POINTS.greater_than_or_equal_to(5));
    assert_eq!(names(&env, q).await, ["Design API", "Ship it"]);
}

#[tokio::test]
async fn checkbox_filters_match_the_state() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::DONE.equals(true));
    assert_eq!(names(&env, q).await, ["Write docs"]);
}

#[tokio::test]
async fn select_and_status_filters_take_the_enum() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::PRIORITY.equals(Priority::High));
    assert_eq!(names(&env, q).await, ["Write docs"]);
    let q = Task::query()
        .data_source(ds)
        .filter(Task::STAGE.does_not_equal(Stage::Done));
    assert_eq!(names(&env, q).await, ["Design API", "Ship it"]);
    let q = Task::query()
        .data_source(ds)
        .filter(Task::PRIORITY.is_empty());
    assert_eq!(names(&env, q).await, ["Ship it"]);
}

#[tokio::test]
async fn select_and_status_filters_match_any_of_several_options() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::PRIORITY.is_in([Priority::High, Priority::Low]));
    assert_eq!(names(&env, q).await, ["Design API", "Write docs"]);
    let q = Task::query()
        .data_source(ds)
        .filter(Task::STAGE.is_not_in([Stage::Done, Stage::NotStarted]));
    assert_eq!(names(&env, q).await, ["Design API"]);
}

#[tokio::test]
async fn multi_select_filters_look_for_one_option() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::TAGS.contains("api"));
    assert_eq!(names(&env, q).await, ["Design API"]);
}

#[tokio::test]
async fn date_filters_compare_dates() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::DUE.before(jiff::civil::date(2026, 2, 1)));
    assert_eq!(names(&env, q).await, ["Write docs"]);
    let q = Task::query().data_source(ds).filter(Task::DUE.is_empty());
    assert_eq!(names(&env, q).await, ["Ship it"]);
}

#[tokio::test]
async fn people_filters_look_for_a_user() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::OWNERS.contains(env.bot().id));
    assert_eq!(names(&env, q).await, ["Design API"]);
}

#[tokio::test]
async fn relation_filters_look_for_a_page() {
    let (env, ds, tasks) = seeded().await;
    let target = tasks[0].id.unwrap();
    Task::patch(tasks[2].id.unwrap())
        .set(Task::BLOCKED_BY, Relation::new([target]))
        .send(&env.client)
        .await
        .unwrap();
    let q = Task::query()
        .data_source(ds)
        .filter(Task::BLOCKED_BY.contains(target));
    assert_eq!(names(&env, q).await, ["Ship it"]);
    let q = Task::query()
        .data_source(ds)
        .filter(Task::BLOCKED_BY.is_empty());
    assert_eq!(names(&env, q).await, ["Design API", "Write docs"]);
}

#[tokio::test]
async fn timestamp_filters_see_every_new_row() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(created_time::<Task>().on_or_after(jiff::civil::date(2000, 1, 1)));
    assert_eq!(names(&env, q).await.len(), 3);
}

#[tokio::test]
async fn nested_filters_combine_and_with_or() {
    let (env, ds, _) = seeded().await;
    let filter = Task::TAGS
        .contains("docs")
        .and(Task::DONE.equals(true).or(Task::POINTS.greater_than(4)));
    let q = Task::query().data_source(ds).filter(filter);
    assert_eq!(names(&env, q).await, ["Design API", "Write docs"]);
}

#[tokio::test]
async fn sorts_order_the_results() {
    let (env, ds, _) = seeded().await;
    let tasks = Task::query()
        .data_source(ds)
        .sort(Task::POINTS.descending())
        .all(&env.client)
        .await
        .unwrap();
    let points: Vec<u32> = tasks.iter().map(|t| t.points).collect();
    assert_eq!(points, [8, 5, 1]);
}

#[tokio::test]
async fn first_and_count_see_the_filtered_rows() {
    let (env, ds, _) = seeded().await;
    let q = Task::query()
        .data_source(ds)
        .filter(Task::POINTS.greater_than(1))
        .sort(Task::POINTS.ascending());
    assert_eq!(
        q.first(&env.client).await.unwrap().unwrap().name,
        "Design API"
    );
    assert_eq!(q.count(&env.client).await.unwrap(), 2);
}

#[tokio::test]
async fn patch_changes_only_the_properties_set() {
    let (env, _, tasks) = seeded().await;
    let before = &tasks[0];
    let after = Task::patch(before.id.unwrap())
        .set(Task::POINTS, 13u32)
        .send(&env.client)
        .await
        .unwrap();
    assert_eq!(after.points, 13);
    assert_eq!(
        Task {
            points: before.points,
            ..after
        },
        *before
    );
}

#[tokio::test]
async fn update_sends_only_what_changed_and_nothing_when_equal() {
    let (env, _, tasks) = seeded().await;
    let old = tasks[1].clone();
    assert_eq!(Task::update(&env.client, &old, &old).await.unwrap(), None);
    let new = Task {
        done: true,
        ..old.clone()
    };
    let updated = Task::update(&env.client, &old, &new)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(updated, new);
}

#[tokio::test]
async fn upsert_twice_creates_once_then_changes_nothing() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let task = Task {
        points: 3,
        ..Task::named("Sync me", "EXT-1")
    };
    let first = upsert_in(&env.client, ds, &task).await.unwrap();
    assert!(matches!(first, Upserted::Created(_)), "{first:?}");
    let second = upsert_in(&env.client, ds, &task).await.unwrap();
    assert!(matches!(second, Upserted::Unchanged(_)), "{second:?}");
    let changed = Task { points: 4, ..task };
    let third = upsert_in(&env.client, ds, &changed).await.unwrap();
    assert!(
        matches!(third, Upserted::Updated(ref t) if t.points == 4),
        "{third:?}"
    );
    let rows = Task::query()
        .data_source(ds)
        .count(&env.client)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn trashed_rows_leave_queries_until_restored() {
    let (env, ds, tasks) = seeded().await;
    let id = tasks[2].id.unwrap();
    Task::trash(&env.client, id).await.unwrap();
    let q = Task::query().data_source(ds);
    assert_eq!(q.count(&env.client).await.unwrap(), 2);
    Task::restore(&env.client, id).await.unwrap();
    assert_eq!(q.count(&env.client).await.unwrap(), 3);
}

#[tokio::test]
async fn reading_an_empty_value_into_a_required_field_names_the_field() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    // `points: u32` is required, and this create leaves it empty.
    let err = Task::create()
        .set(Task::NAME, "No points")
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap_err();
    // The row exists: the error says so, so that nobody retries the create.
    assert!(err.maybe_applied(), "{err}");
    let notion_orm::Error::WrittenButUnreadable { source, .. } = err else {
        panic!("expected a written-but-unreadable error, got {err}");
    };
    match *source {
        notion_orm::Error::Conversion {
            field, property, ..
        } => {
            assert_eq!((field, property.as_str()), ("points", "Points"));
        }
        other => panic!("expected a conversion error, got {other}"),
    }
}

#[tokio::test]
async fn queries_without_a_data_source_fail_with_a_config_error() {
    let env = Env::start().await;
    let err = Task::query().all(&env.client).await.unwrap_err();
    assert!(matches!(err, notion_orm::Error::Config(_)), "{err}");
}

/// A model used by one test only, so binding it process-wide is safe.
#[derive(NotionModel, Debug, Clone, PartialEq)]
struct Memo {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title)]
    text: String,
}

#[tokio::test]
async fn insert_and_query_use_the_bound_data_source() {
    let env = Env::start().await;
    let ds = env.data_source::<Memo>().await;
    notion_orm::model::bind::<Memo>(ds);
    let memo = Memo {
        id: None,
        text: "remember".into(),
    };
    let stored = Memo::insert(&env.client, &memo).await.unwrap();
    assert_eq!(stored.text, "remember");
    let all = Memo::query().all(&env.client).await.unwrap();
    assert_eq!(all, [stored]);
}
