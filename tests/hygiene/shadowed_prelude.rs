//! Generated code uses absolute paths: local items named like std's change nothing.
#![allow(dead_code)]

use notion_orm::prelude::*;

type Result<T> = ::core::result::Result<T, ()>;
struct Option;
struct Some;
struct None;
struct Ok;
struct Err;
struct String;
struct Vec;
struct Default;
mod core {}
mod std {}

#[derive(NotionSelect)]
enum Priority {
    High,
    #[notion(other)]
    Other(::std::string::String),
}

#[derive(NotionModel)]
struct Task {
    #[notion(title)]
    name: ::std::string::String,
    priority: ::core::option::Option<Priority>,
    #[notion(skip)]
    cache: u8,
}
