//! Page property values: reading any property (stored or computed: formulas, rollups, unique ids,
//! timestamps and authors), rendering them in a page, and converting written values from a
//! request into their stored form with Notion's validation.

use std::borrow::Cow;
use std::collections::HashSet;

use jiff::Timestamp;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::notion::error::{ApiError, ApiResult};
use crate::notion::formula::{self, FKind, FValue};
use crate::notion::ids::parse_uuid;
use crate::notion::richtext::{self, MAX_ARRAY_ITEMS, check_array_len, check_chars, describe};
use crate::notion::schema::{READ_ONLY_TYPES, check_option_name, new_option_id};
use crate::world::{Page, Parent, PropertySchema, World};

/// How deep formulas and rollups may reach through other formulas and rollups; deeper
/// references (cycles, mostly) read as empty rather than recursing forever.
const MAX_DEPTH: u8 = 4;

/// Notion's timestamp format: `2026-07-04T09:08:00.000Z`.
pub(crate) fn format_time(ts: Timestamp) -> String {
    // Formatted by hand: every rendered page needs two of these, and `strftime` is the slow
    // part of rendering in debug builds.
    let t = jiff::tz::Offset::UTC.to_datetime(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// Parses the `start`/`end` of a Notion date: `YYYY-MM-DD` (midnight UTC), an ISO datetime with
/// offset, or a datetime without offset (read in `time_zone`, else UTC).
pub(crate) fn parse_date(raw: &str, time_zone: Option<&str>) -> Option<Timestamp> {
    if let Ok(ts) = raw.parse::<Timestamp>() {
        return Some(ts);
    }
    let tz = time_zone
        .and_then(|name| jiff::tz::TimeZone::get(name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    if let Ok(datetime) = raw.parse::<jiff::civil::DateTime>() {
        return datetime.to_zoned_datetime(tz).ok().map(|z| z.timestamp());
    }
    raw.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
}

/// The empty value of a property type, as Notion shows it.
fn empty_value(kind: &str) -> Value {
    match kind {
        "title" | "rich_text" | "multi_select" | "people" | "files" | "relation" => json!([]),
        "checkbox" => json!(false),
        "button" => json!({}),
        "verification" => json!({ "state": "unverified", "date": null, "verified_by": null }),
        _ => Value::Null,
    }
}

/// The full value of `property` on `page` (no reference cap), stored or computed.
pub(crate) fn value_of(world: &World, page: &Page, property: &PropertySchema) -> Value {
    value_ref(world, page, property).into_owned()
}

/// Like [`value_of`], borrowing stored values instead of cloning them (filters and sorts read
/// every row, so this is their hot path).
pub(crate) fn value_ref<'p>(
    world: &World,
    page: &'p Page,
    property: &PropertySchema,
) -> Cow<'p, Value> {
    value_at_depth(world, page, property, 0)
}

fn value_at_depth<'p>(
    world: &World,
    page: &'p Page,
    property: &PropertySchema,
    depth: u8,
) -> Cow<'p, Value> {
    Cow::Owned(match property.kind.as_str() {
        "created_time" => json!(format_time(page.audit.created_time)),
        "last_edited_time" => json!(format_time(page.audit.last_edited_time)),
        "created_by" => json!({ "object": "user", "id": page.audit.created_by }),
        "last_edited_by" => json!({ "object": "user", "id": page.audit.last_edited_by }),
        "formula" => formula_value(world, page, property, depth),
        "rollup" => rollup_value(world, page, property, depth),
        kind => {
            return page
                .properties
                .get(&property.id)
                .map_or_else(|| Cow::Owned(empty_value(kind)), Cow::Borrowed);
        }
    })
}

/// The data source a page is a row of.
pub(crate) fn schema_of<'w>(world: &'w World, page: &Page) -> Option<&'w [PropertySchema]> {
    match page.parent {
        Parent::DataSource(id) => world.data_source(id).map(|ds| ds.properties.as_slice()),
        _ => None,
    }
}

/// The formula kind of a property when read through `prop()`.
fn formula_kind(properties: &[PropertySchema], name: &str, depth: u8) -> FKind {
    let Some(property) = properties.iter().find(|p| p.name == name) else {
        return FKind::String;
    };
    match property.kind.as_str() {
        "number" | "unique_id" => FKind::Number,
        "checkbox" => FKind::Boolean,
        "date" | "created_time" | "last_edited_time" => FKind::Date,
        "formula" if depth < MAX_DEPTH => {
            formula::parse(property.config["expression"].as_str().unwrap_or(""))
                .map_or(FKind::String, |e| {
                    formula::infer(&e, &|n| formula_kind(properties, n, depth + 1))
                })
        }
        "rollup" => match property.config["function"].as_str() {
            Some("earliest_date" | "latest_date") => FKind::Date,
            Some("show_original" | "show_unique") => FKind::String,
            _ => FKind::Number,
        },
        _ => FKind::String,
    }
}

/// A property value as a formula sees it.
fn to_fvalue(property: &PropertySchema, value: &Value) -> FValue {
    match property.kind.as_str() {
        "number" => value.as_f64().map_or(FValue::Null, FValue::Number),
        "checkbox" => FValue::Bool(value.as_bool().unwrap_or(false)),
        "unique_id" => value["number"]
            .as_f64()
            .map_or(FValue::Null, FValue::Number),
        "date" => {
            if value.is_null() {
                FValue::Null
            } else {
                FValue::Date(value.clone())
            }
        }
        "created_time" | "last_edited_time" => {
            FValue::Date(json!({ "start": value, "end": null, "time_zone": null }))
        }
        "title" | "rich_text" => FValue::Text(richtext::plain_text(value)),
        "select" | "status" => value["name"]
            .as_str()
            .map_or(FValue::Null, |s| FValue::Text(s.to_owned())),
        "multi_select" => FValue::Text(
            value
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|o| o["name"].as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default(),
        ),
        "url" | "email" | "phone_number" => value
            .as_str()
            .map_or(FValue::Null, |s| FValue::Text(s.to_owned())),
        "formula" => match value["type"].as_str() {
            Some("number") => value["number"]
                .as_f64()
                .map_or(FValue::Null, FValue::Number),
            Some("boolean") => value["boolean"]
                .as_bool()
                .map_or(FValue::Null, FValue::Bool),
            Some("date") if !value["date"].is_null() => FValue::Date(value["date"].clone()),
            Some("string") => value["string"]
                .as_str()
                .map_or(FValue::Null, |s| FValue::Text(s.to_owned())),
            _ => FValue::Null,
        },
        "rollup" => match value["type"].as_str() {
            Some("number") => value["number"]
                .as_f64()
                .map_or(FValue::Null, FValue::Number),
            Some("date") if !value["date"].is_null() => FValue::Date(value["date"].clone()),
            _ => FValue::Null,
        },
        _ => FValue::Null,
    }
}

fn formula_value(world: &World, page: &Page, property: &PropertySchema, depth: u8) -> Value {
    let expression = property.config["expression"].as_str().unwrap_or("");
    let (Some(properties), Ok(expr)) = (schema_of(world, page), formula::parse(expression)) else {
        return json!({ "type": "string", "string": null });
    };
    let kind = formula::infer(&expr, &|n| formula_kind(properties, n, depth + 1));
    let value = if depth >= MAX_DEPTH {
        FValue::Null
    } else {
        formula::eval(&expr, &mut |name| {
            properties
                .iter()
                .find(|p| p.name == name)
                .map_or(FValue::Null, |p| {
                    to_fvalue(p, &value_at_depth(world, page, p, depth + 1))
                })
        })
    };
    match kind {
        FKind::Number => json!({ "type": "number", "number": match value {
            FValue::Number(n) => number_json(n),
            other => other.to_text().parse::<f64>().map_or(Value::Null, number_json),
        }}),
        FKind::Boolean => json!({ "type": "boolean", "boolean": match value {
            FValue::Null => Value::Null,
            FValue::Bool(b) => json!(b),
            other => json!(other.to_text() == "true"),
        }}),
        FKind::Date => json!({ "type": "date", "date": match value {
            FValue::Date(d) => d,
            _ => Value::Null,
        }}),
        FKind::String => json!({ "type": "string", "string": match value {
            FValue::Null => Value::Null,
            other => json!(other.to_text()),
        }}),
    }
}

/// A computed number as Notion writes it: integers without a fraction (`8`, not `8.0`).
pub(crate) fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// The related page ids in a relation value.
pub(crate) fn relation_ids(value: &Value) -> Vec<Uuid> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|r| r["id"].as_str().and_then(parse_uuid))
                .collect()
        })
        .unwrap_or_default()
}

fn is_empty_value(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::String(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Object(o) => match o.get("type").and_then(Value::as_str) {
            // formula / rollup results
            Some(kind) if o.contains_key(kind) => is_empty_value(&o[kind]),
            _ => false,
        },
        Value::Number(_) => false,
    }
}

fn number_in(value: &Value) -> Option<f64> {
    value.as_f64().or_else(|| match value["type"].as_str() {
        Some("number") => value["number"].as_f64(),
        _ => value["number"].as_f64(),
    })
}

fn date_in(value: &Value) -> Option<(Timestamp, Value)> {
    let date = if value.is_string() {
        json!({ "start": value, "end": null, "time_zone": null })
    } else if value.get("start").is_some() {
        value.clone()
    } else if value["type"] == "date" {
        value["date"].clone()
    } else {
        return None;
    };
    let start = parse_date(date["start"].as_str()?, date["time_zone"].as_str())?;
    Some((start, date))
}

fn rollup_value(world: &World, page: &Page, property: &PropertySchema, depth: u8) -> Value {
    let function = property.config["function"]
        .as_str()
        .unwrap_or("show_original");
    let unsupported = json!({ "type": "unsupported", "unsupported": {}, "function": function });
    let Some(properties) = schema_of(world, page) else {
        return unsupported;
    };
    let Some(relation) = properties
        .iter()
        .find(|p| Some(p.id.as_str()) == property.config["relation_property_id"].as_str())
    else {
        return unsupported;
    };
    let target = relation.config["data_source_id"]
        .as_str()
        .and_then(parse_uuid)
        .and_then(|id| world.data_source(id));
    let Some(rolled) = target.and_then(|ds| {
        ds.properties
            .iter()
            .find(|p| Some(p.id.as_str()) == property.config["rollup_property_id"].as_str())
    }) else {
        return unsupported;
    };
    let related = relation_ids(&value_at_depth(world, page, relation, depth + 1));
    let values: Vec<Value> = if depth >= MAX_DEPTH {
        Vec::new()
    } else {
        related
            .iter()
            .filter_map(|id| world.page(*id))
            .filter(|p| !p.in_trash)
            .map(|p| value_at_depth(world, p, rolled, depth + 1).into_owned())
            .collect()
    };
    aggregate(function, &rolled.kind, &values)
}

/// Applies a rollup function to the related pages' values of a property of type `kind`.
pub(crate) fn aggregate(function: &str, kind: &str, values: &[Value]) -> Value {
    let number = |n: Option<f64>| json!({ "type": "number", "number": n.map_or(Value::Null, number_json), "function": function });
    let total = values.len() as f64;
    let empty = values.iter().filter(|v| is_empty_value(v)).count() as f64;
    let checked = values.iter().filter(|v| v.as_bool() == Some(true)).count() as f64;
    let numbers: Vec<f64> = values.iter().filter_map(number_in).collect();
    let mut dates: Vec<(Timestamp, Value)> = values.iter().filter_map(date_in).collect();
    dates.sort_by_key(|(ts, _)| *ts);
    let ratio = |part: f64| {
        if total == 0.0 {
            Some(0.0)
        } else {
            Some(part / total)
        }
    };
    match function {
        "count" => number(Some(total)),
        "count_values" => number(Some(
            values
                .iter()
                .map(|v| {
                    v.as_array()
                        .map_or(usize::from(!is_empty_value(v)), Vec::len)
                })
                .sum::<usize>() as f64,
        )),
        "empty" => number(Some(empty)),
        "not_empty" => number(Some(total - empty)),
        "unique" => {
            let unique: HashSet<String> = values
                .iter()
                .filter(|v| !is_empty_value(v))
                .map(Value::to_string)
                .collect();
            number(Some(unique.len() as f64))
        }
        "percent_empty" => number(ratio(empty)),
        "percent_not_empty" => number(ratio(total - empty)),
        "sum" => number(Some(numbers.iter().sum())),
        "average" => number(
            (!numbers.is_empty()).then(|| numbers.iter().sum::<f64>() / numbers.len() as f64),
        ),
        "median" => {
            let mut sorted = numbers.clone();
            sorted.sort_by(f64::total_cmp);
            let n = sorted.len();
            number((n > 0).then(|| {
                if n % 2 == 1 {
                    sorted[n / 2]
                } else {
                    (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
                }
            }))
        }
        "min" => number(numbers.iter().copied().reduce(f64::min)),
        "max" => number(numbers.iter().copied().reduce(f64::max)),
        "range" => number(
            numbers
                .iter()
                .copied()
                .reduce(f64::max)
                .zip(numbers.iter().copied().reduce(f64::min))
                .map(|(max, min)| max - min),
        ),
        "checked" => number(Some(checked)),
        "unchecked" => number(Some(total - checked)),
        "percent_checked" => number(ratio(checked)),
        "percent_unchecked" => number(ratio(total - checked)),
        "earliest_date" | "latest_date" => {
            let picked = if function == "earliest_date" {
                dates.first()
            } else {
                dates.last()
            };
            json!({ "type": "date", "date": picked.map(|(_, d)| d.clone()), "function": function })
        }
        "date_range" => {
            let date = dates
                .first()
                .zip(dates.last())
                .map(|((_, first), (_, last))| {
                    json!({
                        "start": first["start"],
                        "end": last["end"].as_str().map_or(last["start"].clone(), |e| json!(e)),
                        "time_zone": null,
                    })
                });
            json!({ "type": "date", "date": date, "function": function })
        }
        "show_original" | "show_unique" => {
            let mut seen = HashSet::new();
            let array: Vec<Value> = values
                .iter()
                .filter(|v| function == "show_original" || seen.insert(v.to_string()))
                .map(|v| json!({ "type": kind, kind: v }))
                .collect();
            json!({ "type": "array", "array": array, "function": function })
        }
        _ => json!({ "type": "unsupported", "unsupported": {}, "function": function }),
    }
}

/// A page's `properties` object: every property of its data source (or its title), each as
/// `{"id","type",<type>: value}`. Like Notion, relation and people values are capped at `cap`
/// references (with `has_more`) and title/rich-text values end at their `cap`-th mention; the
/// property-item endpoint returns everything. `only` restricts the output to the listed
/// property ids or names.
pub(crate) fn render_properties(
    world: &World,
    page: &Page,
    cap: usize,
    only: Option<&[String]>,
) -> Value {
    let mut out = Map::new();
    let wanted = |p: &PropertySchema| {
        only.is_none_or(|keys| keys.iter().any(|k| *k == p.id || *k == p.name))
    };
    match schema_of(world, page) {
        Some(properties) => {
            for property in properties.iter().filter(|p| wanted(p)) {
                let mut value = value_of(world, page, property);
                let mut has_more = None;
                match (property.kind.as_str(), value.as_array_mut()) {
                    ("relation" | "people", Some(items)) => {
                        has_more = Some(items.len() > cap);
                        items.truncate(cap);
                    }
                    ("title" | "rich_text", Some(items)) => cap_mentions(items, cap),
                    _ => {}
                }
                let mut rendered = json!({ "id": property.id, "type": property.kind });
                rendered[property.kind.as_str()] = value;
                if let Some(more) = has_more {
                    rendered["has_more"] = json!(more);
                }
                out.insert(property.name.clone(), rendered);
            }
        }
        None => {
            let mut title = page.properties.get("title").cloned().unwrap_or(json!([]));
            if let Some(items) = title.as_array_mut() {
                cap_mentions(items, cap);
            }
            let keep = only.is_none_or(|keys| keys.iter().any(|k| k == "title"));
            if keep {
                out.insert(
                    "title".to_owned(),
                    json!({ "id": "title", "type": "title", "title": title }),
                );
            }
        }
    }
    Value::Object(out)
}

/// Cuts a rich-text array just before its mention number `cap + 1`, if it has one.
fn cap_mentions(items: &mut Vec<Value>, cap: usize) {
    let over = items
        .iter()
        .enumerate()
        .filter(|(_, item)| item["type"] == "mention")
        .nth(cap)
        .map(|(i, _)| i);
    if let Some(over) = over {
        // Keep the text up to and including the last allowed mention.
        let end = items[..over]
            .iter()
            .rposition(|item| item["type"] == "mention")
            .map_or(0, |i| i + 1);
        items.truncate(end);
    }
}

/// The plain-text title of a page.
pub(crate) fn page_title(world: &World, page: &Page) -> String {
    let title = match schema_of(world, page).and_then(|ps| ps.iter().find(|p| p.kind == "title")) {
        Some(property) => page.properties.get(&property.id),
        None => page.properties.get("title"),
    };
    title.map(richtext::plain_text).unwrap_or_default()
}

/// A written value converted to its stored form, plus select options it introduced.
#[derive(Debug)]
pub(crate) struct Written {
    pub value: Value,
    pub new_options: Vec<Value>,
}

/// Converts the value written to `property` (request form, at `path`) into its stored form.
pub(crate) fn convert_write(
    world: &World,
    property: &PropertySchema,
    raw: &Value,
    path: &str,
) -> ApiResult<Written> {
    let kind = property.kind.as_str();
    if READ_ONLY_TYPES.contains(&kind) {
        return Err(ApiError::validation(format!(
            "{} is a {kind} property and cannot be written.",
            property.name
        )));
    }
    // Requests wrap the value (`{"number": 5}`); plain pages' titles may come bare (`[..]`).
    let value = match raw {
        Value::Object(object) if object.contains_key(kind) => &object[kind],
        Value::Object(_) => {
            return Err(ApiError::validation(format!(
                "body failed validation: {path}.{kind} should be defined, instead was `undefined`."
            )));
        }
        other => other,
    };
    let path = format!("{path}.{kind}");
    let mut new_options = Vec::new();
    let stored = match kind {
        "title" | "rich_text" => richtext::normalize(value, &path)?,
        "number" => match value {
            Value::Null => Value::Null,
            Value::Number(_) => value.clone(),
            other => {
                return Err(ApiError::body_field(
                    &path,
                    "a number or `null`",
                    describe(other),
                ));
            }
        },
        "checkbox" => match value {
            Value::Bool(_) => value.clone(),
            other => return Err(ApiError::body_field(&path, "a boolean", describe(other))),
        },
        "url" | "email" | "phone_number" => match value {
            Value::Null => Value::Null,
            Value::String(s) => {
                let max = if kind == "url" { 2000 } else { 200 };
                check_chars(&path, s, max)?;
                if s.is_empty() {
                    return Err(ApiError::body_field(
                        &path,
                        "a non-empty string or `null`",
                        describe(value),
                    ));
                }
                value.clone()
            }
            other => {
                return Err(ApiError::body_field(
                    &path,
                    "a string or `null`",
                    describe(other),
                ));
            }
        },
        "select" | "status" => match value {
            Value::Null => Value::Null,
            Value::Object(_) => {
                let option = resolve_option(property, value, &path, kind == "select")?;
                if option.1 {
                    new_options.push(option.0.clone());
                }
                json!({ "id": option.0["id"], "name": option.0["name"], "color": option.0["color"] })
            }
            other => {
                return Err(ApiError::body_field(
                    &path,
                    "an object or `null`",
                    describe(other),
                ));
            }
        },
        "multi_select" => {
            let items = value
                .as_array()
                .ok_or_else(|| ApiError::body_field(&path, "an array", describe(value)))?;
            check_array_len(&path, items)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let (option, created) = resolve_option_among(
                    property,
                    &new_options,
                    item,
                    &format!("{path}[{i}]"),
                    true,
                )?;
                if created {
                    new_options.push(option.clone());
                }
                if !out.iter().any(|o: &Value| o["id"] == option["id"]) {
                    out.push(json!({ "id": option["id"], "name": option["name"], "color": option["color"] }));
                }
            }
            Value::Array(out)
        }
        "date" => convert_date(value, &path)?,
        "people" => {
            let items = value
                .as_array()
                .ok_or_else(|| ApiError::body_field(&path, "an array", describe(value)))?;
            check_array_len(&path, items)?;
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let id = item["id"].as_str().and_then(parse_uuid).ok_or_else(|| {
                    ApiError::body_field(
                        &format!("{path}[{i}].id"),
                        "a valid uuid",
                        describe(&item["id"]),
                    )
                })?;
                let reference = if item["object"] == "group" {
                    json!({ "object": "group", "id": id, "name": item.get("name").cloned().unwrap_or(Value::Null) })
                } else {
                    match world.user(id) {
                        Some(user) => crate::notion::render::render_user(world, user),
                        None => json!({ "object": "user", "id": id }),
                    }
                };
                out.push(reference);
            }
            Value::Array(out)
        }
        "relation" => {
            let items = value
                .as_array()
                .ok_or_else(|| ApiError::body_field(&path, "an array", describe(value)))?;
            check_array_len(&path, items)?;
            let mut ids: Vec<Uuid> = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let id = item["id"].as_str().and_then(parse_uuid).ok_or_else(|| {
                    ApiError::body_field(
                        &format!("{path}[{i}].id"),
                        "a valid uuid",
                        describe(&item["id"]),
                    )
                })?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            Value::Array(ids.into_iter().map(|id| json!({ "id": id })).collect())
        }
        "files" => convert_files(value, &path)?,
        "place" | "verification" => value.clone(),
        _ => value.clone(),
    };
    Ok(Written {
        value: stored,
        new_options,
    })
}

fn resolve_option(
    property: &PropertySchema,
    value: &Value,
    path: &str,
    may_create: bool,
) -> ApiResult<(Value, bool)> {
    resolve_option_among(property, &[], value, path, may_create)
}

/// Finds the option a write names (by id or name); unknown names create an option for select
/// and multi_select (Notion does when the integration may edit the schema), never for status.
fn resolve_option_among(
    property: &PropertySchema,
    pending: &[Value],
    value: &Value,
    path: &str,
    may_create: bool,
) -> ApiResult<(Value, bool)> {
    let options = property.config["options"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let all = options.iter().chain(pending);
    if let Some(id) = value["id"].as_str() {
        return all
            .clone()
            .find(|o| o["id"] == id)
            .map(|o| (o.clone(), false))
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "body failed validation: {path}.id should be an option of {}, instead was {}.",
                    property.name,
                    describe(&json!(id))
                ))
            });
    }
    let name = value["name"]
        .as_str()
        .ok_or_else(|| ApiError::body_missing(&format!("{path}.name")))?;
    if let Some(found) = all.clone().find(|o| o["name"] == name) {
        return Ok((found.clone(), false));
    }
    if !may_create {
        return Err(ApiError::validation(format!(
            "Invalid status option. Status option \"{name}\" does not exist\"."
        )));
    }
    check_option_name(name, &format!("{path}.name"))?;
    if options.len() + pending.len() >= MAX_ARRAY_ITEMS {
        return Err(ApiError::validation(format!(
            "body failed validation: {path} would give {} more than 100 options.",
            property.name
        )));
    }
    let color = value["color"].as_str().unwrap_or("default");
    Ok((
        json!({ "id": new_option_id(), "name": name, "color": color, "description": null }),
        true,
    ))
}

fn convert_date(value: &Value, path: &str) -> ApiResult<Value> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    let start = value["start"]
        .as_str()
        .ok_or_else(|| ApiError::body_missing(&format!("{path}.start")))?;
    let time_zone = value.get("time_zone").and_then(Value::as_str);
    if let Some(tz) = time_zone
        && jiff::tz::TimeZone::get(tz).is_err()
    {
        return Err(ApiError::body_field(
            &format!("{path}.time_zone"),
            "a valid IANA time zone",
            describe(&json!(tz)),
        ));
    }
    if parse_date(start, time_zone).is_none() {
        return Err(ApiError::body_field(
            &format!("{path}.start"),
            "a valid ISO 8601 date string",
            describe(&json!(start)),
        ));
    }
    let end = match value.get("end") {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(end)) if parse_date(end, time_zone).is_some() => json!(end),
        Some(other) => {
            return Err(ApiError::body_field(
                &format!("{path}.end"),
                "a valid ISO 8601 date string or `null`",
                describe(other),
            ));
        }
    };
    Ok(json!({ "start": start, "end": end, "time_zone": time_zone }))
}

fn convert_files(value: &Value, path: &str) -> ApiResult<Value> {
    let items = value
        .as_array()
        .ok_or_else(|| ApiError::body_field(path, "an array", describe(value)))?;
    check_array_len(path, items)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let name = item["name"].as_str().map(str::to_owned);
        if let Some(url) = item["external"]["url"].as_str() {
            check_chars(&format!("{item_path}.external.url"), url, 2000)?;
            out.push(json!({
                "name": name.unwrap_or_else(|| url.to_owned()),
                "type": "external",
                "external": { "url": url },
            }));
        } else if let Some(id) = item["file_upload"]["id"].as_str() {
            let id = parse_uuid(id).ok_or_else(|| {
                ApiError::body_field(
                    &format!("{item_path}.file_upload.id"),
                    "a valid uuid",
                    describe(&item["file_upload"]["id"]),
                )
            })?;
            // Resolved to a hosted file by `api::attach_uploads` once the request is valid.
            out.push(json!({ "name": name, "type": "file_upload", "file_upload": { "id": id } }));
        } else if let Some(url) = item["file"]["url"].as_str() {
            out.push(json!({
                "name": name.unwrap_or_else(|| url.to_owned()),
                "type": "file",
                "file": { "url": url, "expiry_time": item["file"].get("expiry_time").cloned().unwrap_or(Value::Null) },
            }));
        } else {
            return Err(ApiError::body_missing(&format!("{item_path}.external")));
        }
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_time_writes_notions_millisecond_utc_form() {
        let at: Timestamp = "2026-07-04T09:08:07.5+02:00".parse().unwrap();
        assert_eq!(format_time(at), "2026-07-04T07:08:07.500Z");
        let early: Timestamp = "0999-01-02T03:04:05Z".parse().unwrap();
        assert_eq!(format_time(early), "0999-01-02T03:04:05.000Z");
    }

    #[test]
    fn aggregate_sums_averages_and_counts() {
        let values = [json!(1), json!(2), json!(null), json!(6)];
        assert_eq!(aggregate("sum", "number", &values)["number"], 9.0);
        assert_eq!(aggregate("average", "number", &values)["number"], 3.0);
        assert_eq!(aggregate("count", "number", &values)["number"], 4.0);
        assert_eq!(aggregate("empty", "number", &values)["number"], 1.0);
        assert_eq!(aggregate("min", "number", &values)["number"], 1.0);
        assert_eq!(aggregate("max", "number", &values)["number"], 6.0);
    }

    #[test]
    fn aggregate_counts_checked_boxes() {
        let values = [json!(true), json!(false), json!(true)];
        assert_eq!(aggregate("checked", "checkbox", &values)["number"], 2.0);
        assert_eq!(aggregate("unchecked", "checkbox", &values)["number"], 1.0);
    }

    #[test]
    fn aggregate_picks_earliest_and_latest_dates() {
        let values = [
            json!({ "start": "2024-05-01", "end": null, "time_zone": null }),
            json!({ "start": "2023-01-01", "end": null, "time_zone": null }),
        ];
        assert_eq!(
            aggregate("earliest_date", "date", &values)["date"]["start"],
            "2023-01-01"
        );
        assert_eq!(
            aggregate("latest_date", "date", &values)["date"]["start"],
            "2024-05-01"
        );
    }

    #[test]
    fn aggregate_show_original_wraps_values_with_their_type() {
        let out = aggregate("show_original", "number", &[json!(3)]);
        assert_eq!(out["array"], json!([{ "type": "number", "number": 3 }]));
    }

    #[test]
    fn parse_date_reads_dates_offsets_and_zones() {
        let utc = parse_date("2024-01-02", None).unwrap();
        assert_eq!(format_time(utc), "2024-01-02T00:00:00.000Z");
        let offset = parse_date("2024-01-02T09:00:00+09:00", None).unwrap();
        assert_eq!(offset, utc);
        let zoned = parse_date("2024-01-02T09:00:00", Some("Asia/Tokyo")).unwrap();
        assert_eq!(zoned, utc);
    }
}
