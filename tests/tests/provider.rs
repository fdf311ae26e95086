//! Spans follow whichever global provider is installed now, however it was installed.

use std::sync::{Arc, Barrier};

use opentelemetry::global;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use traced::traced;

#[traced(name = "provider.work")]
fn work() {}

fn new_provider() -> (SdkTracerProvider, InMemorySpanExporter) {
    let exporter = InMemorySpanExporter::default();
    (SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build(), exporter)
}

fn count(exporter: &InMemorySpanExporter) -> usize {
    exporter.get_finished_spans().unwrap().len()
}

// One test: the global provider is process-wide, so the steps must run in this order.
#[test]
fn next_call_uses_the_newly_installed_provider() {
    let (a, a_spans) = new_provider();
    traced::set_tracer_provider(a.clone());
    work();
    assert_eq!(count(&a_spans), 1);

    let (b, b_spans) = new_provider();
    traced::set_tracer_provider(b.clone());
    work();
    assert_eq!((count(&a_spans), count(&b_spans)), (1, 1), "the old provider, still alive, gets nothing");

    // A provider installed straight through opentelemetry replaces ours: seen on the next call too.
    let (c, c_spans) = new_provider();
    global::set_tracer_provider(c.clone());
    work();
    assert_eq!((count(&b_spans), count(&c_spans)), (1, 1));

    let (d, d_spans) = new_provider();
    global::set_tracer_provider(d.clone());
    work();
    assert_eq!((count(&c_spans), count(&d_spans)), (1, 1));

    // Another thread that cached a tracer keeps following the installs.
    let (e, e_spans) = new_provider();
    traced::set_tracer_provider(e.clone());
    let installed = Arc::new(Barrier::new(2));
    let called = Arc::new(Barrier::new(2));
    let thread = {
        let (installed, called) = (Arc::clone(&installed), Arc::clone(&called));
        std::thread::spawn(move || {
            work();
            called.wait();
            installed.wait();
            work();
        })
    };
    called.wait();
    assert_eq!(count(&e_spans), 1);
    let (f, f_spans) = new_provider();
    traced::set_tracer_provider(f.clone());
    installed.wait();
    thread.join().unwrap();
    assert_eq!((count(&e_spans), count(&f_spans)), (1, 1));

    let span = &f_spans.get_finished_spans().unwrap()[0];
    assert_eq!(span.instrumentation_scope.name(), "traced-tests");
    assert_eq!(span.instrumentation_scope.version(), Some("0.0.0"));

    for provider in [a, b, c, d, e, f] {
        provider.shutdown().unwrap();
    }
}
