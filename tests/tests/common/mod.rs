//! Models shared by the model tests.

#![allow(dead_code, reason = "each test binary uses a different part")]

use notion_orm::prelude::*;

/// Priority of a task: a select with a catch-all.
#[derive(NotionSelect, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    High,
    Medium,
    Low,
    #[notion(other)]
    Other(String),
}

/// A strict enum: unknown options are conversion errors.
#[derive(NotionSelect, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[notion(rename_all = "Title Case")]
pub enum Stage {
    NotStarted,
    InProgress,
    Done,
}

/// A model touching every writable kind.
#[derive(NotionModel, Debug, Clone, PartialEq)]
pub struct Task {
    #[notion(id)]
    pub id: Option<PageId>,
    #[notion(title, rename = "Name")]
    pub name: String,
    #[notion(rename = "Notes")]
    pub notes: Option<String>,
    #[notion(rename = "Estimate")]
    pub estimate: Option<f64>,
    #[notion(rename = "Points")]
    pub points: u32,
    #[notion(rename = "Done")]
    pub done: bool,
    #[notion(rename = "Priority")]
    pub priority: Option<Priority>,
    #[notion(rename = "Stage", kind = "status")]
    pub stage: Option<Stage>,
    #[notion(rename = "Tags")]
    pub tags: Vec<String>,
    #[notion(rename = "Due")]
    pub due: Option<jiff::civil::Date>,
    #[notion(rename = "Window")]
    pub window: Option<DateRange<jiff::Timestamp>>,
    #[notion(rename = "Owners")]
    pub owners: Vec<UserRef>,
    #[notion(rename = "Attachments")]
    pub attachments: Vec<FileRef>,
    #[notion(rename = "Blocked by")]
    pub blocked_by: Relation<Task>,
    #[notion(rename = "Link", kind = "url")]
    pub link: Option<String>,
    #[notion(rename = "Email", kind = "email")]
    pub email: Option<String>,
    #[notion(rename = "Phone", kind = "phone_number")]
    pub phone: Option<String>,
    #[notion(rename = "External id", key)]
    pub external_id: String,
    #[notion(skip)]
    pub local_only: u8,
}

pub mod emulator;

impl Task {
    /// A task with only the required fields set.
    pub fn named(name: &str, external_id: &str) -> Task {
        Task {
            id: None,
            name: name.to_owned(),
            notes: None,
            estimate: None,
            points: 0,
            done: false,
            priority: None,
            stage: None,
            tags: Vec::new(),
            due: None,
            window: None,
            owners: Vec::new(),
            attachments: Vec::new(),
            blocked_by: Relation::default(),
            link: None,
            email: None,
            phone: None,
            external_id: external_id.to_owned(),
            local_only: 0,
        }
    }
}
