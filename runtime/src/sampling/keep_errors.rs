//! Errors are never missed: spans the sampler drops are still recorded (not exported), and set-up's span pipeline
//! exports those that end with status `Error` after all, marked.

use opentelemetry::trace::{Link, SpanKind, TraceId};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{SamplingDecision, SamplingResult, ShouldSample};

/// The attribute that marks a span exported only because it failed.
///
/// ```
/// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
/// use traced::sampling::KEPT_FOR_ERROR;
/// use traced::KeyValue;
///
/// let spans = InMemorySpanExporter::default();
/// let guard = traced::builder()
///     .with_sampling_rate(0.0)
///     .with_keep_errors(true)
///     .with_exporter(traced::setup::Exporter::None)
///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
///     .install()?;
///
/// #[traced::traced(name = "payment.charge")]
/// fn charge() -> Result<(), String> {
///     Err("insufficient funds".into())
/// }
/// assert!(charge().is_err());
/// let span = &spans.get_finished_spans()?[0];
/// assert!(span.attributes.contains(&KeyValue::new(KEPT_FOR_ERROR, true)));
/// # drop(guard);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const KEPT_FOR_ERROR: &str = "sampling.kept_for_error";

/// Wraps a sampler so that what it drops is recorded instead (`RecordOnly`), for
/// [`Builder::with_keep_errors`](crate::setup::Builder::with_keep_errors) and
/// [`Builder::with_keep_slow`](crate::setup::Builder::with_keep_slow).
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
