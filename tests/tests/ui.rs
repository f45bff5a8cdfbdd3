//! Compile-time rules of the derive and the query DSL (trybuild): one compile-fail case per
//! rule under `ui/`, and hygiene cases that must compile under `pass/`.

mod trybuild_env;

#[test]
fn compile_fail_cases_report_the_rule() {
    trybuild_env::install();
    trybuild::TestCases::new().compile_fail("ui/*.rs");
}

#[test]
fn hygiene_cases_compile() {
    trybuild_env::install();
    trybuild::TestCases::new().pass("pass/*.rs");
}
