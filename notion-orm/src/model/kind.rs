//! Notion property kinds as marker types.
//!
//! A model field's kind decides which Rust types it may have (through
//! [`FromProperty`](super::FromProperty) / [`IntoProperty`](super::IntoProperty)), which filter
//! operators its [`Prop`](crate::query::Prop) handle offers, and whether it can be written.
//! The kinds are uninhabited: they exist only as type parameters.

/// A Notion property kind (`title`, `number`, ...).
pub trait Kind: 'static {
    /// The kind as Notion spells it: the `type` of a property and the key of its value.
    const NAME: &'static str;
    /// [`ReadWrite`] for kinds a page create or update may set, [`ReadOnly`] for kinds Notion computes.
    type Access: Access;
}

/// Whether a property can be written: [`ReadWrite`] or [`ReadOnly`].
pub trait Access: 'static {
    /// `true` for [`ReadWrite`].
    const WRITABLE: bool;
}

/// Access of properties that page creates and updates may set.
#[derive(Debug, Clone, Copy)]
pub enum ReadWrite {}

/// Access of properties Notion computes (formula, rollup, created/edited metadata, unique id,
/// button), and of fields marked `#[notion(read_only)]`.
#[derive(Debug, Clone, Copy)]
pub enum ReadOnly {}

impl Access for ReadWrite {
    const WRITABLE: bool = true;
}

impl Access for ReadOnly {
    const WRITABLE: bool = false;
}

/// Marks the access of a property of kind `K`, held as a `T`, that can be written with a `V`;
/// setters require it.
///
/// One bound carries every check (writable, `V` converts to `T`, `T` fits kind `K`) so that a
/// read-only property gets one error, not a second about the value's type.
#[diagnostic::on_unimplemented(
    message = "this property is read-only, so it has no setter",
    label = "read-only property",
    note = "Notion computes formula, rollup, created_*, last_edited_*, unique_id and button properties; fields marked `#[notion(read_only)]` are read-only too"
)]
pub trait Settable<K: Kind, T, V>: Access {
    /// `value` as the property value Notion expects under the kind's key.
    #[doc(hidden)]
    fn to_property(value: V) -> Result<serde_json::Value, super::ConversionError>;
}

impl<K: Kind, T: super::IntoProperty<K>, V: Into<T>> Settable<K, T, V> for ReadWrite {
    fn to_property(value: V) -> Result<serde_json::Value, super::ConversionError> {
        value.into().to_property()
    }
}

macro_rules! kinds {
    ($($(#[$meta:meta])* $ty:ident = $name:literal, $access:ident;)*) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy)]
            pub enum $ty {}

            impl Kind for $ty {
                const NAME: &'static str = $name;
                type Access = $access;
            }
        )*

        /// Every kind name the derive accepts in `#[notion(kind = "...")]`.
        pub const NAMES: &[&str] = &[$($name),*];
    };
}

kinds! {
    /// `title`: `String`, `Option<String>`, `Vec<RichText>` (styles, links and mentions kept).
    /// Exactly one per data source.
    Title = "title", ReadWrite;
    /// `rich_text`: `String`, `Option<String>` (the plain text; long text is split into
    /// 2,000-character items), `Vec<RichText>` (styles, links and mentions kept).
    RichText = "rich_text", ReadWrite;
    /// `number`: `f64`, `f32`, `i64`, `i32`, `u32`, `u64`, `rust_decimal::Decimal` (feature
    /// `decimal`), each also as `Option<_>` (`None` = empty).
    Number = "number", ReadWrite;
    /// `checkbox`: `bool`.
    Checkbox = "checkbox", ReadWrite;
    /// `select`: a `#[derive(NotionSelect)]` enum, `String`, or either as `Option<_>`.
    Select = "select", ReadWrite;
    /// `status`: like [`Select`].
    Status = "status", ReadWrite;
    /// `multi_select`: `Vec<E>` or `BTreeSet<E>` of a `#[derive(NotionSelect)]` enum or of `String`.
    MultiSelect = "multi_select", ReadWrite;
    /// `date`: `jiff::civil::Date`, `jiff::Timestamp`, `jiff::ZonedDateTime`,
    /// [`DateRange<T>`](crate::model::DateRange) of those, each also as `Option<_>`.
    Date = "date", ReadWrite;
    /// `people`: `Vec<UserRef>`.
    People = "people", ReadWrite;
    /// `files`: `Vec<FileRef>`.
    Files = "files", ReadWrite;
    /// `relation`: [`Relation<T>`](crate::model::Relation), `Vec<PageId>`.
    Relation = "relation", ReadWrite;
    /// `url`: `String`, `Option<String>` (an empty `String` is written as empty).
    Url = "url", ReadWrite;
    /// `email`: `String`, `Option<String>`.
    Email = "email", ReadWrite;
    /// `phone_number`: `String`, `Option<String>`.
    PhoneNumber = "phone_number", ReadWrite;
    /// `formula` (read-only), typed by its result: numbers, `String`, `bool`, `jiff::civil::Date`,
    /// `jiff::Timestamp`, each also as `Option<_>`.
    Formula = "formula", ReadOnly;
    /// `rollup` (read-only): numbers and dates (also as `Option<_>`) for number and date results,
    /// `Vec<serde_json::Value>` for array results.
    Rollup = "rollup", ReadOnly;
    /// `created_time` (read-only): `jiff::Timestamp`, `Option<jiff::Timestamp>`.
    CreatedTime = "created_time", ReadOnly;
    /// `created_by` (read-only): `UserRef`, `Option<UserRef>`.
    CreatedBy = "created_by", ReadOnly;
    /// `last_edited_time` (read-only): `jiff::Timestamp`, `Option<jiff::Timestamp>`.
    LastEditedTime = "last_edited_time", ReadOnly;
    /// `last_edited_by` (read-only): `UserRef`, `Option<UserRef>`.
    LastEditedBy = "last_edited_by", ReadOnly;
    /// `unique_id` (read-only): [`UniqueId`](crate::model::UniqueId), `Option<UniqueId>`.
    UniqueId = "unique_id", ReadOnly;
    /// `verification` (read-only here: Notion's docs say it cannot be set):
    /// [`Verification`](crate::model::Verification), `Option<Verification>`.
    Verification = "verification", ReadOnly;
    /// `button` (read-only, no value): `serde_json::Value`.
    Button = "button", ReadOnly;
}

/// Kinds whose value can serve as the natural key of `upsert` (`#[notion(key)]`): the key is
/// looked up with an `equals` filter, so the kind needs one.
#[diagnostic::on_unimplemented(
    message = "`#[notion(key)]` is not supported on `{Self}` properties",
    label = "this field cannot be an upsert key",
    note = "an upsert key must be a writable title, rich_text, number, url, email or phone_number property, looked up with `equals`"
)]
pub trait KeyKind: Kind {
    /// The filter condition key for this kind (`rich_text` for titles too, which Notion accepts).
    const FILTER_KEY: &'static str;
}

impl KeyKind for Title {
    const FILTER_KEY: &'static str = "title";
}
impl KeyKind for RichText {
    const FILTER_KEY: &'static str = "rich_text";
}
impl KeyKind for Number {
    const FILTER_KEY: &'static str = "number";
}
impl KeyKind for Url {
    const FILTER_KEY: &'static str = "url";
}
impl KeyKind for Email {
    const FILTER_KEY: &'static str = "email";
}
impl KeyKind for PhoneNumber {
    const FILTER_KEY: &'static str = "phone_number";
}
