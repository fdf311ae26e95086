//! The SDK's batch span processor in front of the OTLP exporter, with what traced adds to it: settings from
//! [`Otlp`](super::Otlp)'s builder, else `OTEL_BSP_*`, bounded so that no value can panic or spin, and a count of
//! the spans a full queue drops, which the SDK keeps to itself (it only logs it at shutdown).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::Context;
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{
    BatchConfigBuilder, BatchSpanProcessor, Span, SpanData, SpanExporter, SpanProcessor,
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE_DEFAULT, OTEL_BSP_MAX_QUEUE_SIZE_DEFAULT,
};
use opentelemetry_sdk::Resource;

use super::export::OnRuntime;
use crate::setup::{BatchSettings, ExportStats};

/// The most spans the queue holds, whatever is asked: the SDK allocates its whole queue up front (360 bytes a
/// span), so `max_queue_size(usize::MAX)` would abort the program. 65 536 spans take 24 MB.
const MAX_QUEUE_SIZE: usize = 1 << 16;

/// traced's defaults, shorter than the spec's 5 s and 30 s: spans show in a collector within a second, and a
/// collector that does not answer holds a batch for ten seconds, not thirty.
const DEFAULT_SCHEDULED_DELAY: Duration = Duration::from_secs(1);
const DEFAULT_EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// The settings the processor runs with, every one resolved and within its bounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Resolved {
    max_queue_size: usize,
    max_batch_size: usize,
    scheduled_delay: Duration,
    export_timeout: Duration,
}

impl Resolved {
    /// `settings`, with defaults for what is unset; the export bound falls back to the exporter's `timeout`.
    pub(crate) fn new(settings: &BatchSettings, timeout: Option<Duration>) -> Resolved {
        let max_queue_size =
            settings.max_queue_size.unwrap_or(OTEL_BSP_MAX_QUEUE_SIZE_DEFAULT).clamp(1, MAX_QUEUE_SIZE);
        let max_batch_size = settings.max_batch_size.unwrap_or(OTEL_BSP_MAX_EXPORT_BATCH_SIZE_DEFAULT);
        Resolved {
            max_queue_size,
            // The SDK's own rule: a batch is never larger than the queue.
            max_batch_size: max_batch_size.clamp(1, max_queue_size),
            // The worker waits this long for spans: zero would make it spin.
            scheduled_delay: settings.scheduled_delay.unwrap_or(DEFAULT_SCHEDULED_DELAY).max(Duration::from_millis(1)),
            export_timeout: settings.export_timeout.or(timeout).unwrap_or(DEFAULT_EXPORT_TIMEOUT),
        }
    }
}

/// The SDK's batch processor, behind a count of the places in its queue.
#[derive(Debug)]
pub(crate) struct Batch {
    inner: BatchSpanProcessor,
    places: Arc<Places>,
    stats: Arc<ExportStats>,
}

impl Batch {
    /// Starts the SDK's worker thread, which hands each batch to `exporter` on `runtime`, counted in `stats`.
    pub(crate) fn start<E: SpanExporter + 'static>(
        exporter: E,
        runtime: tokio::runtime::Runtime,
        resolved: Resolved,
        stats: Arc<ExportStats>,
    ) -> Batch {
        let places = Arc::new(Places { taken: AtomicUsize::new(0), max: resolved.max_queue_size });
        let exporter =
            OnRuntime::new(exporter, runtime, resolved.export_timeout, Arc::clone(&places), Arc::clone(&stats));
        // Each value is set, so the SDK's own reading of `OTEL_BSP_*` (which takes any queue size, and ignores a
        // bad value without a word) is overridden: set-up read and checked them before.
        let config = BatchConfigBuilder::default()
            .with_max_queue_size(resolved.max_queue_size)
            .with_max_export_batch_size(resolved.max_batch_size)
            .with_scheduled_delay(resolved.scheduled_delay)
            .build();
        Batch { inner: BatchSpanProcessor::builder(exporter).with_batch_config(config).build(), places, stats }
    }

    /// `result`, a timeout in it noted in the counts, where [`Guard`](crate::setup::Guard) finds it.
    fn noting_timeouts(&self, result: OTelSdkResult) -> OTelSdkResult {
        if let Err(OTelSdkError::Timeout(_)) = &result {
            self.stats.timed_out.store(true, Ordering::Relaxed);
        }
        result
    }
}

impl SpanProcessor for Batch {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        self.inner.on_start(span, cx);
    }

    fn on_end(&self, span: SpanData) {
        if self.places.take() {
            self.inner.on_end(span);
        } else {
            self.stats.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.noting_timeouts(self.inner.force_flush())
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.noting_timeouts(self.inner.shutdown_with_timeout(timeout))
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

/// How many spans are in the SDK's queue or on their way from it to an export, at most the queue's size. A span
/// takes its place before it is handed to the SDK and gives it back only once its batch is out of the queue, so
/// whenever a place is free the SDK's queue has room too: the SDK never drops a span itself, and every span a full
/// queue drops is dropped, and counted, here.
#[derive(Debug)]
pub(crate) struct Places {
    taken: AtomicUsize,
    max: usize,
}

impl Places {
    /// Takes a place for one span, or `false` when the queue is full.
    fn take(&self) -> bool {
        self.taken
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |taken| (taken < self.max).then_some(taken + 1))
            .is_ok()
    }

    /// Gives back the places of `spans` spans that left the queue.
    pub(crate) fn give_back(&self, spans: usize) {
        self.taken.fetch_sub(spans, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::time::SystemTime;

    use opentelemetry::trace::{SpanContext, SpanId, SpanKind, Status, TraceFlags, TraceId, TraceState};
    use opentelemetry::InstrumentationScope;
    use opentelemetry_sdk::trace::{SpanEvents, SpanLinks};

    use super::*;

    #[derive(Debug, Default)]
    struct Counting(Arc<AtomicUsize>);

    impl SpanExporter for Counting {
        async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
            self.0.fetch_add(batch.len(), Ordering::Relaxed);
            Ok(())
        }
    }

    fn sampled_span() -> SpanData {
        let context =
            SpanContext::new(TraceId::from(1), SpanId::from(1), TraceFlags::SAMPLED, false, TraceState::default());
        SpanData {
            span_context: context,
            parent_span_id: SpanId::INVALID,
            parent_span_is_remote: false,
            span_kind: SpanKind::Internal,
            name: Cow::Borrowed("span"),
            start_time: SystemTime::UNIX_EPOCH,
            end_time: SystemTime::UNIX_EPOCH,
            attributes: Vec::new(),
            dropped_attributes_count: 0,
            events: SpanEvents::default(),
            links: SpanLinks::default(),
            status: Status::Unset,
            instrumentation_scope: InstrumentationScope::default(),
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    /// The largest sizes and delay the builder takes neither panic nor spin, and spans still go out.
    #[test]
    fn the_largest_settings_work() {
        let exported = Arc::new(AtomicUsize::new(0));
        let settings = BatchSettings {
            max_queue_size: Some(usize::MAX),
            max_batch_size: Some(usize::MAX),
            scheduled_delay: Some(Duration::MAX),
            export_timeout: Some(Duration::MAX),
        };
        let stats = Arc::new(ExportStats::default());
        let resolved = Resolved::new(&settings, None);
        let processor = Batch::start(Counting(Arc::clone(&exported)), runtime(), resolved, Arc::clone(&stats));
        for _ in 0..3 {
            processor.on_end(sampled_span());
        }
        processor.force_flush().unwrap();
        assert_eq!(exported.load(Ordering::Relaxed), 3);
        processor.shutdown_with_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!((stats.exported.load(Ordering::Relaxed), stats.dropped.load(Ordering::Relaxed)), (3, 0));
    }

    #[test]
    fn settings_are_defaulted_and_bounded() {
        let resolved = |settings: BatchSettings| Resolved::new(&settings, None);
        let defaults = Resolved {
            max_queue_size: 2048,
            max_batch_size: 512,
            scheduled_delay: Duration::from_secs(1),
            export_timeout: Duration::from_secs(10),
        };
        assert_eq!(resolved(BatchSettings::default()), defaults);
        let zeros = BatchSettings {
            max_queue_size: Some(0),
            max_batch_size: Some(0),
            scheduled_delay: Some(Duration::ZERO),
            export_timeout: Some(Duration::ZERO),
        };
        let smallest = Resolved {
            max_queue_size: 1,
            max_batch_size: 1,
            scheduled_delay: Duration::from_millis(1),
            export_timeout: Duration::ZERO,
        };
        assert_eq!(resolved(zeros), smallest);
        let larger_batch =
            resolved(BatchSettings { max_queue_size: Some(8), max_batch_size: Some(100), ..BatchSettings::default() });
        assert_eq!((larger_batch.max_queue_size, larger_batch.max_batch_size), (8, 8));
        assert_eq!(
            resolved(BatchSettings { max_queue_size: Some(usize::MAX), ..BatchSettings::default() }).max_queue_size,
            MAX_QUEUE_SIZE
        );
    }

    #[test]
    fn the_export_bound_falls_back_to_the_exporter_timeout() {
        let exporter = Some(Duration::from_secs(60));
        assert_eq!(Resolved::new(&BatchSettings::default(), exporter).export_timeout, Duration::from_secs(60));
        let own = BatchSettings { export_timeout: Some(Duration::from_secs(2)), ..BatchSettings::default() };
        assert_eq!(Resolved::new(&own, exporter).export_timeout, Duration::from_secs(2));
    }

    /// An exporter that never finishes: the first batch stays on its way, the queue fills behind it.
    #[derive(Debug)]
    struct Stuck;

    impl SpanExporter for Stuck {
        async fn export(&self, _batch: Vec<SpanData>) -> OTelSdkResult {
            std::future::pending().await
        }
    }

    #[test]
    fn a_full_queue_drops_and_counts_what_the_sdk_would_drop_silently() {
        let settings = BatchSettings { max_queue_size: Some(8), max_batch_size: Some(4), ..BatchSettings::default() };
        let stats = Arc::new(ExportStats::default());
        let processor = Batch::start(Stuck, runtime(), Resolved::new(&settings, None), Arc::clone(&stats));
        for _ in 0..4 {
            processor.on_end(sampled_span());
        }
        // The worker takes the first four out of the queue for an export that never ends.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while processor.places.taken.load(Ordering::Acquire) != 0 {
            assert!(std::time::Instant::now() < deadline, "the first batch never left the queue");
            std::thread::sleep(Duration::from_millis(5));
        }
        for _ in 0..100 {
            processor.on_end(sampled_span());
        }
        assert_eq!(stats.dropped.load(Ordering::Relaxed), 92, "eight places, a hundred spans");
        assert!(processor.shutdown_with_timeout(Duration::from_millis(50)).is_err());
    }

    #[test]
    fn a_place_is_free_again_once_its_span_left() {
        let places = Places { taken: AtomicUsize::new(0), max: 2 };
        assert!(places.take() && places.take() && !places.take());
        places.give_back(1);
        assert!(places.take() && !places.take());
    }
}
