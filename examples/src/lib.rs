//! Runnable examples of `traced`: `cargo run --example order_flow`, `cargo run --example two_services`.
