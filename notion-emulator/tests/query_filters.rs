//! Every filter operator of `notion-api.md` §3.1, one behaviour per test, against a data source
//! with one property of each type.

mod support;

use serde_json::{Value, json};
use support::Api;

/// Three rows with distinct values in every property.
async fn fixture() -> (Api, String) {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let me = api.emulator.bot_id().to_string();
    api.row(&ds, "alpha", json!({
        "Notes": {"rich_text": [{"text": {"content": "Buy milk"}}]},
        "Score": {"number": 3},
        "Priority": {"select": {"name": "High"}},
        "Tags": {"multi_select": [{"name": "a"}, {"name": "b"}]},
        "Stage": {"status": {"name": "Done"}},
        "Due": {"date": {"start": "2024-01-10"}},
        "Owner": {"people": [{"id": me}]},
        "Attachments": {"files": [{"name": "x", "external": {"url": "https://example.com/x.png"}}]},
        "Done": {"checkbox": true},
        "Link": {"url": "https://example.com"},
        "Mail": {"email": "a@example.com"},
        "Phone": {"phone_number": "+1 555"},
    })).await;
    api.row(
        &ds,
        "beta",
        json!({
            "Notes": {"rich_text": [{"text": {"content": "Call Bob"}}]},
            "Score": {"number": 7},
            "Priority": {"select": {"name": "Low"}},
            "Tags": {"multi_select": [{"name": "c"}]},
            "Due": {"date": {"start": "2024-02-01T12:00:00Z"}},
        }),
    )
    .await;
    api.row(&ds, "gamma", json!({})).await;
    (api, ds)
}

async fn check(filter: Value, expected: &[&str]) {
    let (api, ds) = fixture().await;
    assert_eq!(
        api.filtered(&ds, filter.clone()).await,
        expected,
        "filter {filter}"
    );
}

#[tokio::test]
async fn title_equals_matches_exactly() {
    check(
        json!({"property": "Name", "title": {"equals": "beta"}}),
        &["beta"],
    )
    .await;
}

#[tokio::test]
async fn title_does_not_equal_excludes_the_value() {
    check(
        json!({"property": "Name", "title": {"does_not_equal": "beta"}}),
        &["alpha", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn rich_text_contains_is_case_insensitive() {
    check(
        json!({"property": "Notes", "rich_text": {"contains": "MILK"}}),
        &["alpha"],
    )
    .await;
}

#[tokio::test]
async fn rich_text_does_not_contain_includes_empty_values() {
    check(
        json!({"property": "Notes", "rich_text": {"does_not_contain": "milk"}}),
        &["beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn rich_text_starts_with_and_ends_with() {
    check(
        json!({"property": "Notes", "rich_text": {"starts_with": "call"}}),
        &["beta"],
    )
    .await;
    check(
        json!({"property": "Notes", "rich_text": {"ends_with": "milk"}}),
        &["alpha"],
    )
    .await;
}

#[tokio::test]
async fn rich_text_is_empty_and_is_not_empty() {
    check(
        json!({"property": "Notes", "rich_text": {"is_empty": true}}),
        &["gamma"],
    )
    .await;
    check(
        json!({"property": "Notes", "rich_text": {"is_not_empty": true}}),
        &["alpha", "beta"],
    )
    .await;
}

#[tokio::test]
async fn url_email_and_phone_take_text_operators() {
    check(
        json!({"property": "Link", "url": {"contains": "example"}}),
        &["alpha"],
    )
    .await;
    check(
        json!({"property": "Mail", "email": {"equals": "a@example.com"}}),
        &["alpha"],
    )
    .await;
    check(
        json!({"property": "Phone", "phone_number": {"is_empty": true}}),
        &["beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn number_comparisons() {
    check(
        json!({"property": "Score", "number": {"equals": 3}}),
        &["alpha"],
    )
    .await;
    check(
        json!({"property": "Score", "number": {"greater_than": 3}}),
        &["beta"],
    )
    .await;
    check(
        json!({"property": "Score", "number": {"less_than_or_equal_to": 7}}),
        &["alpha", "beta"],
    )
    .await;
    check(
        json!({"property": "Score", "number": {"greater_than_or_equal_to": 7}}),
        &["beta"],
    )
    .await;
    check(
        json!({"property": "Score", "number": {"less_than": 7}}),
        &["alpha"],
    )
    .await;
}

#[tokio::test]
async fn number_does_not_equal_includes_empty_values() {
    check(
        json!({"property": "Score", "number": {"does_not_equal": 3}}),
        &["beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn number_is_empty() {
    check(
        json!({"property": "Score", "number": {"is_empty": true}}),
        &["gamma"],
    )
    .await;
}

#[tokio::test]
async fn checkbox_equals_and_does_not_equal() {
    check(
        json!({"property": "Done", "checkbox": {"equals": true}}),
        &["alpha"],
    )
    .await;
    check(
        json!({"property": "Done", "checkbox": {"does_not_equal": true}}),
        &["beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn select_equals_a_name() {
    check(
        json!({"property": "Priority", "select": {"equals": "High"}}),
        &["alpha"],
    )
    .await;
}

#[tokio::test]
async fn select_equals_any_of_several_names() {
    check(
        json!({"property": "Priority", "select": {"equals": ["High", "Low"]}}),
        &["alpha", "beta"],
    )
    .await;
}

#[tokio::test]
async fn select_does_not_equal_includes_empty_values() {
    check(
        json!({"property": "Priority", "select": {"does_not_equal": "High"}}),
        &["beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn select_is_empty() {
    check(
        json!({"property": "Priority", "select": {"is_empty": true}}),
        &["gamma"],
    )
    .await;
}

#[tokio::test]
async fn status_equals_and_is_empty() {
    check(
        json!({"property": "Stage", "status": {"equals": "Done"}}),
        &["alpha"],
    )
    .await;
    // Rows created without a status start at its default option, so none is empty.
    check(
        json!({"property": "Stage", "status": {"equals": "Not started"}}),
        &["beta", "gamma"],
    )
    .await;
    check(
        json!({"property": "Stage", "status": {"is_empty": true}}),
        &[],
    )
    .await;
}

#[tokio::test]
async fn multi_select_contains_and_does_not_contain() {
    check(
        json!({"property": "Tags", "multi_select": {"contains": "b"}}),
        &["alpha"],
    )
    .await;
    check(
        json!({"property": "Tags", "multi_select": {"does_not_contain": "b"}}),
        &["beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn multi_select_contains_any_of_several_names() {
    check(
        json!({"property": "Tags", "multi_select": {"contains": ["b", "c"]}}),
        &["alpha", "beta"],
    )
    .await;
}

#[tokio::test]
async fn multi_select_is_not_empty() {
    check(
        json!({"property": "Tags", "multi_select": {"is_not_empty": true}}),
        &["alpha", "beta"],
    )
    .await;
}

#[tokio::test]
async fn date_equals_a_day() {
    check(
        json!({"property": "Due", "date": {"equals": "2024-01-10"}}),
        &["alpha"],
    )
    .await;
}

#[tokio::test]
async fn date_before_and_after() {
    check(
        json!({"property": "Due", "date": {"before": "2024-02-01"}}),
        &["alpha"],
    )
    .await;
    check(
        json!({"property": "Due", "date": {"after": "2024-01-10"}}),
        &["beta"],
    )
    .await;
}

#[tokio::test]
async fn date_on_or_before_and_on_or_after_include_the_day() {
    check(
        json!({"property": "Due", "date": {"on_or_before": "2024-01-10"}}),
        &["alpha"],
    )
    .await;
    check(
        json!({"property": "Due", "date": {"on_or_after": "2024-02-01"}}),
        &["beta"],
    )
    .await;
}

#[tokio::test]
async fn date_compares_datetimes_at_millisecond_precision() {
    check(
        json!({"property": "Due", "date": {"after": "2024-02-01T11:59:59.999Z"}}),
        &["beta"],
    )
    .await;
    check(
        json!({"property": "Due", "date": {"after": "2024-02-01T12:00:00Z"}}),
        &[],
    )
    .await;
}

#[tokio::test]
async fn date_is_empty() {
    check(
        json!({"property": "Due", "date": {"is_empty": true}}),
        &["gamma"],
    )
    .await;
}

#[tokio::test]
async fn date_relative_keywords_use_the_emulator_clock() {
    let (api, ds) = fixture().await;
    api.emulator
        .clock()
        .set("2024-01-11T08:00:00Z".parse().unwrap());
    let yesterday = api
        .filtered(
            &ds,
            json!({"property": "Due", "date": {"equals": "yesterday"}}),
        )
        .await;
    assert_eq!(yesterday, ["alpha"]);
    let past_week = api
        .filtered(&ds, json!({"property": "Due", "date": {"past_week": {}}}))
        .await;
    assert_eq!(past_week, ["alpha"]);
    let next_month = api
        .filtered(&ds, json!({"property": "Due", "date": {"next_month": {}}}))
        .await;
    assert_eq!(next_month, ["beta"]);
}

#[tokio::test]
async fn people_contains_a_user_and_me() {
    let (api, ds) = fixture().await;
    let me = api.emulator.bot_id().to_string();
    assert_eq!(
        api.filtered(
            &ds,
            json!({"property": "Owner", "people": {"contains": me}})
        )
        .await,
        ["alpha"]
    );
    assert_eq!(
        api.filtered(
            &ds,
            json!({"property": "Owner", "people": {"contains": "me"}})
        )
        .await,
        ["alpha"]
    );
    assert_eq!(
        api.filtered(
            &ds,
            json!({"property": "Owner", "people": {"does_not_contain": "me"}})
        )
        .await,
        ["beta", "gamma"]
    );
}

#[tokio::test]
async fn people_is_empty() {
    check(
        json!({"property": "Owner", "people": {"is_empty": true}}),
        &["beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn created_by_contains_me() {
    check(
        json!({"property": "Author", "created_by": {"contains": "me"}}),
        &["alpha", "beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn files_is_empty_and_is_not_empty() {
    check(
        json!({"property": "Attachments", "files": {"is_not_empty": true}}),
        &["alpha"],
    )
    .await;
    check(
        json!({"property": "Attachments", "files": {"is_empty": true}}),
        &["beta", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn unique_id_takes_number_operators() {
    check(
        json!({"property": "Key", "unique_id": {"greater_than": 1}}),
        &["beta", "gamma"],
    )
    .await;
    check(
        json!({"property": "Key", "unique_id": {"equals": 1}}),
        &["alpha"],
    )
    .await;
}

#[tokio::test]
async fn formula_number_condition() {
    check(
        json!({"property": "Double", "formula": {"number": {"equals": 14}}}),
        &["beta"],
    )
    .await;
}

#[tokio::test]
async fn formula_string_condition() {
    check(
        json!({"property": "Label", "formula": {"string": {"equals": "gamma!"}}}),
        &["gamma"],
    )
    .await;
}

#[tokio::test]
async fn formula_checkbox_condition() {
    check(
        json!({"property": "Big", "formula": {"checkbox": {"equals": true}}}),
        &["beta"],
    )
    .await;
}

#[tokio::test]
async fn created_time_property_takes_date_operators() {
    let (api, ds) = fixture().await;
    let all = api
        .filtered(
            &ds,
            json!({"property": "Created", "created_time": {"on_or_before": "today"}}),
        )
        .await;
    assert_eq!(all, ["alpha", "beta", "gamma"]);
}

#[tokio::test]
async fn timestamp_filter_on_created_time() {
    let (api, ds) = fixture().await;
    let none = api
        .filtered(
            &ds,
            json!({"timestamp": "created_time", "created_time": {"after": "2999-01-01"}}),
        )
        .await;
    assert!(none.is_empty());
    let all = api
        .filtered(
            &ds,
            json!({"timestamp": "last_edited_time", "last_edited_time": {"past_week": {}}}),
        )
        .await;
    assert_eq!(all, ["alpha", "beta", "gamma"]);
}

#[tokio::test]
async fn and_requires_every_condition() {
    check(
        json!({"and": [
            {"property": "Score", "number": {"is_not_empty": true}},
            {"property": "Done", "checkbox": {"equals": false}},
        ]}),
        &["beta"],
    )
    .await;
}

#[tokio::test]
async fn or_accepts_any_condition() {
    check(
        json!({"or": [
            {"property": "Name", "title": {"equals": "alpha"}},
            {"property": "Name", "title": {"equals": "gamma"}},
        ]}),
        &["alpha", "gamma"],
    )
    .await;
}

#[tokio::test]
async fn compounds_nest_two_levels() {
    check(
        json!({"and": [
            {"property": "Score", "number": {"is_not_empty": true}},
            {"or": [
                {"property": "Tags", "multi_select": {"contains": "c"}},
                {"property": "Done", "checkbox": {"equals": true}},
            ]},
        ]}),
        &["alpha", "beta"],
    )
    .await;
}

/// Rows due on fixed days around a pinned "now" of Wednesday 2024-05-15 10:00 UTC.
async fn dated() -> (Api, String) {
    let api = Api::start().await;
    let ds = api.tasks().await;
    api.emulator
        .clock()
        .set("2024-05-15T10:00:00Z".parse().unwrap());
    for (name, day) in [
        ("last year", "2023-08-01"),
        ("last week", "2024-05-10"),
        ("yesterday", "2024-05-14"),
        ("today", "2024-05-15"),
        ("tomorrow", "2024-05-16"),
        ("next week", "2024-05-21"),
        ("next month", "2024-06-10"),
    ] {
        api.row(&ds, name, json!({"Due": {"date": {"start": day}}}))
            .await;
    }
    (api, ds)
}

async fn dated_check(condition: Value, expected: &[&str]) {
    let (api, ds) = dated().await;
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    let got = api
        .filtered(&ds, json!({"property": "Due", "date": condition.clone()}))
        .await;
    assert_eq!(got, expected, "condition {condition}");
}

#[tokio::test]
async fn date_today_tomorrow_and_yesterday() {
    dated_check(json!({"equals": "today"}), &["today"]).await;
    dated_check(json!({"equals": "tomorrow"}), &["tomorrow"]).await;
    dated_check(
        json!({"on_or_before": "yesterday"}),
        &["last year", "last week", "yesterday"],
    )
    .await;
}

#[tokio::test]
async fn date_one_week_keywords_are_days_relative_to_now() {
    dated_check(json!({"before": "one_week_ago"}), &["last year"]).await;
    dated_check(json!({"after": "one_week_from_now"}), &["next month"]).await;
}

#[tokio::test]
async fn date_one_month_keywords_are_days_relative_to_now() {
    dated_check(json!({"on_or_after": "one_month_from_now"}), &[]).await;
    dated_check(
        json!({"after": "one_month_ago"}),
        &[
            "last week",
            "yesterday",
            "today",
            "tomorrow",
            "next week",
            "next month",
        ],
    )
    .await;
}

#[tokio::test]
async fn date_past_windows_end_now() {
    dated_check(
        json!({"past_week": {}}),
        &["last week", "yesterday", "today"],
    )
    .await;
    dated_check(
        json!({"past_year": {}}),
        &["last year", "last week", "yesterday", "today"],
    )
    .await;
}

#[tokio::test]
async fn date_next_windows_start_now() {
    dated_check(json!({"next_week": {}}), &["tomorrow", "next week"]).await;
    dated_check(
        json!({"next_month": {}}),
        &["tomorrow", "next week", "next month"],
    )
    .await;
    dated_check(
        json!({"next_year": {}}),
        &["tomorrow", "next week", "next month"],
    )
    .await;
}

#[tokio::test]
async fn date_this_week_runs_sunday_to_saturday() {
    dated_check(
        json!({"this_week": {}}),
        &["yesterday", "today", "tomorrow"],
    )
    .await;
}

#[tokio::test]
async fn date_past_month_covers_the_last_month() {
    dated_check(
        json!({"past_month": {}}),
        &["last week", "yesterday", "today"],
    )
    .await;
}

#[tokio::test]
async fn a_window_operator_needs_an_empty_object() {
    let (api, ds) = dated().await;
    let (status, _) = api
        .post(
            &format!("/v1/data_sources/{ds}/query"),
            json!({"filter": {"property": "Due", "date": {"past_week": true}}}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn formula_date_condition() {
    let api = Api::start().await;
    let ds = api
        .data_source(
            "D",
            json!({"Name": {"title": {}}, "Due": {"date": {}},
                   "Echo": {"formula": {"expression": "prop(\"Due\")"}}}),
        )
        .await;
    api.row(
        &ds,
        "early",
        json!({"Due": {"date": {"start": "2024-01-01"}}}),
    )
    .await;
    api.row(
        &ds,
        "late",
        json!({"Due": {"date": {"start": "2024-12-01"}}}),
    )
    .await;
    let got = api
        .filtered(
            &ds,
            json!({"property": "Echo", "formula": {"date": {"after": "2024-06-01"}}}),
        )
        .await;
    assert_eq!(got, ["late"]);
}

#[tokio::test]
async fn verification_status_none_matches_unverified_pages() {
    let api = Api::start().await;
    let ds = api
        .data_source(
            "W",
            json!({"Name": {"title": {}}, "Verified": {"verification": {}}}),
        )
        .await;
    api.row(&ds, "page", json!({})).await;
    let none = api
        .filtered(
            &ds,
            json!({"property": "Verified", "verification": {"status": "none"}}),
        )
        .await;
    assert_eq!(none, ["page"]);
    let verified = api
        .filtered(
            &ds,
            json!({"property": "Verified", "verification": {"status": "verified"}}),
        )
        .await;
    assert!(verified.is_empty());
}

#[tokio::test]
async fn status_equals_any_of_several_names() {
    let (api, ds) = fixture().await;
    let got = api
        .filtered(
            &ds,
            json!({"property": "Stage", "status": {"equals": ["Done", "In progress"]}}),
        )
        .await;
    assert_eq!(got, ["alpha"]);
}
