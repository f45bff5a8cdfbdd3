use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    done: bool,
    points: f64,
}

fn main() {
    let two_levels = Task::DONE
        .equals(true)
        .and(Task::POINTS.greater_than(1).or(Task::POINTS.less_than(0)));
    // Notion allows two levels of nesting; a third does not compile.
    let _ = two_levels.or(Task::NAME.equals("x"));
}
