//! One in-memory exporter per test binary, behind a lock: the global provider is process-wide and tests run in
//! parallel threads.

#![allow(dead_code, unreachable_pub)]

pub mod services;
pub mod w3c;

use std::sync::{Mutex, MutexGuard, OnceLock};

use opentelemetry::trace::{SpanId, Status};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};

pub struct Telemetry {
    _lock: MutexGuard<'static, ()>,
    pub exporter: InMemorySpanExporter,
}

static LOCK: Mutex<()> = Mutex::new(());
static EXPORTER: OnceLock<InMemorySpanExporter> = OnceLock::new();

/// Installs (once) a provider that exports every span to memory, and empties it.
pub fn telemetry() -> Telemetry {
    let lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let exporter = EXPORTER
        .get_or_init(|| {
            let exporter = InMemorySpanExporter::default();
            let provider = SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build();
            traced::set_tracer_provider(provider);
            exporter
        })
        .clone();
    exporter.reset();
    Telemetry { _lock: lock, exporter }
}

/// The spans of one test, caught by `traced::testing` under a root it opens and makes current on the test's
/// thread: the tests of a file that uses it (and not [`telemetry`]) run side by side, without a lock.
pub struct Caught {
    // Declared first, so the root is left before the capture ends it.
    _entered: opentelemetry::ContextGuard,
    capture: traced::testing::Capture,
}

pub fn caught() -> Caught {
    let capture = traced::testing::capture();
    Caught { _entered: capture.enter(), capture }
}

impl Caught {
    /// Finished spans, in the order they ended.
    pub fn spans(&self) -> Vec<SpanData> {
        self.capture.spans().iter().map(|span| span.data().clone()).collect()
    }

    /// The one finished span named `name`.
    pub fn span(&self, name: &str) -> SpanData {
        self.capture.spans().named(name).data().clone()
    }
}

impl Telemetry {
    /// Finished spans, in the order they ended.
    pub fn spans(&self) -> Vec<SpanData> {
        self.exporter.get_finished_spans().expect("in-memory exporter")
    }

    /// The one finished span named `name`.
    pub fn span(&self, name: &str) -> SpanData {
        let spans = self.spans();
        let mut matching = spans.iter().filter(|span| span.name == name);
        let span = matching.next().unwrap_or_else(|| panic!("no span {name:?} in {:?}", names(&spans))).clone();
        assert!(matching.next().is_none(), "several spans named {name:?}");
        span
    }
}

impl Telemetry {
    /// Waits until a span named `name` has ended, and returns it: a server's span ends on the server's own task,
    /// maybe just after the client read the response. Gives up (panics) after 20 s.
    pub fn wait_for(&self, name: &str) -> SpanData {
        self.wait_until(|spans| spans.iter().any(|span| span.name == name));
        self.span(name)
    }

    /// Waits until `done` holds for the spans ended so far, and returns them. Gives up (panics) after 20 s.
    pub fn wait_until(&self, done: impl Fn(&[SpanData]) -> bool) -> Vec<SpanData> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let spans = self.spans();
            if done(&spans) {
                return spans;
            }
            assert!(std::time::Instant::now() < deadline, "gave up waiting; spans so far: {:?}", names(&spans));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

pub fn names(spans: &[SpanData]) -> Vec<String> {
    spans.iter().map(|span| span.name.to_string()).collect()
}

pub fn attribute(span: &SpanData, key: &str) -> Option<Value> {
    span.attributes.iter().find(|kv| kv.key.as_str() == key).map(|kv| kv.value.clone())
}

pub fn keys(span: &SpanData) -> Vec<String> {
    span.attributes.iter().map(|kv| kv.key.to_string()).collect()
}

pub fn event_attribute(span: &SpanData, event: &str, key: &str) -> Option<Value> {
    let event = span.events.iter().find(|e| e.name == event)?;
    event.attributes.iter().find(|kv| kv.key.as_str() == key).map(|kv| kv.value.clone())
}

pub fn event_names(span: &SpanData) -> Vec<String> {
    span.events.iter().map(|e| e.name.to_string()).collect()
}

pub fn is_error(span: &SpanData) -> bool {
    matches!(span.status, Status::Error { .. })
}

pub fn status_description(span: &SpanData) -> String {
    match &span.status {
        Status::Error { description } => description.to_string(),
        other => panic!("status is {other:?}, not Error"),
    }
}

pub fn is_child_of(child: &SpanData, parent: &SpanData) -> bool {
    child.parent_span_id == parent.span_context.span_id()
        && child.span_context.trace_id() == parent.span_context.trace_id()
}

pub fn is_root(span: &SpanData) -> bool {
    span.parent_span_id == SpanId::INVALID
}

pub fn kv(key: &'static str, value: impl Into<Value>) -> KeyValue {
    KeyValue::new(key, value)
}

/// Runs a future to completion on this thread. Not `futures::executor::block_on`: the SDK's simple processor
/// exports with that executor when a span ends, and it refuses to be nested inside itself.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => std::thread::park(),
        }
    }
}

/// Returns `Pending` once (waking itself), so a body really suspends at each `.await` of it.
pub async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            std::task::Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await
}

/// Output shared between a writer handed to an exporter or subscriber, and the test that reads it.
#[derive(Clone, Default)]
pub struct SharedBuffer(std::sync::Arc<Mutex<Vec<u8>>>);

impl std::io::Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuffer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())).into_owned()
    }
}

/// The `traceparent` header an outgoing request made now would carry.
pub fn outgoing_traceparent() -> String {
    use opentelemetry::propagation::TextMapPropagator;
    let mut headers = std::collections::HashMap::new();
    traced::propagation::TraceContext::new().inject_context(&opentelemetry::Context::current(), &mut headers);
    headers.remove("traceparent").unwrap_or_default()
}

/// Polls `future` to completion by hand, checking after every `Pending` that no span named `name` has ended yet
/// and that no span stays current between polls.
pub fn poll_to_end<F: std::future::Future>(t: &Telemetry, name: &str, future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        match future.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(output) => return output,
            std::task::Poll::Pending => {
                assert!(t.spans().iter().all(|span| span.name != name), "{name} ended before its future completed");
                assert_eq!(traced::span_id(), None, "{name} stayed current after a poll returned");
            }
        }
    }
}

/// Where a [`DropProbe`] was dropped: which span was current then.
#[derive(Clone, Default)]
pub struct DroppedIn(std::sync::Arc<Mutex<Option<Option<SpanId>>>>);

impl DroppedIn {
    /// A value to hand to the code under test; it records the current span when it drops.
    pub fn probe(&self) -> DropProbe {
        DropProbe(self.clone())
    }

    /// `None` while the probe lives; then the span that was current when it dropped, if any.
    pub fn span(&self) -> Option<Option<SpanId>> {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Records, when dropped, which span was current.
pub struct DropProbe(DroppedIn);

impl Drop for DropProbe {
    fn drop(&mut self) {
        *self.0 .0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(traced::span_id());
    }
}

/// A `tracing` subscriber writing each event, with the `trace_id` and `span_id` of the current span, to `out`
/// (no time, no colour).
pub fn correlated_log(out: &SharedBuffer) -> impl tracing::Subscriber + Send + Sync {
    let writer = out.clone();
    let format = tracing_subscriber::fmt::format::Format::default().without_time().with_ansi(false);
    tracing_subscriber::fmt()
        .event_format(traced::tracing::CorrelatedFormat::new(format))
        .with_writer(move || writer.clone())
        .finish()
}
