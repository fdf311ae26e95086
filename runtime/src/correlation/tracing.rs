//! Log correlation for `tracing` events (feature `tracing`): each event formatted inside a span starts with its
//! `trace_id` and `span_id`.

use std::fmt;

use tracing_core::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// Wraps an event format of `tracing-subscriber`: an event written while a `#[traced]` span is current starts with
/// `trace_id=… span_id=…`, so a log backend can join the line to its trace.
///
/// ```
/// use tracing_subscriber::fmt::format::Format;
///
/// let subscriber = tracing_subscriber::fmt()
///     .event_format(traced::tracing::CorrelatedFormat::new(Format::default()))
///     .finish();
/// tracing::subscriber::with_default(subscriber, || {
///     #[traced::traced(name = "orders.create")]
///     fn create() {
///         tracing::info!("creating the order"); // "trace_id=… span_id=… <time>  INFO creating the order"
///     }
///     create();
/// });
/// ```
#[derive(Debug, Clone, Default)]
pub struct CorrelatedFormat<F> {
    inner: F,
}

impl<F> CorrelatedFormat<F> {
    /// Wraps `inner`.
    pub fn new(inner: F) -> Self {
        CorrelatedFormat { inner }
    }
}

impl<S, N, F> FormatEvent<S, N> for CorrelatedFormat<F>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
    F: FormatEvent<S, N>,
{
    fn format_event(&self, context: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        if let (Some(trace_id), Some(span_id)) = (crate::trace_id(), crate::span_id()) {
            write!(writer, "trace_id={trace_id} span_id={span_id} ")?;
        }
        self.inner.format_event(context, writer, event)
    }
}
