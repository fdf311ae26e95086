//! W3C Trace Context, table-driven, at the propagator: what `traced::propagation::TraceContext` sends on
//! (`traceparent` / `tracestate` injected from the context it extracted) for each rule the official harness checks.
//! `trace_context_http.rs` runs the same cases through a real service.

mod common;

use std::collections::HashMap;

use common::w3c::{self, Parent, PARENT_ID, TRACE_ID};
use opentelemetry::propagation::{Extractor, TextMapCompositePropagator, TextMapPropagator};
use opentelemetry::trace::{TraceContextExt, TraceState};
use opentelemetry_sdk::propagation::BaggagePropagator;
use proptest::prelude::*;
use traced::propagation::TraceContext;

/// Request headers as sent: several lines may share a name, and names match in any case.
struct Headers(Vec<(String, String)>);

impl Extractor for Headers {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| name.eq_ignore_ascii_case(key)).map(|(_, value)| value.as_str())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name.as_str()).collect()
    }
    fn get_all(&self, key: &str) -> Option<Vec<&str>> {
        let values: Vec<&str> =
            self.0.iter().filter(|(name, _)| name.eq_ignore_ascii_case(key)).map(|(_, value)| value.as_str()).collect();
        (!values.is_empty()).then_some(values)
    }
}

/// The headers sent on after extracting `headers`: `(traceparent, tracestate)`, empty when absent.
fn sent_on(headers: &[(&str, String)]) -> (String, String) {
    let propagator = TraceContext::new();
    let headers = Headers(headers.iter().map(|(name, value)| ((*name).to_owned(), value.clone())).collect());
    let cx = propagator.extract(&headers);
    let mut out = HashMap::new();
    propagator.inject_context(&cx, &mut out);
    if cx.has_active_span() {
        assert!(cx.span().span_context().is_remote(), "an extracted parent is remote");
    }
    (out.remove("traceparent").unwrap_or_default(), out.remove("tracestate").unwrap_or_default())
}

/// What a pass-through sends on for `case`: the parent unchanged, or nothing when the trace restarts.
fn expected(case: &w3c::Case) -> (String, String) {
    match case.parent {
        Parent::Kept(flags) => (format!("00-{TRACE_ID}-{PARENT_ID}-{flags:02x}"), case.tracestate.clone()),
        Parent::Restarted => (String::new(), String::new()),
    }
}

#[test]
fn traceparent_cases() {
    for case in w3c::traceparent_cases() {
        assert_eq!(sent_on(&case.headers), expected(&case), "{}", case.name);
    }
}

#[test]
fn tracestate_cases() {
    for case in w3c::tracestate_cases() {
        assert_eq!(sent_on(&case.headers), expected(&case), "{}", case.name);
    }
}

#[test]
fn keys_the_trace_state_cannot_hold_are_sent_on_but_missing_from_it() {
    let propagator = TraceContext::new();
    let headers = HashMap::from([
        ("traceparent".to_owned(), w3c::valid("01")),
        ("tracestate".to_owned(), "foo@@bar=1,ot=th:8,bar=2".to_owned()),
    ]);
    let cx = propagator.extract(&headers);
    let state = cx.span().span_context().trace_state().clone();
    assert_eq!(state.header(), "ot=th:8,bar=2", "what opentelemetry's TraceState can hold");

    // A span of the same trace changes `ot`: the change goes first, the rest keeps its order.
    let child = opentelemetry::trace::SpanContext::new(
        cx.span().span_context().trace_id(),
        opentelemetry::trace::SpanId::from(7_u64),
        opentelemetry::trace::TraceFlags::SAMPLED,
        false,
        state.insert("ot", "th:c").unwrap(),
    );
    let mut out = HashMap::new();
    propagator.inject_context(&cx.with_remote_span_context(child), &mut out);
    assert_eq!(out["tracestate"], "ot=th:c,foo@@bar=1,bar=2");

    // Another trace started under it (a new root, say) sends its own state alone.
    let other = opentelemetry::trace::SpanContext::new(
        opentelemetry::trace::TraceId::from(9_u128),
        opentelemetry::trace::SpanId::from(7_u64),
        opentelemetry::trace::TraceFlags::SAMPLED,
        false,
        TraceState::NONE,
    );
    let mut out = HashMap::new();
    propagator.inject_context(&cx.with_remote_span_context(other), &mut out);
    assert!(!out.contains_key("tracestate"), "{out:?}");
}

#[test]
fn a_later_extraction_replaces_what_an_earlier_one_carried() {
    let propagator = TraceContext::new();
    let extract = |cx: &opentelemetry::Context, state: &str| {
        let headers =
            HashMap::from([("traceparent".to_owned(), w3c::valid("02")), ("tracestate".to_owned(), state.to_owned())]);
        propagator.extract_with_context(cx, &headers)
    };
    let outer = extract(&opentelemetry::Context::new(), "a=1,x@@y=2");
    for (inner, sent) in [("b=5", "b=5"), ("Bad=1", ""), ("c@@d=3", "c@@d=3")] {
        let cx = extract(&outer, inner);
        let mut out = HashMap::new();
        propagator.inject_context(&cx, &mut out);
        assert_eq!(out.get("tracestate").map_or("", String::as_str), sent, "{inner}");
    }
}

#[test]
fn the_random_flag_of_a_remote_parent_goes_out_under_any_span_of_its_trace() {
    use opentelemetry::trace::{SpanContext, SpanId, TraceFlags};
    let propagator = TraceContext::new();
    let headers = HashMap::from([("traceparent".to_owned(), w3c::valid("02"))]);
    let cx = propagator.extract(&headers);
    // A span another tracer dropped under it: the SDK gives such a span no flags at all.
    let dropped = SpanContext::new(
        cx.span().span_context().trace_id(),
        SpanId::from(7_u64),
        TraceFlags::default(),
        false,
        TraceState::NONE,
    );
    let mut out = HashMap::new();
    propagator.inject_context(&cx.with_remote_span_context(dropped.clone()), &mut out);
    assert_eq!(out["traceparent"], format!("00-{TRACE_ID}-0000000000000007-02"));

    // A parent without it gives nothing to add.
    let cx = propagator.extract(&HashMap::from([("traceparent".to_owned(), w3c::valid("00"))]));
    let mut out = HashMap::new();
    propagator.inject_context(&cx.with_remote_span_context(dropped), &mut out);
    assert_eq!(out["traceparent"], format!("00-{TRACE_ID}-0000000000000007-00"));
}

/// What the harness's own reader (`tracecontext/traceparent.py` with the spec's processing model) makes of a
/// `traceparent`: `(trace id, parent id, flags)`, or `None` to restart.
fn reference(value: &str) -> Option<(String, String, u8)> {
    let lower_hex =
        |text: &str, len: usize| text.len() == len && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let fields: Vec<&str> = value.trim_matches([' ', '\t']).split('-').collect();
    let [version, trace_id, parent_id, flags, rest @ ..] = fields.as_slice() else { return None };
    let valid = lower_hex(version, 2)
        && *version != "ff"
        && (*version != "00" || rest.is_empty())
        && lower_hex(trace_id, 32)
        && *trace_id != "0".repeat(32)
        && lower_hex(parent_id, 16)
        && *parent_id != "0".repeat(16)
        && lower_hex(flags, 2);
    valid.then(|| ((*trace_id).to_owned(), (*parent_id).to_owned(), u8::from_str_radix(flags, 16).unwrap() & 3))
}

/// Keys and values of the spec's grammar (shorter, to reach many members).
const KEY: &str = "[a-z0-9][a-z0-9_*/@-]{0,20}";
const VALUE: &str = "[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,20}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]";

/// Text made of what matters to the parsers (digits, hex, dashes, separators, white space) and characters of one
/// to four bytes, so that multi-byte characters land at every offset.
fn header_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "0", "1", "f", "a", "z", "-", "=", ",", "@", " ", "\t", "é", "😀", "\u{800}", "\0", "\u{7f}", "00", "ff",
        "foo", "ot=th:8", TRACE_ID, PARENT_ID,
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

/// A valid traceparent with one character replaced, or one inserted, at `offset`, by `text`.
fn mutated(offset: usize, text: &str, insert: bool) -> String {
    let mut value = w3c::valid("01");
    let offset = offset % value.len();
    if insert {
        value.insert_str(offset, text);
    } else {
        value.replace_range(offset..=offset, text);
    }
    value
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_in_either_header_is_read_without_a_panic(traceparent in header_text(), tracestate in header_text()) {
        let (parent, state) = sent_on(&[("traceparent", traceparent), ("tracestate", tracestate)]);
        prop_assert!(parent.is_empty() || parent.len() == 55);
        prop_assert!(state.is_ascii());
    }

    #[test]
    fn any_unicode_in_either_header_is_read_without_a_panic(traceparent in any::<String>(), tracestate in any::<String>()) {
        sent_on(&[("traceparent", traceparent), ("tracestate", tracestate)]);
    }

    /// What `traced::init()` installs, on a carrier that holds any text (a `HashMap`, message headers).
    #[test]
    fn the_installed_propagators_read_any_carrier_without_a_panic(
        traceparent in header_text(),
        tracestate in any::<String>(),
        baggage in prop_oneof![header_text(), any::<String>()],
    ) {
        let propagator = TextMapCompositePropagator::new(vec![
            Box::new(TraceContext::new()),
            Box::new(BaggagePropagator::new()),
        ]);
        let carrier = HashMap::from([
            ("traceparent".to_owned(), traceparent),
            ("tracestate".to_owned(), tracestate),
            ("baggage".to_owned(), baggage),
        ]);
        let cx = propagator.extract(&carrier);
        let mut out = HashMap::new();
        propagator.inject_context(&cx, &mut out);
        prop_assert!(out.values().all(|value| !value.contains(['\r', '\n'])), "{:?}", out);
    }

    #[test]
    fn a_traceparent_with_any_character_changed_is_read_as_the_spec_says(
        offset in 0..55_usize,
        character in prop_oneof![any::<char>(), prop::sample::select(vec!['0', 'a', 'f', 'g', 'A', '-', ' ', '\t', '.'])],
        insert in any::<bool>(),
    ) {
        let value = mutated(offset, character.encode_utf8(&mut [0; 4]), insert);
        let (parent, _) = sent_on(&[("traceparent", value.clone())]);
        let expected = reference(&value).map(|(trace_id, parent_id, flags)| format!("00-{trace_id}-{parent_id}-{flags:02x}"));
        prop_assert_eq!(parent, expected.unwrap_or_default(), "{:?}", value);
    }

    #[test]
    fn what_is_sent_on_is_read_back_the_same(members in prop::collection::vec((KEY, VALUE), 0..40)) {
        let line = members.iter().map(|(key, value)| format!("{key}={value}")).collect::<Vec<_>>().join(",");
        let (_, state) = sent_on(&[("traceparent", w3c::valid("01")), ("tracestate", line.clone())]);
        let (_, again) = sent_on(&[("traceparent", w3c::valid("01")), ("tracestate", state.clone())]);
        prop_assert_eq!(&again, &state);
        let mut keys: Vec<&str> = members.iter().map(|(key, _)| key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        if members.len() <= 32 && keys.len() == members.len() {
            prop_assert_eq!(&state, &line, "a valid list of distinct keys goes on as it came");
        } else if members.len() > 32 {
            prop_assert_eq!(&state, "", "more than 32 members: dropped");
        }
    }
}
