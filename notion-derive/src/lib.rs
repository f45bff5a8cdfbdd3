//! Derive macros for [notion-orm](https://docs.rs/notion-orm).
//!
//! Use them through `notion_orm`, which re-exports them; this crate knows nothing of HTTP.
