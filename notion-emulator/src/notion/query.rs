//! The query engine behind `POST /v1/data_sources/{id}/query`: filters (every operator of
//! `notion-api.md` §3.1, two nesting levels, 100 items per compound), sorts with a stable
//! creation-order tiebreak, and a cache of the last result so paging costs one filter+sort.
//!
//! Filters are parsed once per request into [`Filter`]s (with Notion's validation errors), then
//! each row's values are reduced to [`Cell`]s and matched.

use std::cmp::Ordering;

use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::Value;
use uuid::Uuid;

use crate::notion::error::{ApiError, ApiResult};
use crate::notion::ids::parse_uuid;
use crate::notion::properties::{parse_date, relation_ids, value_ref};
use crate::notion::richtext::{self, MAX_ARRAY_ITEMS, describe};
use crate::world::{DataSource, Page, PropertySchema, World};

/// A parsed filter.
#[derive(Debug, Clone)]
pub(crate) enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    /// A condition on a property (by its schema) or a timestamp (`property` is `None`).
    Leaf {
        property: Option<PropertySchema>,
        timestamp: Option<TimestampKind>,
        condition: Condition,
    },
}

/// Which timestamp a timestamp filter or sort reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimestampKind {
    Created,
    LastEdited,
}

/// One condition: an operator and its operand, independent of the property type.
#[derive(Debug, Clone)]
pub(crate) enum Condition {
    /// `is_empty: true` (`true`) or `is_not_empty: true` (`false`).
    Empty(bool),
    Text(TextOp, String),
    Number(NumberOp, f64),
    /// `equals` (`true`) or `does_not_equal` (`false`) a boolean.
    Checkbox(bool, bool),
    /// select/status `equals`/`does_not_equal` one of the names.
    OneOf(bool, Vec<String>),
    /// multi_select `contains`/`does_not_contain` (any of) the names.
    Tags(bool, Vec<String>),
    /// A date within `[lo, hi)` relation, see [`DateOp`].
    Date(DateOp, Timestamp, Timestamp),
    /// people/relation `contains`/`does_not_contain` an id.
    Reference(bool, Uuid),
    /// A formula's result of the given type matching a condition.
    Formula(Box<Condition>),
    /// A rollup: `any`/`every`/`none` of its items, or its number/date value.
    Rollup(Quantifier, Box<Condition>),
    /// verification `status` equals (`true`) or differs (`false`).
    Verification(bool, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextOp {
    Equals,
    DoesNotEqual,
    Contains,
    DoesNotContain,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberOp {
    Equals,
    DoesNotEqual,
    GreaterThan,
    LessThan,
    GreaterThanOrEqualTo,
    LessThanOrEqualTo,
}

/// Date operators against a target range `[lo, hi)`: a day for date-only operands, one
/// millisecond for datetimes, or a relative window (`past_week`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateOp {
    Equals,
    Before,
    After,
    OnOrBefore,
    OnOrAfter,
    Within,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantifier {
    Any,
    Every,
    None,
    /// The rollup's own number or date value.
    Value,
}

/// A row's value reduced to what conditions compare.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Text(Option<String>),
    Number(Option<f64>),
    Bool(bool),
    /// Option names (select: zero or one).
    Names(Vec<String>),
    Date(Option<Timestamp>),
    Ids(Vec<Uuid>),
    /// Something that is only empty or not (files, unsupported values).
    Count(usize),
    /// A rollup array's items.
    Items(Vec<Cell>),
}

/// What the parser needs besides the filter JSON.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FilterEnv {
    pub now: Timestamp,
    /// The caller's user id, for `"me"`.
    pub me: Uuid,
}

/// Parses a query's `filter` against a data source's schema.
pub(crate) fn parse_filter(ds: &DataSource, raw: &Value, env: FilterEnv) -> ApiResult<Filter> {
    parse_node(ds, raw, "filter", 0, env)
}

fn parse_node(
    ds: &DataSource,
    raw: &Value,
    path: &str,
    depth: usize,
    env: FilterEnv,
) -> ApiResult<Filter> {
    let Some(object) = raw.as_object() else {
        return Err(ApiError::body_field(path, "an object", describe(raw)));
    };
    for (key, make) in [("and", Filter::And as fn(_) -> _), ("or", Filter::Or)] {
        if let Some(items) = object.get(key) {
            let items = items.as_array().ok_or_else(|| {
                ApiError::body_field(&format!("{path}.{key}"), "an array", describe(items))
            })?;
            if depth >= 2 {
                return Err(ApiError::validation(format!(
                    "body failed validation: {path}.{key} should be not present, instead was {}. Filters can only be nested two levels deep.",
                    describe(&Value::Array(items.clone()))
                )));
            }
            if items.len() > MAX_ARRAY_ITEMS {
                return Err(ApiError::body_field(
                    &format!("{path}.{key}.length"),
                    "≤ 100",
                    items.len(),
                ));
            }
            let children = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    parse_node(ds, item, &format!("{path}.{key}[{i}]"), depth + 1, env)
                })
                .collect::<ApiResult<Vec<_>>>()?;
            return Ok(make(children));
        }
    }
    if let Some(timestamp) = object.get("timestamp") {
        let kind = match timestamp.as_str() {
            Some("created_time") => TimestampKind::Created,
            Some("last_edited_time") => TimestampKind::LastEdited,
            _ => {
                return Err(ApiError::body_field(
                    &format!("{path}.timestamp"),
                    "`\"created_time\"` or `\"last_edited_time\"`",
                    describe(timestamp),
                ));
            }
        };
        if object.contains_key("property") {
            return Err(ApiError::body_field(
                &format!("{path}.property"),
                "not present",
                describe(&object["property"]),
            ));
        }
        let key = timestamp.as_str().unwrap_or_default();
        let condition = object
            .get(key)
            .ok_or_else(|| ApiError::body_missing(&format!("{path}.{key}")))?;
        return Ok(Filter::Leaf {
            property: None,
            timestamp: Some(kind),
            condition: parse_date_condition(condition, &format!("{path}.{key}"), env)?,
        });
    }
    let Some(name) = object.get("property").and_then(Value::as_str) else {
        return Err(ApiError::body_missing(&format!("{path}.property")));
    };
    let property = ds.property(name).ok_or_else(|| {
        ApiError::validation(format!("Could not find property with name or id: {name}"))
    })?;
    let kind = property.kind.as_str();
    // The condition key must fit the property type (`unique_id` filters are also keyed
    // `unique_id`; timestamp properties take the date operators).
    let accepted: &[&str] = match kind {
        "title" | "rich_text" | "url" | "email" | "phone_number" => {
            &[kind, "title", "rich_text", "url", "email", "phone_number"]
        }
        _ => &[kind],
    };
    let Some((key, condition)) = object.iter().find(|(k, _)| accepted.contains(&k.as_str())) else {
        return Err(ApiError::validation(format!(
            "body failed validation: {path}.{kind} should be defined, instead was `undefined`."
        )));
    };
    let cond_path = format!("{path}.{key}");
    let condition = match kind {
        "formula" => parse_formula_condition(condition, &cond_path, env)?,
        "rollup" => parse_rollup_condition(condition, &cond_path, env)?,
        _ => parse_condition(kind, condition, &cond_path, env)?,
    };
    Ok(Filter::Leaf {
        property: Some(property.clone()),
        timestamp: None,
        condition,
    })
}

/// The single operator key of a condition object.
fn operator<'a>(raw: &'a Value, path: &str) -> ApiResult<(&'a str, &'a Value)> {
    let object = raw
        .as_object()
        .ok_or_else(|| ApiError::body_field(path, "an object", describe(raw)))?;
    let mut entries = object.iter();
    match (entries.next(), entries.next()) {
        (Some((key, value)), None) => Ok((key.as_str(), value)),
        _ => Err(ApiError::validation(format!(
            "body failed validation: {path} should have exactly one operator, instead was {}.",
            describe(raw)
        ))),
    }
}

fn unknown_operator(path: &str, op: &str) -> ApiError {
    ApiError::validation(format!(
        "body failed validation: {path}.{op} should be not present, instead was an unknown operator for this property type."
    ))
}

fn parse_empty(op: &str, value: &Value, path: &str) -> ApiResult<Option<Condition>> {
    match op {
        "is_empty" | "is_not_empty" => {
            if value != &Value::Bool(true) {
                return Err(ApiError::body_field(
                    &format!("{path}.{op}"),
                    "`true`",
                    describe(value),
                ));
            }
            Ok(Some(Condition::Empty(op == "is_empty")))
        }
        _ => Ok(None),
    }
}

fn parse_condition(kind: &str, raw: &Value, path: &str, env: FilterEnv) -> ApiResult<Condition> {
    match kind {
        "title" | "rich_text" | "url" | "email" | "phone_number" => parse_text_condition(raw, path),
        "number" | "unique_id" => parse_number_condition(raw, path),
        "checkbox" => parse_checkbox_condition(raw, path),
        "select" | "status" | "multi_select" => {
            let (op, value) = operator(raw, path)?;
            if let Some(c) = parse_empty(op, value, path)? {
                return Ok(c);
            }
            let names: Vec<String> = match value {
                Value::String(s) => vec![s.clone()],
                Value::Array(items) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                other => {
                    return Err(ApiError::body_field(
                        &format!("{path}.{op}"),
                        "a string or an array of strings",
                        describe(other),
                    ));
                }
            };
            match (kind, op) {
                ("multi_select", "contains") => Ok(Condition::Tags(true, names)),
                ("multi_select", "does_not_contain") => Ok(Condition::Tags(false, names)),
                (_, "equals") if kind != "multi_select" => Ok(Condition::OneOf(true, names)),
                (_, "does_not_equal") if kind != "multi_select" => {
                    Ok(Condition::OneOf(false, names))
                }
                _ => Err(unknown_operator(path, op)),
            }
        }
        "date" | "created_time" | "last_edited_time" => parse_date_condition(raw, path, env),
        "people" | "created_by" | "last_edited_by" | "relation" => {
            let (op, value) = operator(raw, path)?;
            if let Some(c) = parse_empty(op, value, path)? {
                return Ok(c);
            }
            let id = match value.as_str() {
                Some("me") if kind != "relation" => env.me,
                Some(raw_id) => parse_uuid(raw_id).ok_or_else(|| {
                    ApiError::body_field(&format!("{path}.{op}"), "a valid uuid", describe(value))
                })?,
                None => {
                    return Err(ApiError::body_field(
                        &format!("{path}.{op}"),
                        "a valid uuid",
                        describe(value),
                    ));
                }
            };
            match op {
                "contains" => Ok(Condition::Reference(true, id)),
                "does_not_contain" => Ok(Condition::Reference(false, id)),
                _ => Err(unknown_operator(path, op)),
            }
        }
        "files" => {
            let (op, value) = operator(raw, path)?;
            parse_empty(op, value, path)?.ok_or_else(|| unknown_operator(path, op))
        }
        "verification" => {
            let (op, value) = operator(raw, path)?;
            let state = value.as_str().ok_or_else(|| {
                ApiError::body_field(
                    &format!("{path}.{op}"),
                    "`\"verified\"`, `\"expired\"` or `\"none\"`",
                    describe(value),
                )
            })?;
            match op {
                "status" => Ok(Condition::Verification(true, state.to_owned())),
                "does_not_equal" => Ok(Condition::Verification(false, state.to_owned())),
                _ => Err(unknown_operator(path, op)),
            }
        }
        _ => Err(ApiError::validation(format!(
            "body failed validation: {path} cannot filter a {kind} property."
        ))),
    }
}

fn parse_text_condition(raw: &Value, path: &str) -> ApiResult<Condition> {
    let (op, value) = operator(raw, path)?;
    if let Some(c) = parse_empty(op, value, path)? {
        return Ok(c);
    }
    let text_op = match op {
        "equals" => TextOp::Equals,
        "does_not_equal" => TextOp::DoesNotEqual,
        "contains" => TextOp::Contains,
        "does_not_contain" => TextOp::DoesNotContain,
        "starts_with" => TextOp::StartsWith,
        "ends_with" => TextOp::EndsWith,
        _ => return Err(unknown_operator(path, op)),
    };
    let text = value.as_str().ok_or_else(|| {
        ApiError::body_field(&format!("{path}.{op}"), "a string", describe(value))
    })?;
    Ok(Condition::Text(text_op, text.to_owned()))
}

fn parse_number_condition(raw: &Value, path: &str) -> ApiResult<Condition> {
    let (op, value) = operator(raw, path)?;
    if let Some(c) = parse_empty(op, value, path)? {
        return Ok(c);
    }
    let number_op = match op {
        "equals" => NumberOp::Equals,
        "does_not_equal" => NumberOp::DoesNotEqual,
        "greater_than" => NumberOp::GreaterThan,
        "less_than" => NumberOp::LessThan,
        "greater_than_or_equal_to" => NumberOp::GreaterThanOrEqualTo,
        "less_than_or_equal_to" => NumberOp::LessThanOrEqualTo,
        _ => return Err(unknown_operator(path, op)),
    };
    let number = value.as_f64().ok_or_else(|| {
        ApiError::body_field(&format!("{path}.{op}"), "a number", describe(value))
    })?;
    Ok(Condition::Number(number_op, number))
}

fn parse_checkbox_condition(raw: &Value, path: &str) -> ApiResult<Condition> {
    let (op, value) = operator(raw, path)?;
    let flag = value.as_bool().ok_or_else(|| {
        ApiError::body_field(&format!("{path}.{op}"), "a boolean", describe(value))
    })?;
    match op {
        "equals" => Ok(Condition::Checkbox(true, flag)),
        "does_not_equal" => Ok(Condition::Checkbox(false, flag)),
        _ => Err(unknown_operator(path, op)),
    }
}

fn parse_date_condition(raw: &Value, path: &str, env: FilterEnv) -> ApiResult<Condition> {
    let (op, value) = operator(raw, path)?;
    if let Some(c) = parse_empty(op, value, path)? {
        return Ok(c);
    }
    let day = |ts: Timestamp| -> (Timestamp, Timestamp) {
        let date = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        day_range(date)
    };
    let window = |back: bool, span: jiff::Span| -> ApiResult<Condition> {
        if !value.as_object().is_some_and(|o| o.is_empty()) {
            return Err(ApiError::body_field(
                &format!("{path}.{op}"),
                "an empty object",
                describe(value),
            ));
        }
        let shifted = env
            .now
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .checked_add(if back { span.negate() } else { span })
            .map(|z| z.timestamp())
            .unwrap_or(env.now);
        let (lo, hi) = if back {
            (shifted, env.now)
        } else {
            (env.now, shifted)
        };
        Ok(Condition::Date(DateOp::Within, lo, hi))
    };
    match op {
        "past_week" => return window(true, 7.days()),
        "past_month" => return window(true, 1.month()),
        "past_year" => return window(true, 1.year()),
        "next_week" => return window(false, 7.days()),
        "next_month" => return window(false, 1.month()),
        "next_year" => return window(false, 1.year()),
        "this_week" => {
            let today = env.now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
            // Weeks start on Sunday, as in Notion's default (US) locale.
            let start = today
                .checked_sub((today.weekday().to_sunday_zero_offset() as i64).days())
                .unwrap_or(today);
            let (lo, _) = day_range(start);
            let hi = lo
                .checked_add(SignedDuration::from_hours(24 * 7))
                .unwrap_or(lo);
            return Ok(Condition::Date(DateOp::Within, lo, hi));
        }
        _ => {}
    }
    let date_op = match op {
        "equals" => DateOp::Equals,
        "before" => DateOp::Before,
        "after" => DateOp::After,
        "on_or_before" => DateOp::OnOrBefore,
        "on_or_after" => DateOp::OnOrAfter,
        _ => return Err(unknown_operator(path, op)),
    };
    let Some(raw_date) = value.as_str() else {
        return Err(ApiError::body_field(
            &format!("{path}.{op}"),
            "a date string",
            describe(value),
        ));
    };
    let now = env.now.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let relative = |span: jiff::Span| now.checked_add(span).map(|z| day(z.timestamp())).ok();
    let range = match raw_date {
        "today" => Some(day(env.now)),
        "tomorrow" => relative(1.day()),
        "yesterday" => relative((-1).day()),
        "one_week_ago" => relative((-7).days()),
        "one_week_from_now" => relative(7.days()),
        "one_month_ago" => relative((-1).month()),
        "one_month_from_now" => relative(1.month()),
        _ if raw_date.len() == 10 => raw_date.parse::<jiff::civil::Date>().ok().map(day_range),
        _ => parse_date(raw_date, None).map(|ts| (ts, ts + SignedDuration::from_millis(1))),
    };
    let (lo, hi) = range.ok_or_else(|| {
        ApiError::body_field(
            &format!("{path}.{op}"),
            "a valid ISO 8601 date string",
            describe(value),
        )
    })?;
    Ok(Condition::Date(date_op, lo, hi))
}

fn day_range(date: jiff::civil::Date) -> (Timestamp, Timestamp) {
    let lo = date
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH);
    (
        lo,
        lo.checked_add(SignedDuration::from_hours(24)).unwrap_or(lo),
    )
}

fn parse_formula_condition(raw: &Value, path: &str, env: FilterEnv) -> ApiResult<Condition> {
    let (key, inner) = operator(raw, path)?;
    let inner_path = format!("{path}.{key}");
    let condition = match key {
        "string" => parse_text_condition(inner, &inner_path)?,
        "number" => parse_number_condition(inner, &inner_path)?,
        "checkbox" => parse_checkbox_condition(inner, &inner_path)?,
        "date" => parse_date_condition(inner, &inner_path, env)?,
        _ => {
            return Err(ApiError::body_field(
                path,
                "one of `string`, `number`, `checkbox`, `date`",
                describe(raw),
            ));
        }
    };
    Ok(Condition::Formula(Box::new(condition)))
}

fn parse_rollup_condition(raw: &Value, path: &str, env: FilterEnv) -> ApiResult<Condition> {
    let (key, inner) = operator(raw, path)?;
    let inner_path = format!("{path}.{key}");
    let quantifier = match key {
        "any" => Quantifier::Any,
        "every" => Quantifier::Every,
        "none" => Quantifier::None,
        "number" => {
            return Ok(Condition::Rollup(
                Quantifier::Value,
                Box::new(parse_number_condition(inner, &inner_path)?),
            ));
        }
        "date" => {
            return Ok(Condition::Rollup(
                Quantifier::Value,
                Box::new(parse_date_condition(inner, &inner_path, env)?),
            ));
        }
        _ => {
            return Err(ApiError::body_field(
                path,
                "one of `any`, `every`, `none`, `number`, `date`",
                describe(raw),
            ));
        }
    };
    let (sub_kind, sub) = operator(inner, &inner_path)?;
    let known = [
        "rich_text",
        "number",
        "checkbox",
        "select",
        "multi_select",
        "relation",
        "date",
        "people",
        "files",
        "status",
    ];
    if !known.contains(&sub_kind) {
        return Err(ApiError::body_field(
            &inner_path,
            "a rich_text, number, checkbox, select, multi_select, relation, date, people, files or status condition",
            describe(inner),
        ));
    }
    let condition = parse_condition(sub_kind, sub, &format!("{inner_path}.{sub_kind}"), env)?;
    Ok(Condition::Rollup(quantifier, Box::new(condition)))
}

/// A row's value of `property` as a [`Cell`].
pub(crate) fn cell_of(kind: &str, value: &Value) -> Cell {
    match kind {
        "title" | "rich_text" => {
            let text = richtext::plain_text(value);
            Cell::Text((!text.is_empty()).then_some(text))
        }
        "url" | "email" | "phone_number" | "string" => {
            Cell::Text(value.as_str().map(str::to_owned))
        }
        "number" => Cell::Number(value.as_f64()),
        "unique_id" => Cell::Number(value["number"].as_f64()),
        "checkbox" | "boolean" => Cell::Bool(value.as_bool().unwrap_or(false)),
        "select" | "status" => Cell::Names(
            value["name"]
                .as_str()
                .map(str::to_owned)
                .into_iter()
                .collect(),
        ),
        "multi_select" => Cell::Names(
            value
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|o| o["name"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        "date" => Cell::Date(
            value["start"]
                .as_str()
                .and_then(|s| parse_date(s, value["time_zone"].as_str())),
        ),
        "created_time" | "last_edited_time" => {
            Cell::Date(value.as_str().and_then(|s| parse_date(s, None)))
        }
        "people" => Cell::Ids(relation_ids(value)),
        "created_by" | "last_edited_by" => Cell::Ids(
            value["id"]
                .as_str()
                .and_then(parse_uuid)
                .into_iter()
                .collect(),
        ),
        "relation" => Cell::Ids(relation_ids(value)),
        "formula" => {
            let kind = value["type"].as_str().unwrap_or("string");
            cell_of(kind, &value[kind])
        }
        "rollup" => match value["type"].as_str() {
            Some("number") => Cell::Number(value["number"].as_f64()),
            Some("date") => cell_of("date", &value["date"]),
            Some("array") => Cell::Items(
                value["array"]
                    .as_array()
                    .map(|items| {
                        items
                            .iter()
                            .map(|item| {
                                let kind = item["type"].as_str().unwrap_or("");
                                cell_of(kind, &item[kind])
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            _ => Cell::Count(0),
        },
        _ => Cell::Count(
            value
                .as_array()
                .map_or(usize::from(!value.is_null()), Vec::len),
        ),
    }
}

fn is_empty(cell: &Cell) -> bool {
    match cell {
        Cell::Text(t) => t.as_deref().is_none_or(str::is_empty),
        Cell::Number(n) => n.is_none(),
        Cell::Bool(_) => false,
        Cell::Names(names) => names.is_empty(),
        Cell::Date(d) => d.is_none(),
        Cell::Ids(ids) => ids.is_empty(),
        Cell::Count(n) => *n == 0,
        Cell::Items(items) => items.is_empty(),
    }
}

/// Whether `cell` satisfies `condition`.
pub(crate) fn matches(condition: &Condition, cell: &Cell) -> bool {
    match (condition, cell) {
        (Condition::Empty(want_empty), _) => is_empty(cell) == *want_empty,
        (Condition::Text(op, needle), Cell::Text(text)) => {
            let text = text.as_deref().unwrap_or("");
            match op {
                TextOp::Equals => text == needle,
                TextOp::DoesNotEqual => text != needle,
                TextOp::Contains => text.to_lowercase().contains(&needle.to_lowercase()),
                TextOp::DoesNotContain => !text.to_lowercase().contains(&needle.to_lowercase()),
                TextOp::StartsWith => text.to_lowercase().starts_with(&needle.to_lowercase()),
                TextOp::EndsWith => text.to_lowercase().ends_with(&needle.to_lowercase()),
            }
        }
        (Condition::Number(op, target), Cell::Number(number)) => match (op, number) {
            (NumberOp::DoesNotEqual, None) => true,
            (_, None) => false,
            (NumberOp::Equals, Some(n)) => n == target,
            (NumberOp::DoesNotEqual, Some(n)) => n != target,
            (NumberOp::GreaterThan, Some(n)) => n > target,
            (NumberOp::LessThan, Some(n)) => n < target,
            (NumberOp::GreaterThanOrEqualTo, Some(n)) => n >= target,
            (NumberOp::LessThanOrEqualTo, Some(n)) => n <= target,
        },
        (Condition::Checkbox(equals, flag), Cell::Bool(b)) => (b == flag) == *equals,
        (Condition::OneOf(equals, names), Cell::Names(values)) => {
            let hit = values.iter().any(|v| names.contains(v));
            hit == *equals
        }
        (Condition::Tags(contains, names), Cell::Names(values)) => {
            let hit = names.iter().any(|n| values.contains(n));
            hit == *contains
        }
        (Condition::Date(op, lo, hi), Cell::Date(date)) => {
            let Some(t) = date else { return false };
            match op {
                DateOp::Equals | DateOp::Within => lo <= t && t < hi,
                DateOp::Before => t < lo,
                DateOp::After => t >= hi,
                DateOp::OnOrBefore => t < hi,
                DateOp::OnOrAfter => t >= lo,
            }
        }
        (Condition::Reference(contains, id), Cell::Ids(ids)) => ids.contains(id) == *contains,
        (Condition::Formula(inner), cell) => matches(inner, cell),
        (Condition::Rollup(quantifier, inner), cell) => match (quantifier, cell) {
            (Quantifier::Value, cell) => matches(inner, cell),
            (Quantifier::Any, Cell::Items(items)) => items.iter().any(|i| matches(inner, i)),
            (Quantifier::Every, Cell::Items(items)) => items.iter().all(|i| matches(inner, i)),
            (Quantifier::None, Cell::Items(items)) => !items.iter().any(|i| matches(inner, i)),
            _ => false,
        },
        (Condition::Verification(equals, state), Cell::Text(t)) => {
            (t.as_deref().unwrap_or("none") == state) == *equals
        }
        _ => false,
    }
}

/// A row's value of `property` as a [`Cell`]; timestamps are read directly rather than
/// formatted and parsed back.
fn property_cell(world: &World, page: &Page, property: &PropertySchema) -> Cell {
    match property.kind.as_str() {
        "created_time" => Cell::Date(Some(page.audit.created_time)),
        "last_edited_time" => Cell::Date(Some(page.audit.last_edited_time)),
        "verification" => {
            let value = value_ref(world, page, property);
            Cell::Text(match value["state"].as_str() {
                Some("unverified") | None => Some("none".to_owned()),
                Some(state) => Some(state.to_owned()),
            })
        }
        kind => cell_of(kind, &value_ref(world, page, property)),
    }
}

fn timestamp_of(page: &Page, kind: TimestampKind) -> Timestamp {
    match kind {
        TimestampKind::Created => page.audit.created_time,
        TimestampKind::LastEdited => page.audit.last_edited_time,
    }
}

/// Whether `page` passes `filter`.
pub(crate) fn evaluate(world: &World, page: &Page, filter: &Filter) -> bool {
    match filter {
        Filter::And(items) => items.iter().all(|f| evaluate(world, page, f)),
        Filter::Or(items) => items.iter().any(|f| evaluate(world, page, f)),
        Filter::Leaf {
            property,
            timestamp,
            condition,
        } => {
            let cell = match (property, timestamp) {
                (Some(property), _) => property_cell(world, page, property),
                (None, Some(kind)) => Cell::Date(Some(timestamp_of(page, *kind))),
                (None, None) => return true,
            };
            matches(condition, &cell)
        }
    }
}

/// One parsed sort.
#[derive(Debug, Clone)]
pub(crate) enum Sort {
    Property(PropertySchema, bool),
    Timestamp(TimestampKind, bool),
}

/// Parses `sorts` (each `{property|timestamp, direction}`).
pub(crate) fn parse_sorts(ds: &DataSource, raw: &Value) -> ApiResult<Vec<Sort>> {
    let Some(items) = raw.as_array() else {
        return Err(ApiError::body_field("sorts", "an array", describe(raw)));
    };
    if items.len() > MAX_ARRAY_ITEMS {
        return Err(ApiError::body_field("sorts.length", "≤ 100", items.len()));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("sorts[{i}]");
            let ascending = match item["direction"].as_str() {
                Some("ascending") => true,
                Some("descending") => false,
                _ => {
                    return Err(ApiError::body_field(
                        &format!("{path}.direction"),
                        "`\"ascending\"` or `\"descending\"`",
                        describe(item.get("direction").unwrap_or(&Value::Null)),
                    ));
                }
            };
            if let Some(timestamp) = item.get("timestamp") {
                let kind = match timestamp.as_str() {
                    Some("created_time") => TimestampKind::Created,
                    Some("last_edited_time") => TimestampKind::LastEdited,
                    _ => {
                        return Err(ApiError::body_field(
                            &format!("{path}.timestamp"),
                            "`\"created_time\"` or `\"last_edited_time\"`",
                            describe(timestamp),
                        ));
                    }
                };
                return Ok(Sort::Timestamp(kind, ascending));
            }
            let name = item["property"]
                .as_str()
                .ok_or_else(|| ApiError::body_missing(&format!("{path}.property")))?;
            let property = ds.property(name).ok_or_else(|| {
                ApiError::validation(format!(
                    "Could not find sort property with name or id: {name}"
                ))
            })?;
            Ok(Sort::Property(property.clone(), ascending))
        })
        .collect()
}

/// A comparable sort key; `None` (empty) always sorts last.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Key {
    Number(f64),
    Text(String),
    Time(Timestamp),
}

fn sort_key(world: &World, page: &Page, sort: &Sort) -> Option<Key> {
    match sort {
        Sort::Timestamp(kind, _) => Some(Key::Time(timestamp_of(page, *kind))),
        Sort::Property(property, _) => match property_cell(world, page, property) {
            Cell::Number(n) => n.map(Key::Number),
            Cell::Bool(b) => Some(Key::Number(f64::from(u8::from(b)))),
            Cell::Text(t) => t.map(|t| Key::Text(t.to_lowercase())),
            Cell::Names(names) => names.first().map(|n| Key::Text(n.to_lowercase())),
            Cell::Date(d) => d.map(Key::Time),
            Cell::Ids(ids) => ids.first().map(|id| Key::Text(id.to_string())),
            Cell::Count(n) => Some(Key::Number(n as f64)),
            Cell::Items(items) => Some(Key::Number(items.len() as f64)),
        },
    }
}

/// Runs a query: the ids of matching rows of `ds`, sorted (creation order breaks ties).
pub(crate) fn run(
    world: &World,
    ds: &DataSource,
    filter: Option<&Filter>,
    sorts: &[Sort],
    in_trash: bool,
) -> Vec<Uuid> {
    let mut rows: Vec<(&Page, Vec<Option<Key>>)> = ds
        .rows
        .iter()
        .filter_map(|id| world.page(*id))
        .filter(|page| page.in_trash == in_trash)
        .filter(|page| filter.is_none_or(|f| evaluate(world, page, f)))
        .map(|page| {
            (
                page,
                sorts.iter().map(|s| sort_key(world, page, s)).collect(),
            )
        })
        .collect();
    if !sorts.is_empty() {
        rows.sort_by(|(a, a_keys), (b, b_keys)| {
            for (sort, (x, y)) in sorts.iter().zip(a_keys.iter().zip(b_keys)) {
                let ascending = match sort {
                    Sort::Property(_, asc) | Sort::Timestamp(_, asc) => *asc,
                };
                let ordering = match (x, y) {
                    (None, None) => Ordering::Equal,
                    (None, Some(_)) => Ordering::Greater,
                    (Some(_), None) => Ordering::Less,
                    (Some(x), Some(y)) => {
                        let o = x.partial_cmp(y).unwrap_or(Ordering::Equal);
                        if ascending { o } else { o.reverse() }
                    }
                };
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            a.seq.cmp(&b.seq)
        });
    }
    rows.into_iter().map(|(page, _)| page.id).collect()
}
