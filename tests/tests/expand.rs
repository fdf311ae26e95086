//! Expansion snapshots: `tests/expand/*.rs` next to their `*.expanded.rs`. Never refreshed on CI: regenerate
//! locally with `MACROTEST=overwrite cargo test -p traced-tests --test expand` and read the diff.

#[test]
fn expansions() {
    macrotest::expand("tests/expand/*.rs");
}
