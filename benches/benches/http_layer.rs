//! What `traced::http::TraceLayer::http_server()` adds to a request, against its peers (opentelemetry-instrumentation-tower
//! and axum-tracing-opentelemetry): the same axum handler called with and without each, in one binary, the request and its response body handled in memory (no sockets, so the ratio is the layer's own
//! cost, not hidden behind network noise). Spans go to a do-nothing exporter through the simple processor.
//!
//! The gRPC rows time a server-streaming call through `TraceLayer::grpc_server()` in the same way: one request
//! message in tonic's body, a hundred response messages of one frame each, with message events on (the default
//! bound, so 64 events and the rest counted), counted only (a bound of 0) and off.
//!
//! The client rows: `TraceLayer::http_client()` over an in-memory transport, with and without connection events,
//! on a pooled connection (the transport connects nothing) and on a new one (the transport resolves and
//! connects through the traced resolver and connector, in memory, for every request).
//!
//! Run with `bash benches/http-layer.sh`, which prints the ratios; compare rows of one run, not runs.

use std::convert::Infallible;
use std::future::Future;
use std::hint::black_box;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};

use axum::body::{Body, HttpBody};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion};
use std::net::SocketAddr;

use http::{Request, Response, Uri};
use http_body::Frame;
use http_body_util::BodyExt;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::client::legacy::connect::Connected;
use opentelemetry::global;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider, SpanData, SpanExporter};
use tower::{service_fn, Layer, Service, ServiceExt};
use traced::http::{TraceLayer, TracedConnector, TracedResolver};
use tracing_subscriber::layer::SubscriberExt;

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

/// The messages of the streamed response.
const REPLIES: u32 = 100;

/// A gRPC message of 20 bytes of payload, framed.
static MESSAGE: &[u8] = b"\0\0\0\0\x14twenty bytes of data";

/// A streamed gRPC response in memory: `REPLIES` frames of one message each, then the OK trailers.
struct Replies(u32);

impl http_body::Body for Replies {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let frame = match self.0 {
            0 => return Poll::Ready(None),
            1 => {
                let mut trailers = http::HeaderMap::new();
                trailers.insert("grpc-status", http::HeaderValue::from_static("0"));
                Frame::trailers(trailers)
            }
            _ => Frame::data(Bytes::from_static(MESSAGE)),
        };
        self.0 -= 1;
        Poll::Ready(Some(Ok(frame)))
    }
}

/// One server-streaming call through `service`, both bodies read to the end: not inlined, as `request`.
#[inline(never)]
fn grpc_call<S, B>(service: &S) -> usize
where
    S: tower::Service<Request<tonic::body::Body>, Response = http::Response<B>> + Clone,
    S::Error: std::fmt::Debug,
    B: http_body::Body<Data = Bytes>,
    B::Error: std::fmt::Debug,
{
    let body = tonic::body::Body::new(http_body_util::Full::new(Bytes::from_static(MESSAGE)));
    let request = Request::post("/traced.bench.Stock/Watch").body(body).expect("request");
    run(async {
        let response = service.clone().oneshot(request).await.expect("infallible");
        response.into_body().collect().await.expect("in-memory body").to_bytes().len()
    })
}

fn grpc_layer(c: &mut Criterion) {
    let provider = SdkTracerProvider::builder().with_simple_exporter(Discard).build();
    global::set_tracer_provider(provider.clone());
    // Reads the request to its end, as tonic's server does, then streams the replies.
    let handler = service_fn(|request: Request<tonic::body::Body>| async move {
        black_box(request.into_body().collect().await.expect("in-memory body"));
        // The replies, then the trailers.
        Ok::<_, Infallible>(http::Response::new(Replies(REPLIES + 1)))
    });
    c.bench_function(&format!("grpc stream of {REPLIES} replies without the layer"), |b| {
        b.iter(|| grpc_call(black_box(&handler)))
    });
    let layer = traced::http::TraceLayer::grpc_server();
    for (how, layer) in [
        ("message events on", layer.clone()),
        ("messages counted, no events", layer.clone().with_message_events(0)),
        ("message events off", layer.without_message_events()),
    ] {
        let service = layer.layer(handler);
        c.bench_function(&format!("grpc stream of {REPLIES} replies with TraceLayer, sampled, {how}"), |b| {
            b.iter(|| grpc_call(black_box(&service)))
        });
    }
    let _ = provider.shutdown();
}

fn http_layer(c: &mut Criterion) {
    // `with_state(())` turns each route into its service once, as `axum::serve` does: without it axum converts the
    // handler, and applies the layers to it, on every request.
    let bare = app().with_state(());
    let traced = app().layer(traced::http::TraceLayer::http_server()).with_state(());
    // Tracing alone: the middleware records metrics too by default, which no other row does.
    let otel_tower = opentelemetry_instrumentation_tower::http::server::LayerBuilder::builder()
        .with_metrics(false)
        .build()
        .expect("the tower middleware builds");
    let otel_tower = app().layer(otel_tower).with_state(());
    let axum_tracing = app().layer(axum_tracing_opentelemetry::middleware::OtelAxumLayer::default()).with_state(());

    c.bench_function("http handler without the layer", |b| b.iter(|| request(black_box(&bare))));
    c.bench_function("http handler with TraceLayer, no provider installed", |b| b.iter(|| request(black_box(&traced))));

    // Installed the way most services do, through opentelemetry itself, with the W3C propagator every row reads.
    global::set_text_map_propagator(TraceContextPropagator::new());
    for (how, sampler) in [("sampled", Sampler::AlwaysOn), ("dropped by the SDK's sampler", Sampler::AlwaysOff)] {
        let provider = SdkTracerProvider::builder().with_sampler(sampler).with_simple_exporter(Discard).build();
        global::set_tracer_provider(provider.clone());
        c.bench_function(&format!("http handler with TraceLayer, {how}"), |b| b.iter(|| request(black_box(&traced))));
        c.bench_function(&format!("http handler with opentelemetry-instrumentation-tower, {how}"), |b| {
            b.iter(|| request(black_box(&otel_tower)))
        });
        // axum-tracing-opentelemetry makes `tracing` spans, which tracing-opentelemetry turns into OpenTelemetry ones.
        let subscriber =
            tracing_subscriber::registry().with(tracing_opentelemetry::layer().with_tracer(provider.tracer("bench")));
        tracing::subscriber::with_default(subscriber, || {
            c.bench_function(&format!("http handler with axum-tracing-opentelemetry, {how}"), |b| {
                b.iter(|| request(black_box(&axum_tracing)))
            });
        });
        let _ = provider.shutdown();
    }

    // Set-up's sampler, as a service uses it: a root it drops is decided before the SDK is asked.
    let dropped = traced::builder().with_sampling_rate(0.0).with_exporter(traced::setup::Exporter::None).install();
    c.bench_function("http handler with TraceLayer, dropped by set-up's sampler", |b| {
        b.iter(|| request(black_box(&traced)))
    });
    drop(dropped);
}

/// A connection made in memory.
struct Connection;

impl hyper_util::client::legacy::connect::Connection for Connection {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

/// A transport answering 200 at once; with `connector`, it first makes a connection through it, as a client with
/// an empty pool does.
fn transport<C>(
    connector: Option<C>,
) -> impl Service<Request<()>, Response = Response<String>, Error = Infallible, Future: Send> + Clone
where
    C: Service<Uri, Response = Connection, Error = std::io::Error, Future: Send> + Clone + Send + 'static,
{
    service_fn(move |request: Request<()>| {
        let connector = connector.clone();
        async move {
            if let Some(connector) = connector {
                connector.oneshot(request.uri().clone()).await.expect("in-memory connect");
            }
            Ok(Response::new(String::new()))
        }
    })
}

/// A connector that resolves the host through a traced resolver (always 127.0.0.1), then connects in memory.
fn connector() -> impl Service<Uri, Response = Connection, Error = std::io::Error, Future: Send> + Clone + Send + 'static
{
    let resolver = TracedResolver::new(service_fn(|_: Name| async {
        Ok::<_, std::io::Error>(vec![SocketAddr::from(([127, 0, 0, 1], 3000))].into_iter())
    }));
    TracedConnector::new(service_fn(move |uri: Uri| {
        let resolver = resolver.clone();
        async move {
            let name = uri.host().unwrap_or_default().parse::<Name>().map_err(std::io::Error::other)?;
            resolver.oneshot(name).await?;
            Ok(Connection)
        }
    }))
}

/// One client request, its body read to the end: not inlined, so that callgrind counts one call a request.
#[inline(never)]
fn client_request<S, B>(client: &S) -> usize
where
    S: Service<Request<()>, Response = Response<B>, Error = Infallible> + Clone,
    B: HttpBody<Error: std::fmt::Debug>,
{
    let request = Request::get("http://users.internal:3000/users/42").body(()).expect("request");
    run(async {
        let response = client.clone().oneshot(request).await.expect("infallible");
        response.into_body().collect().await.expect("in-memory body").to_bytes().len()
    })
}

fn http_client_layer(c: &mut Criterion) {
    let provider = SdkTracerProvider::builder().with_simple_exporter(Discard).build();
    global::set_tracer_provider(provider.clone());
    let pooled = transport(None::<BoxConnector>);
    let fresh = transport(Some(BoxConnector::new(connector())));
    let events = TraceLayer::http_client().with_connection_events();
    row(c, "http client without the layer, pooled connection", pooled.clone());
    row(c, "http client with TraceLayer, pooled connection", TraceLayer::http_client().layer(pooled.clone()));
    row(c, "http client with TraceLayer and connection events, pooled connection", events.layer(pooled));
    row(c, "http client without the layer, new connection", fresh.clone());
    row(c, "http client with TraceLayer, new connection", TraceLayer::http_client().layer(fresh.clone()));
    row(c, "http client with TraceLayer and connection events, new connection", events.layer(fresh));
    let _ = provider.shutdown();
}

/// A row of `client` requests.
fn row<S, B>(c: &mut Criterion, name: &str, client: S)
where
    S: Service<Request<()>, Response = Response<B>, Error = Infallible> + Clone,
    B: HttpBody<Error: std::fmt::Debug>,
{
    c.bench_function(name, |b| b.iter(|| client_request(black_box(&client))));
}

type BoxConnector = tower::util::BoxCloneSyncService<Uri, Connection, std::io::Error>;

criterion_group! {
    name = benches;
    config = Criterion::default()
        .measurement_time(std::time::Duration::from_secs(3))
        .warm_up_time(std::time::Duration::from_secs(1));
    targets = http_layer, grpc_layer, http_client_layer
}
criterion_main!(benches);
