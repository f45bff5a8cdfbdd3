//! The wire model: serde types for every object Notion sends and accepts.
//!
//! Read types tolerate what they do not know: an unknown property type, block type or
//! enum value decodes into an `Unknown`/`Other` variant holding the raw JSON instead of failing.
//!
//! Conventions:
//! * `Deserialize` accepts Notion's response shapes (and, where they differ only by omitted
//!   keys, the request shapes).
//! * `Serialize` produces the request shape: no `type` keys where Notion treats them as
//!   optional, no computed fields (`plain_text`, `href`), `None` fields left out.
//! * Notion adds object fields, property types and union kinds over time, so the response
//!   objects and the unions they contain are `#[non_exhaustive]`: new typed variants can be
//!   added without breaking a `match`.
//! * Page property values have a separate write shape, [`PropertyValue::write`], which refuses
//!   read-only kinds.
//!
//! ```
//! use notion_orm::types::{PageProperty, PropertyValue, SelectOption};
//! use serde_json::json;
//!
//! // Read shape, as in a page's `properties` map.
//! let read: PageProperty = serde_json::from_value(json!({
//!     "id": "%40Q%5BM", "type": "select",
//!     "select": {"id": "F<XA", "name": "High", "color": "red"}
//! }))?;
//! assert_eq!(read.id.as_str(), "%40Q%5BM");
//!
//! // Write shape, as in a create or update body.
//! let write = PropertyValue::Select(Some(SelectOption::named("Low")));
//! assert_eq!(write.to_write_json()?, json!({"select": {"name": "Low"}}));
//!
//! // Computed kinds have no write shape.
//! let unique: PropertyValue =
//!     serde_json::from_value(json!({"type": "unique_id", "unique_id": {"prefix": "T", "number": 7}}))?;
//! assert!(unique.to_write_json().is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod de;

pub mod block;
pub mod color;
pub mod comment;
pub mod data_source;
pub mod database;
pub mod date;
pub mod file_upload;
pub mod icon;
pub mod ids;
pub mod page;
pub mod page_or_data_source;
pub mod parent;
pub mod property;
pub mod rich_text;
pub mod user;
pub mod view;

pub use color::Color;
pub use data_source::DataSource;
pub use database::{DataSourceSummary, Database};
pub use date::{DateOrDateTime, DateValue, ParseDateError};
pub use file_upload::{
    Creator, FileImportError, FileImportOutcome, FileImportResult, FileUpload, FileUploadStatus,
    NumberOfParts,
};
pub use icon::{
    Cover, CustomEmoji, ExternalFile, FileItem, FileSource, FileUploadRef, HostedFile, Icon,
    NativeIcon,
};
pub use ids::*;
pub use page::Page;
pub use page_or_data_source::PageOrDataSource;
pub use parent::Parent;
pub use property::PropertyType;
pub use property::item::{
    PropertyItem, PropertyItemElement, PropertyItemList, PropertyItemResponse, PropertyItemSummary,
};
pub use property::schema::{
    FormulaConfig, NumberConfig, NumberFormat, PropertyConfig, PropertySchema,
    PropertySchemaChange, RelationConfig, RelationKind, RollupConfig, RollupFunction, SelectConfig,
    StatusConfig, StatusGroup, UniqueIdConfig,
};
pub use property::value::{
    FormulaValue, PageProperty, Place, PropertyValue, PropertyWrite, ReadOnlyPropertyError,
    RelationValue, RollupResult, RollupValue, SelectOption, UniqueIdValue, VerificationState,
    VerificationValue,
};
pub use rich_text::{Annotations, Equation, Link, Mention, RichText, RichTextKind, Text};
pub use user::{Bot, BotOwner, Person, User, UserKind};
