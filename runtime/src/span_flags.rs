//! Trace flags as W3C Trace Context Level 2 defines them, on every span traced starts.
//!
//! The SDK gives a span it drops no flags at all and never sets `random`: an unsampled child of a `random`
//! parent would send on `00`, and a new root `01` though its trace id is random. So the context a span is made
//! current in carries the flags the spec asks for.

use std::borrow::Cow;
use std::time::SystemTime;

use opentelemetry::trace::{Span, SpanContext, Status, TraceContextExt, TraceId};
use opentelemetry::{Context, KeyValue};

use crate::installed::provider;
use crate::propagation::RANDOM;

/// The context of `span`, just started under `parent`: `parent` plus the span, whose flags have `random` when its
/// parent's do (same trace), or, for a root, when its provider's trace ids are random.
#[inline(always)]
pub(crate) fn with_span<S: Span + Send + Sync + 'static>(parent: &Context, span: S) -> Context {
    let parent_span = parent.span();
    let parent_context = parent_span.span_context();
    let random = if parent_context.is_valid() {
        parent_context.trace_flags() & RANDOM == RANDOM
    } else {
        provider::installed().random_ids()
    };
    if !random {
        return parent.with_span(span);
    }
    let parent_trace = parent_context.is_valid().then(|| parent_context.trace_id());
    with_random(parent, parent_trace, span)
}

/// [`with_span`] for a span that should carry `random`: out of line, since the SDK sets it only on sampled
/// children of a `random` parent, which pass through unchanged.
#[inline(never)]
fn with_random<S: Span + Send + Sync + 'static>(parent: &Context, parent_trace: Option<TraceId>, span: S) -> Context {
    let own = span.span_context();
    // A span of another trace than its parent's (a tracer that starts one) has ids of its own making.
    let inherits = parent_trace.is_none_or(|trace_id| trace_id == own.trace_id());
    if own.trace_flags() & RANDOM == RANDOM || !own.is_valid() || !inherits {
        return parent.with_span(span);
    }
    let flagged =
        SpanContext::new(own.trace_id(), own.span_id(), own.trace_flags() | RANDOM, false, own.trace_state().clone());
    if span.is_recording() {
        parent.with_span(Flagged { span, span_context: flagged })
    } else {
        // A span that does not record does nothing: its context alone stands in for it.
        parent.with_remote_span_context(flagged)
    }
}

/// A recording span seen through other flags than the SDK gave it.
#[derive(Debug)]
struct Flagged<S> {
    span: S,
    span_context: SpanContext,
}

impl<S: Span> Span for Flagged<S> {
    fn add_event_with_timestamp<T>(&mut self, name: T, timestamp: SystemTime, attributes: Vec<KeyValue>)
    where
        T: Into<Cow<'static, str>>,
    {
        self.span.add_event_with_timestamp(name, timestamp, attributes);
    }

    fn span_context(&self) -> &SpanContext {
        &self.span_context
    }

    fn is_recording(&self) -> bool {
        self.span.is_recording()
    }

    fn set_attribute(&mut self, attribute: KeyValue) {
        self.span.set_attribute(attribute);
    }

    fn set_status(&mut self, status: Status) {
        self.span.set_status(status);
    }

    fn update_name<T>(&mut self, new_name: T)
    where
        T: Into<Cow<'static, str>>,
    {
        self.span.update_name(new_name);
    }

    fn add_link(&mut self, span_context: SpanContext, attributes: Vec<KeyValue>) {
        self.span.add_link(span_context, attributes);
    }

    fn end_with_timestamp(&mut self, timestamp: SystemTime) {
        self.span.end_with_timestamp(timestamp);
    }
}
