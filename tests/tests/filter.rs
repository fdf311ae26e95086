//! The live span filter, `traced::set_filter`: a filtered-out `#[traced]` call makes no span and evaluates none of
//! its attributes, its children attach to its parent, a new filter is seen by every thread at its next call, a bad
//! one leaves the filter in force, and the layers' spans are filtered by their names too.

mod common;

use std::convert::Infallible;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Arc, Barrier};

use axum::routing::get;
use axum::Router;
use common::services::{propagators, runtime, Server};
use common::*;
use opentelemetry::trace::{SpanKind, TraceContextExt};
use tower::{service_fn, Layer, ServiceExt};
use traced::traced;

/// The telemetry of one test, its filter cleared when it ends (the filter is process-wide, like the provider).
struct Filtered {
    telemetry: Telemetry,
}

impl Drop for Filtered {
    fn drop(&mut self) {
        traced::set_filter("").expect("an empty filter is valid");
    }
}

fn filtered(filter: &str) -> Filtered {
    let telemetry = telemetry();
    traced::set_filter(filter).unwrap_or_else(|error| panic!("{filter:?}: {error}"));
    Filtered { telemetry }
}

static EVALUATED: AtomicU32 = AtomicU32::new(0);

fn counted(n: i64) -> i64 {
    EVALUATED.fetch_add(1, Ordering::Relaxed);
    n
}

#[traced(name = "orders.place")]
fn place() {
    lookup(7);
}

#[traced(name = "db.query.get_user", fields(id = counted(id)))]
fn lookup(id: i64) {
    cache();
}

#[traced(name = "cache.get")]
fn cache() {}

#[traced(name = "orders.ship")]
async fn ship() {
    yield_now().await;
    lookup(8);
    yield_now().await;
}

#[test]
fn filtered_out_call_makes_no_span_and_its_children_attach_to_its_parent() {
    let t = filtered("db=off");
    EVALUATED.store(0, Ordering::Relaxed);
    place();
    let spans = t.telemetry.spans();
    assert_eq!(names(&spans), ["cache.get", "orders.place"]);
    assert!(is_child_of(&spans[0], &spans[1]), "cache.get's parent is db.query.get_user's, orders.place");
    assert_eq!(EVALUATED.load(Ordering::Relaxed), 0, "no attribute expression of a filtered-out call is evaluated");
}

#[test]
fn filtered_out_async_call_makes_no_span_and_leaves_its_parent_current() {
    let t = filtered("orders.ship=off");
    block_on(ship());
    let spans = t.telemetry.spans();
    assert_eq!(names(&spans), ["cache.get", "db.query.get_user"]);
    assert!(is_root(&spans[1]), "the filtered-out root leaves its child a root");
    assert!(is_child_of(&spans[0], &spans[1]));
}

#[test]
fn most_specific_rule_and_the_default_decide() {
    let t = filtered("off,orders=on,db.query=on,db.query.get_user=off");
    place();
    assert_eq!(names(&t.telemetry.spans()), ["orders.place"], "cache.get falls to the default");
    t.telemetry.exporter.reset();

    traced::set_filter("off,cache.*=on,orders.place=on").unwrap();
    place();
    let spans = t.telemetry.spans();
    assert_eq!(names(&spans), ["cache.get", "orders.place"], "cache.* covers cache.get");
    assert!(is_child_of(&spans[0], &spans[1]));
}

#[test]
fn invalid_filter_is_an_error_naming_the_rule_and_the_filter_in_force_stays() {
    let t = filtered("db=off");
    let error = traced::set_filter("orders=on,db*=off,cache=on").unwrap_err();
    assert_eq!((error.position(), error.rule()), (2, "db*=off"));
    assert_eq!(
        error.to_string(),
        r#"span filter rule 2 ("db*=off") is invalid: a `*` may only end a pattern, after a dot (`db.*`)"#
    );
    place();
    assert_eq!(names(&t.telemetry.spans()), ["cache.get", "orders.place"], "db=off is still in force");
}

#[test]
fn a_new_filter_is_seen_by_every_thread_at_its_next_call() {
    let t = filtered("db=off");
    const THREADS: usize = 4;
    let decided = Arc::new(Barrier::new(THREADS + 1));
    let mut go = Vec::new();
    let mut threads = Vec::new();
    for _ in 0..THREADS {
        let (send, receive) = mpsc::channel::<()>();
        go.push(send);
        let decided = Arc::clone(&decided);
        threads.push(std::thread::spawn(move || {
            // Each thread's first call files the site's verdict under the first filter.
            lookup(1);
            decided.wait();
            receive.recv().unwrap();
            lookup(2);
        }));
    }
    decided.wait();
    assert_eq!(t.telemetry.spans().iter().filter(|span| span.name == "db.query.get_user").count(), 0);
    assert_eq!(t.telemetry.spans().iter().filter(|span| span.name == "cache.get").count(), THREADS);
    traced::set_filter("cache=off").unwrap();
    for send in go {
        send.send(()).unwrap();
    }
    for thread in threads {
        thread.join().unwrap();
    }
    let spans = t.telemetry.spans();
    assert_eq!(spans.iter().filter(|span| span.name == "db.query.get_user").count(), THREADS, "db is on again");
    assert_eq!(spans.iter().filter(|span| span.name == "cache.get").count(), THREADS, "and cache off");
}

#[test]
fn http_server_spans_are_filtered_by_name_and_the_remote_parent_stays_the_handlers_parent() {
    let t = filtered("GET /health=off");
    propagators();
    runtime().block_on(async {
        let app = Router::new()
            .route("/health", get(|| async { cache() }))
            .route("/users/{id}", get(|| async { cache() }))
            .layer(traced::http::TraceLayer::http_server());
        let server = Server::http(app).await;
        let client = reqwest::Client::new();
        let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        for path in ["/health", "/users/7"] {
            let response = client.get(server.url(path)).header("traceparent", parent).send().await.unwrap();
            assert!(response.status().is_success());
        }
        let spans = t.telemetry.wait_until(|spans| spans.iter().any(|span| span.name == "GET /users/{id}"));
        let server_spans: Vec<_> = spans.iter().filter(|span| span.span_kind == SpanKind::Server).collect();
        assert_eq!(server_spans.len(), 1, "no span for /health: {:?}", names(&spans));
        let health = spans.iter().find(|span| span.name == "cache.get").unwrap();
        assert_eq!(
            format!("{:x}-{:x}", health.span_context.trace_id(), health.parent_span_id),
            "4bf92f3577b34da6a3ce929d0e0e4736-f067aa0ba902b7",
            "the handler of the filtered-out request is a child of the remote caller"
        );
        server.stop().await;
    });
}

#[test]
fn http_client_spans_are_filtered_by_name_and_send_their_callers_context() {
    let t = filtered("POST=off");
    propagators();
    let sent = Arc::new(std::sync::Mutex::new(None));
    let seen = Arc::clone(&sent);
    let client = traced::http::TraceLayer::http_client().layer(service_fn(move |request: http::Request<()>| {
        let traceparent = request.headers().get("traceparent").map(|value| value.to_str().unwrap().to_owned());
        *seen.lock().unwrap() = traceparent;
        async { Ok::<_, Infallible>(http::Response::new(http_body_util::Empty::<bytes::Bytes>::new())) }
    }));

    #[traced(name = "orders.notify")]
    async fn notify<S>(client: S, method: http::Method) -> String
    where
        S: tower::Service<http::Request<()>, Error = Infallible>,
    {
        let request = http::Request::builder().method(method).uri("http://127.0.0.1:1/hooks").body(()).unwrap();
        drop(client.oneshot(request).await.unwrap());
        outgoing_traceparent()
    }

    let own = block_on(notify(client.clone(), http::Method::POST));
    assert_eq!(sent.lock().unwrap().take(), Some(own), "a filtered-out client span sends its caller's context on");
    let own = block_on(notify(client, http::Method::GET));
    let sent = sent.lock().unwrap().take().expect("a traceparent");
    assert_eq!(sent[..36], own[..36], "the same trace");
    assert_ne!(sent, own, "a client span of its own");
    assert_eq!(names(&t.telemetry.spans()), ["orders.notify", "GET", "orders.notify"]);
}

#[test]
fn grpc_spans_are_filtered_by_service_and_method() {
    let t = filtered("traced.test.Stock/Check=off");
    let server = traced::http::TraceLayer::grpc_server().layer(service_fn(|_: http::Request<()>| async {
        let seen = opentelemetry::Context::map_current(|cx| cx.span().span_context().clone());
        let response = http::Response::builder()
            .header("content-type", "application/grpc")
            .header("grpc-status", "0")
            .body(seen)
            .unwrap();
        Ok::<_, Infallible>(response)
    }));
    let call = |method: &str| {
        let request = http::Request::post(format!("http://127.0.0.1:1/traced.test.Stock/{method}"))
            .header("content-type", "application/grpc")
            .body(())
            .unwrap();
        drop(block_on(server.clone().oneshot(request)).unwrap());
    };
    call("Check");
    call("Watch");
    assert_eq!(names(&t.telemetry.spans()), ["traced.test.Stock/Watch"]);
    t.telemetry.exporter.reset();

    traced::set_filter("traced.test=off").unwrap();
    call("Check");
    call("Watch");
    assert!(t.telemetry.spans().is_empty(), "a package prefix covers its services' methods");
}
