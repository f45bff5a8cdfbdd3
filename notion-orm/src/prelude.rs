//! Everything application code needs for models: `use notion_orm::prelude::*;`.
//!
//! `Result` and `Error` are left out so they do not shadow `std`'s.

pub use crate::model::{DateRange, FileRef, Relation, UniqueId, Upserted, UserRef, Verification};
pub use crate::query::{RelativeDate, created_time, last_edited_time};
pub use crate::types::{DataSourceId, DatabaseId, PageId, UserId};
pub use crate::{Client, NotionModel, NotionSelect};
