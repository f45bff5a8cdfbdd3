use notion_orm::prelude::*;

#[derive(NotionModel)]
#[notion(data_source = "tasks")]
struct Task {
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(property_id = "nope")]
    done: bool,
    // The id is Priority's, the name is Done's.
    #[notion(rename = "Done", property_id = "%3CnJT")]
    finished: bool,
}

fn main() {}
