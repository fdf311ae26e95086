//! What samplers see and what unsampled spans do: attributes are there at span start, and an unsampled span
//! still propagates its (unsampled) context to children and outgoing requests.

mod common;

use std::sync::{Arc, Mutex};

use common::outgoing_traceparent;
use opentelemetry::trace::{Link, SpanKind, TraceContextExt, TraceId, TraceState};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{
    InMemorySpanExporter, Sampler, SamplingDecision, SamplingResult, SdkTracerProvider, ShouldSample,
};
use traced::traced;

/// The span names and attributes a sampler was shown.
type Seen = Arc<Mutex<Vec<(String, Vec<KeyValue>)>>>;

/// Keeps spans whose `vip` attribute is true, and remembers what it was shown.
#[derive(Clone, Debug, Default)]
struct VipOnly {
    seen: Seen,
}

impl ShouldSample for VipOnly {
    fn should_sample(
        &self,
        parent: Option<&Context>,
        _trace_id: TraceId,
        name: &str,
        _kind: &SpanKind,
        attributes: &[KeyValue],
        _links: &[Link],
    ) -> SamplingResult {
        self.seen.lock().unwrap().push((name.to_owned(), attributes.to_vec()));
        let parent_sampled = parent.is_some_and(|cx| cx.span().span_context().is_sampled());
        let vip = attributes.contains(&KeyValue::new("vip", true));
        SamplingResult {
            decision: if vip || parent_sampled { SamplingDecision::RecordAndSample } else { SamplingDecision::Drop },
            attributes: Vec::new(),
            trace_state: TraceState::default(),
        }
    }
}

#[traced(name = "checkout.start", fields(vip, customer.tier = tier))]
fn checkout(vip: bool, tier: &str) -> String {
    reserve();
    outgoing_traceparent()
}

#[traced(name = "checkout.reserve")]
fn reserve() {}

// One test per process state: both install global providers, so they run as steps of one test.
#[test]
fn samplers_see_attributes_and_unsampled_context_propagates() {
    let sampler = VipOnly::default();
    let exporter = InMemorySpanExporter::default();
    let provider =
        SdkTracerProvider::builder().with_sampler(sampler.clone()).with_simple_exporter(exporter.clone()).build();
    traced::set_tracer_provider(provider.clone());

    let sampled = checkout(true, "gold");
    let unsampled = checkout(false, "basic");

    let seen = sampler.seen.lock().unwrap().clone();
    assert_eq!(
        seen[0],
        ("checkout.start".to_owned(), vec![KeyValue::new("vip", true), KeyValue::new("customer.tier", "gold")])
    );
    assert_eq!(seen[2].1, vec![KeyValue::new("vip", false), KeyValue::new("customer.tier", "basic")]);

    let names: Vec<_> = exporter.get_finished_spans().unwrap().iter().map(|s| s.name.to_string()).collect();
    assert_eq!(names, ["checkout.reserve", "checkout.start"], "only the vip trace is kept");
    assert!(sampled.ends_with("-01"), "{sampled}");

    // The unsampled root is still current: its child asked the sampler under it, and the outgoing header carries
    // its ids with the unsampled flag.
    assert!(unsampled.ends_with("-00"), "{unsampled}");
    let trace_id = unsampled.split('-').nth(1).unwrap();
    assert_ne!(trace_id, "0".repeat(32));

    // AlwaysOff under parent-based: nothing exported, but ids are still propagated unsampled.
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_sampler(Sampler::ParentBased(Box::new(Sampler::AlwaysOff)))
        .with_simple_exporter(exporter.clone())
        .build();
    traced::set_tracer_provider(provider.clone());
    let header = checkout(true, "gold");
    assert!(header.ends_with("-00"), "{header}");
    assert!(exporter.get_finished_spans().unwrap().is_empty());
    provider.shutdown().unwrap();
}
