//! The W3C Trace Context propagator (<https://www.w3.org/TR/trace-context-2/>).

use std::sync::OnceLock;

use opentelemetry::propagation::text_map_propagator::FieldIter;
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
use opentelemetry::Context;

const TRACEPARENT: &str = "traceparent";
const TRACESTATE: &str = "tracestate";

/// Maximum list-members in a `tracestate`.
const MAX_MEMBERS: usize = 32;

/// Extracts and injects `traceparent` / `tracestate` as the W3C Trace Context spec says.
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

/// The remote span context a `traceparent` value describes, if it is valid.
fn parse_traceparent(value: &str) -> Option<(TraceId, SpanId, TraceFlags)> {
    let value = value.trim_matches([' ', '\t']);
    let bytes = value.as_bytes();
    if bytes.len() < 55 {
        return None;
    }
    let version = &value[..2];
    if !is_lower_hex(version) || version == "ff" {
        return None;
    }
    // Version 00 is exactly 55 characters; a later version may add fields after a `-`.
    if (version == "00" && bytes.len() != 55) || (bytes.len() > 55 && bytes[55] != b'-') {
        return None;
    }
    if bytes[2] != b'-' || bytes[35] != b'-' || bytes[52] != b'-' {
        return None;
    }
    let (trace_id, span_id, flags) = (&value[3..35], &value[36..52], &value[53..55]);
    if !is_lower_hex(trace_id) || !is_lower_hex(span_id) || !is_lower_hex(flags) {
        return None;
    }
    let trace_id = TraceId::from_hex(trace_id).ok().filter(|id| *id != TraceId::INVALID)?;
    let span_id = SpanId::from_hex(span_id).ok().filter(|id| *id != SpanId::INVALID)?;
    // Only the sampled and random bits are defined; the others are not ours to pass on.
    let flags = u8::from_str_radix(flags, 16).ok()? & 0x03;
    Some((trace_id, span_id, TraceFlags::new(flags)))
}

fn is_lower_hex(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A `tracestate` key: `lcalpha 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/")`, or `tenant@system`.
fn valid_key(key: &str) -> bool {
    fn body(c: u8) -> bool {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-' | b'*' | b'/')
    }
    match key.split_once('@') {
        None => {
            let bytes = key.as_bytes();
            (1..=256).contains(&bytes.len()) && bytes[0].is_ascii_lowercase() && bytes[1..].iter().all(|&c| body(c))
        }
        Some((tenant, system)) => {
            let (tenant, system) = (tenant.as_bytes(), system.as_bytes());
            (1..=241).contains(&tenant.len())
                && (tenant[0].is_ascii_lowercase() || tenant[0].is_ascii_digit())
                && tenant[1..].iter().all(|&c| body(c))
                && (1..=14).contains(&system.len())
                && system[0].is_ascii_lowercase()
                && system[1..].iter().all(|&c| body(c))
        }
    }
}

/// A `tracestate` value: 1 to 256 printable ASCII characters but `,` and `=`, not ending in a space.
fn valid_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    (1..=256).contains(&bytes.len())
        && bytes.iter().all(|&c| (0x20..=0x7e).contains(&c) && c != b',' && c != b'=')
        && bytes.last() != Some(&b' ')
}

/// Every `tracestate` line as one list; `None` (dropped whole) when a member is malformed, a key repeats, or
/// there are more than 32 members.
fn parse_tracestate(lines: &[&str]) -> Option<TraceState> {
    let mut members: Vec<(&str, &str)> = Vec::new();
    for member in lines.iter().flat_map(|line| line.split(',')) {
        let member = member.trim_matches([' ', '\t']);
        if member.is_empty() {
            continue;
        }
        let (key, value) = member.split_once('=')?;
        if !valid_key(key) || !valid_value(value) || members.iter().any(|(seen, _)| *seen == key) {
            return None;
        }
        members.push((key, value));
    }
    if members.len() > MAX_MEMBERS {
        return None;
    }
    TraceState::from_key_value(members).ok()
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
        let state = span_context.trace_state().header();
        if !state.is_empty() {
            injector.set(TRACESTATE, state);
        }
    }

    fn extract_with_context(&self, cx: &Context, extractor: &dyn Extractor) -> Context {
        let parents = extractor.get_all(TRACEPARENT).unwrap_or_default();
        // Two `traceparent` headers: there is no telling which is right, so neither is.
        let [parent] = parents.as_slice() else { return cx.clone() };
        let Some((trace_id, span_id, flags)) = parse_traceparent(parent) else { return cx.clone() };
        let lines = extractor.get_all(TRACESTATE).unwrap_or_default();
        let state = parse_tracestate(&lines).unwrap_or_default();
        cx.with_remote_span_context(SpanContext::new(trace_id, span_id, flags, true, state))
    }

    fn fields(&self) -> FieldIter<'_> {
        static NAMES: OnceLock<[String; 2]> = OnceLock::new();
        FieldIter::new(NAMES.get_or_init(|| [TRACEPARENT.to_owned(), TRACESTATE.to_owned()]))
    }
}
