//! The console exporter prints each finished trace as a tree: start order, durations, attributes, events,
//! errors; remote parents under their trace id; bounded memory.

mod common;

use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use common::SharedBuffer;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use traced::setup::{Console, Exporter};
use traced::{traced, KeyValue, SpanAttributes};

static LOCK: Mutex<()> = Mutex::new(());

/// Installs a console exporter writing to a fresh buffer; the lock keeps tests that install providers apart.
fn console(
    configure: impl FnOnce(Console) -> Console,
) -> (MutexGuard<'static, ()>, traced::setup::Guard, SharedBuffer) {
    let lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let buffer = SharedBuffer::default();
    let guard = traced::builder()
        .with_exporter(Exporter::Console(configure(Console::to_writer(buffer.clone()))))
        .install()
        .unwrap();
    (lock, guard, buffer)
}

/// Durations and start offsets vary from run to run, and so does the padding that aligns them: each becomes
/// `<d>`, and runs of spaces one space.
fn normalized(text: &str) -> String {
    text.lines()
        .map(|line| {
            line.split_whitespace()
                .map(|word| {
                    let unsigned = word.trim_start_matches('+');
                    let unit = ["µs", "ms", "s"].iter().find(|unit| unsigned.ends_with(*unit));
                    match unit {
                        Some(unit) if unsigned[..unsigned.len() - unit.len()].parse::<f64>().is_ok() => "<d>",
                        _ => word,
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(SpanAttributes)]
#[allow(dead_code)] // `card_number` is only ever redacted
struct Order {
    id: &'static str,
    #[redact]
    card_number: &'static str,
}

#[traced(name = "orders.create", fields(order))]
fn create(order: &Order) -> Result<(), String> {
    validate(123);
    check(456);
    pay(99.99)
}

#[traced(name = "users.validate", fields(user.id = user_id))]
fn validate(user_id: u64) {
    std::thread::sleep(Duration::from_millis(2));
}

#[traced(name = "inventory.check", fields(product.id = product_id))]
fn check(product_id: i64) {
    traced::add_event("stock level low", [KeyValue::new("stock", 2_i64)]);
}

#[traced(name = "payment.process", fields(amount))]
fn pay(amount: f64) -> Result<(), String> {
    Err("insufficient funds".to_owned())
}

#[test]
fn a_finished_trace_prints_as_a_tree_in_start_order() {
    let (_lock, guard, out) = console(|console| console);
    let _ = create(&Order { id: "o-1", card_number: "4111" });
    guard.shutdown().unwrap();
    let expected = "\
orders.create <d> ERROR insufficient funds
│ order.id=o-1 order.card_number=[REDACTED] error.type=alloc::string::String
├─ users.validate <d> <d>
│ user.id=123
├─ inventory.check <d> <d>
│ │ product.id=456
│ └─ event stock level low <d>
│ stock=2
└─ payment.process <d> <d> ERROR insufficient funds
amount=99.99 error.type=alloc::string::String";
    assert_eq!(normalized(&out.text()), expected);
}

#[test]
fn durations_and_start_offsets_line_up_in_columns() {
    let (_lock, guard, out) = console(|console| console);
    let _ = create(&Order { id: "o-1", card_number: "4111" });
    guard.shutdown().unwrap();
    let text = out.text();
    // Where each span's duration ends, in columns: the same on every span's line.
    let ends: Vec<usize> = text
        .lines()
        .filter(|line| {
            line.contains("orders.")
                || line.contains("users.")
                || line.contains("inventory.")
                || line.contains("payment.")
        })
        .map(|line| {
            let at = line.find(|c: char| c.is_ascii_digit()).expect("a duration");
            let end = at + line[at..].find(' ').unwrap_or(line.len() - at);
            line[..end].chars().count()
        })
        .collect();
    assert_eq!(ends.len(), 4, "{text}");
    assert!(ends.windows(2).all(|pair| pair[0] == pair[1]), "{ends:?}\n{text}");
}

#[test]
fn attribute_lines_wrap_at_the_width() {
    let (_lock, guard, out) = console(|console| console.with_width(50));
    let _ = create(&Order { id: "o-1", card_number: "4111" });
    guard.shutdown().unwrap();
    let text = out.text();
    let attributes = text.lines().filter(|line| line.contains('=')).collect::<Vec<_>>();
    assert!(attributes.iter().all(|line| line.chars().count() <= 50 || !line.trim().contains(' ')), "{text}");
    assert!(
        text.contains("│  order.id=o-1 order.card_number=[REDACTED]\n│  error.type=alloc::string::String"),
        "{text}"
    );
}

#[test]
fn the_service_heads_the_first_tree() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let out = SharedBuffer::default();
    let guard = traced::builder()
        .with_service_name("shop")
        .with_exporter(Exporter::Console(Console::to_writer(out.clone())))
        .install()
        .unwrap();
    validate(1);
    validate(2);
    guard.shutdown().unwrap();
    assert_eq!(normalized(&out.text()), "service shop\nusers.validate <d>\nuser.id=1\nusers.validate <d>\nuser.id=2");
}

#[test]
fn colour_only_when_asked() {
    let (_lock, guard, out) = console(|console| console.with_color(true));
    let _ = pay(1.0);
    guard.shutdown().unwrap();
    let text = out.text();
    assert!(text.contains("\x1b[1mpayment.process\x1b[0m"), "{text:?}");
    assert!(text.contains("\x1b[31;1mERROR insufficient funds\x1b[0m"), "{text:?}");
}

#[test]
fn plain_text_by_default_for_a_writer() {
    let (_lock, guard, out) = console(|console| console);
    let _ = pay(1.0);
    guard.shutdown().unwrap();
    let text = out.text();
    assert!(text.starts_with("payment.process") && !text.contains('\x1b'), "{text:?}");
}

#[test]
fn a_span_whose_parent_is_remote_prints_under_its_trace_id() {
    let (_lock, guard, out) = console(|console| console);
    let headers = std::collections::HashMap::from([(
        "traceparent".to_owned(),
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_owned(),
    )]);
    let remote = TraceContextPropagator::new().extract(&headers);
    {
        let _attached = remote.attach();
        validate(7);
    }
    guard.shutdown().unwrap();
    assert_eq!(
        normalized(&out.text()),
        "trace 4bf92f3577b34da6a3ce929d0e0e4736 (continued from another process)\nusers.validate <d>\nuser.id=7"
    );
}

#[traced(name = "shop.call_stock")]
fn call_stock() {
    // What a client layer and a server layer of the same process do: the context goes out in headers, and the
    // callee's span has a remote parent that is still open here.
    let mut headers = std::collections::HashMap::new();
    TraceContextPropagator::new().inject_context(&opentelemetry::Context::current(), &mut headers);
    let remote = TraceContextPropagator::new().extract(&headers);
    let _attached = remote.attach();
    check(3);
}

#[test]
fn a_remote_parent_open_in_this_process_prints_its_callee_in_the_same_tree() {
    let (_lock, guard, out) = console(|console| console);
    call_stock();
    guard.shutdown().unwrap();
    assert_eq!(
        normalized(&out.text()),
        "shop.call_stock <d>\n└─ inventory.check <d> <d>\n│ product.id=3\n└─ event stock level low <d>\nstock=2"
    );
}

#[traced(name = "jobs.parent")]
async fn never_finishes() {
    child().await;
    std::future::pending::<()>().await;
}

#[traced(name = "jobs.child")]
async fn child() {}

#[test]
fn an_open_trace_prints_at_shutdown() {
    let (_lock, guard, out) = console(|console| console);
    let mut future = std::pin::pin!(never_finishes());
    let _ = future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
    assert_eq!(out.text(), "", "the child waits for its parent");
    guard.shutdown().unwrap();
    let text = normalized(&out.text());
    assert!(text.starts_with("trace ") && text.ends_with(" (incomplete)\njobs.child <d>"), "{text}");
}

#[test]
fn an_open_trace_prints_after_the_timeout_even_when_nothing_else_happens() {
    let (_lock, guard, out) = console(|console| console.with_trace_timeout(Duration::from_millis(20)));
    let mut future = std::pin::pin!(never_finishes());
    let _ = future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
    // No other span ends: the console's own timer prints the open trace.
    for _ in 0..500 {
        if !out.text().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let text = normalized(&out.text());
    assert!(text.starts_with("trace ") && text.ends_with(" (incomplete)\njobs.child <d>"), "{text}");
    drop(guard);
}

#[test]
fn buffered_spans_are_capped() {
    let (_lock, guard, out) = console(|console| console.with_max_buffered_spans(1));
    let mut first = std::pin::pin!(never_finishes());
    let mut second = std::pin::pin!(never_finishes());
    let waker = std::task::Waker::noop();
    let _ = first.as_mut().poll(&mut std::task::Context::from_waker(waker));
    assert_eq!(out.text(), "", "one buffered span is within the cap");
    let _ = second.as_mut().poll(&mut std::task::Context::from_waker(waker));
    let text = normalized(&out.text());
    assert_eq!(text.matches("jobs.child").count(), 1, "the oldest trace was printed to make room: {text}");
    drop(guard);
}

#[traced(name = "docs.render", fields(body))]
fn render(body: &str) -> usize {
    body.len()
}

#[test]
fn long_attribute_values_are_truncated_with_a_marker() {
    let _lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let out = SharedBuffer::default();
    let guard = traced::builder()
        .with_exporter(Exporter::Console(Console::to_writer(out.clone())))
        .with_max_attribute_length(8)
        .install()
        .unwrap();
    assert_eq!(render("0123456789abcdef"), 16);
    traced::set_attribute(KeyValue::new("outside", "not in a span"));
    guard.shutdown().unwrap();
    assert_eq!(normalized(&out.text()), format!("docs.render <d>\nbody=01234567{}", traced::TRUNCATION_MARKER));
}
