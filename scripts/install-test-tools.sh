#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain, pinned:
# - cargo-expand, which macrotest runs;
# - the rotel OpenTelemetry collector (from PyPI, into .venv-test/), which the OTLP end-to-end tests start.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_EXPAND_VERSION=1.0.127
ROTEL_VERSION=0.0.1a15

if ! cargo expand --version 2>/dev/null | grep -qF "cargo-expand $CARGO_EXPAND_VERSION"; then
  cargo install cargo-expand --version "$CARGO_EXPAND_VERSION" --locked
fi

if ! .venv-test/bin/python -c "import importlib.metadata as m; assert m.version('rotel') == '$ROTEL_VERSION'" 2>/dev/null; then
  python3 -m venv .venv-test
  .venv-test/bin/pip install --quiet --disable-pip-version-check "rotel==$ROTEL_VERSION"
fi
