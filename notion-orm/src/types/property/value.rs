//! Page property values, read and write shapes.
//!
//! Notion reads a value as `{"id":"%3CnJT","type":"number","number":3}` and writes it as
//! `{"number":3}`. [`PageProperty`] is the read shape (id + value); [`PropertyValue`] is the
//! value alone, one variant per property type plus [`PropertyValue::Unknown`]. Decoding walks
//! each object once without building a `serde_json::Value` (see `types::de`).
//!
//! [`PropertyValue::write`] gives the write shape, and fails for the kinds Notion computes
//! itself (formula, rollup, created/edited metadata, unique id, button, unknown types), so a
//! read-only value can never be sent by accident. Numbers are kept as [`serde_json::Number`] so
//! `3` stays `3` and `2.5` stays `2.5` on the way back out.

use std::fmt;

use jiff::Timestamp;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};

use super::PropertyType;
use super::schema::RollupFunction;
use crate::types::color::Color;
use crate::types::date::DateValue;
use crate::types::de::{Empty, open_string_enum, read_tagged, serialize_tagged};
use crate::types::icon::FileItem;
use crate::types::ids::{PageReference, PropertyId};
use crate::types::rich_text::{RichText, plain_text};
use crate::types::user::User;

/// A property of a page as read: its id and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct PageProperty {
    /// The property id (stable across renames).
    pub id: PropertyId,
    /// The value.
    pub value: PropertyValue,
}

/// The value of one page property.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PropertyValue {
    /// `title`: the page name.
    Title(Vec<RichText>),
    /// `rich_text`
    RichText(Vec<RichText>),
    /// `number`; `None` when empty.
    Number(Option<Number>),
    /// `select`; `None` when empty.
    Select(Option<SelectOption>),
    /// `multi_select`
    MultiSelect(Vec<SelectOption>),
    /// `status`; `None` when empty.
    Status(Option<SelectOption>),
    /// `date`; `None` when empty.
    Date(Option<DateValue>),
    /// `people`: users and groups (possibly partial).
    People(Vec<User>),
    /// `files`
    Files(Vec<FileItem>),
    /// `checkbox`
    Checkbox(bool),
    /// `url`; `None` when empty.
    Url(Option<String>),
    /// `email`; `None` when empty.
    Email(Option<String>),
    /// `phone_number`; `None` when empty.
    PhoneNumber(Option<String>),
    /// `formula` (read only).
    Formula(FormulaValue),
    /// `relation`, with `has_more` when Notion truncated it at 25 references.
    Relation(RelationValue),
    /// `rollup` (read only).
    Rollup(RollupValue),
    /// `created_time` (read only).
    CreatedTime(Timestamp),
    /// `created_by` (read only).
    CreatedBy(User),
    /// `last_edited_time` (read only).
    LastEditedTime(Timestamp),
    /// `last_edited_by` (read only).
    LastEditedBy(User),
    /// `unique_id` (read only).
    UniqueId(UniqueIdValue),
    /// `verification` (wiki pages); `None` when Notion sends `null`.
    Verification(Option<VerificationValue>),
    /// `button` (read only, carries no data).
    Button,
    /// `place`; `None` when empty (Notion reads often return `null`).
    Place(Option<Place>),
    /// A property type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The value object as received (with `type`, without `id`).
        raw: Value,
    },
}

/// A select, multi-select or status option.
///
/// Reads carry `id`, `name` and `color`; schema reads add `description`. In requests, a value
/// may name an option by `name` or by `id` alone: fields that are `None` (and an empty `name`)
/// are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SelectOption {
    /// The option id (a UUID or a short string like `"F<XA"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The option name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The option color.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// The option description (schemas only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl SelectOption {
    /// An option referenced by name (created on write if missing and the integration may
    /// edit the schema).
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// An option referenced by id.
    pub fn with_id(id: impl Into<String>) -> Self {
        Self {
            id: Some(id.into()),
            ..Self::default()
        }
    }
}

/// A relation value: the related pages, at most 25 when read through a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelationValue {
    /// The related pages.
    pub pages: Vec<PageReference>,
    /// Whether Notion left references out (more than 25); fetch them all through the
    /// property-item endpoint.
    pub has_more: bool,
}

/// The result of a formula.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FormulaValue {
    /// A string result.
    String(Option<String>),
    /// A number result.
    Number(Option<Number>),
    /// A boolean result.
    Boolean(Option<bool>),
    /// A date result.
    Date(Option<DateValue>),
    /// Notion could not compute the formula through the API.
    Unsupported,
    /// A result type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The result object as received.
        raw: Value,
    },
}

/// The result of a rollup and the function that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupValue {
    /// The aggregation, e.g. `sum` or `show_original`.
    pub function: RollupFunction,
    /// The result.
    pub result: RollupResult,
}

/// The result of a rollup.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RollupResult {
    /// A numeric aggregate.
    Number(Option<Number>),
    /// A date aggregate.
    Date(Option<DateValue>),
    /// The rolled-up values themselves (e.g. `show_original`), each without an id.
    Array(Vec<PropertyValue>),
    /// Notion cannot compute this rollup through the API.
    Unsupported,
    /// Notion computed only part of the rollup (too many related pages).
    Incomplete,
    /// A result type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The result object as received.
        raw: Value,
    },
}

/// A `unique_id` value such as `TASK-42`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UniqueIdValue {
    /// The prefix, e.g. `TASK`.
    #[serde(default)]
    pub prefix: Option<String>,
    /// The number.
    #[serde(default)]
    pub number: Option<u64>,
}

impl fmt::Display for UniqueIdValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.prefix, self.number) {
            (Some(prefix), Some(number)) => write!(f, "{prefix}-{number}"),
            (None, Some(number)) => write!(f, "{number}"),
            (Some(prefix), None) => f.write_str(prefix),
            (None, None) => Ok(()),
        }
    }
}

open_string_enum! {
    /// The state of a wiki page verification.
    pub enum VerificationState {
        /// `verified`
        Verified = "verified",
        /// `expired`
        Expired = "expired",
        /// `unverified`
        Unverified = "unverified",
    }
}

/// A `verification` value. Serializes to the request shape `{"state":..,"date"?:..}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerificationValue {
    /// The state.
    pub state: VerificationState,
    /// When the verification started and, if limited, ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateValue>,
    /// Who verified the page (reads only).
    #[serde(default, skip_serializing)]
    pub verified_by: Option<User>,
}

/// A `place` value (map location).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// A display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The AWS place id, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_place_id: Option<String>,
    /// The Google place id, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google_place_id: Option<String>,
}

/// The error returned when asking for the write shape of a value Notion computes itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{type_name}` properties are read only: Notion computes them and rejects writes")]
pub struct ReadOnlyPropertyError {
    /// The property type.
    pub type_name: String,
}

/// The write shape of a writable [`PropertyValue`], e.g. `{"number":3}`; see
/// [`PropertyValue::write`].
#[derive(Debug, Clone, Copy)]
pub struct PropertyWrite<'a>(&'a PropertyValue);

impl PropertyValue {
    /// The property type as Notion names it.
    pub fn type_name(&self) -> &str {
        match self {
            Self::Title(_) => "title",
            Self::RichText(_) => "rich_text",
            Self::Number(_) => "number",
            Self::Select(_) => "select",
            Self::MultiSelect(_) => "multi_select",
            Self::Status(_) => "status",
            Self::Date(_) => "date",
            Self::People(_) => "people",
            Self::Files(_) => "files",
            Self::Checkbox(_) => "checkbox",
            Self::Url(_) => "url",
            Self::Email(_) => "email",
            Self::PhoneNumber(_) => "phone_number",
            Self::Formula(_) => "formula",
            Self::Relation(_) => "relation",
            Self::Rollup(_) => "rollup",
            Self::CreatedTime(_) => "created_time",
            Self::CreatedBy(_) => "created_by",
            Self::LastEditedTime(_) => "last_edited_time",
            Self::LastEditedBy(_) => "last_edited_by",
            Self::UniqueId(_) => "unique_id",
            Self::Verification(_) => "verification",
            Self::Button => "button",
            Self::Place(_) => "place",
            Self::Unknown { type_name, .. } => type_name,
        }
    }

    /// The property type.
    pub fn property_type(&self) -> PropertyType {
        PropertyType::from(self.type_name())
    }

    /// The concatenated plain text of a title or rich-text value.
    pub fn plain_text(&self) -> Option<String> {
        match self {
            Self::Title(items) | Self::RichText(items) => Some(plain_text(items)),
            _ => None,
        }
    }

    /// The write shape of this value, or an error if Notion does not accept writes of its type.
    pub fn write(&self) -> Result<PropertyWrite<'_>, ReadOnlyPropertyError> {
        match self {
            Self::Formula(_)
            | Self::Rollup(_)
            | Self::CreatedTime(_)
            | Self::CreatedBy(_)
            | Self::LastEditedTime(_)
            | Self::LastEditedBy(_)
            | Self::UniqueId(_)
            | Self::Button
            | Self::Unknown { .. } => Err(ReadOnlyPropertyError {
                type_name: self.type_name().to_owned(),
            }),
            _ => Ok(PropertyWrite(self)),
        }
    }

    /// The write shape as JSON, e.g. `{"number":3}`.
    pub fn to_write_json(&self) -> Result<Value, ReadOnlyPropertyError> {
        let write = self.write()?;
        // Cannot fail: every map in the write shape has string keys.
        Ok(serde_json::to_value(write).unwrap_or(Value::Null))
    }

    /// Decodes the value of `key` if `key` names a property type.
    fn decode_variant<'de, A: MapAccess<'de>>(
        key: &str,
        map: &mut A,
    ) -> Result<Option<Self>, A::Error> {
        Ok(Some(match key {
            "title" => Self::Title(map.next_value()?),
            "rich_text" => Self::RichText(map.next_value()?),
            "number" => Self::Number(map.next_value()?),
            "select" => Self::Select(map.next_value()?),
            "multi_select" => Self::MultiSelect(map.next_value()?),
            "status" => Self::Status(map.next_value()?),
            "date" => Self::Date(map.next_value()?),
            "people" => Self::People(map.next_value()?),
            "files" => Self::Files(map.next_value()?),
            "checkbox" => Self::Checkbox(map.next_value()?),
            "url" => Self::Url(map.next_value()?),
            "email" => Self::Email(map.next_value()?),
            "phone_number" => Self::PhoneNumber(map.next_value()?),
            "formula" => Self::Formula(map.next_value()?),
            "relation" => Self::Relation(RelationValue {
                pages: map.next_value()?,
                has_more: false,
            }),
            "rollup" => Self::Rollup(map.next_value()?),
            "created_time" => Self::CreatedTime(map.next_value()?),
            "created_by" => Self::CreatedBy(map.next_value()?),
            "last_edited_time" => Self::LastEditedTime(map.next_value()?),
            "last_edited_by" => Self::LastEditedBy(map.next_value()?),
            "unique_id" => Self::UniqueId(map.next_value()?),
            "verification" => Self::Verification(map.next_value()?),
            "button" => {
                map.next_value::<IgnoredAny>()?;
                Self::Button
            }
            "place" => Self::Place(map.next_value()?),
            _ => return Ok(None),
        }))
    }
}

impl Serialize for PropertyWrite<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0;
        let key = value.type_name();
        match value {
            PropertyValue::Title(items) | PropertyValue::RichText(items) => {
                serialize_tagged(serializer, key, items)
            }
            PropertyValue::Number(number) => serialize_tagged(serializer, key, number),
            PropertyValue::Select(option) | PropertyValue::Status(option) => {
                serialize_tagged(serializer, key, option)
            }
            PropertyValue::MultiSelect(options) => serialize_tagged(serializer, key, options),
            PropertyValue::Date(date) => serialize_tagged(serializer, key, date),
            PropertyValue::People(people) => serialize_tagged(serializer, key, people),
            PropertyValue::Files(files) => serialize_tagged(serializer, key, files),
            PropertyValue::Checkbox(checked) => serialize_tagged(serializer, key, checked),
            PropertyValue::Url(text) | PropertyValue::Email(text) => {
                serialize_tagged(serializer, key, text)
            }
            PropertyValue::PhoneNumber(text) => serialize_tagged(serializer, key, text),
            PropertyValue::Relation(relation) => serialize_tagged(serializer, key, &relation.pages),
            PropertyValue::Verification(verification) => {
                serialize_tagged(serializer, key, verification)
            }
            PropertyValue::Place(place) => serialize_tagged(serializer, key, place),
            // `PropertyValue::write` never wraps read-only values; stay total anyway.
            PropertyValue::Formula(_)
            | PropertyValue::Rollup(_)
            | PropertyValue::CreatedTime(_)
            | PropertyValue::CreatedBy(_)
            | PropertyValue::LastEditedTime(_)
            | PropertyValue::LastEditedBy(_)
            | PropertyValue::UniqueId(_)
            | PropertyValue::Button
            | PropertyValue::Unknown { .. } => serialize_tagged(serializer, key, &Empty),
        }
    }
}

/// Reads a property object: `(id, value)`; `id` is absent inside rollup arrays.
fn read_property<'de, A: MapAccess<'de>>(
    map: &mut A,
) -> Result<(Option<PropertyId>, PropertyValue), A::Error> {
    let mut id = None;
    let mut has_more = false;
    let value = read_tagged(map, PropertyValue::decode_variant, |key, map| {
        match key {
            "id" => id = Some(map.next_value()?),
            "has_more" => has_more = map.next_value::<Option<bool>>()?.unwrap_or(false),
            // Envelope keys of the property-item endpoint.
            "object" | "request_id" => {
                map.next_value::<IgnoredAny>()?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?
    .finish(PropertyValue::type_name, |type_name, raw| {
        PropertyValue::Unknown { type_name, raw }
    })?;
    let value = match value {
        PropertyValue::Relation(relation) => PropertyValue::Relation(RelationValue {
            has_more,
            ..relation
        }),
        other => other,
    };
    Ok((id, value))
}

impl<'de> Deserialize<'de> for PropertyValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = PropertyValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Notion property value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PropertyValue, A::Error> {
                Ok(read_property(&mut map)?.1)
            }
        }
        deserializer.deserialize_map(ValueVisitor)
    }
}

impl<'de> Deserialize<'de> for PageProperty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PropertyVisitor;
        impl<'de> Visitor<'de> for PropertyVisitor {
            type Value = PageProperty;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Notion page property")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageProperty, A::Error> {
                let (id, value) = read_property(&mut map)?;
                let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
                Ok(PageProperty { id, value })
            }
        }
        deserializer.deserialize_map(PropertyVisitor)
    }
}

impl FormulaValue {
    fn type_name(&self) -> &str {
        match self {
            Self::String(_) => "string",
            Self::Number(_) => "number",
            Self::Boolean(_) => "boolean",
            Self::Date(_) => "date",
            Self::Unsupported => "unsupported",
            Self::Unknown { type_name, .. } => type_name,
        }
    }
}

impl<'de> Deserialize<'de> for FormulaValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FormulaVisitor;
        impl<'de> Visitor<'de> for FormulaVisitor {
            type Value = FormulaValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a formula result")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FormulaValue, A::Error> {
                read_tagged(
                    &mut map,
                    |key, map| {
                        Ok(Some(match key {
                            "string" => FormulaValue::String(map.next_value()?),
                            "number" => FormulaValue::Number(map.next_value()?),
                            "boolean" => FormulaValue::Boolean(map.next_value()?),
                            "date" => FormulaValue::Date(map.next_value()?),
                            "unsupported" => {
                                map.next_value::<IgnoredAny>()?;
                                FormulaValue::Unsupported
                            }
                            _ => return Ok(None),
                        }))
                    },
                    |_, _| Ok(false),
                )?
                .finish(FormulaValue::type_name, |type_name, raw| {
                    FormulaValue::Unknown { type_name, raw }
                })
            }
        }
        deserializer.deserialize_map(FormulaVisitor)
    }
}

impl RollupResult {
    fn type_name(&self) -> &str {
        match self {
            Self::Number(_) => "number",
            Self::Date(_) => "date",
            Self::Array(_) => "array",
            Self::Unsupported => "unsupported",
            Self::Incomplete => "incomplete",
            Self::Unknown { type_name, .. } => type_name,
        }
    }
}

impl<'de> Deserialize<'de> for RollupValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RollupVisitor;
        impl<'de> Visitor<'de> for RollupVisitor {
            type Value = RollupValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a rollup result")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RollupValue, A::Error> {
                let mut function = None;
                let result = read_tagged(
                    &mut map,
                    |key, map| {
                        Ok(Some(match key {
                            "number" => RollupResult::Number(map.next_value()?),
                            "date" => RollupResult::Date(map.next_value()?),
                            "array" => RollupResult::Array(map.next_value()?),
                            "unsupported" => {
                                map.next_value::<IgnoredAny>()?;
                                RollupResult::Unsupported
                            }
                            "incomplete" => {
                                map.next_value::<IgnoredAny>()?;
                                RollupResult::Incomplete
                            }
                            _ => return Ok(None),
                        }))
                    },
                    |key, map| {
                        if key == "function" {
                            function = Some(map.next_value()?);
                            return Ok(true);
                        }
                        Ok(false)
                    },
                )?
                .finish(RollupResult::type_name, |type_name, raw| {
                    RollupResult::Unknown { type_name, raw }
                })?;
                Ok(RollupValue {
                    function: function.unwrap_or_else(|| RollupFunction::Other(String::new())),
                    result,
                })
            }
        }
        deserializer.deserialize_map(RollupVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn page_properties_keep_their_id() {
        let property: PageProperty =
            serde_json::from_value(json!({"id": "%3CnJT", "type": "number", "number": 3})).unwrap();
        assert_eq!(property.id.as_str(), "%3CnJT");
        assert_eq!(property.value, PropertyValue::Number(Some(3.into())));
    }

    #[test]
    fn type_may_come_after_the_content() {
        let value: PropertyValue =
            serde_json::from_value(json!({"checkbox": true, "type": "checkbox"})).unwrap();
        assert_eq!(value, PropertyValue::Checkbox(true));
    }

    #[test]
    fn unknown_types_keep_the_raw_value() {
        let property: PageProperty = serde_json::from_value(
            json!({"id": "x", "type": "hologram", "hologram": {"depth": 3}}),
        )
        .unwrap();
        let PropertyValue::Unknown { type_name, raw } = property.value else {
            panic!("expected an unknown value");
        };
        assert_eq!(type_name, "hologram");
        assert_eq!(raw, json!({"type": "hologram", "hologram": {"depth": 3}}));
    }

    #[test]
    fn read_only_values_have_no_write_shape() {
        let err = PropertyValue::Button.to_write_json().unwrap_err();
        assert_eq!(err.type_name, "button");
    }

    #[test]
    fn rollup_without_function_still_decodes() {
        let value: RollupValue =
            serde_json::from_value(json!({"type": "number", "number": 1})).unwrap();
        assert_eq!(value.result, RollupResult::Number(Some(1.into())));
    }
}
