//! A future dropped before it completes ends its span with a `cancelled` event.

mod common;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Waker};

use common::*;
use traced::traced;

#[traced(name = "jobs.wait")]
async fn wait_forever() -> u8 {
    child().await;
    std::future::pending::<()>().await;
    1
}

#[traced(name = "jobs.child")]
async fn child() {}

#[test]
fn dropped_future_ends_its_span_with_cancelled() {
    let t = telemetry();
    {
        let mut future = pin!(wait_forever());
        let mut cx = Context::from_waker(Waker::noop());
        assert!(future.as_mut().poll(&mut cx).is_pending());
        assert!(future.as_mut().poll(&mut cx).is_pending());
        assert_eq!(t.spans().len(), 1, "only the child has ended while the future is alive");
    }
    let span = t.span("jobs.wait");
    assert_eq!(event_names(&span), ["cancelled"]);
    assert!(!is_error(&span), "cancellation is not an error");
    assert!(is_child_of(&t.span("jobs.child"), &span));
    assert!(t.span("jobs.child").events.is_empty(), "the completed child was not cancelled");
}

#[test]
fn completed_future_has_no_cancelled_event() {
    let t = telemetry();
    block_on(child());
    assert!(t.span("jobs.child").events.is_empty());
}

#[test]
fn future_never_polled_starts_no_span() {
    let t = telemetry();
    drop(wait_forever());
    // An `async fn` does nothing until polled: no span was started, so none is left open or cancelled.
    assert!(t.spans().is_empty());
}
