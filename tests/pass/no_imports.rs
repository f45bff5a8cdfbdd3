//! The derives need nothing in scope.

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

fn main() {
    let _ = Task::NAME;
    let _ = Task::PRIORITY.equals(Priority::High);
}
