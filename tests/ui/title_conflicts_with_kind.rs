use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title, kind = "rich_text")]
    name: String,
}

fn main() {}
