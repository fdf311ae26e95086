//! With `keep_slow`, a span the sampler dropped is still exported when it lasted at least the threshold, marked;
//! with `keep_errors` too, a dropped span is kept when either holds and carries each reason's mark. Durations come
//! from start and end times given to the spans, not from sleeping.

mod common;

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use common::{attribute, outgoing_traceparent};
use opentelemetry::trace::{Span, Status, TraceContextExt, Tracer, TracerProvider};
use opentelemetry::{Context, Value};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor, SpanData};
use traced::sampling::{KEPT_FOR_ERROR, KEPT_FOR_LATENCY};
use traced::setup::{Builder, Exporter, Guard};
use traced::traced;

/// Each test installs a process-wide provider.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const THRESHOLD: Duration = Duration::from_millis(500);

fn install(builder: Builder) -> (Guard, InMemorySpanExporter) {
    let spans = InMemorySpanExporter::default();
    let guard = builder
        .with_exporter(Exporter::None)
        .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
        .install()
        .unwrap();
    (guard, spans)
}

/// A span named `name` that lasted `lasted`, by its own start and end times, failed or not, under `parent`.
fn span(name: &'static str, lasted: Duration, failed: bool, parent: &Context) -> Context {
    let tracer = opentelemetry::global::tracer_provider().tracer("tests");
    let start = SystemTime::now() - Duration::from_secs(10);
    let mut span = tracer.span_builder(name).with_start_time(start).start_with_context(&tracer, parent);
    if failed {
        span.set_status(Status::error("failed"));
    }
    let cx = parent.with_remote_span_context(span.span_context().clone());
    span.end_with_timestamp(start + lasted);
    cx
}

fn marks(span: &SpanData) -> (Option<Value>, Option<Value>) {
    (attribute(span, KEPT_FOR_LATENCY), attribute(span, KEPT_FOR_ERROR))
}

fn named<'a>(spans: &'a [SpanData], name: &str) -> Option<&'a SpanData> {
    spans.iter().find(|span| span.name == name)
}

#[test]
fn dropped_spans_that_last_the_threshold_are_exported_marked() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (guard, exporter) = install(traced::builder().with_sampling_rate(0.0).with_keep_slow(THRESHOLD));
    let none = Context::new();
    span("jobs.quick", THRESHOLD - Duration::from_millis(1), false, &none);
    span("jobs.exact", THRESHOLD, false, &none);
    span("jobs.slow", THRESHOLD * 4, false, &none);
    span("jobs.failed_quick", Duration::from_millis(1), true, &none);
    let spans = exporter.get_finished_spans().unwrap();
    let names: Vec<_> = spans.iter().map(|span| span.name.as_ref()).collect();
    assert_eq!(names, ["jobs.exact", "jobs.slow"], "without keep_errors a quick failure is dropped");
    for span in &spans {
        assert_eq!(marks(span), (Some(Value::Bool(true)), None));
        assert!(span.span_context.is_sampled(), "exported as sampled");
    }
    drop(guard);
}

#[test]
fn with_keep_errors_a_span_is_kept_for_either_reason_and_marked_for_each() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let builder = traced::builder().with_sampling_rate(0.0).with_keep_errors(true).with_keep_slow(THRESHOLD);
    let (guard, exporter) = install(builder);
    let none = Context::new();
    span("jobs.quick", Duration::from_millis(1), false, &none);
    span("jobs.failed_quick", Duration::from_millis(1), true, &none);
    span("jobs.slow", THRESHOLD * 2, false, &none);
    span("jobs.failed_slow", THRESHOLD * 2, true, &none);
    let spans = exporter.get_finished_spans().unwrap();
    assert!(named(&spans, "jobs.quick").is_none());
    let yes = Some(Value::Bool(true));
    assert_eq!(marks(named(&spans, "jobs.failed_quick").unwrap()), (None, yes.clone()));
    assert_eq!(marks(named(&spans, "jobs.slow").unwrap()), (yes.clone(), None));
    assert_eq!(marks(named(&spans, "jobs.failed_slow").unwrap()), (yes.clone(), yes));
    assert_eq!(spans.len(), 3);
    drop(guard);
}

#[test]
fn children_of_a_dropped_root_are_judged_by_their_own_duration() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (guard, exporter) = install(traced::builder().with_sampling_rate(0.0).with_keep_slow(THRESHOLD));
    let root = span("orders.place", Duration::from_millis(2), false, &Context::new());
    assert!(!root.span().span_context().is_sampled());
    span("db.query", THRESHOLD * 3, false, &root);
    span("cache.get", Duration::from_millis(1), false, &root);
    let spans = exporter.get_finished_spans().unwrap();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].name, "db.query");
    assert_eq!(spans[0].parent_span_id, root.span().span_context().span_id(), "its parent stays its parent");
    drop(guard);
}

#[traced(name = "report.render")]
fn render() -> String {
    outgoing_traceparent()
}

#[test]
fn traced_calls_are_recorded_when_dropped_and_sampled_ones_carry_no_mark() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    // Every span lasts at least no time: each dropped call is kept.
    let (guard, exporter) = install(traced::builder().with_sampling_rate(0.0).with_keep_slow(Duration::ZERO));
    let header = render();
    assert!(header.ends_with("-02"), "still unsampled for everyone downstream: {header}");
    let spans = exporter.get_finished_spans().unwrap();
    assert_eq!(marks(&spans[0]), (Some(Value::Bool(true)), None));
    drop(guard);

    // No call lasts an hour: none is kept.
    let builder = traced::builder().with_sampling_rate(0.0).with_keep_slow(Duration::from_secs(3600));
    let (guard, exporter) = install(builder);
    render();
    assert!(exporter.get_finished_spans().unwrap().is_empty());
    drop(guard);

    // Sampled spans are exported as they are.
    let (guard, exporter) = install(traced::builder().with_sampling_rate(1.0).with_keep_slow(Duration::ZERO));
    render();
    assert_eq!(marks(&exporter.get_finished_spans().unwrap()[0]), (None, None));
    drop(guard);
}
