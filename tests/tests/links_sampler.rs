//! `links(..)` are on the span builder when the span starts, so the provider's sampler sees them (a consumer's
//! sampler may keep a batch whose messages were sampled). Its own test binary: it installs its own sampler.

use std::sync::{Arc, Mutex};

use opentelemetry::trace::{Link, SpanContext, SpanId, SpanKind, TraceFlags, TraceId, TraceState};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{
    InMemorySpanExporter, SamplingDecision, SamplingResult, SdkTracerProvider, ShouldSample,
};
use traced::traced;

/// Records how many links each decision saw, and keeps every span.
#[derive(Clone, Debug, Default)]
struct SeesLinks(Arc<Mutex<Vec<usize>>>);

impl ShouldSample for SeesLinks {
    fn should_sample(
        &self,
        _: Option<&Context>,
        _: TraceId,
        _: &str,
        _: &SpanKind,
        _: &[KeyValue],
        links: &[Link],
    ) -> SamplingResult {
        self.0.lock().unwrap().push(links.len());
        SamplingResult {
            decision: SamplingDecision::RecordAndSample,
            attributes: Vec::new(),
            trace_state: TraceState::NONE,
        }
    }
}

#[traced(name = "queue.sampled_batch", kind = consumer, links(batch))]
fn sampled_batch(batch: &[SpanContext]) {}

#[test]
fn the_sampler_sees_the_links() {
    let sampler = SeesLinks::default();
    let exporter = InMemorySpanExporter::default();
    let provider =
        SdkTracerProvider::builder().with_sampler(sampler.clone()).with_simple_exporter(exporter.clone()).build();
    traced::set_tracer_provider(provider);
    let message = |n: u64| {
        SpanContext::new(TraceId::from(u128::from(n)), SpanId::from(n), TraceFlags::SAMPLED, true, TraceState::NONE)
    };
    sampled_batch(&[message(9), message(8)]);
    assert_eq!(*sampler.0.lock().unwrap(), [2]);
    assert_eq!(exporter.get_finished_spans().unwrap()[0].links.len(), 2);
}
