//! The wire model: serde types for every object Notion sends and accepts.
//!
//! Read types tolerate what they do not know: an unknown property type, block type or
//! enum value decodes into an `Unknown`/`Other` variant holding the raw JSON instead of failing.

pub mod ids;

pub use ids::*;
