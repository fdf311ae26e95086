//! Where captured spans wait for their test: finished spans filed by trace, kept only for traces a live capture
//! opened.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use opentelemetry::trace::TraceId;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanProcessor};

/// The finished spans of each open capture's trace.
#[derive(Debug, Default)]
pub(crate) struct Store {
    traces: Mutex<HashMap<TraceId, Vec<SpanData>>>,
    /// Signalled whenever a span is filed.
    filed: Condvar,
}

impl Store {
    fn traces(&self) -> MutexGuard<'_, HashMap<TraceId, Vec<SpanData>>> {
        self.traces.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts keeping the spans of `trace`.
    pub(crate) fn open(&self, trace: TraceId) {
        self.traces().insert(trace, Vec::new());
    }

    /// Forgets `trace` and its spans: a long test run keeps only what live captures need.
    pub(crate) fn close(&self, trace: TraceId) {
        self.traces().remove(&trace);
    }

    /// The spans of `trace` once `done` holds for them, or when `patience` is up, whichever comes first; and
    /// whether `done` held.
    pub(crate) fn wait(
        &self,
        trace: TraceId,
        patience: Duration,
        done: impl Fn(&[SpanData]) -> bool,
    ) -> (Vec<SpanData>, bool) {
        let deadline = Instant::now() + patience;
        let mut traces = self.traces();
        loop {
            let spans = traces.get(&trace).map_or(&[][..], Vec::as_slice);
            if done(spans) {
                return (spans.to_vec(), true);
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return (spans.to_vec(), false);
            };
            traces = self.filed.wait_timeout(traces, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}

/// The span processor of the capturing provider: files each finished span under its trace.
#[derive(Debug)]
pub(crate) struct Filer(pub(crate) &'static Store);

impl SpanProcessor for Filer {
    fn on_start(&self, _: &mut opentelemetry_sdk::trace::Span, _: &opentelemetry::Context) {}

    fn on_end(&self, span: SpanData) {
        let mut traces = self.0.traces();
        if let Some(spans) = traces.get_mut(&span.span_context.trace_id()) {
            spans.push(span);
            self.0.filed.notify_all();
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _: Duration) -> OTelSdkResult {
        Ok(())
    }
}
