use notion_orm::prelude::*;

// `Due Date` differs from the snapshot's `Due date` only in case; `Priorty` is a typo.
#[derive(NotionModel)]
#[notion(data_source = "tasks", rename_all = "Title Case")]
struct Task {
    #[notion(title)]
    name: String,
    due_date: Option<jiff::civil::Date>,
    #[notion(rename = "Priorty")]
    priority: Option<String>,
    #[notion(rename = "Owner")]
    owner: Option<String>,
}

fn main() {}
