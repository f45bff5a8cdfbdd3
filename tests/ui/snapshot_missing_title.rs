use notion_orm::prelude::*;

#[derive(NotionModel)]
#[notion(data_source = "tasks")]
struct Task {
    #[notion(rename = "Done")]
    done: bool,
}

fn main() {}
