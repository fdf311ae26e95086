#!/usr/bin/env bash
# Compile-time comparison, rerunnable by anyone: prints wall seconds of cold `cargo build`s.
#  1. a generated crate with 500 functions under #[traced(name = ..., fields(a, b))],
#     against the same crate under #[tracing::instrument(fields(a, b))];
#  2. the same with functions that return `Result<i64, String>`, as services write them, against
#     #[tracing::instrument(fields(a, b), err)];
#  3. traced-macros alone against tracing-attributes alone.
# Each build starts from `cargo clean` in its own scratch workspace under target/compile-time/; the second column
# rebuilds the crate alone (its dependencies already built), which isolates the cost of expanding the attributes:
# incremental compilation off (what CI and release builds do), the median of three, the crates interleaved.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/target/compile-time"
functions=${FUNCTIONS:-500}
rm -rf "$work"
mkdir -p "$work"

generate() { # name, dependency line, attribute template (NAME is replaced by the function's index)
  local dir="$work/$1"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$2

[workspace]
TOML
  local body=${4:-'-> usize { a as usize + b.len() }'}
  {
    for i in $(seq 1 "$functions"); do
      echo "${3//NAME/$i}"
      echo "pub fn function_$i(a: u64, b: &str) $body"
    done
  } > "$dir/src/lib.rs"
}

result='-> Result<i64, String> { if b.is_empty() { Err(format!("empty {a}")) } else { Ok(a as i64 + b.len() as i64) } }'

generate with-traced "traced = { path = \"$root/runtime\", default-features = false }" \
  '#[traced::traced(name = "bench.function_NAME", fields(a, b))]'
generate with-tracing 'tracing = "0.1"' '#[tracing::instrument(fields(a, b))]'
generate result-traced "traced = { path = \"$root/runtime\" }" \
  '#[traced::traced(name = "bench.function_NAME", fields(a, b))]' "$result"
generate result-tracing 'tracing = "0.1"' '#[tracing::instrument(fields(a, b), err)]' "$result"

mkdir -p "$work/macro-traced/src" "$work/macro-tracing/src"
printf '[package]\nname = "macro-traced"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\ntraced-macros = { path = "%s/macros" }\n\n[workspace]\n' "$root" > "$work/macro-traced/Cargo.toml"
printf '[package]\nname = "macro-tracing"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\ntracing-attributes = "0.1"\n\n[workspace]\n' > "$work/macro-tracing/Cargo.toml"
touch "$work/macro-traced/src/lib.rs" "$work/macro-tracing/src/lib.rs"

cold_build() { # directory -> wall seconds of a cold build
  (cd "$1" && cargo fetch --quiet && cargo clean --quiet && start=$(date +%s%N) && cargo build --quiet \
    && end=$(date +%s%N) && awk -v ns="$((end - start))" 'BEGIN { printf "%.1f", ns / 1e9 }')
}

warm_build() { # directory -> wall seconds to rebuild the crate alone, its dependencies already built
  (cd "$1" && touch src/lib.rs && start=$(date +%s%N) && CARGO_INCREMENTAL=0 cargo build --quiet \
    && end=$(date +%s%N) && awk -v ns="$((end - start))" 'BEGIN { printf "%.2f", ns / 1e9 }')
}

crates=(with-traced with-tracing result-traced result-tracing macro-traced macro-tracing)
declare -A cold warm
for crate in "${crates[@]}"; do
  cold[$crate]=$(cold_build "$work/$crate")
done
for round in 1 2 3; do
  for crate in "${crates[@]}"; do
    warm[$crate]+="$(warm_build "$work/$crate") "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | sed -n 2p; }
printf '%-20s %12s %18s\n' "wall seconds" "cold build" "the crate alone"
for crate in "${crates[@]}"; do
  printf '%-20s %12s %18s\n' "$crate" "${cold[$crate]}" "$(echo "${warm[$crate]}" | median)"
done
