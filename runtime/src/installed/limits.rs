//! A bound on attribute text, so that one huge string never balloons a span: text past the bound is cut at a
//! character boundary and marked. Applied when `#[traced]` records a value or an error, before it is copied, and
//! by set-up's span processor to everything else that reaches the exporter.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Appended to text that was cut.
///
/// ```
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// #[traced::traced(name = "mail.send", fields(body))]
/// fn send(body: &str) {}
///
/// send(&"spam ".repeat(2000));
/// let span = &exporter.get_finished_spans().unwrap()[0];
/// assert!(span.attributes[0].value.as_str().ends_with(traced::TRUNCATION_MARKER));
/// ```
pub const TRUNCATION_MARKER: &str = "…[truncated]";

/// The default bound on an attribute's text, in bytes: longer values are cut and marked. Set-up's
/// `with_max_attribute_length` (or `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`) sets another.
///
/// ```
/// use traced::{AttributeValue, Key, DEFAULT_MAX_ATTRIBUTE_LENGTH, TRUNCATION_MARKER};
///
/// let mut attributes = Vec::new();
/// "x".repeat(10_000).record(Key::from_static_str("body"), &mut attributes);
/// assert_eq!(attributes[0].value.as_str().len(), DEFAULT_MAX_ATTRIBUTE_LENGTH + TRUNCATION_MARKER.len());
/// ```
pub const DEFAULT_MAX_ATTRIBUTE_LENGTH: usize = 4096;

/// The bound in force for what `#[traced]` records: the default until set-up sets another, so that text is
/// bounded under any provider.
static MAX_ATTRIBUTE_LENGTH: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_ATTRIBUTE_LENGTH);

#[cfg(feature = "setup")]
pub(crate) fn set_max_attribute_length(bytes: usize) {
    MAX_ATTRIBUTE_LENGTH.store(bytes, Ordering::Relaxed);
}

/// `text` within the bound set by set-up.
pub(crate) fn bounded(text: &str) -> Cow<'_, str> {
    truncate(text, MAX_ATTRIBUTE_LENGTH.load(Ordering::Relaxed))
}

/// `text` within the bound set by set-up, without copying it when it fits.
pub(crate) fn bounded_owned(text: String) -> String {
    match bounded(&text) {
        Cow::Owned(cut) => cut,
        Cow::Borrowed(_) => text,
    }
}

/// `text` cut to at most `max` bytes (at a character boundary) and marked, or unchanged when it fits.
pub(crate) fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}{TRUNCATION_MARKER}", &text[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_a_char_boundary_and_marks() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdef", 3), format!("abc{TRUNCATION_MARKER}"));
        // `é` is two bytes: a cut inside it backs off to before it.
        assert_eq!(truncate("aé", 2), format!("a{TRUNCATION_MARKER}"));
        assert_eq!(truncate("", 0), "");
    }
}
