//! Sorting, cursors, page sizes and the query-result cap.

mod support;

use notion_emulator::Config;
use serde_json::json;
use support::Api;

#[tokio::test]
async fn sorts_by_property_with_empty_values_last() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    api.row(&ds, "two", json!({"Score": {"number": 2}})).await;
    api.row(&ds, "none", json!({})).await;
    api.row(&ds, "one", json!({"Score": {"number": 1}})).await;
    let ascending = api
        .titles(
            &ds,
            json!({"sorts": [{"property": "Score", "direction": "ascending"}]}),
        )
        .await;
    assert_eq!(ascending, ["one", "two", "none"]);
    let descending = api
        .titles(
            &ds,
            json!({"sorts": [{"property": "Score", "direction": "descending"}]}),
        )
        .await;
    assert_eq!(descending, ["two", "one", "none"]);
}

#[tokio::test]
async fn equal_sort_keys_keep_creation_order() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    for name in ["a", "b", "c", "d"] {
        api.row(&ds, name, json!({"Done": {"checkbox": true}}))
            .await;
    }
    let sorted = api
        .titles(
            &ds,
            json!({"sorts": [{"property": "Done", "direction": "descending"}]}),
        )
        .await;
    assert_eq!(sorted, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn later_sorts_break_ties_of_earlier_ones() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    api.row(
        &ds,
        "x",
        json!({"Priority": {"select": {"name": "High"}}, "Score": {"number": 1}}),
    )
    .await;
    api.row(
        &ds,
        "y",
        json!({"Priority": {"select": {"name": "High"}}, "Score": {"number": 9}}),
    )
    .await;
    api.row(
        &ds,
        "z",
        json!({"Priority": {"select": {"name": "Low"}}, "Score": {"number": 5}}),
    )
    .await;
    let sorted = api
        .titles(
            &ds,
            json!({"sorts": [
                {"property": "Priority", "direction": "ascending"},
                {"property": "Score", "direction": "descending"},
            ]}),
        )
        .await;
    assert_eq!(sorted, ["y", "x", "z"]);
}

#[tokio::test]
async fn sorts_by_timestamp() {
    let api = Api::start_with({
        let mut config = Config::default();
        config.round_timestamps_to_minute = false;
        config
    })
    .await;
    let ds = api.tasks().await;
    for name in ["first", "second", "third"] {
        api.row(&ds, name, json!({})).await;
        api.emulator
            .clock()
            .advance(std::time::Duration::from_secs(1));
    }
    let newest_first = api
        .titles(
            &ds,
            json!({"sorts": [{"timestamp": "created_time", "direction": "descending"}]}),
        )
        .await;
    assert_eq!(newest_first, ["third", "second", "first"]);
}

#[tokio::test]
async fn cursors_walk_every_row_once() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    for i in 0..7 {
        api.row(&ds, &format!("row {i}"), json!({"Score": {"number": i}}))
            .await;
    }
    let mut seen = Vec::new();
    let mut cursor = serde_json::Value::Null;
    loop {
        let page = api
            .post_ok(
                &format!("/v1/data_sources/{ds}/query"),
                json!({"page_size": 3, "start_cursor": cursor,
                       "sorts": [{"property": "Score", "direction": "ascending"}]}),
            )
            .await;
        for row in page["results"].as_array().unwrap() {
            seen.push(row["properties"]["Score"]["number"].as_i64().unwrap());
        }
        if !page["has_more"].as_bool().unwrap() {
            assert!(page["next_cursor"].is_null());
            break;
        }
        cursor = page["next_cursor"].clone();
    }
    assert_eq!(seen, (0..7).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_list_envelope_matches_notions() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let page = api
        .post_ok(&format!("/v1/data_sources/{ds}/query"), json!({}))
        .await;
    assert_eq!(page["object"], "list");
    assert_eq!(page["type"], "page_or_data_source");
    assert_eq!(page["page_or_data_source"], json!({}));
    assert!(page["request_id"].is_string());
    assert!(page.get("request_status").is_none());
}

#[tokio::test]
async fn the_result_cap_ends_the_query_as_incomplete() {
    let mut config = Config::default();
    config.query_result_cap = 5;
    let api = Api::start_with(config).await;
    let ds = api.tasks().await;
    for i in 0..8 {
        api.row(&ds, &format!("r{i}"), json!({})).await;
    }
    let first = api
        .post_ok(
            &format!("/v1/data_sources/{ds}/query"),
            json!({"page_size": 3}),
        )
        .await;
    assert_eq!(first["has_more"], true);
    assert!(first.get("request_status").is_none());
    let second = api
        .post_ok(
            &format!("/v1/data_sources/{ds}/query"),
            json!({"page_size": 3, "start_cursor": first["next_cursor"]}),
        )
        .await;
    assert_eq!(second["results"].as_array().unwrap().len(), 2);
    assert_eq!(second["has_more"], false);
    assert_eq!(second["next_cursor"], serde_json::Value::Null);
    assert_eq!(
        second["request_status"],
        json!({"type": "incomplete", "incomplete_reason": "query_result_limit_reached"})
    );
}

#[tokio::test]
async fn a_query_under_the_cap_is_complete() {
    let mut config = Config::default();
    config.query_result_cap = 5;
    let api = Api::start_with(config).await;
    let ds = api.tasks().await;
    for i in 0..5 {
        api.row(&ds, &format!("r{i}"), json!({})).await;
    }
    let page = api
        .post_ok(&format!("/v1/data_sources/{ds}/query"), json!({}))
        .await;
    assert_eq!(page["results"].as_array().unwrap().len(), 5);
    assert!(page.get("request_status").is_none());
}

#[tokio::test]
async fn filter_properties_limits_the_returned_properties() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    api.row(&ds, "a", json!({"Score": {"number": 1}})).await;
    let page = api
        .post_ok(
            &format!("/v1/data_sources/{ds}/query?filter_properties=title"),
            json!({}),
        )
        .await;
    let properties = page["results"][0]["properties"].as_object().unwrap();
    assert_eq!(properties.keys().collect::<Vec<_>>(), ["Name"]);
}

#[tokio::test]
async fn trashed_rows_are_left_out() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "gone", json!({})).await;
    api.row(&ds, "kept", json!({})).await;
    api.patch_ok(
        &format!("/v1/pages/{}", row["id"].as_str().unwrap()),
        json!({"in_trash": true}),
    )
    .await;
    assert_eq!(api.titles(&ds, json!({})).await, ["kept"]);
}

#[tokio::test]
async fn result_type_data_source_finds_no_page_rows() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    api.row(&ds, "page row", json!({})).await;
    let titles = api.titles(&ds, json!({"result_type": "data_source"})).await;
    assert!(titles.is_empty());
}

#[tokio::test]
async fn a_write_between_pages_is_seen_by_the_next_page() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let mut ids = Vec::new();
    for name in ["a", "b", "c", "d"] {
        ids.push(api.row(&ds, name, json!({})).await["id"].clone());
    }
    let sorted = json!({"sorts": [{"timestamp": "created_time", "direction": "ascending"}]});
    let mut body = sorted.clone();
    body["page_size"] = json!(2);
    let first = api
        .post_ok(&format!("/v1/data_sources/{ds}/query"), body.clone())
        .await;
    api.patch_ok(
        &format!("/v1/pages/{}", ids[3].as_str().unwrap()),
        json!({"in_trash": true}),
    )
    .await;
    body["start_cursor"] = first["next_cursor"].clone();
    let second = api
        .post_ok(&format!("/v1/data_sources/{ds}/query"), body)
        .await;
    let titles: Vec<&str> = second["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["properties"]["Name"]["title"][0]["plain_text"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(titles, ["c"]);
}

#[tokio::test]
async fn a_cursor_from_another_query_is_rejected() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let (status, error) = api
        .post(
            &format!("/v1/data_sources/{ds}/query"),
            json!({"start_cursor": "5c726c8a-193f-451e-b113-f7665abe826e"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["code"], "validation_error");
}

#[tokio::test]
async fn create_pages_seeds_rows_in_process_and_reports_the_first_rejection() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let rows = (0..3).map(|i| {
        json!({"parent": {"data_source_id": ds},
               "properties": {"Name": {"title": [{"text": {"content": format!("r{i}")}}]}}})
    });
    assert_eq!(api.emulator.create_pages(rows).unwrap().len(), 3);
    assert_eq!(api.titles(&ds, json!({})).await.len(), 3);
    let bad = json!({"parent": {"data_source_id": ds}, "properties": {"Nope": {"number": 1}}});
    let rejected = api.emulator.create_pages([bad]).unwrap_err();
    assert_eq!(rejected.status, 400);
    assert_eq!(rejected.code, "validation_error");
    assert_eq!(rejected.message, "Nope is not a property that exists.");
}
