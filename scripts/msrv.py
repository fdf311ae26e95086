#!/usr/bin/env python3
"""The minimum Rust version each cargo feature of `traced` needs, read off the locked dependency tree.

A feature needs the highest `rust-version` among the packages it builds (normal and build dependencies, on this
host), and at least the workspace's own `rust-version`, which clippy's `incompatible_msrv` holds our code to.
`--check README.md` fails when the README's table of minimum versions says something else, or when the default
features need more than `rust-version` declares, so the stated MSRV cannot drift from `Cargo.lock`.
"""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The README's table rows: | `feature` | 1.85 |
ROW = re.compile(r"^\|\s*`([a-z-]+)`[^|]*\|\s*(1\.\d+)\s*\|\s*$")


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def short(version):
    """`1.85.0` -> `1.85`: the form the README and `rust-version` use."""
    return ".".join(version.split(".")[:2])


def cargo(*args):
    return subprocess.run(["cargo", *args, "--locked"], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def rust_versions():
    metadata = json.loads(cargo("metadata", "--format-version", "1", "--all-features"))
    return {(p["name"], p["version"]): p.get("rust_version") for p in metadata["packages"]}


def needed(feature, versions, declared):
    """The highest `rust-version` in `traced`'s tree with only `feature` on, and the package that asks for it."""
    args = ["tree", "-p", "traced", "-e", "normal,build", "--prefix", "none", "--format", "{p}"]
    if feature != "default":
        args += ["--no-default-features", "--features", feature]
    best = (declared, "traced's own rust-version")
    for line in cargo(*args).splitlines():
        name, version = line.split()[:2]
        rust = versions.get((name, version.lstrip("v")))
        if rust and version_key(short(rust)) > version_key(best[0]):
            best = (short(rust), f"{name} {version}")
    return best


def main():
    manifest = tomllib.loads((ROOT / "runtime" / "Cargo.toml").read_text())
    workspace = tomllib.loads((ROOT / "Cargo.toml").read_text())
    declared = workspace["workspace"]["package"]["rust-version"]
    features = ["default"] + sorted(f for f in manifest["features"] if f != "default")
    versions = rust_versions()
    table = {feature: needed(feature, versions, declared) for feature in features}
    for feature, (rust, package) in table.items():
        print(f"{feature:<10} {rust:<6} (from {package})")

    if len(sys.argv) != 3 or sys.argv[1] != "--check":
        return 0
    stated = dict(m.groups() for m in map(ROW.match, (ROOT / sys.argv[2]).read_text().splitlines()) if m)
    errors = []
    for feature, (rust, package) in table.items():
        if stated.get(feature) != rust:
            errors.append(f"`{feature}` needs Rust {rust} (from {package}); {sys.argv[2]} says {stated.get(feature)}")
    if declared != table["default"][0]:
        errors.append(f"the default features need Rust {table['default'][0]}: raise rust-version in Cargo.toml")
    for error in errors:
        print(f"msrv: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
