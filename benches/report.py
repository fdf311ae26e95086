#!/usr/bin/env python3
"""Prints every row of a benchmark (medians from criterion's last run) and the ratios its targets name.

    python3 benches/report.py overhead     # after `cargo bench -p traced-benches --bench overhead`
    python3 benches/report.py http_layer   # after `cargo bench -p traced-benches --bench http_layer`
    python3 benches/report.py propagation  # after `cargo bench -p traced-benches --bench propagation`

`bash benches/overhead.sh` and `bash benches/http-layer.sh` run the benchmark, then this script.
`benches/instructions.py` prints the same rows and ratios in instructions.
"""
import json
import pathlib
import sys

criterion = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"


def median(row):
    """The median of `row`'s last run, found by its full name (criterion shortens and rewrites directory names)."""
    for path in criterion.glob("*/new/benchmark.json"):
        if json.loads(path.read_text())["full_id"] == row:
            return json.loads((path.parent / "estimates.json").read_text())["median"]["point_estimate"]
    sys.exit(f"no result for {row!r}: run the benchmark first")


def overhead(ns):
    sampled = ns["hand-written OpenTelemetry sampled"]
    dropped = ns["hand-written OpenTelemetry, root dropped"]
    unsampled = ns["hand-written OpenTelemetry under an unsampled parent"]
    rows = []
    for how in ["provider via opentelemetry::global", "provider via traced::set_tracer_provider"]:
        rows += [
            (f"sampled, {how} / hand-written", ns[f"traced sampled, {how}"] / sampled, "<=", 1.0),
            (f"root dropped, {how} / hand-written", ns[f"traced root dropped, {how}"] / dropped, "<=", 0.5),
            (f"unsampled parent, {how} / hand-written",
             ns[f"traced under an unsampled parent, {how}"] / unsampled, "<=", 0.5),
        ]
    return rows + [
        ("sampled, set-up's provider / hand-written", ns["traced sampled, set-up's provider"] / sampled, "<=", 1.0),
        ("(a) root dropped, set-up / hand-written",
         ns["traced unsampled, root dropped by the sampler (a)"] / dropped, "<=", 0.5),
        ("(b) unsampled parent, set-up / hand-written",
         ns["traced unsampled, under an unsampled parent (b)"] / unsampled, "<=", 0.5),
        ("(c) no provider / baseline", ns["traced, no provider installed (c)"] / ns["baseline"], "<=", 4.0),
        ("filtered out / baseline", ns["traced filtered out, set-up's provider"] / ns["baseline"], None, None),
        ("filtered out / (b) unsampled-parent skip",
         ns["traced filtered out, set-up's provider"] / ns["traced unsampled, under an unsampled parent (b)"], "<=", 1.0),
        ("a filter in force, sampled / no filter",
         ns["traced sampled, set-up's provider, a filter in force"] / ns["traced sampled, set-up's provider"], None, None),
        ("keep_slow, root dropped / (a) plain dropping",
         ns["traced root dropped, keep_slow"] / ns["traced unsampled, root dropped by the sampler (a)"], None, None),
        ("keep_slow / keep_errors, root dropped",
         ns["traced root dropped, keep_slow"] / ns["traced root dropped, keep_errors"], None, None),
        ("32 fields / hand-written 32 attributes",
         ns["traced sampled, 32 fields"] / ns["hand-written OpenTelemetry, 32 attributes"], "<=", 1.1),
        ("8 fields / hand-written 8 attributes",
         ns["traced sampled, 8 fields"] / ns["hand-written OpenTelemetry, 8 attributes"], None, None),
        ("0 fields / hand-written 0 attributes",
         ns["traced sampled, 0 fields"] / ns["hand-written OpenTelemetry, 0 attributes"], None, None),
        ("adopted / not adopted, others' global tracers",
         ns["hand-written through opentelemetry::global, provider adopted by traced"]
         / ns["hand-written through opentelemetry::global, provider not adopted"], None, None),
        ("tracing-opentelemetry / sampled", ns["tracing + tracing-opentelemetry"] / ns["traced sampled, provider via traced::set_tracer_provider"], ">=", 3.0),
    ]


def http_layer(ns):
    bare = ns["http handler without the layer"]
    rows = []
    for how in ["sampled", "dropped by the SDK's sampler"]:
        traced = ns[f"http handler with TraceLayer, {how}"] - bare
        tower = ns[f"http handler with opentelemetry-instrumentation-tower, {how}"] - bare
        axum = ns[f"http handler with axum-tracing-opentelemetry, {how}"] - bare
        rows += [
            (f"{how}: TraceLayer's cost / the best peer's", traced / min(tower, axum), "<=", 0.5),
            (f"{how}: TraceLayer's cost / axum-tracing-opentelemetry's", traced / axum, None, None),
        ]
    return rows + [
        ("with TraceLayer, sampled / without", ns["http handler with TraceLayer, sampled"] / bare, None, None),
        ("with TraceLayer, dropped by set-up / without",
         ns["http handler with TraceLayer, dropped by set-up's sampler"] / bare, None, None),
        ("with TraceLayer, no provider / without",
         ns["http handler with TraceLayer, no provider installed"] / bare, None, None),
    ] + grpc_stream(ns)


def grpc_stream(ns):
    """The gRPC rows: 101 messages a call (1 request, 100 replies), 64 of them events with the default bound."""
    row = "grpc stream of 100 replies with TraceLayer, sampled, "
    off = ns[row + "message events off"]
    return [
        ("grpc stream, message events on / off", ns[row + "message events on"] / off, None, None),
        ("grpc stream, messages counted / off", ns[row + "messages counted, no events"] / off, None, None),
        ("grpc stream, with TraceLayer, events off / without",
         off / ns["grpc stream of 100 replies without the layer"], None, None),
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
        "traced, no provider installed (c)",
        "tracing, no subscriber",
        "hand-written OpenTelemetry sampled",
        "hand-written OpenTelemetry under an unsampled parent",
        "hand-written OpenTelemetry, root dropped",
        "traced sampled, provider via opentelemetry::global",
        "traced under an unsampled parent, provider via opentelemetry::global",
        "traced root dropped, provider via opentelemetry::global",
        "hand-written through opentelemetry::global, provider not adopted",
        "hand-written through opentelemetry::global, provider adopted by traced",
        "traced sampled, provider via traced::set_tracer_provider",
        "traced under an unsampled parent, provider via traced::set_tracer_provider",
        "traced root dropped, provider via traced::set_tracer_provider",
        "traced sampled, set-up's provider",
        "traced unsampled, root dropped by the sampler (a)",
        "traced unsampled, under an unsampled parent (b)",
        "traced filtered out, set-up's provider",
        "traced sampled, set-up's provider, a filter in force",
        "traced root dropped, keep_slow",
        "traced root dropped, keep_errors",
        "hand-written OpenTelemetry, 0 attributes",
        "traced sampled, 0 fields",
        "hand-written OpenTelemetry, 8 attributes",
        "traced sampled, 8 fields",
        "hand-written OpenTelemetry, 32 attributes",
        "traced sampled, 32 fields",
        "traced async sampled",
        "traced sampled, Err path",
        "traced sampled, SpanAttributes of 5 fields",
        "traced sampled, batch processor",
        "tracing + tracing-opentelemetry",
        "fastrace, inside a root",
        "fastrace, no root",
    ], overhead),
    "http_layer": ([
        "http handler without the layer",
        "http handler with TraceLayer, no provider installed",
        "http handler with TraceLayer, sampled",
        "http handler with opentelemetry-instrumentation-tower, sampled",
        "http handler with axum-tracing-opentelemetry, sampled",
        "http handler with TraceLayer, dropped by the SDK's sampler",
        "http handler with opentelemetry-instrumentation-tower, dropped by the SDK's sampler",
        "http handler with axum-tracing-opentelemetry, dropped by the SDK's sampler",
        "http handler with TraceLayer, dropped by set-up's sampler",
        "grpc stream of 100 replies without the layer",
        "grpc stream of 100 replies with TraceLayer, sampled, message events off",
        "grpc stream of 100 replies with TraceLayer, sampled, messages counted, no events",
        "grpc stream of 100 replies with TraceLayer, sampled, message events on",
    ], http_layer),
    "propagation": ([
        f"{who}, tracestate of {size}" for size in PROPAGATION_SIZES for who in ["traced", "opentelemetry"]
    ], propagation),
}

def print_report(bench, measure, unit):
    """Prints each row of `bench` as `measure(row)` gives it, then the bench's ratios."""
    rows, ratios = BENCHES[bench]
    values = {row: measure(row) for row in rows}
    for row in rows:
        print(f"{row:<72} {values[row]:>9.1f} {unit}", flush=True)
    print()
    for name, ratio, op, bound in ratios(values):
        if op is None:
            print(f"{name:<56} {ratio:>7.2f}x")
        else:
            met = ratio <= bound if op == "<=" else ratio >= bound
            print(f"{name:<56} {ratio:>7.2f}x   target {op} {bound}x   {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in BENCHES:
        sys.exit(f"usage: report.py {{{','.join(BENCHES)}}}")
    print_report(sys.argv[1], median, "ns")
