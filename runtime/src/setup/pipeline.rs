//! What every finished span goes through on its way to an exporter: spans that were only recorded are dropped
//! (or, with keep_errors or keep_slow, passed on when they failed or were slow), and attribute text is bounded.

use std::borrow::Cow;
use std::time::Duration;

use opentelemetry::trace::{SpanContext, SpanId, Status, TraceFlags};
use opentelemetry::{Array, Context, KeyValue, StringValue, Value};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
use opentelemetry_sdk::Resource;

use crate::installed::limits::{truncate, TRUNCATION_MARKER};
use crate::propagation::RANDOM;
use crate::sampling::threshold::with_threshold;
use crate::sampling::{KEPT_FOR_ERROR, KEPT_FOR_LATENCY};

/// Which spans the sampler dropped are recorded all the same, and exported after all when they end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Keep {
    /// Those that end with status `Error` (`Builder::with_keep_errors`).
    pub(crate) errors: bool,
    /// Those that last at least this long (`Builder::with_keep_slow`).
    pub(crate) slow: Option<Duration>,
}

impl Keep {
    /// Whether dropped spans must be recorded.
    pub(crate) fn records_dropped(self) -> bool {
        self.errors || self.slow.is_some()
    }

    /// The marks a dropped span ends with, if it is kept: failed, slow.
    fn marks(self, span: &SpanData) -> Option<(bool, bool)> {
        let failed = self.errors && matches!(span.status, Status::Error { .. });
        // A clock set back during the span makes it last no time at all.
        let slow = self.slow.is_some_and(|threshold| {
            span.end_time.duration_since(span.start_time).is_ok_and(|lasted| lasted >= threshold)
        });
        (failed || slow).then_some((failed, slow))
    }
}

/// A dropped span kept after all (failed, slow, or both), made exportable: flagged sampled, marked, and without
/// `th` (no probability stands behind it).
fn kept(span: &mut SpanData, failed: bool, slow: bool) {
    let context = &span.span_context;
    span.span_context = SpanContext::new(
        context.trace_id(),
        context.span_id(),
        context.trace_flags() | TraceFlags::SAMPLED,
        context.is_remote(),
        with_threshold(context.trace_state(), None),
    );
    if failed {
        span.attributes.push(KeyValue::new(KEPT_FOR_ERROR, true));
    }
    if slow {
        span.attributes.push(KeyValue::new(KEPT_FOR_LATENCY, true));
    }
}

/// A root span exported with the `random` flag its context carries (the SDK's copy of the flags never has it):
/// set-up's trace ids are random.
fn mark_random_root(span: &mut SpanData) {
    let context = &span.span_context;
    if span.parent_span_id != SpanId::INVALID || context.trace_flags() & RANDOM == RANDOM {
        return;
    }
    span.span_context = SpanContext::new(
        context.trace_id(),
        context.span_id(),
        context.trace_flags() | RANDOM,
        context.is_remote(),
        context.trace_state().clone(),
    );
}

/// The bound on span and event names, in bytes, when the attribute bound is smaller.
const MAX_NAME_LENGTH: usize = 256;

/// The most text one span carries to its exporter, keys, values and event names together. A collector's message
/// limit (4 MiB by default for OTLP/gRPC) is shared by a whole batch, so one span with many bounded values
/// (128 events of 128 attributes of 4 KiB make 64 MiB) must not reach it and take the batch down.
const MAX_SPAN_TEXT: usize = 256 * 1024;

/// Keeps the span's text within `budget` bytes: past it, values become the truncation marker and the remaining
/// events are dropped (and counted as dropped).
fn within_budget(span: &mut SpanData, budget: usize) {
    let mut left = budget;
    spend(&mut span.attributes, &mut left);
    let mut kept = 0;
    for event in span.events.events.iter_mut() {
        if left <= event.name.len() {
            break;
        }
        left -= event.name.len();
        spend(&mut event.attributes, &mut left);
        kept += 1;
    }
    let dropped = span.events.events.len() - kept;
    span.events.events.truncate(kept);
    span.events.dropped_count = span.events.dropped_count.saturating_add(u32::try_from(dropped).unwrap_or(u32::MAX));
    for link in span.links.links.iter_mut() {
        spend(&mut link.attributes, &mut left);
    }
}

fn spend(attributes: &mut [KeyValue], left: &mut usize) {
    for attribute in attributes {
        let text = match &attribute.value {
            Value::String(text) => text.as_str().len(),
            Value::Array(Array::String(texts)) => texts.iter().map(|text| text.as_str().len()).sum(),
            _ => 8,
        };
        let cost = attribute.key.as_str().len() + text;
        if cost <= *left {
            *left -= cost;
        } else {
            attribute.value = Value::from(TRUNCATION_MARKER);
            *left = left.saturating_sub(attribute.key.as_str().len() + TRUNCATION_MARKER.len());
        }
    }
}

fn truncate_text(text: &mut StringValue, max: usize) {
    if let Cow::Owned(cut) = truncate(text.as_str(), max) {
        *text = StringValue::from(cut);
    }
}

fn truncate_name(name: &mut Cow<'static, str>, max: usize) {
    if let Cow::Owned(cut) = truncate(name, max) {
        *name = Cow::Owned(cut);
    }
}

fn truncate_value(value: &mut Value, max: usize) {
    match value {
        Value::String(text) => truncate_text(text, max),
        Value::Array(Array::String(texts)) => texts.iter_mut().for_each(|text| truncate_text(text, max)),
        _ => {}
    }
}

fn truncate_all(attributes: &mut [KeyValue], max: usize) {
    for attribute in attributes {
        truncate_value(&mut attribute.value, max);
    }
}

/// The span processor in front of each exporter's own, and of each the user adds.
#[derive(Debug)]
pub(crate) struct Pipeline {
    inner: Box<dyn SpanProcessor>,
    /// The bound on attribute text, in bytes.
    max: usize,
    /// Which recorded-only spans are passed on, marked.
    keep: Keep,
}

impl Pipeline {
    pub(crate) fn new(inner: Box<dyn SpanProcessor>, max: usize, keep: Keep) -> Self {
        Pipeline { inner, max, keep }
    }
}

impl SpanProcessor for Pipeline {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        self.inner.on_start(span, cx);
    }

    fn on_end(&self, mut span: SpanData) {
        if !span.span_context.is_sampled() {
            let Some((failed, slow)) = self.keep.marks(&span) else { return };
            kept(&mut span, failed, slow);
        }
        mark_random_root(&mut span);
        // Every text the exporter receives is bounded: one huge string (an error message, a body) must not
        // make the collector reject the batch the span is in.
        // Names are bounded too, but never below what a span name may be: a small attribute bound cuts values only.
        let names = self.max.max(MAX_NAME_LENGTH);
        truncate_name(&mut span.name, names);
        if let Status::Error { description } = &mut span.status {
            truncate_name(description, self.max);
        }
        truncate_all(&mut span.attributes, self.max);
        for event in span.events.events.iter_mut() {
            truncate_name(&mut event.name, names);
            truncate_all(&mut event.attributes, self.max);
        }
        for link in span.links.links.iter_mut() {
            truncate_all(&mut link.attributes, self.max);
        }
        within_budget(&mut span, MAX_SPAN_TEXT);
        self.inner.on_end(span);
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use opentelemetry::trace::{SpanKind, TraceId, TraceState};
    use opentelemetry::InstrumentationScope;

    use super::*;

    fn span(parent: SpanId, flags: TraceFlags) -> SpanData {
        let context = SpanContext::new(TraceId::from(1_u128), SpanId::from(2_u64), flags, false, TraceState::NONE);
        SpanData {
            span_context: context,
            parent_span_id: parent,
            parent_span_is_remote: false,
            span_kind: SpanKind::Internal,
            name: "a.b".into(),
            start_time: SystemTime::UNIX_EPOCH,
            end_time: SystemTime::UNIX_EPOCH,
            attributes: Vec::new(),
            dropped_attributes_count: 0,
            events: Default::default(),
            links: Default::default(),
            status: Status::Unset,
            instrumentation_scope: InstrumentationScope::builder("test").build(),
        }
    }

    #[test]
    fn roots_are_exported_with_the_random_flag_and_children_as_they_are() {
        let mut root = span(SpanId::INVALID, TraceFlags::SAMPLED);
        mark_random_root(&mut root);
        assert_eq!(root.span_context.trace_flags().to_u8(), 0x03);
        let mut child = span(SpanId::from(9_u64), TraceFlags::SAMPLED);
        mark_random_root(&mut child);
        assert_eq!(child.span_context.trace_flags().to_u8(), 0x01, "a child's flags come from its parent");
    }
}
