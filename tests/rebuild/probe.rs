//! Checked against `rebuild_probe.json`, which `tests/snapshot_rebuild.rs` edits between builds.

use notion_orm::prelude::*;

#[derive(NotionModel)]
#[notion(data_source = "rebuild_probe")]
struct Task {
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Done")]
    done: bool,
}

fn main() {
    let _ = (Task::NAME, Task::DONE);
}
