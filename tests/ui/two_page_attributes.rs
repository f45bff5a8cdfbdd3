use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    #[notion(created_time, last_edited_time)]
    at: jiff::Timestamp,
}

fn main() {}
