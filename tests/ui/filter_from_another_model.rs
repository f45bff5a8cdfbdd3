use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
}

#[derive(NotionModel)]
struct Project {
    #[notion(title)]
    name: String,
}

fn main() {
    let _ = Task::query().filter(Project::NAME.equals("Apollo"));
}
