//! `Builder::with_span_processor`: any OpenTelemetry span processor plugs in behind traced's pipeline, so it gets
//! what set-up's own exporters get: sampled spans only, failed dropped ones marked with `keep_errors`, text
//! bounded.

mod common;

use common::attribute;
use opentelemetry::Value;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
use traced::setup::Exporter;
use traced::traced;

#[traced(name = "docs.render", fields(body))]
fn render(body: &str) -> Result<usize, String> {
    if body.is_empty() {
        Err("nothing to render".to_owned())
    } else {
        Ok(body.len())
    }
}

// One test: each step installs the process-wide provider.
#[test]
fn a_processor_of_ones_own_gets_what_set_ups_exporters_get() {
    let spans = InMemorySpanExporter::default();
    let guard = traced::builder()
        .with_exporter(Exporter::None)
        .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
        .with_max_attribute_length(8)
        .install()
        .unwrap();
    assert_eq!(render("0123456789abcdef"), Ok(16));
    // The simple processor exports as each span ends; the in-memory exporter forgets at shutdown.
    let finished = spans.get_finished_spans().unwrap();
    guard.shutdown().unwrap();
    assert_eq!(finished.len(), 1);
    let body = format!("01234567{}", traced::TRUNCATION_MARKER);
    assert_eq!(attribute(&finished[0], "body"), Some(Value::from(body)), "text bounded");

    // Nothing sampled: only the failure reaches it, marked.
    spans.reset();
    let guard = traced::builder()
        .with_exporter(Exporter::None)
        .with_sampling_rate(0.0)
        .with_keep_errors(true)
        .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
        .install()
        .unwrap();
    assert_eq!(render("kept out"), Ok(8));
    assert!(render("").is_err());
    let finished = spans.get_finished_spans().unwrap();
    guard.shutdown().unwrap();
    assert_eq!(finished.len(), 1, "only the failed span");
    assert_eq!(attribute(&finished[0], "sampling.kept_for_error"), Some(Value::from(true)));
    assert!(finished[0].span_context.is_sampled(), "marked sampled for its exporter");
}
