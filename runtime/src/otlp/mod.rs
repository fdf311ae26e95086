//! OTLP export to a collector (OpenTelemetry Collector, Jaeger, Tempo, rotel...), over gRPC or HTTP/protobuf.

mod batch;

use std::sync::Arc;
use std::time::Duration;

use opentelemetry_otlp::WithExportConfig;

use batch::{BatchConfig, BatchProcessor};

use crate::setup::{ExportStats, InitError};

/// The OTLP transport.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtlpProtocol {
    /// gRPC, by default to `http://localhost:4317`.
    Grpc,
    /// HTTP with protobuf bodies, by default to `http://localhost:4318/v1/traces`.
    HttpProtobuf,
}

/// Settings of OTLP export; pass it to [`Exporter::Otlp`](crate::Exporter::Otlp). Anything not set here comes
/// from the `OTEL_EXPORTER_OTLP_*` variables (endpoint, headers, timeout).
///
/// ```
/// use std::time::Duration;
/// use traced::{Exporter, Otlp};
///
/// let otlp = Otlp::grpc()
///     .endpoint("http://127.0.0.1:4317")
///     .max_queue_size(4096)
///     .scheduled_delay(Duration::from_millis(500));
/// let guard = traced::builder().with_exporter(Exporter::Otlp(otlp)).install()?;
/// # drop(guard);
/// # Ok::<(), traced::InitError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Otlp {
    protocol: OtlpProtocol,
    endpoint: Option<String>,
    timeout: Option<Duration>,
    batch: BatchConfig,
}

impl Otlp {
    /// Export over gRPC.
    pub fn grpc() -> Otlp {
        Otlp::new(OtlpProtocol::Grpc)
    }

    /// Export over HTTP/protobuf.
    pub fn http() -> Otlp {
        Otlp::new(OtlpProtocol::HttpProtobuf)
    }

    fn new(protocol: OtlpProtocol) -> Otlp {
        Otlp {
            protocol,
            endpoint: None,
            timeout: None,
            batch: BatchConfig {
                max_queue_size: 2048,
                max_batch_size: 512,
                scheduled_delay: Duration::from_secs(1),
                export_timeout: Duration::from_secs(10),
            },
        }
    }

    /// The collector's URL; for HTTP, the full URL of the traces endpoint (`.../v1/traces`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Otlp {
        self.endpoint = Some(url.into());
        self
    }

    /// How long one export may take, retries included (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Otlp {
        self.timeout = Some(timeout);
        self.batch.export_timeout = timeout;
        self
    }

    /// How many finished spans may wait for export (default 2048); past that, spans are dropped and counted
    /// (see [`Guard::dropped_spans`](crate::Guard::dropped_spans)), never waited for.
    pub fn max_queue_size(mut self, spans: usize) -> Otlp {
        self.batch.max_queue_size = spans.max(1);
        self
    }

    /// How many spans one export carries at most (default 512).
    pub fn max_batch_size(mut self, spans: usize) -> Otlp {
        self.batch.max_batch_size = spans.max(1);
        self
    }

    /// How long spans wait for a batch to fill before they are exported anyway (default 1 s).
    pub fn scheduled_delay(mut self, delay: Duration) -> Otlp {
        // The export thread waits this long for spans: zero would make it spin.
        self.batch.scheduled_delay = delay.max(Duration::from_millis(1));
        self
    }

    pub(crate) fn from_env(protocol: Option<crate::setup::Protocol>, timeout: Option<Duration>) -> Otlp {
        let mut otlp = match protocol {
            Some(crate::setup::Protocol::Grpc) => Otlp::grpc(),
            // The spec's default transport.
            Some(crate::setup::Protocol::HttpProtobuf) | None => Otlp::http(),
        };
        if let Some(timeout) = timeout {
            otlp = otlp.timeout(timeout);
        }
        otlp
    }

    /// The batching processor in front of the exporter, and its counts.
    pub(crate) fn into_processor(
        self,
    ) -> Result<(impl opentelemetry_sdk::trace::SpanProcessor, Arc<ExportStats>), InitError> {
        let failed = |what: &str, error: &dyn std::fmt::Display| InitError::Exporter(scrub(format!("{what}: {error}")));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| failed("starting the OTLP export runtime failed", &error))?;
        // The gRPC channel spawns its worker on the runtime current while it is built.
        let exporter = {
            let _entered = runtime.enter();
            let builder = opentelemetry_otlp::SpanExporter::builder();
            let built = match self.protocol {
                OtlpProtocol::Grpc => {
                    let mut builder = builder.with_tonic();
                    if let Some(endpoint) = &self.endpoint {
                        builder = builder.with_endpoint(endpoint);
                    }
                    if let Some(timeout) = self.timeout {
                        builder = builder.with_timeout(timeout);
                    }
                    builder.build()
                }
                OtlpProtocol::HttpProtobuf => {
                    let mut builder = builder.with_http().with_protocol(opentelemetry_otlp::Protocol::HttpBinary);
                    if let Some(endpoint) = &self.endpoint {
                        builder = builder.with_endpoint(endpoint);
                    }
                    if let Some(timeout) = self.timeout {
                        builder = builder.with_timeout(timeout);
                    }
                    builder.build()
                }
            };
            built.map_err(|error| failed("building the OTLP exporter failed", &error))?
        };
        let stats = Arc::new(ExportStats::default());
        let processor = BatchProcessor::start(exporter, runtime, self.batch, Arc::clone(&stats))
            .map_err(|error| failed("starting the OTLP export thread failed", &error))?;
        Ok((processor, stats))
    }
}

/// An exporter's error text as an `InitError` may show it: the exporter reads the endpoint and headers from the
/// environment itself and may quote them, so URLs lose their credentials and header values are cut out.
fn scrub(text: String) -> String {
    let mut text = crate::sanitize::QueryKeys::default().urls_in(&text).into_owned();
    for name in ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"] {
        let Ok(headers) = std::env::var(name) else { continue };
        for value in headers.split(',').filter_map(|entry| entry.split_once('=')).map(|(_, value)| value.trim()) {
            // Short values would match ordinary text; credentials are longer.
            if value.len() >= 4 && text.contains(value) {
                text = text.replace(value, crate::REDACTED);
            }
        }
    }
    text
}
