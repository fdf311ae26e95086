//! Which provider is installed, as `#[traced]` calls see it: one atomic word, read by every call.
//!
//! `opentelemetry::global` offers no cheap way to tell that its provider changed, nor what it is. So every
//! provider traced sees is wrapped in [`Managed`] and installed through the global: one passed to
//! [`set_tracer_provider`] or installed by set-up, and one installed straight through
//! `opentelemetry::global::set_tracer_provider`, which the first `#[traced]` call after the install adopts
//! ([`adopt`]). The word `CURRENT` holds the wrapper's id and what is known of the provider ([`Installed`]);
//! when the global drops the wrapper (anyone installed another provider), its `Drop` clears the word, and the
//! next call on any thread adopts the new provider.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use opentelemetry::global;
use opentelemetry::trace::{SpanBuilder, TraceContextExt, Tracer, TracerProvider};
use opentelemetry::{Context, InstrumentationScope};

use super::reentry::{self, Entry};
use super::tracers::{self, Source};

/// The installed provider's [`Installed`] word, 0 until a call or an install learns it.
static CURRENT: AtomicU64 = AtomicU64::new(0);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
/// Held by every install and adoption, so that traced's own never race one another: the global has no
/// compare-and-swap, and an adoption that read the provider before an install would undo it.
static INSTALLING: Mutex<()> = Mutex::new(());

/// The installed provider as calls see it: its id, and what is known of its behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Installed(u64);

impl Installed {
    const FOLLOWS_UNSAMPLED_PARENTS: u64 = 1;
    const RANDOM_IDS: u64 = 2;
    const NOOP: u64 = 4;
    const ID_SHIFT: u32 = 3;

    fn new(id: u64, known: Known) -> Self {
        let flag = |known: bool, flag: u64| if known { flag } else { 0 };
        Installed(
            id << Installed::ID_SHIFT
                | flag(known.follows_unsampled_parents, Installed::FOLLOWS_UNSAMPLED_PARENTS)
                | flag(known.random_ids, Installed::RANDOM_IDS)
                | flag(known.noop, Installed::NOOP),
        )
    }

    /// The word itself: what `CURRENT` holds for this provider, never 0.
    #[inline]
    pub(crate) fn word(self) -> u64 {
        self.0
    }

    pub(crate) fn from_word(word: u64) -> Self {
        Installed(word)
    }

    /// The id the provider was installed under (from [`new_id`]).
    #[inline]
    pub(crate) fn id(self) -> u64 {
        self.0 >> Installed::ID_SHIFT
    }

    /// Its spans are no-ops: a call may skip all span work.
    #[inline]
    pub(crate) fn is_noop(self) -> bool {
        self.0 & Installed::NOOP != 0
    }

    /// Its sampler drops every child of an unsampled parent unrecorded.
    #[inline]
    pub(crate) fn follows_unsampled_parents(self) -> bool {
        self.0 & Installed::FOLLOWS_UNSAMPLED_PARENTS != 0
    }

    /// Its trace ids are random: its roots carry Level 2's `random` flag.
    #[inline]
    pub(crate) fn random_ids(self) -> bool {
        self.0 & Installed::RANDOM_IDS != 0
    }
}

/// The provider calls are to use: the one installed, adopted first when it was installed straight through the
/// global (or nothing was installed yet).
#[inline]
pub(crate) fn installed() -> Installed {
    match CURRENT.load(Ordering::Acquire) {
        0 => adopt(),
        word => Installed(word),
    }
}

/// Whether the installed provider is known to be a no-op: the whole check of a call when none is installed. A
/// provider not known yet reads as not a no-op; [`installed`] then learns it.
#[inline]
pub(crate) fn is_noop() -> bool {
    CURRENT.load(Ordering::Acquire) & Installed::NOOP != 0
}

/// What is known of a provider's behaviour, which lets `#[traced]` calls do less or do better.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Known {
    /// Its sampler drops every child of an unsampled parent without recording it (parent-based, no
    /// `RecordOnly`): such children may skip all span work.
    pub(crate) follows_unsampled_parents: bool,
    /// Its trace ids are random: its roots carry Level 2's `random` flag.
    pub(crate) random_ids: bool,
    /// It makes no spans (OpenTelemetry's no-op provider, the global's until one is installed).
    pub(crate) noop: bool,
}

/// Installs `provider` as the global tracer provider, like `opentelemetry::global::set_tracer_provider`.
///
/// A provider installed either way gets every fast path of `#[traced]`: tracers cached per thread, and its
/// replacement seen by the next call on every thread. Installed here, an `SdkTracerProvider` also has its
/// sampler read: under a parent-based one (the SDK's default, `ParentBased(AlwaysOn)`), or `AlwaysOff`, a call
/// under an unsampled parent skips all span work, and under `AlwaysOff` or `ParentBased(AlwaysOff)` a root
/// does too, since the sampler would drop it unrecorded. A sampler of another type, or wrapped in another, is
/// asked for every span. Installed straight through `opentelemetry::global`, the provider's type cannot be
/// seen, so its sampler is asked for every span.
///
/// ```
/// use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
///
/// let exporter = InMemorySpanExporter::default();
/// let provider = SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build();
/// traced::set_tracer_provider(provider.clone());
///
/// #[traced::traced(name = "docs.example")]
/// fn work() {}
/// work();
///
/// let spans = exporter.get_finished_spans().unwrap();
/// assert_eq!(spans[0].name, "docs.example");
/// ```
pub fn set_tracer_provider<P>(provider: P)
where
    P: TracerProvider + Send + Sync + 'static,
    P::Tracer: Send + Sync + 'static,
    <P::Tracer as Tracer>::Span: Send + Sync + 'static,
{
    let id = new_id();
    #[cfg(feature = "setup")]
    if let Some(sdk) = (&provider as &dyn std::any::Any).downcast_ref::<opentelemetry_sdk::trace::SdkTracerProvider>() {
        let sdk = sdk.clone();
        let (known, drops_roots) = super::sdk::read(&sdk);
        // Registered first, so that no call sees the provider without its roots decided.
        super::roots::register(id, drops_roots.then(super::roots::always_off));
        return install(id, provider, known, Some(Source::Sdk(sdk)));
    }
    let noop = makes_no_spans(&provider.tracer_with_scope(probe_scope()));
    install(id, provider, Known { noop, ..Known::default() }, None);
}

/// A new provider id, for [`install`]: what is keyed by it can be set up before the provider is installed.
pub(crate) fn new_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Installs `provider` under the id `id` (from [`new_id`]), which behaves as `known` says; its tracers are
/// built from `source` when it has one, else asked of the global.
pub(crate) fn install<P>(id: u64, provider: P, known: Known, source: Option<Source>)
where
    P: TracerProvider + Send + Sync + 'static,
    P::Tracer: Send + Sync + 'static,
    <P::Tracer as Tracer>::Span: Send + Sync + 'static,
{
    let _installing = installing();
    publish(Installed::new(id, known), provider, source);
}

/// Makes `installed` the provider calls see, then installs it: a call racing with the install finds the old
/// provider, whose tracers carry another id and are not cached.
fn publish<P>(installed: Installed, provider: P, source: Option<Source>)
where
    P: TracerProvider + Send + Sync + 'static,
    P::Tracer: Send + Sync + 'static,
    <P::Tracer as Tracer>::Span: Send + Sync + 'static,
{
    tracers::set_source(installed.id(), source);
    CURRENT.store(installed.0, Ordering::Release);
    global::set_tracer_provider(Managed { installed, provider });
}

fn installing() -> MutexGuard<'static, ()> {
    INSTALLING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Learns which provider is installed, when `CURRENT` does not say: nothing was installed yet, or a provider
/// was installed straight through the global. The global's provider is wrapped in [`Managed`] and installed
/// again, so that its tracers are cached and its replacement is seen like any other.
///
/// The global cannot swap providers atomically: a provider that another thread installs straight through the
/// global between the read here and the install would be undone. Only such installs race (traced's own wait
/// for one another), in a window of well under a microsecond after a direct install; installing through
/// [`set_tracer_provider`] closes it.
#[cold]
#[inline(never)]
fn adopt() -> Installed {
    thread_local! {
        /// This thread is adopting: a `#[traced]` call made meanwhile (by the provider's own tracer, say) goes
        /// without a span rather than waiting for the lock this thread holds.
        static ADOPTING: Cell<bool> = const { Cell::new(false) };
    }
    let Entry::Entered(_adopting) = reentry::enter(&ADOPTING) else {
        return Installed(Installed::NOOP);
    };
    let _installing = installing();
    if let word @ 1.. = CURRENT.load(Ordering::Acquire) {
        return Installed(word);
    }
    let global = global::tracer_provider();
    let (answered_by, tracer) = tracers::built_by(|| global.tracer_with_scope(probe_scope()));
    if let Some(installed) = answered_by {
        // One of ours, still installed (a call had found another provider answering meanwhile).
        CURRENT.store(installed.0, Ordering::Release);
        return installed;
    }
    let known = Known { noop: makes_no_spans(&tracer), ..Known::default() };
    let installed = Installed::new(new_id(), known);
    // opentelemetry logs each install (through `tracing`); this one puts back the provider the global had.
    let quiet = tracing_core::Dispatch::none();
    tracing_core::dispatcher::with_default(&quiet, || {
        publish(installed, global.clone(), Some(Source::Global(global)));
    });
    installed
}

/// Whether `tracer` makes no-op spans. Asked for a child of a valid span in a context that suppresses telemetry,
/// the SDK makes no span (an invalid one), where the no-op tracer hands back the parent's: nothing is sampled or
/// exported either way. A tracer of another kind that answers like the no-op one there is asked once more,
/// without the suppression and under an unsampled parent: a no-op tracer hands back the parent's context again;
/// one that records makes a span, which is forgotten rather than ended, so that it is never exported.
fn makes_no_spans(tracer: &impl Tracer) -> bool {
    let parent = opentelemetry::trace::SpanContext::new(
        opentelemetry::trace::TraceId::from(1),
        opentelemetry::trace::SpanId::from(1),
        opentelemetry::trace::TraceFlags::default(),
        true,
        opentelemetry::trace::TraceState::NONE,
    );
    let answers_like_noop = |cx: &Context| {
        let span = tracer.build_with_context(SpanBuilder::from_name("traced.probe"), cx);
        let noop = !opentelemetry::trace::Span::is_recording(&span)
            && *opentelemetry::trace::Span::span_context(&span) == parent;
        if opentelemetry::trace::Span::is_recording(&span) {
            std::mem::forget(span);
        }
        noop
    };
    let cx = Context::new().with_remote_span_context(parent.clone());
    answers_like_noop(&cx.with_telemetry_suppressed()) && answers_like_noop(&cx)
}

fn probe_scope() -> InstrumentationScope {
    InstrumentationScope::builder("traced").with_version(env!("CARGO_PKG_VERSION")).build()
}

/// Forgets the installed provider when a call found another one answering the global: ours was replaced while
/// something kept it alive (a clone of the global provider), so its `Drop` did not say so.
pub(crate) fn replaced(installed: Installed) {
    let _ = CURRENT.compare_exchange(installed.0, 0, Ordering::AcqRel, Ordering::Relaxed);
}

/// Whether a span started now under an unsampled parent would be dropped unrecorded: the installed provider is
/// known to follow unsampled parents, and the current span is one.
#[inline]
pub(crate) fn child_would_be_dropped(installed: Installed) -> bool {
    installed.follows_unsampled_parents()
        && Context::map_current(|cx| {
            let span = cx.span();
            let span_context = span.span_context();
            span_context.is_valid() && !span_context.is_sampled()
        })
}

/// A provider installed through [`install`], or adopted from the global.
struct Managed<P> {
    installed: Installed,
    provider: P,
}

impl<P: TracerProvider> TracerProvider for Managed<P> {
    type Tracer = P::Tracer;

    fn tracer_with_scope(&self, scope: InstrumentationScope) -> Self::Tracer {
        tracers::answered_by(self.installed);
        self.provider.tracer_with_scope(scope)
    }
}

impl<P> Drop for Managed<P> {
    fn drop(&mut self) {
        // Fails harmlessly when a newer provider already took over.
        let _ = CURRENT.compare_exchange(self.installed.0, 0, Ordering::AcqRel, Ordering::Relaxed);
        // Runs under the global's lock: only traced's own lock is taken here.
        tracers::clear_source(self.installed.id());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_keeps_id_and_knowledge_apart() {
        let known = Known { follows_unsampled_parents: true, random_ids: false, noop: true };
        let installed = Installed::new(u64::MAX >> Installed::ID_SHIFT, known);
        assert_eq!(installed.id(), u64::MAX >> Installed::ID_SHIFT);
        assert!(installed.follows_unsampled_parents() && installed.is_noop() && !installed.random_ids());
        assert_ne!(Installed::new(1, Known::default()).0, 0, "an installed provider's word is never 0");
    }

    /// A tracer that answers like the no-op one only where telemetry is suppressed, and records elsewhere.
    #[cfg(feature = "setup")]
    #[test]
    fn a_tracer_that_only_looks_like_noop_when_suppressed_is_not_taken_for_one() {
        use opentelemetry::global::{BoxedSpan, BoxedTracer};

        struct Polite {
            noop: BoxedTracer,
            sdk: BoxedTracer,
        }
        impl Tracer for Polite {
            type Span = BoxedSpan;
            fn build_with_context(&self, builder: SpanBuilder, cx: &Context) -> BoxedSpan {
                match cx.is_telemetry_suppressed() {
                    true => self.noop.build_with_context(builder, cx),
                    false => self.sdk.build_with_context(builder, cx),
                }
            }
        }
        let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
        let sdk = opentelemetry_sdk::trace::SdkTracerProvider::builder()
            .with_sampler(opentelemetry_sdk::trace::Sampler::AlwaysOn)
            .with_simple_exporter(exporter.clone())
            .build();
        let polite = Polite {
            noop: BoxedTracer::new(Box::new(opentelemetry::trace::noop::NoopTracer::new())),
            sdk: BoxedTracer::new(Box::new(sdk.tracer("probe"))),
        };
        assert!(!makes_no_spans(&polite));
        assert!(exporter.get_finished_spans().unwrap().is_empty(), "the probe's span is never exported");
    }

    #[test]
    fn the_noop_tracer_is_told_from_the_sdk() {
        assert!(makes_no_spans(&opentelemetry::trace::noop::NoopTracer::new()));
        #[cfg(feature = "setup")]
        {
            let sdk = opentelemetry_sdk::trace::SdkTracerProvider::builder().build();
            assert!(!makes_no_spans(&sdk.tracer("probe")));
        }
    }
}
