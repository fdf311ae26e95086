//! An `SdkTracerProvider` passed to `traced::set_tracer_provider` has its sampler read: where the sampler would
//! drop a span unrecorded, the call skips the SDK, and behaves as the SDK would have (nothing exported, the same
//! trace, the same flags sent on); where it would not, every span is asked of the sampler. One test, in order: the
//! global provider is process-wide.

use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
use opentelemetry::Context;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{InMemorySpanExporter, Sampler, SdkTracerProvider};
use traced::traced;

/// What a call sees: its trace id and the `traceparent` it would send on.
#[traced(name = "samplers.work")]
fn work() -> (Option<String>, String) {
    let mut headers = std::collections::HashMap::new();
    TraceContextPropagator::new().inject_context(&Context::current(), &mut headers);
    (traced::trace_id().map(|id| id.to_string()), headers.remove("traceparent").unwrap_or_default())
}

fn install(sampler: Sampler) -> (SdkTracerProvider, InMemorySpanExporter) {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder().with_sampler(sampler).with_simple_exporter(exporter.clone()).build();
    traced::set_tracer_provider(provider.clone());
    (provider, exporter)
}

fn exported(exporter: &InMemorySpanExporter) -> usize {
    exporter.get_finished_spans().unwrap().len()
}

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

fn remote_parent(flags: TraceFlags) -> Context {
    let parent = SpanContext::new(
        TraceId::from_hex(TRACE).unwrap(),
        SpanId::from(0x00f0_67aa_0ba9_02b7),
        flags,
        true,
        TraceState::NONE,
    );
    Context::new().with_remote_span_context(parent)
}

#[test]
fn known_samplers_let_calls_skip_what_they_would_drop() {
    // The SDK's default, parent-based: under an unsampled parent nothing is made; the parent's trace goes on.
    let (default, spans) = install(Sampler::ParentBased(Box::new(Sampler::AlwaysOn)));
    {
        let _parent = remote_parent(TraceFlags::default()).attach();
        let (trace_id, sent) = work();
        assert_eq!(trace_id.as_deref(), Some(TRACE));
        assert_eq!(sent, format!("00-{TRACE}-00f067aa0ba902b7-00"), "the parent's own context goes on");
    }
    assert_eq!(exported(&spans), 0);
    {
        let _parent = remote_parent(TraceFlags::SAMPLED).attach();
        assert_eq!(work().0.as_deref(), Some(TRACE));
    }
    assert_eq!(work().1.len(), 55, "a root is sampled");
    assert_eq!(exported(&spans), 2);

    // `AlwaysOff`: roots are decided here, with fresh ids, unsampled, and no `random` flag (the SDK sets none).
    let (off, spans) = install(Sampler::AlwaysOff);
    let (first, sent) = work();
    let (second, _) = work();
    assert!(first.is_some() && first != second, "each dropped root has a trace of its own");
    assert!(sent.starts_with("00-") && sent.ends_with("-00"), "{sent}");
    {
        let _parent = remote_parent(TraceFlags::SAMPLED).attach();
        assert_eq!(work().0.as_deref(), Some(TRACE), "children are dropped too, in their parent's trace");
    }
    assert_eq!(exported(&spans), 0);

    // Parent-based around `AlwaysOff`: roots dropped here, sampled parents still followed.
    let (parent_based_off, spans) = install(Sampler::ParentBased(Box::new(Sampler::AlwaysOff)));
    assert!(work().1.ends_with("-00"));
    {
        let _parent = remote_parent(TraceFlags::SAMPLED).attach();
        assert!(work().1.ends_with("-01"));
    }
    assert_eq!(exported(&spans), 1);

    // `AlwaysOn` records children of unsampled parents: nothing may be skipped.
    let (on, spans) = install(Sampler::AlwaysOn);
    {
        let _parent = remote_parent(TraceFlags::default()).attach();
        assert!(work().1.ends_with("-01"));
    }
    assert_eq!(exported(&spans), 1);

    for provider in [default, off, parent_based_off, on] {
        provider.shutdown().unwrap();
    }
}
