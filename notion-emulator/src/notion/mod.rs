//! Notion's rules, independent of HTTP: schemas and property values, formulas, queries, rich
//! text, markdown, how objects render, and the error body. Reads and writes [`crate::world`].

pub(crate) mod error;
pub(crate) mod formula;
pub(crate) mod ids;
pub(crate) mod markdown;
pub(crate) mod properties;
pub(crate) mod query;
pub(crate) mod render;
pub(crate) mod request;
pub(crate) mod richtext;
pub(crate) mod schema;
pub(crate) mod timestamps;
pub(crate) mod uploads;
pub(crate) mod version;
