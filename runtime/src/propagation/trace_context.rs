//! The W3C Trace Context propagator (<https://www.w3.org/TR/trace-context-2/>).

use std::sync::OnceLock;

use opentelemetry::propagation::text_map_propagator::FieldIter;
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::{SpanContext, TraceContextExt, TraceId};
use opentelemetry::Context;

use super::traceparent::{self, DEFINED_FLAGS, RANDOM};
use super::tracestate::{self, Carried};

const TRACEPARENT: &str = "traceparent";
const TRACESTATE: &str = "tracestate";

/// What a remote parent's headers said that the span contexts of its trace may not keep, for what is sent on.
#[derive(Debug)]
struct Received {
    trace_id: TraceId,
    /// The parent had Level 2's `random`: every span of its trace sends it on, even one whose tracer cleared it
    /// (the SDK clears every flag of a span it drops).
    random: bool,
    /// The whole `tracestate` list, when the span context's trace state could not hold it.
    carried: Option<Carried>,
}

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
/// - The `random` flag of a remote parent goes out with every span of its trace, even one a tracer dropped (the SDK
///   clears all flags of those).
/// - Reading a header never panics, whatever its bytes, and its work is linear in the header's length: it stops
///   at the 33rd `tracestate` member or the first malformed one.
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
    ///
    /// ```
    /// use opentelemetry::propagation::TextMapPropagator;
    ///
    /// let propagator = traced::propagation::TraceContext::new();
    /// assert_eq!(propagator.fields().collect::<Vec<_>>(), ["traceparent", "tracestate"]);
    /// ```
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
        let received = cx.get::<Received>().filter(|received| received.trace_id == span_context.trace_id());
        let mut flags = span_context.trace_flags() & DEFINED_FLAGS;
        if received.is_some_and(|received| received.random) {
            flags = flags | RANDOM;
        }
        injector.set(
            TRACEPARENT,
            format!("00-{}-{}-{:02x}", span_context.trace_id(), span_context.span_id(), flags.to_u8()),
        );
        let state = match received.and_then(|received| received.carried.as_ref()) {
            Some(carried) => carried.merged(span_context.trace_state()),
            None => span_context.trace_state().header(),
        };
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
        let (state, carried) = tracestate::read(&lines);
        let cx = cx.with_remote_span_context(SpanContext::new(trace_id, span_id, flags, true, state));
        let random = flags & RANDOM == RANDOM;
        // What an earlier extraction left in the context is this parent's no more.
        if random || carried.is_some() || cx.get::<Received>().is_some() {
            cx.with_value(Received { trace_id, random, carried })
        } else {
            cx
        }
    }

    fn fields(&self) -> FieldIter<'_> {
        static NAMES: OnceLock<[String; 2]> = OnceLock::new();
        FieldIter::new(NAMES.get_or_init(|| [TRACEPARENT.to_owned(), TRACESTATE.to_owned()]))
    }
}
