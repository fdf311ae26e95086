//! Errors are never missed: spans the sampler drops are still recorded (cheaply, not exported), and those that
//! end with status `Error` are exported after all, marked.

use std::time::Duration;

use opentelemetry::trace::{Link, SpanContext, SpanKind, Status, TraceFlags, TraceId};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SamplingDecision, SamplingResult, ShouldSample, Span, SpanData, SpanProcessor};
use opentelemetry_sdk::Resource;

use super::threshold::with_threshold;

/// The attribute that marks a span exported only because it failed.
pub const KEPT_FOR_ERROR: &str = "sampling.kept_for_error";

/// Wraps a sampler so that what it drops is recorded instead (`RecordOnly`): set-up's
/// [`Builder::with_keep_errors`](crate::Builder::with_keep_errors) pairs it with the processor that exports the failed ones.
///
/// The cost: a dropped span is built and recorded like a sampled one (ids, attributes, events) instead of being
/// skipped, then discarded when it ends without an error.
#[derive(Clone, Debug)]
pub(crate) struct RecordDropped {
    inner: Box<dyn ShouldSample>,
}

impl RecordDropped {
    pub(crate) fn new(inner: Box<dyn ShouldSample>) -> Self {
        RecordDropped { inner }
    }
}

impl ShouldSample for RecordDropped {
    fn should_sample(
        &self,
        parent: Option<&Context>,
        trace_id: TraceId,
        name: &str,
        kind: &SpanKind,
        attributes: &[KeyValue],
        links: &[Link],
    ) -> SamplingResult {
        let mut result = self.inner.should_sample(parent, trace_id, name, kind, attributes, links);
        if result.decision == SamplingDecision::Drop {
            result.decision = SamplingDecision::RecordOnly;
        }
        result
    }
}

/// Passes sampled spans on; of the recorded-only ones, passes on those that failed, marked
/// `sampling.kept_for_error = true`, flagged sampled and without `th` (no probability stands behind them).
#[derive(Debug)]
pub(crate) struct KeepErrors<P> {
    inner: P,
}

impl<P> KeepErrors<P> {
    pub(crate) fn new(inner: P) -> Self {
        KeepErrors { inner }
    }
}

impl<P: SpanProcessor> SpanProcessor for KeepErrors<P> {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        self.inner.on_start(span, cx);
    }

    fn on_end(&self, mut span: SpanData) {
        if !span.span_context.is_sampled() {
            if !matches!(span.status, Status::Error { .. }) {
                return;
            }
            let context = &span.span_context;
            span.span_context = SpanContext::new(
                context.trace_id(),
                context.span_id(),
                context.trace_flags() | TraceFlags::SAMPLED,
                context.is_remote(),
                with_threshold(context.trace_state(), None),
            );
            span.attributes.push(KeyValue::new(KEPT_FOR_ERROR, true));
        }
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
