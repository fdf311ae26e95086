//! Keeping a trace across `tokio::spawn` and `std::thread::spawn`. OpenTelemetry's context is per thread (and a
//! spawned task runs wherever its executor puts it), so work handed to another task or thread starts from an
//! empty context, and its spans are roots of traces of their own. These carry the current context along.

use std::future::Future;

use opentelemetry::context::{FutureExt as _, WithContext};
use opentelemetry::Context;

/// `.in_current_trace()` on any future: the future is polled with the context current where it was made, so the
/// spans it makes (on any task, any thread) are children of the span current there.
///
/// Named apart from `tracing::Instrument::in_current_span` and opentelemetry's `with_current_context`, so that
/// either trait can be in scope beside this one. It is opentelemetry's own `FutureExt::with_current_context`.
///
/// ```
/// use traced::InCurrentTrace;
///
/// #[traced::traced(name = "orders.create")]
/// async fn create() {
///     // The task's spans stay in this call's trace.
///     let task = async { traced::span_id() }.in_current_trace();
///     assert_eq!(task.await, traced::span_id());
/// }
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// # use std::future::Future;
/// # let mut future = std::pin::pin!(create());
/// # assert!(future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())).is_ready());
/// ```
pub trait InCurrentTrace: Future + Sized {
    /// This future, polled with the current context.
    fn in_current_trace(self) -> WithContext<Self> {
        self.with_current_context()
    }
}

impl<F: Future> InCurrentTrace for F {}

/// Wraps a closure so that it runs with the context current here: for `std::thread::spawn`, a thread pool or a
/// callback run elsewhere.
///
/// ```
/// #[traced::traced(name = "reports.render")]
/// fn render() {
///     let parent = traced::span_id();
///     let seen = std::thread::spawn(traced::in_current_trace(traced::span_id)).join().unwrap();
///     assert_eq!(seen, parent);
/// }
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// render();
/// ```
pub fn in_current_trace<R>(work: impl FnOnce() -> R) -> impl FnOnce() -> R {
    let cx = Context::current();
    move || {
        let _attached = cx.attach();
        work()
    }
}
