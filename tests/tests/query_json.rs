//! The JSON the typed DSL produces is exactly Notion's (notion-api.md §3.1), snapshotted.

mod common;

use common::{Priority, Stage, Task};
use notion_orm::prelude::*;
use notion_orm::query::{All, Any, RelativeDate};

#[test]
fn text_conditions() {
    insta::assert_json_snapshot!([
        Task::NAME.equals("a").to_json(),
        Task::NAME.does_not_equal("a").to_json(),
        Task::NOTES.contains("b").to_json(),
        Task::NOTES.does_not_contain("b").to_json(),
        Task::LINK.starts_with("https").to_json(),
        Task::EMAIL.ends_with("@example.com").to_json(),
        Task::PHONE.is_empty().to_json(),
        Task::PHONE.is_not_empty().to_json(),
    ]);
}

#[test]
fn number_conditions() {
    insta::assert_json_snapshot!([
        Task::POINTS.equals(3).to_json(),
        Task::POINTS.does_not_equal(3).to_json(),
        Task::ESTIMATE.greater_than(1.5).to_json(),
        Task::ESTIMATE.less_than(1.5).to_json(),
        Task::ESTIMATE.greater_than_or_equal_to(2).to_json(),
        Task::ESTIMATE.less_than_or_equal_to(2).to_json(),
        Task::ESTIMATE.is_empty().to_json(),
    ]);
}

#[test]
fn checkbox_select_status_and_multi_select_conditions() {
    insta::assert_json_snapshot!([
        Task::DONE.equals(true).to_json(),
        Task::DONE.does_not_equal(true).to_json(),
        Task::PRIORITY.equals(Priority::High).to_json(),
        Task::PRIORITY
            .does_not_equal(Priority::Other("Someday".into()))
            .to_json(),
        Task::PRIORITY
            .is_in([Priority::High, Priority::Medium])
            .to_json(),
        Task::STAGE.equals(Stage::InProgress).to_json(),
        Task::STAGE.is_not_empty().to_json(),
        Task::TAGS.contains("docs").to_json(),
        Task::TAGS.does_not_contain("docs").to_json(),
    ]);
}

#[test]
fn date_conditions_with_absolute_and_relative_values() {
    insta::assert_json_snapshot!([
        Task::DUE.equals(jiff::civil::date(2026, 1, 2)).to_json(),
        Task::DUE.before(RelativeDate::Today).to_json(),
        Task::DUE
            .after("2026-01-02T03:04:05Z".parse::<jiff::Timestamp>().unwrap())
            .to_json(),
        Task::DUE
            .on_or_before(RelativeDate::OneWeekFromNow)
            .to_json(),
        Task::DUE.on_or_after(RelativeDate::OneMonthAgo).to_json(),
        Task::DUE.past_week().to_json(),
        Task::DUE.next_month().to_json(),
        Task::DUE.is_empty().to_json(),
    ]);
}

#[test]
fn people_relation_and_files_conditions() {
    let user = UserId::parse("2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d").unwrap();
    let page = PageId::parse("3a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d").unwrap();
    insta::assert_json_snapshot!([
        Task::OWNERS.contains(user).to_json(),
        Task::OWNERS.contains_me().to_json(),
        Task::OWNERS.does_not_contain(user).to_json(),
        Task::BLOCKED_BY.contains(page).to_json(),
        Task::BLOCKED_BY.is_empty().to_json(),
        Task::ATTACHMENTS.is_not_empty().to_json(),
    ]);
}

#[test]
fn timestamp_filters_and_sorts() {
    insta::assert_json_snapshot!([
        created_time::<Task>().past_week().to_json(),
        last_edited_time::<Task>()
            .after(jiff::civil::date(2026, 1, 1))
            .to_json(),
        created_time::<Task>().descending().to_json(),
        Task::DUE.ascending().to_json(),
    ]);
}

#[test]
fn a_query_body_with_nested_filters_and_sorts() {
    let query = Task::query()
        .filter(
            Task::DONE.equals(false).and(
                Task::PRIORITY
                    .equals(Priority::High)
                    .or(Task::DUE.before(RelativeDate::Tomorrow)),
            ),
        )
        .sort(Task::DUE.ascending())
        .sort(created_time::<Task>().descending())
        .page_size(50);
    insta::assert_json_snapshot!(query.to_json());
}

#[test]
fn operators_build_the_same_filters_as_the_methods() {
    let with_methods = Task::DONE.equals(false).and(
        Task::PRIORITY
            .equals(Priority::High)
            .or(Task::DUE.before(RelativeDate::Tomorrow)),
    );
    let with_operators = Task::DONE.equals(false)
        & (Task::PRIORITY.equals(Priority::High) | Task::DUE.before(RelativeDate::Tomorrow));
    assert_eq!(with_operators.to_json(), with_methods.to_json());

    // `&` binds tighter than `|`, as AND does: this is (done AND high) OR (points = 1).
    let precedence =
        Task::DONE.equals(true) & Task::PRIORITY.equals(Priority::High) | Task::POINTS.equals(1);
    let expected = Task::DONE
        .equals(true)
        .and(Task::PRIORITY.equals(Priority::High))
        .or(Task::POINTS.equals(1));
    assert_eq!(precedence.to_json(), expected.to_json());
}

#[test]
fn groups_built_from_lists() {
    let all = All::of([Task::DONE.equals(true), Task::POINTS.equals(1)]);
    let any = Any::of([Task::NAME.contains("a"), Task::NAME.contains("b")]);
    insta::assert_json_snapshot!([all.or(any).to_json()]);
}

#[test]
fn filter_properties_list_every_mapped_property() {
    insta::assert_json_snapshot!(notion_orm::query::Query::<Task>::filter_properties());
}

/// A model with computed properties, for formula, rollup and verification filters.
#[derive(notion_orm::NotionModel)]
struct Computed {
    #[notion(title)]
    name: String,
    #[notion(kind = "formula")]
    score: Option<f64>,
    #[notion(kind = "formula")]
    label: Option<String>,
    #[notion(kind = "formula")]
    flag: Option<bool>,
    #[notion(kind = "formula")]
    next: Option<jiff::civil::Date>,
    #[notion(kind = "rollup")]
    total: Option<f64>,
    #[notion(kind = "rollup")]
    latest: Option<jiff::Timestamp>,
    #[notion(kind = "rollup")]
    originals: Vec<serde_json::Value>,
    verified: Option<Verification>,
}

#[test]
fn formula_rollup_and_verification_conditions() {
    insta::assert_json_snapshot!([
        Computed::SCORE.greater_than(3).to_json(),
        Computed::LABEL.contains("x").to_json(),
        Computed::FLAG.equals(true).to_json(),
        Computed::NEXT.past_week().to_json(),
        Computed::TOTAL.less_than_or_equal_to(10).to_json(),
        Computed::LATEST.is_empty().to_json(),
        Computed::VERIFIED
            .status(notion_orm::model::VerificationState::Verified)
            .to_json(),
    ]);
    let _ = Computed::NAME;
}

#[test]
fn array_rollup_conditions_quantify_a_sub_condition() {
    use notion_orm::model::kind;
    use notion_orm::query::rollup;
    insta::assert_json_snapshot!([
        Computed::ORIGINALS
            .any(rollup::rich_text().contains("x"))
            .to_json(),
        Computed::ORIGINALS
            .every(rollup::number().greater_than(2))
            .to_json(),
        Computed::ORIGINALS
            .none(rollup::checkbox().equals(true))
            .to_json(),
        Computed::ORIGINALS
            .any(rollup::item::<kind::Select, Option<Priority>>().equals(Priority::High))
            .to_json(),
        Computed::ORIGINALS
            .any(rollup::status().is_in(["Done".to_owned(), "Blocked".to_owned()]))
            .to_json(),
        Computed::ORIGINALS
            .every(rollup::multi_select().contains("api"))
            .to_json(),
        Computed::ORIGINALS
            .none(rollup::date().past_week())
            .to_json(),
        Computed::ORIGINALS
            .any(rollup::people().contains_me())
            .to_json(),
        Computed::ORIGINALS
            .none(rollup::relation().is_empty())
            .to_json(),
        Computed::ORIGINALS
            .any(rollup::files().is_not_empty())
            .to_json(),
    ]);
}
