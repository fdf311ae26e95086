//! The OTLP exporter as the SDK's batch processor can drive it. The processor calls `export` on its own thread
//! and blocks on the future there (`futures_executor::block_on`), with no Tokio reactor, which tonic and hyper
//! need: this adapter runs each export on a small Tokio runtime of its own instead, so OTLP works whether or not
//! the program runs Tokio, bounds it by the export timeout (the SDK's thread-based processor has none), and counts
//! what was exported and what was lost.

use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{SpanData, SpanExporter};
use opentelemetry_sdk::Resource;

use super::batch::Places;
use crate::setup::ExportStats;

/// `exporter`, each export run on `runtime` and bounded by `timeout`.
#[derive(Debug)]
pub(crate) struct OnRuntime<E> {
    /// Taken when dropped: dropped before the runtime its connections were made on.
    exporter: Option<E>,
    /// Taken when dropped, to be shut down without waiting for its blocking tasks (a DNS lookup that hangs).
    runtime: Option<tokio::runtime::Runtime>,
    timeout: Duration,
    places: Arc<Places>,
    stats: Arc<ExportStats>,
}

impl<E> OnRuntime<E> {
    /// `exporter`, built inside `runtime` (the gRPC channel spawns its worker there).
    pub(crate) fn new(
        exporter: E,
        runtime: tokio::runtime::Runtime,
        timeout: Duration,
        places: Arc<Places>,
        stats: Arc<ExportStats>,
    ) -> Self {
        OnRuntime { exporter: Some(exporter), runtime: Some(runtime), timeout, places, stats }
    }
}

impl<E> Drop for OnRuntime<E> {
    fn drop(&mut self) {
        drop(self.exporter.take());
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl<E: SpanExporter> SpanExporter for OnRuntime<E> {
    /// Exports `batch` before it returns, on the SDK's worker thread; the future only carries the result.
    fn export(&self, batch: Vec<SpanData>) -> impl Future<Output = OTelSdkResult> + Send {
        let spans = batch.len();
        // The batch is out of the queue: its places go to new spans while it is exported.
        self.places.give_back(spans);
        let (Some(runtime), Some(exporter)) = (&self.runtime, &self.exporter) else {
            return std::future::ready(Err(OTelSdkError::AlreadyShutdown));
        };
        let result = runtime.block_on(async {
            tokio::time::timeout(self.timeout, exporter.export(batch))
                .await
                .unwrap_or(Err(OTelSdkError::Timeout(self.timeout)))
        });
        let counter = if result.is_ok() { &self.stats.exported } else { &self.stats.dropped };
        counter.fetch_add(spans as u64, Ordering::Relaxed);
        std::future::ready(result)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.exporter.as_ref().map_or(Ok(()), SpanExporter::force_flush)
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.exporter.as_ref().map_or(Ok(()), |exporter| exporter.shutdown_with_timeout(timeout))
    }

    fn set_resource(&mut self, resource: &Resource) {
        if let Some(exporter) = self.exporter.as_mut() {
            exporter.set_resource(resource);
        }
    }
}
