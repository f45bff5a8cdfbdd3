//! `notion-emulator`: run the Notion API emulator as a local dev server.
fn main() {}
