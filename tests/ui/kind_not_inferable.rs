use notion_orm::prelude::*;

// One error per field, on its type, whatever else the field's attributes generate.
#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    count: u8,
    #[notion(key)]
    code: i8,
    #[notion(read_only)]
    rank: u16,
}

fn main() {}
