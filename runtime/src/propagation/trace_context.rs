//! The W3C Trace Context propagator (<https://www.w3.org/TR/trace-context-2/>).

use std::sync::OnceLock;

use opentelemetry::propagation::text_map_propagator::FieldIter;
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::{SpanContext, TraceContextExt};
use opentelemetry::Context;

use super::{traceparent, tracestate};

const TRACEPARENT: &str = "traceparent";
const TRACESTATE: &str = "tracestate";

/// Extracts and injects `traceparent` / `tracestate` as the W3C Trace Context spec (Level 2) says.
///
/// - `traceparent`: a value that breaks any rule of the spec (length, lower-case hex, an all-zero id, version
///   `ff`, a version `00` with more fields) is ignored, and so are two `traceparent` headers, so the trace
///   restarts. Later versions are read for the fields version `00` defines. Of the flags, `sampled` and `random`
///   are kept, other bits dropped.
/// - `tracestate`: every line is one list, read with the current key grammar (any number of `@`, up to 256
///   characters). A malformed member or more than 32 members drop the list whole; of members that repeat a key the
///   first is kept. The list is sent on whole, at most 32 members (about 16 KiB), the members a span added or
///   changed first. Members that opentelemetry's [`TraceState`](opentelemetry::trace::TraceState) cannot hold
///   (`foo@@bar`, more than 13 characters after an `@`) are missing from the span context's trace state, and from
///   exported spans, but are still sent on: they travel in the context beside it.
/// - Reading a header never panics, whatever its bytes, and stops early: at the 33rd `tracestate` member, at the
///   first malformed one.
///
/// ```
/// use std::collections::HashMap;
///
/// use opentelemetry::propagation::TextMapPropagator;
/// use opentelemetry::trace::TraceContextExt;
///
/// let headers = HashMap::from([
///     ("traceparent".to_owned(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03".to_owned()),
///     ("tracestate".to_owned(), "vendor=value,ot=th:8".to_owned()),
/// ]);
/// let cx = traced::propagation::TraceContext::new().extract(&headers);
/// let span = cx.span();
/// let remote = span.span_context();
/// assert!(remote.is_remote() && remote.is_sampled());
/// assert_eq!(remote.trace_flags().to_u8(), 0x03, "the Level 2 random flag is kept");
/// assert_eq!(remote.trace_state().get("ot"), Some("th:8"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct TraceContext {
    _private: (),
}

impl TraceContext {
    /// The propagator.
    pub fn new() -> Self {
        TraceContext { _private: () }
    }
}

impl TextMapPropagator for TraceContext {
    fn inject_context(&self, cx: &Context, injector: &mut dyn Injector) {
        let span = cx.span();
        let span_context = span.span_context();
        if !span_context.is_valid() {
            return;
        }
        injector.set(
            TRACEPARENT,
            format!(
                "00-{}-{}-{:02x}",
                span_context.trace_id(),
                span_context.span_id(),
                span_context.trace_flags().to_u8() & 0x03
            ),
        );
        let state = tracestate::header(cx, span_context);
        if !state.is_empty() {
            injector.set(TRACESTATE, state);
        }
    }

    fn extract_with_context(&self, cx: &Context, extractor: &dyn Extractor) -> Context {
        let parents = extractor.get_all(TRACEPARENT).unwrap_or_default();
        // Two `traceparent` headers: there is no telling which is right, so neither is.
        let [parent] = parents.as_slice() else { return cx.clone() };
        let Some((trace_id, span_id, flags)) = traceparent::parse(parent) else { return cx.clone() };
        let lines = extractor.get_all(TRACESTATE).unwrap_or_default();
        let (state, carried) = tracestate::read(trace_id, &lines);
        let cx = cx.with_remote_span_context(SpanContext::new(trace_id, span_id, flags, true, state));
        match carried {
            Some(carried) => cx.with_value(carried),
            None => cx,
        }
    }

    fn fields(&self) -> FieldIter<'_> {
        static NAMES: OnceLock<[String; 2]> = OnceLock::new();
        FieldIter::new(NAMES.get_or_init(|| [TRACEPARENT.to_owned(), TRACESTATE.to_owned()]))
    }
}
