//! Tests of `traced`: see `tests/`.
