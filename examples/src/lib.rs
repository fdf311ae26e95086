//! Runnable examples of `traced`: `cargo run --example order_flow`.
