use notion_orm::prelude::*;

#[derive(NotionSelect)]
enum Priority {
    High,
    #[notion(other)]
    Other(String),
    #[notion(other)]
    Unknown(String),
}

fn main() {}
