#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (`.ci/run` calls this and nothing else).
#
# 1. Installs the pinned test tools when they are missing (`scripts/install-test-tools.sh`).
# 2. Runs every test: unit, doc, trybuild UI, macrotest expansion, behaviour, and end-to-end against a real
#    collector on 127.0.0.1.
# 3. Runs the checks a reviewer makes: formatting, clippy, rustdoc with warnings denied (also as docs.rs builds
#    it), each cargo feature of `traced` alone, the MSRV table against `Cargo.lock`, and `cargo package` of both
#    crates in publish order.
#
# Every step runs even when an earlier one fails, so one run shows every problem; the run fails if any step did.
# The last line counts the tests: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Incremental caches are of no use to a run from a clean clone, and take gigabytes of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Nor is a debugger: with debug info, ~50 test binaries and trybuild's and macrotest's builds took a clean run to
# 9.4 GB (5.1 GB with line tables only), more than a CI machine had free. A failing assertion still names its
# file and line, which comes from the panic's location, not from debug info.
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"

failed=()
step() {
  local name=$1
  shift
  echo "==> $name" >&2
  "$@" || failed+=("$name")
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

bash scripts/install-test-tools.sh || { echo "error: the test tools could not be installed (above)" >&2; exit 1; }

step "cargo fmt" cargo fmt --all --check
step "cargo test" bash -c 'set -o pipefail; cargo test --workspace --locked 2>&1 | tee "$0"' "$log"
step "cargo clippy" cargo clippy --workspace --all-targets --all-features --locked -- -D warnings
step "cargo doc" env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --all-features --no-deps --locked
# docs.rs builds with nightly and `--cfg docsrs`, which turns on the feature badges (`doc(cfg)`).
step "cargo doc as docs.rs" env RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="--cfg docsrs -D warnings" \
  cargo doc -p traced --all-features --no-deps --locked

features() {
  cargo metadata --no-deps --format-version 1 --locked |
    python3 -c 'import json, sys; print(*next(p for p in json.load(sys.stdin)["packages"] if p["name"] == "traced")["features"])'
}
step "traced without default features" cargo clippy -p traced --lib --no-default-features --locked -- -D warnings
for feature in $(features); do
  step "traced with only $feature" cargo clippy -p traced --lib --no-default-features --features "$feature" --locked -- -D warnings
done

# The lib's tests with each OTLP transport alone, and with none: what a missing transport answers.
for features in setup otlp-grpc otlp-http; do
  step "traced's lib tests with only $features" bash -c 'set -o pipefail; cargo test -p traced --lib --no-default-features --features "$1" --locked 2>&1 | tee -a "$0"' "$log" "$features"
done

step "MSRV table" python3 scripts/msrv.py --check README.md
# In publish order (RELEASING.md): `traced` pins `traced-macros`, so cargo verifies it against the packaged macros.
step "cargo package" cargo package -p traced-macros -p traced --locked --allow-dirty

awk '/^test result:/ { passed += $4; failed += $6 } END { printf "%d passed, %d failed\n", passed, failed }' "$log"
if ((${#failed[@]})); then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
