use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    #[notion(rename = "name")]
    label: Option<String>,
}

fn main() {}
