//! The derives need nothing in scope.
#![allow(dead_code)]

#[derive(::notion_orm::NotionSelect, Debug, Clone, PartialEq)]
enum Priority {
    High,
    #[notion(other)]
    Other(::std::string::String),
}

#[derive(::notion_orm::NotionModel)]
struct Task {
    #[notion(id)]
    id: ::notion_orm::types::PageId,
    #[notion(title)]
    name: ::std::string::String,
    priority: ::std::option::Option<Priority>,
    #[notion(key)]
    external_id: ::std::string::String,
}

#[test]
fn handles_and_filters_need_no_imports() {
    let _ = Task::NAME;
    let _ = Task::PRIORITY.equals(Priority::High);
}
