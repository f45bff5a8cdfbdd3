//! Round trips through the emulator: model → write JSON → emulator → read → the same model.

mod common;

use common::emulator::Env;
use common::{Priority, Stage, Task};
use notion_orm::prelude::*;

/// Inserts `task` and reads it back by id; the id is the only difference allowed.
async fn round_trip(env: &Env, ds: DataSourceId, task: &Task) -> Task {
    let created = Task::create_from(task)
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    let read = Task::get(&env.client, created.id.unwrap()).await.unwrap();
    assert_eq!(read, created, "a read returns what the create returned");
    Task { id: None, ..read }
}

trait CreateFrom {
    fn create_from(task: &Task) -> notion_orm::model::Create<Task>;
}

impl CreateFrom for Task {
    fn create_from(task: &Task) -> notion_orm::model::Create<Task> {
        // Every writable field, through the typed setters.
        Task::create()
            .set(Task::NAME, task.name.clone())
            .set(Task::NOTES, task.notes.clone())
            .set(Task::ESTIMATE, task.estimate)
            .set(Task::POINTS, task.points)
            .set(Task::DONE, task.done)
            .set(Task::PRIORITY, task.priority.clone())
            .set(Task::STAGE, task.stage)
            .set(Task::TAGS, task.tags.clone())
            .set(Task::DUE, task.due)
            .set(Task::WINDOW, task.window.clone())
            .set(Task::OWNERS, task.owners.clone())
            .set(Task::ATTACHMENTS, task.attachments.clone())
            .set(Task::BLOCKED_BY, task.blocked_by.clone())
            .set(Task::LINK, task.link.clone())
            .set(Task::EMAIL, task.email.clone())
            .set(Task::PHONE, task.phone.clone())
            .set(Task::EXTERNAL_ID, task.external_id.clone())
    }
}

#[tokio::test]
async fn every_writable_kind_round_trips() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let other = Task::insert_in(&env, ds, &Task::named("Other", "T-0")).await;
    let task = Task {
        notes: Some("line one\nline two".into()),
        estimate: Some(2.5),
        points: 8,
        done: true,
        priority: Some(Priority::High),
        stage: Some(Stage::InProgress),
        tags: vec!["docs".into(), "api".into()],
        due: Some(jiff::civil::date(2026, 3, 1)),
        window: Some(DateRange {
            start: "2026-03-01T09:00:00Z".parse().unwrap(),
            end: Some("2026-03-01T17:30:00Z".parse().unwrap()),
        }),
        owners: vec![env.bot()],
        attachments: vec![FileRef::external(
            "spec.pdf",
            "https://example.com/spec.pdf",
        )],
        blocked_by: Relation::new([other.id.unwrap()]),
        link: Some("https://example.com".into()),
        email: Some("a@example.com".into()),
        phone: Some("+33 1 23 45 67 89".into()),
        ..Task::named("Write docs", "T-1")
    };
    assert_eq!(round_trip(&env, ds, &task).await, task);
}

#[tokio::test]
async fn empty_values_round_trip_as_none_and_empty_lists() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let task = Task::named("", "T-2");
    assert_eq!(round_trip(&env, ds, &task).await, task);
}

#[tokio::test]
async fn unknown_select_options_round_trip_through_the_catch_all() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let task = Task {
        priority: Some(Priority::Other("Someday".into())),
        ..Task::named("Maybe", "T-3")
    };
    assert_eq!(round_trip(&env, ds, &task).await, task);
}

#[tokio::test]
async fn relations_over_25_pages_are_read_in_full() {
    let env = Env::start().await;
    let ds = env.data_source::<Task>().await;
    let mut ids = Vec::new();
    for i in 0..30 {
        let t = Task::insert_in(
            &env,
            ds,
            &Task::named(&format!("dep {i}"), &format!("D-{i}")),
        )
        .await;
        ids.push(t.id.unwrap());
    }
    let task = Task {
        blocked_by: Relation::new(ids.clone()),
        ..Task::named("Blocked", "T-4")
    };
    let read = round_trip(&env, ds, &task).await;
    assert_eq!(read.blocked_by.ids(), ids.as_slice());

    // Queries decode rows on their own path (`SlimPage`); they complete truncated values too.
    let queried = Task::query()
        .data_source(ds)
        .filter(Task::NAME.equals("Blocked"))
        .first(&env.client)
        .await
        .unwrap()
        .expect("the blocked task is found");
    assert_eq!(queried.blocked_by.ids(), ids.as_slice());
}

trait InsertIn {
    async fn insert_in(env: &Env, ds: DataSourceId, task: &Task) -> Task;
}

impl InsertIn for Task {
    async fn insert_in(env: &Env, ds: DataSourceId, task: &Task) -> Task {
        Task::create_from(task)
            .data_source(ds)
            .send(&env.client)
            .await
            .unwrap()
    }
}

/// Styled text kept as rich-text items.
#[derive(NotionModel, Debug, Clone, PartialEq)]
struct Note {
    #[notion(title)]
    title: Vec<notion_orm::types::RichText>,
    body: Vec<notion_orm::types::RichText>,
}

#[tokio::test]
async fn styled_rich_text_round_trips() {
    use notion_orm::NotionModel;
    use notion_orm::types::RichText;

    let env = Env::start().await;
    let ds = env.data_source::<Note>().await;
    let mut bold = RichText::text("bold");
    bold.annotations.bold = true;
    let note = Note {
        title: vec![RichText::text("Release notes")],
        body: vec![RichText::text("plain, then "), bold],
    };
    let created = Note::create()
        .set(Note::TITLE, note.title.clone())
        .set(Note::BODY, note.body.clone())
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    let plain = |items: &[RichText]| notion_orm::types::rich_text::plain_text(items);
    assert_eq!(plain(&created.body), "plain, then bold");
    assert!(created.body[1].annotations.bold);
    assert_eq!(
        Note::to_properties(&created).unwrap(),
        Note::to_properties(&note).unwrap()
    );
}

/// Dates with a time zone or an offset.
#[derive(NotionModel, Debug, Clone, PartialEq)]
struct Meeting {
    #[notion(title)]
    title: String,
    at: jiff::ZonedDateTime,
    slot: Option<DateRange<jiff::civil::Date>>,
}

#[tokio::test]
async fn zoned_dates_and_date_ranges_round_trip() {
    let env = Env::start().await;
    let ds = env.data_source::<Meeting>().await;
    let meeting = Meeting {
        title: "Planning".into(),
        at: jiff::civil::date(2026, 6, 1)
            .at(9, 30, 0, 0)
            .in_tz("Europe/Paris")
            .unwrap(),
        slot: Some(DateRange {
            start: jiff::civil::date(2026, 6, 1),
            end: Some(jiff::civil::date(2026, 6, 3)),
        }),
    };
    let created = Meeting::create()
        .set(Meeting::TITLE, meeting.title.clone())
        .set(Meeting::AT, meeting.at.clone())
        .set(Meeting::SLOT, meeting.slot.clone())
        .data_source(ds)
        .send(&env.client)
        .await
        .unwrap();
    assert_eq!(created, meeting);
}
