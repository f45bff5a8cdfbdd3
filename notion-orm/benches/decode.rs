//! Decode benchmarks (filled in with the wire model).
fn main() {
    divan::main();
}
