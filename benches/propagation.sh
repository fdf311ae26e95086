#!/usr/bin/env bash
# Runs the propagation benchmark and prints every row with the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p traced-benches --bench propagation
python3 benches/report.py propagation
