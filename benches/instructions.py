#!/usr/bin/env python3
"""Instructions per call of rows of the overhead benchmark, counted by callgrind: repeatable where wall time is
noisy (the same count whatever else the machine does).

    python3 benches/instructions.py                  # the rows the overhead targets compare
    python3 benches/instructions.py "traced sampled" # any rows, by exact name
    python3 benches/instructions.py --bench http_layer "http handler without the layer"

Needs valgrind. Each row runs for two seconds of criterion's profiling mode under callgrind.
"""
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
args = sys.argv[1:]
bench = "overhead"
if args[:1] == ["--bench"] and len(args) >= 2:
    bench, args = args[1], args[2:]
ROWS = args or [
    "traced sampled",
    "hand-written OpenTelemetry sampled",
    "traced unsampled, root dropped by the sampler (a)",
    "hand-written OpenTelemetry unsampled",
    "traced, no provider installed (c)",
]

build = subprocess.run(
    ["cargo", "bench", "-p", "traced-benches", "--bench", bench, "--no-run"],
    cwd=root, capture_output=True, text=True, check=True,
)
binary = root / re.search(rf"target/release/deps/{bench}-[0-9a-f]+", build.stderr).group(0)
out = root / "target" / "callgrind.out"
for row in ROWS:
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(binary), "--bench",
         "--profile-time", "2", f"^{re.escape(row)}$"],
        cwd=root, capture_output=True, check=True,
    )
    tree = subprocess.run(["callgrind_annotate", "--tree=caller", str(out)], capture_output=True, text=True).stdout
    # The benchmarked closure's callee, as called by criterion's loop: inclusive instructions and call count.
    match = re.search(r"^\s*([\d,]+) \([^)]*\)\s+< \S*Bencher<M>::iter \(([\d,]+)x\)", tree, re.M)
    if not match:
        sys.exit(f"no calls found for {row!r}")
    total, calls = (int(group.replace(",", "")) for group in match.groups())
    print(f"{row:<56} {total / calls:>8.0f} instructions/call")
