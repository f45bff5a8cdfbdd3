//! Everything application code needs for models: `use notion_orm::prelude::*;`.
//!
//! `Result` and `Error` are left out so they do not shadow `std`'s. [`jiff`] (dates and times
//! of date properties) comes along, so `jiff::civil::Date` works without a dependency of your
//! own; filters combine with `&` and `|` as well as `.and` / `.or`.

pub use crate::api::databases::NewDatabase;
pub use crate::model::bind;
pub use crate::model::{DateRange, FileRef, Relation, UniqueId, Upserted, UserRef, Verification};
pub use crate::query::{RelativeDate, created_time, last_edited_time};
pub use crate::types::{DataSourceId, DatabaseId, PageId, Parent, UserId};
pub use crate::{Client, NotionModel, NotionSelect};
pub use jiff;
