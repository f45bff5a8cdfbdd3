//! One module per Notion resource.

pub mod async_tasks;
pub mod blocks;
pub mod comments;
pub mod markdown;
pub mod views;
