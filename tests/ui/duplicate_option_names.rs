use notion_orm::prelude::*;

#[derive(NotionSelect)]
enum Priority {
    High,
    #[notion(rename = "high")]
    Top,
}

fn main() {}
