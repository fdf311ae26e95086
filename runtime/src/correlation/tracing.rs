//! Log correlation for `tracing` events (feature `tracing`): each event formatted inside a span starts with its
//! `trace_id` and `span_id`.
//!
//! ```
//! use std::io::{self, Write};
//! use std::sync::{Arc, Mutex};
//!
//! use tracing_subscriber::fmt::format::Format;
//!
//! /// Where the subscriber writes: a buffer to read back.
//! #[derive(Clone, Default)]
//! struct Buffer(Arc<Mutex<Vec<u8>>>);
//!
//! impl Write for Buffer {
//!     fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
//!         self.0.lock().unwrap().write(bytes)
//!     }
//!     fn flush(&mut self) -> io::Result<()> {
//!         Ok(())
//!     }
//! }
//!
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().build());
//! let buffer = Buffer::default();
//! let writer = buffer.clone();
//! let subscriber = tracing_subscriber::fmt()
//!     .event_format(traced::tracing::CorrelatedFormat::new(Format::default().without_time()))
//!     .with_writer(move || writer.clone())
//!     .finish();
//!
//! #[traced::traced(name = "orders.create")]
//! fn create() -> String {
//!     tracing::info!("creating the order");
//!     format!("trace_id={} span_id={}", traced::trace_id().unwrap(), traced::span_id().unwrap())
//! }
//!
//! let ids = tracing::subscriber::with_default(subscriber, create);
//! let line = String::from_utf8(buffer.0.lock().unwrap().clone())?;
//! assert!(line.starts_with(&format!("{ids} ")), "{line}");
//! assert!(line.ends_with("creating the order\n"), "{line}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
    /// Wraps `inner`, the format each line continues with; an event outside any span is `inner`'s alone.
    ///
    /// ```
    /// # use std::io::{self, Write};
    /// # use std::sync::{Arc, Mutex};
    /// # #[derive(Clone, Default)]
    /// # struct Buffer(Arc<Mutex<Vec<u8>>>);
    /// # impl Write for Buffer {
    /// #     fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
    /// #         self.0.lock().unwrap().write(bytes)
    /// #     }
    /// #     fn flush(&mut self) -> io::Result<()> {
    /// #         Ok(())
    /// #     }
    /// # }
    /// # let buffer = Buffer::default();
    /// # let writer = buffer.clone();
    /// use tracing_subscriber::fmt::format::Format;
    ///
    /// let format = traced::tracing::CorrelatedFormat::new(Format::default().without_time());
    /// let subscriber = tracing_subscriber::fmt().event_format(format).with_writer(move || writer.clone()).finish();
    /// tracing::subscriber::with_default(subscriber, || tracing::info!("starting up"));
    /// let line = String::from_utf8(buffer.0.lock().unwrap().clone())?;
    /// assert!(line.ends_with("starting up\n") && !line.contains("trace_id="), "{line}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
