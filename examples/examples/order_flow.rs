//! A small order flow, instrumented with `#[traced]`: validate the user, check inventory (with an event),
//! process the payment, which fails. With no configuration it prints the trace as a tree; with
//! `OTEL_EXPORTER_OTLP_ENDPOINT` set it sends the same spans to that collector instead.
//!
//! Run it with `cargo run --example order_flow`.

use std::fmt;
use std::time::Duration;

use traced::{traced, ErrorCategory, KeyValue, SpanAttributes, SpanError};

#[derive(SpanAttributes)]
struct Order {
    id: String,
    product_id: i64,
    amount: f64,
    #[redact]
    card_number: String,
    #[span(skip)]
    notes: Vec<String>,
}

#[derive(Debug)]
enum PaymentError {
    InsufficientFunds,
}

impl fmt::Display for PaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaymentError::InsufficientFunds => f.write_str("insufficient funds"),
        }
    }
}

impl std::error::Error for PaymentError {}

impl SpanError for PaymentError {
    fn category(&self) -> ErrorCategory {
        ErrorCategory::External
    }
    fn retryable(&self) -> Option<bool> {
        Some(false)
    }
}

#[traced(name = "orders.create", kind = server, fields(order, user_id))]
fn create_order(order: &Order, user_id: u64) -> Result<String, PaymentError> {
    validate_user(user_id);
    check_inventory(order.product_id);
    process_payment(order.amount, &order.card_number)?;
    Ok(format!("receipt for {}", order.id))
}

#[traced(name = "users.validate", fields(user.id = user_id))]
fn validate_user(user_id: u64) {
    std::thread::sleep(Duration::from_millis(10));
}

#[traced(name = "inventory.check", fields(product.id = product_id))]
fn check_inventory(product_id: i64) {
    std::thread::sleep(Duration::from_millis(5));
    traced::add_event("stock level low", [KeyValue::new("stock", 2_i64)]);
}

#[traced(name = "payment.process", kind = client, fields(amount), redact(card_number))]
fn process_payment(amount: f64, card_number: &str) -> Result<(), PaymentError> {
    std::thread::sleep(Duration::from_millis(20));
    let _last_four = &card_number[card_number.len().saturating_sub(4)..];
    Err(PaymentError::InsufficientFunds)
}

fn main() {
    // The console trace tree by default; `OTEL_EXPORTER_OTLP_ENDPOINT` (or any `OTEL_*` variable) changes that.
    let guard = match traced::init() {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("tracing set-up failed: {error}");
            std::process::exit(2);
        }
    };

    let order = Order {
        id: "o-1".into(),
        product_id: 456,
        amount: 99.99,
        card_number: "4111 1111 1111 1111".into(),
        notes: vec!["leave at the door".into()],
    };
    let result = create_order(&order, 123);
    eprintln!("create_order returned {result:?} ({} note kept out of the span)", order.notes.len());

    // Flushes every finished span before the program exits.
    if let Err(error) = guard.shutdown() {
        eprintln!("{error}");
        std::process::exit(3);
    }
}
