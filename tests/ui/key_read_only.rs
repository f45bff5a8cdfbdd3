use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title, key, read_only)]
    name: String,
}

fn main() {}
