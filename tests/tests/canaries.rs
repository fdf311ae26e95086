//! Unique canary values planted wherever a user marks something secret (`redact(...)`, `#[redact]` fields, nested
//! and inside types of the user's with a derived `Debug`, `traced::Secret`), run through every output: the
//! console tree, OTLP received by a real collector, the user's own `tracing` log line (with log correlation),
//! the panic message, and the spans as the SDK holds them. Not one may appear anywhere (issue 12).

mod collector;
mod common;

use std::sync::{Mutex, MutexGuard};

use collector::Collector;
use common::SharedBuffer;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use traced::setup::{Exporter, Otlp};
use traced::{traced, Secret, SpanAttributes};

const CARD: &str = "canary-card-4d7e1f";
const CVV: &str = "canary-cvv-4d7e1f";
const PASSWORD: &str = "canary-password-4d7e1f";
const TOKEN: &str = "canary-token-4d7e1f";
const API_KEY: &str = "canary-api-key-4d7e1f";
const CANARIES: [&str; 5] = [CARD, CVV, PASSWORD, TOKEN, API_KEY];

/// The global provider is process-wide: the outputs take turns.
static LOCK: Mutex<()> = Mutex::new(());

#[derive(SpanAttributes)]
#[allow(dead_code)] // `number` and `cvv` are only ever redacted
struct Card {
    brand: &'static str,
    #[redact]
    number: &'static str,
    #[redact]
    cvv: &'static str,
}

#[derive(SpanAttributes)]
#[allow(dead_code)] // `token` is only ever redacted
struct Order {
    id: u64,
    card: Card,
    #[redact]
    token: &'static str,
}

/// A type of the user's own, deriving `Debug`, that holds a redacted struct.
#[derive(Debug)]
#[allow(dead_code)] // read by `Debug` only
struct Envelope {
    trace: u32,
    card: Card,
}

#[traced(
    name = "canary.charge",
    kind = server,
    fields(order, debug = ?order, shown = %order, ?envelope, ?pair, ?cards, api_key),
    redact(password)
)]
fn charge(
    order: &Order,
    envelope: &Envelope,
    pair: &(u32, Card),
    cards: &[Option<Card>],
    password: &str,
    api_key: &Secret<String>,
) -> Result<(), String> {
    // The user's own log line formats the secrets too.
    tracing::info!(?order, ?envelope, %api_key, "charging {}", order.id);
    authorize(password.len(), api_key.expose().len())
}

#[traced(name = "canary.authorize", kind = client, fields(length))]
fn authorize(length: usize, key_length: usize) -> Result<(), String> {
    Err(format!("declined: a password of {length} characters and a key of {key_length}"))
}

#[traced(name = "canary.explode", fields(?order))]
fn explode(order: &Order) {
    panic!("could not settle {order:?}");
}

fn card() -> Card {
    Card { brand: "visa", number: CARD, cvv: CVV }
}

/// Every place a canary is planted, once; returns the panic message of the last.
fn run_everything() -> String {
    let order = Order { id: 7, card: card(), token: TOKEN };
    let envelope = Envelope { trace: 1, card: card() };
    let api_key = Secret::new(API_KEY.to_owned());
    assert!(charge(&order, &envelope, &(2, card()), &[Some(card()), None], PASSWORD, &api_key).is_err());
    let panicked = std::panic::catch_unwind(|| explode(&order)).expect_err("it panics");
    panicked.downcast_ref::<String>().cloned().unwrap_or_default()
}

/// Runs everything with a `tracing` subscriber writing correlated log lines to a buffer; returns the log and the
/// panic message.
fn run_with_logs() -> (String, String) {
    let out = SharedBuffer::default();
    let panic_message = tracing::subscriber::with_default(common::correlated_log(&out), run_everything);
    (out.text(), panic_message)
}

fn assert_clean(output: &str, what: &str) {
    for canary in CANARIES {
        assert!(!output.contains(canary), "{canary} got out through {what}: {output}");
    }
}

fn lock() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
fn no_canary_reaches_the_console_the_logs_or_a_panic_message() {
    let _lock = lock();
    let out = SharedBuffer::default();
    let guard = traced::builder()
        .with_exporter(Exporter::Console(traced::setup::Console::to_writer(out.clone())))
        .install()
        .unwrap();
    let (logs, panic_message) = run_with_logs();
    guard.shutdown().unwrap();
    let console = out.text();
    assert!(console.contains("canary.charge") && console.contains("[REDACTED]"), "{console}");
    assert!(logs.contains("charging 7") && logs.contains("trace_id="), "{logs}");
    assert_clean(&console, "the console tree");
    assert_clean(&logs, "the user's log line");
    assert_clean(&panic_message, "the panic message");
}

#[test]
fn no_canary_reaches_the_collector() {
    let _lock = lock();
    let collector = Collector::start();
    let guard = traced::builder()
        .with_exporter(Exporter::Otlp(Otlp::grpc().with_endpoint(collector.grpc_url())))
        .install()
        .expect("set-up");
    run_with_logs();
    guard.shutdown().expect("every span exported");
    let spans = collector.wait_for(|spans| spans.len() >= 3);
    assert_eq!(spans.len(), 3, "{spans:#?}");
    assert_clean(&collector.output(), "OTLP to the collector");
}

#[test]
fn no_canary_reaches_a_provider_of_the_users_own() {
    let _lock = lock();
    let exporter = InMemorySpanExporter::default();
    traced::set_tracer_provider(SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
    run_with_logs();
    let spans = exporter.get_finished_spans().unwrap();
    assert_eq!(spans.len(), 3);
    assert_clean(&format!("{spans:?}"), "the SDK's span data");
}
