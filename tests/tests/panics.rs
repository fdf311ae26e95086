//! A panic is recorded on the span and then continues unchanged.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::*;
use traced::traced;

#[traced(name = "math.divide", fields(a, b))]
fn divide(a: i32, b: i32) -> i32 {
    if b == 0 {
        panic!("division of {a} by zero");
    }
    a / b
}

#[test]
fn sync_panic_is_recorded_and_propagates_with_its_payload() {
    let t = telemetry();
    let payload = catch_unwind(|| divide(1, 0)).unwrap_err();
    assert_eq!(payload.downcast_ref::<String>().map(String::as_str), Some("division of 1 by zero"));
    let span = t.span("math.divide");
    assert_eq!(event_names(&span), ["exception"]);
    assert_eq!(event_attribute(&span, "exception", "exception.message").unwrap().as_str(), "division of 1 by zero");
    assert_eq!(attribute(&span, "error.type").unwrap().as_str(), "panic");
    assert_eq!(status_description(&span), "division of 1 by zero");
}

#[derive(Debug, PartialEq)]
struct Custom(u8);

#[traced(name = "custom.panic")]
fn panic_with_custom_payload() {
    std::panic::panic_any(Custom(3));
}

#[test]
fn non_string_payload_passes_through_untouched() {
    let t = telemetry();
    let payload = catch_unwind(panic_with_custom_payload).unwrap_err();
    assert_eq!(payload.downcast_ref::<Custom>(), Some(&Custom(3)));
    assert!(is_error(&t.span("custom.panic")));
}

#[traced(name = "math.outer")]
fn outer() -> i32 {
    divide(4, 0)
}

#[test]
fn panic_marks_every_span_it_crosses_and_keeps_parents() {
    let t = telemetry();
    assert!(catch_unwind(outer).is_err());
    let inner = t.span("math.divide");
    let outer = t.span("math.outer");
    assert!(is_child_of(&inner, &outer));
    assert!(is_error(&inner) && is_error(&outer));
    assert_eq!(t.spans().len(), 2, "each span is exported once");
}

#[traced(name = "jobs.async_panic")]
async fn async_panic(code: u8) -> u8 {
    yield_now().await;
    if code > 0 {
        panic!("async failure {code}");
    }
    code
}

#[test]
fn async_panic_is_recorded_once_and_propagates() {
    let t = telemetry();
    let payload = catch_unwind(AssertUnwindSafe(|| block_on(async_panic(9)))).unwrap_err();
    assert_eq!(payload.downcast_ref::<String>().map(String::as_str), Some("async failure 9"));
    let span = t.span("jobs.async_panic");
    assert_eq!(event_names(&span), ["exception"], "a panic is not a cancellation");
    assert_eq!(status_description(&span), "async failure 9");
}

#[test]
fn after_a_panic_nothing_stays_current() {
    let t = telemetry();
    assert!(catch_unwind(|| divide(1, 0)).is_err());
    assert_eq!(divide(4, 2), 2);
    let spans = t.spans();
    assert!(is_root(&spans[0]) && is_root(&spans[1]));
    assert_ne!(spans[0].span_context.trace_id(), spans[1].span_context.trace_id());
    assert_eq!(traced::trace_id(), None);
}

mod track_caller {
    use std::panic::Location;

    use super::*;

    #[traced(name = "caller.location")]
    #[track_caller]
    fn where_called() -> &'static Location<'static> {
        Location::caller()
    }

    #[traced(name = "caller.unwrap")]
    #[track_caller]
    fn unwrap_none() -> u8 {
        std::hint::black_box(None::<u8>).unwrap()
    }

    #[test]
    fn track_caller_functions_still_see_their_caller() {
        let t = telemetry();
        let (location, line) = (where_called(), line!());
        assert_eq!((location.file(), location.line()), (file!(), line));
        assert!(is_root(&t.span("caller.location")));
    }

    #[test]
    fn track_caller_panics_are_recorded() {
        let t = telemetry();
        assert!(catch_unwind(unwrap_none).is_err());
        let span = t.span("caller.unwrap");
        assert!(is_error(&span));
        assert_eq!(attribute(&span, "error.type").unwrap().as_str(), "panic");
        assert_eq!(event_names(&span), ["exception"]);
    }
}
