use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: String,
}

async fn sync(client: &Client, task: &Task) -> notion_orm::Result<()> {
    Task::upsert(client, task).await?;
    Ok(())
}

fn main() {
    let _ = sync;
}
