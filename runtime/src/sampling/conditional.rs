//! Root spans that matter are always kept; the rest go to another sampler.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use opentelemetry::trace::{Link, SpanKind, TraceContextExt, TraceId};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{SamplingDecision, SamplingResult, ShouldSample};

use super::probability::parent_state;
use super::threshold::{with_threshold, Threshold};

type Predicate = dyn Fn(&str, &[KeyValue]) -> bool + Send + Sync;

/// Always keeps root spans that match one of its rules (with `th:0`, probability 1), without using up the inner
/// sampler's budget; everything else goes to the inner sampler. `#[traced]` attributes are visible to the rules
/// because they are set when the span starts.
///
/// ```
/// use traced::sampling::{AdaptiveSampler, Conditional};
/// use traced::KeyValue;
///
/// let sampler = Conditional::new(AdaptiveSampler::new(100.0, 1000)?)
///     .always_if_name("payment.refund")
///     .always_if_attribute(KeyValue::new("customer.tier", "enterprise"))
///     .always_if(|_name, attributes| attributes.iter().any(|kv| kv.key.as_str() == "debug"));
/// # let _ = sampler;
/// # Ok::<(), traced::sampling::InvalidSampler>(())
/// ```
#[derive(Clone)]
pub struct Conditional<S> {
    inner: S,
    rules: Vec<Rule>,
}

#[derive(Clone)]
enum Rule {
    Name(Cow<'static, str>),
    Attribute(KeyValue),
    Predicate(Arc<Predicate>),
}

impl<S: fmt::Debug> fmt::Debug for Conditional<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules: Vec<String> = self
            .rules
            .iter()
            .map(|rule| match rule {
                Rule::Name(name) => format!("name == {name:?}"),
                Rule::Attribute(attribute) => format!("{} == {}", attribute.key, attribute.value),
                Rule::Predicate(_) => "predicate".to_owned(),
            })
            .collect();
        f.debug_struct("Conditional").field("inner", &self.inner).field("rules", &rules).finish()
    }
}

impl<S> Conditional<S> {
    /// Sends what no rule keeps to `inner`.
    ///
    /// ```
    /// use opentelemetry::trace::{SpanKind, TraceId};
    /// use opentelemetry_sdk::trace::{Sampler, SamplingDecision, ShouldSample};
    /// use traced::sampling::Conditional;
    ///
    /// // No rule yet: the inner sampler decides everything.
    /// let sampler = Conditional::new(Sampler::AlwaysOff);
    /// let result = sampler.should_sample(None, TraceId::from(7), "payment.refund", &SpanKind::Server, &[], &[]);
    /// assert_eq!(result.decision, SamplingDecision::Drop);
    /// ```
    pub fn new(inner: S) -> Self {
        Conditional { inner, rules: Vec::new() }
    }

    /// Always keeps root spans for which `predicate(name, attributes)` is true.
    ///
    /// ```
    /// use opentelemetry::trace::{SpanKind, TraceId};
    /// use opentelemetry_sdk::trace::{Sampler, SamplingDecision, ShouldSample};
    /// use traced::sampling::Conditional;
    ///
    /// let sampler = Conditional::new(Sampler::AlwaysOff).always_if(|name, _attributes| name.starts_with("admin."));
    /// let result = sampler.should_sample(None, TraceId::from(7), "admin.delete_user", &SpanKind::Server, &[], &[]);
    /// assert_eq!(result.decision, SamplingDecision::RecordAndSample);
    /// ```
    pub fn always_if(mut self, predicate: impl Fn(&str, &[KeyValue]) -> bool + Send + Sync + 'static) -> Self {
        self.rules.push(Rule::Predicate(Arc::new(predicate)));
        self
    }

    /// Always keeps root spans that have this attribute, with this value.
    ///
    /// ```
    /// use opentelemetry::trace::{SpanKind, TraceId};
    /// use opentelemetry_sdk::trace::{Sampler, SamplingDecision, ShouldSample};
    /// use traced::sampling::Conditional;
    /// use traced::KeyValue;
    ///
    /// let enterprise = KeyValue::new("customer.tier", "enterprise");
    /// let sampler = Conditional::new(Sampler::AlwaysOff).always_if_attribute(enterprise.clone());
    /// let attributes = [KeyValue::new("order.id", "o-1"), enterprise];
    /// let result = sampler.should_sample(None, TraceId::from(7), "orders.get", &SpanKind::Server, &attributes, &[]);
    /// assert_eq!(result.decision, SamplingDecision::RecordAndSample);
    /// ```
    pub fn always_if_attribute(mut self, attribute: KeyValue) -> Self {
        self.rules.push(Rule::Attribute(attribute));
        self
    }

    /// Always keeps root spans of this name.
    ///
    /// ```
    /// use opentelemetry::trace::{SpanKind, TraceId};
    /// use opentelemetry_sdk::trace::{Sampler, SamplingDecision, ShouldSample};
    /// use traced::sampling::Conditional;
    ///
    /// let sampler = Conditional::new(Sampler::AlwaysOff).always_if_name("payment.refund");
    /// let result = sampler.should_sample(None, TraceId::from(7), "payment.refund", &SpanKind::Server, &[], &[]);
    /// assert_eq!(result.decision, SamplingDecision::RecordAndSample);
    /// assert_eq!(result.trace_state.get("ot"), Some("th:0"), "kept with probability 1");
    /// ```
    pub fn always_if_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.rules.push(Rule::Name(name.into()));
        self
    }

    fn matches(&self, name: &str, attributes: &[KeyValue]) -> bool {
        self.rules.iter().any(|rule| match rule {
            Rule::Name(wanted) => wanted == name,
            Rule::Attribute(wanted) => attributes.contains(wanted),
            Rule::Predicate(predicate) => predicate(name, attributes),
        })
    }
}

impl<S: ShouldSample + Clone + 'static> ShouldSample for Conditional<S> {
    fn should_sample(
        &self,
        parent: Option<&Context>,
        trace_id: TraceId,
        name: &str,
        kind: &SpanKind,
        attributes: &[KeyValue],
        links: &[Link],
    ) -> SamplingResult {
        let root = !parent.is_some_and(|cx| cx.has_active_span() && cx.span().span_context().is_valid());
        if root && self.matches(name, attributes) {
            return SamplingResult {
                decision: SamplingDecision::RecordAndSample,
                attributes: Vec::new(),
                trace_state: with_threshold(&parent_state(parent), Some(Threshold::ALWAYS)),
            };
        }
        self.inner.should_sample(parent, trace_id, name, kind, attributes, links)
    }
}
