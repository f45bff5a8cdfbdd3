use std::collections::HashMap;

use notion_orm::prelude::*;

// A type with no default kind: one error, suggesting `kind = ...` or `skip`.
#[derive(NotionModel)]
struct Product {
    #[notion(title)]
    name: String,
    extra: HashMap<String, String>,
}

fn main() {}
