//! The live filter comes before sampling, in the layers as in `#[traced]`: a filtered-out request takes no
//! decision from set-up's root sampler (an adaptive sampler's budget is spent on what is traced), and its
//! handler's spans are sampled once, as roots of their own.

use std::convert::Infallible;

use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
use tower::{service_fn, Layer, ServiceExt};
use traced::sampling::AdaptiveSampler;
use traced::setup::Exporter;

#[traced::traced(name = "jobs.health")]
fn health() {}

#[traced::traced(name = "jobs.work")]
fn work() {}

/// Serves `n` requests without a `traceparent` through the server layer, in memory; the handler calls `work`.
fn serve(n: usize) {
    let server = traced::http::TraceLayer::http_server().layer(service_fn(|_: http::Request<String>| async {
        work();
        Ok::<_, Infallible>(http::Response::new(String::new()))
    }));
    for _ in 0..n {
        let request = http::Request::get("/health").body(String::new()).unwrap();
        drop(futures::FutureExt::now_or_never(server.clone().oneshot(request)).expect("ready at once").unwrap());
    }
}

// One test: it installs a process-wide provider and filter.
#[test]
fn filtered_out_spans_take_no_sampling_decision() {
    let spans = InMemorySpanExporter::default();
    // A budget far above this test's traffic: everything it is asked about is kept.
    let sampler = AdaptiveSampler::new(1000.0, 1000).unwrap();
    let guard = traced::builder()
        .with_sampler(sampler.clone())
        .with_filter("GET=off,jobs.health=off")
        .with_exporter(Exporter::None)
        .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
        .install()
        .unwrap();
    for _ in 0..10 {
        health();
    }
    assert_eq!(sampler.snapshot().seen, 0, "a filtered-out #[traced] root asks no sampler");
    serve(10);
    assert_eq!(sampler.snapshot().seen, 10, "only the 10 handlers' roots were decided, not the 10 requests");
    let exported = spans.get_finished_spans().unwrap();
    assert_eq!(exported.len(), 10);
    assert!(exported
        .iter()
        .all(|span| span.name == "jobs.work" && span.parent_span_id == opentelemetry::trace::SpanId::INVALID));
    drop(guard);
    traced::set_filter("").unwrap();
}
