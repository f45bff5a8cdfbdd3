//! The derive's conversions and handles, without a server.

mod common;

use common::{Priority, Stage, Task};
use notion_orm::NotionModel;
use serde_json::{Value, json};

fn page(properties: Value) -> Value {
    json!({"object": "page", "id": "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "properties": properties})
}

fn minimal_properties() -> Value {
    json!({
        "Name": {"id": "title", "type": "title", "title": [{"plain_text": "Write docs"}]},
        "Notes": {"id": "a", "type": "rich_text", "rich_text": []},
        "Estimate": {"id": "b", "type": "number", "number": null},
        "Points": {"id": "c", "type": "number", "number": 3},
        "Done": {"id": "d", "type": "checkbox", "checkbox": false},
        "Priority": {"id": "e", "type": "select", "select": {"id": "x", "name": "Urgent!", "color": "red"}},
        "Stage": {"id": "f", "type": "status", "status": {"id": "y", "name": "In Progress", "color": "blue"}},
        "Tags": {"id": "g", "type": "multi_select", "multi_select": [{"id": "1", "name": "docs", "color": "default"}]},
        "Due": {"id": "h", "type": "date", "date": {"start": "2026-01-02", "end": null, "time_zone": null}},
        "Window": {"id": "i", "type": "date", "date": null},
        "Owners": {"id": "j", "type": "people", "people": []},
        "Attachments": {"id": "k", "type": "files", "files": []},
        "Blocked by": {"id": "l", "type": "relation", "relation": [], "has_more": false},
        "Link": {"id": "m", "type": "url", "url": null},
        "Email": {"id": "n", "type": "email", "email": null},
        "Phone": {"id": "o", "type": "phone_number", "phone_number": null},
        "External id": {"id": "p", "type": "rich_text", "rich_text": [{"plain_text": "T-1"}]},
        "Unmapped": {"id": "q", "type": "button", "button": {}}
    })
}

#[test]
fn a_page_reads_into_the_model_ignoring_unmapped_properties() {
    let task = Task::from_page(&page(minimal_properties())).unwrap();
    assert_eq!(task.name, "Write docs");
    assert_eq!(task.points, 3);
    assert_eq!(task.priority, Some(Priority::Other("Urgent!".into())));
    assert_eq!(task.stage, Some(Stage::InProgress));
    assert_eq!(task.due, Some(jiff::civil::date(2026, 1, 2)));
    assert_eq!(task.notes, None);
    assert_eq!(task.local_only, 0);
    assert_eq!(
        task.id.unwrap().to_string(),
        "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
    );
}

#[test]
fn a_value_that_does_not_fit_names_model_field_property_and_page() {
    let mut props = minimal_properties();
    props["Points"]["number"] = json!(2.5);
    let err = Task::from_page(&page(props)).unwrap_err();
    match &err {
        notion_orm::Error::Conversion {
            model,
            field,
            property,
            page_id,
            ..
        } => {
            assert_eq!(
                (*model, *field, property.as_str()),
                ("Task", "points", "Points")
            );
            assert_eq!(page_id, "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d");
        }
        other => panic!("expected a conversion error, got {other:?}"),
    }
}

#[test]
fn a_missing_mapped_property_is_an_error() {
    let mut props = minimal_properties();
    props.as_object_mut().unwrap().remove("Done");
    assert!(Task::from_page(&page(props)).is_err());
}

#[test]
fn a_property_of_another_kind_is_an_error() {
    let mut props = minimal_properties();
    props["Done"] = json!({"id": "d", "type": "number", "number": 1});
    let err = Task::from_page(&page(props)).unwrap_err().to_string();
    assert!(
        err.contains("`number`") && err.contains("`checkbox`"),
        "{err}"
    );
}

#[test]
fn to_properties_writes_every_writable_field_in_request_shape() {
    let task = Task::from_page(&page(minimal_properties())).unwrap();
    let props = task.to_properties().unwrap();
    assert_eq!(
        props["Name"],
        json!({"title": [{"type": "text", "text": {"content": "Write docs"}}]})
    );
    assert_eq!(props["Priority"], json!({"select": {"name": "Urgent!"}}));
    assert_eq!(props["Stage"], json!({"status": {"name": "In Progress"}}));
    assert_eq!(props["Due"], json!({"date": {"start": "2026-01-02"}}));
    assert_eq!(props["Window"], json!({"date": null}));
    assert_eq!(props["Link"], json!({"url": null}));
    assert!(!props.contains_key("local_only"));
}

#[test]
fn changed_properties_holds_only_what_differs() {
    let old = Task::from_page(&page(minimal_properties())).unwrap();
    let mut new = old.clone();
    new.done = true;
    new.local_only = 9;
    let changes = Task::changed_properties(&old, &new).unwrap();
    assert_eq!(changes.keys().collect::<Vec<_>>(), ["Done"]);
}

#[test]
fn the_key_filter_finds_rows_by_the_key_property() {
    let task = Task::from_page(&page(minimal_properties())).unwrap();
    assert_eq!(
        task.key_filter().unwrap(),
        Some(json!({"property": "External id", "rich_text": {"equals": "T-1"}}))
    );
}

#[test]
fn the_schema_lists_kinds_and_enum_options() {
    let schema = Task::schema(None);
    assert_eq!(schema["Name"], json!({"title": {}}));
    assert_eq!(
        schema["Priority"],
        json!({"select": {"options": [{"name": "High"}, {"name": "Medium"}, {"name": "Low"}]}})
    );
    assert_eq!(
        schema["Stage"],
        json!({"status": {"options": [{"name": "Not Started"}, {"name": "In Progress"}, {"name": "Done"}]}})
    );
}

#[test]
fn strict_enums_reject_unknown_options() {
    let mut props = minimal_properties();
    props["Stage"]["status"]["name"] = json!("Archived");
    let err = Task::from_page(&page(props)).unwrap_err().to_string();
    assert!(err.contains("Archived"), "{err}");
}

/// Bound to a data source through the committed snapshot `tests/.notion/projects.json`.
#[derive(notion_orm::NotionModel)]
#[notion(data_source = "projects")]
struct Project {
    #[notion(title, rename = "Name")]
    name: String,
}

#[test]
fn a_snapshot_name_resolves_to_the_data_source_id_inside() {
    assert_eq!(
        Project::DATA_SOURCE,
        Some("5b8f9c2e-1d3a-4e6f-8a7b-9c0d1e2f3a4b")
    );
    let _ = Project::NAME;
}

/// Options checked against the `Stage` status of `tests/.notion/tasks.json`.
#[derive(notion_orm::NotionSelect, Debug, PartialEq)]
#[notion(data_source = "tasks", property = "Stage")]
enum CheckedStage {
    #[notion(rename = "Not started")]
    NotStarted,
    #[notion(rename = "In progress")]
    InProgress,
    Done,
}

/// Checked against `tests/.notion/tasks.json` at compile time: by name, by id, inferred and
/// spelled-out kinds, a read-only kind.
#[derive(notion_orm::NotionModel, Debug)]
#[notion(data_source = "tasks", rename_all = "Title Case")]
struct CheckedTask {
    #[notion(title)]
    name: String,
    done: bool,
    #[notion(property_id = "%3CnJT", kind = "select")]
    priority: Option<String>,
    #[notion(kind = "status")]
    stage: Option<CheckedStage>,
    #[notion(rename = "Due date")]
    due: Option<jiff::civil::Date>,
    #[notion(kind = "url")]
    link: Option<String>,
    #[notion(kind = "formula")]
    score: Option<f64>,
    #[notion(rename = "Blocked by")]
    blocked_by: Vec<notion_orm::types::PageId>,
}

#[test]
fn a_model_checked_against_its_snapshot_knows_it_needs_no_run_time_check() {
    assert_eq!(
        (CheckedTask::SNAPSHOT_CHECKED, Task::SNAPSHOT_CHECKED),
        (true, false)
    );
    assert_eq!(
        CheckedTask::DATA_SOURCE,
        Some("7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f")
    );
    let _ = (CheckedTask::PRIORITY, CheckedStage::Done);
}

/// A data source given as a Notion URL.
#[derive(notion_orm::NotionModel)]
#[notion(data_source = "https://www.notion.so/acme/Tasks-7C1D2E3F4A5B4C6D8E7F9A0B1C2D3E4F?v=1")]
struct FromUrl {
    #[notion(title)]
    name: String,
}

/// A data source given as an undashed id.
#[derive(notion_orm::NotionModel)]
#[notion(data_source = "7c1d2e3f4a5b4c6d8e7f9a0b1c2d3e4f")]
struct FromUndashedId {
    #[notion(title)]
    name: String,
}

#[test]
fn urls_and_undashed_ids_give_the_dashed_id() {
    let id = Some("7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f");
    assert_eq!(FromUrl::DATA_SOURCE, id);
    assert_eq!(FromUndashedId::DATA_SOURCE, id);
    let _ = (FromUrl::NAME, FromUndashedId::NAME);
}

#[test]
fn bound_data_sources_override_the_compile_time_one() {
    let id =
        notion_orm::types::DataSourceId::parse("6b8f9c2e-1d3a-4e6f-8a7b-9c0d1e2f3a4b").unwrap();
    notion_orm::model::bind::<Project>(id);
    assert_eq!(notion_orm::model::data_source_of::<Project>().unwrap(), id);
}

#[test]
fn invalid_writes_name_the_field_and_property() {
    let ids = (0..101).map(|_| notion_orm::types::PageId::from_uuid(uuid::Uuid::new_v4()));
    let patch = Task::patch(notion_orm::types::PageId::from_uuid(uuid::Uuid::new_v4())).set(
        Task::BLOCKED_BY,
        ids.collect::<notion_orm::model::Relation<Task>>(),
    );
    let err = patch.body().unwrap_err().to_string();
    assert!(
        err.contains("blocked_by") && err.contains("Blocked by"),
        "{err}"
    );
}

/// Bound by property id, with a defaulted optional property and a two-part key.
#[derive(notion_orm::NotionModel, Debug, PartialEq)]
struct Ledger {
    #[notion(title, property_id = "title")]
    label: String,
    #[notion(property_id = "a%3Bz", key)]
    amount: i64,
    #[notion(key, kind = "email")]
    owner: String,
    #[notion(default)]
    memo: Option<String>,
}

fn ledger_page() -> Value {
    page(json!({
        "Renamed in Notion": {"id": "title", "type": "title", "title": [{"plain_text": "Rent"}]},
        "Amount (EUR)": {"id": "a%3Bz", "type": "number", "number": 1200},
        "owner": {"id": "b", "type": "email", "email": "a@example.com"}
    }))
}

#[test]
fn fields_bound_by_property_id_survive_renames() {
    let ledger = Ledger::from_page(&ledger_page()).unwrap();
    assert_eq!(ledger.label, "Rent");
    assert_eq!(ledger.amount, 1200);
}

#[test]
fn default_fields_read_missing_properties_as_default() {
    assert_eq!(Ledger::from_page(&ledger_page()).unwrap().memo, None);
}

#[test]
fn writes_key_properties_bound_by_id_by_their_id() {
    let ledger = Ledger::from_page(&ledger_page()).unwrap();
    let props = ledger.to_properties().unwrap();
    assert_eq!(props["a%3Bz"], json!({"number": 1200}));
}

#[test]
fn several_keys_are_looked_up_together() {
    let ledger = Ledger::from_page(&ledger_page()).unwrap();
    assert_eq!(
        ledger.key_filter().unwrap(),
        Some(json!({"and": [
            {"property": "a%3Bz", "number": {"equals": 1200}},
            {"property": "owner", "email": {"equals": "a@example.com"}}
        ]}))
    );
}

#[test]
fn an_empty_upsert_key_is_refused_before_sending() {
    let mut ledger = Ledger::from_page(&ledger_page()).unwrap();
    ledger.owner = String::new();
    let err = ledger.key_filter().unwrap_err();
    assert!(err.to_string().contains("must not be empty"), "{err}");
    assert!(err.to_string().contains("owner"), "names the field: {err}");
}

#[test]
fn from_page_json_reads_the_same_model_as_from_page() {
    let page = ledger_page();
    let text = page.to_string();
    assert_eq!(
        Ledger::from_page_json(&text).unwrap(),
        Ledger::from_page(&page).unwrap()
    );
}

#[test]
fn slim_pages_drop_what_plain_fields_never_read() {
    let text = page(minimal_properties()).to_string();
    let slim: notion_orm::model::SlimPage<Task> = serde_json::from_str(&text).unwrap();
    let properties = &slim.page["properties"];
    assert_eq!(
        properties["Priority"],
        // The property id stays: truncated values are completed through it.
        json!({"id": "e", "type": "select", "select": {"name": "Urgent!"}})
    );
    assert_eq!(
        properties["Tags"]["multi_select"],
        json!([{"name": "docs"}])
    );
}

#[test]
fn slim_pages_keep_whole_values_of_other_fields() {
    let text = page(minimal_properties()).to_string();
    let slim: notion_orm::model::SlimPage<Task> = serde_json::from_str(&text).unwrap();
    assert_eq!(
        slim.page["properties"]["Due"],
        json!({"id": "h", "type": "date", "date": {"start": "2026-01-02", "end": null, "time_zone": null}})
    );
    assert!(slim.page["properties"].get("Unmapped").is_none());
}

#[test]
fn from_page_json_reads_trimmed_values_like_whole_ones() {
    let page = page(minimal_properties());
    assert_eq!(
        Task::from_page_json(&page.to_string()).unwrap(),
        Task::from_page(&page).unwrap()
    );
}

/// A select that is never empty, held as the bare enum.
#[derive(notion_orm::NotionModel, Debug, PartialEq)]
struct Ticket {
    #[notion(title)]
    name: String,
    #[notion(kind = "select")]
    priority: Priority,
}

#[test]
fn bare_enum_selects_read_write_filter_and_declare_their_options() {
    let page = page(json!({
        "name": {"id": "title", "type": "title", "title": [{"plain_text": "a"}]},
        "priority": {"id": "s", "type": "select", "select": {"id": "x", "name": "Low", "color": "red"}}
    }));
    let ticket = Ticket::from_page(&page).unwrap();
    assert_eq!(ticket.priority, Priority::Low);
    assert_eq!(
        ticket.to_properties().unwrap()["priority"],
        json!({"select": {"name": "Low"}})
    );
    assert_eq!(
        Ticket::PRIORITY.equals(Priority::High).to_json(),
        json!({"property": "priority", "select": {"equals": "High"}})
    );
    assert_eq!(
        Ticket::schema(None)["priority"],
        json!({"select": {"options": [{"name": "High"}, {"name": "Medium"}, {"name": "Low"}]}})
    );
}

/// Styled text: annotations are kept.
#[derive(notion_orm::NotionModel, Debug, PartialEq)]
struct Note {
    #[notion(title)]
    text: Vec<notion_orm::types::RichText>,
}

fn styled_note_page() -> Value {
    let item = |text: &str, bold: bool, color: &str| {
        json!({
            "type": "text",
            "text": {"content": text, "link": null},
            "annotations": {"bold": bold, "italic": false, "strikethrough": false,
                            "underline": false, "code": false, "color": color},
            "plain_text": text,
            "href": null
        })
    };
    page(json!({
        "text": {"id": "title", "type": "title", "title": [
            item("plain ", false, "default"),
            item("loud", true, "red")
        ]}
    }))
}

#[test]
fn slim_pages_drop_only_default_annotations_of_styled_text() {
    let slim: notion_orm::model::SlimPage<Note> =
        serde_json::from_str(&styled_note_page().to_string()).unwrap();
    let items = &slim.page["properties"]["text"]["title"];
    assert_eq!(items[0]["annotations"], json!({}));
    assert_eq!(
        items[1]["annotations"],
        json!({"bold": true, "color": "red"})
    );
}

#[test]
fn styled_text_reads_the_same_from_trimmed_values() {
    let page = styled_note_page();
    let note = Note::from_page_json(&page.to_string()).unwrap();
    assert_eq!(note, Note::from_page(&page).unwrap());
    assert!(note.text[1].annotations.bold);
}

/// `rename_all = "Sentence case"` names properties the way Notion names its own.
#[derive(notion_orm::NotionModel, Debug)]
#[notion(
    data_source = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
    rename_all = "Sentence case"
)]
struct Product {
    #[notion(title)]
    name: String,
    in_stock: bool,
    external_id: String,
}

#[test]
fn sentence_case_capitalises_the_first_word_only() {
    assert_eq!(Product::NAME.name(), "Name");
    assert_eq!(Product::IN_STOCK.name(), "In stock");
    assert_eq!(Product::EXTERNAL_ID.name(), "External id");
    let product = Product::from_page(&page(json!({
        "Name": {"type": "title", "title": [{"type": "text", "text": {"content": "Lamp"}, "plain_text": "Lamp"}]},
        "In stock": {"type": "checkbox", "checkbox": true},
        "External id": {"type": "rich_text", "rich_text": [{"type": "text", "text": {"content": "L-1"}, "plain_text": "L-1"}]}
    })))
    .unwrap();
    assert!(product.in_stock);
    assert_eq!(
        (product.name.as_str(), product.external_id.as_str()),
        ("Lamp", "L-1")
    );
}
