use opentelemetry::trace::SpanContext;
use traced::traced;

#[traced(name = "queue.consume", parent = message, parent = None)]
fn consume(message: &SpanContext) {}

fn main() {}
