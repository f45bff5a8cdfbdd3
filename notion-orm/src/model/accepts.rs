//! Which Rust types a field of each property kind may have, as one trait per kind.
//!
//! `#[derive(NotionModel)]` checks every property field once against [`Field`] (kind inferred
//! from the type) or against the trait of its kind (kind given with `#[notion(title)]` or
//! `#[notion(kind = "...")]`). A type that does not fit is then a single compile error on the
//! field whose note lists the types the kind accepts, instead of one error per generated use.
//!
//! Every trait here is implemented for every type that fits; there is nothing to implement by
//! hand. Besides the types listed, every kind also accepts `serde_json::Value` (the raw value).

use super::convert::{ConversionError, FromProperty, IntoProperty};
use super::kind::{self, Kind, ReadOnly, ReadWrite};
use crate::__private::FieldSchema;

/// A type a field of kind `K` may have: readable from the kind's value and, when the field's
/// access `A` is [`ReadWrite`], writable to it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a Notion `{K}` property",
    label = "this type does not fit the property's kind",
    note = "the Rust types each kind accepts are listed on the kind markers in `notion_orm::model::kind`; change the field's type, or its kind with `#[notion(kind = \"...\")]`"
)]
pub trait Field<K: Kind, A>: FromProperty<K> + FieldSchema<K> {
    /// The request value of the field (without the kind's key), `None` when it is not written.
    fn encode(&self) -> Result<Option<serde_json::Value>, ConversionError>;
}

/// [`IntoProperty`] implies [`FromProperty`], so a type that fits neither is one error.
impl<K: Kind, T: IntoProperty<K> + FieldSchema<K>> Field<K, ReadWrite> for T {
    fn encode(&self) -> Result<Option<serde_json::Value>, ConversionError> {
        self.to_property().map(Some)
    }
}

/// Read-only fields are never written, so they need no [`IntoProperty`].
impl<K: Kind, T: FromProperty<K> + FieldSchema<K>> Field<K, ReadOnly> for T {
    fn encode(&self) -> Result<Option<serde_json::Value>, ConversionError> {
        Ok(None)
    }
}

macro_rules! kind_traits {
    ($($(#[$doc:meta])* $trait:ident: $message:literal, $note:literal;)*) => {$(
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = $message,
            label = "this type does not fit the property's kind",
            note = $note,
            note = "change the field's type, or the kind with `#[notion(kind = \"...\")]`"
        )]
        pub trait $trait<A>: Field<kind::$trait, A> {}

        impl<A, T: Field<kind::$trait, A>> $trait<A> for T {}
    )*};
}

kind_traits! {
    /// Types of `title` fields.
    Title:
        "`{Self}` cannot hold a Notion `title` property",
        "a `title` field can be `String`, `Option<String>` or `Vec<RichText>`";
    /// Types of `rich_text` fields.
    RichText:
        "`{Self}` cannot hold a Notion `rich_text` property",
        "a `rich_text` field can be `String`, `Option<String>` or `Vec<RichText>`";
    /// Types of `number` fields.
    Number:
        "`{Self}` cannot hold a Notion `number` property",
        "a `number` field can be `f64`, `f32`, `i64`, `i32`, `u32`, `u64` or `rust_decimal::Decimal` (feature `decimal`), each also in `Option<_>`";
    /// Types of `checkbox` fields.
    Checkbox:
        "`{Self}` cannot hold a Notion `checkbox` property",
        "a `checkbox` field can be `bool`";
    /// Types of `select` fields.
    Select:
        "`{Self}` cannot hold a Notion `select` property",
        "a `select` field can be a `#[derive(NotionSelect)]` enum `E`, `Option<E>`, `String` or `Option<String>`";
    /// Types of `status` fields.
    Status:
        "`{Self}` cannot hold a Notion `status` property",
        "a `status` field can be a `#[derive(NotionSelect)]` enum `E`, `Option<E>`, `String` or `Option<String>`";
    /// Types of `multi_select` fields.
    MultiSelect:
        "`{Self}` cannot hold a Notion `multi_select` property",
        "a `multi_select` field can be `Vec<_>` or `BTreeSet<_>` of a `#[derive(NotionSelect)]` enum or of `String`";
    /// Types of `date` fields.
    Date:
        "`{Self}` cannot hold a Notion `date` property",
        "a `date` field can be `jiff::civil::Date`, `jiff::Timestamp`, `jiff::ZonedDateTime` or `DateRange<_>` of one of them, each also in `Option<_>`";
    /// Types of `people` fields.
    People:
        "`{Self}` cannot hold a Notion `people` property",
        "a `people` field can be `Vec<UserRef>`";
    /// Types of `files` fields.
    Files:
        "`{Self}` cannot hold a Notion `files` property",
        "a `files` field can be `Vec<FileRef>`";
    /// Types of `relation` fields.
    Relation:
        "`{Self}` cannot hold a Notion `relation` property",
        "a `relation` field can be `Relation<T>` (with `T` the target's `#[derive(NotionModel)]` struct) or `Vec<PageId>`";
    /// Types of `url` fields.
    Url:
        "`{Self}` cannot hold a Notion `url` property",
        "a `url` field can be `String` or `Option<String>`";
    /// Types of `email` fields.
    Email:
        "`{Self}` cannot hold a Notion `email` property",
        "a `email` field can be `String` or `Option<String>`";
    /// Types of `phone_number` fields.
    PhoneNumber:
        "`{Self}` cannot hold a Notion `phone_number` property",
        "a `phone_number` field can be `String` or `Option<String>`";
    /// Types of `formula` fields, by the formula's result.
    Formula:
        "`{Self}` cannot hold a Notion `formula` property",
        "a `formula` field can be `f64`, `i64`, `String`, `bool`, `jiff::civil::Date`, `jiff::Timestamp` or `DateRange<_>` of a date type, each also in `Option<_>`";
    /// Types of `rollup` fields, by the rollup's result.
    Rollup:
        "`{Self}` cannot hold a Notion `rollup` property",
        "a `rollup` field can be `f64`, `i64`, `jiff::civil::Date`, `jiff::Timestamp` or `DateRange<_>` of a date type, each also in `Option<_>`, or `Vec<serde_json::Value>` for array results";
    /// Types of `created_time` fields.
    CreatedTime:
        "`{Self}` cannot hold a Notion `created_time` property",
        "a `created_time` field can be `jiff::Timestamp` or `Option<jiff::Timestamp>`";
    /// Types of `created_by` fields.
    CreatedBy:
        "`{Self}` cannot hold a Notion `created_by` property",
        "a `created_by` field can be `UserRef` or `Option<UserRef>`";
    /// Types of `last_edited_time` fields.
    LastEditedTime:
        "`{Self}` cannot hold a Notion `last_edited_time` property",
        "a `last_edited_time` field can be `jiff::Timestamp` or `Option<jiff::Timestamp>`";
    /// Types of `last_edited_by` fields.
    LastEditedBy:
        "`{Self}` cannot hold a Notion `last_edited_by` property",
        "a `last_edited_by` field can be `UserRef` or `Option<UserRef>`";
    /// Types of `unique_id` fields.
    UniqueId:
        "`{Self}` cannot hold a Notion `unique_id` property",
        "a `unique_id` field can be `UniqueId` or `Option<UniqueId>`";
    /// Types of `verification` fields.
    Verification:
        "`{Self}` cannot hold a Notion `verification` property",
        "a `verification` field can be `Verification` or `Option<Verification>`";
    /// Types of `button` fields (a button has no value).
    Button:
        "`{Self}` cannot hold a Notion `button` property",
        "a `button` field can be `serde_json::Value`";
}
