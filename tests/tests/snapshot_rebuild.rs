//! Editing a committed snapshot makes cargo rebuild the models checked against it: the derive
//! emits `include_str!` of the file, which rustc records in its dep-info.
//!
//! The same case is built twice in trybuild's crate with the same cargo command: first against
//! a snapshot it matches (it compiles), then against the snapshot with the property renamed.
//! If cargo did not notice the edit it would reuse the first build, and the case would compile.

mod trybuild_env;

/// The data source of `rebuild/probe.rs`, with its checkbox property named `done`.
fn snapshot(done: &str) -> String {
    let json = serde_json::json!({
        "object": "data_source",
        "id": "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f",
        "properties": {
            "Name": {"id": "title", "name": "Name", "type": "title", "title": {}},
            done: {"id": "BdK%3F", "name": done, "type": "checkbox", "checkbox": {}},
        },
    });
    serde_json::to_string_pretty(&json).expect("json prints")
}

#[test]
fn editing_a_snapshot_rebuilds_with_the_new_error() {
    trybuild_env::write("rebuild_probe.json", &snapshot("Done"));
    {
        let cases = trybuild::TestCases::new();
        cases.pass("rebuild/probe.rs");
        cases.pass("rebuild/anchor.rs");
    }

    trybuild_env::write("rebuild_probe.json", &snapshot("Finished"));
    let cases = trybuild::TestCases::new();
    // Same order as above, so the probe is the same binary built by the same command.
    cases.compile_fail("rebuild/probe.rs");
    cases.pass("rebuild/anchor.rs");
}
