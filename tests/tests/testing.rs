//! `traced::testing`, as users' tests use it: captures in tests running side by side each see their own spans
//! alone, spans of a real HTTP server the test calls are caught, and a failed assertion says what it found.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Barrier};

use axum::routing::get;
use axum::Router;
use opentelemetry::trace::SpanKind;
use reqwest_middleware::ClientBuilder;
use traced::testing::{capture, Capture};
use traced::traced;

#[traced(name = "orders.place", fields(order))]
fn place(order: i64) {
    reserve(order);
}

#[traced(name = "stock.reserve", fields(order))]
fn reserve(order: i64) {}

/// Places `orders` orders at once from as many threads, each under `capture`, and checks that the capture caught
/// exactly those: other tests do the same at the same time, with the same span names.
fn place_side_by_side(capture: &Capture, first: i64) {
    const ORDERS: i64 = 8;
    let start = Arc::new(Barrier::new(ORDERS as usize));
    let threads: Vec<_> = (first..first + ORDERS)
        .map(|order| {
            let start = Arc::clone(&start);
            let parent = capture.context().clone();
            std::thread::spawn(move || {
                start.wait();
                let _attached = parent.attach();
                place(order);
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let spans = capture.spans();
    assert_eq!(spans.len(), 2 * ORDERS as usize, "{:?}", spans.names());
    let mut orders: Vec<i64> = spans
        .all_named("orders.place")
        .into_iter()
        .map(|span| {
            span.assert_top_level();
            let order = match span.attribute("order") {
                Some(traced::Value::I64(order)) => *order,
                other => panic!("order is {other:?}"),
            };
            let reserved = spans
                .all_named("stock.reserve")
                .into_iter()
                .find(|reserve| reserve.attribute("order") == span.attribute("order"))
                .expect("its reserve");
            reserved.assert_child_of(span);
            order
        })
        .collect();
    orders.sort_unstable();
    assert_eq!(orders, (first..first + ORDERS).collect::<Vec<_>>());
}

// Four tests, run in parallel by the harness, each with eight threads making spans of the same names.
#[test]
fn parallel_captures_each_see_their_own_spans_1() {
    place_side_by_side(&capture(), 100);
}

#[test]
fn parallel_captures_each_see_their_own_spans_2() {
    place_side_by_side(&capture(), 200);
}

#[test]
fn parallel_captures_each_see_their_own_spans_3() {
    place_side_by_side(&capture(), 300);
}

#[test]
fn parallel_captures_each_see_their_own_spans_4() {
    let capture = capture();
    place_side_by_side(&capture, 400);
    // A capture opened inside another's run starts a trace of its own.
    let inner = capture.run(traced::testing::capture);
    inner.run(|| place(1));
    assert_eq!(inner.spans().len(), 2);
    assert_eq!(capture.spans().len(), 16, "the outer capture did not catch the inner's spans");
}

#[test]
fn spans_outside_a_capture_are_not_caught() {
    let capture = capture();
    place(1);
    std::thread::spawn(|| place(2)).join().unwrap();
    assert!(capture.spans().is_empty());
}

async fn user() -> &'static str {
    reserve(7);
    "ada"
}

#[test]
fn spans_of_a_server_the_test_calls_are_caught_in_its_trace() {
    let capture = capture();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/users/7", listener.local_addr().unwrap());
        let app = Router::new().route("/users/{id}", get(user)).layer(traced::http::TraceLayer::http_server());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        let client = ClientBuilder::new(reqwest::Client::new()).with(traced::reqwest::TracingMiddleware::new()).build();
        let body = capture.run_async(async { client.get(&url).send().await.unwrap().text().await.unwrap() }).await;
        assert_eq!(body, "ada");
        let served = capture.wait_for("GET /users/{id}");
        let spans = capture.spans();
        let call = spans.named("GET").assert_top_level().assert_kind(SpanKind::Client);
        served
            .assert_child_of(call)
            .assert_kind(SpanKind::Server)
            .assert_attribute("http.response.status_code", 200_i64);
        capture.wait_for("stock.reserve").assert_child_of(&served);
        stop.send(()).unwrap();
        server.await.unwrap();
    });
}

#[test]
fn wait_for_returns_the_first_of_several_spans_of_a_name() {
    let capture = capture();
    capture.run(|| {
        place(1);
        place(2);
    });
    capture.wait_for("orders.place").assert_attribute("order", 1_i64);
}

fn message(assertion: impl FnOnce()) -> String {
    let panic = catch_unwind(AssertUnwindSafe(assertion)).expect_err("the assertion fails");
    panic.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[test]
fn failed_assertions_say_what_they_found() {
    let capture = capture();
    capture.run(|| place(5));
    let spans = capture.spans();
    let order = spans.named("orders.place");
    assert_eq!(
        message(|| {
            order.assert_attribute("order", 6_i64);
        }),
        r#"span "orders.place" [order=5]: attribute "order" is I64(5), not I64(6)"#
    );
    assert_eq!(
        message(|| {
            spans.named("orders.ship");
        }),
        r#"no span named "orders.ship" was caught; the spans are ["stock.reserve", "orders.place"]"#
    );
    assert!(message(|| {
        order.assert_child_of(spans.named("stock.reserve"));
    })
    .starts_with(r#"span "orders.place" [order=5]: not a child of "stock.reserve""#));
    assert!(message(|| {
        order.assert_error("");
    })
    .contains("status is Unset, expected an Error"));
    assert_eq!(
        message(|| {
            order.assert_event("retry");
        }),
        r#"span "orders.place" [order=5]: no event "retry"; its events are []"#
    );
}
