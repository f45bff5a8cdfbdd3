use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    #[notion(kind = "formula")]
    score: Option<f64>,
}

fn main() {
    // One error, though `1` would not fit a formula either.
    let _ = Task::create().set(Task::SCORE, 1);
}
