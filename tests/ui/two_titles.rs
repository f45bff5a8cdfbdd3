use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    #[notion(kind = "title")]
    other_name: String,
}

fn main() {}
