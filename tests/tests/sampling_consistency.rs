//! Consistent probability sampling: thresholds are nested, the tracestate carries `th` across a real W3C
//! inject/extract, children follow their parent, and conditional rules keep what they name.

use std::collections::HashMap;

use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{Span, SpanKind, TraceContextExt, TraceId, TraceState, Tracer, TracerProvider};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SamplingDecision, SdkTracerProvider, ShouldSample};
use traced::sampling::{parent_based, probability_of, AdaptiveSampler, Conditional, ProbabilitySampler};

fn trace_ids(count: usize) -> impl Iterator<Item = TraceId> {
    let mut state = 42_u64;
    (0..count).map(move |_| {
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        TraceId::from(u128::from(next()) << 64 | u128::from(next()))
    })
}

fn keeps(sampler: &impl ShouldSample, trace_id: TraceId) -> bool {
    sampler.should_sample(None, trace_id, "root", &SpanKind::Server, &[], &[]).decision
        == SamplingDecision::RecordAndSample
}

#[test]
fn a_trace_kept_at_p_is_kept_at_every_larger_p() {
    let probabilities = [0.001, 0.01, 0.1, 0.25, 0.5, 0.9, 1.0];
    let samplers: Vec<ProbabilitySampler> =
        probabilities.iter().map(|&p| ProbabilitySampler::new(p).unwrap()).collect();
    let mut kept = vec![0usize; samplers.len()];
    for trace_id in trace_ids(50_000) {
        let decisions: Vec<bool> = samplers.iter().map(|sampler| keeps(sampler, trace_id)).collect();
        for i in 1..decisions.len() {
            assert!(
                !decisions[i - 1] || decisions[i],
                "{trace_id} kept at {} but not at {}",
                probabilities[i - 1],
                probabilities[i]
            );
        }
        for (count, decision) in kept.iter_mut().zip(decisions) {
            *count += usize::from(decision);
        }
    }
    for (p, count) in probabilities.iter().zip(kept) {
        let share = count as f64 / 50_000.0;
        assert!((share - p).abs() <= 0.01 + p * 0.1, "p = {p}: kept {share}");
    }
}

#[test]
fn kept_spans_carry_the_threshold_of_their_probability() {
    let sampler = ProbabilitySampler::new(0.1).unwrap();
    let trace_id = trace_ids(1000).find(|id| keeps(&sampler, *id)).unwrap();
    let result = sampler.should_sample(None, trace_id, "root", &SpanKind::Server, &[], &[]);
    assert_eq!(result.trace_state.get("ot"), Some("th:e666"));
    assert!((probability_of(&result.trace_state).unwrap() - 0.1).abs() < 1e-4);
    assert!(ProbabilitySampler::new(f64::NAN).is_err() && ProbabilitySampler::new(-0.5).is_err());
    assert!(!trace_ids(1000).any(|id| keeps(&ProbabilitySampler::new(0.0).unwrap(), id)));
}

fn provider(sampler: impl ShouldSample + 'static) -> (SdkTracerProvider, InMemorySpanExporter) {
    let exporter = InMemorySpanExporter::default();
    (SdkTracerProvider::builder().with_sampler(sampler).with_simple_exporter(exporter.clone()).build(), exporter)
}

#[test]
fn children_of_a_sampled_remote_parent_keep_its_threshold_through_w3c_headers() {
    let (service_a, _) = provider(parent_based(ProbabilitySampler::new(0.5).unwrap()));
    let (service_b, spans_b) = provider(parent_based(ProbabilitySampler::new(0.001).unwrap()));
    let tracer_a = service_a.tracer("a");
    let tracer_b = service_b.tracer("b");
    let propagator = TraceContextPropagator::new();

    // A root that service A keeps (it keeps half of them).
    let (headers, parent_state) = loop {
        let span = tracer_a.start_with_context("a.handle", &Context::new());
        if span.span_context().is_sampled() {
            let state = span.span_context().trace_state().clone();
            let cx = Context::current_with_span(span);
            let mut headers = HashMap::new();
            propagator.inject_context(&cx, &mut headers);
            break (headers, state);
        }
    };
    assert!(parent_state.get("ot").is_some_and(|ot| ot.starts_with("th:8")), "{parent_state:?}");

    let incoming = propagator.extract(&headers);
    tracer_b.start_with_context("b.handle", &incoming).end();
    let child = &spans_b.get_finished_spans().unwrap()[0];
    assert!(child.span_context.is_sampled(), "the child follows its sampled parent, whatever B's own rate");
    assert_eq!(child.span_context.trace_state().header(), parent_state.header(), "th unchanged");
    assert_eq!(headers.get("tracestate").map(String::as_str), Some("ot=th:8"));
}

#[test]
fn children_of_an_unsampled_parent_are_dropped() {
    let sampler = parent_based(ProbabilitySampler::new(1.0).unwrap());
    let parent = opentelemetry::trace::SpanContext::new(
        TraceId::from(7),
        opentelemetry::trace::SpanId::from(7),
        opentelemetry::trace::TraceFlags::default(),
        true,
        TraceState::default(),
    );
    let cx = Context::new().with_remote_span_context(parent);
    let result = sampler.should_sample(Some(&cx), TraceId::from(7), "child", &SpanKind::Internal, &[], &[]);
    assert_eq!(result.decision, SamplingDecision::Drop);
}

#[test]
fn conditional_rules_keep_matching_roots_without_using_the_inner_budget() {
    let inner = AdaptiveSampler::new(100.0, 1000).unwrap();
    let sampler = Conditional::new(ProbabilitySampler::new(0.0).unwrap())
        .always_if_name("payment.refund")
        .always_if_attribute(KeyValue::new("customer.tier", "enterprise"));
    let adaptive = Conditional::new(inner.clone()).always_if(|name, _| name == "debug.run");
    for trace_id in trace_ids(100) {
        let refund = sampler.should_sample(None, trace_id, "payment.refund", &SpanKind::Server, &[], &[]);
        assert_eq!(refund.decision, SamplingDecision::RecordAndSample);
        assert_eq!(refund.trace_state.get("ot"), Some("th:0"));
        let tier = [KeyValue::new("customer.tier", "enterprise")];
        assert!(
            sampler.should_sample(None, trace_id, "orders.create", &SpanKind::Server, &tier, &[]).decision
                == SamplingDecision::RecordAndSample
        );
        assert!(!keeps(&sampler, trace_id), "the rest goes to the inner sampler, which keeps nothing here");
        assert!(keeps(&adaptive, trace_id));
    }
    assert_eq!(
        adaptive.should_sample(None, TraceId::from(9), "debug.run", &SpanKind::Server, &[], &[]).decision,
        SamplingDecision::RecordAndSample
    );
    assert_eq!(inner.snapshot().seen, 100, "rule matches did not reach the inner sampler");
}
