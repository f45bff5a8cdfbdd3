use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    #[notion(kind = "formula")]
    score: Option<f64>,
}

fn main() {
    let _ = Task::create().set(Task::SCORE, Some(1.0));
}
