//! Every property type of Notion's §2 table, as schema and as page value.
//!
//! Each `tests/fixtures/properties/<type>.json` holds a hand-written data-source property
//! (`schema`, read shape), the request JSON its config must serialize to (`schema_request`), a
//! page property value (`value`, read shape) and the exact JSON its write shape must produce
//! (`write`, `null` for read-only kinds). The generated `<type>::*` tests check those four;
//! the tests after them pin down the details of individual types.

use std::collections::BTreeMap;
use std::path::Path;

use notion_orm::types::{
    DateOrDateTime, DateValue, FormulaValue, PageProperty, PropertyConfig, PropertySchema,
    PropertySchemaChange, PropertyType, PropertyValue, RelationConfig, RelationKind, RelationValue,
    RollupResult, SelectOption, UserKind, VerificationState,
};
use serde_json::{Value, json};

struct Fixture {
    schema: Value,
    schema_request: Value,
    value: Value,
    write: Value,
}

fn fixture(type_name: &str) -> Fixture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/properties")
        .join(format!("{type_name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let mut json: Value = serde_json::from_str(&text).unwrap();
    Fixture {
        schema: json["schema"].take(),
        schema_request: json["schema_request"].take(),
        value: json["value"].take(),
        write: json["write"].take(),
    }
}

fn schema_of(type_name: &str) -> PropertySchema {
    serde_json::from_value(fixture(type_name).schema).unwrap()
}

fn value_of(type_name: &str) -> PropertyValue {
    serde_json::from_value::<PageProperty>(fixture(type_name).value)
        .unwrap()
        .value
}

fn value(json: Value) -> PropertyValue {
    serde_json::from_value(json).unwrap()
}

fn check_schema(type_name: &str) {
    let fixture = fixture(type_name);
    let schema: PropertySchema = serde_json::from_value(fixture.schema.clone()).unwrap();
    assert_eq!(schema.id.as_str(), fixture.schema["id"]);
    assert_eq!(schema.name, fixture.schema["name"]);
    assert_eq!(schema.config.type_name(), type_name);
    assert_eq!(schema.config.property_type(), PropertyType::from(type_name));
    assert!(!matches!(schema.config, PropertyConfig::Unknown { .. }));
    assert_eq!(
        serde_json::to_value(&schema.config).unwrap(),
        fixture.schema_request
    );
}

fn check_value(type_name: &str) {
    let fixture = fixture(type_name);
    let property: PageProperty = serde_json::from_value(fixture.value.clone()).unwrap();
    assert_eq!(property.id.as_str(), fixture.value["id"]);
    assert_eq!(property.value.type_name(), type_name);
    assert!(!matches!(property.value, PropertyValue::Unknown { .. }));
    match fixture.write {
        Value::Null => {
            let err = property.value.to_write_json().unwrap_err();
            assert_eq!(err.type_name, type_name);
            assert!(!PropertyType::from(type_name).is_writable());
        }
        write => {
            assert_eq!(property.value.to_write_json().unwrap(), write);
            assert!(PropertyType::from(type_name).is_writable());
        }
    }
}

macro_rules! property_fixture_tests {
    (schema and value: $($with_value:ident)*; schema only: $($schema_only:ident)*) => {
        $(
            mod $with_value {
                #[test]
                fn schema_decodes_and_serializes_to_the_request_shape() {
                    super::check_schema(stringify!($with_value));
                }

                #[test]
                fn value_decodes_and_writes_the_table_shape() {
                    super::check_value(stringify!($with_value));
                }
            }
        )*
        $(
            mod $schema_only {
                #[test]
                fn schema_decodes_and_serializes_to_the_request_shape() {
                    super::check_schema(stringify!($schema_only));
                }
            }
        )*
    };
}

property_fixture_tests! {
    schema and value: title rich_text number select multi_select status date people files
        checkbox url email phone_number formula relation rollup created_time created_by
        last_edited_time last_edited_by unique_id verification button place;
    schema only: location last_visited_time
}

// ---- writes built in code produce exactly the table's JSON ----

#[test]
fn numbers_write_integers_without_a_fraction_and_decimals_as_sent() {
    let three = PropertyValue::Number(Some(3.into()));
    assert_eq!(three.to_write_json().unwrap(), json!({"number": 3}));
    assert_eq!(
        value(json!({"type": "number", "number": 2.5}))
            .to_write_json()
            .unwrap()
            .to_string(),
        r#"{"number":2.5}"#
    );
}

#[test]
fn empty_values_write_null() {
    for (empty, key) in [
        (PropertyValue::Number(None), "number"),
        (PropertyValue::Select(None), "select"),
        (PropertyValue::Status(None), "status"),
        (PropertyValue::Date(None), "date"),
        (PropertyValue::Url(None), "url"),
        (PropertyValue::Place(None), "place"),
    ] {
        assert_eq!(empty.to_write_json().unwrap(), json!({key: null}));
    }
}

#[test]
fn select_options_named_in_code_write_only_the_name() {
    let value = PropertyValue::Select(Some(SelectOption::named("High")));
    assert_eq!(
        value.to_write_json().unwrap(),
        json!({"select": {"name": "High"}})
    );
}

#[test]
fn select_options_referenced_by_id_write_only_the_id() {
    let value = PropertyValue::MultiSelect(vec![SelectOption::with_id("F<XA")]);
    assert_eq!(
        value.to_write_json().unwrap(),
        json!({"multi_select": [{"id": "F<XA"}]})
    );
}

#[test]
fn relations_write_only_the_page_ids() {
    let id = "393abc1e-edcd-81f5-ae94-ec2d55fe98ed".parse().unwrap();
    let value = PropertyValue::Relation(RelationValue {
        pages: vec![notion_orm::types::PageId::from_uuid(id).into()],
        has_more: true,
    });
    assert_eq!(
        value.to_write_json().unwrap(),
        json!({"relation": [{"id": "393abc1e-edcd-81f5-ae94-ec2d55fe98ed"}]})
    );
}

// ---- dates keep their form ----

#[test]
fn datetime_values_keep_their_offset() {
    let PropertyValue::Date(Some(date)) = value_of("date") else {
        panic!("expected a date");
    };
    let DateOrDateTime::DateTime { offset, .. } = date.start else {
        panic!("expected a date-time");
    };
    assert_eq!(offset, Some(jiff::tz::offset(9)));
}

#[test]
fn date_only_ranges_round_trip() {
    let read = value(json!({
        "type": "date",
        "date": {"start": "2024-01-31", "end": "2024-02-02", "time_zone": null}
    }));
    assert_eq!(
        read,
        PropertyValue::Date(Some(DateValue::range(
            jiff::civil::date(2024, 1, 31),
            jiff::civil::date(2024, 2, 2)
        )))
    );
    assert_eq!(
        read.to_write_json().unwrap(),
        json!({"date": {"start": "2024-01-31", "end": "2024-02-02"}})
    );
}

#[test]
fn dates_with_a_time_zone_keep_the_zone_and_no_offset() {
    let write = json!({"date": {"start": "2024-01-31T10:00:00.000", "time_zone": "Europe/Paris"}});
    let read = value(json!({
        "type": "date",
        "date": {"start": "2024-01-31T10:00:00.000", "end": null, "time_zone": "Europe/Paris"}
    }));
    assert_eq!(read.to_write_json().unwrap(), write);
}

// ---- type-specific read details ----

#[test]
fn relation_values_report_has_more() {
    let PropertyValue::Relation(relation) = value_of("relation") else {
        panic!("expected a relation");
    };
    assert!(relation.has_more);
    assert_eq!(relation.pages.len(), 2);
}

#[test]
fn relation_without_has_more_is_complete() {
    let read = value(json!({"type": "relation", "relation": []}));
    assert_eq!(read, PropertyValue::Relation(RelationValue::default()));
}

#[test]
fn people_values_keep_groups_and_emails() {
    let PropertyValue::People(people) = value_of("people") else {
        panic!("expected people");
    };
    assert_eq!(people[0].email(), Some("ada@example.com"));
    assert_eq!(people[1].kind, UserKind::Group);
    assert_eq!(people[1].name.as_deref(), Some("Engineering"));
}

#[test]
fn files_keep_hosted_expiry_and_external_urls() {
    let PropertyValue::Files(files) = value_of("files") else {
        panic!("expected files");
    };
    assert_eq!(files[0].name.as_deref(), Some("spec.pdf"));
    assert!(files[0].source.url().unwrap().ends_with("spec.pdf"));
    assert_eq!(files[1].source.url(), Some("https://example.com/logo.png"));
}

#[test]
fn status_schemas_keep_groups_but_never_send_them() {
    let PropertyConfig::Status(status) = schema_of("status").config else {
        panic!("expected a status config");
    };
    assert_eq!(status.groups.len(), 3);
    assert_eq!(status.groups[2].name, "Complete");
    assert_eq!(status.groups[2].option_ids, ["s3"]);
}

#[test]
fn select_schemas_keep_option_descriptions() {
    let schema = schema_of("select");
    let options = schema.config.options().unwrap();
    assert_eq!(options[0].description, None);
    assert_eq!(options[1].description.as_deref(), Some("later"));
}

#[test]
fn single_property_relations_serialize_without_the_database() {
    let config: RelationConfig = serde_json::from_value(json!({
        "database_id": "3e631832-5efa-4702-8171-8b8a0e6651ba",
        "data_source_id": "393abc1e-edcd-8179-9372-000bd163e729",
        "type": "single_property",
        "single_property": {}
    }))
    .unwrap();
    assert_eq!(config.kind, RelationKind::Single);
    assert_eq!(
        serde_json::to_value(PropertyConfig::Relation(config)).unwrap(),
        json!({"relation": {
            "data_source_id": "393abc1e-edcd-8179-9372-000bd163e729",
            "type": "single_property",
            "single_property": {}
        }})
    );
}

#[test]
fn formula_results_of_every_type_decode() {
    let cases = [
        (
            json!({"type": "string", "string": "hi"}),
            FormulaValue::String(Some("hi".into())),
        ),
        (
            json!({"type": "number", "number": null}),
            FormulaValue::Number(None),
        ),
        (
            json!({"type": "boolean", "boolean": true}),
            FormulaValue::Boolean(Some(true)),
        ),
        (
            json!({"type": "date", "date": {"start": "2024-01-31", "end": null}}),
            FormulaValue::Date(Some(DateValue::new(jiff::civil::date(2024, 1, 31)))),
        ),
        (
            json!({"type": "unsupported", "unsupported": {}}),
            FormulaValue::Unsupported,
        ),
    ];
    for (result, expected) in cases {
        let read = value(json!({"type": "formula", "formula": result}));
        assert_eq!(read, PropertyValue::Formula(expected));
    }
}

#[test]
fn rollup_arrays_hold_values_without_ids() {
    let read = value(json!({"type": "rollup", "rollup": {
        "type": "array",
        "array": [
            {"type": "title", "title": [{"type": "text", "text": {"content": "A"}, "plain_text": "A"}]},
            {"type": "number", "number": 1}
        ],
        "function": "show_original"
    }}));
    let PropertyValue::Rollup(rollup) = read else {
        panic!("expected a rollup");
    };
    assert_eq!(rollup.function.as_str(), "show_original");
    let RollupResult::Array(values) = rollup.result else {
        panic!("expected an array result");
    };
    assert_eq!(values[0].plain_text().as_deref(), Some("A"));
    assert_eq!(values[1], PropertyValue::Number(Some(1.into())));
}

#[test]
fn rollup_dates_incomplete_and_unsupported_results_decode() {
    let cases = [
        (
            json!({"type": "date", "date": {"start": "2024-01-31"}, "function": "latest_date"}),
            RollupResult::Date(Some(DateValue::new(jiff::civil::date(2024, 1, 31)))),
        ),
        (
            json!({"type": "incomplete", "incomplete": {}, "function": "sum"}),
            RollupResult::Incomplete,
        ),
        (
            json!({"type": "unsupported", "unsupported": {}, "function": "count_per_group"}),
            RollupResult::Unsupported,
        ),
    ];
    for (result, expected) in cases {
        let PropertyValue::Rollup(rollup) = value(json!({"type": "rollup", "rollup": result}))
        else {
            panic!("expected a rollup");
        };
        assert_eq!(rollup.result, expected);
    }
}

#[test]
fn unique_ids_display_prefix_and_number() {
    let PropertyValue::UniqueId(id) = value_of("unique_id") else {
        panic!("expected a unique id");
    };
    assert_eq!(id.to_string(), "TASK-42");
}

#[test]
fn unverified_and_null_verifications_decode() {
    let unverified = value(json!({"type": "verification", "verification":
        {"state": "unverified", "date": null, "verified_by": null}}));
    let PropertyValue::Verification(Some(verification)) = &unverified else {
        panic!("expected a verification");
    };
    assert_eq!(verification.state, VerificationState::Unverified);
    assert_eq!(
        unverified.to_write_json().unwrap(),
        json!({"verification": {"state": "unverified"}})
    );
    let null = value(json!({"type": "verification", "verification": null}));
    assert_eq!(null, PropertyValue::Verification(None));
}

#[test]
fn null_places_decode_as_empty() {
    let read = value(json!({"id": "plc", "type": "place", "place": null}));
    assert_eq!(read, PropertyValue::Place(None));
}

// ---- unknown input never fails ----

#[test]
fn unknown_schema_types_keep_the_raw_config() {
    let schema: PropertySchema = serde_json::from_value(json!({
        "id": "x", "name": "Mood", "description": null,
        "type": "emotion", "emotion": {"scale": 5}
    }))
    .unwrap();
    let PropertyConfig::Unknown { type_name, raw } = &schema.config else {
        panic!("expected an unknown config");
    };
    assert_eq!(type_name, "emotion");
    assert_eq!(raw, &json!({"type": "emotion", "emotion": {"scale": 5}}));
    assert_eq!(
        schema.config.property_type(),
        PropertyType::Other("emotion".into())
    );
}

#[test]
fn unknown_value_types_decode_and_refuse_to_write() {
    let read = value(json!({"id": "x", "type": "emotion", "emotion": "happy"}));
    assert_eq!(read.type_name(), "emotion");
    assert!(read.to_write_json().is_err());
}

#[test]
fn unknown_formats_colors_and_functions_are_kept() {
    let schema: PropertySchema = serde_json::from_value(json!({
        "id": "x", "name": "N", "type": "number", "number": {"format": "bitcoin"}
    }))
    .unwrap();
    assert_eq!(
        serde_json::to_value(&schema.config).unwrap(),
        json!({"number": {"format": "bitcoin"}})
    );
    let option: SelectOption =
        serde_json::from_value(json!({"id": "1", "name": "A", "color": "teal"})).unwrap();
    assert_eq!(option.color.unwrap().as_str(), "teal");
    let rollup = value(json!({"type": "rollup", "rollup":
        {"type": "number", "number": 1, "function": "geometric_mean"}}));
    let PropertyValue::Rollup(rollup) = rollup else {
        panic!("expected a rollup");
    };
    assert_eq!(rollup.function.as_str(), "geometric_mean");
}

// ---- schema create and update shapes ----

#[test]
fn data_source_create_properties_serialize_to_the_request_shape() {
    let properties = BTreeMap::from([
        ("Name".to_owned(), schema_of("title").config),
        ("Price".to_owned(), schema_of("number").config),
    ]);
    assert_eq!(
        serde_json::to_value(properties).unwrap(),
        json!({"Name": {"title": {}}, "Price": {"number": {"format": "dollar"}}})
    );
}

#[test]
fn schema_updates_serialize_set_rename_and_delete() {
    let changes = BTreeMap::from([
        (
            "Price".to_owned(),
            PropertySchemaChange::Set {
                config: schema_of("number").config,
                name: Some("Cost".into()),
                description: Some("in USD".into()),
            },
        ),
        (
            "Notes".to_owned(),
            PropertySchemaChange::Rename("Comments".into()),
        ),
        ("Tags".to_owned(), PropertySchemaChange::Delete),
    ]);
    assert_eq!(
        serde_json::to_value(changes).unwrap(),
        json!({
            "Price": {"number": {"format": "dollar"}, "name": "Cost", "description": "in USD"},
            "Notes": {"name": "Comments"},
            "Tags": null
        })
    );
}

#[test]
fn property_schemas_serialize_with_their_description() {
    let mut schema = schema_of("checkbox");
    schema.description = Some("finished?".into());
    assert_eq!(
        serde_json::to_value(&schema).unwrap(),
        json!({"checkbox": {}, "description": "finished?"})
    );
}

// ---- round trips for arbitrary values ----

mod round_trips {
    use super::*;
    use proptest::prelude::*;

    fn datetime() -> impl Strategy<Value = DateOrDateTime> {
        let date =
            (1900i16..2200, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| jiff::civil::date(y, m, d));
        let time = (0i8..24, 0i8..60, 0i8..60, 0i16..1000)
            .prop_map(|(h, m, s, ms)| jiff::civil::time(h, m, s, i32::from(ms) * 1_000_000));
        let offset = proptest::option::of((-12i32 * 60..=14 * 60).prop_map(|minutes| {
            jiff::tz::Offset::from_seconds(minutes * 60).expect("offset in range")
        }));
        prop_oneof![
            date.clone().prop_map(DateOrDateTime::Date),
            (date, time, offset).prop_map(|(date, time, offset)| DateOrDateTime::DateTime {
                datetime: date.to_datetime(time),
                offset,
            }),
        ]
    }

    proptest! {
        #[test]
        fn dates_print_and_parse_back_to_the_same_value(value in datetime()) {
            let text = value.to_string();
            prop_assert_eq!(text.parse::<DateOrDateTime>().unwrap(), value);
        }

        #[test]
        fn date_values_survive_write_and_read(start in datetime(), end in proptest::option::of(datetime())) {
            let written = PropertyValue::Date(Some(DateValue { start, end, time_zone: None }));
            let json = written.to_write_json().unwrap();
            prop_assert_eq!(value(json), written);
        }

        #[test]
        fn numbers_survive_write_and_read(number in any::<i64>(), decimal in -1e12f64..1e12) {
            for written in [
                PropertyValue::Number(Some(number.into())),
                PropertyValue::Number(serde_json::Number::from_f64(decimal)),
            ] {
                let json = written.to_write_json().unwrap();
                prop_assert_eq!(value(json), written);
            }
        }

        #[test]
        fn text_values_survive_write_and_read(text in "\\PC{0,50}") {
            let written = PropertyValue::RichText(vec![notion_orm::types::RichText::text(text)]);
            let json = written.to_write_json().unwrap();
            prop_assert_eq!(value(json), written);
        }
    }
}

mod arbitrary_input {
    use super::*;
    use notion_orm::types::{PageProperty, RichText};
    use proptest::prelude::*;

    const TYPES: &[&str] = &[
        "title",
        "rich_text",
        "number",
        "select",
        "multi_select",
        "status",
        "date",
        "people",
        "files",
        "checkbox",
        "url",
        "email",
        "phone_number",
        "formula",
        "relation",
        "rollup",
        "created_time",
        "created_by",
        "last_edited_time",
        "last_edited_by",
        "unique_id",
        "verification",
        "button",
        "place",
        "location",
        "mystery",
    ];

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z_]{0,8}".prop_map(Value::from),
            Just(Value::from("2024-01-31")),
            Just(Value::from("393abc1e-edcd-81f5-ae94-ec2d55fe98ed")),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            let keys = prop_oneof![
                Just("type".to_owned()),
                Just("id".to_owned()),
                Just("start".to_owned()),
                Just("text".to_owned()),
                Just("number".to_owned()),
                "[a-z_]{1,8}",
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(keys, inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Unknown or malformed input is an `Err` or an `Unknown` variant, never a panic.
        #[test]
        fn malformed_values_never_panic(
            type_index in 0..TYPES.len(),
            content in json_value(),
            config in json_value(),
        ) {
            let type_name = TYPES[type_index];
            let read = json!({"id": "x", "type": type_name, type_name: content});
            if let Ok(property) = serde_json::from_value::<PageProperty>(read) {
                let _ = property.value.to_write_json();
            }
            let schema = json!({"id": "x", "name": "X", "type": type_name, type_name: config});
            if let Ok(schema) = serde_json::from_value::<PropertySchema>(schema) {
                let _ = serde_json::to_value(&schema.config);
            }
            let _ = serde_json::from_value::<RichText>(json!({"type": type_name, type_name: content}));
        }
    }
}
