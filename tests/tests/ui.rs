//! Compile-time rules of the derive and the query DSL (trybuild): one compile-fail case per
//! rule under `ui/`. The hygiene cases that must compile are modules of this package's library
//! (`lib.rs`), so trybuild never builds (only checks) its copy of the dependencies.

mod trybuild_env;

#[test]
fn compile_fail_cases_report_the_rule() {
    trybuild_env::install();
    trybuild::TestCases::new().compile_fail("ui/*.rs");
}
