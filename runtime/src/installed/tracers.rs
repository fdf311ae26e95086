//! The tracers calls start spans with: cached per thread, one per crate (instrumentation scope), under the id of
//! the provider that made them, and built straight from the provider where traced holds it, so that a span is
//! boxed once, as a hand-written one is, not once more by the global.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use opentelemetry::global::{self, BoxedTracer, GlobalTracerProvider};
use opentelemetry::trace::noop::NoopTracer;
use opentelemetry::trace::{Span, SpanBuilder, Tracer, TracerProvider};
use opentelemetry::{Context, InstrumentationScope};

use super::provider::{self, Installed};
use super::reentry::{self, Entry};
use crate::final_status::FinalStatus;
use crate::span_flags;

/// Where the installed provider's tracers are built from, besides the global.
pub(crate) enum Source {
    /// An SDK provider, whose tracers make spans of the SDK's own type.
    #[cfg(feature = "setup")]
    Sdk(opentelemetry_sdk::trace::SdkTracerProvider),
    /// A provider adopted from the global: asked directly, its tracers box their spans once.
    Global(GlobalTracerProvider),
}

/// The source of the provider whose id it carries. Cleared when that provider is replaced, so that traced does
/// not keep it alive (and from shutting down when its owner drops it).
static SOURCE: Mutex<Option<(u64, Source)>> = Mutex::new(None);

thread_local! {
    /// Set by `Managed::tracer_with_scope`, so a lookup learns which provider answered it.
    static ANSWERED_BY: Cell<u64> = const { Cell::new(0) };
    static TRACERS: RefCell<ThreadTracers> = const { RefCell::new(ThreadTracers { provider: 0, by_scope: Vec::new() }) };
}

/// This thread's tracers under the provider whose word is `provider`, indexed by scope slot.
struct ThreadTracers {
    provider: u64,
    by_scope: Vec<Option<Rc<CachedTracer>>>,
}

/// Instrumentation scopes (crate name, version) seen so far; a scope's index is its slot.
static SCOPES: Mutex<Vec<(&'static str, Option<&'static str>)>> = Mutex::new(Vec::new());

/// Where a call site finds its crate's tracer: the slot of its scope, looked up on the site's first call.
pub(crate) struct ScopeSlot {
    name: &'static str,
    version: Option<&'static str>,
    /// The slot plus one; 0 until looked up.
    slot: AtomicUsize,
}

impl ScopeSlot {
    pub(crate) const fn new(name: &'static str, version: Option<&'static str>) -> Self {
        ScopeSlot { name, version, slot: AtomicUsize::new(0) }
    }

    #[inline]
    fn slot(&self) -> usize {
        match self.slot.load(Ordering::Relaxed) {
            0 => self.look_up_slot(),
            slot => slot - 1,
        }
    }

    /// The slot of a site's first call.
    #[cold]
    #[inline(never)]
    fn look_up_slot(&self) -> usize {
        let mut scopes = SCOPES.lock().unwrap_or_else(PoisonError::into_inner);
        let slot = scopes.iter().position(|&scope| scope == (self.name, self.version)).unwrap_or_else(|| {
            scopes.push((self.name, self.version));
            scopes.len() - 1
        });
        self.slot.store(slot + 1, Ordering::Relaxed);
        slot
    }

    fn scope(&self) -> InstrumentationScope {
        let builder = InstrumentationScope::builder(self.name);
        match self.version {
            Some(version) => builder.with_version(version),
            None => builder,
        }
        .build()
    }
}

/// A tracer of the installed provider.
pub(crate) enum CachedTracer {
    Boxed(BoxedTracer),
    #[cfg(feature = "setup")]
    Sdk(opentelemetry_sdk::trace::SdkTracer),
}

impl CachedTracer {
    /// Starts a span under `parent`: the context to make current and whether the span records; `None` for a span
    /// that neither records nor has a valid context (a no-op tracer's root), for which there is nothing to do.
    // Inlined whole, so that the SDK's span (some 400 bytes) goes from where it is built into its box in one copy.
    #[inline(always)]
    pub(crate) fn start(&self, builder: SpanBuilder, parent: &Context) -> Option<(Context, bool)> {
        match self {
            CachedTracer::Boxed(tracer) => started(parent, tracer.build_with_context(builder, parent)),
            #[cfg(feature = "setup")]
            CachedTracer::Sdk(tracer) => started(parent, tracer.build_with_context(builder, parent)),
        }
    }
}

#[inline(always)]
fn started<S: Span + Send + Sync + 'static>(parent: &Context, span: S) -> Option<(Context, bool)> {
    let recording = span.is_recording();
    if !recording && !span.span_context().is_valid() {
        return None;
    }
    Some((span_flags::with_span(parent, FinalStatus::new(span)), recording))
}

/// Records which provider answered a lookup: called by `Managed::tracer_with_scope`.
pub(crate) fn answered_by(installed: Installed) {
    let _ = ANSWERED_BY.try_with(|answered| answered.set(installed.word()));
}

/// Runs `lookup`, and tells which of traced's providers answered it, if one did.
pub(crate) fn built_by<R>(lookup: impl FnOnce() -> R) -> (Option<Installed>, R) {
    let _ = ANSWERED_BY.try_with(|answered| answered.set(0));
    let result = lookup();
    let answered = ANSWERED_BY.try_with(Cell::get).unwrap_or(0);
    ((answered != 0).then(|| Installed::from_word(answered)), result)
}

/// Makes `source` the source of provider `id`.
pub(crate) fn set_source(id: u64, source: Option<Source>) {
    let mut current = SOURCE.lock().unwrap_or_else(PoisonError::into_inner);
    let old = std::mem::replace(&mut *current, source.map(|source| (id, source)));
    drop(current);
    // Dropped outside the lock: the last handle of an SDK provider shuts it down, which exports.
    drop(old);
}

/// Clears the source of provider `id`, unless another provider's has replaced it.
pub(crate) fn clear_source(id: u64) {
    let mut current = SOURCE.lock().unwrap_or_else(PoisonError::into_inner);
    let old = current.take_if(|(current, _)| *current == id);
    drop(current);
    drop(old);
}

/// Calls `f` with the tracer for `scope` of the provider `installed`.
#[inline]
pub(crate) fn with_tracer<R>(installed: Installed, scope: &ScopeSlot, f: impl FnOnce(&CachedTracer) -> R) -> R {
    let slot = scope.slot();
    // A shared handle, so the cache is not borrowed while `f` builds the span (a sampler may make a `#[traced]`
    // call meanwhile). After the thread's cache is destroyed (a call from another thread-local's destructor),
    // calls look the tracer up instead.
    let word = installed.word();
    let cached = TRACERS
        .try_with(|tracers| {
            let tracers = tracers.try_borrow().ok().filter(|tracers| tracers.provider == word)?;
            tracers.by_scope.get(slot)?.clone()
        })
        .ok()
        .flatten();
    match cached {
        Some(tracer) => f(&tracer),
        None => f(&look_up(installed, scope, slot)),
    }
}

/// The tracer of a site's first call on this thread under `installed`, cached when that provider answers.
#[cold]
#[inline(never)]
fn look_up(installed: Installed, scope: &ScopeSlot, slot: usize) -> Rc<CachedTracer> {
    thread_local! {
        static LOOKING_UP: Cell<bool> = const { Cell::new(false) };
    }
    // A provider whose tracers are made by way of instrumented code would have each such call look up a tracer
    // again, without end: those calls get a no-op tracer (their spans the parent's context) instead.
    let _looking_up = match reentry::enter(&LOOKING_UP) {
        Entry::Inside => return Rc::new(CachedTracer::Boxed(BoxedTracer::new(Box::new(NoopTracer::new())))),
        entry => entry,
    };
    // Asked of the global first, which tells whether `installed` is still what it holds.
    let (answered, boxed) = built_by(|| global::tracer_with_scope(scope.scope()));
    if answered != Some(installed) {
        if answered.is_none() {
            // A provider traced did not install answered: ours was replaced while something kept it alive (a
            // clone of the global provider), so its `Drop` did not say so. The next call adopts the new one.
            provider::replaced(installed);
        }
        return Rc::new(CachedTracer::Boxed(boxed));
    }
    let tracer = Rc::new(from_source(installed, scope).unwrap_or(CachedTracer::Boxed(boxed)));
    let word = installed.word();
    let _ = TRACERS.try_with(|tracers| {
        if let Ok(mut tracers) = tracers.try_borrow_mut() {
            if tracers.provider != word {
                tracers.provider = word;
                tracers.by_scope.clear();
            }
            if tracers.by_scope.len() <= slot {
                tracers.by_scope.resize_with(slot + 1, || None);
            }
            tracers.by_scope[slot] = Some(Rc::clone(&tracer));
        }
    });
    tracer
}

/// A tracer built straight from the source of `installed`, when traced holds one.
fn from_source(installed: Installed, scope: &ScopeSlot) -> Option<CachedTracer> {
    let source = SOURCE.lock().unwrap_or_else(PoisonError::into_inner);
    let (_, source) = source.as_ref().filter(|(id, _)| *id == installed.id())?;
    Some(match source {
        #[cfg(feature = "setup")]
        Source::Sdk(provider) => CachedTracer::Sdk(provider.tracer_with_scope(scope.scope())),
        Source::Global(provider) => CachedTracer::Boxed(provider.tracer_with_scope(scope.scope())),
    })
}
