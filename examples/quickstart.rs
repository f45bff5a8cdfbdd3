//! Quickstart: runs against real Notion when `NOTION_TOKEN` is set, otherwise explains what it needs.
fn main() {
    println!("notion-orm quickstart: work in progress");
}
