use notion_orm::prelude::*;

#[derive(NotionModel)]
#[notion(data_source = "tasks")]
struct Task {
    #[notion(title, rename = "Name")]
    name: String,
    // Score is a formula: Notion computes it.
    #[notion(rename = "Score", kind = "number")]
    score: Option<f64>,
    // Created is created_time; `Timestamp` alone maps a (writable) date.
    #[notion(rename = "Created")]
    created: Option<jiff::Timestamp>,
}

fn main() {}
