//! The decisions of [`super`], under set-up's providers: root spans decided before the SDK is asked, for the root
//! samplers set-up installs (probability, adaptive, always-off), which look at nothing but the trace id.
//!
//! A root that the SDK drops still costs ids, a sampler call, a boxed span and a context: about as much as a
//! sampled span. Deciding first lets a dropped root skip the SDK (and its attribute expressions): it becomes a
//! context with a fresh, unsampled span context, so its children stay unsampled and outgoing requests still carry
//! its trace id with the unsampled flag. A kept root hands its trace id and decision to the SDK through
//! [`StagedIds`] and [`StagedSampler`], so the sampler runs once per root either way.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use opentelemetry::trace::{Link, SpanContext, SpanKind, TraceContextExt, TraceFlags, TraceId};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{
    IdGenerator, RandomIdGenerator, Sampler, SamplingDecision, SamplingResult, ShouldSample,
};

use super::Presampled;
use crate::installed::provider::Installed;
use crate::propagation::RANDOM;

/// The root sampler of the provider whose id it carries.
static ROOT: RwLock<Option<(u64, Shared)>> = RwLock::new(None);
/// The id in `ROOT`, 0 for none: calls under any other provider return at once.
static ROOT_ID: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's copy of `ROOT` for the provider whose id it carries (`None`: that provider has no root
    /// sampler here), refreshed when the installed provider changes.
    static CACHED: RefCell<(u64, Option<Shared>)> = const { RefCell::new((0, None)) };
    /// The trace id and decision of a kept root, from its decision until the SDK builds its span.
    static STAGED: RefCell<Option<(TraceId, SamplingResult)>> = const { RefCell::new(None) };
}

/// A root sampler shared by the SDK's sampler and the decisions made here, so that stateful ones (adaptive) keep
/// one state.
#[derive(Clone, Debug)]
pub(crate) struct Shared(pub(crate) Arc<dyn ShouldSample>);

impl ShouldSample for Shared {
    fn should_sample(
        &self,
        parent: Option<&Context>,
        trace_id: TraceId,
        name: &str,
        kind: &SpanKind,
        attributes: &[KeyValue],
        links: &[Link],
    ) -> SamplingResult {
        self.0.should_sample(parent, trace_id, name, kind, attributes, links)
    }
}

/// Makes `root` decide the roots of the provider `provider_id` ahead of the SDK; `None` for a provider whose root
/// sampler may look at attributes.
pub(crate) fn register(provider_id: u64, root: Option<Shared>) {
    let mut registered = ROOT.write().unwrap_or_else(PoisonError::into_inner);
    ROOT_ID.store(if root.is_some() { provider_id } else { 0 }, Ordering::Release);
    *registered = root.map(|root| (provider_id, root));
}

/// The root sampler of an SDK provider installed by hand that drops every root.
pub(crate) fn always_off() -> Shared {
    Shared(Arc::new(Sampler::AlwaysOff))
}

/// A root kept here: its trace id and decision, for the SDK to build it with.
pub(crate) struct Kept(TraceId, SamplingResult);

/// [`super::root`], under set-up.
#[inline]
pub(crate) fn root(installed: Installed, name: &str, kind: &SpanKind) -> Option<Presampled> {
    registered(installed)?;
    Context::map_current(|parent| decide_root(installed, parent, name, kind))
}

/// [`super::root_under`], under set-up.
#[cfg(feature = "http")]
#[inline]
pub(crate) fn root_under(installed: Installed, parent: &Context, name: &str, kind: &SpanKind) -> Option<Presampled> {
    registered(installed)?;
    decide_root(installed, parent, name, kind)
}

/// Whether `installed` has a registered root sampler.
#[inline]
fn registered(installed: Installed) -> Option<()> {
    (ROOT_ID.load(Ordering::Acquire) == installed.id()).then_some(())
}

/// Decides a span under `parent` with the root sampler of the provider `current`: kept out of line, so that calls
/// under other providers inline only the check of [`registered`].
#[inline(never)]
fn decide_root(installed: Installed, parent: &Context, name: &str, kind: &SpanKind) -> Option<Presampled> {
    let current = installed.id();
    if parent.is_telemetry_suppressed() || parent.span().span_context().is_valid() {
        return None;
    }
    CACHED
        .try_with(|cached| {
            let mut cached = cached.try_borrow_mut().ok()?;
            if cached.0 != current {
                let root = ROOT.read().unwrap_or_else(PoisonError::into_inner);
                let sampler = root.as_ref().filter(|(id, _)| *id == current).map(|(_, sampler)| sampler.clone());
                *cached = (current, sampler);
            }
            let sampler = cached.1.as_ref()?;
            let trace_id = RandomIdGenerator::default().new_trace_id();
            let result = sampler.should_sample(Some(parent), trace_id, name, kind, &[], &[]);
            Some(match result.decision {
                SamplingDecision::Drop => {
                    let span_id = RandomIdGenerator::default().new_span_id();
                    // Random ids (set-up's, or the SDK's random generator), which Level 2's flag says for a provider
                    // whose exported roots say so too.
                    let flags = if installed.random_ids() { RANDOM } else { TraceFlags::default() };
                    let span_context = SpanContext::new(trace_id, span_id, flags, false, result.trace_state);
                    Presampled::Dropped(parent.with_remote_span_context(span_context))
                }
                _ => Presampled::Kept(Kept(trace_id, result)),
            })
        })
        .ok()
        .flatten()
}

/// Hands a kept root's trace id and decision to the SDK while `build` builds its span.
pub(crate) fn staged<R>(Kept(trace_id, result): Kept, build: impl FnOnce() -> R) -> R {
    /// Taken by the SDK unless it built no span (a provider shut down, a span processor that panicked): never
    /// left for another span.
    struct Unstage;
    impl Drop for Unstage {
        fn drop(&mut self) {
            let _ = STAGED.try_with(|staged| staged.take());
        }
    }
    let _ = STAGED.try_with(|staged| staged.replace(Some((trace_id, result))));
    let _unstage = Unstage;
    build()
}

/// The SDK's id generator under set-up: a staged root's trace id, else random ids.
#[derive(Debug, Default)]
pub(crate) struct StagedIds(RandomIdGenerator);

impl IdGenerator for StagedIds {
    fn new_trace_id(&self) -> TraceId {
        STAGED
            .try_with(|staged| staged.borrow().as_ref().map(|(trace_id, _)| *trace_id))
            .ok()
            .flatten()
            .unwrap_or_else(|| self.0.new_trace_id())
    }

    fn new_span_id(&self) -> opentelemetry::trace::SpanId {
        self.0.new_span_id()
    }
}

/// The SDK's sampler under set-up: a staged root's decision, else the sampler's own.
#[derive(Clone, Debug)]
pub(crate) struct StagedSampler(pub(crate) Box<dyn ShouldSample>);

impl ShouldSample for StagedSampler {
    fn should_sample(
        &self,
        parent: Option<&Context>,
        trace_id: TraceId,
        name: &str,
        kind: &SpanKind,
        attributes: &[KeyValue],
        links: &[Link],
    ) -> SamplingResult {
        let staged = STAGED
            .try_with(|staged| {
                let mut staged = staged.borrow_mut();
                match staged.as_ref() {
                    Some((staged_id, _)) if *staged_id == trace_id => staged.take().map(|(_, result)| result),
                    _ => None,
                }
            })
            .ok()
            .flatten();
        staged.unwrap_or_else(|| self.0.should_sample(parent, trace_id, name, kind, attributes, links))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use opentelemetry::trace::TraceState;

    use super::*;

    /// Keeps everything, and counts its calls.
    #[derive(Clone, Debug, Default)]
    struct Counting(Arc<AtomicU32>);

    impl ShouldSample for Counting {
        fn should_sample(
            &self,
            _parent: Option<&Context>,
            _trace_id: TraceId,
            _name: &str,
            _kind: &SpanKind,
            _attributes: &[KeyValue],
            _links: &[Link],
        ) -> SamplingResult {
            self.0.fetch_add(1, Ordering::Relaxed);
            SamplingResult {
                decision: SamplingDecision::RecordAndSample,
                attributes: Vec::new(),
                trace_state: TraceState::NONE,
            }
        }
    }

    fn decide(sampler: &StagedSampler, trace_id: TraceId) -> SamplingDecision {
        sampler.should_sample(None, trace_id, "x", &SpanKind::Internal, &[], &[]).decision
    }

    #[test]
    fn a_staged_root_is_built_with_its_trace_id_and_decision_and_the_sampler_is_not_asked_again() {
        let counting = Counting::default();
        let sampler = StagedSampler(Box::new(Shared(Arc::new(counting.clone()))));
        let ids = StagedIds::default();
        let trace_id = TraceId::from(0x42_u128);
        let dropped =
            SamplingResult { decision: SamplingDecision::Drop, attributes: Vec::new(), trace_state: TraceState::NONE };

        let (built_id, decision) = staged(Kept(trace_id, dropped), || {
            let built_id = ids.new_trace_id();
            (built_id, decide(&sampler, built_id))
        });
        assert_eq!((built_id, decision), (trace_id, SamplingDecision::Drop));
        assert_eq!(counting.0.load(Ordering::Relaxed), 0, "the staged decision stands in for the sampler");

        assert_ne!(ids.new_trace_id(), trace_id, "nothing staged outside `staged`");
        assert_eq!(decide(&sampler, trace_id), SamplingDecision::RecordAndSample);
        assert_eq!(counting.0.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn a_staged_decision_is_never_left_for_another_span() {
        let counting = Counting::default();
        let sampler = StagedSampler(Box::new(Shared(Arc::new(counting.clone()))));
        let trace_id = TraceId::from(7_u128);
        let dropped =
            SamplingResult { decision: SamplingDecision::Drop, attributes: Vec::new(), trace_state: TraceState::NONE };
        // The SDK built nothing (a provider shut down, say): the staged decision goes unused.
        staged(Kept(trace_id, dropped), || ());
        assert_eq!(decide(&sampler, trace_id), SamplingDecision::RecordAndSample);
        assert_eq!(counting.0.load(Ordering::Relaxed), 1);
    }
}
