#!/usr/bin/env python3
"""Prints every row of the overhead benchmark (medians from criterion's last run) and the ratios its targets name.

Run `bash benches/overhead.sh`, which runs the benchmark and then this script.
"""
import json
import pathlib
import sys

criterion = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"


def median(row):
    path = criterion / row.replace("/", "_") / "new" / "estimates.json"
    try:
        return json.loads(path.read_text())["median"]["point_estimate"]
    except FileNotFoundError:
        sys.exit(f"no result for {row!r}: run the overhead benchmark first")


ROWS = [
    "baseline",
    "traced sampled",
    "traced sampled, batch processor",
    "hand-written OpenTelemetry sampled",
    "traced unsampled, root dropped by the sampler (a)",
    "traced unsampled, under an unsampled parent (b)",
    "traced, no provider installed (c)",
    "hand-written OpenTelemetry unsampled",
    "tracing + tracing-opentelemetry",
    "tracing, no subscriber",
    "fastrace, inside a root",
    "fastrace, no root",
    "traced async sampled",
    "traced sampled, Err path",
    "traced sampled, SpanAttributes of 5 fields",
]
ns = {row: median(row) for row in ROWS}
for row in ROWS:
    print(f"{row:<52} {ns[row]:>9.1f} ns")
print()

TARGETS = [
    ("sampled / hand-written sampled", ns["traced sampled"] / ns["hand-written OpenTelemetry sampled"], "<=", 1.0),
    ("tracing-opentelemetry / sampled", ns["tracing + tracing-opentelemetry"] / ns["traced sampled"], ">=", 3.0),
    ("(a) / hand-written unsampled",
     ns["traced unsampled, root dropped by the sampler (a)"] / ns["hand-written OpenTelemetry unsampled"], "<=", 0.15),
    ("(b) / hand-written unsampled",
     ns["traced unsampled, under an unsampled parent (b)"] / ns["hand-written OpenTelemetry unsampled"], "<=", 0.15),
    ("(c) / baseline", ns["traced, no provider installed (c)"] / ns["baseline"], "<=", 2.0),
]
for name, ratio, op, bound in TARGETS:
    met = ratio <= bound if op == "<=" else ratio >= bound
    print(f"{name:<40} {ratio:>7.2f}x   target {op} {bound}x   {'met' if met else 'MISSED'}")
