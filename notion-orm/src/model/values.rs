//! Rust value types for property kinds that have no natural std or jiff equivalent.

use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;

use std::any::TypeId;

use super::NotionModel;
use crate::types::{DataSourceId, FileUploadId, PageId, UserId};

/// The pages a `relation` property points to, typed by the target model `T`.
///
/// Holds every id, also past the 25 that Notion inlines in a page: the ORM's reads fetch the
/// rest through the property-item endpoint.
///
/// Writes are limited to 100 ids: Notion accepts at most 100 related pages per request, and a
/// write replaces the whole list, so a longer relation cannot be split across requests (the
/// last would win). Writing more is an [`Error::InvalidInput`](crate::Error::InvalidInput)
/// before anything is sent; link the extra pages from their side of a two-way relation instead.
pub struct Relation<T> {
    ids: Vec<PageId>,
    target: PhantomData<fn() -> T>,
}

impl<T> Relation<T> {
    /// A relation to these pages.
    pub fn new(ids: impl IntoIterator<Item = PageId>) -> Self {
        Relation {
            ids: ids.into_iter().collect(),
            target: PhantomData,
        }
    }

    /// The related page ids, in Notion's order.
    pub fn ids(&self) -> &[PageId] {
        &self.ids
    }

    /// Adds a page to the relation.
    pub fn push(&mut self, id: PageId) {
        self.ids.push(id);
    }

    /// The number of related pages.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the relation is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

// Manual impls: derives would demand `T: Clone + PartialEq + ...` of the target model.
impl<T> Clone for Relation<T> {
    fn clone(&self) -> Self {
        Relation::new(self.ids.iter().copied())
    }
}

impl<T> Default for Relation<T> {
    fn default() -> Self {
        Relation::new([])
    }
}

impl<T> PartialEq for Relation<T> {
    fn eq(&self, other: &Self) -> bool {
        self.ids == other.ids
    }
}

impl<T> Eq for Relation<T> {}

impl<T> fmt::Debug for Relation<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Relation").field(&self.ids).finish()
    }
}

impl<T> FromIterator<PageId> for Relation<T> {
    fn from_iter<I: IntoIterator<Item = PageId>>(iter: I) -> Self {
        Relation::new(iter)
    }
}

/// A field type of a `relation` property: [`Relation<T>`] or `Vec<PageId>`.
///
/// Reads and writes of relations go through it, and so does the schema of a data source
/// created from a model, which needs the target's data source.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a relation field type",
    note = "use `Relation<T>` (with `T` the target's `#[derive(NotionModel)]` struct) or `Vec<PageId>`"
)]
pub trait RelationField: Sized {
    /// The field holding these page ids.
    fn from_ids(ids: Vec<PageId>) -> Self;
    /// The page ids held.
    fn page_ids(&self) -> &[PageId];
    /// The target model's type, for relations of a model to itself.
    fn target_type() -> Option<TypeId>;
    /// The target's data source, if known.
    fn target_data_source() -> Option<DataSourceId>;
}

impl<M: NotionModel> RelationField for Relation<M> {
    fn from_ids(ids: Vec<PageId>) -> Self {
        Relation::new(ids)
    }
    fn page_ids(&self) -> &[PageId] {
        self.ids()
    }
    fn target_type() -> Option<TypeId> {
        Some(TypeId::of::<M>())
    }
    fn target_data_source() -> Option<DataSourceId> {
        super::data_source_of::<M>().ok()
    }
}

impl RelationField for Vec<PageId> {
    fn from_ids(ids: Vec<PageId>) -> Self {
        ids
    }
    fn page_ids(&self) -> &[PageId] {
        self
    }
    fn target_type() -> Option<TypeId> {
        None
    }
    fn target_data_source() -> Option<DataSourceId> {
        None
    }
}

/// A reference to a Notion user or group in `people`, `created_by` and `last_edited_by` values.
///
/// Only the id is kept: Notion often sends partial users, so names are not reliable here; fetch
/// the full user through the users API when needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserRef {
    /// The user's (or group's) id.
    pub id: UserId,
    /// Whether the reference is to a group rather than a user.
    pub group: bool,
}

impl UserRef {
    /// A reference to a user.
    pub fn user(id: UserId) -> Self {
        UserRef { id, group: false }
    }

    /// A reference to a group.
    pub fn group(id: UserId) -> Self {
        UserRef { id, group: true }
    }
}

/// A file in a `files` property.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileRef {
    /// A file hosted elsewhere, linked by URL.
    External {
        /// The display name.
        name: String,
        /// The file's URL.
        url: String,
    },
    /// A file hosted by Notion. Its URL is signed and expires after an hour, so it is written
    /// back as it was read only to keep the file in place.
    Hosted {
        /// The display name.
        name: String,
        /// The signed URL.
        url: String,
    },
    /// A file uploaded through the file-upload API, to attach on the next write.
    Upload {
        /// The display name, if any.
        name: Option<String>,
        /// The upload to attach.
        id: FileUploadId,
    },
}

impl FileRef {
    /// A file linked by URL.
    pub fn external(name: impl Into<String>, url: impl Into<String>) -> Self {
        FileRef::External {
            name: name.into(),
            url: url.into(),
        }
    }

    /// The file's display name, if it has one.
    pub fn name(&self) -> Option<&str> {
        match self {
            FileRef::External { name, .. } | FileRef::Hosted { name, .. } => Some(name),
            FileRef::Upload { name, .. } => name.as_deref(),
        }
    }
}

/// The value of a `unique_id` property, e.g. `TASK-42`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UniqueId {
    /// The prefix configured on the property, if any.
    pub prefix: Option<String>,
    /// The number.
    pub number: u64,
}

impl fmt::Display for UniqueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.prefix {
            Some(prefix) => write!(f, "{prefix}-{}", self.number),
            None => write!(f, "{}", self.number),
        }
    }
}

/// A `date` value with an end: `start` to `end` (a single date when `end` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateRange<T> {
    /// The start.
    pub start: T,
    /// The end, for ranges.
    pub end: Option<T>,
}

/// The state of a `verification` property (wiki databases).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerificationState {
    /// Verified, possibly until a date.
    Verified,
    /// The verification expired.
    Expired,
    /// Not verified.
    Unverified,
    /// A state this version does not know, kept verbatim.
    Other(String),
}

/// The value of a `verification` property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The state.
    pub state: VerificationState,
    /// Who verified the page, when verified.
    pub verified_by: Option<UserRef>,
}

/// An option of a `select`, `status` or `multi_select` property as a Rust value; implemented by
/// `#[derive(NotionSelect)]` enums.
pub trait SelectOption: Sized {
    /// The option names the type declares, used as the options of a data source created from
    /// a model. A catch-all variant (`#[notion(other)]`) adds none.
    const OPTIONS: &'static [&'static str];

    /// The value for an option name; `None` if the name is unknown and there is no catch-all.
    fn from_name(name: &str) -> Option<Self>;

    /// The option name Notion knows this value by.
    fn name(&self) -> &str;
}

/// A field type of a `select`, `status` or `multi_select` property: the filters of its
/// [`Prop`](crate::query::Prop) take [`SelectField::Option`] values.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a select, status or multi_select field type",
    note = "use a `#[derive(NotionSelect)]` enum or `String`, alone, in `Option<_>`, `Vec<_>` or `BTreeSet<_>`"
)]
pub trait SelectField {
    /// One option: the enum, or `String`.
    type Option;
    /// The option's name.
    fn option_name(option: &Self::Option) -> &str;
}

macro_rules! string_select_fields {
    ($($ty:ty),*) => {$(
        impl SelectField for $ty {
            type Option = String;
            fn option_name(option: &String) -> &str {
                option
            }
        }
    )*};
}

string_select_fields!(String, Option<String>, Vec<String>, BTreeSet<String>);

macro_rules! enum_select_fields {
    ($($ty:ident),*) => {$(
        impl<E: SelectOption> SelectField for $ty<E> {
            type Option = E;
            fn option_name(option: &E) -> &str {
                option.name()
            }
        }
    )*};
}

enum_select_fields!(Option, Vec, BTreeSet);
