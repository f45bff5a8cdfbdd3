use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(titel)]
    name: String,
}

fn main() {}
