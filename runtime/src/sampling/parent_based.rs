//! Children follow their parent's decision; roots go to another sampler.

use opentelemetry::trace::{Link, SpanKind, TraceContextExt, TraceId};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{SamplingDecision, SamplingResult, ShouldSample};

/// Follows a valid parent's sampled flag, local or remote, and keeps its tracestate (its `th` included);
/// spans without a parent go to `root`.
///
/// Unlike the SDK's `Sampler::ParentBased`, the tracestate the root sampler returns is kept, so a root sampled by a
/// [`ProbabilitySampler`](super::ProbabilitySampler) carries its `th`.
///
/// ```
/// use traced::sampling::{parent_based, ProbabilitySampler};
///
/// let sampler = parent_based(ProbabilitySampler::new(0.1)?);
/// # let _ = sampler;
/// # Ok::<(), traced::sampling::InvalidSampler>(())
/// ```
pub fn parent_based(root: impl ShouldSample + 'static) -> ParentBased {
    ParentBased { root: Box::new(root) }
}

/// See [`parent_based`].
///
/// ```
/// use opentelemetry::trace::{SpanContext, SpanId, SpanKind, TraceContextExt, TraceFlags, TraceId, TraceState};
/// use opentelemetry::Context;
/// use opentelemetry_sdk::trace::{Sampler, SamplingDecision, ShouldSample};
///
/// let sampler: traced::sampling::ParentBased = traced::sampling::parent_based(Sampler::AlwaysOff);
/// let trace_id = TraceId::from(7);
/// let parent = SpanContext::new(trace_id, SpanId::from(7), TraceFlags::SAMPLED, true, TraceState::default());
/// let cx = Context::new().with_remote_span_context(parent);
///
/// let child = sampler.should_sample(Some(&cx), trace_id, "GET /", &SpanKind::Server, &[], &[]);
/// assert_eq!(child.decision, SamplingDecision::RecordAndSample, "the parent was sampled");
/// let root = sampler.should_sample(None, trace_id, "GET /", &SpanKind::Server, &[], &[]);
/// assert_eq!(root.decision, SamplingDecision::Drop, "roots go to `AlwaysOff`");
/// ```
#[derive(Clone, Debug)]
pub struct ParentBased {
    root: Box<dyn ShouldSample>,
}

impl ParentBased {
    pub(crate) fn boxed(root: Box<dyn ShouldSample>) -> ParentBased {
        ParentBased { root }
    }
}

impl ShouldSample for ParentBased {
    fn should_sample(
        &self,
        parent: Option<&Context>,
        trace_id: TraceId,
        name: &str,
        kind: &SpanKind,
        attributes: &[KeyValue],
        links: &[Link],
    ) -> SamplingResult {
        if let Some(parent) = parent.filter(|cx| cx.has_active_span()) {
            let span = parent.span();
            let span_context = span.span_context();
            if span_context.is_valid() {
                let decision =
                    if span_context.is_sampled() { SamplingDecision::RecordAndSample } else { SamplingDecision::Drop };
                return SamplingResult {
                    decision,
                    attributes: Vec::new(),
                    trace_state: span_context.trace_state().clone(),
                };
            }
        }
        self.root.should_sample(parent, trace_id, name, kind, attributes, links)
    }
}
