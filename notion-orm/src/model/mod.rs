//! The ORM: models, their property conversions and their operations.
//!
//! `#[derive(NotionModel)]` implements [`NotionModel`] for a struct: how to read it from a page,
//! which properties it writes, its upsert key and the schema of a data source for it. The
//! operations ([`NotionModel::query`], [`NotionModel::get`], [`NotionModel::create`], ...) are
//! provided methods built on that.
//!
//! ```
//! use notion_orm::prelude::*;
//!
//! #[derive(NotionSelect, Debug, Clone, PartialEq)]
//! enum Priority {
//!     High,
//!     Low,
//!     #[notion(other)]
//!     Other(String), // options added in Notion later still read
//! }
//!
//! #[derive(NotionModel, Debug, Clone, PartialEq)]
//! #[notion(rename_all = "Title Case")]
//! struct Task {
//!     #[notion(id)]
//!     id: PageId,
//!     #[notion(title)]
//!     name: String,                   // property "Name"
//!     done: bool,                     // "Done": checkbox
//!     priority: Option<Priority>,     // "Priority": select
//!     #[notion(rename = "Due date")]
//!     due: Option<jiff::civil::Date>, // "Due date": date
//!     #[notion(kind = "url")]
//!     link: Option<String>,           // "Link": url (String alone means rich_text)
//!     #[notion(key)]
//!     external_id: String,            // "External Id": what `upsert` finds rows by
//! }
//!
//! let open = Task::DONE.equals(false).and(Task::PRIORITY.equals(Priority::High));
//! let query = Task::query().filter(open).sort(Task::DUE.ascending());
//! # let _ = query;
//! ```
//!
//! # Attributes
//!
//! On the struct, `#[notion(...)]`:
//! * `data_source = "<id>"` or `data_source = "<name>"`: the data source, as an id (dashed or
//!   undashed, or a Notion URL ending in one) or as the name of a committed snapshot
//!   `.notion/<name>.json` (looked up in `NOTION_ORM_SNAPSHOT_DIR`, then
//!   `$CARGO_MANIFEST_DIR/.notion`, then `.notion/` in the nearest ancestor). See
//!   [Snapshots](#snapshots).
//! * `rename_all = "..."`: property names from field names: `Title Case`, `lowercase`,
//!   `UPPERCASE`, `PascalCase`, `camelCase`, `snake_case`, `SCREAMING_SNAKE_CASE`,
//!   `kebab-case`, `Train-Case`, `Sentence case` (`in_stock` → `In stock`). Without it a
//!   property is named exactly like its field.
//! * `crate = "::path"`: where `notion_orm` is, when the dependency is renamed.
//!
//! On a field:
//! * `rename = "Name"`: the property name; `property_id = "%3CnJT"`: bind by property id
//!   instead, so renaming the property in Notion breaks nothing.
//! * `kind = "status"`: the property kind (`title`, `rich_text`, `number`, `checkbox`, `select`,
//!   `status`, `multi_select`, `date`, `people`, `files`, `relation`, `url`, `email`,
//!   `phone_number`, `formula`, `rollup`, `created_time`, `created_by`, `last_edited_time`,
//!   `last_edited_by`, `unique_id`, `verification`, `button`). Without it the kind comes from
//!   the field's type ([`DefaultKind`]); `title` is short for `kind = "title"`.
//! * `read_only`: never written. Read-only kinds (formula, rollup, created_*, last_edited_*,
//!   unique_id, button) are read-only anyway: they have no setter, and `set` on them does not
//!   compile.
//! * `key`: part of the natural key [`NotionModel::upsert`] finds rows by (title, rich_text,
//!   number, url, email, phone_number).
//! * `default`: a property missing from the page reads as `Default::default()` instead of failing.
//! * `skip`: not mapped; `Default::default()` on reads.
//! * Page fields instead of properties: `id` (`PageId` or `Option<PageId>`), `created_time`,
//!   `last_edited_time`, `url`, `public_url`, `icon`, `cover`, `parent`, `in_trash`; any type
//!   that deserializes from the page's value (e.g. `jiff::Timestamp`, `String`,
//!   `serde_json::Value`).
//!
//! The Rust types each kind accepts are listed on the markers in [`kind`]. A type that does not
//! fit its kind is one compile error at the field; when the kind is spelled out, its note lists
//! the types the kind accepts (the traits in [`accepts`]).
//!
//! For every property field the derive adds an associated constant named after the field in
//! upper case (`Task::DUE`), a [`Prop`](crate::query::Prop) handle for filters, sorts and the
//! setters of [`Create`] and [`Patch`].
//!
//! # Snapshots
//!
//! A snapshot is the data-source object as `GET /v1/data_sources/{id}` returns it, committed
//! as `.notion/<name>.json`. A model naming one is checked against it at compile time, without
//! network, each problem an error at the field: a property name that is not in it (with a
//! "did you mean"), a `property_id` that is not in it or that names another property than
//! `rename`, a type or kind that does not fit the property's kind, a writable field on a kind
//! Notion computes, and a model that writes rows but does not map the title. Cargo rebuilds
//! the model when the file or `NOTION_ORM_SNAPSHOT_DIR` changes.
//!
//! A `#[derive(NotionSelect)]` enum checks its options the same way with
//! `#[notion(data_source = "<name>", property = "<property>")]`: a variant whose option is not
//! in the snapshot is an error at the variant.
//!
//! A model without a snapshot is checked against the live schema instead, on the first page
//! read for it through a client (once per client, model and data source): a difference is one
//! [`Error::SchemaMismatch`](crate::Error::SchemaMismatch) listing them all. See
//! [`schema_check`].
//!
//! # Which data source a model uses
//!
//! Reads and writes of existing pages need only page ids. Queries and creates need the model's
//! data source, found in this order:
//! 1. per call: [`Query::data_source`](crate::query::Query::data_source),
//!    [`Create::data_source`], [`upsert_in`];
//! 2. per process: [`bind`] (e.g. after [`NotionModel::create_data_source`], or from config);
//! 3. at compile time: `#[notion(data_source = ...)]`.
//!
//! Without any of them the operation fails with [`Error::Config`](crate::Error::Config) naming
//! the model.

pub mod accepts;
pub mod bulk;
pub mod convert;
pub mod kind;
pub(crate) mod ops;
mod registry;
pub mod schema_check;
mod slim;
mod values;

use serde_json::{Map, Value};

pub use bulk::{Bulk, BulkItem, BulkReport, Progress};
pub use convert::{ConversionError, DefaultKind, FromProperty, IntoProperty, NotionNumber, Reads};
pub use ops::{Create, Patch, Upserted, upsert_in};
pub use registry::{bind, data_source_of};
pub use slim::SlimPage;
pub use values::{
    DateRange, FileRef, Relation, RelationField, SelectField, SelectOption, UniqueId, UserRef,
    Verification, VerificationState,
};

use crate::query::Query;
use crate::types::{DataSourceId, DatabaseId, PageId};
use crate::{Client, Result};

/// What the ORM knows about one mapped property of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropertyDef {
    /// The Rust field.
    pub field: &'static str,
    /// The Notion property name.
    pub name: &'static str,
    /// The Notion property id, when the field is bound by id.
    pub id: Option<&'static str>,
    /// The kind, as Notion spells it.
    pub kind: &'static str,
    /// Whether the ORM writes it (false for read-only kinds and `#[notion(read_only)]`).
    pub writable: bool,
    /// Whether it is part of the upsert key (`#[notion(key)]`).
    pub key: bool,
    /// What of the value the field's type reads ([`FromProperty::READS`]), so decoders may
    /// drop the rest.
    pub reads: Reads,
}

impl PropertyDef {
    /// What requests call the property: its id when known, else its name.
    pub const fn key(&self) -> &'static str {
        match self.id {
            Some(id) => id,
            None => self.name,
        }
    }
}

/// A Rust struct mapped to the rows of a Notion data source. Implement it with
/// `#[derive(NotionModel)]`; the provided methods are the ORM operations.
///
/// ```no_run
/// use notion_orm::prelude::*;
/// # #[derive(NotionSelect)] enum Priority { High }
/// # #[derive(NotionModel)] #[notion(data_source = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d")]
/// # struct Task { #[notion(id)] id: PageId, #[notion(title)] name: String, done: bool,
/// #     priority: Option<Priority>, due: Option<jiff::civil::Date> }
/// # async fn run(client: Client) -> notion_orm::Result<()> {
///
/// let open: Vec<Task> = Task::query()
///     .filter(Task::DONE.equals(false).and(Task::PRIORITY.equals(Priority::High)))
///     .sort(Task::DUE.ascending())
///     .all(&client)
///     .await?;
/// let task = Task::create().set(Task::NAME, "Write docs").send(&client).await?;
/// Task::patch(task.id).set(Task::DONE, true).send(&client).await?;
/// # Ok(()) }
/// ```
pub trait NotionModel: Sized + Send + Sync + 'static {
    /// The Rust type's name, for errors.
    const MODEL_NAME: &'static str;
    /// The data source id known at compile time, if any (see the [module docs](self)).
    const DATA_SOURCE: Option<&'static str>;
    /// The mapped properties, in field order.
    const PROPERTIES: &'static [PropertyDef];
    /// The page-level keys the model's metadata fields read (`id`, `created_time`, ...).
    const PAGE_KEYS: &'static [&'static str];
    /// Whether the derive checked the mapping against a snapshot (`.notion/<name>.json`) at
    /// compile time. When it did not, the mapping is checked against the live schema on first
    /// use, once per client (see [`schema_check`]).
    const SNAPSHOT_CHECKED: bool = false;

    /// Reads a model from a page object (as `GET /v1/pages/{id}` returns it). Unmapped
    /// properties are ignored.
    ///
    /// # Errors
    ///
    /// [`Error::Conversion`](crate::Error::Conversion) naming the model, field, property and page
    /// when a value does not fit its field.
    fn from_page(page: &Value) -> Result<Self>;

    /// Reads a model from the JSON text of a page, parsing only what the model reads: its page
    /// keys and mapped properties. Unmapped properties and page fields are skipped unparsed, so
    /// this is faster than parsing the page into a `serde_json::Value` first.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`](crate::Error::Decode) for JSON that is not a page; otherwise as
    /// [`NotionModel::from_page`].
    fn from_page_json(json: &str) -> Result<Self> {
        Self::from_page(&ops::slim_page::<Self>(json)?)
    }

    /// The writable properties in request shape, keyed by property id or name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for values Notion would reject.
    fn to_properties(&self) -> Result<Map<String, Value>>;

    /// The page id held by the `#[notion(id)]` field, if there is one and it is set.
    fn page_id(&self) -> Option<PageId>;

    /// The filter that finds this model's row by its `#[notion(key)]` fields, if it has any.
    ///
    /// # Errors
    ///
    /// As [`NotionModel::to_properties`].
    fn key_filter(&self) -> Result<Option<Value>>;

    /// The property schema of a data source for this model, as `POST /v1/data_sources` takes
    /// it. Formulas, rollups and relations to models without a known data source are left out;
    /// relations of the model to itself need `this`, the model's own data source.
    fn schema(this: Option<DataSourceId>) -> Map<String, Value>;

    /// The properties whose values differ between `old` and `new`, in request shape.
    ///
    /// # Errors
    ///
    /// As [`NotionModel::to_properties`].
    fn changed_properties(old: &Self, new: &Self) -> Result<Map<String, Value>> {
        let before = old.to_properties()?;
        let mut after = new.to_properties()?;
        after.retain(|key, value| before.get(key) != Some(value));
        Ok(after)
    }

    /// A query of this model's data source.
    fn query() -> Query<Self> {
        Query::new()
    }

    /// Reads one page; relations and people past Notion's 25 inline references are fetched in full.
    fn get(client: &Client, id: PageId) -> impl Future<Output = Result<Self>> + Send {
        ops::get(client.clone(), id)
    }

    /// A builder for a new row that sends only the properties set on it.
    fn create() -> Create<Self> {
        Create::new()
    }

    /// Creates a row holding every writable field of `model`; returns it as Notion stored it.
    fn insert(client: &Client, model: &Self) -> impl Future<Output = Result<Self>> + Send {
        let properties = model.to_properties();
        let client = client.clone();
        async move { Create::from_properties(properties?).send(&client).await }
    }

    /// A builder that updates page `id`, sending only the properties set on it.
    fn patch(id: PageId) -> Patch<Self> {
        Patch::new(id)
    }

    /// Sends the properties that differ between `old` and `new` to the page of `new` (or of
    /// `old`). Returns `None`, without a request, when nothing changed.
    fn update(
        client: &Client,
        old: &Self,
        new: &Self,
    ) -> impl Future<Output = Result<Option<Self>>> + Send {
        let changes = Self::changed_properties(old, new);
        let id = new.page_id().or_else(|| old.page_id());
        let client = client.clone();
        async move { ops::update::<Self>(&client, id, changes?).await }
    }

    /// Finds the row with `model`'s `#[notion(key)]` values and updates what differs, or creates
    /// it. Running it again with the same model changes nothing, so it is safe to retry.
    ///
    /// Offered only to models with a `#[notion(key)]` field ([`Keyed`]).
    fn upsert(client: &Client, model: &Self) -> impl Future<Output = Result<Upserted<Self>>> + Send
    where
        Self: Keyed,
    {
        let prepared = ops::prepare_upsert(model);
        let client = client.clone();
        async move { ops::upsert::<Self>(&client, prepared?, None).await }
    }

    /// A bulk write of this model, to choose its concurrency, data source and progress
    /// callback before running it (see [`Bulk`]).
    fn bulk() -> Bulk<Self> {
        Bulk::new()
    }

    /// Creates a row for each model, 8 at a time under the client's rate limiter; one result
    /// per model, in input order (see [`Bulk::insert_many`]).
    fn insert_many(
        client: &Client,
        rows: impl IntoIterator<Item = Self>,
    ) -> impl Future<Output = BulkReport<Self>> + Send {
        let rows: Vec<Self> = rows.into_iter().collect();
        let client = client.clone();
        async move { Bulk::new().insert_many(&client, rows).await }
    }

    /// Upserts each model by its `#[notion(key)]` fields, looking rows up 100 keys per query;
    /// one result per model, in input order (see [`Bulk::upsert_many`] for repeated keys and
    /// retries).
    fn upsert_many(
        client: &Client,
        rows: impl IntoIterator<Item = Self>,
    ) -> impl Future<Output = BulkReport<Upserted<Self>>> + Send
    where
        Self: Clone,
    {
        let rows: Vec<Self> = rows.into_iter().collect();
        let client = client.clone();
        async move { Bulk::new().upsert_many(&client, rows).await }
    }

    /// Sends each patch, 8 at a time; one result per patch, in input order (see
    /// [`Bulk::patch_many`]).
    fn patch_many(
        client: &Client,
        patches: impl IntoIterator<Item = Patch<Self>>,
    ) -> impl Future<Output = BulkReport<Self>> + Send {
        let patches: Vec<Patch<Self>> = patches.into_iter().collect();
        let client = client.clone();
        async move { Bulk::new().patch_many(&client, patches).await }
    }

    /// Moves page `id` to the trash.
    fn trash(client: &Client, id: PageId) -> impl Future<Output = Result<()>> + Send {
        ops::set_in_trash(client.clone(), id, true)
    }

    /// Restores page `id` from the trash.
    fn restore(client: &Client, id: PageId) -> impl Future<Output = Result<()>> + Send {
        ops::set_in_trash(client.clone(), id, false)
    }

    /// Creates a data source for this model in database `parent`, with the schema derived from
    /// the struct (kinds, select options from the enums), titled with the model's name.
    /// Relations of the model to itself are added once it exists. It does not [`bind`] the
    /// model: do that, or pass the id per call.
    fn create_data_source(
        client: &Client,
        parent: DatabaseId,
    ) -> impl Future<Output = Result<DataSourceId>> + Send {
        ops::create_data_source::<Self>(client.clone(), parent)
    }
}

/// A model with at least one `#[notion(key)]` field, which [`NotionModel::upsert`] finds rows
/// by. `#[derive(NotionModel)]` implements it when the struct has such a field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `#[notion(key)]` field, so it cannot be upserted",
    label = "upsert needs a key to find the existing row by",
    note = "mark the field(s) that identify a row with `#[notion(key)]` (a title, rich_text, number, url, email or phone_number property)"
)]
pub trait Keyed: NotionModel {}
