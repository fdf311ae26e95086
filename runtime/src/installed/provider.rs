//! Which tracer a `#[traced]` call uses: the global provider's, cached while the cache can prove it current.
//!
//! `opentelemetry::global` offers no cheap way to tell that its provider changed, and looking the tracer up
//! costs ~50 ns a call. So a provider installed through [`set_tracer_provider`] is wrapped in [`Managed`]:
//! its id is published in `CURRENT`, tracers it built are cached per thread (one per crate) under that id, and when the global
//! drops it (anyone installed another provider) its `Drop` clears `CURRENT`. A provider installed straight
//! through `opentelemetry::global` is never cached: every call looks it up, correct but slower.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use opentelemetry::global::{self, BoxedTracer};
use opentelemetry::trace::TraceContextExt;
use opentelemetry::trace::TracerProvider;
use opentelemetry::{Context, InstrumentationScope};

/// Id of the [`Managed`] provider believed to be installed, 0 for none.
static CURRENT: AtomicU64 = AtomicU64::new(0);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
/// Id of the installed provider whose sampler drops the children of unsampled parents unrecorded, 0 for none.
static SKIPS_UNSAMPLED_CHILDREN: AtomicU64 = AtomicU64::new(0);
/// Id of the installed provider whose trace ids are random, 0 for none.
static RANDOM_IDS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Set by `Managed::tracer_with_scope`, so a lookup learns which provider answered it.
    static BUILT_BY: Cell<u64> = const { Cell::new(0) };
    static TRACERS: RefCell<ThreadTracers> = const { RefCell::new(ThreadTracers { provider: 0, by_scope: Vec::new() }) };
}

/// This thread's tracers under the provider `provider`, indexed by scope slot.
struct ThreadTracers {
    provider: u64,
    by_scope: Vec<Option<Rc<BoxedTracer>>>,
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
}

/// Installs `provider` as the global tracer provider, like `opentelemetry::global::set_tracer_provider`,
/// and lets `#[traced]` functions cache its tracers (the fast path).
///
/// Installing a provider directly through `opentelemetry::global` works too; `#[traced]` then looks the
/// tracer up on every call, which costs a few tens of nanoseconds more.
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
    <P::Tracer as opentelemetry::trace::Tracer>::Span: Send + Sync + 'static,
{
    install(new_id(), provider, Known::default());
}

/// A new provider id, for [`install`]: what is keyed by it can be set up before the provider is installed.
pub(crate) fn new_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// What is known of a provider's behaviour, which lets `#[traced]` calls do less or do better.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Known {
    /// Its sampler drops every child of an unsampled parent without recording it (parent-based, no
    /// `RecordOnly`): such children may skip all span work.
    pub(crate) follows_unsampled_parents: bool,
    /// Its trace ids are random: its roots carry Level 2's `random` flag.
    pub(crate) random_ids: bool,
}

/// Installs `provider` under the id `id` (from [`new_id`]), which behaves as `known` says.
pub(crate) fn install<P>(id: u64, provider: P, known: Known)
where
    P: TracerProvider + Send + Sync + 'static,
    P::Tracer: Send + Sync + 'static,
    <P::Tracer as opentelemetry::trace::Tracer>::Span: Send + Sync + 'static,
{
    let id_if = |known: bool| if known { id } else { 0 };
    SKIPS_UNSAMPLED_CHILDREN.store(id_if(known.follows_unsampled_parents), Ordering::Release);
    RANDOM_IDS.store(id_if(known.random_ids), Ordering::Release);
    // Published before the install: a lookup racing with it finds the old provider, whose answer carries
    // another id and is not cached.
    CURRENT.store(id, Ordering::Release);
    global::set_tracer_provider(Managed { id, provider });
}

/// The id of the provider installed through [`install`], 0 when another one (or none) is installed.
#[cfg(feature = "setup")]
#[inline]
pub(crate) fn current_id() -> u64 {
    CURRENT.load(Ordering::Acquire)
}

/// Whether a span started now under an unsampled parent would be dropped unrecorded: the installed provider is
/// known to follow unsampled parents, and the current span is one.
#[inline]
pub(crate) fn child_would_be_dropped() -> bool {
    let current = CURRENT.load(Ordering::Acquire);
    current != 0
        && SKIPS_UNSAMPLED_CHILDREN.load(Ordering::Acquire) == current
        && Context::map_current(|cx| {
            let span = cx.span();
            let span_context = span.span_context();
            span_context.is_valid() && !span_context.is_sampled()
        })
}

/// Whether the installed provider's trace ids are random.
#[inline]
pub(crate) fn random_roots() -> bool {
    let current = CURRENT.load(Ordering::Acquire);
    current != 0 && RANDOM_IDS.load(Ordering::Acquire) == current
}

/// A provider installed through [`set_tracer_provider`].
struct Managed<P> {
    id: u64,
    provider: P,
}

impl<P: TracerProvider> TracerProvider for Managed<P> {
    type Tracer = P::Tracer;

    fn tracer_with_scope(&self, scope: InstrumentationScope) -> Self::Tracer {
        BUILT_BY.with(|built_by| built_by.set(self.id));
        self.provider.tracer_with_scope(scope)
    }
}

impl<P> Drop for Managed<P> {
    fn drop(&mut self) {
        // Fails harmlessly when a newer provider already took over.
        let _ = CURRENT.compare_exchange(self.id, 0, Ordering::AcqRel, Ordering::Relaxed);
    }
}

/// Calls `f` with the tracer for `scope` under the current global provider.
#[inline]
pub(crate) fn with_tracer<R>(scope: &ScopeSlot, f: impl FnOnce(&BoxedTracer) -> R) -> R {
    let current = CURRENT.load(Ordering::Acquire);
    if current == 0 {
        return f(&lookup(scope));
    }
    let slot = scope.slot();
    // A shared handle, so the cache is not borrowed while `f` builds the span (a sampler may make a `#[traced]`
    // call meanwhile). After the thread's cache is destroyed (a call from another thread-local's destructor),
    // calls look the tracer up instead.
    let cached = TRACERS
        .try_with(|tracers| {
            let tracers = tracers.try_borrow().ok().filter(|tracers| tracers.provider == current)?;
            tracers.by_scope.get(slot)?.clone()
        })
        .ok()
        .flatten();
    if let Some(tracer) = cached {
        return f(&tracer);
    }
    BUILT_BY.with(|built_by| built_by.set(0));
    let tracer = Rc::new(lookup(scope));
    let built_by = BUILT_BY.with(Cell::get);
    if built_by == 0 {
        // A provider traced did not install answered: ours was replaced while something kept it alive (a clone of
        // the global provider), so its `Drop` did not say so. Its knowledge (the skip, the roots, the flag) goes
        // with it. (One of ours answering with another id is an install under way: nothing to undo.)
        let _ = CURRENT.compare_exchange(current, 0, Ordering::AcqRel, Ordering::Relaxed);
    } else if built_by == current {
        let _ = TRACERS.try_with(|tracers| {
            if let Ok(mut tracers) = tracers.try_borrow_mut() {
                if tracers.provider != current {
                    tracers.provider = current;
                    tracers.by_scope.clear();
                }
                if tracers.by_scope.len() <= slot {
                    tracers.by_scope.resize_with(slot + 1, || None);
                }
                tracers.by_scope[slot] = Some(Rc::clone(&tracer));
            }
        });
    }
    f(&tracer)
}

fn lookup(scope: &ScopeSlot) -> BoxedTracer {
    let builder = InstrumentationScope::builder(scope.name);
    let builder = match scope.version {
        Some(version) => builder.with_version(version),
        None => builder,
    };
    global::tracer_with_scope(builder.build())
}
