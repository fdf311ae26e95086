//! Log lines written inside a traced function carry its `trace_id` and `span_id`: through the `log` facade
//! (`traced::log::Correlated`) and through `tracing` events (`traced::tracing::CorrelatedFormat`).

mod common;

use std::sync::Mutex;

use common::*;
use log::kv::{Error, Key, Value, VisitSource};
use log::{Log, Metadata, Record};
use traced::traced;

/// A record: its message and key-values.
type Captured = (String, Vec<(String, String)>);

static RECORDS: Mutex<Vec<Captured>> = Mutex::new(Vec::new());

struct Capture;

struct Pairs(Vec<(String, String)>);

impl<'kvs> VisitSource<'kvs> for Pairs {
    fn visit_pair(&mut self, key: Key<'kvs>, value: Value<'kvs>) -> Result<(), Error> {
        self.0.push((key.to_string(), value.to_string()));
        Ok(())
    }
}

impl Log for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &Record<'_>) {
        let mut pairs = Pairs(Vec::new());
        record.key_values().visit(&mut pairs).expect("visit key-values");
        RECORDS.lock().unwrap().push((record.args().to_string(), pairs.0));
    }
    fn flush(&self) {}
}

static LOGGER: traced::log::Correlated<Capture> = traced::log::Correlated::new(Capture);

#[traced(name = "orders.create")]
fn create() {
    log::info!(order_id = 5; "creating the order");
    tracing::info!("formatted by tracing");
}

fn pairs(trace_id: &str, span_id: &str) -> Vec<(String, String)> {
    vec![("trace_id".to_owned(), trace_id.to_owned()), ("span_id".to_owned(), span_id.to_owned())]
}

#[test]
fn log_records_and_tracing_events_carry_the_ids_of_the_current_span() {
    let t = telemetry();
    log::set_logger(&LOGGER).expect("the only logger of this test binary");
    log::set_max_level(log::LevelFilter::Info);
    let out = SharedBuffer::default();
    tracing::subscriber::with_default(correlated_log(&out), || {
        create();
        log::info!("outside any span");
        tracing::info!("outside any span");
    });

    let span = t.span("orders.create");
    let (trace_id, span_id) = (span.span_context.trace_id().to_string(), span.span_context.span_id().to_string());
    let records = RECORDS.lock().unwrap().clone();
    let mut inside = vec![("order_id".to_owned(), "5".to_owned())];
    inside.extend(pairs(&trace_id, &span_id));
    assert_eq!(records[0], ("creating the order".to_owned(), inside));
    assert_eq!(records[1], ("outside any span".to_owned(), Vec::new()));

    let text = out.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with(&format!("trace_id={trace_id} span_id={span_id} ")), "{text}");
    assert!(lines[0].ends_with("formatted by tracing"), "{text}");
    assert!(!lines[1].contains("trace_id") && lines[1].ends_with("outside any span"), "{text}");
}
