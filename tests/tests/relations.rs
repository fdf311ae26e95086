//! `parent = ..` and `links(..)`: a span started under a context or span context other than the current one (a
//! message's), or as a new root with `parent = None`, and links added when it starts, where the sampler sees
//! them. Invalid span contexts are skipped.

mod common;

use common::*;
use opentelemetry::baggage::BaggageExt;
use opentelemetry::trace::{SpanContext, SpanId, SpanKind, TraceContextExt, TraceFlags, TraceId, TraceState};
use opentelemetry::{Context, KeyValue};
use traced::traced;

fn remote(trace: u128, span: u64) -> SpanContext {
    SpanContext::new(TraceId::from(trace), SpanId::from(span), TraceFlags::SAMPLED, true, TraceState::NONE)
}

#[traced(name = "queue.consume", kind = consumer, parent = message)]
fn consume(message: &SpanContext) -> u64 {
    child()
}

#[traced(name = "queue.child")]
fn child() -> u64 {
    1
}

#[traced(name = "queue.under_context", parent = cx)]
fn under_context(cx: &Context) {}

#[traced(name = "queue.fresh_root", parent = None)]
fn fresh_root() {
    assert_eq!(Context::current().baggage().get("tenant"), Some(&"acme".into()), "baggage stays");
}

#[traced(name = "queue.outer")]
fn outer(message: &SpanContext) {
    consume(message);
    under_context(&Context::new().with_remote_span_context(message.clone()));
    fresh_root();
}

#[test]
fn parent_replaces_the_current_span_and_none_starts_a_root() {
    let t = telemetry();
    let message = remote(0x42, 0x7);
    {
        let _baggage = Context::current_with_baggage([KeyValue::new("tenant", "acme")]).attach();
        outer(&message);
    }
    let outer = t.span("queue.outer");
    let consumed = t.span("queue.consume");
    assert_eq!(consumed.span_context.trace_id(), message.trace_id());
    assert_eq!(consumed.parent_span_id, message.span_id());
    assert!(consumed.parent_span_is_remote);
    assert_eq!(consumed.span_kind, SpanKind::Consumer);
    assert!(is_child_of(&t.span("queue.child"), &consumed), "the body runs under the span, not the message");
    assert_eq!(t.span("queue.under_context").parent_span_id, message.span_id());
    let root = t.span("queue.fresh_root");
    assert!(is_root(&root));
    assert_ne!(root.span_context.trace_id(), outer.span_context.trace_id());
}

#[traced(name = "queue.invalid_parent", parent = SpanContext::empty_context())]
fn invalid_parent() {}

#[test]
fn an_invalid_parent_makes_a_root_and_no_error() {
    let t = telemetry();
    invalid_parent();
    assert!(is_root(&t.span("queue.invalid_parent")));
}

#[traced(name = "queue.batch", kind = consumer, links(first, batch.iter(), batch.to_vec(), missing, Some(first.clone())))]
fn batch(first: &SpanContext, batch: &[SpanContext], missing: SpanContext) -> usize {
    batch.len()
}

#[traced(name = "queue.batch_async", links(batch))]
async fn batch_async(batch: Vec<SpanContext>) {
    yield_now().await;
}

fn linked(span: &opentelemetry_sdk::trace::SpanData) -> Vec<(TraceId, SpanId)> {
    span.links.iter().map(|link| (link.span_context.trace_id(), link.span_context.span_id())).collect()
}

#[test]
fn links_take_one_context_references_and_iterators_and_skip_invalid_ones() {
    let t = telemetry();
    let first = remote(1, 1);
    let others = vec![remote(2, 2), SpanContext::empty_context(), remote(3, 3)];
    assert_eq!(batch(&first, &others, SpanContext::empty_context()), 3);
    block_on(batch_async(others.clone()));
    let ids =
        |pairs: &[(u128, u64)]| pairs.iter().map(|&(t, s)| (TraceId::from(t), SpanId::from(s))).collect::<Vec<_>>();
    assert_eq!(linked(&t.span("queue.batch")), ids(&[(1, 1), (2, 2), (3, 3), (2, 2), (3, 3), (1, 1)]));
    assert_eq!(linked(&t.span("queue.batch_async")), ids(&[(2, 2), (3, 3)]));
    assert!(is_root(&t.span("queue.batch")), "links are not parents");
}

#[async_trait::async_trait]
trait Consumer {
    async fn consume_owned(&self, cx: Context) -> u64;
}

struct Worker;

#[traced]
#[async_trait::async_trait]
impl Consumer for Worker {
    #[traced(parent = cx)]
    async fn consume_owned(&self, cx: Context) -> u64 {
        drop(cx);
        child()
    }
}

#[test]
fn a_parent_taken_by_value_is_only_borrowed_even_under_async_trait() {
    let t = telemetry();
    let message = remote(0x51, 0x3);
    assert_eq!(block_on(Worker.consume_owned(Context::new().with_remote_span_context(message.clone()))), 1);
    assert_eq!(t.span("worker.consume_owned").parent_span_id, message.span_id());
}
