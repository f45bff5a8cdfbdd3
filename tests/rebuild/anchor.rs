//! A case that always compiles, so both builds in `tests/snapshot_rebuild.rs` use the same
//! cargo command (`build`, as trybuild does when any case must pass).

fn main() {}
