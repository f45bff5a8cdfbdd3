use notion_orm::prelude::*;

#[derive(NotionModel)]
#[notion(data_source = "taks")]
struct Task {
    #[notion(title)]
    name: String,
}

fn main() {}
