//! Roots that set-up's sampler decides before the SDK is asked: a dropped root skips the SDK (its attribute
//! expressions are not evaluated) yet keeps fresh unsampled ids that children and outgoing requests carry; a kept
//! root is built with the very trace id its decision was made on.

mod common;

use std::cell::Cell;

use common::outgoing_traceparent;
use opentelemetry::trace::{TraceContextExt, TraceId};
use opentelemetry::Context;
use traced::sampling::{AdaptiveSampler, ProbabilitySampler};
use traced::setup::Exporter;
use traced::traced;

thread_local! {
    static EVALUATED: Cell<u32> = const { Cell::new(0) };
}

fn counted(n: i64) -> i64 {
    EVALUATED.with(|evaluated| evaluated.set(evaluated.get() + 1));
    n
}

/// What a root's body sees of its own span.
struct Seen {
    trace_id: TraceId,
    sampled: bool,
    tracestate: String,
    traceparent: String,
    child_traceparent: String,
}

#[traced(name = "jobs.root", fields(n = counted(n)))]
fn root(n: i64) -> Seen {
    let (trace_id, sampled, tracestate) = Context::map_current(|cx| {
        let span = cx.span();
        let span_context = span.span_context();
        (span_context.trace_id(), span_context.is_sampled(), span_context.trace_state().header())
    });
    Seen { trace_id, sampled, tracestate, traceparent: outgoing_traceparent(), child_traceparent: child(n) }
}

#[traced(name = "jobs.child", fields(n = counted(n)))]
fn child(n: i64) -> String {
    outgoing_traceparent()
}

fn evaluated() -> u32 {
    EVALUATED.with(|evaluated| evaluated.replace(0))
}

// One test: each step installs a process-wide provider.
#[test]
fn roots_are_decided_once_and_dropped_ones_skip_the_sdk_but_keep_their_ids() {
    let guard = traced::builder().with_sampling_rate(0.0).with_exporter(Exporter::None).install().unwrap();
    let first = root(1);
    let second = root(2);
    assert_eq!(evaluated(), 0, "no attribute expression of a dropped root or its children is evaluated");
    for seen in [&first, &second] {
        assert_ne!(seen.trace_id, TraceId::INVALID, "a dropped root still has a trace id");
        assert!(!seen.sampled);
        let span_id = traced::span_id().map(|id| id.to_string());
        assert!(span_id.is_none(), "nothing current after the call");
        assert!(seen.traceparent.starts_with(&format!("00-{}-", seen.trace_id)), "{}", seen.traceparent);
        assert!(seen.traceparent.ends_with("-02"), "sent on unsampled, its ids random: {}", seen.traceparent);
        assert_eq!(seen.child_traceparent, seen.traceparent, "the child skipped its span; the root stays current");
    }
    assert_ne!(first.trace_id, second.trace_id, "each root starts its own trace");
    drop(guard);

    // At 1/2, a root is kept exactly when its trace id's randomness (the low 56 bits) reaches 2^55: the decision
    // made ahead of the SDK is the one the SDK applies, on the same trace id.
    let guard = traced::builder().with_sampling_rate(0.5).with_exporter(Exporter::None).install().unwrap();
    let seen: Vec<Seen> = (0..1000).map(root).collect();
    let kept = seen.iter().filter(|seen| seen.sampled).count();
    // Decided twice on different ids, a root would be kept a quarter of the time.
    assert!((400..=600).contains(&kept), "about half kept, six standard deviations either way: {kept}");
    for seen in &seen {
        let randomness = u128::from_be_bytes(seen.trace_id.to_bytes()) & ((1 << 56) - 1);
        assert_eq!(seen.sampled, randomness >= 1 << 55, "trace {}", seen.trace_id);
        if seen.sampled {
            assert_eq!(seen.tracestate, "ot=th:8", "a kept root carries its threshold");
            assert!(seen.traceparent.ends_with("-03") && seen.child_traceparent.ends_with("-03"));
            assert_ne!(seen.child_traceparent, seen.traceparent, "a kept root's child has a span of its own");
        } else {
            assert!(seen.traceparent.ends_with("-02"));
        }
    }
    drop(guard);

    // The same for the trace-id-only samplers given to `with_sampler`.
    evaluated();
    let guard = traced::builder()
        .with_sampler(ProbabilitySampler::new(0.0).unwrap())
        .with_exporter(Exporter::None)
        .install()
        .unwrap();
    assert!(!root(1).sampled);
    assert_eq!(evaluated(), 0, "decided before the SDK: no attribute expression evaluated");
    drop(guard);

    // A stateful sampler sees each root once: kept roots are not decided again by the SDK.
    let adaptive = AdaptiveSampler::new(1e12, 1000).unwrap();
    let guard = traced::builder().with_sampler(adaptive.clone()).with_exporter(Exporter::None).install().unwrap();
    assert!((0..100).map(root).all(|seen| seen.sampled), "everything is kept at low traffic");
    let snapshot = adaptive.snapshot();
    assert_eq!((snapshot.seen, snapshot.sampled), (100, 100), "one decision per root");
    drop(guard);

    // The server layer's spans are decided the same way: a request that starts a trace the sampler drops gets
    // fresh unsampled ids, which the handler's outgoing requests carry; a kept one gets its sampled span.
    for (rate, sampled) in [(0.0, false), (1.0, true)] {
        let guard = traced::builder().with_sampling_rate(rate).with_exporter(Exporter::None).install().unwrap();
        let (traceparent, trace_id) = serve_one_request();
        assert_ne!(trace_id, TraceId::INVALID, "rate {rate}: the handler runs in a trace");
        assert!(traceparent.starts_with(&format!("00-{trace_id}-")), "{traceparent}");
        // Set-up's trace ids are random: Level 2's flag says so, sampled or not.
        let flags = if sampled { "-03" } else { "-02" };
        assert!(traceparent.ends_with(flags), "rate {rate}: {traceparent}");
        drop(guard);
    }
}

/// Serves one request through `traced::http::TraceLayer::http_server()` on 127.0.0.1: what the handler would send on, and its
/// trace id.
fn serve_one_request() -> (String, TraceId) {
    use axum::routing::get;
    use common::services::{runtime, Server};

    runtime().block_on(async {
        let app = axum::Router::new()
            .route(
                "/",
                get(|| async {
                    let trace_id = Context::map_current(|cx| cx.span().span_context().trace_id());
                    format!("{} {trace_id}", outgoing_traceparent())
                }),
            )
            .layer(traced::http::TraceLayer::http_server());
        let server = Server::http(app).await;
        let body = reqwest::get(server.url("/")).await.expect("request").text().await.expect("body");
        server.stop().await;
        let (traceparent, trace_id) = body.split_once(' ').expect("two words");
        (traceparent.to_owned(), TraceId::from_hex(trace_id).expect("a trace id"))
    })
}
