//! A small order flow, instrumented with `#[traced]`: validate the user, check inventory (with an event),
//! process the payment, which fails. Prints the spans it produced as a tree.
//!
//! Run it with `cargo run --example order_flow`.

use std::fmt;
use std::time::Duration;

use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
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
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build();
    traced::set_tracer_provider(provider.clone());

    let order = Order {
        id: "o-1".into(),
        product_id: 456,
        amount: 99.99,
        card_number: "4111 1111 1111 1111".into(),
        notes: vec!["leave at the door".into()],
    };
    let result = create_order(&order, 123);
    println!("create_order returned {:?} ({} note kept out of the span)\n", result, order.notes.len());

    let mut spans = exporter.get_finished_spans().expect("in-memory exporter");
    spans.sort_by_key(|span| span.start_time);
    for root in spans.iter().filter(|span| !spans.iter().any(|parent| is_parent(parent, span))) {
        print_tree(root, &spans, "", "");
    }
    if let Err(error) = provider.shutdown() {
        eprintln!("shutting the tracer provider down failed: {error}");
    }
}

fn is_parent(parent: &SpanData, child: &SpanData) -> bool {
    parent.span_context.span_id() == child.parent_span_id
}

fn print_tree(span: &SpanData, spans: &[SpanData], first: &str, rest: &str) {
    let duration = span.end_time.duration_since(span.start_time).unwrap_or_default();
    let attributes: Vec<String> = span.attributes.iter().map(|kv| format!("{}={}", kv.key, kv.value)).collect();
    let status = match &span.status {
        opentelemetry::trace::Status::Error { description } => format!("  ERROR {description}"),
        _ => String::new(),
    };
    println!(
        "{first}{} {:.1}ms{status}  {}",
        span.name,
        duration.as_secs_f64() * 1e3,
        attributes.join(" ")
    );
    let children: Vec<&SpanData> = spans.iter().filter(|child| is_parent(span, child)).collect();
    for event in span.events.iter() {
        let connector = if children.is_empty() { "└─" } else { "├─" };
        println!("{rest}{connector} event {}", event.name);
    }
    for (i, child) in children.iter().enumerate() {
        let last = i + 1 == children.len();
        let (branch, indent) = if last { ("└─ ", "   ") } else { ("├─ ", "│  ") };
        print_tree(child, spans, &format!("{rest}{branch}"), &format!("{rest}{indent}"));
    }
}
