#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain, pinned, and only what is missing
# (`scripts/test.sh` runs this first):
# - clippy and rustfmt, the toolchain's own components, for the reviewers' checks;
# - cargo-expand, which macrotest runs;
# - the rotel OpenTelemetry collector (from PyPI, into .venv-test/), which the OTLP end-to-end tests start.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_EXPAND_VERSION=1.0.127
ROTEL_VERSION=0.0.1a15

fail() {
  echo "error: $*" >&2
  exit 1
}

# component:cargo subcommand
for pair in clippy:clippy rustfmt:fmt; do
  component=${pair%%:*}
  if ! cargo "${pair#*:}" --version >/dev/null 2>&1; then
    command -v rustup >/dev/null || fail "$component is missing, and there is no rustup to add it"
    rustup component add "$component" || fail "could not add the $component component: install it with the toolchain"
  fi
done

if ! cargo expand --version 2>/dev/null | grep -qF "cargo-expand $CARGO_EXPAND_VERSION"; then
  cargo install cargo-expand --version "$CARGO_EXPAND_VERSION" --locked
fi

if ! .venv-test/bin/python -c "import importlib.metadata as m; assert m.version('rotel') == '$ROTEL_VERSION'" 2>/dev/null; then
  command -v python3 >/dev/null || fail "python3 is missing: the collector of the end-to-end tests comes from PyPI"
  rm -rf .venv-test
  python3 -m venv .venv-test || fail "python3 cannot make a venv (on Debian or Ubuntu: apt-get install python3-venv)"
  .venv-test/bin/pip install --quiet --disable-pip-version-check "rotel==$ROTEL_VERSION"
fi
