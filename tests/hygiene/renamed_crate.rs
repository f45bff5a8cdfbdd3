//! `#[notion(crate = "...")]` points generated code at a renamed runtime crate.

#![allow(dead_code)]
// `orm` is `extern crate notion_orm as orm;` at the library root: only a root `extern crate`
// puts the name in the extern prelude, where `::orm` finds it.

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

#[test]
fn filters_work_through_the_renamed_crate() {
    let _ = Task::PRIORITY.equals(Priority::High);
}
