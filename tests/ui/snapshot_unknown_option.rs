use notion_orm::prelude::*;

#[derive(NotionSelect)]
#[notion(data_source = "tasks", property = "Priority")]
enum Priority {
    High,
    Medum,
    Urgent,
    #[notion(other)]
    Other(String),
}

#[derive(NotionSelect)]
#[notion(data_source = "tasks", property = "Stage", rename_all = "Title Case")]
enum Stage {
    NotStarted,
    InProgress,
    Done,
}

fn main() {}
