#!/usr/bin/env python3
"""Instructions per call of the rows of a benchmark, counted by callgrind: repeatable where wall time is noisy
(the same count whatever else the machine does), and the same ratios as `report.py` prints for wall time.

    python3 benches/instructions.py                       # every row of the overhead benchmark, and its ratios
    python3 benches/instructions.py --bench http_layer    # the HTTP layer's
    python3 benches/instructions.py "traced sampled, 0 fields"   # some rows only, by exact name

Needs valgrind. Each row runs for two seconds of criterion's profiling mode under callgrind; a row's unit of work
is one call of an `#[inline(never)]` function, which is what is counted.
"""
import pathlib
import re
import subprocess
import sys

from report import BENCHES, print_report

root = pathlib.Path(__file__).resolve().parent.parent
args = sys.argv[1:]
bench = "overhead"
if args[:1] == ["--bench"] and len(args) >= 2:
    bench, args = args[1], args[2:]

build = subprocess.run(
    ["cargo", "bench", "-p", "traced-benches", "--bench", bench, "--no-run"],
    cwd=root, capture_output=True, text=True, check=True,
)
binary = root / re.search(rf"target/release/deps/{bench}-[0-9a-f]+", build.stderr).group(0)
out = root / "target" / "callgrind.out"


def instructions(row):
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
    return total / calls


if args:
    for row in args:
        print(f"{row:<72} {instructions(row):>9.0f} instructions/call", flush=True)
else:
    print_report(bench, instructions, "instructions/call")
