#!/usr/bin/env python3
"""Prints every row of a benchmark (medians from criterion's last run) and the ratios its targets name.

    python3 benches/report.py overhead     # after `cargo bench -p traced-benches --bench overhead`
    python3 benches/report.py http_layer   # after `cargo bench -p traced-benches --bench http_layer`
    python3 benches/report.py propagation  # after `cargo bench -p traced-benches --bench propagation`

`bash benches/overhead.sh` and `bash benches/http-layer.sh` run the benchmark, then this script.
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
        sys.exit(f"no result for {row!r}: run the benchmark first")


def overhead(ns):
    return [
        ("sampled / hand-written sampled", ns["traced sampled"] / ns["hand-written OpenTelemetry sampled"], "<=", 1.0),
        ("tracing-opentelemetry / sampled", ns["tracing + tracing-opentelemetry"] / ns["traced sampled"], ">=", 3.0),
        ("(a) / hand-written unsampled",
         ns["traced unsampled, root dropped by the sampler (a)"] / ns["hand-written OpenTelemetry unsampled"],
         "<=", 0.15),
        ("(b) / hand-written unsampled",
         ns["traced unsampled, under an unsampled parent (b)"] / ns["hand-written OpenTelemetry unsampled"],
         "<=", 0.15),
        ("(c) / baseline", ns["traced, no provider installed (c)"] / ns["baseline"], "<=", 2.0),
    ]


def http_layer(ns):
    bare = ns["http handler without the layer"]
    return [
        ("with TraceLayer, sampled / without", ns["http handler with TraceLayer, sampled"] / bare, None, None),
        ("with TraceLayer, dropped / without",
         ns["http handler with TraceLayer, dropped by the sampler"] / bare, None, None),
        ("with TraceLayer, no provider / without",
         ns["http handler with TraceLayer, no provider installed"] / bare, None, None),
    ]


def propagation(ns):
    normal = ns["traced, tracestate of 2 members"]
    return [
        (f"traced, {size} / 2 members", ns[f"traced, tracestate of {size}"] / normal, None, None)
        for size in PROPAGATION_SIZES[1:]
    ] + [
        (f"traced / opentelemetry, {size}",
         ns[f"traced, tracestate of {size}"] / ns[f"opentelemetry, tracestate of {size}"], None, None)
        for size in PROPAGATION_SIZES
    ]


PROPAGATION_SIZES = ["2 members", "32 members", "32 with foo@@bar", "1000 members"]

BENCHES = {
    "overhead": ([
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
    ], overhead),
    "http_layer": ([
        "http handler without the layer",
        "http handler with TraceLayer, no provider installed",
        "http handler with TraceLayer, sampled",
        "http handler with TraceLayer, dropped by the sampler",
    ], http_layer),
    "propagation": ([
        f"{who}, tracestate of {size}" for size in PROPAGATION_SIZES for who in ["traced", "opentelemetry"]
    ], propagation),
}

if len(sys.argv) != 2 or sys.argv[1] not in BENCHES:
    sys.exit(f"usage: report.py {{{','.join(BENCHES)}}}")
rows, ratios = BENCHES[sys.argv[1]]
ns = {row: median(row) for row in rows}
for row in rows:
    print(f"{row:<56} {ns[row]:>9.1f} ns")
print()
for name, ratio, op, bound in ratios(ns):
    if op is None:
        print(f"{name:<44} {ratio:>7.2f}x")
    else:
        met = ratio <= bound if op == "<=" else ratio >= bound
        print(f"{name:<44} {ratio:>7.2f}x   target {op} {bound}x   {'met' if met else 'MISSED'}")
