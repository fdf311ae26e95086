use traced::{traced, SpanAttributes};

#[derive(SpanAttributes)]
struct Order {
    id: String,
    amount: f64,
    #[redact]
    card_number: String, // recorded as order.card_number = "[REDACTED]"
}

#[traced(name = "orders.create", kind = server, fields(order, user_id))]
fn create(order: &Order, user_id: u64) -> Result<(), String> {
    charge(order.amount, &order.card_number) // a child span; its Err marks both spans
}

#[traced(name = "payment.charge", kind = client, fields(amount), redact(card_number))]
fn charge(amount: f64, card_number: &str) -> Result<(), String> {
    if card_number.is_empty() {
        Err("no card".into())
    } else {
        Err("insufficient funds".into())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let guard = traced::init()?; // the console tree; OTEL_EXPORTER_OTLP_ENDPOINT=... sends to a collector
    let _ = create(&Order { id: "o-1".into(), amount: 99.99, card_number: "4111 1111 1111 1111".into() }, 123);
    guard.shutdown()?; // flushes every finished span
    Ok(())
}
