//! Cross-crate tests live in `tests/`. This library holds the hygiene cases: models that must
//! compile in unusual surroundings. They are modules of an ordinary library rather than trybuild
//! `pass` cases so that trybuild only ever type-checks (`cargo check`) its own copy of the
//! dependency tree instead of building it a second time, which was most of a fresh clone's test
//! time. Being a library also makes `missing_docs` meaningful: the items here are exported.

extern crate notion_orm as orm;

/// Models that must compile in unusual surroundings, one module each.
pub mod hygiene {
    /// What `notion-orm codegen` prints for the committed snapshot `.notion/cli_tasks.json`
    /// (kept equal to it by `notion-orm-cli/tests/cli_emulator.rs`): it must compile as is.
    #[deny(missing_docs)]
    pub mod codegen_cli_tasks;
    #[deny(missing_docs)]
    pub mod deny_missing_docs;
    mod no_imports;
    mod renamed_crate;
    mod shadowed_prelude;
}
