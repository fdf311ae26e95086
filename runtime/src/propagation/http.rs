//! Trace context in and out of `http::HeaderMap`s (feature `http`), through the global propagator that set-up
//! installs (W3C trace context and baggage).

use http::header::{HeaderMap, HeaderName, HeaderValue};
use opentelemetry::propagation::{Extractor, Injector};
use opentelemetry::{global, Context};

use super::UNREADABLE;

static TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");
static TRACESTATE: HeaderName = HeaderName::from_static("tracestate");
static BAGGAGE: HeaderName = HeaderName::from_static("baggage");

/// The name of a header the W3C propagators read and write, made once: `HeaderMap::get(&str)` parses its
/// argument on every call, and `HeaderName::try_from` allocates a name that is not a standard one.
fn known(key: &str) -> Option<&'static HeaderName> {
    match key {
        "traceparent" => Some(&TRACEPARENT),
        "tracestate" => Some(&TRACESTATE),
        "baggage" => Some(&BAGGAGE),
        _ => None,
    }
}

/// Reads every line of a header, names in any case (`HeaderMap` folds them).
struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        match known(key) {
            Some(name) => self.0.get(name),
            None => self.0.get(key),
        }
        .and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(HeaderName::as_str).collect()
    }

    fn get_all(&self, key: &str) -> Option<Vec<&str>> {
        let all = match known(key) {
            Some(name) => self.0.get_all(name),
            None => self.0.get_all(key),
        };
        let values: Vec<&str> = all.iter().map(|value| value.to_str().unwrap_or(UNREADABLE)).collect();
        (!values.is_empty()).then_some(values)
    }
}

struct HeadersMut<'a>(&'a mut HeaderMap);

impl Injector for HeadersMut<'_> {
    fn set(&mut self, key: &str, value: String) {
        let name = match known(key) {
            Some(name) => Ok(name.clone()),
            None => HeaderName::try_from(key),
        };
        if let (Ok(name), Ok(value)) = (name, HeaderValue::try_from(value)) {
            self.0.insert(name, value);
        }
    }
}

/// The context an incoming request carries (its `traceparent`, `tracestate` and `baggage`), on top of the current
/// one. Attach it, and the next `#[traced]` span is its remote child.
///
/// ```
/// use http::HeaderMap;
///
/// # let guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
/// let mut headers = HeaderMap::new();
/// headers.insert("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".parse()?);
///
/// #[traced::traced(name = "orders.handle")]
/// fn handle() -> Option<String> {
///     traced::trace_id().map(|id| id.to_string())
/// }
///
/// let _attached = traced::propagation::extract_headers(&headers).attach();
/// assert_eq!(handle().as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn extract_headers(headers: &HeaderMap) -> Context {
    global::get_text_map_propagator(|propagator| propagator.extract(&Headers(headers)))
}

/// Writes `cx`'s trace context into an outgoing request's headers.
///
/// ```
/// # let guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
/// #[traced::traced(name = "orders.call_payment")]
/// fn call() -> http::HeaderMap {
///     let mut headers = http::HeaderMap::new();
///     traced::propagation::inject_headers(&opentelemetry::Context::current(), &mut headers);
///     headers
/// }
/// assert!(call().contains_key("traceparent"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn inject_headers(cx: &Context, headers: &mut HeaderMap) {
    global::get_text_map_propagator(|propagator| propagator.inject_context(cx, &mut HeadersMut(headers)));
}
