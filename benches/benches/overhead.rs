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
use opentelemetry::trace::{
    SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState, Tracer, TracerProvider as _,
};
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

/// `#[traced]` and hand-written code recording the same `n` fields (each an `i64`), for the per-field cost.
macro_rules! with_fields {
    ($traced:ident, $hand_written:ident, $($key:ident),*) => {
        #[traced::traced(name = "bench.fields", fields($($key = n),*))]
        #[inline(never)]
        fn $traced(n: i64) -> i64 {
            work(n)
        }

        #[inline(never)]
        fn $hand_written(tracer: &impl Tracer<Span: Send + Sync + 'static>) -> i64 {
            let n = black_box(1_i64);
            let span = tracer.span_builder("bench.fields").with_attributes([$(KeyValue::new(stringify!($key), n)),*]).start(tracer);
            around_work(span)
        }
    };
}

#[traced::traced(name = "bench.fields")]
#[inline(never)]
fn traced_0(n: i64) -> i64 {
    work(n)
}

#[inline(never)]
fn hand_written_0(tracer: &impl Tracer<Span: Send + Sync + 'static>) -> i64 {
    around_work(tracer.span_builder("bench.fields").start(tracer))
}

/// What hand-written code does with a span it started: make it current for the body, then end it.
#[inline(always)]
fn around_work(span: impl opentelemetry::trace::Span + Send + Sync + 'static) -> i64 {
    let cx = Context::current_with_span(span);
    let attached = cx.clone().attach();
    let value = work(black_box(1));
    drop(attached);
    cx.span().end();
    value
}

with_fields!(traced_8, hand_written_8, k00, k01, k02, k03, k04, k05, k06, k07);
with_fields!(
    traced_32,
    hand_written_32,
    k00,
    k01,
    k02,
    k03,
    k04,
    k05,
    k06,
    k07,
    k08,
    k09,
    k10,
    k11,
    k12,
    k13,
    k14,
    k15,
    k16,
    k17,
    k18,
    k19,
    k20,
    k21,
    k22,
    k23,
    k24,
    k25,
    k26,
    k27,
    k28,
    k29,
    k30,
    k31
);

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

/// Polls a future that never waits: not inlined, so that callgrind counts one call a row's iteration.
#[inline(never)]
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut TaskContext::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("the benchmarked futures never wait"),
    }
}

// Not inlined, like the instrumented functions: each row's unit of work is one call, which callgrind counts.
#[inline(never)]
fn hand_written(tracer: &impl Tracer<Span: Send + Sync + 'static>) -> i64 {
    let span = tracer
        .span_builder("bench.work")
        .with_attributes([KeyValue::new("kind", "static"), KeyValue::new("n", 1_i64)])
        .start(tracer);
    around_work(span)
}

/// A remote parent whose trace is not sampled, as a request from a service that dropped it carries.
fn unsampled_parent() -> Context {
    let parent = SpanContext::new(
        TraceId::from(0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736),
        SpanId::from(0x00f0_67aa_0ba9_02b7),
        TraceFlags::default(),
        true,
        TraceState::NONE,
    );
    Context::new().with_remote_span_context(parent)
}

/// The three rows of one way of installing a provider: sampled, a root its sampler drops, and a call under an
/// unsampled parent. `install` installs the provider made with the given sampler.
fn install_rows(c: &mut Criterion, how: &str, install: impl Fn(Sampler) -> SdkTracerProvider) {
    let sampled = install(Sampler::ParentBased(Box::new(Sampler::AlwaysOn)));
    traced_work(1);
    c.bench_function(&format!("traced sampled, {how}"), |b| b.iter(|| traced_work(black_box(1))));
    {
        let _parent = unsampled_parent().attach();
        c.bench_function(&format!("traced under an unsampled parent, {how}"), |b| b.iter(|| traced_work(black_box(1))));
    }
    let dropped = install(Sampler::AlwaysOff);
    traced_work(1);
    c.bench_function(&format!("traced root dropped, {how}"), |b| b.iter(|| traced_work(black_box(1))));
    let _ = (sampled.shutdown(), dropped.shutdown());
}

fn provider(sampler: Sampler) -> SdkTracerProvider {
    SdkTracerProvider::builder().with_sampler(sampler).with_simple_exporter(Discard).build()
}

fn overhead(c: &mut Criterion) {
    c.bench_function("baseline", |b| b.iter(|| work(black_box(1))));
    // Before anything is installed: the global provider is OpenTelemetry's no-op one.
    c.bench_function("traced, no provider installed (c)", |b| b.iter(|| traced_work(black_box(1))));
    c.bench_function("tracing, no subscriber", |b| b.iter(|| tracing_work(black_box(1))));

    // Hand-written code holding its provider's `SdkTracer`, the reference of every ratio.
    let sampled = provider(Sampler::ParentBased(Box::new(Sampler::AlwaysOn)));
    let tracer = sampled.tracer("bench");
    c.bench_function("hand-written OpenTelemetry sampled", |b| b.iter(|| hand_written(&tracer)));
    {
        let _parent = unsampled_parent().attach();
        c.bench_function("hand-written OpenTelemetry under an unsampled parent", |b| b.iter(|| hand_written(&tracer)));
    }
    c.bench_function("hand-written OpenTelemetry, 0 attributes", |b| b.iter(|| hand_written_0(&tracer)));
    c.bench_function("hand-written OpenTelemetry, 8 attributes", |b| b.iter(|| hand_written_8(&tracer)));
    c.bench_function("hand-written OpenTelemetry, 32 attributes", |b| b.iter(|| hand_written_32(&tracer)));
    let off = provider(Sampler::AlwaysOff);
    let off_tracer = off.tracer("bench");
    c.bench_function("hand-written OpenTelemetry, root dropped", |b| b.iter(|| hand_written(&off_tracer)));

    // Most services install their provider through opentelemetry itself.
    install_rows(c, "provider via opentelemetry::global", |sampler| {
        let provider = provider(sampler);
        global::set_tracer_provider(provider.clone());
        provider
    });
    // What adopting a provider costs other instrumentation: their tracers, made before and after.
    let before = provider(Sampler::ParentBased(Box::new(Sampler::AlwaysOn)));
    global::set_tracer_provider(before.clone());
    let not_adopted = global::tracer("bench");
    traced_work(1);
    let adopted = global::tracer("bench");
    c.bench_function("hand-written through opentelemetry::global, provider not adopted", |b| {
        b.iter(|| hand_written(&not_adopted))
    });
    c.bench_function("hand-written through opentelemetry::global, provider adopted by traced", |b| {
        b.iter(|| hand_written(&adopted))
    });
    install_rows(c, "provider via traced::set_tracer_provider", |sampler| {
        let provider = provider(sampler);
        traced::set_tracer_provider(provider.clone());
        provider
    });

    traced::set_tracer_provider(sampled.clone());
    c.bench_function("traced async sampled", |b| b.iter(|| run(traced_async(black_box(1)))));
    c.bench_function("traced sampled, Err path", |b| b.iter(|| traced_error(black_box(1))));
    let order = Order { id: "o-1", amount: 9.5, items: 3, express: true, card_number: "4111" };
    c.bench_function("traced sampled, SpanAttributes of 5 fields", |b| b.iter(|| traced_struct(black_box(&order))));
    c.bench_function("traced sampled, 0 fields", |b| b.iter(|| traced_0(black_box(1))));
    c.bench_function("traced sampled, 8 fields", |b| b.iter(|| traced_8(black_box(1))));
    c.bench_function("traced sampled, 32 fields", |b| b.iter(|| traced_32(black_box(1))));

    let batch = SdkTracerProvider::builder().with_batch_exporter(Discard).build();
    traced::set_tracer_provider(batch.clone());
    c.bench_function("traced sampled, batch processor", |b| b.iter(|| traced_work(black_box(1))));

    // Set-up's own provider, no exporter: its roots are decided ahead of the SDK and carry the random flag.
    let setup = traced::builder().with_exporter(traced::setup::Exporter::None).install().unwrap();
    c.bench_function("traced sampled, set-up's provider", |b| b.iter(|| traced_work(black_box(1))));
    // The live filter: a call it filters out, and one it lets through (the check, then the sampled span).
    traced::set_filter("bench.work=off").unwrap();
    c.bench_function("traced filtered out, set-up's provider", |b| b.iter(|| traced_work(black_box(1))));
    traced::set_filter("bench.other=off").unwrap();
    c.bench_function("traced sampled, set-up's provider, a filter in force", |b| b.iter(|| traced_work(black_box(1))));
    traced::set_filter("").unwrap();
    drop(setup);

    let guard =
        traced::builder().with_sampling_rate(0.0).with_exporter(traced::setup::Exporter::None).install().unwrap();
    c.bench_function("traced unsampled, root dropped by the sampler (a)", |b| b.iter(|| traced_work(black_box(1))));
    {
        let _parent = unsampled_parent().attach();
        c.bench_function("traced unsampled, under an unsampled parent (b)", |b| b.iter(|| traced_work(black_box(1))));
    }
    drop(guard);

    // Dropped roots recorded all the same, in case they end slow (or failed), then discarded when they do not.
    let keep = |builder: traced::setup::Builder| {
        builder.with_sampling_rate(0.0).with_exporter(traced::setup::Exporter::None).install().unwrap()
    };
    let guard = keep(traced::builder().with_keep_slow(std::time::Duration::from_secs(3600)));
    c.bench_function("traced root dropped, keep_slow", |b| b.iter(|| traced_work(black_box(1))));
    drop(guard);
    let guard = keep(traced::builder().with_keep_errors(true));
    c.bench_function("traced root dropped, keep_errors", |b| b.iter(|| traced_work(black_box(1))));
    drop(guard);

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
    let _ = (sampled.shutdown(), off.shutdown(), before.shutdown(), batch.shutdown());
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
