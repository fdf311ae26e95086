#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain: cargo-expand (macrotest runs it), pinned.
set -euo pipefail

CARGO_EXPAND_VERSION=1.0.127

if ! cargo expand --version 2>/dev/null | grep -qF "cargo-expand $CARGO_EXPAND_VERSION"; then
  cargo install cargo-expand --version "$CARGO_EXPAND_VERSION" --locked
fi
