//! A provider installed straight through `opentelemetry::global`, before or after `#[traced]` calls ran on other
//! threads, is what the next call on each thread uses; so is the one that replaces it. Its own binary: the global
//! provider is process-wide, so the steps run in order in one test.

use std::sync::{Arc, Barrier, Mutex};

use opentelemetry::trace::{TraceContextExt, Tracer};
use opentelemetry::{global, Context};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use traced::traced;

#[traced(name = "adoption.work")]
fn work() -> Option<String> {
    traced::trace_id().map(|id| id.to_string())
}

fn new_provider() -> (SdkTracerProvider, InMemorySpanExporter) {
    let exporter = InMemorySpanExporter::default();
    (SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build(), exporter)
}

fn names(exporter: &InMemorySpanExporter) -> Vec<String> {
    exporter.get_finished_spans().unwrap().iter().map(|span| span.name.to_string()).collect()
}

/// Threads that each make a call whenever the test says, then report what the call saw.
struct Callers {
    go: Arc<Barrier>,
    done: Arc<Barrier>,
    seen: Arc<Mutex<Vec<Option<String>>>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Callers {
    fn spawn(count: usize, rounds: usize) -> Self {
        let go = Arc::new(Barrier::new(count + 1));
        let done = Arc::new(Barrier::new(count + 1));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let threads = (0..count)
            .map(|_| {
                let (go, done, seen) = (Arc::clone(&go), Arc::clone(&done), Arc::clone(&seen));
                std::thread::spawn(move || {
                    for _ in 0..rounds {
                        go.wait();
                        let trace_id = work();
                        seen.lock().unwrap().push(trace_id);
                        done.wait();
                    }
                })
            })
            .collect();
        Callers { go, done, seen, threads }
    }

    /// One call on every thread; what each saw.
    fn call(&self) -> Vec<Option<String>> {
        self.go.wait();
        self.done.wait();
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

#[test]
fn providers_installed_through_the_global_are_adopted_and_followed() {
    let callers = Callers::spawn(3, 4);

    // Nothing installed: the calls see OpenTelemetry's no-op provider, and make no span.
    assert_eq!(callers.call(), [None, None, None]);
    assert_eq!(work(), None);

    // Installed straight through the global after those calls: the next call on every thread uses it.
    let (first, first_spans) = new_provider();
    global::set_tracer_provider(first.clone());
    assert!(callers.call().iter().all(Option::is_some));
    assert_eq!(names(&first_spans), ["adoption.work"; 3]);

    // Other instrumentation's tracers keep working with the provider traced adopted.
    let tracer = global::tracer("others");
    tracer.in_span("others.work", |cx| assert!(cx.span().span_context().is_sampled()));
    assert_eq!(names(&first_spans).last().map(String::as_str), Some("others.work"));

    // Replaced the same way: the calls follow, the old provider gets nothing more.
    let (second, second_spans) = new_provider();
    global::set_tracer_provider(second.clone());
    assert!(callers.call().iter().all(Option::is_some));
    assert_eq!(names(&second_spans), ["adoption.work"; 3]);
    assert_eq!(names(&first_spans).len(), 4);

    // And back to no-op: the calls make no span again.
    global::set_tracer_provider(opentelemetry::trace::noop::NoopTracerProvider::new());
    assert_eq!(callers.call(), [None, None, None]);
    assert_eq!(names(&second_spans).len(), 3);
    for thread in callers.threads {
        thread.join().unwrap();
    }

    // Under the no-op provider a call leaves the caller's context alone: a remote parent stays current.
    let parent = opentelemetry::trace::SpanContext::new(
        opentelemetry::trace::TraceId::from(0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736),
        opentelemetry::trace::SpanId::from(7),
        opentelemetry::trace::TraceFlags::SAMPLED,
        true,
        opentelemetry::trace::TraceState::NONE,
    );
    let attached = Context::new().with_remote_span_context(parent).attach();
    assert_eq!(work().as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));

    // A no-op provider passed to traced is known for one too: calls make no span, and the caller's context stays.
    traced::set_tracer_provider(opentelemetry::trace::noop::NoopTracerProvider::new());
    assert_eq!(work().as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
    drop(attached);
    assert_eq!(work(), None);

    // A provider whose tracer makes `#[traced]` calls itself, while it is being adopted: no deadlock, and its
    // spans flow once adopted.
    let (third, third_spans) = new_provider();
    global::set_tracer_provider(Reentrant(third.clone()));
    assert!(work().is_some());
    assert!(names(&third_spans).contains(&"adoption.work".to_owned()));

    for provider in [first, second, third] {
        provider.shutdown().unwrap();
    }
}

/// A provider whose tracers are made by way of an instrumented function.
struct Reentrant(SdkTracerProvider);

impl opentelemetry::trace::TracerProvider for Reentrant {
    type Tracer = opentelemetry_sdk::trace::SdkTracer;

    fn tracer_with_scope(&self, scope: opentelemetry::InstrumentationScope) -> Self::Tracer {
        work();
        self.0.tracer_with_scope(scope)
    }
}
