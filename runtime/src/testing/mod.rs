//! Assert your own instrumentation in your own tests (feature `testing`): [`capture`] opens a root span of its
//! own, everything a test runs under it is caught, and [`Capture::spans`] hands back the spans of that trace alone,
//! so tests running beside it in other threads of the same process (cargo's default) never see each other's spans.
//!
//! The first capture installs the global tracer provider the captures share (every span sampled) and the W3C
//! trace-context and baggage propagators, so spans of HTTP and gRPC calls a test makes to a server it runs are
//! caught too: the server's spans carry the client's trace. Install no other provider in a test binary that
//! captures.
//!
//! A span that starts a trace of its own is not caught, as it is in no capture's trace: `#[traced(parent =
//! None)]`, a server span of a request that carried no `traceparent`, work spawned without its context. So an
//! assertion that a span is absent proves something only where the span would be in the capture's trace.
//!
//! ```
//! use traced::traced;
//!
//! #[traced(name = "orders.place", fields(items))]
//! fn place(items: u32) -> Result<(), String> {
//!     reserve(items)
//! }
//!
//! #[traced(name = "stock.reserve")]
//! fn reserve(items: u32) -> Result<(), String> {
//!     if items > 10 { Err("not enough stock".into()) } else { Ok(()) }
//! }
//!
//! // In a `#[test]`:
//! let capture = traced::testing::capture();
//! assert!(capture.run(|| place(12)).is_err());
//!
//! let spans = capture.spans();
//! assert_eq!(spans.names(), ["stock.reserve", "orders.place"]);
//! let order = spans.named("orders.place").assert_top_level().assert_attribute("items", 12_i64).assert_error("stock");
//! spans.named("stock.reserve").assert_child_of(order);
//! ```
//!
//! Work a test hands to another thread or task is caught when it carries the trace along, as in production:
//! [`in_current_trace`](crate::in_current_trace) and [`InCurrentTrace`](crate::InCurrentTrace).

mod spans;
mod store;

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use opentelemetry::context::FutureExt;
use opentelemetry::global;
use opentelemetry::propagation::TextMapCompositePropagator;
use opentelemetry::trace::{SpanBuilder, TraceContextExt, TraceId, Tracer, TracerProvider};
use opentelemetry::{Context, ContextGuard};
use opentelemetry_sdk::propagation::BaggagePropagator;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};

pub use spans::{CapturedSpan, Spans};
use store::{Filer, Store};

/// How long [`Capture::wait_for`] waits before it gives up: long enough for any span on a loaded machine, short
/// enough that a span that never comes fails the test rather than hanging it.
const PATIENCE: Duration = Duration::from_secs(20);

/// The captures' store, and the tracer their roots come from.
fn shared() -> &'static (&'static Store, SdkTracer) {
    static SHARED: OnceLock<(&'static Store, SdkTracer)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let store: &'static Store = Box::leak(Box::default());
        let provider = SdkTracerProvider::builder().with_span_processor(Filer(store)).build();
        let tracer = provider.tracer("traced.testing");
        crate::set_tracer_provider(provider);
        global::set_text_map_propagator(TextMapCompositePropagator::new(vec![
            Box::new(crate::propagation::TraceContext::new()),
            Box::new(BaggagePropagator::new()),
        ]));
        (store, tracer)
    })
}

/// Opens a capture: a root span of a new trace whose spans are kept for this capture alone.
///
/// ```
/// let capture = traced::testing::capture();
/// #[traced::traced(name = "jobs.run")]
/// fn run() {}
/// capture.run(run);
/// run(); // outside the capture: not caught
/// assert_eq!(capture.spans().names(), ["jobs.run"]);
/// ```
pub fn capture() -> Capture {
    let (store, tracer) = shared();
    let root = tracer.build_with_context(SpanBuilder::from_name("testing.capture"), &Context::new());
    let cx = Context::current_with_span(root);
    let trace = cx.span().span_context().trace_id();
    store.open(trace);
    Capture { cx, trace }
}

/// A test's window on its spans; see [`capture`]. Dropping it ends its root and forgets its spans.
#[derive(Debug)]
#[must_use = "spans are caught only under `run` or `run_async`"]
pub struct Capture {
    cx: Context,
    trace: TraceId,
}

impl Capture {
    /// Runs `body` under the capture's root: what it traces is caught.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() -> u32 { 7 }
    /// assert_eq!(capture.run(run), 7);
    /// ```
    pub fn run<R>(&self, body: impl FnOnce() -> R) -> R {
        let _attached = self.cx.clone().attach();
        body()
    }

    /// Makes the capture's root current on this thread until the returned guard drops: what the test then traces
    /// on this thread is caught, without wrapping it in a closure. Drop the guard before the capture: spans made
    /// under it after that are in a trace no capture keeps.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// let _entered = capture.enter();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// capture.spans().named("jobs.run");
    /// ```
    pub fn enter(&self) -> ContextGuard {
        self.cx.clone().attach()
    }

    /// `future` under the capture's root, at every poll: what it traces is caught, whichever thread polls it. The
    /// returned future is `Send` when `future` is.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// async fn run() -> u32 { 7 }
    /// assert_eq!(futures::executor::block_on(capture.run_async(run())), 7);
    /// capture.spans().named("jobs.run");
    /// ```
    pub fn run_async<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
        future.with_context(self.cx.clone())
    }

    /// The capture's context, with its root span: the parent to give what [`run`](Capture::run) cannot wrap.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// let parent = capture.context().clone();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// std::thread::spawn(move || {
    ///     let _attached = parent.attach();
    ///     run();
    /// })
    /// .join()
    /// .unwrap();
    /// capture.spans().named("jobs.run");
    /// ```
    pub fn context(&self) -> &Context {
        &self.cx
    }

    /// The trace the capture catches.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// assert_eq!(capture.run(traced::trace_id), Some(capture.trace_id()));
    /// ```
    pub fn trace_id(&self) -> TraceId {
        self.trace
    }

    /// The spans caught and ended so far, in the order they ended (the capture's own root is not among them).
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// assert!(capture.spans().is_empty());
    /// ```
    pub fn spans(&self) -> Spans {
        let (store, _) = shared();
        self.wrap(store.wait(self.trace, Duration::ZERO, |_| true).0)
    }

    /// Waits until a span named `name` has ended, and returns the first that did: a server's span ends on the
    /// server's own task, maybe just after the client read the response. Panics, listing what was caught, after
    /// 20 s without one.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// std::thread::spawn(capture.run(|| traced::in_current_trace(run)));
    /// capture.wait_for("jobs.run").assert_top_level();
    /// ```
    #[track_caller]
    pub fn wait_for(&self, name: &str) -> CapturedSpan {
        let (store, _) = shared();
        let (spans, found) = store.wait(self.trace, PATIENCE, |spans| spans.iter().any(|span| span.name == name));
        let spans = self.wrap(spans);
        match spans.iter().find(|span| span.name() == name) {
            Some(span) if found => span.clone(),
            _ => panic!("no span named {name:?} ended within {PATIENCE:?}; the spans are {:?}", spans.names()),
        }
    }

    fn wrap(&self, spans: Vec<opentelemetry_sdk::trace::SpanData>) -> Spans {
        let root = self.cx.span().span_context().span_id();
        Spans(spans.into_iter().map(|data| CapturedSpan { data, root }).collect())
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        let (store, _) = shared();
        store.close(self.trace);
        self.cx.span().end();
    }
}
