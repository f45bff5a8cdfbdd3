use notion_orm::prelude::*;

#[derive(NotionSelect)]
enum Priority {
    High,
    Low,
}

#[derive(NotionSelect)]
enum Stage {
    Todo,
    Done,
}

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    priority: Option<Priority>,
}

fn main() {
    let _ = Task::PRIORITY.equals(Stage::Done);
}
