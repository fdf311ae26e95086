//! Plain functions that return a future (`impl Future`, `Pin<Box<dyn Future>>`, `BoxFuture` aliases, a trait's
//! `Self::Future`) are traced over the future they return: the span starts at the call, where the arguments are
//! recorded, is current while the body builds the future and on every poll, and ends when the future completes;
//! an `Err` or a panic is recorded, a future dropped early is cancelled.

mod common;

use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Waker};

use common::*;
use traced::traced;

#[traced(name = "jobs.child")]
fn child() {}

#[traced(name = "jobs.async_child")]
async fn async_child() {}

#[traced(name = "jobs.block", fields(fail))]
fn block(fail: bool) -> impl Future<Output = Result<(), String>> {
    child();
    async move {
        async_child().await;
        if fail {
            Err("e".into())
        } else {
            Ok(())
        }
    }
}

#[test]
fn an_async_block_is_traced_until_it_completes() {
    let t = telemetry();
    let future = block(true);
    assert_eq!(names(&t.spans()), ["jobs.child"], "the body ran with the span current, the future has not");
    assert_eq!(block_on(future), Err("e".to_owned()));
    let span = t.span("jobs.block");
    assert!(is_child_of(&t.span("jobs.child"), &span));
    assert!(is_child_of(&t.span("jobs.async_child"), &span));
    assert!(is_error(&span));
    assert_eq!(event_names(&span), ["exception"]);
    assert_eq!(attribute(&span, "fail"), Some(true.into()));
}

#[test]
fn a_returned_future_dropped_unpolled_is_cancelled() {
    let t = telemetry();
    drop(block(false));
    assert_eq!(event_names(&t.span("jobs.block")), ["cancelled"]);
}

/// The future comes from another function: traced whole, whatever expression made it.
#[traced(name = "jobs.delegate", fields(id))]
fn delegate(id: u64) -> impl Future<Output = Result<u64, String>> + Send + 'static {
    let doubled = id * 2;
    async_result(doubled)
}

async fn async_result(id: u64) -> Result<u64, String> {
    async_child().await;
    if id == 0 {
        Err("zero".to_owned())
    } else {
        Ok(id)
    }
}

#[test]
fn any_expression_that_makes_the_future_is_traced() {
    let t = telemetry();
    assert_eq!(block_on(delegate(2)), Ok(4));
    assert!(is_child_of(&t.span("jobs.async_child"), &t.span("jobs.delegate")));
    t.exporter.reset();
    assert_eq!(block_on(delegate(0)), Err("zero".to_owned()));
    assert!(is_error(&t.span("jobs.delegate")));
}

#[traced(name = "jobs.ready")]
fn ready() -> impl Future<Output = u8> + Unpin {
    std::future::ready(1)
}

#[test]
fn an_unpin_future_stays_unpin() {
    let t = telemetry();
    let mut future = ready();
    let polled = Pin::new(&mut future).poll(&mut Context::from_waker(Waker::noop()));
    assert_eq!(polled, std::task::Poll::Ready(1));
    assert!(t.span("jobs.ready").events.is_empty());
}

#[traced(name = "math.fib", fields(n))]
fn fib(n: u32) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move {
        if n < 2 {
            u64::from(n)
        } else {
            fib(n - 1).await + fib(n - 2).await
        }
    })
}

#[test]
fn recursion_through_box_pin_nests_each_call_under_its_caller() {
    let t = telemetry();
    assert_eq!(block_on(fib(4)), 3);
    let spans = t.spans();
    assert_eq!(spans.len(), 9, "fib(4) makes nine calls");
    let root = spans.iter().find(|span| attribute(span, "n") == Some(4_i64.into())).unwrap();
    assert!(is_root(root));
    for span in spans.iter().filter(|span| span.span_context != root.span_context) {
        let parent = spans.iter().find(|parent| is_child_of(span, parent)).expect("every other call has a parent");
        let (n, parent_n) = (attribute(span, "n").unwrap(), attribute(parent, "n").unwrap());
        let (opentelemetry::Value::I64(n), opentelemetry::Value::I64(parent_n)) = (n, parent_n) else { panic!() };
        assert!(n == parent_n - 1 || n == parent_n - 2);
    }
}

/// Two `Box::pin`s and an early `return`: traced whole, then boxed again.
#[traced(name = "jobs.checked", fields(n))]
fn checked(n: u8) -> Pin<Box<dyn Future<Output = Result<u8, String>> + Send + 'static>> {
    if n == 0 {
        return Box::pin(async { Err("zero".to_owned()) });
    }
    Box::pin(async move {
        async_child().await;
        Ok(n)
    })
}

#[test]
fn a_body_that_returns_early_is_traced_too() {
    let t = telemetry();
    assert_eq!(block_on(checked(0)), Err("zero".to_owned()));
    assert!(is_error(&t.span("jobs.checked")));
    t.exporter.reset();
    assert_eq!(block_on(checked(3)), Ok(3));
    assert!(is_child_of(&t.span("jobs.async_child"), &t.span("jobs.checked")));
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

#[traced(name = "text.measure")]
fn measure(text: &str) -> BoxFuture<'_, Result<usize, String>> {
    Box::pin(async move {
        async_child().await;
        // The error type comes from the alias: the traced future must not need it spelled out here.
        if text.is_empty() {
            return Err("empty".into());
        }
        Ok(text.len())
    })
}

#[traced(name = "text.shout")]
fn shout(text: &str) -> futures::future::BoxFuture<'_, String> {
    let upper = text.to_uppercase();
    Box::pin(async move {
        async_child().await;
        upper
    })
}

#[test]
fn box_future_aliases_are_traced() {
    let t = telemetry();
    assert_eq!(block_on(measure("abc")), Ok(3));
    assert!(is_child_of(&t.span("jobs.async_child"), &t.span("text.measure")));
    t.exporter.reset();
    assert_eq!(block_on(measure("")), Err("empty".to_owned()));
    assert!(is_error(&t.span("text.measure")));
    t.exporter.reset();
    assert_eq!(block_on(shout("hi")), "HI");
    assert!(is_child_of(&t.span("jobs.async_child"), &t.span("text.shout")));
}

/// A hand-written service, the way tower services are: `call` returns `Self::Future`, a boxed future.
trait Service {
    type Future: Future<Output = Result<u32, String>>;
    fn call(&mut self, request: u32) -> Self::Future;
}

struct Doubler {
    calls: u32,
}

impl Service for Doubler {
    type Future = Pin<Box<dyn Future<Output = Result<u32, String>> + Send>>;

    #[traced(name = "svc.call", fields(request))]
    fn call(&mut self, request: u32) -> Self::Future {
        self.calls += 1;
        Box::pin(async move {
            async_child().await;
            request.checked_mul(2).ok_or_else(|| "overflow".to_owned())
        })
    }
}

#[test]
fn a_service_future_is_traced_until_it_completes() {
    let t = telemetry();
    let mut service = Doubler { calls: 0 };
    assert_eq!(block_on(service.call(21)), Ok(42));
    assert_eq!(service.calls, 1);
    assert!(is_child_of(&t.span("jobs.async_child"), &t.span("svc.call")));
    t.exporter.reset();
    assert_eq!(block_on(service.call(u32::MAX)), Err("overflow".to_owned()));
    assert!(is_error(&t.span("svc.call")));
}

#[traced(name = "jobs.explode")]
fn explode() -> impl Future<Output = ()> {
    async {
        yield_now().await;
        panic!("boom");
    }
}

#[test]
fn a_panic_while_polled_is_recorded() {
    let t = telemetry();
    assert!(std::panic::catch_unwind(|| block_on(explode())).is_err());
    let span = t.span("jobs.explode");
    assert_eq!(status_description(&span), "boom");
}

#[test]
fn a_cancelled_future_drops_what_it_holds_inside_the_span() {
    #[traced(name = "jobs.hold")]
    fn hold(probe: DropProbe) -> impl Future<Output = ()> {
        async move {
            let _probe = probe;
            std::future::pending::<()>().await;
        }
    }
    let t = telemetry();
    let dropped_in = DroppedIn::default();
    {
        let mut future = pin!(hold(dropped_in.probe()));
        assert!(future.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending());
    }
    let span = t.span("jobs.hold");
    assert_eq!(event_names(&span), ["cancelled"]);
    assert_eq!(dropped_in.span(), Some(Some(span.span_context.span_id())));
}

#[test]
fn send_and_sync_futures_stay_send_and_sync() {
    fn send_sync<T: Send + Sync>(value: T) -> T {
        value
    }
    // The spans these futures start end here: they must not reach another test's exporter.
    let _t = telemetry();
    drop(send_sync(block(true)));
    drop(send_sync(delegate(1)));
    drop(send_sync(async_child()));
}

/// A named future type that is not a boxed future is left as it is: the span covers the call.
#[traced(name = "jobs.named")]
fn named() -> std::future::Ready<u8> {
    std::future::ready(2)
}

#[test]
fn a_named_future_type_is_traced_over_the_call() {
    let t = telemetry();
    let future = named();
    assert_eq!(names(&t.spans()), ["jobs.named"]);
    assert_eq!(block_on(future), 2);
}

/// The form async-trait emitted before 0.1.44, which tracing-attributes still recognises: an inner `async fn`,
/// and `Box::pin` of its call.
struct Legacy {
    rows: u64,
}

impl Legacy {
    #[traced(name = "legacy.count", fields(rows = self.rows))]
    fn count<'a>(&'a self, extra: u64) -> Pin<Box<dyn Future<Output = Result<u64, String>> + Send + 'a>> {
        async fn run(this: &Legacy, extra: u64) -> Result<u64, String> {
            async_child().await;
            this.rows.checked_add(extra).ok_or_else(|| "overflow".to_owned())
        }
        Box::pin(run(self, extra))
    }
}

#[test]
fn the_old_async_trait_form_is_traced_over_its_future() {
    let t = telemetry();
    let legacy = Legacy { rows: 2 };
    assert_eq!(block_on(legacy.count(3)), Ok(5));
    let span = t.span("legacy.count");
    assert!(is_child_of(&t.span("jobs.async_child"), &span));
    assert_eq!(attribute(&span, "rows"), Some(2_i64.into()));
    t.exporter.reset();
    assert_eq!(block_on(Legacy { rows: u64::MAX }.count(1)), Err("overflow".to_owned()));
    assert!(is_error(&t.span("legacy.count")));
}
