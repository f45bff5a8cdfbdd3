//! Derive macros for [notion-orm](https://docs.rs/notion-orm).
//!
//! Use them through `notion_orm`, which re-exports them; this crate knows nothing of HTTP.
//! Each derive runs in three steps: `parse` reads the attributes (darling), `validate`
//! checks the rules that span fields and builds a small model of the input (`check` compares
//! it with the committed snapshot, read by `snapshot`), and `expand` writes the code.
//! Generated code reaches only `::notion_orm::__private` and public
//! `notion_orm` items, through absolute paths.
//!
//! Both derives are plain `fn(TokenStream2) -> TokenStream2` (`model::derive`,
//! `select::derive`) so they can be tested outside rustc.

mod check;
mod expand;
mod model;
mod names;
mod parse;
mod select;
mod snapshot;
mod suggest;
mod validate;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// Maps a struct with named fields to the rows of a Notion data source.
///
/// See `notion_orm::model` for the attributes and the generated API.
#[proc_macro_derive(NotionModel, attributes(notion))]
pub fn derive_notion_model(input: TokenStream) -> TokenStream {
    model::derive(input.into()).into()
}

/// Maps a fieldless enum (plus an optional `#[notion(other)] Other(String)` catch-all) to the
/// options of a `select`, `status` or `multi_select` property. With
/// `#[notion(data_source = "<snapshot>", property = "<name>")]` every option is checked against
/// that property of the committed snapshot.
#[proc_macro_derive(NotionSelect, attributes(notion))]
pub fn derive_notion_select(input: TokenStream) -> TokenStream {
    select::derive(input.into()).into()
}
