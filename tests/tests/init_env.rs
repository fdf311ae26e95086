//! `traced::init()` from the environment alone: the README's order-flow example (`examples/order_flow.rs`), run in
//! a child process each time, prints the console tree with no configuration, sends the same spans to a collector
//! when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, and stops with a clear error (never a panic) on a bad value.

mod collector;

use std::process::{Command, Output};

use collector::Collector;

/// Runs the order flow with only the `OTEL_*` variables given (and `NO_COLOR`, as a terminal would not matter).
fn run(vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_order_flow"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("OTEL_")) {
        command.env_remove(name);
    }
    command.envs(vars.iter().copied()).output().expect("run the order flow")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn with_no_configuration_the_trace_prints_as_a_tree() {
    let output = run(&[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // Each span or event on a line of its own, its attributes on continuation lines below it.
    assert_eq!(lines.len(), 11, "{stdout}");
    assert!(lines[0].starts_with("orders.create ") && lines[0].contains("ERROR insufficient funds"), "{stdout}");
    assert!(lines[1].starts_with("│  order.id=o-1 ") && lines[1].contains("card_number=[REDACTED]"), "{stdout}");
    assert!(lines[3].starts_with("├─ users.validate "), "{stdout}");
    assert_eq!(lines[4], "│     user.id=123");
    assert!(lines[5].starts_with("├─ inventory.check "), "{stdout}");
    assert_eq!(lines[6], "│  │  product.id=456");
    assert!(lines[7].starts_with("│  └─ event stock level low "), "{stdout}");
    assert_eq!(lines[8], "│        stock=2");
    assert!(lines[9].starts_with("└─ payment.process ") && lines[9].contains("ERROR insufficient funds"), "{stdout}");
    assert!(lines[10].contains("amount=99.99 card_number=[REDACTED]") && !carries_the_card(&stdout), "{stdout}");
}

#[test]
fn with_an_otlp_endpoint_the_same_spans_go_to_the_collector() {
    let collector = Collector::start();
    let endpoint = format!("http://{}", collector.http);
    let output = run(&[
        ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.as_str()),
        ("OTEL_SERVICE_NAME", "orders"),
        ("OTEL_RESOURCE_ATTRIBUTES", "team=pay%20ments,service.name=overridden"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "", "nothing printed: the spans went to the collector");
    let spans = collector.wait_for(|spans| spans.len() >= 4);
    let names: Vec<&str> = spans.iter().map(|span| span.name.as_str()).collect();
    for name in ["orders.create", "users.validate", "inventory.check", "payment.process"] {
        assert!(names.contains(&name), "{names:?}");
    }
    assert!(spans.iter().all(|span| span.resource_attribute("service.name") == Some("orders")));
    assert!(spans.iter().all(|span| span.resource_attribute("team") == Some("pay ments")));
    assert!(!carries_the_card(&collector.output()), "the card number is redacted on the way to the collector");
}

/// Whether `text` shows the examples' card number (`4111 1111 1111 1111`) in any usual spelling. Its first four
/// digits alone turn up in random ids and ports.
fn carries_the_card(text: &str) -> bool {
    ["4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111"].iter().any(|form| text.contains(form))
}

/// The README's quick start, sent to a real collector: its card number reaches neither the collector nor the
/// program's output.
#[test]
fn the_quick_start_sends_no_card_number_to_the_collector() {
    let collector = Collector::start();
    let endpoint = format!("http://{}", collector.http);
    let mut command = Command::new(env!("CARGO_BIN_EXE_quick_start"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("OTEL_")) {
        command.env_remove(name);
    }
    let output = command.env("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint).output().expect("run the quick start");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let spans = collector.wait_for(|spans| spans.len() >= 2);
    assert!(spans.iter().any(|span| span.attribute("order.card_number") == Some("[REDACTED]")), "{spans:#?}");
    for out in [collector.output(), text(&output.stdout), text(&output.stderr)] {
        assert!(!carries_the_card(&out), "{out}");
    }
}

/// The SDK would allocate a queue of this size up front and abort; set-up bounds it, and the spans still go out.
#[test]
fn the_largest_queue_and_batch_sizes_are_bounded() {
    let collector = Collector::start();
    let endpoint = format!("http://{}", collector.http);
    let largest = u64::MAX.to_string();
    let output = run(&[
        ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.as_str()),
        ("OTEL_BSP_MAX_QUEUE_SIZE", largest.as_str()),
        ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", largest.as_str()),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(collector.wait_for(|spans| spans.len() >= 4).len(), 4);
}

#[test]
fn over_grpc_when_the_protocol_says_so() {
    let collector = Collector::start();
    let endpoint = collector.grpc_url();
    let output = run(&[("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.as_str()), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(collector.wait_for(|spans| spans.len() >= 4).len(), 4);
}

#[test]
fn a_bad_value_is_a_clear_error_not_a_panic() {
    let cases = [
        ("OTEL_TRACES_SAMPLER", "sometimes", "OTEL_TRACES_SAMPLER=\"sometimes\" is invalid: expected `always_on`"),
        ("OTEL_TRACES_SAMPLER_ARG", "1.5", "OTEL_TRACES_SAMPLER_ARG=\"1.5\" is invalid: expected a probability"),
        ("OTEL_TRACES_EXPORTER", "zipkin", "OTEL_TRACES_EXPORTER=\"zipkin\" is invalid"),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "expected `grpc` or `http/protobuf`"),
        ("OTEL_PROPAGATORS", "b3", "OTEL_PROPAGATORS=\"b3\" is invalid: expected `tracecontext`, `baggage` or `none`"),
        ("OTEL_BSP_MAX_QUEUE_SIZE", "0", "OTEL_BSP_MAX_QUEUE_SIZE=\"0\" is invalid: expected a positive number"),
        ("OTEL_BSP_SCHEDULE_DELAY", "1s", "OTEL_BSP_SCHEDULE_DELAY=\"1s\" is invalid: expected a delay in"),
    ];
    for (name, value, expected) in cases {
        let mut vars = vec![(name, value)];
        if name == "OTEL_TRACES_SAMPLER_ARG" {
            vars.push(("OTEL_TRACES_SAMPLER", "traceidratio"));
        }
        let output = run(&vars);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}={value}: {stderr}");
        assert!(stderr.contains(expected), "{name}={value}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// A malformed header list names the variable and what is wrong, never a header's value: they are credentials.
#[test]
fn a_bad_header_list_never_shows_a_credential() {
    let canary = "canary-9f1c2e-bearer-secret";
    for name in ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"] {
        let headers = format!("authorization=Bearer {canary},x-api-key={canary}x,{canary}broken");
        let output = run(&[(name, headers.as_str()), ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")]);
        let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(name) && stderr.contains("authorization=[REDACTED]"), "{stderr}");
        assert!(!stderr.contains(canary) && !stdout.contains(canary), "{stderr}");
    }
}

#[test]
fn otel_sdk_disabled_turns_everything_off() {
    let output = run(&[("OTEL_SDK_DISABLED", "true")]);
    assert!(output.status.success());
    assert_eq!(text(&output.stdout), "");
}
