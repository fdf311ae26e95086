#!/usr/bin/env bash
# Runs the HTTP server layer benchmark and prints every row with the layer's ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p traced-benches --bench http_layer
python3 benches/report.py http_layer
