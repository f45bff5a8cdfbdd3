use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
    done: bool,
}

fn main() {
    // A checkbox has `equals` and `does_not_equal` only.
    let _ = Task::DONE.contains("yes");
}
