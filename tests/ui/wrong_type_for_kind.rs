use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: u32,
    #[notion(kind = "select")]
    level: f64,
    #[notion(kind = "relation")]
    parent: String,
}

fn main() {}
