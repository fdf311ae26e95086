//! What instrumenting one trivial function costs, side by side in one binary: `#[traced]` against hand-written
//! OpenTelemetry, `#[tracing::instrument]` with tracing-opentelemetry, and fastrace. Each row instruments the same
//! `#[inline(never)]` function with two attributes (a static string and an `i64`); spans go to a do-nothing
//! exporter through the simple processor unless the row says otherwise.
//!
//! Run with `cargo bench -p traced-benches --bench overhead`; compare rows of one run (ratios), not runs.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};

use criterion::{criterion_group, criterion_main, Criterion};
use opentelemetry::trace::{TraceContextExt, Tracer, TracerProvider as _};
use opentelemetry::{global, Context, KeyValue};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider, SpanData, SpanExporter};
use traced::SpanAttributes;

/// Exports nothing, at once.
#[derive(Debug)]
struct Discard;

impl SpanExporter for Discard {
    async fn export(&self, _batch: Vec<SpanData>) -> OTelSdkResult {
        Ok(())
    }
}

#[inline(never)]
fn work(n: i64) -> i64 {
    black_box(n) + 1
}

#[traced::traced(name = "bench.work", fields(kind = "static", n))]
#[inline(never)]
fn traced_work(n: i64) -> i64 {
    work(n)
}

#[traced::traced(name = "bench.work", fields(kind = "static", n))]
#[inline(never)]
async fn traced_async(n: i64) -> i64 {
    work(n)
}

#[traced::traced(name = "bench.work", fields(kind = "static", n))]
#[inline(never)]
fn traced_error(n: i64) -> Result<i64, String> {
    Err(format!("failed {}", work(n)))
}

#[derive(SpanAttributes)]
struct Order {
    id: &'static str,
    amount: f64,
    items: i64,
    express: bool,
    #[redact]
    card_number: &'static str,
}

#[traced::traced(name = "bench.order", fields(order))]
#[inline(never)]
fn traced_struct(order: &Order) -> i64 {
    work(order.items) + i64::from(order.card_number.is_empty())
}

#[tracing::instrument(fields(kind = "static"))]
#[inline(never)]
fn tracing_work(n: i64) -> i64 {
    work(n)
}

#[fastrace::trace(properties = { "kind": "static", "n": "{n}" })]
#[inline(never)]
fn fastrace_work(n: i64) -> i64 {
    work(n)
}

/// Polls a future that never waits.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut TaskContext::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("the benchmarked futures never wait"),
    }
}

fn hand_written(tracer: &impl Tracer<Span: Send + Sync + 'static>) -> i64 {
    let span = tracer
        .span_builder("bench.work")
        .with_attributes([KeyValue::new("kind", "static"), KeyValue::new("n", 1_i64)])
        .start(tracer);
    let cx = Context::current_with_span(span);
    let attached = cx.clone().attach();
    let value = work(black_box(1));
    drop(attached);
    cx.span().end();
    value
}

fn overhead(c: &mut Criterion) {
    c.bench_function("baseline", |b| b.iter(|| work(black_box(1))));
    // Before anything is installed: the global provider is OpenTelemetry's no-op one.
    c.bench_function("traced, no provider installed (c)", |b| b.iter(|| traced_work(black_box(1))));

    let sampled = SdkTracerProvider::builder().with_simple_exporter(Discard).build();
    traced::set_tracer_provider(sampled.clone());
    c.bench_function("traced sampled", |b| b.iter(|| traced_work(black_box(1))));
    c.bench_function("traced async sampled", |b| b.iter(|| run(traced_async(black_box(1)))));
    c.bench_function("traced sampled, Err path", |b| b.iter(|| traced_error(black_box(1))));
    let order = Order { id: "o-1", amount: 9.5, items: 3, express: true, card_number: "4111" };
    c.bench_function("traced sampled, SpanAttributes of 5 fields", |b| b.iter(|| traced_struct(black_box(&order))));
    let tracer = global::tracer("bench");
    c.bench_function("hand-written OpenTelemetry sampled", |b| b.iter(|| hand_written(&tracer)));

    let batch = SdkTracerProvider::builder().with_batch_exporter(Discard).build();
    traced::set_tracer_provider(batch.clone());
    c.bench_function("traced sampled, batch processor", |b| b.iter(|| traced_work(black_box(1))));

    // Set-up's own provider, no exporter: its roots are decided ahead of the SDK and carry the random flag.
    let setup = traced::builder().with_exporter(traced::setup::Exporter::None).install().unwrap();
    c.bench_function("traced sampled, set-up's provider", |b| b.iter(|| traced_work(black_box(1))));
    drop(setup);

    let guard =
        traced::builder().with_sampling_rate(0.0).with_exporter(traced::setup::Exporter::None).install().unwrap();
    c.bench_function("traced unsampled, root dropped by the sampler (a)", |b| b.iter(|| traced_work(black_box(1))));
    {
        let root = global::tracer("bench").start("root");
        let _parent = Context::current_with_span(root).attach();
        c.bench_function("traced unsampled, under an unsampled parent (b)", |b| b.iter(|| traced_work(black_box(1))));
    }
    drop(guard);

    let off = SdkTracerProvider::builder().with_sampler(Sampler::AlwaysOff).with_simple_exporter(Discard).build();
    let off_tracer = off.tracer("bench");
    c.bench_function("hand-written OpenTelemetry unsampled", |b| b.iter(|| hand_written(&off_tracer)));

    c.bench_function("tracing, no subscriber", |b| b.iter(|| tracing_work(black_box(1))));
    {
        use tracing_subscriber::layer::SubscriberExt;
        let otel = SdkTracerProvider::builder().with_simple_exporter(Discard).build();
        let layer = tracing_opentelemetry::layer().with_tracer(otel.tracer("bench"));
        let subscriber = tracing_subscriber::registry().with(layer);
        let _default = tracing::subscriber::set_default(subscriber);
        c.bench_function("tracing + tracing-opentelemetry", |b| b.iter(|| tracing_work(black_box(1))));
    }

    fastrace::set_reporter(Nothing, fastrace::collector::Config::default());
    c.bench_function("fastrace, no root", |b| b.iter(|| fastrace_work(black_box(1))));
    {
        let root = fastrace::Span::root("root", fastrace::collector::SpanContext::random());
        let _parent = root.set_local_parent();
        c.bench_function("fastrace, inside a root", |b| b.iter(|| fastrace_work(black_box(1))));
    }
    fastrace::flush();
    let _ = (sampled.shutdown(), batch.shutdown(), off.shutdown());
}

/// Reports nothing.
struct Nothing;

impl fastrace::collector::Reporter for Nothing {
    fn report(&mut self, _spans: Vec<fastrace::collector::SpanRecord>) {}
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = overhead
}
criterion_main!(benches);
