//! Conversions between Notion property values and Rust field types.
//!
//! [`FromProperty<K>`] reads the value of a kind-`K` property (the object under the kind's key,
//! e.g. the array under `"title"`); [`IntoProperty<K>`] writes it back in the request shape.
//! [`DefaultKind`] picks the kind of a field whose kind is not spelled out. Which types each
//! kind accepts is listed on the kind markers in [`kind`].

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date as CivilDate;
use jiff::{Timestamp, ZonedDateTime};
use serde_json::{Value, json};

use super::kind::{self, Kind};
use super::values::{
    DateRange, FileRef, Relation, RelationField, SelectOption, UniqueId, UserRef, Verification,
    VerificationState,
};
use crate::limits;
use crate::types::{FileUploadId, PageId, RichText, UserId};
use serde::Deserialize;

/// Why a property value could not be converted; the ORM wraps it in
/// [`Error::Conversion`](crate::Error::Conversion) or [`Error::InvalidInput`](crate::Error::InvalidInput)
/// with the model, field, property and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionError(String);

impl ConversionError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        ConversionError(message.into())
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0
    }

    fn expected(what: &str, got: &Value) -> Self {
        let mut shown = got.to_string();
        if shown.len() > 80 {
            shown.truncate(77);
            shown.push_str("...");
        }
        ConversionError(format!("expected {what}, got {shown}"))
    }
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConversionError {}

type Converted<T> = Result<T, ConversionError>;

/// What of a property value a field type's conversion reads ([`FromProperty::READS`]), so a
/// decoder may drop the rest before building it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reads {
    /// Everything: nothing may be dropped.
    Whole,
    /// Everything except annotations left at their defaults (`false`, `"default"`), which
    /// read the same when absent: styled rich text.
    Styled,
    /// Only the `plain_text` of rich-text items and the `name` of options.
    Plain,
}

/// Reads a Rust value from the value of a Notion property of kind `K`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a Notion `{K}` property",
    label = "this type does not fit the property's kind",
    note = "the Rust types each kind accepts are listed on the kind markers in `notion_orm::model::kind` (here `{K}`); change the field's type, or its kind with `#[notion(kind = \"...\")]`"
)]
pub trait FromProperty<K: Kind>: Sized {
    /// What of the value the conversion reads, so a decoder may drop the rest (see
    /// [`SlimPage`](crate::model::SlimPage)).
    const READS: Reads = Reads::Whole;

    /// For `select`, `status` and `multi_select` fields: the option names the type declares,
    /// used as the options of a data source created from the model (empty for `String`).
    const OPTIONS: &'static [&'static str] = &[];

    /// Converts the value found under the kind's key (`Value::Null` when Notion sent `null`).
    fn from_property(value: &Value) -> Result<Self, ConversionError>;
}

/// Writes a Rust value as the request value of a Notion property of kind `K`.
///
/// Every writable type is readable too (a supertrait), so one bound checks a writable field: a
/// type that fits neither way is one compile error, not two.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written to a Notion `{K}` property",
    label = "this type does not fit the property's kind",
    note = "the Rust types each kind accepts are listed on the kind markers in `notion_orm::model::kind` (here `{K}`)"
)]
pub trait IntoProperty<K: Kind>: FromProperty<K> {
    /// The value to send under the kind's key; fails on values Notion would reject.
    fn to_property(&self) -> Result<Value, ConversionError>;
}

/// The kind of a field whose kind is neither given (`#[notion(kind = "...")]`, `#[notion(title)]`)
/// nor obvious: `String` is `rich_text`, numbers are `number`, `bool` is `checkbox`, dates are
/// `date`, select enums are `select`, `Vec<enum>` is `multi_select`, and so on.
#[diagnostic::on_unimplemented(
    message = "the Notion property kind cannot be inferred from the type `{Self}`",
    label = "no default kind for this type",
    note = "add `#[notion(kind = \"...\")]` to the field, or give it a type with a default kind:",
    note = "`rich_text`: `String`, `Option<String>`, `Vec<RichText>`; `checkbox`: `bool`",
    note = "`number`: `f64`, `f32`, `i64`, `i32`, `u32`, `u64`, `rust_decimal::Decimal` (feature `decimal`), each also in `Option<_>`",
    note = "`date`: `jiff::civil::Date`, `jiff::Timestamp`, `jiff::ZonedDateTime` or `DateRange<_>` of one of them, each also in `Option<_>`",
    note = "`select`: a `#[derive(NotionSelect)]` enum `E` or `Option<E>`; `multi_select`: `Vec<E>`, `BTreeSet<E>`, `Vec<String>`, `BTreeSet<String>`",
    note = "`people`: `Vec<UserRef>`; `files`: `Vec<FileRef>`; `relation`: `Relation<T>`, `Vec<PageId>`; `unique_id`: `UniqueId`, `Option<UniqueId>`; `verification`: `Verification`, `Option<Verification>`",
    note = "or keep the field out of Notion with `#[notion(skip)]` (it is then filled with `Default::default()` when read)"
)]
pub trait DefaultKind {
    /// The inferred kind.
    type Kind: Kind;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// Concatenates the plain text of a rich-text array.
pub(crate) fn plain_text(value: &Value) -> Converted<String> {
    let items = value
        .as_array()
        .ok_or_else(|| ConversionError::expected("a rich text array", value))?;
    let mut out = String::new();
    for item in items {
        let text = item
            .get("plain_text")
            .and_then(Value::as_str)
            .or_else(|| item.pointer("/text/content").and_then(Value::as_str))
            .unwrap_or_default();
        out.push_str(text);
    }
    Ok(out)
}

const MAX_ITEMS: usize = limits::MAX_ITEMS;

/// Splits text into rich-text request items of at most 2,000 characters each.
///
/// Notion measures `text.content` like JavaScript does, in UTF-16 code units, so a character
/// outside the Basic Multilingual Plane (most emoji) counts twice. Items are filled up to 2,000
/// units and split between grapheme clusters (see [`limits::split_text`]).
pub(crate) fn rich_text_request(text: &str) -> Converted<Value> {
    let items = limits::split_text(text, limits::MAX_TEXT);
    check_len(items.len(), "rich text items of 2,000 characters")?;
    Ok(Value::Array(
        items
            .into_iter()
            .map(|content| json!({"type": "text", "text": {"content": content}}))
            .collect(),
    ))
}

/// Refuses a string longer than Notion accepts for `what`, counted in UTF-16 units.
fn check_chars(text: &str, max: usize, what: &str) -> Converted<()> {
    let len = limits::utf16_len(text);
    if len > max {
        return Err(ConversionError::new(format!(
            "the {what} is {len} characters (UTF-16 units); Notion accepts at most {max}"
        )));
    }
    Ok(())
}

fn check_len(len: usize, what: &str) -> Converted<()> {
    if len > MAX_ITEMS {
        Err(ConversionError::new(format!(
            "{len} {what}; Notion accepts at most {MAX_ITEMS} per property"
        )))
    } else {
        Ok(())
    }
}

fn as_str<'v>(value: &'v Value, what: &str) -> Converted<&'v str> {
    value
        .as_str()
        .ok_or_else(|| ConversionError::expected(what, value))
}

fn as_array<'v>(value: &'v Value, what: &str) -> Converted<&'v [Value]> {
    value
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| ConversionError::expected(what, value))
}

/// Converts every item of an array value; `null` (an empty property) is no items.
fn each<T>(value: &Value, what: &str, item: impl Fn(&Value) -> Converted<T>) -> Converted<Vec<T>> {
    if value.is_null() {
        return Ok(Vec::new());
    }
    as_array(value, what)?.iter().map(item).collect()
}

fn empty_error() -> ConversionError {
    ConversionError::new("the property is empty; use an `Option<_>` field to allow that")
}

// ---------------------------------------------------------------------------------------------
// Option<T>: `null` (and, for arrays, `[]`) is `None`, for every kind.

impl<K: Kind, T: FromProperty<K>> FromProperty<K> for Option<T> {
    const READS: Reads = T::READS;
    const OPTIONS: &'static [&'static str] = T::OPTIONS;

    fn from_property(value: &Value) -> Converted<Self> {
        match value {
            Value::Null => Ok(None),
            Value::Array(items) if items.is_empty() => Ok(None),
            _ if is_empty_result::<K>(value) => Ok(None),
            _ => T::from_property(value).map(Some),
        }
    }
}

/// A formula or rollup that computed nothing: `{"type": "number", "number": null}`. Notion
/// sends the result's type even then, so the value itself is not `null`.
fn is_empty_result<K: Kind>(value: &Value) -> bool {
    let computed = K::NAME == kind::Formula::NAME || K::NAME == kind::Rollup::NAME;
    computed
        && value
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|ty| value.get(ty).is_none_or(Value::is_null))
}

impl<K: Kind, T: IntoProperty<K>> IntoProperty<K> for Option<T> {
    fn to_property(&self) -> Converted<Value> {
        match self {
            Some(v) => v.to_property(),
            // Title and rich text are cleared with `[]`; every other kind with `null`.
            None if K::NAME == kind::Title::NAME || K::NAME == kind::RichText::NAME => {
                Ok(json!([]))
            }
            None => Ok(Value::Null),
        }
    }
}

/// The raw value, for kinds without a better type or to inspect what Notion sent.
impl<K: Kind> FromProperty<K> for Value {
    fn from_property(value: &Value) -> Converted<Self> {
        Ok(value.clone())
    }
}

impl<K: Kind> IntoProperty<K> for Value {
    fn to_property(&self) -> Converted<Value> {
        Ok(self.clone())
    }
}

// ---------------------------------------------------------------------------------------------
// Text: title, rich_text (arrays of rich text) and url, email, phone_number (plain strings).

macro_rules! rich_text_kinds {
    ($($k:ty),*) => {$(
        impl FromProperty<$k> for String {
            const READS: Reads = Reads::Plain;

            fn from_property(value: &Value) -> Converted<Self> {
                if value.is_null() {
                    return Ok(String::new());
                }
                plain_text(value)
            }
        }

        impl IntoProperty<$k> for String {
            fn to_property(&self) -> Converted<Value> {
                rich_text_request(self)
            }
        }
    )*};
}

rich_text_kinds!(kind::Title, kind::RichText);

macro_rules! styled_text_kinds {
    ($($k:ty),*) => {$(
        /// Styled text: links, annotations and mentions kept.
        impl FromProperty<$k> for Vec<RichText> {
            const READS: Reads = Reads::Styled;

            fn from_property(value: &Value) -> Converted<Self> {
                if value.is_null() {
                    return Ok(Vec::new());
                }
                Vec::<RichText>::deserialize(value)
                    .map_err(|e| ConversionError::new(format!("invalid rich text: {e}")))
            }
        }

        impl IntoProperty<$k> for Vec<RichText> {
            /// Items over 2,000 characters are split into several with the same style.
            fn to_property(&self) -> Converted<Value> {
                let value = serde_json::to_value(self)
                    .map_err(|e| ConversionError::new(format!("unwritable rich text: {e}")))?;
                let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
                let items = limits::split_rich_text(items).unwrap_or_else(|| items.to_vec());
                check_len(items.len(), "rich text items (after splitting text at 2,000 characters)")?;
                Ok(Value::Array(items))
            }
        }
    )*};
}

styled_text_kinds!(kind::Title, kind::RichText);

macro_rules! string_kinds {
    ($($k:ty: $max:expr, $what:literal),*) => {$(
        impl FromProperty<$k> for String {
            fn from_property(value: &Value) -> Converted<Self> {
                match value {
                    Value::Null => Ok(String::new()),
                    other => as_str(other, "a string").map(str::to_owned),
                }
            }
        }

        impl IntoProperty<$k> for String {
            fn to_property(&self) -> Converted<Value> {
                // Notion rejects empty strings; empty means `null`.
                if self.is_empty() {
                    return Ok(Value::Null);
                }
                check_chars(self, $max, $what)?;
                Ok(Value::String(self.clone()))
            }
        }
    )*};
}

string_kinds!(
    kind::Url: limits::MAX_URL, "URL",
    kind::Email: limits::MAX_EMAIL, "email",
    kind::PhoneNumber: limits::MAX_PHONE, "phone number"
);

// ---------------------------------------------------------------------------------------------
// Numbers

/// Rust number types usable for `number` properties and number filters.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a number: number properties take a Rust number",
    label = "expected a number",
    note = "number (and unique_id, number formula and number rollup) properties take `f64`, `f32`, `i64`, `i32`, `u32`, `u64`, or `rust_decimal::Decimal` (feature `decimal`)"
)]
pub trait NotionNumber: Sized {
    /// The number as JSON, failing for values JSON cannot hold (NaN, infinities).
    fn to_json(&self) -> Converted<Value>;
    /// The number from JSON, failing when it does not fit the type.
    fn from_json(value: &Value) -> Converted<Self>;
}

impl NotionNumber for f64 {
    fn to_json(&self) -> Converted<Value> {
        serde_json::Number::from_f64(*self)
            .map(Value::Number)
            .ok_or_else(|| ConversionError::new(format!("{self} is not a finite number")))
    }
    fn from_json(value: &Value) -> Converted<Self> {
        value
            .as_f64()
            .ok_or_else(|| ConversionError::expected("a number", value))
    }
}

impl NotionNumber for f32 {
    fn to_json(&self) -> Converted<Value> {
        f64::from(*self).to_json()
    }
    fn from_json(value: &Value) -> Converted<Self> {
        // Precision loss is what an f32 field asks for.
        f64::from_json(value).map(|v| v as f32)
    }
}

macro_rules! integer_numbers {
    ($($ty:ty),*) => {$(
        impl NotionNumber for $ty {
            fn to_json(&self) -> Converted<Value> {
                Ok(Value::from(*self))
            }
            fn from_json(value: &Value) -> Converted<Self> {
                if let Some(n) = value.as_i64() {
                    return <$ty>::try_from(n).map_err(|_| {
                        ConversionError::new(format!("{n} does not fit in {}", stringify!($ty)))
                    });
                }
                if let Some(n) = value.as_u64() {
                    return <$ty>::try_from(n).map_err(|_| {
                        ConversionError::new(format!("{n} does not fit in {}", stringify!($ty)))
                    });
                }
                match value.as_f64() {
                    // Notion stores every number as a double: 3.0 is a fine integer.
                    Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => <$ty>::try_from(f as i64)
                        .map_err(|_| ConversionError::new(format!("{f} does not fit in {}", stringify!($ty)))),
                    Some(f) => Err(ConversionError::new(format!(
                        "{f} is not an integer; use an f64 field"
                    ))),
                    None => Err(ConversionError::expected("a number", value)),
                }
            }
        }
    )*};
}

integer_numbers!(i64, i32, u32, u64);

#[cfg(feature = "decimal")]
impl NotionNumber for rust_decimal::Decimal {
    fn to_json(&self) -> Converted<Value> {
        use rust_decimal::prelude::ToPrimitive;
        self.to_f64()
            .ok_or_else(|| ConversionError::new(format!("{self} does not fit in a double")))?
            .to_json()
    }
    fn from_json(value: &Value) -> Converted<Self> {
        // Through the JSON text, so 0.1 stays 0.1 rather than the nearest double's expansion.
        let text = match value {
            Value::Number(n) => n.to_string(),
            other => return Err(ConversionError::expected("a number", other)),
        };
        text.parse::<rust_decimal::Decimal>()
            .or_else(|_| rust_decimal::Decimal::from_scientific(&text))
            .map_err(|e| ConversionError::new(format!("{text} is not a decimal: {e}")))
    }
}

macro_rules! number_kind {
    ($($ty:ty),*) => {$(
        impl FromProperty<kind::Number> for $ty {
            fn from_property(value: &Value) -> Converted<Self> {
                if value.is_null() {
                    return Err(empty_error());
                }
                <$ty as NotionNumber>::from_json(value)
            }
        }

        impl IntoProperty<kind::Number> for $ty {
            fn to_property(&self) -> Converted<Value> {
                NotionNumber::to_json(self)
            }
        }

        impl DefaultKind for $ty {
            type Kind = kind::Number;
        }

        impl DefaultKind for Option<$ty> {
            type Kind = kind::Number;
        }
    )*};
}

number_kind!(f64, f32, i64, i32, u32, u64);
#[cfg(feature = "decimal")]
number_kind!(rust_decimal::Decimal);

// ---------------------------------------------------------------------------------------------
// Checkbox

impl FromProperty<kind::Checkbox> for bool {
    fn from_property(value: &Value) -> Converted<Self> {
        value
            .as_bool()
            .ok_or_else(|| ConversionError::expected("true or false", value))
    }
}

impl IntoProperty<kind::Checkbox> for bool {
    fn to_property(&self) -> Converted<Value> {
        Ok(Value::Bool(*self))
    }
}

// ---------------------------------------------------------------------------------------------
// Select, status, multi_select

/// Reads one option `{id, name, color}` into `E`.
fn option_from(value: &Value) -> Converted<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::Object(o) => Ok(o.get("name").and_then(Value::as_str).map(str::to_owned)),
        other => Err(ConversionError::expected("a select option", other)),
    }
}

fn enum_from_name<E: SelectOption>(name: &str) -> Converted<E> {
    E::from_name(name).ok_or_else(|| {
        ConversionError::new(format!(
            "unknown option {name:?} (known: {:?}); add a `#[notion(other)]` variant to accept any",
            E::OPTIONS
        ))
    })
}

macro_rules! select_kinds {
    ($($k:ty),*) => {$(
        impl<E: SelectOption> FromProperty<$k> for E {
            const READS: Reads = Reads::Plain;
            const OPTIONS: &'static [&'static str] = E::OPTIONS;

            fn from_property(value: &Value) -> Converted<Self> {
                match option_from(value)? {
                    Some(name) => enum_from_name(&name),
                    None => Err(empty_error()),
                }
            }
        }

        impl<E: SelectOption> IntoProperty<$k> for E {
            fn to_property(&self) -> Converted<Value> {
                Ok(json!({"name": self.name()}))
            }
        }

        impl FromProperty<$k> for String {
            const READS: Reads = Reads::Plain;

            fn from_property(value: &Value) -> Converted<Self> {
                option_from(value)?.ok_or_else(empty_error)
            }
        }

        impl IntoProperty<$k> for String {
            fn to_property(&self) -> Converted<Value> {
                Ok(json!({"name": self}))
            }
        }
    )*};
}

select_kinds!(kind::Select, kind::Status);

fn multi_names(value: &Value) -> Converted<Vec<String>> {
    each(value, "an array of options", |o| {
        option_from(o)?.ok_or_else(|| ConversionError::expected("an option", o))
    })
}

fn multi_request<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Converted<Value> {
    check_len(names.len(), "options")?;
    Ok(Value::Array(names.map(|n| json!({"name": n})).collect()))
}

impl<E: SelectOption> FromProperty<kind::MultiSelect> for Vec<E> {
    const READS: Reads = Reads::Plain;
    const OPTIONS: &'static [&'static str] = E::OPTIONS;

    fn from_property(value: &Value) -> Converted<Self> {
        multi_names(value)?
            .iter()
            .map(|n| enum_from_name(n))
            .collect()
    }
}

impl<E: SelectOption> IntoProperty<kind::MultiSelect> for Vec<E> {
    fn to_property(&self) -> Converted<Value> {
        multi_request(self.iter().map(SelectOption::name))
    }
}

impl<E: SelectOption + Ord> FromProperty<kind::MultiSelect> for BTreeSet<E> {
    const READS: Reads = Reads::Plain;
    const OPTIONS: &'static [&'static str] = E::OPTIONS;

    fn from_property(value: &Value) -> Converted<Self> {
        multi_names(value)?
            .iter()
            .map(|n| enum_from_name(n))
            .collect()
    }
}

impl<E: SelectOption + Ord> IntoProperty<kind::MultiSelect> for BTreeSet<E> {
    fn to_property(&self) -> Converted<Value> {
        multi_request(self.iter().map(SelectOption::name))
    }
}

impl FromProperty<kind::MultiSelect> for Vec<String> {
    const READS: Reads = Reads::Plain;

    fn from_property(value: &Value) -> Converted<Self> {
        multi_names(value)
    }
}

impl IntoProperty<kind::MultiSelect> for Vec<String> {
    fn to_property(&self) -> Converted<Value> {
        multi_request(self.iter().map(String::as_str))
    }
}

impl FromProperty<kind::MultiSelect> for BTreeSet<String> {
    const READS: Reads = Reads::Plain;

    fn from_property(value: &Value) -> Converted<Self> {
        multi_names(value).map(|v| v.into_iter().collect())
    }
}

impl IntoProperty<kind::MultiSelect> for BTreeSet<String> {
    fn to_property(&self) -> Converted<Value> {
        multi_request(self.iter().map(String::as_str))
    }
}

// ---------------------------------------------------------------------------------------------
// Dates

/// A Rust type that one end of a Notion date can be read into and written from.
pub trait DateBound: Sized {
    /// Reads `start` or `end` (with the value's `time_zone`, if any).
    fn parse_bound(text: &str, time_zone: Option<&str>) -> Converted<Self>;
    /// The string to send, and the IANA time zone to send with it, if any.
    fn format_bound(&self) -> (String, Option<String>);
}

fn bad_date(text: &str, e: impl fmt::Display) -> ConversionError {
    ConversionError::new(format!("{text:?} is not a date Notion sends: {e}"))
}

impl DateBound for CivilDate {
    fn parse_bound(text: &str, _: Option<&str>) -> Converted<Self> {
        // A datetime's calendar date is the date Notion shows for it.
        let date_part = text.get(..10).unwrap_or(text);
        date_part.parse().map_err(|e| bad_date(text, e))
    }
    fn format_bound(&self) -> (String, Option<String>) {
        (self.to_string(), None)
    }
}

impl DateBound for Timestamp {
    fn parse_bound(text: &str, time_zone: Option<&str>) -> Converted<Self> {
        ZonedDateTime::parse_bound(text, time_zone).map(|z| z.timestamp())
    }
    fn format_bound(&self) -> (String, Option<String>) {
        (self.to_string(), None)
    }
}

impl DateBound for ZonedDateTime {
    fn parse_bound(text: &str, time_zone: Option<&str>) -> Converted<Self> {
        if let Some(tz) = time_zone {
            // With a time zone, Notion's datetimes carry no offset.
            let civil: jiff::civil::DateTime = text
                .get(..19)
                .unwrap_or(text)
                .parse()
                .map_err(|e| bad_date(text, e))?;
            return civil.in_tz(tz).map_err(|e| bad_date(text, e));
        }
        if text.len() == 10 {
            let date: CivilDate = text.parse().map_err(|e| bad_date(text, e))?;
            return date
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|e| bad_date(text, e));
        }
        let ts: Timestamp = text.parse().map_err(|e| bad_date(text, e))?;
        let offset = jiff::fmt::temporal::Pieces::parse(text)
            .ok()
            .and_then(|p| p.offset())
            .map(|o| o.to_numeric_offset())
            .unwrap_or(jiff::tz::Offset::UTC);
        Ok(ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset)))
    }
    fn format_bound(&self) -> (String, Option<String>) {
        match self.time_zone().iana_name() {
            Some(name) if name != "UTC" => (
                self.datetime().strftime("%Y-%m-%dT%H:%M:%S%.f").to_string(),
                Some(name.to_owned()),
            ),
            _ => (
                self.timestamp()
                    .display_with_offset(self.offset())
                    .to_string(),
                None,
            ),
        }
    }
}

fn date_parts(value: &Value) -> Converted<(&str, Option<&str>, Option<&str>)> {
    let obj = value
        .as_object()
        .ok_or_else(|| ConversionError::expected("a date object", value))?;
    let start = obj
        .get("start")
        .and_then(Value::as_str)
        .ok_or_else(|| ConversionError::expected("a date with a start", value))?;
    let end = obj.get("end").and_then(Value::as_str);
    let tz = obj.get("time_zone").and_then(Value::as_str);
    Ok((start, end, tz))
}

fn date_request<T: DateBound>(start: &T, end: Option<&T>) -> Value {
    let (start, tz) = start.format_bound();
    let mut obj = serde_json::Map::new();
    obj.insert("start".into(), Value::String(start));
    if let Some(end) = end {
        obj.insert("end".into(), Value::String(end.format_bound().0));
    }
    if let Some(tz) = tz {
        obj.insert("time_zone".into(), Value::String(tz));
    }
    Value::Object(obj)
}

macro_rules! date_types {
    ($($ty:ty),*) => {$(
        impl FromProperty<kind::Date> for $ty {
            fn from_property(value: &Value) -> Converted<Self> {
                if value.is_null() {
                    return Err(empty_error());
                }
                let (start, _, tz) = date_parts(value)?;
                <$ty>::parse_bound(start, tz)
            }
        }

        impl IntoProperty<kind::Date> for $ty {
            fn to_property(&self) -> Converted<Value> {
                Ok(date_request(self, None))
            }
        }

        impl FromProperty<kind::Date> for DateRange<$ty> {
            fn from_property(value: &Value) -> Converted<Self> {
                if value.is_null() {
                    return Err(empty_error());
                }
                let (start, end, tz) = date_parts(value)?;
                Ok(DateRange {
                    start: <$ty>::parse_bound(start, tz)?,
                    end: end.map(|e| <$ty>::parse_bound(e, tz)).transpose()?,
                })
            }
        }

        impl IntoProperty<kind::Date> for DateRange<$ty> {
            fn to_property(&self) -> Converted<Value> {
                Ok(date_request(&self.start, self.end.as_ref()))
            }
        }

        impl DefaultKind for $ty {
            type Kind = kind::Date;
        }
        impl DefaultKind for Option<$ty> {
            type Kind = kind::Date;
        }
        impl DefaultKind for DateRange<$ty> {
            type Kind = kind::Date;
        }
        impl DefaultKind for Option<DateRange<$ty>> {
            type Kind = kind::Date;
        }
    )*};
}

date_types!(CivilDate, Timestamp, ZonedDateTime);

macro_rules! timestamp_kinds {
    ($($k:ty),*) => {$(
        impl FromProperty<$k> for Timestamp {
            fn from_property(value: &Value) -> Converted<Self> {
                let text = as_str(value, "a timestamp")?;
                text.parse().map_err(|e| bad_date(text, e))
            }
        }
    )*};
}

timestamp_kinds!(kind::CreatedTime, kind::LastEditedTime);

// ---------------------------------------------------------------------------------------------
// People, created_by, last_edited_by

fn user_ref(value: &Value) -> Converted<UserRef> {
    let id = value
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| ConversionError::expected("a user with an id", value))?;
    let id = UserId::parse(id).map_err(|e| ConversionError::new(e.to_string()))?;
    let group = value.get("object").and_then(Value::as_str) == Some("group");
    Ok(UserRef { id, group })
}

impl FromProperty<kind::People> for Vec<UserRef> {
    fn from_property(value: &Value) -> Converted<Self> {
        each(value, "an array of users", user_ref)
    }
}

impl IntoProperty<kind::People> for Vec<UserRef> {
    fn to_property(&self) -> Converted<Value> {
        check_len(self.len(), "people")?;
        Ok(self
            .iter()
            .map(|u| json!({"object": if u.group { "group" } else { "user" }, "id": u.id}))
            .collect())
    }
}

macro_rules! user_kinds {
    ($($k:ty),*) => {$(
        impl FromProperty<$k> for UserRef {
            fn from_property(value: &Value) -> Converted<Self> {
                user_ref(value)
            }
        }
    )*};
}

user_kinds!(kind::CreatedBy, kind::LastEditedBy);

// ---------------------------------------------------------------------------------------------
// Files

fn file_ref(value: &Value) -> Converted<FileRef> {
    let name = value
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let url_at = |pointer: &str| {
        value
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| ConversionError::expected("a file with a url", value))
    };
    match value.get("type").and_then(Value::as_str) {
        Some("external") => Ok(FileRef::External {
            name,
            url: url_at("/external/url")?,
        }),
        Some("file") => Ok(FileRef::Hosted {
            name,
            url: url_at("/file/url")?,
        }),
        Some("file_upload") => {
            let id = value
                .pointer("/file_upload/id")
                .and_then(Value::as_str)
                .and_then(|id| FileUploadId::parse(id).ok())
                .ok_or_else(|| ConversionError::expected("a file upload id", value))?;
            Ok(FileRef::Upload {
                name: Some(name).filter(|n| !n.is_empty()),
                id,
            })
        }
        _ => Err(ConversionError::expected("a file", value)),
    }
}

impl FromProperty<kind::Files> for Vec<FileRef> {
    fn from_property(value: &Value) -> Converted<Self> {
        each(value, "an array of files", file_ref)
    }
}

impl IntoProperty<kind::Files> for Vec<FileRef> {
    fn to_property(&self) -> Converted<Value> {
        check_len(self.len(), "files")?;
        Ok(self
            .iter()
            .map(|f| match f {
                FileRef::External { name, url } => {
                    json!({"name": name, "type": "external", "external": {"url": url}})
                }
                FileRef::Hosted { name, url } => {
                    json!({"name": name, "type": "file", "file": {"url": url}})
                }
                FileRef::Upload { name, id } => match name {
                    Some(name) => {
                        json!({"name": name, "type": "file_upload", "file_upload": {"id": id}})
                    }
                    None => json!({"type": "file_upload", "file_upload": {"id": id}}),
                },
            })
            .collect())
    }
}

// ---------------------------------------------------------------------------------------------
// Relation

fn relation_ids(value: &Value) -> Converted<Vec<PageId>> {
    each(value, "an array of page references", |r| {
        r.get("id")
            .and_then(Value::as_str)
            .and_then(|id| PageId::parse(id).ok())
            .ok_or_else(|| ConversionError::expected("a page reference", r))
    })
}

/// The request value of a relation. Over 100 ids is an error rather than several requests:
/// Notion takes at most 100 related pages per write, and every write replaces the whole list,
/// so a second request would drop the ids of the first.
fn relation_request(ids: &[PageId]) -> Converted<Value> {
    if ids.len() > MAX_ITEMS {
        return Err(ConversionError::new(format!(
            "{} related pages; Notion accepts at most {MAX_ITEMS} per write, and a write replaces \
             the whole relation, so the rest cannot be sent in later requests. Keep at most \
             {MAX_ITEMS}, or link the extra pages from their side of a two-way relation",
            ids.len()
        )));
    }
    Ok(ids.iter().map(|id| json!({"id": id})).collect())
}

// One blanket impl over `RelationField` rather than one per type, so a type that is not a
// relation field fails on the same bound as its schema: one error.
impl<T: RelationField> FromProperty<kind::Relation> for T {
    fn from_property(value: &Value) -> Converted<Self> {
        relation_ids(value).map(T::from_ids)
    }
}

impl<T: RelationField> IntoProperty<kind::Relation> for T {
    fn to_property(&self) -> Converted<Value> {
        relation_request(self.page_ids())
    }
}

// ---------------------------------------------------------------------------------------------
// unique_id, verification

impl FromProperty<kind::UniqueId> for UniqueId {
    fn from_property(value: &Value) -> Converted<Self> {
        let number = value
            .get("number")
            .and_then(Value::as_u64)
            .ok_or_else(|| ConversionError::expected("a unique id with a number", value))?;
        let prefix = value
            .get("prefix")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(UniqueId { prefix, number })
    }
}

impl FromProperty<kind::Verification> for Verification {
    fn from_property(value: &Value) -> Converted<Self> {
        let state = match as_str(
            value.get("state").unwrap_or(&Value::Null),
            "a verification state",
        )? {
            "verified" => VerificationState::Verified,
            "expired" => VerificationState::Expired,
            "unverified" => VerificationState::Unverified,
            other => VerificationState::Other(other.to_owned()),
        };
        let verified_by = match value.get("verified_by") {
            None | Some(Value::Null) => None,
            Some(user) => Some(user_ref(user)?),
        };
        Ok(Verification { state, verified_by })
    }
}

// ---------------------------------------------------------------------------------------------
// formula and rollup: typed by their result, read through the kind of the result.

/// Unwraps `{type: "number", number: 3}` into the value under its type, checking the type.
fn typed_result<'v>(value: &'v Value, accepted: &[&str]) -> Converted<&'v Value> {
    let ty = value
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| ConversionError::expected("a formula or rollup result", value))?;
    if !accepted.contains(&ty) {
        return Err(ConversionError::new(format!(
            "the result is of type {ty:?}, which this field's type cannot hold (it takes {accepted:?})"
        )));
    }
    Ok(value.get(ty).unwrap_or(&Value::Null))
}

macro_rules! computed {
    ($outer:ty: $($ty:ty => $inner:ty, [$($result:literal),*];)*) => {$(
        impl FromProperty<$outer> for $ty {
            fn from_property(value: &Value) -> Converted<Self> {
                if value.is_null() {
                    return <$ty as FromProperty<$inner>>::from_property(value);
                }
                <$ty as FromProperty<$inner>>::from_property(typed_result(value, &[$($result),*])?)
            }
        }
    )*};
}

computed! { kind::Formula:
    f64 => kind::Number, ["number"];
    i64 => kind::Number, ["number"];
    String => kind::Url, ["string"];
    bool => kind::Checkbox, ["boolean"];
    CivilDate => kind::Date, ["date"];
    Timestamp => kind::Date, ["date"];
    DateRange<CivilDate> => kind::Date, ["date"];
    DateRange<Timestamp> => kind::Date, ["date"];
}

computed! { kind::Rollup:
    f64 => kind::Number, ["number"];
    i64 => kind::Number, ["number"];
    CivilDate => kind::Date, ["date"];
    Timestamp => kind::Date, ["date"];
    DateRange<CivilDate> => kind::Date, ["date"];
    DateRange<Timestamp> => kind::Date, ["date"];
}

/// An array rollup: one raw property value (`{type, <type>: value}`) per related page.
impl FromProperty<kind::Rollup> for Vec<Value> {
    fn from_property(value: &Value) -> Converted<Self> {
        typed_result(value, &["array"])?;
        Ok(value
            .get("array")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }
}

// ---------------------------------------------------------------------------------------------
// Default kinds of the remaining types

macro_rules! default_kinds {
    ($($ty:ty => $k:ty;)*) => {$(
        impl DefaultKind for $ty {
            type Kind = $k;
        }
    )*};
}

default_kinds! {
    String => kind::RichText;
    Option<String> => kind::RichText;
    Vec<RichText> => kind::RichText;
    bool => kind::Checkbox;
    Vec<String> => kind::MultiSelect;
    BTreeSet<String> => kind::MultiSelect;
    Vec<UserRef> => kind::People;
    Vec<FileRef> => kind::Files;
    Vec<PageId> => kind::Relation;
    UniqueId => kind::UniqueId;
    Option<UniqueId> => kind::UniqueId;
    Verification => kind::Verification;
    Option<Verification> => kind::Verification;
}

impl<T> DefaultKind for Relation<T> {
    type Kind = kind::Relation;
}

impl<E: SelectOption> DefaultKind for Option<E> {
    type Kind = kind::Select;
}

impl<E: SelectOption> DefaultKind for Vec<E> {
    type Kind = kind::MultiSelect;
}

impl<E: SelectOption> DefaultKind for BTreeSet<E> {
    type Kind = kind::MultiSelect;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<K: Kind, T: FromProperty<K>>(value: Value) -> Converted<T> {
        T::from_property(&value)
    }

    #[test]
    fn long_text_is_split_into_items_of_2000_characters() {
        let text = "é".repeat(4500);
        let value = <String as IntoProperty<kind::RichText>>::to_property(&text).unwrap();
        let lens: Vec<usize> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["text"]["content"].as_str().unwrap().chars().count())
            .collect();
        assert_eq!(lens, [2000, 2000, 500]);
    }

    #[test]
    fn long_text_is_split_by_utf16_units_without_splitting_characters() {
        // Each emoji is two UTF-16 units: 1,000 fit in one item.
        let text = "😀".repeat(1500);
        let value = <String as IntoProperty<kind::RichText>>::to_property(&text).unwrap();
        let items = value.as_array().unwrap();
        let units: Vec<usize> = items
            .iter()
            .map(|i| {
                i["text"]["content"]
                    .as_str()
                    .unwrap()
                    .encode_utf16()
                    .count()
            })
            .collect();
        assert_eq!(units, [2000, 1000]);
        let joined: String = items
            .iter()
            .map(|i| i["text"]["content"].as_str().unwrap())
            .collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn empty_text_is_no_items() {
        let value = <String as IntoProperty<kind::RichText>>::to_property(&String::new()).unwrap();
        assert_eq!(value, json!([]));
    }

    #[test]
    fn rich_text_reads_concatenate_plain_text() {
        let v = json!([{"plain_text": "a"}, {"plain_text": "b"}]);
        assert_eq!(read::<kind::Title, String>(v).unwrap(), "ab");
    }

    #[test]
    fn empty_rich_text_is_none_for_option_fields() {
        assert_eq!(
            read::<kind::RichText, Option<String>>(json!([])).unwrap(),
            None
        );
    }

    #[test]
    fn integer_fields_reject_fractions() {
        let err = read::<kind::Number, u32>(json!(1.5)).unwrap_err();
        assert!(err.message().contains("not an integer"), "{err}");
    }

    #[test]
    fn integer_fields_reject_out_of_range_values() {
        assert!(read::<kind::Number, u32>(json!(-1)).is_err());
    }

    #[test]
    fn non_option_number_fields_reject_empty_values() {
        let err = read::<kind::Number, f64>(Value::Null).unwrap_err();
        assert!(err.message().contains("Option"), "{err}");
    }

    #[test]
    fn empty_strings_are_written_as_null() {
        let v = <String as IntoProperty<kind::Url>>::to_property(&String::new()).unwrap();
        assert_eq!(v, Value::Null);
    }

    #[test]
    fn zoned_dates_keep_their_time_zone() {
        let z: ZonedDateTime = read::<kind::Date, ZonedDateTime>(
            json!({"start": "2024-03-01T09:30:00.000", "end": null, "time_zone": "Europe/Paris"}),
        )
        .unwrap();
        assert_eq!(z.time_zone().iana_name(), Some("Europe/Paris"));
        let written = <ZonedDateTime as IntoProperty<kind::Date>>::to_property(&z).unwrap();
        assert_eq!(
            written,
            json!({"start": "2024-03-01T09:30:00", "time_zone": "Europe/Paris"})
        );
    }

    #[test]
    fn offsets_in_dates_are_kept() {
        let z =
            read::<kind::Date, ZonedDateTime>(json!({"start": "2022-02-25T01:23:00.000+09:00"}))
                .unwrap();
        assert_eq!(z.offset().seconds(), 9 * 3600);
    }

    #[test]
    fn date_fields_read_the_calendar_date_of_datetimes() {
        let d = read::<kind::Date, CivilDate>(json!({"start": "2024-05-06T23:00:00.000+02:00"}))
            .unwrap();
        assert_eq!(d, jiff::civil::date(2024, 5, 6));
    }

    #[test]
    fn formula_results_of_another_type_are_errors() {
        let err = read::<kind::Formula, Option<f64>>(json!({"type": "string", "string": "x"}))
            .unwrap_err();
        assert!(err.message().contains("\"string\""), "{err}");
    }

    #[test]
    fn empty_formula_and_rollup_results_read_as_none() {
        let empty = json!({"type": "number", "number": null});
        assert_eq!(
            read::<kind::Formula, Option<f64>>(empty.clone()).unwrap(),
            None
        );
        assert_eq!(read::<kind::Rollup, Option<i64>>(empty).unwrap(), None);
        let no_date = json!({"type": "date", "date": null, "function": "earliest_date"});
        assert_eq!(
            read::<kind::Rollup, Option<jiff::civil::Date>>(no_date).unwrap(),
            None
        );
        let no_text = json!({"type": "string", "string": null});
        assert_eq!(
            read::<kind::Formula, Option<String>>(no_text).unwrap(),
            None
        );
    }

    #[test]
    fn formula_number_results_read_as_numbers() {
        let v = read::<kind::Formula, Option<f64>>(json!({"type": "number", "number": 2.5}));
        assert_eq!(v.unwrap(), Some(2.5));
    }

    #[cfg(feature = "decimal")]
    #[test]
    fn decimals_keep_the_digits_notion_sent() {
        let d = read::<kind::Number, rust_decimal::Decimal>(json!(0.1)).unwrap();
        assert_eq!(d, rust_decimal::Decimal::new(1, 1));
    }

    #[test]
    fn verification_reads_state_and_verifier() {
        let v = read::<kind::Verification, Verification>(json!({
            "state": "verified",
            "date": {"start": "2026-01-01", "end": null, "time_zone": null},
            "verified_by": {"object": "user", "id": "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"}
        }))
        .unwrap();
        assert_eq!(v.state, VerificationState::Verified);
        assert!(v.verified_by.is_some());
    }

    #[test]
    fn unknown_verification_states_are_kept() {
        let v = read::<kind::Verification, Verification>(json!({"state": "pending"})).unwrap();
        assert_eq!(v.state, VerificationState::Other("pending".into()));
    }

    #[test]
    fn people_keep_groups_apart_from_users() {
        let people = read::<kind::People, Vec<UserRef>>(json!([
            {"object": "group", "id": "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "name": "Team"}
        ]))
        .unwrap();
        assert!(people[0].group);
    }

    #[test]
    fn array_rollups_read_each_item() {
        let items = read::<kind::Rollup, Vec<Value>>(json!({
            "type": "array", "function": "show_original",
            "array": [{"type": "number", "number": 1}, {"type": "number", "number": 2}]
        }))
        .unwrap();
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn more_than_100_relations_are_rejected_before_sending() {
        let ids = (0..101).map(|_| PageId::from_uuid(uuid::Uuid::new_v4()));
        let ids: Vec<PageId> = ids.collect();
        let err = <Vec<PageId> as IntoProperty<kind::Relation>>::to_property(&ids).unwrap_err();
        assert!(err.message().contains("replaces"), "{err}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Converts the request shape into the read shape, as Notion echoes it back.
        fn echoed(request: Value) -> Value {
            match request {
                Value::Array(items) => items
                    .into_iter()
                    .map(|item| json!({"plain_text": item["text"]["content"]}))
                    .collect(),
                other => other,
            }
        }

        fn round_trip<K: Kind, T: FromProperty<K> + IntoProperty<K>>(value: &T) -> T {
            T::from_property(&echoed(value.to_property().unwrap())).unwrap()
        }

        proptest! {
            #[test]
            fn any_text_round_trips_through_rich_text(text in "\\PC{0,5000}") {
                prop_assert_eq!(round_trip::<kind::RichText, String>(&text), text);
            }

            #[test]
            fn any_i64_within_doubles_round_trips(n in -(1i64 << 52)..(1i64 << 52)) {
                prop_assert_eq!(round_trip::<kind::Number, i64>(&n), n);
            }

            #[test]
            fn any_finite_f64_round_trips(x in proptest::num::f64::NORMAL | proptest::num::f64::ZERO) {
                prop_assert_eq!(round_trip::<kind::Number, f64>(&x), x);
            }

            #[test]
            fn any_date_round_trips(days in 0i32..200_000) {
                let date = jiff::civil::date(1900, 1, 1)
                    .checked_add(jiff::Span::new().days(days))
                    .unwrap();
                prop_assert_eq!(round_trip::<kind::Date, CivilDate>(&date), date);
            }
        }
    }
}
