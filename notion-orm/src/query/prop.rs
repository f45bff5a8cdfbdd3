//! [`Prop`]: the typed handle of one model property, with the filter operators of its kind.

use std::fmt;
use std::marker::PhantomData;

use jiff::civil::Date as CivilDate;
use jiff::{Timestamp, ZonedDateTime};
use serde_json::{Value, json};

use super::filter::Filter;
use super::sort::Sort;
use crate::model::SelectField;
use crate::model::convert::NotionNumber;
use crate::model::kind::{self, Kind};
use crate::types::{PageId, UserId};

/// The handle of one property of model `M`, of Notion kind `K`, held by a field of type `T`;
/// `A` says whether it can be written ([`ReadWrite`](kind::ReadWrite) or
/// [`ReadOnly`](kind::ReadOnly)).
///
/// The derive generates one per field as an associated constant (`Task::DONE`). Its methods are
/// the filter operators Notion allows for the kind (notion-api.md §3.1), taking values of the
/// field's type: a `select` handle takes the field's enum.
pub struct Prop<M, K, T, A> {
    name: &'static str,
    id: Option<&'static str>,
    field: &'static str,
    marker: Marker<M, K, T, A>,
}

/// Ties the handle to its type parameters without owning any of them.
type Marker<M, K, T, A> = PhantomData<fn() -> (M, K, T, A)>;

impl<M, K, T, A> Prop<M, K, T, A> {
    #[doc(hidden)]
    pub const fn __new(name: &'static str, id: Option<&'static str>, field: &'static str) -> Self {
        Prop {
            name,
            id,
            field,
            marker: PhantomData,
        }
    }

    /// The Rust field the handle belongs to.
    pub const fn field(&self) -> &'static str {
        self.field
    }

    /// The Notion property name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The Notion property id, when the field is bound by id.
    pub const fn id(&self) -> Option<&'static str> {
        self.id
    }

    /// What requests call the property: its id when known (stable across renames), else its name.
    pub const fn key(&self) -> &'static str {
        match self.id {
            Some(id) => id,
            None => self.name,
        }
    }

    /// Sorts by this property, smallest first.
    pub fn ascending(&self) -> Sort<M> {
        Sort::raw(json!({"property": self.key(), "direction": "ascending"}))
    }

    /// Sorts by this property, largest first.
    pub fn descending(&self) -> Sort<M> {
        Sort::raw(json!({"property": self.key(), "direction": "descending"}))
    }

    fn condition(&self, kind: &str, op: &str, value: Value) -> Filter<M> {
        Filter::raw(json!({"property": self.key(), kind: {op: value}}))
    }
}

impl<M, K: Kind, T, A> Prop<M, K, T, A> {
    /// The key of this kind's conditions in a filter, e.g. `"rich_text"`.
    const KIND: &'static str = K::NAME;
}

impl<M, K, T, A> Clone for Prop<M, K, T, A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, K, T, A> Copy for Prop<M, K, T, A> {}

impl<M, K: Kind, T, A> fmt::Debug for Prop<M, K, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prop")
            .field("name", &self.name)
            .field("id", &self.id)
            .field("kind", &Self::KIND)
            .finish()
    }
}

macro_rules! emptiness {
    () => {
        /// The property is empty.
        pub fn is_empty(&self) -> Filter<M> {
            self.condition(Self::KIND, "is_empty", Value::Bool(true))
        }

        /// The property is not empty.
        pub fn is_not_empty(&self) -> Filter<M> {
            self.condition(Self::KIND, "is_not_empty", Value::Bool(true))
        }
    };
}

macro_rules! text_conditions {
    ($($k:ty),*) => {$(
impl<M, T, A> Prop<M, $k, T, A> {
    /// The text equals `value`.
    pub fn equals(&self, value: impl Into<String>) -> Filter<M> {
        self.condition(Self::KIND, "equals", Value::String(value.into()))
    }

    /// The text differs from `value`.
    pub fn does_not_equal(&self, value: impl Into<String>) -> Filter<M> {
        self.condition(Self::KIND, "does_not_equal", Value::String(value.into()))
    }

    /// The text contains `value`.
    pub fn contains(&self, value: impl Into<String>) -> Filter<M> {
        self.condition(Self::KIND, "contains", Value::String(value.into()))
    }

    /// The text does not contain `value`.
    pub fn does_not_contain(&self, value: impl Into<String>) -> Filter<M> {
        self.condition(Self::KIND, "does_not_contain", Value::String(value.into()))
    }

    /// The text starts with `value`.
    pub fn starts_with(&self, value: impl Into<String>) -> Filter<M> {
        self.condition(Self::KIND, "starts_with", Value::String(value.into()))
    }

    /// The text ends with `value`.
    pub fn ends_with(&self, value: impl Into<String>) -> Filter<M> {
        self.condition(Self::KIND, "ends_with", Value::String(value.into()))
    }

    emptiness!();
}
    )*};
}

text_conditions!(
    kind::Title,
    kind::RichText,
    kind::Url,
    kind::Email,
    kind::PhoneNumber
);

macro_rules! number_conditions {
    ($($k:ty),*) => {$(
impl<M, T, A> Prop<M, $k, T, A> {
    fn number(&self, op: &str, value: impl NotionNumber) -> Filter<M> {
        // A non-finite number has no JSON form; `null` makes Notion answer with a validation error.
        let value = value.to_json().unwrap_or(Value::Null);
        self.condition(Self::KIND, op, value)
    }

    /// The number equals `value`.
    pub fn equals(&self, value: impl NotionNumber) -> Filter<M> {
        self.number("equals", value)
    }

    /// The number differs from `value`.
    pub fn does_not_equal(&self, value: impl NotionNumber) -> Filter<M> {
        self.number("does_not_equal", value)
    }

    /// The number is greater than `value`.
    pub fn greater_than(&self, value: impl NotionNumber) -> Filter<M> {
        self.number("greater_than", value)
    }

    /// The number is less than `value`.
    pub fn less_than(&self, value: impl NotionNumber) -> Filter<M> {
        self.number("less_than", value)
    }

    /// The number is at least `value`.
    pub fn greater_than_or_equal_to(&self, value: impl NotionNumber) -> Filter<M> {
        self.number("greater_than_or_equal_to", value)
    }

    /// The number is at most `value`.
    pub fn less_than_or_equal_to(&self, value: impl NotionNumber) -> Filter<M> {
        self.number("less_than_or_equal_to", value)
    }

    emptiness!();
}
    )*};
}

number_conditions!(kind::Number, kind::UniqueId);

impl<M, T, A> Prop<M, kind::Checkbox, T, A> {
    /// The box is checked (`true`) or not (`false`).
    pub fn equals(&self, value: bool) -> Filter<M> {
        self.condition("checkbox", "equals", Value::Bool(value))
    }

    /// The box is not in state `value`.
    pub fn does_not_equal(&self, value: bool) -> Filter<M> {
        self.condition("checkbox", "does_not_equal", Value::Bool(value))
    }
}

macro_rules! option_conditions {
    ($($k:ty),*) => {$(
impl<M, T: SelectField, A> Prop<M, $k, T, A> {
    fn names(values: impl IntoIterator<Item = T::Option>) -> Value {
        values
            .into_iter()
            .map(|v| Value::String(T::option_name(&v).to_owned()))
            .collect()
    }

    /// The option is `value`.
    pub fn equals(&self, value: impl Into<T::Option>) -> Filter<M> {
        let value = value.into();
        self.condition(Self::KIND, "equals", json!(T::option_name(&value)))
    }

    /// The option is not `value`.
    pub fn does_not_equal(&self, value: impl Into<T::Option>) -> Filter<M> {
        let value = value.into();
        self.condition(Self::KIND, "does_not_equal", json!(T::option_name(&value)))
    }

    /// The option is one of `values` (`equals` with an array, Notion 2026-04-13+).
    pub fn is_in(&self, values: impl IntoIterator<Item = T::Option>) -> Filter<M> {
        self.condition(Self::KIND, "equals", Self::names(values))
    }

    /// The option is none of `values` (`does_not_equal` with an array).
    pub fn is_not_in(&self, values: impl IntoIterator<Item = T::Option>) -> Filter<M> {
        self.condition(Self::KIND, "does_not_equal", Self::names(values))
    }

    emptiness!();
}
    )*};
}

option_conditions!(kind::Select, kind::Status);

impl<M, T: SelectField, A> Prop<M, kind::MultiSelect, T, A> {
    /// One of the options is `value`.
    pub fn contains(&self, value: impl Into<T::Option>) -> Filter<M> {
        let value = value.into();
        self.condition("multi_select", "contains", json!(T::option_name(&value)))
    }

    /// None of the options is `value`.
    pub fn does_not_contain(&self, value: impl Into<T::Option>) -> Filter<M> {
        let value = value.into();
        self.condition(
            "multi_select",
            "does_not_contain",
            json!(T::option_name(&value)),
        )
    }

    emptiness!();
}

/// A date or datetime in a date condition, or one of Notion's relative dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateArg(String);

impl From<CivilDate> for DateArg {
    fn from(d: CivilDate) -> Self {
        DateArg(d.to_string())
    }
}

impl From<Timestamp> for DateArg {
    fn from(t: Timestamp) -> Self {
        DateArg(t.to_string())
    }
}

impl From<&ZonedDateTime> for DateArg {
    fn from(z: &ZonedDateTime) -> Self {
        DateArg(z.timestamp().display_with_offset(z.offset()).to_string())
    }
}

impl From<ZonedDateTime> for DateArg {
    fn from(z: ZonedDateTime) -> Self {
        DateArg::from(&z)
    }
}

/// Dates relative to the day the query runs, resolved by Notion (2026-03-30+).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeDate {
    /// `today`
    Today,
    /// `tomorrow`
    Tomorrow,
    /// `yesterday`
    Yesterday,
    /// `one_week_ago`
    OneWeekAgo,
    /// `one_week_from_now`
    OneWeekFromNow,
    /// `one_month_ago`
    OneMonthAgo,
    /// `one_month_from_now`
    OneMonthFromNow,
}

impl From<RelativeDate> for DateArg {
    fn from(r: RelativeDate) -> Self {
        let s = match r {
            RelativeDate::Today => "today",
            RelativeDate::Tomorrow => "tomorrow",
            RelativeDate::Yesterday => "yesterday",
            RelativeDate::OneWeekAgo => "one_week_ago",
            RelativeDate::OneWeekFromNow => "one_week_from_now",
            RelativeDate::OneMonthAgo => "one_month_ago",
            RelativeDate::OneMonthFromNow => "one_month_from_now",
        };
        DateArg(s.to_owned())
    }
}

/// Date conditions, shared by date properties and timestamp filters.
macro_rules! date_conditions {
    () => {
        /// The date is `value`.
        pub fn equals(&self, value: impl Into<DateArg>) -> Filter<M> {
            self.date("equals", Value::String(value.into().0))
        }

        /// The date is before `value`.
        pub fn before(&self, value: impl Into<DateArg>) -> Filter<M> {
            self.date("before", Value::String(value.into().0))
        }

        /// The date is after `value`.
        pub fn after(&self, value: impl Into<DateArg>) -> Filter<M> {
            self.date("after", Value::String(value.into().0))
        }

        /// The date is `value` or earlier.
        pub fn on_or_before(&self, value: impl Into<DateArg>) -> Filter<M> {
            self.date("on_or_before", Value::String(value.into().0))
        }

        /// The date is `value` or later.
        pub fn on_or_after(&self, value: impl Into<DateArg>) -> Filter<M> {
            self.date("on_or_after", Value::String(value.into().0))
        }

        /// Within the past week.
        pub fn past_week(&self) -> Filter<M> {
            self.date("past_week", json!({}))
        }

        /// Within the past month.
        pub fn past_month(&self) -> Filter<M> {
            self.date("past_month", json!({}))
        }

        /// Within the past year.
        pub fn past_year(&self) -> Filter<M> {
            self.date("past_year", json!({}))
        }

        /// Within this week.
        pub fn this_week(&self) -> Filter<M> {
            self.date("this_week", json!({}))
        }

        /// Within next week.
        pub fn next_week(&self) -> Filter<M> {
            self.date("next_week", json!({}))
        }

        /// Within next month.
        pub fn next_month(&self) -> Filter<M> {
            self.date("next_month", json!({}))
        }

        /// Within next year.
        pub fn next_year(&self) -> Filter<M> {
            self.date("next_year", json!({}))
        }

        /// The date is empty.
        pub fn is_empty(&self) -> Filter<M> {
            self.date("is_empty", Value::Bool(true))
        }

        /// The date is set.
        pub fn is_not_empty(&self) -> Filter<M> {
            self.date("is_not_empty", Value::Bool(true))
        }
    };
}

macro_rules! date_property_conditions {
    ($($k:ty),*) => {$(
        impl<M, T, A> Prop<M, $k, T, A> {
            fn date(&self, op: &str, value: Value) -> Filter<M> {
                self.condition(<$k as Kind>::NAME, op, value)
            }

            date_conditions!();
        }
    )*};
}

date_property_conditions!(kind::Date, kind::CreatedTime, kind::LastEditedTime);

macro_rules! people_conditions {
    ($($k:ty),*) => {$(
impl<M, T, A> Prop<M, $k, T, A> {
    /// The property holds the user `id`.
    pub fn contains(&self, id: UserId) -> Filter<M> {
        self.condition(Self::KIND, "contains", json!(id))
    }

    /// The property does not hold the user `id`.
    pub fn does_not_contain(&self, id: UserId) -> Filter<M> {
        self.condition(Self::KIND, "does_not_contain", json!(id))
    }

    /// The property holds the integration's own user (`"me"`).
    pub fn contains_me(&self) -> Filter<M> {
        self.condition(Self::KIND, "contains", json!("me"))
    }

    emptiness!();
}
    )*};
}

people_conditions!(kind::People, kind::CreatedBy, kind::LastEditedBy);

impl<M, T, A> Prop<M, kind::Relation, T, A> {
    /// The relation includes page `id`.
    pub fn contains(&self, id: PageId) -> Filter<M> {
        self.condition("relation", "contains", json!(id))
    }

    /// The relation does not include page `id`.
    pub fn does_not_contain(&self, id: PageId) -> Filter<M> {
        self.condition("relation", "does_not_contain", json!(id))
    }

    emptiness!();
}

impl<M, T, A> Prop<M, kind::Files, T, A> {
    emptiness!();
}

/// Formula and rollup conditions, typed by the field's result type:
/// `{"property": .., "formula": {"number": {"greater_than": 3}}}`.
macro_rules! computed_conditions {
    ($outer:literal, $k:ty, $sub:literal, [$($t:ty),*], $body:tt) => {$(
        impl<M, A> Prop<M, $k, $t, A> {
            fn computed(&self, op: &str, value: Value) -> Filter<M> {
                self.condition($outer, $sub, json!({ op: value }))
            }
        }

        impl<M, A> Prop<M, $k, $t, A> $body
    )*};
}

computed_conditions!("formula", kind::Formula, "string", [String, Option<String>], {
    /// The text result equals `value`.
    pub fn equals(&self, value: impl Into<String>) -> Filter<M> {
        self.computed("equals", Value::String(value.into()))
    }

    /// The text result differs from `value`.
    pub fn does_not_equal(&self, value: impl Into<String>) -> Filter<M> {
        self.computed("does_not_equal", Value::String(value.into()))
    }

    /// The text result contains `value`.
    pub fn contains(&self, value: impl Into<String>) -> Filter<M> {
        self.computed("contains", Value::String(value.into()))
    }

    /// The text result does not contain `value`.
    pub fn does_not_contain(&self, value: impl Into<String>) -> Filter<M> {
        self.computed("does_not_contain", Value::String(value.into()))
    }

    /// The text result starts with `value`.
    pub fn starts_with(&self, value: impl Into<String>) -> Filter<M> {
        self.computed("starts_with", Value::String(value.into()))
    }

    /// The text result ends with `value`.
    pub fn ends_with(&self, value: impl Into<String>) -> Filter<M> {
        self.computed("ends_with", Value::String(value.into()))
    }

    /// The result is empty.
    pub fn is_empty(&self) -> Filter<M> {
        self.computed("is_empty", Value::Bool(true))
    }

    /// The result is not empty.
    pub fn is_not_empty(&self) -> Filter<M> {
        self.computed("is_not_empty", Value::Bool(true))
    }
});

macro_rules! computed_numbers {
    ($outer:literal, $k:ty) => {
        computed_conditions!($outer, $k, "number", [f64, Option<f64>, i64, Option<i64>], {
            /// The number result equals `value`.
            pub fn equals(&self, value: impl NotionNumber) -> Filter<M> {
                self.computed("equals", value.to_json().unwrap_or(Value::Null))
            }

            /// The number result differs from `value`.
            pub fn does_not_equal(&self, value: impl NotionNumber) -> Filter<M> {
                self.computed("does_not_equal", value.to_json().unwrap_or(Value::Null))
            }

            /// The number result is greater than `value`.
            pub fn greater_than(&self, value: impl NotionNumber) -> Filter<M> {
                self.computed("greater_than", value.to_json().unwrap_or(Value::Null))
            }

            /// The number result is less than `value`.
            pub fn less_than(&self, value: impl NotionNumber) -> Filter<M> {
                self.computed("less_than", value.to_json().unwrap_or(Value::Null))
            }

            /// The number result is at least `value`.
            pub fn greater_than_or_equal_to(&self, value: impl NotionNumber) -> Filter<M> {
                self.computed("greater_than_or_equal_to", value.to_json().unwrap_or(Value::Null))
            }

            /// The number result is at most `value`.
            pub fn less_than_or_equal_to(&self, value: impl NotionNumber) -> Filter<M> {
                self.computed("less_than_or_equal_to", value.to_json().unwrap_or(Value::Null))
            }

            /// The result is empty.
            pub fn is_empty(&self) -> Filter<M> {
                self.computed("is_empty", Value::Bool(true))
            }

            /// The result is not empty.
            pub fn is_not_empty(&self) -> Filter<M> {
                self.computed("is_not_empty", Value::Bool(true))
            }
        });
    };
}

computed_numbers!("formula", kind::Formula);
computed_numbers!("rollup", kind::Rollup);

computed_conditions!("formula", kind::Formula, "checkbox", [bool, Option<bool>], {
    /// The boolean result is `value`.
    pub fn equals(&self, value: bool) -> Filter<M> {
        self.computed("equals", Value::Bool(value))
    }

    /// The boolean result is not `value`.
    pub fn does_not_equal(&self, value: bool) -> Filter<M> {
        self.computed("does_not_equal", Value::Bool(value))
    }
});

macro_rules! computed_dates {
    ($outer:literal, $k:ty) => {
        computed_conditions!(
            $outer,
            $k,
            "date",
            [CivilDate, Option<CivilDate>, Timestamp, Option<Timestamp>],
            {
                fn date(&self, op: &str, value: Value) -> Filter<M> {
                    self.computed(op, value)
                }

                date_conditions!();
            }
        );
    };
}

computed_dates!("formula", kind::Formula);
computed_dates!("rollup", kind::Rollup);

impl<M, T, A> Prop<M, kind::Verification, T, A> {
    /// The verification is in `state` (`Verified`, `Expired` or `Unverified`).
    pub fn status(&self, state: crate::model::VerificationState) -> Filter<M> {
        self.condition("verification", "status", json!(verification_name(&state)))
    }
}

fn verification_name(state: &crate::model::VerificationState) -> &str {
    use crate::model::VerificationState;
    match state {
        VerificationState::Verified => "verified",
        VerificationState::Expired => "expired",
        // Notion's filter calls the unverified state "none".
        VerificationState::Unverified => "none",
        VerificationState::Other(name) => name,
    }
}

/// Which page timestamp a [`TimestampProp`] filters or sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageTimestamp {
    Created,
    LastEdited,
}

/// A page's `created_time` or `last_edited_time`, for timestamp filters and sorts on model `M`.
/// Make one with [`created_time`](super::created_time) or [`last_edited_time`](super::last_edited_time).
pub struct TimestampProp<M> {
    which: PageTimestamp,
    model: PhantomData<fn() -> M>,
}

impl<M> Clone for TimestampProp<M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M> Copy for TimestampProp<M> {}

impl<M> fmt::Debug for TimestampProp<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<M> TimestampProp<M> {
    pub(crate) const fn created() -> Self {
        TimestampProp {
            which: PageTimestamp::Created,
            model: PhantomData,
        }
    }

    pub(crate) const fn last_edited() -> Self {
        TimestampProp {
            which: PageTimestamp::LastEdited,
            model: PhantomData,
        }
    }

    fn name(&self) -> &'static str {
        match self.which {
            PageTimestamp::Created => "created_time",
            PageTimestamp::LastEdited => "last_edited_time",
        }
    }

    fn date(&self, op: &str, value: Value) -> Filter<M> {
        let name = self.name();
        Filter::raw(json!({"timestamp": name, name: {op: value}}))
    }

    /// Sorts by this timestamp, oldest first.
    pub fn ascending(&self) -> Sort<M> {
        Sort::raw(json!({"timestamp": self.name(), "direction": "ascending"}))
    }

    /// Sorts by this timestamp, newest first.
    pub fn descending(&self) -> Sort<M> {
        Sort::raw(json!({"timestamp": self.name(), "direction": "descending"}))
    }

    date_conditions!();
}
