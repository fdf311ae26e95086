//! `TraceLayer`'s hooks: a skipped request has no span (a client's still carries the context on), the user's
//! name and attributes reach the span, and the failure classifier decides which outcomes are errors. The services
//! run in memory; spans go to the in-memory exporter.

mod common;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::services::propagators;
use common::{attribute, block_on, is_error, telemetry};
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use opentelemetry::{KeyValue, Value};
use tower::{Layer, ServiceExt};
use traced::http::{Outcome, TraceLayer};

/// Sends `request` through `layer` over a service that answers `status` with `headers`, reads the body to its
/// end, and returns the headers the service received.
fn exchange(layer: TraceLayer, request: Request<Full<Bytes>>, status: StatusCode, headers: HeaderMap) -> HeaderMap {
    let seen = Arc::new(Mutex::new(HeaderMap::new()));
    let inner = {
        let seen = Arc::clone(&seen);
        tower::service_fn(move |request: Request<Full<Bytes>>| {
            *seen.lock().unwrap() = request.headers().clone();
            let mut response = Response::new(Full::new(Bytes::from_static(b"body")));
            *response.status_mut() = status;
            *response.headers_mut() = headers.clone();
            async move { Ok::<_, Infallible>(response) }
        })
    };
    let response = block_on(layer.layer(inner).oneshot(request)).expect("infallible");
    assert_eq!(response.status(), status, "the response passes through");
    assert_eq!(block_on(response.into_body().collect()).unwrap().to_bytes(), "body");
    let seen = seen.lock().unwrap().clone();
    seen
}

fn get(uri: &str) -> Request<Full<Bytes>> {
    Request::get(uri).body(Full::new(Bytes::new())).expect("request")
}

#[test]
fn a_skipped_request_has_no_span_and_the_others_do() {
    let telemetry = telemetry();
    let layer = TraceLayer::http_server().with_skip(|request| request.uri.path() == "/health");
    exchange(layer.clone(), get("/health"), StatusCode::OK, HeaderMap::new());
    assert!(telemetry.spans().is_empty(), "no span for a health check");
    exchange(layer, get("/users/7"), StatusCode::OK, HeaderMap::new());
    assert_eq!(common::names(&telemetry.spans()), ["GET"]);
}

#[test]
fn a_skipped_client_request_still_carries_the_context_on() {
    let telemetry = telemetry();
    propagators();
    #[traced::traced(name = "jobs.poll")]
    fn poll(layer: TraceLayer) -> HeaderMap {
        exchange(layer, get("http://127.0.0.1:1/ping"), StatusCode::OK, HeaderMap::new())
    }
    let sent = poll(TraceLayer::http_client().with_skip(|_| true));
    let spans = telemetry.spans();
    assert_eq!(common::names(&spans), ["jobs.poll"], "no client span");
    let traceparent = sent["traceparent"].to_str().unwrap();
    assert!(traceparent.contains(&spans[0].span_context.span_id().to_string()), "the caller's span: {traceparent}");
}

#[test]
fn the_users_name_and_attributes_reach_the_span() {
    let telemetry = telemetry();
    let layer = TraceLayer::http_server()
        .with_span_name(|request| format!("api {}", request.method))
        .with_request_attributes(|request, attributes| {
            if let Some(id) = request.headers.get("x-request-id").and_then(|id| id.to_str().ok()) {
                attributes.push(KeyValue::new("request.id", id.to_owned()));
            }
        })
        .with_response_attributes(|response, attributes| {
            attributes.push(KeyValue::new("cache", response.headers.contains_key("x-cache")));
        });
    let mut request = get("/users/7");
    request.headers_mut().insert("x-request-id", HeaderValue::from_static("req-42"));
    let mut headers = HeaderMap::new();
    headers.insert("x-cache", HeaderValue::from_static("hit"));
    exchange(layer, request, StatusCode::OK, headers);
    let span = telemetry.span("api GET");
    assert_eq!(attribute(&span, "request.id"), Some(Value::from("req-42")));
    assert_eq!(attribute(&span, "cache"), Some(Value::from(true)));
    assert_eq!(attribute(&span, "http.request.method"), Some(Value::from("GET")), "the conventions' stay");
}

#[test]
fn the_failure_classifier_decides_which_statuses_are_errors() {
    let telemetry = telemetry();
    // By default a client's 404 is an error.
    exchange(TraceLayer::http_client(), get("http://127.0.0.1:1/users/7"), StatusCode::NOT_FOUND, HeaderMap::new());
    assert!(is_error(&telemetry.span("GET")));

    let telemetry = {
        drop(telemetry);
        common::telemetry()
    };
    let lookup = TraceLayer::http_client().with_failure(|outcome| match outcome {
        Outcome::Http(status) => status.is_server_error(),
        _ => true,
    });
    exchange(lookup.clone(), get("http://127.0.0.1:1/users/7"), StatusCode::NOT_FOUND, HeaderMap::new());
    let span = telemetry.span("GET");
    assert!(!is_error(&span), "a 404 that is an answer");
    assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::from(404_i64)));
    exchange(lookup, get("http://127.0.0.1:1/users/7"), StatusCode::BAD_GATEWAY, HeaderMap::new());
    assert_eq!(telemetry.spans().iter().filter(|span| is_error(span)).count(), 1, "a 502 still is one");

    // A server's 4xx is not an error by default; a classifier can make it one.
    let strict = TraceLayer::http_server()
        .with_failure(|outcome| matches!(outcome, Outcome::Http(status) if !status.is_success()));
    exchange(strict, get("/users/7"), StatusCode::CONFLICT, HeaderMap::new());
    assert_eq!(telemetry.spans().iter().filter(|span| is_error(span)).count(), 2);
}

#[test]
fn grpc_codes_go_through_the_classifier_too() {
    let telemetry = telemetry();
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/grpc"));
    headers.insert("grpc-status", HeaderValue::from_static("5"));
    let uri = "http://127.0.0.1:1/shop.Inventory/Reserve";
    exchange(TraceLayer::grpc_client(), get(uri), StatusCode::OK, headers.clone());
    assert!(is_error(&telemetry.span("shop.Inventory/Reserve")), "NOT_FOUND fails a client by default");

    let telemetry = {
        drop(telemetry);
        common::telemetry()
    };
    let lenient = TraceLayer::grpc_client().with_failure(|outcome| !matches!(outcome, Outcome::Grpc(0 | 5)));
    exchange(lenient, get(uri), StatusCode::OK, headers);
    let span = telemetry.span("shop.Inventory/Reserve");
    assert!(!is_error(&span));
    assert_eq!(attribute(&span, "rpc.response.status_code"), Some(Value::from("NOT_FOUND")));
}

/// The layers `TraceLayer` replaced still build the same spans, with a deprecation warning.
#[test]
#[allow(deprecated)]
fn the_replaced_layers_still_trace() {
    let telemetry = telemetry();
    let server = traced::http::ServerLayer::new().layer(tower::service_fn(|_request: Request<Full<Bytes>>| async {
        Ok::<_, Infallible>(Response::new(Full::new(Bytes::new())))
    }));
    let _: traced::http::ServerService<_> = server.clone();
    block_on(server.oneshot(get("/users/7"))).unwrap();
    let client = traced::http::ClientLayer::new().with_sensitive_query_keys(["ticket"]).layer(tower::service_fn(
        |_request: Request<Full<Bytes>>| async { Ok::<_, Infallible>(Response::new(Full::new(Bytes::new()))) },
    ));
    block_on(client.oneshot(get("http://127.0.0.1:1/a?ticket=t0p"))).unwrap();
    let grpc = traced::grpc::ClientLayer::new().layer(tower::service_fn(|_request: Request<Full<Bytes>>| async {
        Ok::<_, Infallible>(Response::new(Full::new(Bytes::new())))
    }));
    drop(block_on(grpc.oneshot(get("http://127.0.0.1:1/shop.Inventory/Reserve"))).unwrap());
    let _ = traced::grpc::ServerLayer::new();
    let spans = telemetry.spans();
    assert_eq!(common::names(&spans).len(), 3, "{:?}", common::names(&spans));
    let client = spans.iter().find(|span| span.span_kind == opentelemetry::trace::SpanKind::Client).unwrap();
    assert_eq!(attribute(client, "url.full"), Some(Value::from("http://127.0.0.1:1/a?ticket=REDACTED")));
}

#[traced::traced(name = "tenants.lookup")]
fn tenant() -> &'static str {
    "acme"
}

/// A hook may call `#[traced]` functions, and one that panics is left out: the request goes through either way.
#[test]
fn hooks_that_trace_or_panic_leave_the_exchange_alone() {
    let telemetry = telemetry();
    let tracing_hook = TraceLayer::http_client()
        .with_request_attributes(|_, attributes| attributes.push(KeyValue::new("tenant", tenant())));
    exchange(tracing_hook, get("http://127.0.0.1:1/a"), StatusCode::OK, HeaderMap::new());
    assert_eq!(attribute(&telemetry.span("GET"), "tenant"), Some(Value::from("acme")));

    let telemetry = {
        drop(telemetry);
        common::telemetry()
    };
    let panicking = TraceLayer::grpc_client()
        .with_skip(|_| panic!("skip hook"))
        .with_span_name(|_| panic!("name hook"))
        .with_request_attributes(|_, _| panic!("request hook"))
        .with_response_attributes(|_, _| panic!("response hook"))
        .with_failure(|_| panic!("failure hook"));
    let mut headers = HeaderMap::new();
    headers.insert("grpc-status", HeaderValue::from_static("5"));
    exchange(panicking, get("http://127.0.0.1:1/shop.Inventory/Reserve"), StatusCode::OK, headers);
    let span = telemetry.span("shop.Inventory/Reserve");
    assert!(is_error(&span), "the side's own rule stands: NOT_FOUND fails a client");
}

/// A handler that sets `Ok` from its body, then answers `status`.
fn handled_ok(status: StatusCode) -> opentelemetry_sdk::trace::SpanData {
    let telemetry = telemetry();
    let inner = tower::service_fn(move |_: Request<Full<Bytes>>| {
        traced::set_status(traced::Status::Ok);
        let mut response = Response::new(Full::new(Bytes::new()));
        *response.status_mut() = status;
        async move { Ok::<_, Infallible>(response) }
    });
    let response = block_on(TraceLayer::http_server().layer(inner).oneshot(get("/pay"))).expect("infallible");
    block_on(response.into_body().collect()).unwrap();
    telemetry.span("GET")
}

#[test]
fn a_failed_exchange_ends_in_error_even_after_the_handler_set_ok() {
    assert_eq!(handled_ok(StatusCode::OK).status, traced::Status::Ok);
    assert!(is_error(&handled_ok(StatusCode::INTERNAL_SERVER_ERROR)));
}
