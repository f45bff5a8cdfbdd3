use notion_orm::prelude::*;

#[derive(NotionModel)]
#[notion(rename_all = "Title case")]
struct Task {
    #[notion(title)]
    name: String,
}

fn main() {}
