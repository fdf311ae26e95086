//! End to end: spans from instrumented code reach a real collector (rotel on 127.0.0.1) over OTLP gRPC and OTLP
//! HTTP, with names, attributes, parent ids, status, events and resource intact.

mod collector;

use std::sync::Mutex;

use collector::{Collector, Received};
use traced::setup::{Exporter, Otlp};
use traced::{traced, KeyValue, SpanAttributes};

/// The global provider is process-wide: tests that install one take turns.
static LOCK: Mutex<()> = Mutex::new(());

#[derive(SpanAttributes)]
#[allow(dead_code)] // `card_number` is only ever redacted
struct Order {
    id: &'static str,
    amount: f64,
    #[redact]
    card_number: &'static str,
}

#[traced(name = "orders.create", kind = server, fields(order, user_id))]
fn create(order: &Order, user_id: u64) -> Result<(), String> {
    check(456);
    charge(order.amount)
}

#[traced(name = "inventory.check", fields(product.id = product_id))]
fn check(product_id: i64) {
    traced::add_event("stock level low", [KeyValue::new("stock", 2_i64)]);
}

#[traced(name = "payment.charge", kind = client, fields(amount))]
fn charge(amount: f64) -> Result<(), String> {
    Err("insufficient funds".to_owned())
}

fn send_order_flow(otlp: Otlp) {
    let guard = traced::builder()
        .with_service_name("checkout")
        .with_service_version("1.2.3")
        .with_resource_attribute(KeyValue::new("deployment.environment", "test"))
        .with_exporter(Exporter::Otlp(otlp))
        .install()
        .expect("set-up");
    let order = Order { id: "o-1", amount: 99.5, card_number: "4111-1111-1111-1111" };
    assert_eq!(create(&order, 123), Err("insufficient funds".to_owned()));
    guard.shutdown().expect("every span exported");
}

fn by_name<'a>(spans: &'a [Received], name: &str) -> &'a Received {
    spans.iter().find(|span| span.name == name).unwrap_or_else(|| panic!("no span {name} in {spans:#?}"))
}

fn assert_order_flow(collector: &Collector) {
    let spans = collector.wait_for(|spans| spans.len() >= 3);
    assert_eq!(spans.len(), 3, "{spans:#?}");
    let create = by_name(&spans, "orders.create");
    let check = by_name(&spans, "inventory.check");
    let charge = by_name(&spans, "payment.charge");

    assert_eq!(create.parent_id, "");
    assert_eq!(check.parent_id, create.span_id);
    assert_eq!(charge.parent_id, create.span_id);
    assert!(spans.iter().all(|span| span.trace_id == create.trace_id && span.trace_id.len() == 32));

    assert_eq!((create.kind.as_str(), charge.kind.as_str()), ("SPAN_KIND_SERVER", "SPAN_KIND_CLIENT"));
    assert_eq!(create.attribute("order.id"), Some("o-1"));
    assert_eq!(create.attribute("order.amount"), Some("99.5"));
    assert_eq!(create.attribute("order.card_number"), Some("[REDACTED]"));
    assert_eq!(create.attribute("user_id"), Some("123"));
    assert_eq!(check.attribute("product.id"), Some("456"));
    assert_eq!(charge.attribute("amount"), Some("99.5"));
    assert!(!collector.output().contains("4111-1111-1111-1111"), "a redacted value reached the collector");

    for failed in [create, charge] {
        assert_eq!(failed.status_code, "STATUS_CODE_ERROR");
        assert_eq!(failed.status_message, "insufficient funds");
        let (name, attributes) = failed.events.last().expect("an exception event");
        assert_eq!(name, "exception");
        assert!(attributes.contains(&("exception.message".to_owned(), "insufficient funds".to_owned())));
    }
    assert_eq!(check.status_code, "STATUS_CODE_UNSET");
    assert_eq!(check.events, [("stock level low".to_owned(), vec![("stock".to_owned(), "2".to_owned())])]);

    for span in &spans {
        assert_eq!(span.resource_attribute("service.name"), Some("checkout"));
        assert_eq!(span.resource_attribute("service.version"), Some("1.2.3"));
        assert_eq!(span.resource_attribute("deployment.environment"), Some("test"));
        assert_eq!(span.resource_attribute("telemetry.sdk.language"), Some("rust"));
        assert_eq!(span.scope, "traced-tests 0.0.0");
    }
}

#[test]
fn spans_reach_a_collector_over_grpc() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let collector = Collector::start();
    send_order_flow(Otlp::grpc().with_endpoint(collector.grpc_url()));
    assert_order_flow(&collector);
}

#[test]
fn spans_reach_a_collector_over_http() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let collector = Collector::start();
    send_order_flow(Otlp::http().with_endpoint(collector.http_url()));
    assert_order_flow(&collector);
}
