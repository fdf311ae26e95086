//! What `traced::http::TraceLayer::http_server()` adds to a request: the same axum handler called with and without the layer,
//! in one binary, the request and its response body handled in memory (no sockets, so the ratio is the layer's own
//! cost, not hidden behind network noise). Spans go to a do-nothing exporter through the simple processor.
//!
//! Run with `bash benches/http-layer.sh`, which prints the ratios; compare rows of one run, not runs.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use axum::body::Body;
use axum::routing::get;
use axum::Router;
use criterion::{criterion_group, criterion_main, Criterion};
use http::Request;
use http_body_util::BodyExt;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SdkTracerProvider, SpanData, SpanExporter};
use tower::ServiceExt;

/// Exports nothing, at once.
#[derive(Debug)]
struct Discard;

impl SpanExporter for Discard {
    async fn export(&self, _batch: Vec<SpanData>) -> OTelSdkResult {
        Ok(())
    }
}

fn app() -> Router {
    Router::new().route("/users/{id}", get(|| async { "ada" }))
}

/// One request through `app`, its body read to the end: not inlined, so that callgrind counts one call a request.
#[inline(never)]
fn request(app: &Router) -> usize {
    let request = Request::get("/users/42")
        .header("host", "127.0.0.1:3000")
        .header("user-agent", "bench/1.0")
        .body(Body::empty())
        .expect("request");
    run(async {
        let response = app.clone().oneshot(request).await.expect("infallible");
        response.into_body().collect().await.expect("in-memory body").to_bytes().len()
    })
}

/// Polls a future that never waits.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("the benchmarked handler never waits"),
    }
}

fn http_layer(c: &mut Criterion) {
    // `with_state(())` turns each route into its service once, as `axum::serve` does: without it axum converts the
    // handler, and applies the layers to it, on every request.
    let bare = app().with_state(());
    let traced = app().layer(traced::http::TraceLayer::http_server()).with_state(());

    c.bench_function("http handler without the layer", |b| b.iter(|| request(black_box(&bare))));
    c.bench_function("http handler with TraceLayer, no provider installed", |b| b.iter(|| request(black_box(&traced))));

    let sampled = SdkTracerProvider::builder().with_simple_exporter(Discard).build();
    traced::set_tracer_provider(sampled.clone());
    c.bench_function("http handler with TraceLayer, sampled", |b| b.iter(|| request(black_box(&traced))));

    // Set-up's sampler, as a service uses it: a root it drops is decided before the SDK is asked.
    let dropped = traced::builder().with_sampling_rate(0.0).with_exporter(traced::setup::Exporter::None).install();
    c.bench_function("http handler with TraceLayer, dropped by the sampler", |b| {
        b.iter(|| request(black_box(&traced)))
    });
    let _ = sampled.shutdown();
    drop(dropped);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .measurement_time(std::time::Duration::from_secs(3))
        .warm_up_time(std::time::Duration::from_secs(1));
    targets = http_layer
}
criterion_main!(benches);
