use notion_orm::prelude::*;

#[derive(NotionModel)]
#[notion(data_source = "tasks")]
struct Task {
    #[notion(title, rename = "Name")]
    name: String,
    // `bool` is a checkbox; the snapshot's Priority is a select.
    #[notion(rename = "Priority")]
    priority: bool,
    // `String` is rich_text; the snapshot's Blocked by is a relation.
    #[notion(rename = "Blocked by")]
    blocked_by: String,
    // A spelled-out kind that is not the snapshot's.
    #[notion(rename = "Stage", kind = "select")]
    stage: Option<String>,
}

fn main() {}
