//! `#[notion(crate = "...")]` points generated code at a renamed runtime crate.

extern crate notion_orm as orm;

#[derive(orm::NotionSelect)]
#[notion(crate = "::orm")]
enum Priority {
    High,
}

#[derive(orm::NotionModel)]
#[notion(crate = "::orm")]
struct Task {
    #[notion(title)]
    name: String,
    priority: Option<Priority>,
}

fn main() {
    let _ = Task::PRIORITY.equals(Priority::High);
}
