//! One sampling decision per sampler, for a root span (no parent) on a fresh trace id.
//!
//! Run with `cargo bench -p traced-benches --bench sampling`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use opentelemetry::trace::{SpanKind, TraceId};
use opentelemetry_sdk::trace::{Sampler, ShouldSample};
use traced::sampling::{parent_based, AdaptiveSampler, Conditional, ProbabilitySampler};
use traced::KeyValue;

fn decide(c: &mut Criterion, name: &str, sampler: &dyn ShouldSample) {
    let mut id = 0x9e37_79b9_7f4a_7c15_u128;
    c.bench_function(name, |b| {
        b.iter(|| {
            id = id.wrapping_mul(0x2545_f491_4f6c_dd1d).wrapping_add(1);
            black_box(sampler.should_sample(None, TraceId::from(id), "orders.create", &SpanKind::Server, &[], &[]))
        })
    });
}

fn samplers(c: &mut Criterion) {
    decide(c, "sdk always_on", &Sampler::AlwaysOn);
    decide(c, "sdk traceidratio 0.01", &Sampler::TraceIdRatioBased(0.01));
    decide(c, "probability 0.01", &ProbabilitySampler::new(0.01).unwrap());
    decide(c, "probability 1.0", &ProbabilitySampler::new(1.0).unwrap());
    decide(c, "adaptive 100/s", &AdaptiveSampler::new(100.0, 1000).unwrap());
    decide(c, "parent_based(probability 0.01)", &parent_based(ProbabilitySampler::new(0.01).unwrap()));
    let conditional = Conditional::new(ProbabilitySampler::new(0.01).unwrap())
        .always_if_attribute(KeyValue::new("customer.tier", "enterprise"))
        .always_if_name("payment.refund");
    decide(c, "conditional(probability 0.01), no match", &conditional);
}

#[traced::traced(name = "bench.work", fields(kind = "static", n))]
#[inline(never)]
fn work(n: i64) -> Result<i64, String> {
    Ok(black_box(n) + 1)
}

/// A `#[traced]` call whose span the sampler drops: plainly, and recorded anyway under `with_keep_errors`.
fn dropped_spans(c: &mut Criterion) {
    for keep_errors in [false, true] {
        let guard = traced::builder()
            .with_sampler(ProbabilitySampler::new(0.0).unwrap())
            .with_keep_errors(keep_errors)
            .with_exporter(traced::setup::Exporter::None)
            .install()
            .unwrap();
        let name = if keep_errors { "dropped span, keep_errors" } else { "dropped span" };
        c.bench_function(name, |b| b.iter(|| black_box(work(black_box(1)))));
        drop(guard);
    }
}

criterion_group!(benches, samplers, dropped_spans);
criterion_main!(benches);
