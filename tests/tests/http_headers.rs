//! Trace context in and out of `http::HeaderMap`s, through the propagators set-up installs: every header line is
//! seen, and an incoming context becomes the remote parent of the next `#[traced]` span.

use http::{HeaderMap, HeaderValue};
use opentelemetry::baggage::BaggageExt;
use opentelemetry::trace::TraceContextExt;
use opentelemetry::Context;
use traced::propagation::{extract_headers, inject_headers};
use traced::setup::Exporter;
use traced::traced;

const PARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

#[traced(name = "orders.handle")]
fn handle() -> HeaderMap {
    let mut outgoing = HeaderMap::new();
    inject_headers(&Context::current(), &mut outgoing);
    outgoing
}

// One test: it installs the process-wide propagator and provider.
#[test]
fn incoming_headers_parent_the_next_span_and_go_out_again() {
    let guard = traced::builder().with_exporter(Exporter::None).install().unwrap();

    let mut incoming = HeaderMap::new();
    incoming.insert("TraceParent", HeaderValue::from_static(PARENT));
    incoming.append("tracestate", HeaderValue::from_static("a=1,b=2"));
    incoming.append("tracestate", HeaderValue::from_static("c=3"));
    incoming.insert("baggage", HeaderValue::from_static("user.id=42"));
    let cx = extract_headers(&incoming);
    assert_eq!(cx.baggage().get("user.id").map(|value| value.to_string()), Some("42".to_owned()));
    let outgoing = {
        let _attached = cx.attach();
        handle()
    };
    let traceparent = outgoing["traceparent"].to_str().unwrap();
    assert!(traceparent.starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"), "same trace: {traceparent}");
    assert!(!traceparent.contains("00f067aa0ba902b7") && traceparent.ends_with("-01"), "a child span: {traceparent}");
    assert_eq!(outgoing["tracestate"], "a=1,b=2,c=3", "both tracestate lines, in order");
    assert_eq!(outgoing["baggage"], "user.id=42");

    let mut two_parents = HeaderMap::new();
    two_parents.append("traceparent", HeaderValue::from_static(PARENT));
    two_parents
        .append("traceparent", HeaderValue::from_static("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    assert!(!extract_headers(&two_parents).span().span_context().is_valid(), "two traceparents: no parent");
    drop(guard);
}
