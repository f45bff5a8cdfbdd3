//! Generated public items carry docs: this module denies `missing_docs`.

use notion_orm::prelude::*;

/// A task.
#[derive(NotionModel, Debug)]
pub struct Task {
    /// The name.
    #[notion(title)]
    pub name: String,
    /// Whether it is done.
    pub done: bool,
}

/// A priority.
#[derive(NotionSelect, Debug)]
pub enum Priority {
    /// High.
    High,
}
