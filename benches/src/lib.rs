//! Benchmarks of `traced`: `cargo bench -p traced-benches`.
