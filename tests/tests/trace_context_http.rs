//! W3C Trace Context through a real service written the README's way, as the official harness drives one: a
//! request with each case's headers reaches an axum service behind `traced::http::TraceLayer::http_server()` (set up by
//! `traced::builder()`), whose handler calls back over reqwest with `traced::reqwest::TracingMiddleware`; the
//! callback's headers are what the service sent on.

mod common;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::routing::post;
use axum::Router;
use common::services::{runtime, Server};
use common::w3c::{self, Parent, PARENT_ID, TRACE_ID};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
use traced::setup::Exporter;

#[derive(Clone)]
struct Service {
    client: ClientWithMiddleware,
    callback: String,
}

/// Calls back `calls` times, one request after the other.
async fn call_back(State(service): State<Service>, Path(calls): Path<usize>) {
    for _ in 0..calls {
        service.client.post(&service.callback).send().await.expect("callback");
    }
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

/// The harness's side of it: a service traced the README's way, and the callback it calls.
struct Harness {
    service: Server,
    callback: Server,
    received: Received,
}

impl Harness {
    async fn start() -> Harness {
        let received = Received::default();
        let callback = Server::http(Router::new().route("/callback", post(record)).with_state(received.clone())).await;
        let service = Service {
            client: ClientBuilder::new(reqwest::Client::new()).with(traced::reqwest::TracingMiddleware::new()).build(),
            callback: callback.url("/callback"),
        };
        let app = Router::new()
            .route("/test/{calls}", post(call_back))
            .with_state(service)
            .layer(traced::http::TraceLayer::http_server());
        Harness { service: Server::http(app).await, callback, received }
    }

    /// The `(traceparent, tracestate lines)` of each call the service made for a request with `headers`.
    async fn send(&self, headers: HeaderMap, calls: usize) -> Vec<(String, Vec<String>)> {
        let url = self.service.url(&format!("/test/{calls}"));
        reqwest::Client::new().post(url).headers(headers).send().await.expect("request").error_for_status().unwrap();
        let sent: Vec<HeaderMap> = self.received.lock().unwrap().drain(..).collect();
        assert_eq!(sent.len(), calls, "one callback per call");
        let text = |headers: &HeaderMap, name| -> Vec<String> {
            headers.get_all(name).iter().map(|value| value.to_str().unwrap().to_owned()).collect()
        };
        sent.iter()
            .map(|headers| {
                let parents = text(headers, "traceparent");
                let [parent] = parents.as_slice() else { panic!("one traceparent, got {parents:?}") };
                (parent.clone(), text(headers, "tracestate"))
            })
            .collect()
    }

    async fn stop(self) {
        self.service.stop().await;
        self.callback.stop().await;
    }
}

/// `(version, trace id, parent id, flags)` of a `traceparent` sent on.
fn fields(traceparent: &str) -> [String; 4] {
    let fields: Vec<String> = traceparent.split('-').map(str::to_owned).collect();
    fields.try_into().unwrap_or_else(|fields| panic!("four fields: {fields:?}"))
}

// One test: it installs the process-wide provider and propagator.
#[test]
fn each_rule_of_the_harness_holds_through_a_traced_service() {
    let guard = traced::builder().with_exporter(Exporter::None).install().unwrap();
    runtime().block_on(async {
        let harness = Harness::start().await;
        let mut checked = 0;
        for case in w3c::traceparent_cases().into_iter().chain(w3c::tracestate_cases()) {
            let Some(headers) = request_headers(&case) else { continue };
            let sent = harness.send(headers, 1).await;
            let (parent, states) = &sent[0];
            let [version, trace_id, parent_id, flags] = fields(parent);
            assert_eq!(version, "00", "{}", case.name);
            assert_ne!(parent_id, PARENT_ID, "{}: the service's own span is the parent", case.name);
            match case.parent {
                Parent::Kept(expected) => {
                    assert_eq!(trace_id, TRACE_ID, "{}: same trace", case.name);
                    assert_eq!(flags, format!("{expected:02x}"), "{}: sampled and random kept", case.name);
                }
                Parent::Restarted => {
                    assert_ne!(trace_id, TRACE_ID, "{}: a new trace", case.name);
                    assert_eq!(flags, "03", "{}: a new root, sampled, its id random", case.name);
                }
            }
            assert_eq!(states.join(","), case.tracestate, "{}", case.name);
            checked += 1;
        }
        assert!(checked > 90, "only {checked} cases could be sent");

        // Several calls of one request: one trace, a parent id each (valid, missing and illegal traceparents).
        for (incoming, same_trace) in [
            (Some(w3c::valid("01")), true),
            (None, false),
            (Some(format!("00-{}-{PARENT_ID}-01", "0".repeat(32))), false),
        ] {
            let mut headers = HeaderMap::new();
            if let Some(incoming) = &incoming {
                headers.insert("traceparent", HeaderValue::from_str(incoming).unwrap());
            }
            let sent = harness.send(headers, 3).await;
            let traces: HashSet<String> = sent.iter().map(|(parent, _)| fields(parent)[1].clone()).collect();
            let parents: HashSet<String> = sent.iter().map(|(parent, _)| fields(parent)[2].clone()).collect();
            assert_eq!(traces.len(), 1, "{incoming:?}: one trace");
            assert_eq!(traces.contains(TRACE_ID), same_trace, "{incoming:?}");
            assert!(!traces.contains(&"0".repeat(32)), "{incoming:?}");
            assert_eq!(parents.len(), 3, "{incoming:?}: each call its own span");
        }
        harness.stop().await;
    });
    drop(guard);
}
