use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    #[notion(skip, rename = "Cache")]
    cache: Vec<u8>,
}

fn main() {}
