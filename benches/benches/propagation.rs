//! What reading an incoming trace context costs, by the size of its `tracestate`: the propagator set-up installs
//! (`traced::propagation::TraceContext`) next to opentelemetry's own `TraceContextPropagator`, in one binary, on
//! the same `http::HeaderMap`s. A list past the spec's 32 members is dropped; the work should stop there.
//!
//! Run with `bash benches/propagation.sh`, which prints the ratios; compare rows of one run, not runs.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use http::{HeaderMap, HeaderValue};
use opentelemetry::global;
use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::TraceContextExt;
use opentelemetry_sdk::propagation::TraceContextPropagator;

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// A request's headers with a `tracestate` of `members` members (`extra` appended).
fn headers(members: usize, extra: &str) -> HeaderMap {
    let mut list: Vec<String> = (0..members).map(|i| format!("vendor{i}=value{i}")).collect();
    list.extend((!extra.is_empty()).then(|| extra.to_owned()));
    let mut headers = HeaderMap::new();
    headers.insert("traceparent", HeaderValue::from_static(TRACEPARENT));
    headers.insert("tracestate", HeaderValue::from_str(&list.join(",")).expect("a header value"));
    headers
}

/// A header map for opentelemetry's propagator, read the way its `opentelemetry-http` crate reads one.
struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(http::HeaderName::as_str).collect()
    }
}

/// Extracts `headers` with the global propagator, as `traced::propagation::extract_headers` does.
fn traced_extract(headers: &HeaderMap) -> bool {
    traced::propagation::extract_headers(headers).span().span_context().is_valid()
}

fn propagation(c: &mut Criterion) {
    global::set_text_map_propagator(traced::propagation::TraceContext::new());
    let sdk = TraceContextPropagator::new();
    let cases = [
        ("2 members", headers(2, "")),
        ("32 members", headers(32, "")),
        ("32 with foo@@bar", headers(31, "foo@@bar=1")),
        ("1000 members", headers(1000, "")),
    ];
    for (name, headers) in &cases {
        c.bench_function(&format!("traced, tracestate of {name}"), |b| b.iter(|| traced_extract(black_box(headers))));
        c.bench_function(&format!("opentelemetry, tracestate of {name}"), |b| {
            b.iter(|| sdk.extract(&Headers(black_box(headers))).has_active_span())
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .measurement_time(std::time::Duration::from_secs(2))
        .warm_up_time(std::time::Duration::from_millis(500));
    targets = propagation
}
criterion_main!(benches);
