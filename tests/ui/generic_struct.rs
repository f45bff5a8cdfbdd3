use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task<T> {
    #[notion(title)]
    name: String,
    extra: T,
}

fn main() {}
