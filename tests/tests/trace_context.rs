//! W3C Trace Context, table-driven: what `traced::propagation::TraceContext` extracts from each set of request
//! headers, and what it sends on (`traceparent` / `tracestate` injected from the extracted context).

use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::TraceContextExt;
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

/// A case: its name, the request's header lines, and the `(traceparent, tracestate)` sent on.
type Case = (&'static str, Vec<(&'static str, String)>, (String, String));

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN: &str = "00f067aa0ba902b7";

fn parent(flags: &str) -> String {
    format!("00-{TRACE}-{SPAN}-{flags}")
}

/// The headers sent on after extracting `headers`: `(traceparent, tracestate)`, empty when absent.
fn sent_on(headers: &[(&str, &str)]) -> (String, String) {
    let propagator = TraceContext::new();
    let headers = Headers(headers.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect());
    let cx = propagator.extract(&headers);
    let mut out = std::collections::HashMap::new();
    propagator.inject_context(&cx, &mut out);
    if cx.has_active_span() {
        assert!(cx.span().span_context().is_remote(), "an extracted parent is remote");
    }
    (out.remove("traceparent").unwrap_or_default(), out.remove("tracestate").unwrap_or_default())
}

#[test]
fn traceparent_cases() {
    let sampled = parent("01");
    let invalid = (String::new(), String::new());
    let cases: Vec<Case> = vec![
        ("sampled", vec![("traceparent", parent("01"))], (sampled.clone(), String::new())),
        ("not sampled", vec![("traceparent", parent("00"))], (parent("00"), String::new())),
        ("level 2 random flag kept", vec![("traceparent", parent("02"))], (parent("02"), String::new())),
        ("random and sampled", vec![("traceparent", parent("03"))], (parent("03"), String::new())),
        ("unknown flag bits dropped", vec![("traceparent", parent("09"))], (sampled.clone(), String::new())),
        (
            "optional white space",
            vec![("traceparent", format!(" \t{}\t ", parent("01")))],
            (sampled.clone(), String::new()),
        ),
        ("header name in any case", vec![("TraceParent", parent("01"))], (sampled.clone(), String::new())),
        (
            "future version, same length",
            vec![("traceparent", format!("01-{TRACE}-{SPAN}-01"))],
            (sampled.clone(), String::new()),
        ),
        (
            "future version with more fields",
            vec![("traceparent", format!("cc-{TRACE}-{SPAN}-01-what-the-future-will-be-like"))],
            (sampled.clone(), String::new()),
        ),
        ("version ff", vec![("traceparent", format!("ff-{TRACE}-{SPAN}-01"))], invalid.clone()),
        ("all-zero trace id", vec![("traceparent", format!("00-{}-{SPAN}-01", "0".repeat(32)))], invalid.clone()),
        ("all-zero span id", vec![("traceparent", format!("00-{TRACE}-{}-01", "0".repeat(16)))], invalid.clone()),
        (
            "upper-case trace id",
            vec![("traceparent", format!("00-{}-{SPAN}-01", TRACE.to_uppercase()))],
            invalid.clone(),
        ),
        ("upper-case flags", vec![("traceparent", format!("00-{TRACE}-{SPAN}-0A"))], invalid.clone()),
        ("short trace id", vec![("traceparent", format!("00-{}-{SPAN}-01", &TRACE[1..]))], invalid.clone()),
        ("long span id", vec![("traceparent", format!("00-{TRACE}-{SPAN}0-01"))], invalid.clone()),
        ("bad separator", vec![("traceparent", format!("00_{TRACE}-{SPAN}-01"))], invalid.clone()),
        ("version 00 with another field", vec![("traceparent", format!("{}-extra", parent("01")))], invalid.clone()),
        ("future version run-on", vec![("traceparent", format!("01-{TRACE}-{SPAN}-01x"))], invalid.clone()),
        ("non-hex flags", vec![("traceparent", format!("00-{TRACE}-{SPAN}-0g"))], invalid.clone()),
        ("one-digit version", vec![("traceparent", format!("0-{TRACE}-{SPAN}-01"))], invalid.clone()),
        ("empty", vec![("traceparent", String::new())], invalid.clone()),
        (
            "two traceparent headers",
            vec![("traceparent", parent("01")), ("traceparent", parent("00"))],
            invalid.clone(),
        ),
        ("tracestate without traceparent", vec![("tracestate", "a=1".to_owned())], invalid.clone()),
    ];
    for (name, headers, expected) in cases {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(sent_on(&headers), expected, "{name}");
    }
}

#[test]
fn tracestate_cases() {
    let thirty_two: Vec<String> = (0..32).map(|i| format!("k{i}=v{i}")).collect();
    let thirty_three: Vec<String> = (0..33).map(|i| format!("k{i}=v{i}")).collect();
    let long_key = format!("a{}=v", "b".repeat(256));
    let cases: Vec<(&str, Vec<String>, String)> = vec![
        ("one member", vec!["vendor=value".into()], "vendor=value".into()),
        ("several lines are one list, in order", vec!["a=1,b=2".into(), "c=3".into()], "a=1,b=2,c=3".into()),
        ("white space and empty members", vec![" a=1 ,\t, b=2 ".into()], "a=1,b=2".into()),
        ("multi-tenant key", vec!["tenant1@vendor=v".into()], "tenant1@vendor=v".into()),
        ("value with inner spaces", vec!["a=hello world".into()], "a=hello world".into()),
        ("32 members", vec![thirty_two.join(",")], thirty_two.join(",")),
        ("33 members", vec![thirty_three.join(",")], "".into()),
        ("duplicated key", vec!["a=1".into(), "a=2".into()], "".into()),
        ("upper-case key", vec!["Vendor=1".into()], "".into()),
        ("key starting with a digit", vec!["1vendor=1".into()], "".into()),
        ("value with =", vec!["a=b=c".into()], "".into()),
        ("key longer than 256", vec![long_key], "".into()),
        ("system id longer than 14", vec!["t@abcdefghijklmno=v".into()], "".into()),
        ("member without =", vec!["novalue".into()], "".into()),
        ("control character in a value", vec!["a=b\u{7f}".into()], "".into()),
    ];
    for (name, lines, expected) in cases {
        let mut headers = vec![("traceparent", parent("00"))];
        headers.extend(lines.iter().map(|line| ("tracestate", line.clone())));
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        // The parent is kept either way: an invalid tracestate is dropped alone.
        assert_eq!(sent_on(&headers), (parent("00"), expected), "{name}");
    }
}
