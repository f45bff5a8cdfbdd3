//! Generated public items carry docs.
#![deny(missing_docs)]

use notion_orm::prelude::*;

/// A task.
#[derive(NotionModel)]
pub struct Task {
    /// The name.
    #[notion(title)]
    pub name: String,
    /// Whether it is done.
    pub done: bool,
}

/// A priority.
#[derive(NotionSelect)]
pub enum Priority {
    /// High.
    High,
}

fn main() {}
