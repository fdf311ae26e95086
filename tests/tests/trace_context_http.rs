//! W3C Trace Context through a real service written the README's way, as the official harness drives one: a
//! request with each case's headers reaches an axum service behind `traced::http::ServerLayer` (set up by
//! `traced::builder()`), whose handler calls back over reqwest with `traced::reqwest::TracingMiddleware`; the
//! callback's headers are what the service sent on.

mod common;

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::routing::post;
use axum::Router;
use common::services::{runtime, Server};
use common::w3c::{self, Parent, PARENT_ID, TRACE_ID};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
use traced::Exporter;

#[derive(Clone)]
struct Service {
    client: ClientWithMiddleware,
    callback: String,
}

async fn call_back(State(service): State<Service>) {
    service.client.post(&service.callback).send().await.expect("callback");
}

type Received = Arc<Mutex<Vec<HeaderMap>>>;

async fn record(State(received): State<Received>, headers: HeaderMap) {
    received.lock().unwrap().push(headers);
}

/// The case's headers as an HTTP request can carry them; `None` when one cannot be sent (a NUL byte, say),
/// which the propagator's own table covers.
fn request_headers(case: &w3c::Case) -> Option<HeaderMap> {
    let mut headers = HeaderMap::new();
    for (name, value) in &case.headers {
        headers.append(HeaderName::try_from(*name).ok()?, HeaderValue::from_bytes(value.as_bytes()).ok()?);
    }
    Some(headers)
}

// One test: it installs the process-wide provider and propagator.
#[test]
fn each_rule_of_the_harness_holds_through_a_traced_service() {
    let guard = traced::builder().with_exporter(Exporter::None).install().unwrap();
    runtime().block_on(async {
        let received = Received::default();
        let harness = Server::http(Router::new().route("/callback", post(record)).with_state(received.clone())).await;
        let service = Service {
            client: ClientBuilder::new(reqwest::Client::new()).with(traced::reqwest::TracingMiddleware::new()).build(),
            callback: harness.url("/callback"),
        };
        let app =
            Router::new().route("/test", post(call_back)).with_state(service).layer(traced::http::ServerLayer::new());
        let server = Server::http(app).await;
        let plain = reqwest::Client::new();

        let mut checked = 0;
        for case in w3c::traceparent_cases().into_iter().chain(w3c::tracestate_cases()) {
            let Some(headers) = request_headers(&case) else { continue };
            plain.post(server.url("/test")).headers(headers).send().await.expect("request").error_for_status().unwrap();
            let sent = received.lock().unwrap().pop().expect("the service called back");
            let parents: Vec<&str> = sent.get_all("traceparent").iter().map(|value| value.to_str().unwrap()).collect();
            let [parent] = parents.as_slice() else { panic!("{}: one traceparent, got {parents:?}", case.name) };
            let fields: Vec<&str> = parent.split('-').collect();
            let [version, trace_id, parent_id, flags] = fields.as_slice() else { panic!("{}: {parent}", case.name) };
            assert_eq!(*version, "00", "{}", case.name);
            assert_ne!(*parent_id, PARENT_ID, "{}: the service's own span is the parent", case.name);
            match case.parent {
                Parent::Kept(expected) => {
                    assert_eq!(*trace_id, TRACE_ID, "{}: same trace", case.name);
                    assert_eq!(*flags, format!("{expected:02x}"), "{}: sampled and random kept", case.name);
                }
                Parent::Restarted => {
                    assert_ne!(*trace_id, TRACE_ID, "{}: a new trace", case.name);
                    assert_eq!(*flags, "03", "{}: a new root, sampled, its id random", case.name);
                }
            }
            let states: Vec<&str> = sent.get_all("tracestate").iter().map(|value| value.to_str().unwrap()).collect();
            assert_eq!(states.join(","), case.tracestate, "{}", case.name);
            checked += 1;
        }
        assert!(checked > 90, "only {checked} cases could be sent");
        server.stop().await;
        harness.stop().await;
    });
    drop(guard);
}
