#!/usr/bin/env bash
# Runs the overhead benchmark and prints every row with the ratios of the overhead budget.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p traced-benches --bench overhead
python3 benches/report.py overhead
