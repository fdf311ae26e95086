//! The retry pattern with the body helpers: each failed attempt recorded with `record_error_with(.., attempt=n)`,
//! the outcome set with `set_status`. `Ok` from the body is final against the body's own later errors, and gives
//! way to the call's own failure (a returned `Err`, a panic).

mod common;

use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};

use common::*;
use opentelemetry::trace::{TraceContextExt, Tracer as _};
use traced::{traced, ErrorCategory, KeyValue, Status};

fn timeout(text: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, text.to_owned())
}

/// Fails until attempt `succeeds_at` (never, when it is past 3), recording each failure.
#[traced(name = "payment.charge")]
fn charge(succeeds_at: i64) -> Result<i64, io::Error> {
    for attempt in 1..=3 {
        if attempt == succeeds_at {
            traced::set_attribute(KeyValue::new("retry.attempts", attempt));
            traced::set_status(Status::Ok);
            return Ok(attempt);
        }
        traced::record_error_with(&timeout("gateway timed out"), ErrorCategory::External, [kv("attempt", attempt)]);
    }
    Err(timeout("gave up after 3 attempts"))
}

fn attempts(span: &opentelemetry_sdk::trace::SpanData) -> Vec<Option<opentelemetry::Value>> {
    span.events
        .iter()
        .filter(|event| event.name == "exception")
        .map(|event| event.attributes.iter().find(|kv| kv.key.as_str() == "attempt").map(|kv| kv.value.clone()))
        .collect()
}

#[test]
fn failed_attempts_are_events_with_their_attributes_and_a_final_ok_wins() {
    let t = caught();
    assert_eq!(charge(3).unwrap(), 3);
    let span = t.span("payment.charge");
    assert_eq!(attempts(&span), [Some(1_i64.into()), Some(2_i64.into())]);
    assert_eq!(event_attribute(&span, "exception", "exception.message"), Some("gateway timed out".into()));
    assert_eq!(span.status, Status::Ok);
    assert_eq!(attribute(&span, "retry.attempts"), Some(3_i64.into()));
}

#[test]
fn every_attempt_failing_ends_in_error() {
    let t = caught();
    assert!(charge(4).is_err());
    let span = t.span("payment.charge");
    assert_eq!(attempts(&span).len(), 4, "three attempts and the returned error");
    assert_eq!(status_description(&span), "gave up after 3 attempts");
}

#[traced(name = "payment.ok_then_handled")]
fn ok_then_handled_error() -> Result<(), io::Error> {
    traced::set_status(Status::Ok);
    traced::record_error(&timeout("late cleanup failed"), ErrorCategory::Resource);
    traced::set_status(Status::error("and an explicit error"));
    traced::set_status(Status::Unset);
    Ok(())
}

#[test]
fn ok_from_the_body_is_final_against_the_bodys_later_errors() {
    let t = caught();
    ok_then_handled_error().unwrap();
    let span = t.span("payment.ok_then_handled");
    assert_eq!(span.status, Status::Ok);
    assert_eq!(event_names(&span), ["exception"], "the handled error stays visible");
}

#[traced(name = "payment.ok_then_err")]
fn ok_then_err() -> Result<(), io::Error> {
    traced::set_status(Status::Ok);
    Err(timeout("the call failed after all"))
}

#[traced(name = "payment.ok_then_err_async")]
async fn ok_then_err_async() -> Result<(), io::Error> {
    traced::set_status(Status::Ok);
    yield_now().await;
    Err(timeout("the call failed after all"))
}

#[traced(name = "payment.ok_then_panic")]
fn ok_then_panic() {
    traced::set_status(Status::Ok);
    panic!("the call panicked after all");
}

#[test]
fn the_calls_own_failure_wins_over_ok() {
    let t = caught();
    assert!(ok_then_err().is_err());
    assert!(block_on(ok_then_err_async()).is_err());
    assert!(catch_unwind(AssertUnwindSafe(ok_then_panic)).is_err());
    for name in ["payment.ok_then_err", "payment.ok_then_err_async"] {
        assert_eq!(status_description(&t.span(name)), "the call failed after all", "{name}");
    }
    assert_eq!(status_description(&t.span("payment.ok_then_panic")), "the call panicked after all");
}

#[traced(name = "payment.error_then_ok")]
fn error_then_ok() {
    traced::set_status(Status::error("first attempt failed"));
    traced::set_status(Status::Ok);
}

#[test]
fn ok_overrides_an_earlier_error_of_the_body() {
    let t = caught();
    error_then_ok();
    assert_eq!(t.span("payment.error_then_ok").status, Status::Ok);
}

#[test]
fn other_spans_follow_the_sdk() {
    let t = caught();
    let tracer = opentelemetry::global::tracer("hand-made");
    let span = tracer.start("hand.made");
    let cx = opentelemetry::Context::current_with_span(span);
    {
        let _attached = cx.clone().attach();
        traced::set_status(Status::Ok);
        traced::record_error(&timeout("ignored by the SDK"), ErrorCategory::External);
    }
    cx.span().end();
    assert_eq!(t.span("hand.made").status, Status::Ok);
}

#[test]
fn outside_any_span_the_helpers_do_nothing() {
    let t = caught();
    traced::set_status(Status::Ok);
    traced::record_error_with(&timeout("nowhere"), ErrorCategory::External, [kv("attempt", 1_i64)]);
    assert!(t.spans().is_empty());
}
