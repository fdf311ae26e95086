//! Which tracer a `#[traced]` call uses: the global provider's, cached while the cache can prove it current.
//!
//! `opentelemetry::global` offers no cheap way to tell that its provider changed, and looking the tracer up
//! costs ~50 ns a call. So a provider installed through [`set_tracer_provider`] is wrapped in [`Managed`]:
//! its id is published in `CURRENT`, tracers it built are cached per thread under that id, and when the global
//! drops it (anyone installed another provider) its `Drop` clears `CURRENT`. A provider installed straight
//! through `opentelemetry::global` is never cached: every call looks it up, correct but slower.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use opentelemetry::global::{self, BoxedTracer};
use opentelemetry::trace::TracerProvider;
use opentelemetry::InstrumentationScope;

/// Id of the [`Managed`] provider believed to be installed, 0 for none.
static CURRENT: AtomicU64 = AtomicU64::new(0);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Set by `Managed::tracer_with_scope`, so a lookup learns which provider answered it.
    static BUILT_BY: Cell<u64> = const { Cell::new(0) };
    static TRACERS: RefCell<Vec<Cached>> = const { RefCell::new(Vec::new()) };
}

struct Cached {
    provider: u64,
    scope: &'static str,
    version: &'static str,
    tracer: Rc<BoxedTracer>,
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
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    // Published before the install: a lookup racing with it finds the old provider, whose answer carries
    // another id and is not cached.
    CURRENT.store(id, Ordering::Release);
    global::set_tracer_provider(Managed { id, provider });
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

/// The tracer for a crate's instrumentation scope under the current global provider.
pub(crate) fn tracer(scope: &'static str, version: &'static str) -> Rc<BoxedTracer> {
    let current = CURRENT.load(Ordering::Acquire);
    if current != 0 {
        let hit = TRACERS.with(|cache| {
            let cache = cache.try_borrow().ok()?;
            cache
                .iter()
                .find(|entry| entry.provider == current && same(entry.scope, scope) && same(entry.version, version))
                .map(|entry| Rc::clone(&entry.tracer))
        });
        if let Some(tracer) = hit {
            return tracer;
        }
    }
    BUILT_BY.with(|built_by| built_by.set(0));
    let tracer = Rc::new(global::tracer_with_scope(InstrumentationScope::builder(scope).with_version(version).build()));
    let built_by = BUILT_BY.with(Cell::get);
    if current != 0 && built_by == current {
        TRACERS.with(|cache| {
            if let Ok(mut cache) = cache.try_borrow_mut() {
                cache.retain(|entry| entry.provider == current);
                cache.push(Cached { provider: current, scope, version, tracer: Rc::clone(&tracer) });
            }
        });
    }
    tracer
}

fn same(a: &'static str, b: &'static str) -> bool {
    std::ptr::eq(a, b) || a == b
}
