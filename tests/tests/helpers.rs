//! Helpers for the body act on the current span, and do nothing when no span is recording.

mod common;

use common::*;
use traced::{traced, KeyValue};

#[traced(name = "inventory.check", fields(product_id))]
fn check(product_id: i64) -> (String, String) {
    traced::add_event("stock level low", [KeyValue::new("product.id", product_id), KeyValue::new("stock", 2_i64)]);
    traced::set_attribute(KeyValue::new("cache.hit", false));
    traced::set_attributes([KeyValue::new("rows", 3_i64), KeyValue::new("warehouse", "north")]);
    (traced::trace_id().unwrap().to_string(), traced::span_id().unwrap().to_string())
}

#[test]
fn events_attributes_and_ids_of_the_current_span() {
    let t = telemetry();
    let (trace_id, span_id) = check(456);
    let span = t.span("inventory.check");
    assert_eq!(event_names(&span), ["stock level low"]);
    assert_eq!(event_attribute(&span, "stock level low", "product.id"), Some(456_i64.into()));
    assert_eq!(attribute(&span, "cache.hit"), Some(false.into()));
    assert_eq!(attribute(&span, "rows"), Some(3_i64.into()));
    assert_eq!(keys(&span), ["product_id", "cache.hit", "rows", "warehouse"]);
    assert_eq!(trace_id, span.span_context.trace_id().to_string());
    assert_eq!(span_id, span.span_context.span_id().to_string());
    assert_eq!(trace_id.len(), 32);
    assert_eq!(span_id.len(), 16);
}

#[traced(name = "async.ids")]
async fn ids_across_await() -> (Option<String>, Option<String>) {
    let before = traced::span_id().map(|id| id.to_string());
    std::future::ready(()).await;
    (before, traced::span_id().map(|id| id.to_string()))
}

#[test]
fn ids_are_the_same_on_every_poll() {
    let t = telemetry();
    let (before, after) = block_on(ids_across_await());
    assert_eq!(before, after);
    assert_eq!(before.unwrap(), t.span("async.ids").span_context.span_id().to_string());
}

#[test]
fn outside_a_span_helpers_do_nothing() {
    let t = telemetry();
    traced::add_event("orphan", []);
    traced::set_attribute(KeyValue::new("k", 1_i64));
    traced::record_error(&std::fmt::Error, traced::ErrorCategory::System);
    assert_eq!(traced::trace_id(), None);
    assert_eq!(traced::span_id(), None);
    assert!(t.spans().is_empty());
}
