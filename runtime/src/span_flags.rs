//! Trace flags as W3C Trace Context Level 2 defines them, on every span traced starts.
//!
//! The SDK gives a span it drops no flags at all and never sets `random`: an unsampled child of a `random`
//! parent would send on `00`, and a new root `01` though its trace id is random. So the context a span is made
//! current in carries the flags the spec asks for.

use std::borrow::Cow;
use std::time::SystemTime;

use opentelemetry::global::BoxedSpan;
use opentelemetry::trace::{Span, SpanContext, Status, TraceContextExt, TraceFlags};
use opentelemetry::{Context, KeyValue};

use crate::provider;

/// Level 2's flag: the right-most 7 bytes of the trace id are random.
pub(crate) const RANDOM: TraceFlags = TraceFlags::new(0x02);

/// The context of `span`, just started under `parent`: `parent` plus the span, whose flags have `random` when its
/// parent's do, or, for a root, when its provider's trace ids are random.
pub(crate) fn with_span(parent: &Context, span: BoxedSpan) -> Context {
    let parent_span = parent.span();
    let parent_context = parent_span.span_context();
    let random = if parent_context.is_valid() {
        parent_context.trace_flags() & RANDOM
    } else if provider::random_roots() {
        RANDOM
    } else {
        TraceFlags::default()
    };
    let own = span.span_context();
    if own.trace_flags() & random == random || !own.is_valid() {
        return parent.with_span(span);
    }
    let flagged =
        SpanContext::new(own.trace_id(), own.span_id(), own.trace_flags() | random, false, own.trace_state().clone());
    if span.is_recording() {
        parent.with_span(Flagged { span, span_context: flagged })
    } else {
        // A span that does not record does nothing: its context alone stands in for it.
        parent.with_remote_span_context(flagged)
    }
}

/// A recording span seen through other flags than the SDK gave it.
#[derive(Debug)]
struct Flagged {
    span: BoxedSpan,
    span_context: SpanContext,
}

impl Span for Flagged {
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
