//! Expansion snapshots: `tests/expand/*.rs` next to their `*.expanded.rs`. Never refreshed on CI: regenerate
//! locally with `MACROTEST=overwrite cargo test -p traced-tests --test expand` and read the diff.

use std::process::Command;

#[test]
fn expansions() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let expand = Command::new(cargo).args(["expand", "--version"]).output();
    assert!(
        expand.is_ok_and(|output| output.status.success()),
        "cargo-expand is not installed: `bash scripts/test.sh` installs the pinned version and runs every test"
    );
    macrotest::expand("tests/expand/*.rs");
}
