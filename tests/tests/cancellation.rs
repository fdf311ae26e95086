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

mod issue_11 {
    use super::*;

    #[traced(name = "jobs.held")]
    async fn held(_permit: DropProbe, id: u32) -> u32 {
        std::future::pending::<()>().await;
        id
    }

    #[traced(name = "jobs.finished")]
    async fn finished(_permit: DropProbe) {
        child().await;
    }

    /// tracing-attributes' `span_on_drop`: what a cancelled future holds, even an argument its body never
    /// mentions, is dropped with the span current, not after it ended.
    #[test]
    fn a_cancelled_future_drops_its_arguments_inside_its_span() {
        let t = telemetry();
        let dropped_in = DroppedIn::default();
        {
            let mut future = pin!(held(dropped_in.probe(), 1));
            assert!(future.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending());
        }
        let span = t.span("jobs.held");
        assert_eq!(event_names(&span), ["cancelled"]);
        assert_eq!(dropped_in.span(), Some(Some(span.span_context.span_id())));
    }

    #[test]
    fn a_completed_future_drops_its_arguments_inside_its_span_too() {
        let t = telemetry();
        let dropped_in = DroppedIn::default();
        block_on(finished(dropped_in.probe()));
        let span = t.span("jobs.finished");
        assert_eq!(dropped_in.span(), Some(Some(span.span_context.span_id())));
    }
}
