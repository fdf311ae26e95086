//! Log lines that carry the trace: `tracing` events written inside a `#[traced]` function start with its
//! `trace_id` and `span_id`, so a log backend can join them to the trace the console (or a collector) shows. So
//! do those of work it hands to a thread or a task, carried with `traced::in_current_trace(..)` and
//! `.in_current_trace()`.
//!
//! Run it with `cargo run --example log_correlation`. For the `log` facade, wrap your logger in
//! `traced::log::Correlated` instead: records then carry `trace_id` and `span_id` key-values.

use traced::traced;
use traced::InCurrentTrace;
use tracing_subscriber::fmt::format::Format;

#[traced(name = "orders.create", fields(order_id))]
fn create(order_id: &str) {
    tracing::info!(order_id, "creating the order");
    let id = order_id.to_owned();
    // A thread starts from an empty context: the wrapper carries this span's over.
    let _ = std::thread::spawn(traced::in_current_trace(move || reserve(&id))).join();
    notify(order_id);
}

/// Sends the confirmation on a task of its own, still in the order's trace.
fn notify(order_id: &str) {
    let id = order_id.to_owned();
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else { return };
    let task = runtime.spawn(send_confirmation(id).in_current_trace());
    let _ = runtime.block_on(task);
}

#[traced(name = "mail.send_confirmation", fields(order_id))]
async fn send_confirmation(order_id: String) {
    tracing::info!("confirmation sent");
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
