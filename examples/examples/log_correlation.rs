//! Log lines that carry the trace: `tracing` events written inside a `#[traced]` function start with its
//! `trace_id` and `span_id`, so a log backend can join them to the trace the console (or a collector) shows.
//!
//! Run it with `cargo run --example log_correlation`. For the `log` facade, wrap your logger in
//! `traced::log::Correlated` instead: records then carry `trace_id` and `span_id` key-values.

use traced::traced;
use tracing_subscriber::fmt::format::Format;

#[traced(name = "orders.create", fields(order_id))]
fn create(order_id: &str) {
    tracing::info!(order_id, "creating the order");
    reserve(order_id);
}

#[traced(name = "inventory.reserve")]
fn reserve(order_id: &str) {
    tracing::debug!(order_id, "reserving");
    tracing::warn!("only 2 left in stock");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .event_format(traced::tracing::CorrelatedFormat::new(Format::default()))
        .with_writer(std::io::stderr)
        .init();
    let guard = traced::init()?;
    create("o-1");
    tracing::info!("done: this line is outside any span");
    guard.shutdown()?;
    Ok(())
}
