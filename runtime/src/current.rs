//! Helpers for the body of a traced function: they act on the current span and do nothing when it is not
//! recording.

use crate::installed::limits::bounded_owned;
use std::borrow::Cow;
use std::error::Error;

use opentelemetry::trace::{SpanId, Status, TraceContextExt, TraceId};
use opentelemetry::{Context, KeyValue};
use opentelemetry_semantic_conventions::trace::{ERROR_TYPE, EXCEPTION_MESSAGE, EXCEPTION_TYPE};

use crate::error::{message_with_sources, ErrorCategory};

fn with_recording_span(f: impl FnOnce(opentelemetry::trace::SpanRef<'_>)) {
    // Cloning the current context keeps its span alive without holding the thread's context borrowed while
    // the SDK runs (an exporter may attach contexts of its own).
    let cx = Context::current();
    let span = cx.span();
    if span.is_recording() {
        f(span);
    }
}

/// Adds an event with attributes to the current span.
///
/// ```
/// use traced::{traced, KeyValue};
///
/// #[traced(name = "inventory.check")]
/// fn check(product_id: i64) {
///     traced::add_event("stock level low", [KeyValue::new("product.id", product_id)]);
/// }
/// check(456);
/// ```
pub fn add_event(name: impl Into<Cow<'static, str>>, attributes: impl IntoIterator<Item = KeyValue>) {
    with_recording_span(|span| span.add_event(name, attributes.into_iter().collect()));
}

/// Sets one attribute on the current span.
///
/// ```
/// #[traced::traced(name = "users.load")]
/// fn load() {
///     traced::set_attribute(traced::KeyValue::new("cache.hit", true));
/// }
/// load();
/// ```
pub fn set_attribute(attribute: KeyValue) {
    with_recording_span(|span| span.set_attribute(attribute));
}

/// Sets several attributes on the current span.
///
/// ```
/// use traced::KeyValue;
///
/// #[traced::traced(name = "users.load")]
/// fn load() {
///     traced::set_attributes([KeyValue::new("rows", 3_i64), KeyValue::new("cache.hit", false)]);
/// }
/// load();
/// ```
pub fn set_attributes(attributes: impl IntoIterator<Item = KeyValue>) {
    with_recording_span(|span| span.set_attributes(attributes));
}

/// Records an error the body handled itself: an `exception` event, `error.type` = the category, status `Error`.
///
/// ```
/// use traced::ErrorCategory;
///
/// #[traced::traced(name = "cache.read")]
/// fn read() -> Option<String> {
///     let error = std::io::Error::new(std::io::ErrorKind::TimedOut, "cache timed out");
///     traced::record_error(&error, ErrorCategory::Resource);
///     None // fall back to the database
/// }
/// read();
/// ```
pub fn record_error(error: &(dyn Error + '_), category: ErrorCategory) {
    with_recording_span(|span| {
        span.add_event(
            "exception",
            vec![
                KeyValue::new(EXCEPTION_TYPE, category.as_str()),
                KeyValue::new(EXCEPTION_MESSAGE, bounded_owned(message_with_sources(error))),
            ],
        );
        span.set_attribute(KeyValue::new(ERROR_TYPE, category.as_str()));
        span.set_status(Status::error(bounded_owned(error.to_string())));
    });
}

/// The trace id of the current span, for log correlation; `None` outside any valid span.
///
/// ```
/// assert_eq!(traced::trace_id(), None);
/// ```
pub fn trace_id() -> Option<TraceId> {
    Context::map_current(|cx| {
        let span = cx.span();
        let span_context = span.span_context();
        span_context.is_valid().then(|| span_context.trace_id())
    })
}

/// The span id of the current span, for log correlation; `None` outside any valid span.
///
/// ```
/// assert_eq!(traced::span_id(), None);
/// ```
pub fn span_id() -> Option<SpanId> {
    Context::map_current(|cx| {
        let span = cx.span();
        let span_context = span.span_context();
        span_context.is_valid().then(|| span_context.span_id())
    })
}
