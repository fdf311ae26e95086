//! The batching span processor in front of the OTLP exporter.
//!
//! A call that ends a span only tries to put it in a bounded queue: it never blocks, and when the queue is full
//! the span is dropped and counted. One worker thread drains the queue in batches and exports each with a time
//! bound, on a small Tokio runtime of its own, so OTLP works whether or not the program runs one. A failed
//! export drops its batch (counted) and the worker goes on: spans sent after a collector comes back arrive.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use opentelemetry::Context;
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{Span, SpanData, SpanExporter, SpanProcessor};
use opentelemetry_sdk::Resource;

use crate::setup::ExportStats as Stats;

/// Queue and batch sizes, and time bounds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BatchConfig {
    pub(crate) max_queue_size: usize,
    pub(crate) max_batch_size: usize,
    pub(crate) scheduled_delay: Duration,
    pub(crate) export_timeout: Duration,
}

enum Control {
    Flush(Sender<OTelSdkResult>),
    Shutdown(Sender<OTelSdkResult>),
}

pub(crate) struct BatchProcessor<E> {
    spans: Sender<SpanData>,
    queued: Arc<Queued>,
    control: Mutex<Sender<Control>>,
    exporter: Arc<Mutex<E>>,
    stats: Arc<Stats>,
    worker: Mutex<Option<JoinHandle<()>>>,
}

impl<E> fmt::Debug for BatchProcessor<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchProcessor").field("stats", &self.stats).finish_non_exhaustive()
    }
}

impl<E: SpanExporter + 'static> BatchProcessor<E> {
    /// Starts the worker; `runtime` runs the exporter's futures (it was built inside it).
    pub(crate) fn start(
        exporter: E,
        runtime: tokio::runtime::Runtime,
        config: BatchConfig,
        stats: Arc<Stats>,
    ) -> std::io::Result<Self> {
        let (spans, queue) = mpsc::channel();
        let queued = Arc::new(Queued { len: AtomicUsize::new(0), max: config.max_queue_size });
        let (control, controls) = mpsc::channel();
        let exporter = Arc::new(Mutex::new(exporter));
        let worker = Worker {
            queue,
            queued: Arc::clone(&queued),
            controls,
            exporter: Arc::clone(&exporter),
            runtime,
            config,
            stats: Arc::clone(&stats),
        };
        let worker = std::thread::Builder::new().name("traced-otlp-export".into()).spawn(move || worker.run())?;
        Ok(BatchProcessor {
            spans,
            queued,
            control: Mutex::new(control),
            exporter,
            stats,
            worker: Mutex::new(Some(worker)),
        })
    }

    /// Sends `message` to the worker and waits at most `timeout` for its answer.
    fn ask(&self, message: impl FnOnce(Sender<OTelSdkResult>) -> Control, timeout: Duration) -> OTelSdkResult {
        let (reply, answer) = mpsc::channel();
        let sent = self.control.lock().unwrap_or_else(PoisonError::into_inner).send(message(reply));
        if sent.is_err() {
            return Err(OTelSdkError::AlreadyShutdown);
        }
        match answer.recv_timeout(timeout) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => Err(OTelSdkError::Timeout(timeout)),
            Err(RecvTimeoutError::Disconnected) => Err(OTelSdkError::AlreadyShutdown),
        }
    }
}

impl<E: SpanExporter + 'static> SpanProcessor for BatchProcessor<E> {
    fn on_start(&self, _span: &mut Span, _cx: &Context) {}

    fn on_end(&self, span: SpanData) {
        if !span.span_context.is_sampled() {
            return;
        }
        if !self.queued.reserve() {
            self.stats.dropped.fetch_add(1, Ordering::Relaxed);
        } else if self.spans.send(span).is_err() {
            self.queued.release();
            self.stats.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.ask(Control::Flush, Duration::from_secs(30))
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        let result = self.ask(Control::Shutdown, timeout);
        let worker = self.worker.lock().unwrap_or_else(PoisonError::into_inner).take();
        // Joined only when it answered in time; a worker stuck past the timeout is left to finish its bounded export.
        if let (Ok(()), Some(worker)) = (&result, worker) {
            let _ = worker.join();
        }
        result
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.exporter.lock().unwrap_or_else(PoisonError::into_inner).set_resource(resource);
    }
}

/// How many spans wait for the worker, at most `max`. The bound is counted here rather than left to
/// `mpsc::sync_channel`, which allocates its whole capacity up front: `max_queue_size(usize::MAX)` would panic,
/// and a large size would take its memory before the first span.
struct Queued {
    len: AtomicUsize,
    max: usize,
}

impl Queued {
    /// Takes a place for one span, or `false` when the queue is full.
    fn reserve(&self) -> bool {
        self.len.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |len| (len < self.max).then_some(len + 1)).is_ok()
    }

    fn release(&self) {
        self.len.fetch_sub(1, Ordering::Relaxed);
    }
}

struct Worker<E> {
    queue: Receiver<SpanData>,
    queued: Arc<Queued>,
    controls: mpsc::Receiver<Control>,
    exporter: Arc<Mutex<E>>,
    runtime: tokio::runtime::Runtime,
    config: BatchConfig,
    stats: Arc<Stats>,
}

/// How often the worker looks for flush and shutdown requests while the queue is quiet.
const TICK: Duration = Duration::from_millis(50);

impl<E: SpanExporter> Worker<E> {
    fn run(self) {
        // Not `with_capacity(max_batch_size)`: `max_batch_size(usize::MAX)` would panic.
        let mut batch = Vec::new();
        // `None`: a delay too long to add to the clock (`Duration::MAX`), a time that never comes.
        let next_due = || Instant::now().checked_add(self.config.scheduled_delay);
        let mut due = next_due();
        loop {
            match self.queue.recv_timeout(TICK.min(self.config.scheduled_delay)) {
                Ok(span) => {
                    self.queued.release();
                    batch.push(span);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    let _ = self.export(&mut batch);
                    return;
                }
            }
            let is_due = due.is_some_and(|due| Instant::now() >= due);
            if batch.len() >= self.config.max_batch_size || (is_due && !batch.is_empty()) {
                let _ = self.export(&mut batch);
                due = next_due();
            }
            match self.controls.try_recv() {
                Ok(Control::Flush(reply)) => {
                    let _ = reply.send(self.drain(&mut batch));
                }
                Ok(Control::Shutdown(reply)) => {
                    let mut result = self.drain(&mut batch);
                    let exporter = self.exporter.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Err(error) = exporter.shutdown_with_timeout(self.config.export_timeout) {
                        result = result.and(Err(error));
                    }
                    let _ = reply.send(result);
                    return;
                }
                Err(_) => {}
            }
        }
    }

    /// Exports everything queued so far.
    fn drain(&self, batch: &mut Vec<SpanData>) -> OTelSdkResult {
        let mut result = Ok(());
        loop {
            while batch.len() < self.config.max_batch_size {
                match self.queue.try_recv() {
                    Ok(span) => {
                        self.queued.release();
                        batch.push(span);
                    }
                    Err(_) => break,
                }
            }
            if batch.is_empty() {
                return result;
            }
            if let Err(error) = self.export(batch) {
                result = Err(error);
            }
        }
    }

    /// Exports `batch` (emptying it) within the export timeout; a failure drops its spans, counted.
    fn export(&self, batch: &mut Vec<SpanData>) -> OTelSdkResult {
        if batch.is_empty() {
            return Ok(());
        }
        let spans = std::mem::take(batch);
        let count = spans.len() as u64;
        let exporter = self.exporter.lock().unwrap_or_else(PoisonError::into_inner);
        let timeout = self.config.export_timeout;
        let result = self.runtime.block_on(async {
            match tokio::time::timeout(timeout, exporter.export(spans)).await {
                Ok(result) => result,
                Err(_) => Err(OTelSdkError::Timeout(timeout)),
            }
        });
        let counter = if result.is_ok() { &self.stats.exported } else { &self.stats.dropped };
        counter.fetch_add(count, Ordering::Relaxed);
        result
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

    /// The largest sizes and delay the builder takes neither panic nor allocate up front, and spans still go out.
    #[test]
    fn the_largest_settings_work() {
        let exported = Arc::new(AtomicUsize::new(0));
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let config = BatchConfig {
            max_queue_size: usize::MAX,
            max_batch_size: usize::MAX,
            scheduled_delay: Duration::MAX,
            export_timeout: Duration::MAX,
        };
        let stats = Arc::new(Stats::default());
        let processor =
            BatchProcessor::start(Counting(Arc::clone(&exported)), runtime, config, Arc::clone(&stats)).unwrap();
        for _ in 0..3 {
            processor.on_end(sampled_span());
        }
        processor.force_flush().unwrap();
        assert_eq!(exported.load(Ordering::Relaxed), 3);
        processor.shutdown_with_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!((stats.exported.load(Ordering::Relaxed), stats.dropped.load(Ordering::Relaxed)), (3, 0));
    }

    #[test]
    fn a_full_queue_refuses_until_a_place_is_released() {
        let queued = Queued { len: AtomicUsize::new(0), max: 2 };
        assert!(queued.reserve() && queued.reserve() && !queued.reserve());
        queued.release();
        assert!(queued.reserve() && !queued.reserve());
    }
}
