//! Sampling that keeps what matters: a fixed probability, a steady rate whatever the traffic, always the requests
//! you name, and children that follow their parent, all consistent across services.
//!
//! Every sampler here implements the SDK's `ShouldSample`, so it works with any `SdkTracerProvider`; set-up
//! installs one with [`Builder::with_sampler`](crate::setup::Builder::with_sampler) or
//! [`Builder::with_sampling_rate`](crate::setup::Builder::with_sampling_rate), wrapped in [`parent_based`].
//!
//! | sampler | keeps |
//! |---|---|
//! | [`ProbabilitySampler`] | a fixed share of traces; the cheapest, but blind at low traffic |
//! | [`AdaptiveSampler`] | about N traces a second at any traffic, everything when traffic is low |
//! | [`Conditional`] | named requests always, the rest through another sampler |
//! | [`parent_based`] | what the parent decided; roots through another sampler |
//!
//! All of them decide from the trace's randomness the OpenTelemetry consistent way and write the probability
//! they used as `ot=th:<threshold>` in the tracestate, so every service agrees on a trace and a backend can
//! estimate true totals (the sum of `1/p` over kept traces).
//!
//! ```
//! use opentelemetry::trace::{SpanKind, TraceId};
//! use opentelemetry_sdk::trace::{SamplingDecision, SamplingResult, ShouldSample};
//! use traced::sampling::{probability_of, Conditional, ProbabilitySampler};
//!
//! // A tenth of traces, and every refund.
//! let sampler = Conditional::new(ProbabilitySampler::new(0.1)?).always_if_name("payment.refund");
//! let decide = |trace_id: u128, name: &str| -> SamplingResult {
//!     sampler.should_sample(None, TraceId::from(trace_id), name, &SpanKind::Server, &[], &[])
//! };
//!
//! let refund = decide(1, "payment.refund");
//! assert_eq!(refund.decision, SamplingDecision::RecordAndSample);
//! assert_eq!(probability_of(&refund.trace_state), Some(1.0));
//!
//! // The rest by the trace id's randomness (its low 56 bits), so every service decides a trace alike.
//! assert_eq!(decide(1, "payment.charge").decision, SamplingDecision::Drop);
//! let kept = decide(u128::MAX, "payment.charge");
//! assert_eq!(kept.decision, SamplingDecision::RecordAndSample);
//! assert!((probability_of(&kept.trace_state).unwrap() - 0.1).abs() < 1e-4, "`th` says how many it stands for");
//! # Ok::<(), traced::sampling::InvalidSampler>(())
//! ```

mod adaptive;
mod clock;
mod conditional;
pub(crate) mod keep_errors;
mod keep_slow;
mod parent_based;
mod probability;
pub(crate) mod threshold;

use std::fmt;

pub use adaptive::{AdaptiveSampler, AdaptiveSnapshot};
pub use clock::{Clock, SystemClock};
pub use conditional::Conditional;
pub use keep_errors::KEPT_FOR_ERROR;
pub use keep_slow::KEPT_FOR_LATENCY;
pub use parent_based::{parent_based, ParentBased};
pub use probability::ProbabilitySampler;

/// The sampling probability a span's tracestate records (`ot=th:<threshold>`), if any: `1 / p` is how many
/// traces a kept one stands for.
///
/// ```
/// use opentelemetry::trace::TraceState;
///
/// let state = TraceState::from_key_value([("ot", "th:c")]).unwrap();
/// assert_eq!(traced::sampling::probability_of(&state), Some(0.25));
/// assert_eq!(traced::sampling::probability_of(&TraceState::default()), None);
/// ```
pub fn probability_of(trace_state: &opentelemetry::trace::TraceState) -> Option<f64> {
    threshold::ot_value(trace_state, "th").and_then(threshold::Threshold::decode).map(threshold::Threshold::probability)
}

/// A sampler setting outside its accepted values.
///
/// ```
/// let error: traced::sampling::InvalidSampler = traced::sampling::ProbabilitySampler::new(1.5).unwrap_err();
/// assert_eq!(error.to_string(), "invalid sampler probability 1.5: expected a number between 0 and 1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidSampler {
    what: &'static str,
    value: String,
    expected: &'static str,
}

impl InvalidSampler {
    fn new(what: &'static str, value: impl fmt::Display, expected: &'static str) -> InvalidSampler {
        InvalidSampler { what, value: value.to_string(), expected }
    }
}

impl fmt::Display for InvalidSampler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid sampler {} {}: expected {}", self.what, self.value, self.expected)
    }
}

impl std::error::Error for InvalidSampler {}
