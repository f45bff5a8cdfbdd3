//! Computed properties: formulas, rollups, dual relations, unique ids, created/edited metadata.

mod support;

use serde_json::{Value, json};
use support::Api;

#[tokio::test]
async fn a_formula_follows_its_inputs() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "r", json!({"Score": {"number": 4}})).await;
    assert_eq!(
        row["properties"]["Double"]["formula"],
        json!({"type": "number", "number": 8})
    );
    let id = row["id"].as_str().unwrap();
    let updated = api
        .patch_ok(
            &format!("/v1/pages/{id}"),
            json!({"properties": {"Score": {"number": 5}}}),
        )
        .await;
    assert_eq!(updated["properties"]["Double"]["formula"]["number"], 10);
}

#[tokio::test]
async fn string_and_boolean_formulas_have_their_types() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "Ada", json!({"Score": {"number": 9}})).await;
    assert_eq!(
        row["properties"]["Label"]["formula"],
        json!({"type": "string", "string": "Ada!"})
    );
    assert_eq!(
        row["properties"]["Big"]["formula"],
        json!({"type": "boolean", "boolean": true})
    );
}

#[tokio::test]
async fn an_if_formula_picks_its_branch() {
    let api = Api::start().await;
    let ds = api
        .data_source(
            "F",
            json!({"Name": {"title": {}}, "N": {"number": {}},
                   "Grade": {"formula": {"expression": "if(prop(\"N\") >= 5, \"pass\", \"fail\")"}}}),
        )
        .await;
    let low = api.row(&ds, "low", json!({"N": {"number": 2}})).await;
    assert_eq!(low["properties"]["Grade"]["formula"]["string"], "fail");
    let high = api.row(&ds, "high", json!({"N": {"number": 7}})).await;
    assert_eq!(high["properties"]["Grade"]["formula"]["string"], "pass");
}

#[tokio::test]
async fn a_formula_that_does_not_parse_is_rejected() {
    let api = Api::start().await;
    let (status, error) = api
        .post(
            "/v1/databases",
            json!({"parent": {"type": "workspace", "workspace": true},
                   "initial_data_source": {"properties": {"Name": {"title": {}}, "F": {"formula": {"expression": "1 +"}}}}}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["code"], "validation_error");
}

#[tokio::test]
async fn unique_ids_count_up_with_the_prefix() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let first = api.row(&ds, "a", json!({})).await;
    let second = api.row(&ds, "b", json!({})).await;
    assert_eq!(
        first["properties"]["Key"]["unique_id"],
        json!({"prefix": "T", "number": 1})
    );
    assert_eq!(
        second["properties"]["Key"]["unique_id"],
        json!({"prefix": "T", "number": 2})
    );
}

#[tokio::test]
async fn created_time_and_created_by_describe_the_creation() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "a", json!({})).await;
    assert_eq!(
        row["properties"]["Created"]["created_time"],
        row["created_time"]
    );
    assert_eq!(
        row["properties"]["Author"]["created_by"]["id"],
        api.emulator.bot_id().to_string()
    );
}

#[tokio::test]
async fn last_edited_time_moves_with_the_clock_on_update() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    let row = api.row(&ds, "a", json!({})).await;
    api.emulator
        .clock()
        .advance(std::time::Duration::from_secs(3600));
    let id = row["id"].as_str().unwrap();
    let updated = api
        .patch_ok(
            &format!("/v1/pages/{id}"),
            json!({"properties": {"Done": {"checkbox": true}}}),
        )
        .await;
    assert_ne!(updated["last_edited_time"], row["last_edited_time"]);
    assert_eq!(updated["created_time"], row["created_time"]);
}

/// Projects (with a dual relation "Tasks" and rollups) and tasks (with "Hours", "Done", "Due").
async fn projects_and_tasks(api: &Api) -> (String, String) {
    let tasks = api
        .data_source(
            "Tasks",
            json!({"Name": {"title": {}}, "Hours": {"number": {}}, "Done": {"checkbox": {}}, "Due": {"date": {}}}),
        )
        .await;
    let projects = api
        .data_source(
            "Projects",
            json!({
                "Name": {"title": {}},
                "Tasks": {"relation": {"data_source_id": tasks, "type": "dual_property",
                                        "dual_property": {"synced_property_name": "Project"}}},
                "Total": {"rollup": {"function": "sum", "relation_property_name": "Tasks", "rollup_property_name": "Hours"}},
                "Mean": {"rollup": {"function": "average", "relation_property_name": "Tasks", "rollup_property_name": "Hours"}},
                "Least": {"rollup": {"function": "min", "relation_property_name": "Tasks", "rollup_property_name": "Hours"}},
                "Most": {"rollup": {"function": "max", "relation_property_name": "Tasks", "rollup_property_name": "Hours"}},
                "Count": {"rollup": {"function": "count", "relation_property_name": "Tasks", "rollup_property_name": "Name"}},
                "Finished": {"rollup": {"function": "checked", "relation_property_name": "Tasks", "rollup_property_name": "Done"}},
                "First due": {"rollup": {"function": "earliest_date", "relation_property_name": "Tasks", "rollup_property_name": "Due"}},
                "Last due": {"rollup": {"function": "latest_date", "relation_property_name": "Tasks", "rollup_property_name": "Due"}},
                "All hours": {"rollup": {"function": "show_original", "relation_property_name": "Tasks", "rollup_property_name": "Hours"}},
            }),
        )
        .await;
    (projects, tasks)
}

async fn project_with_tasks(api: &Api) -> (Value, String) {
    let (projects, tasks) = projects_and_tasks(api).await;
    let a = api
        .row(&tasks, "a", json!({"Hours": {"number": 2}, "Done": {"checkbox": true}, "Due": {"date": {"start": "2024-03-01"}}}))
        .await;
    let b = api
        .row(
            &tasks,
            "b",
            json!({"Hours": {"number": 6}, "Due": {"date": {"start": "2024-01-15"}}}),
        )
        .await;
    let project = api
        .row(
            &projects,
            "P",
            json!({"Tasks": {"relation": [{"id": a["id"]}, {"id": b["id"]}]}}),
        )
        .await;
    (project, tasks)
}

#[tokio::test]
async fn rollups_sum_average_min_max_and_count() {
    let api = Api::start().await;
    let (project, _) = project_with_tasks(&api).await;
    let p = &project["properties"];
    assert_eq!(
        p["Total"]["rollup"],
        json!({"type": "number", "number": 8, "function": "sum"})
    );
    assert_eq!(p["Mean"]["rollup"]["number"], 4);
    assert_eq!(p["Least"]["rollup"]["number"], 2);
    assert_eq!(p["Most"]["rollup"]["number"], 6);
    assert_eq!(p["Count"]["rollup"]["number"], 2);
}

#[tokio::test]
async fn rollups_count_checked_boxes() {
    let api = Api::start().await;
    let (project, _) = project_with_tasks(&api).await;
    assert_eq!(project["properties"]["Finished"]["rollup"]["number"], 1);
}

#[tokio::test]
async fn rollups_find_the_earliest_and_latest_dates() {
    let api = Api::start().await;
    let (project, _) = project_with_tasks(&api).await;
    assert_eq!(
        project["properties"]["First due"]["rollup"]["date"]["start"],
        "2024-01-15"
    );
    assert_eq!(
        project["properties"]["Last due"]["rollup"]["date"]["start"],
        "2024-03-01"
    );
}

#[tokio::test]
async fn show_original_lists_the_related_values() {
    let api = Api::start().await;
    let (project, _) = project_with_tasks(&api).await;
    assert_eq!(
        project["properties"]["All hours"]["rollup"]["array"],
        json!([{"type": "number", "number": 2}, {"type": "number", "number": 6}])
    );
}

#[tokio::test]
async fn rollups_follow_changes_to_related_pages() {
    let api = Api::start().await;
    let (project, tasks) = project_with_tasks(&api).await;
    let rows = api
        .post_ok(&format!("/v1/data_sources/{tasks}/query"), json!({}))
        .await;
    let first = rows["results"][0]["id"].as_str().unwrap();
    api.patch_ok(
        &format!("/v1/pages/{first}"),
        json!({"properties": {"Hours": {"number": 10}}}),
    )
    .await;
    let project = api
        .get_ok(&format!("/v1/pages/{}", project["id"].as_str().unwrap()))
        .await;
    assert_eq!(project["properties"]["Total"]["rollup"]["number"], 16);
}

#[tokio::test]
async fn rollup_filters_match_numbers_and_items() {
    let api = Api::start().await;
    let (project, _) = project_with_tasks(&api).await;
    let projects = project["parent"]["data_source_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_total = api
        .filtered(
            &projects,
            json!({"property": "Total", "rollup": {"number": {"equals": 8}}}),
        )
        .await;
    assert_eq!(by_total, ["P"]);
    let any = api
        .filtered(
            &projects,
            json!({"property": "All hours", "rollup": {"any": {"number": {"greater_than": 5}}}}),
        )
        .await;
    assert_eq!(any, ["P"]);
    let every = api
        .filtered(
            &projects,
            json!({"property": "All hours", "rollup": {"every": {"number": {"greater_than": 5}}}}),
        )
        .await;
    assert!(every.is_empty());
}

#[tokio::test]
async fn a_dual_relation_creates_its_synced_property() {
    let api = Api::start().await;
    let (projects, tasks) = projects_and_tasks(&api).await;
    let schema = api.get_ok(&format!("/v1/data_sources/{tasks}")).await;
    let synced = &schema["properties"]["Project"];
    assert_eq!(synced["type"], "relation");
    assert_eq!(synced["relation"]["data_source_id"], projects.as_str());
    assert_eq!(
        synced["relation"]["dual_property"]["synced_property_name"],
        "Tasks"
    );
    let source = api.get_ok(&format!("/v1/data_sources/{projects}")).await;
    assert_eq!(
        source["properties"]["Tasks"]["relation"]["dual_property"]["synced_property_id"],
        synced["id"]
    );
}

#[tokio::test]
async fn dual_relations_stay_in_sync_on_both_sides() {
    let api = Api::start().await;
    let (project, tasks) = project_with_tasks(&api).await;
    let rows = api
        .post_ok(&format!("/v1/data_sources/{tasks}/query"), json!({}))
        .await;
    for row in rows["results"].as_array().unwrap() {
        assert_eq!(
            row["properties"]["Project"]["relation"],
            json!([{"id": project["id"]}])
        );
    }
    let pid = project["id"].as_str().unwrap();
    api.patch_ok(
        &format!("/v1/pages/{pid}"),
        json!({"properties": {"Tasks": {"relation": []}}}),
    )
    .await;
    let rows = api
        .post_ok(&format!("/v1/data_sources/{tasks}/query"), json!({}))
        .await;
    for row in rows["results"].as_array().unwrap() {
        assert_eq!(row["properties"]["Project"]["relation"], json!([]));
    }
}

#[tokio::test]
async fn relation_filters_match_a_related_page() {
    let api = Api::start().await;
    let (project, tasks) = project_with_tasks(&api).await;
    let pid = project["id"].as_str().unwrap();
    let with = api
        .filtered(
            &tasks,
            json!({"property": "Project", "relation": {"contains": pid}}),
        )
        .await;
    assert_eq!(with, ["a", "b"]);
    let without = api
        .filtered(
            &tasks,
            json!({"property": "Project", "relation": {"is_empty": true}}),
        )
        .await;
    assert!(without.is_empty());
}

#[tokio::test]
async fn rollup_none_and_date_conditions() {
    let api = Api::start().await;
    let (project, _) = project_with_tasks(&api).await;
    let projects = project["parent"]["data_source_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let none = api
        .filtered(
            &projects,
            json!({"property": "All hours", "rollup": {"none": {"number": {"equals": 2}}}}),
        )
        .await;
    assert!(none.is_empty());
    let by_date = api
        .filtered(
            &projects,
            json!({"property": "First due", "rollup": {"date": {"before": "2024-02-01"}}}),
        )
        .await;
    assert_eq!(by_date, ["P"]);
}

#[tokio::test]
async fn the_rollup_property_item_lists_related_values() {
    let api = Api::start().await;
    let (project, _) = project_with_tasks(&api).await;
    let property = project["properties"]["All hours"]["id"].as_str().unwrap();
    let item = api
        .get_ok(&format!(
            "/v1/pages/{}/properties/{property}",
            project["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(item["property_item"]["type"], "rollup");
    assert_eq!(item["property_item"]["rollup"]["type"], "array");
    assert_eq!(item["property_item"]["rollup"]["array"], json!([]));
    let numbers: Vec<i64> = item["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 6]);
}

#[tokio::test]
async fn sorting_by_a_formula_uses_its_result() {
    let api = Api::start().await;
    let ds = api.tasks().await;
    for (name, score) in [("mid", 5), ("low", 1), ("high", 9)] {
        api.row(&ds, name, json!({"Score": {"number": score}}))
            .await;
    }
    let sorted = api
        .titles(
            &ds,
            json!({"sorts": [{"property": "Double", "direction": "descending"}]}),
        )
        .await;
    assert_eq!(sorted, ["high", "mid", "low"]);
}
