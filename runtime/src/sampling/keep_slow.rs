//! Slow requests are never missed: with keep_slow, spans the sampler drops are recorded (as for keep_errors), and
//! set-up's span pipeline exports those that lasted longer than a threshold, marked.

/// The attribute that marks a span exported only because it was slow.
///
/// ```
/// use std::time::Duration;
///
/// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
/// use traced::sampling::KEPT_FOR_LATENCY;
/// use traced::KeyValue;
///
/// let spans = InMemorySpanExporter::default();
/// let guard = traced::builder()
///     .with_sampling_rate(0.0)
///     .with_keep_slow(Duration::from_millis(5))
///     .with_exporter(traced::setup::Exporter::None)
///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
///     .install()?;
///
/// #[traced::traced(name = "report.render")]
/// fn render() {
///     std::thread::sleep(Duration::from_millis(10));
/// }
/// render();
/// let span = &spans.get_finished_spans()?[0];
/// assert!(span.attributes.contains(&KeyValue::new(KEPT_FOR_LATENCY, true)));
/// # drop(guard);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const KEPT_FOR_LATENCY: &str = "sampling.kept_for_latency";
