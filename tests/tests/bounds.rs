//! Every text an exporter receives is bounded: error messages, status descriptions, event names and texts, array
//! elements and attribute values, under any provider, so that one huge string never makes a collector reject the
//! batch that carries it and the spans around it (issue 12).

mod collector;
mod common;

use std::sync::{Mutex, MutexGuard};

use collector::{Collector, Received};
use common::*;
use opentelemetry::trace::Status;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use traced::setup::{Exporter, Otlp};
use traced::{traced, ErrorCategory, Value, DEFAULT_MAX_ATTRIBUTE_LENGTH, TRUNCATION_MARKER};

/// The global provider is process-wide: the tests install theirs in turn.
static SETUP: Mutex<()> = Mutex::new(());

/// A provider of the user's own, not set-up's: an in-memory exporter behind the SDK's simple processor.
fn own_provider() -> (MutexGuard<'static, ()>, InMemorySpanExporter) {
    let lock = SETUP.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let exporter = InMemorySpanExporter::default();
    traced::set_tracer_provider(SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
    (lock, exporter)
}

fn span(exporter: &InMemorySpanExporter, name: &str) -> SpanData {
    let spans = exporter.get_finished_spans().unwrap();
    spans.into_iter().find(|span| span.name == name).unwrap_or_else(|| panic!("no span {name}"))
}

const TEN_MEGABYTES: usize = 10 << 20;

#[traced(name = "docs.fail")]
fn fail(size: usize) -> Result<(), String> {
    Err("e".repeat(size))
}

#[traced(name = "docs.handled")]
fn handled(size: usize) {
    let error = std::io::Error::other("h".repeat(size));
    traced::record_error(&error, ErrorCategory::System);
}

#[traced(name = "docs.eventful")]
fn eventful() {
    traced::add_event("x".repeat(1000), [traced::KeyValue::new("k", "v".repeat(1000))]);
}

#[traced(name = "docs.body", fields(body, lines))]
fn body(body: &str, lines: Vec<String>) {}

fn bounded(text: &str, max: usize) -> bool {
    text.len() <= max + TRUNCATION_MARKER.len() && text.ends_with(TRUNCATION_MARKER)
}

#[test]
fn an_error_of_ten_megabytes_is_bounded_under_any_provider() {
    let (_lock, exporter) = own_provider();
    assert!(fail(TEN_MEGABYTES).is_err());
    handled(TEN_MEGABYTES);
    for name in ["docs.fail", "docs.handled"] {
        let span = span(&exporter, name);
        let Status::Error { description } = &span.status else { panic!("{name} failed") };
        assert!(bounded(description, DEFAULT_MAX_ATTRIBUTE_LENGTH), "{name}: {} bytes", description.len());
        let Some(Value::String(message)) = event_attribute(&span, "exception", "exception.message") else { panic!() };
        assert!(bounded(message.as_str(), DEFAULT_MAX_ATTRIBUTE_LENGTH), "{name}: {} bytes", message.as_str().len());
    }
}

#[test]
fn recorded_values_are_bounded_under_any_provider() {
    let (_lock, exporter) = own_provider();
    body(&"b".repeat(TEN_MEGABYTES), vec!["l".repeat(TEN_MEGABYTES)]);
    let span = span(&exporter, "docs.body");
    let Some(Value::String(text)) = attribute(&span, "body") else { panic!() };
    assert!(bounded(text.as_str(), DEFAULT_MAX_ATTRIBUTE_LENGTH));
    let Some(Value::Array(traced::Array::String(lines))) = attribute(&span, "lines") else { panic!() };
    assert!(bounded(lines[0].as_str(), DEFAULT_MAX_ATTRIBUTE_LENGTH));
}

#[test]
fn set_up_bounds_what_the_console_prints_to_its_own_limit() {
    let _lock = SETUP.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let out = SharedBuffer::default();
    let guard = traced::builder()
        .with_exporter(Exporter::Console(traced::setup::Console::to_writer(out.clone())))
        .with_max_attribute_length(16)
        .install()
        .unwrap();
    assert!(fail(1000).is_err());
    eventful();
    guard.shutdown().unwrap();
    let text = out.text();
    assert!(text.contains(&format!("ERROR {}{TRUNCATION_MARKER}", "e".repeat(16))), "{text}");
    assert!(!text.contains(&"e".repeat(17)), "{text}");
    assert!(text.contains(&format!("event {}{TRUNCATION_MARKER}", "x".repeat(256))), "names are cut at 256 bytes");
    assert!(!text.contains(&"v".repeat(17)), "{text}");
}

/// Fourteen ordinary spans and the one `last` makes, exported over OTLP/gRPC in one batch; what the collector got.
fn batch_with(last: impl FnOnce()) -> Vec<Received> {
    let _lock = SETUP.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let collector = Collector::start();
    let guard = traced::builder()
        .with_exporter(Exporter::Otlp(Otlp::grpc().with_endpoint(collector.grpc_url())))
        .install()
        .expect("set-up");
    for _ in 0..14 {
        assert!(fail(10).is_err());
    }
    last();
    guard.shutdown().expect("every span exported");
    let spans = collector.wait_for(|spans| spans.len() >= 15);
    assert_eq!(spans.len(), 15);
    spans
}

/// Fifteen spans in one batch, one of them failing with ten megabytes of text: all fifteen reach the collector.
#[test]
fn a_huge_error_does_not_take_its_batch_down() {
    let spans = batch_with(|| assert!(fail(TEN_MEGABYTES).is_err()));
    assert!(spans
        .iter()
        .all(|span| span.status_message.len() <= DEFAULT_MAX_ATTRIBUTE_LENGTH + TRUNCATION_MARKER.len()));
}

#[traced(name = "docs.crowded")]
fn crowded() {
    // 128 events of 128 attributes of 4 KiB: every value within the bound, 64 MiB in all.
    for event in 0..128 {
        let attributes = (0..128).map(|i| traced::KeyValue::new(format!("k{i}"), "c".repeat(4096)));
        traced::add_event(format!("event {event}"), attributes);
    }
}

/// A span of many bounded values is bounded as a whole: it and the fourteen spans beside it reach the collector.
#[test]
fn a_span_of_many_bounded_values_does_not_take_its_batch_down() {
    let spans = batch_with(crowded);
    let crowded = spans.iter().find(|span| span.name == "docs.crowded").expect("exported");
    assert!(!crowded.events.is_empty() && crowded.events.len() < 128, "{} events kept", crowded.events.len());
}
