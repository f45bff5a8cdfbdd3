use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(id)]
    id: PageId,
    #[notion(id)]
    page: Option<PageId>,
    #[notion(title)]
    name: String,
}

fn main() {}
