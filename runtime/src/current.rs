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

/// Records an error the body handled itself: an `exception` event, `error.type` = the category, status `Error`
/// (unless the body set `Ok`, which is final: see [`set_status`]).
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
    record_error_with(error, category, []);
}

/// [`record_error`] with more attributes on the `exception` event: which attempt of a retry loop failed, say.
///
/// ```
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// use traced::{ErrorCategory, KeyValue};
///
/// #[traced::traced(name = "payment.charge")]
/// fn charge() {
///     let error = std::io::Error::new(std::io::ErrorKind::TimedOut, "gateway timed out");
///     traced::record_error_with(&error, ErrorCategory::External, [KeyValue::new("attempt", 1_i64)]);
/// }
/// charge();
/// let span = &exporter.get_finished_spans().unwrap()[0];
/// assert!(span.events[0].attributes.contains(&KeyValue::new("attempt", 1_i64)));
/// ```
pub fn record_error_with(
    error: &(dyn Error + '_),
    category: ErrorCategory,
    attributes: impl IntoIterator<Item = KeyValue>,
) {
    with_recording_span(|span| {
        let mut event = vec![
            KeyValue::new(EXCEPTION_TYPE, category.as_str()),
            KeyValue::new(EXCEPTION_MESSAGE, bounded_owned(message_with_sources(error))),
        ];
        event.extend(attributes);
        span.add_event("exception", event);
        span.set_attribute(KeyValue::new(ERROR_TYPE, category.as_str()));
        span.set_status(Status::error(bounded_owned(error.to_string())));
    });
}

/// Sets the current span's status, as the body sees its outcome.
///
/// The rule, the spec's with one exception:
/// - `Ok` is final: a later [`record_error`] or `Error` from the body does not change it. (OpenTelemetry keeps no
///   description for `Ok`: record one as an attribute.)
/// - `Error` holds until the body sets `Ok`, which overrides it: a retry loop records its failed attempts, then
///   ends `Ok` when one succeeds.
/// - The call's own failure wins over both: a `#[traced]` function that returns `Err` (one that is not
///   expected) or panics ends with status `Error` even after the body set `Ok`; so does an HTTP or gRPC
///   exchange that fails.
/// - `Unset` is ignored.
///
/// ```
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// use traced::{ErrorCategory, KeyValue, Status};
///
/// #[traced::traced(name = "payment.charge")]
/// fn charge(attempts: u32) -> Result<(), std::io::Error> {
///     for attempt in 1..=3 {
///         if attempt >= attempts {
///             traced::set_attribute(KeyValue::new("retry.attempts", i64::from(attempt)));
///             traced::set_status(Status::Ok);
///             return Ok(());
///         }
///         let error = std::io::Error::new(std::io::ErrorKind::TimedOut, "gateway timed out");
///         traced::record_error_with(&error, ErrorCategory::External, [KeyValue::new("attempt", i64::from(attempt))]);
///     }
///     Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "gave up after 3 attempts"))
/// }
///
/// charge(2).unwrap();
/// let span = &exporter.get_finished_spans().unwrap()[0];
/// assert_eq!(span.status, Status::Ok);
/// assert_eq!(span.events.len(), 1);
/// ```
pub fn set_status(status: Status) {
    if status != Status::Unset {
        with_recording_span(|span| span.set_status(status));
    }
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
