//! A fixed share of traces, decided consistently from the trace's randomness.

use opentelemetry::trace::{Link, SpanKind, TraceContextExt, TraceId, TraceState};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{SamplingDecision, SamplingResult, ShouldSample};

use super::threshold::{randomness, with_threshold, Threshold};
use super::InvalidSampler;

/// Keeps each trace with probability `p`, the OpenTelemetry consistent way: the decision comes from the trace's
/// 56 bits of randomness (`ot=rv` in the tracestate, else the trace id), so every service that samples at `p` or
/// more keeps the same traces, and kept spans carry `ot=th:<threshold>` so a backend knows `1/p`.
///
/// ```
/// use traced::sampling::ProbabilitySampler;
///
/// let sampler = ProbabilitySampler::new(0.25)?;
/// assert_eq!(sampler.probability(), 0.25);
/// assert!(ProbabilitySampler::new(1.5).is_err());
/// # Ok::<(), traced::sampling::InvalidSampler>(())
/// ```
#[derive(Clone, Debug)]
pub struct ProbabilitySampler {
    /// `None` for probability 0: nothing is kept.
    threshold: Option<Threshold>,
    /// The tracestate of a kept root (`ot=th:...` alone), built once.
    root_state: TraceState,
}

impl ProbabilitySampler {
    /// Keeps probability `p` of traces.
    ///
    /// # Errors
    ///
    /// `p` is not a number in `0..=1`.
    ///
    /// ```
    /// use opentelemetry::trace::{SpanKind, TraceId};
    /// use opentelemetry_sdk::trace::{SamplingDecision, ShouldSample};
    /// use traced::sampling::ProbabilitySampler;
    ///
    /// let sampler = ProbabilitySampler::new(0.5)?;
    /// // The trace id's low 56 bits decide: kept when they are in the upper half.
    /// let decide = |id: u128| sampler.should_sample(None, TraceId::from(id), "GET /", &SpanKind::Server, &[], &[]);
    /// assert_eq!(decide(0x00ff_ffff_ffff_ffff).decision, SamplingDecision::RecordAndSample);
    /// assert_eq!(decide(0x0000_0000_0000_0001).decision, SamplingDecision::Drop);
    /// # Ok::<(), traced::sampling::InvalidSampler>(())
    /// ```
    pub fn new(p: f64) -> Result<ProbabilitySampler, InvalidSampler> {
        if !(0.0..=1.0).contains(&p) {
            return Err(InvalidSampler::new("probability", p, "a number between 0 and 1"));
        }
        let threshold = (p > 0.0).then(|| Threshold::from_probability(p));
        Ok(ProbabilitySampler { threshold, root_state: with_threshold(&TraceState::default(), threshold) })
    }

    /// The probability actually applied: `p` rounded to the threshold's precision.
    ///
    /// ```
    /// let sampler = traced::sampling::ProbabilitySampler::new(0.1)?;
    /// // Rounded to the precision of its threshold, `th:e666`.
    /// assert_ne!(sampler.probability(), 0.1);
    /// assert!((sampler.probability() - 0.1).abs() < 1e-4);
    /// # Ok::<(), traced::sampling::InvalidSampler>(())
    /// ```
    pub fn probability(&self) -> f64 {
        self.threshold.map_or(0.0, Threshold::probability)
    }
}

/// The tracestate a new span inherits: its parent's, when it has one.
pub(super) fn parent_state(parent: Option<&Context>) -> TraceState {
    parent
        .filter(|cx| cx.has_active_span())
        .map(|cx| cx.span().span_context().trace_state().clone())
        .unwrap_or_default()
}

/// The result of deciding with `threshold` on `trace_id`; `root_state` is the kept tracestate when the parent has
/// none, if the caller has it built already.
pub(super) fn decide(
    threshold: Option<Threshold>,
    parent: Option<&Context>,
    trace_id: TraceId,
    root_state: Option<&TraceState>,
) -> SamplingResult {
    let state = parent_state(parent);
    match threshold.filter(|threshold| threshold.keeps(randomness(trace_id, &state))) {
        Some(threshold) => {
            let trace_state = match root_state {
                Some(root_state) if state == TraceState::NONE => root_state.clone(),
                _ => with_threshold(&state, Some(threshold)),
            };
            SamplingResult { decision: SamplingDecision::RecordAndSample, attributes: Vec::new(), trace_state }
        }
        None => SamplingResult { decision: SamplingDecision::Drop, attributes: Vec::new(), trace_state: state },
    }
}

impl ShouldSample for ProbabilitySampler {
    fn should_sample(
        &self,
        parent: Option<&Context>,
        trace_id: TraceId,
        _name: &str,
        _kind: &SpanKind,
        _attributes: &[KeyValue],
        _links: &[Link],
    ) -> SamplingResult {
        decide(self.threshold, parent, trace_id, Some(&self.root_state))
    }
}
