//! `traced::builder()`: settings are checked before anything is installed, `Exporter::None` still makes
//! spans (so ids propagate) without exporting them, and the propagators installed are those `OTEL_PROPAGATORS`
//! names.

mod common;

use common::outgoing_traceparent;
use http::HeaderMap;
use opentelemetry::baggage::BaggageExt;
use opentelemetry::{Context, KeyValue};
use traced::setup::{Exporter, InitError};
use traced::traced;

#[traced(name = "setup.work")]
fn traceparent() -> String {
    outgoing_traceparent()
}

/// The headers the installed propagators write for a sampled span with one baggage member.
#[traced(name = "setup.call")]
fn outgoing_headers() -> Vec<String> {
    let cx = Context::current().with_baggage([KeyValue::new("tenant", "acme")]);
    let mut headers = HeaderMap::new();
    traced::propagation::inject_headers(&cx, &mut headers);
    let mut names: Vec<String> = headers.keys().map(|name| name.to_string()).collect();
    names.sort();
    names
}

/// Whether the installed propagators read a `traceparent` into a remote parent.
fn reads_traceparent() -> bool {
    use opentelemetry::trace::TraceContextExt;
    let mut headers = HeaderMap::new();
    headers.insert("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".parse().unwrap());
    traced::propagation::extract_headers(&headers).span().span_context().is_remote()
}

fn install_with_propagators(value: Option<&str>) -> Result<traced::setup::Guard, InitError> {
    // Only this test runs in this binary, so no other thread reads the environment meanwhile.
    match value {
        Some(value) => std::env::set_var("OTEL_PROPAGATORS", value),
        None => std::env::remove_var("OTEL_PROPAGATORS"),
    }
    let installed = traced::builder().with_exporter(Exporter::None).install();
    std::env::remove_var("OTEL_PROPAGATORS");
    installed
}

// One test: each step installs a process-wide provider.
#[test]
fn settings_are_checked_and_no_exporter_still_propagates() {
    for rate in [1.5, -0.1, f64::NAN] {
        let error = traced::builder().with_sampling_rate(rate).with_exporter(Exporter::None).install().unwrap_err();
        assert!(matches!(&error, InitError::Invalid { name: "with_sampling_rate", .. }), "{error}");
        assert!(error.to_string().contains("expected a probability between 0 and 1"), "{error}");
    }

    let guard = traced::builder().with_exporter(Exporter::None).install().unwrap();
    let header = traceparent();
    assert!(header.starts_with("00-") && header.ends_with("-03"), "sampled, its trace id random: {header}");
    assert_eq!(guard.dropped_spans(), 0);
    guard.shutdown().unwrap();

    let guard = traced::builder().with_sampling_rate(0.0).with_exporter(Exporter::None).install().unwrap();
    assert!(traceparent().ends_with("-02"), "a root dropped by the sampler is still propagated, unsampled");
    drop(guard);

    let guard = install_with_propagators(None).unwrap();
    assert_eq!(outgoing_headers(), ["baggage", "traceparent"], "by default trace context and baggage");
    assert!(reads_traceparent());
    drop(guard);

    let guard = install_with_propagators(Some("none")).unwrap();
    assert!(outgoing_headers().is_empty());
    assert!(!reads_traceparent());
    assert!(traceparent().starts_with("00-"), "spans are still made: only propagation is off");
    drop(guard);

    let guard = install_with_propagators(Some("baggage")).unwrap();
    assert_eq!(outgoing_headers(), ["baggage"]);
    assert!(!reads_traceparent());
    drop(guard);

    let guard = install_with_propagators(Some("tracecontext")).unwrap();
    assert_eq!(outgoing_headers(), ["traceparent"]);
    drop(guard);

    let cases = [
        ("b3", "expected `tracecontext`, `baggage` or `none`, or a comma-separated list of them (traced has no `b3`"),
        ("tracecontext,baggage,jaeger", "(traced has no `jaeger` propagator"),
        ("none,tracecontext", "expected `none` alone, or a list without it"),
    ];
    for (value, expected) in cases {
        let error = install_with_propagators(Some(value)).unwrap_err();
        assert!(matches!(&error, InitError::Invalid { name: "OTEL_PROPAGATORS", .. }), "{error}");
        assert!(error.to_string().contains(expected), "{error}");
    }
}
