//! Compile-time behaviour of `#[traced]` and `#[derive(SpanAttributes)]`: forms that must compile
//! (`tests/ui/pass`) and mistakes with the exact error they produce (`tests/ui/fail`).
//!
//! Refresh the expected output with `TRYBUILD=overwrite cargo test -p traced-tests --test ui`, then read it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
