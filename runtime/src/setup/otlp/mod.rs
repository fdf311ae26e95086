//! OTLP export to a collector (OpenTelemetry Collector, Jaeger, Tempo, rotel...), over gRPC or HTTP/protobuf.

mod batch;
mod export;

use std::sync::Arc;
use std::time::Duration;

use opentelemetry_otlp::WithExportConfig;

use batch::{Batch, Resolved};

use crate::setup::{BatchSettings, ExportStats, ExporterError, InitError};

pub use super::protocol::OtlpProtocol;

/// Settings of OTLP export; pass it to [`Exporter::Otlp`](crate::setup::Exporter::Otlp). Anything not set here comes
/// from the `OTEL_EXPORTER_OTLP_*` variables (endpoint, headers, timeout) and, for the batching in front of the
/// exporter (the SDK's batch span processor), the `OTEL_BSP_*` ones.
///
/// ```
/// use std::time::Duration;
/// use traced::setup::{Exporter, Otlp};
///
/// let otlp = Otlp::grpc()
///     .with_endpoint("http://127.0.0.1:4317")
///     .with_max_queue_size(4096)
///     .with_scheduled_delay(Duration::from_millis(500));
/// let guard = traced::builder().with_exporter(Exporter::Otlp(otlp)).install()?;
/// # drop(guard);
/// # Ok::<(), traced::setup::InitError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Otlp {
    protocol: OtlpProtocol,
    endpoint: Option<String>,
    /// The exporter's own bound on one request.
    timeout: Option<Duration>,
    batch: BatchSettings,
}

impl Otlp {
    /// Export over gRPC.
    ///
    /// ```
    /// # #[cfg(feature = "otlp-grpc")] {
    /// use traced::setup::{Exporter, Otlp};
    ///
    /// let guard = traced::builder().with_exporter(Exporter::Otlp(Otlp::grpc())).install()?;
    /// # drop(guard);
    /// // Its endpoint is the collector's address, `http://host:4317`.
    /// let no_host = Otlp::grpc().with_endpoint("http://:4317");
    /// let error = traced::builder().with_exporter(Exporter::Otlp(no_host)).install().unwrap_err();
    /// assert!(error.to_string().contains("such as `http://host:4317`"));
    /// # }
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn grpc() -> Otlp {
        Otlp::new(OtlpProtocol::Grpc)
    }

    /// Export over HTTP/protobuf.
    ///
    /// ```
    /// # #[cfg(feature = "otlp-http")] {
    /// use traced::setup::{Exporter, Otlp};
    ///
    /// let guard = traced::builder().with_exporter(Exporter::Otlp(Otlp::http())).install()?;
    /// # drop(guard);
    /// // Its endpoint is the full URL of the collector's traces endpoint.
    /// let no_host = Otlp::http().with_endpoint("http://:4318");
    /// let error = traced::builder().with_exporter(Exporter::Otlp(no_host)).install().unwrap_err();
    /// assert!(error.to_string().contains("such as `http://host:4318/v1/traces`"));
    /// # }
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn http() -> Otlp {
        Otlp::new(OtlpProtocol::HttpProtobuf)
    }

    /// OTLP over `protocol`, for a transport chosen at run time (from a setting of the program's own).
    ///
    /// ```
    /// use traced::setup::{Otlp, OtlpProtocol};
    ///
    /// let protocol = if std::env::var("MY_COLLECTOR_SPEAKS_GRPC").is_ok() { OtlpProtocol::Grpc } else { OtlpProtocol::HttpProtobuf };
    /// let otlp = Otlp::new(protocol);
    /// assert_eq!(otlp.protocol(), protocol);
    /// ```
    pub fn new(protocol: OtlpProtocol) -> Otlp {
        Otlp { protocol, endpoint: None, timeout: None, batch: BatchSettings::default() }
    }

    /// The transport.
    ///
    /// ```
    /// use traced::setup::{Otlp, OtlpProtocol};
    ///
    /// assert_eq!(Otlp::grpc().protocol(), OtlpProtocol::Grpc);
    /// assert_eq!(Otlp::http().protocol(), OtlpProtocol::HttpProtobuf);
    /// ```
    pub fn protocol(&self) -> OtlpProtocol {
        self.protocol
    }

    /// The collector's URL; for HTTP, the full URL of the traces endpoint (`.../v1/traces`).
    ///
    /// An endpoint that cannot work is an error from [`install`](crate::setup::Builder::install): one without `http://` or
    /// `https://` in front (`ftp://collector`, or `collector:4317` unless `OTEL_EXPORTER_OTLP_INSECURE=true` has
    /// the gRPC exporter add `http://`), without a host, or with a port outside 1 to 65535. `https` needs the
    /// exporter's TLS features, which traced does not turn on itself.
    /// The `OTEL_EXPORTER_OTLP_*ENDPOINT` the exporter reads when none is set here are checked the same way.
    ///
    /// ```
    /// use traced::setup::{Exporter, Otlp};
    ///
    /// let error = traced::builder().with_exporter(Exporter::Otlp(Otlp::grpc().with_endpoint("collector:4317"))).install();
    /// assert!(error.unwrap_err().to_string().contains("expected a URL such as `http://host:4317`"));
    /// ```
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Otlp {
        self.endpoint = Some(url.into());
        self
    }

    /// How long one export may take, retries included: the exporter's bound on a request and the batch's on an
    /// export (else `OTEL_BSP_EXPORT_TIMEOUT` for the batch, else `OTEL_EXPORTER_OTLP_TIMEOUT`, else 10 s). An
    /// export that takes longer fails, and its spans count as dropped.
    ///
    /// ```
    /// # #[cfg(feature = "otlp-http")] {
    /// use std::time::Duration;
    /// use traced::setup::{Exporter, Otlp};
    ///
    /// // A collector that takes the connection and never answers.
    /// let collector = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let otlp = Otlp::http().with_endpoint(format!("http://{}/v1/traces", collector.local_addr()?));
    /// let guard = traced::builder()
    ///     .with_exporter(Exporter::Otlp(otlp.with_timeout(Duration::from_millis(200))))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// let _ = guard.flush(); // an error: the export ran out of its 200 ms
    /// assert_eq!(guard.dropped_spans(), 1, "counted as dropped");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_timeout(mut self, timeout: Duration) -> Otlp {
        self.timeout = Some(timeout);
        self.batch.export_timeout = Some(timeout);
        self
    }

    /// How many finished spans may wait for export (else `OTEL_BSP_MAX_QUEUE_SIZE`, else 2048); past that, spans
    /// are dropped and counted (see [`Guard::dropped_spans`](crate::setup::Guard::dropped_spans)), never waited for.
    /// The queue takes its memory up front, 360 bytes a span (720 KB by default), and holds at most 65 536 spans:
    /// a larger size is taken as that, and 0 as 1.
    ///
    /// ```
    /// # #[cfg(feature = "otlp-http")] {
    /// # use std::io::{BufRead, BufReader, Read, Write};
    /// # use std::sync::atomic::{AtomicUsize, Ordering};
    /// # use std::sync::Arc;
    /// # /// An OTLP/HTTP collector on 127.0.0.1 that answers each export with `status` (never, for `None`): its
    /// # /// endpoint, and how many exports it received.
    /// # fn collector(status: Option<&'static str>) -> std::io::Result<(String, Arc<AtomicUsize>)> {
    /// #     let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// #     let endpoint = format!("http://{}/v1/traces", listener.local_addr()?);
    /// #     let requests = Arc::new(AtomicUsize::new(0));
    /// #     let received = Arc::clone(&requests);
    /// #     std::thread::spawn(move || {
    /// #         for stream in listener.incoming().flatten() {
    /// #             let mut stream = BufReader::new(stream);
    /// #             'requests: loop {
    /// #                 let mut length = 0;
    /// #                 loop {
    /// #                     let mut line = String::new();
    /// #                     if stream.read_line(&mut line).unwrap_or(0) == 0 {
    /// #                         break 'requests;
    /// #                     }
    /// #                     if line == "\r\n" {
    /// #                         break;
    /// #                     }
    /// #                     if let Some((name, value)) = line.split_once(':') {
    /// #                         if name.eq_ignore_ascii_case("content-length") {
    /// #                             length = value.trim().parse().unwrap_or(0);
    /// #                         }
    /// #                     }
    /// #                 }
    /// #                 if stream.read_exact(&mut vec![0; length]).is_err() {
    /// #                     break;
    /// #                 }
    /// #                 received.fetch_add(1, Ordering::SeqCst);
    /// #                 let Some(status) = status else { loop { std::thread::park() } };
    /// #                 let answer = format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
    /// #                 if stream.get_mut().write_all(answer.as_bytes()).is_err() {
    /// #                     break;
    /// #                 }
    /// #             }
    /// #         }
    /// #     });
    /// #     Ok((endpoint, requests))
    /// # }
    /// use traced::setup::{Exporter, Otlp};
    ///
    /// // `endpoint`: a collector on 127.0.0.1 that reads every export and never answers.
    /// # let (endpoint, received) = collector(None)?;
    /// let otlp = Otlp::http().with_endpoint(endpoint).with_max_queue_size(1);
    /// let guard = traced::builder().with_exporter(Exporter::Otlp(otlp)).install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// # while received.load(Ordering::SeqCst) == 0 {
    /// #     std::thread::sleep(std::time::Duration::from_millis(1));
    /// # }
    /// // The first span is on its way to the collector; of the next three, one waits in the queue.
    /// run();
    /// run();
    /// run();
    /// assert_eq!(guard.dropped_spans(), 2);
    /// # std::mem::forget(guard); // no need to wait for a collector that never answers
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_max_queue_size(mut self, spans: usize) -> Otlp {
        self.batch.max_queue_size = Some(spans);
        self
    }

    /// How many spans one export carries at most (else `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, else 512); never more
    /// than the queue holds, and at least 1.
    ///
    /// ```
    /// # #[cfg(feature = "otlp-http")] {
    /// # use std::io::{BufRead, BufReader, Read, Write};
    /// # use std::sync::atomic::{AtomicUsize, Ordering};
    /// # use std::sync::Arc;
    /// # /// An OTLP/HTTP collector on 127.0.0.1 that answers each export with `status` (never, for `None`): its
    /// # /// endpoint, and how many exports it received.
    /// # fn collector(status: Option<&'static str>) -> std::io::Result<(String, Arc<AtomicUsize>)> {
    /// #     let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// #     let endpoint = format!("http://{}/v1/traces", listener.local_addr()?);
    /// #     let requests = Arc::new(AtomicUsize::new(0));
    /// #     let received = Arc::clone(&requests);
    /// #     std::thread::spawn(move || {
    /// #         for stream in listener.incoming().flatten() {
    /// #             let mut stream = BufReader::new(stream);
    /// #             'requests: loop {
    /// #                 let mut length = 0;
    /// #                 loop {
    /// #                     let mut line = String::new();
    /// #                     if stream.read_line(&mut line).unwrap_or(0) == 0 {
    /// #                         break 'requests;
    /// #                     }
    /// #                     if line == "\r\n" {
    /// #                         break;
    /// #                     }
    /// #                     if let Some((name, value)) = line.split_once(':') {
    /// #                         if name.eq_ignore_ascii_case("content-length") {
    /// #                             length = value.trim().parse().unwrap_or(0);
    /// #                         }
    /// #                     }
    /// #                 }
    /// #                 if stream.read_exact(&mut vec![0; length]).is_err() {
    /// #                     break;
    /// #                 }
    /// #                 received.fetch_add(1, Ordering::SeqCst);
    /// #                 let Some(status) = status else { loop { std::thread::park() } };
    /// #                 let answer = format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
    /// #                 if stream.get_mut().write_all(answer.as_bytes()).is_err() {
    /// #                     break;
    /// #                 }
    /// #             }
    /// #         }
    /// #     });
    /// #     Ok((endpoint, requests))
    /// # }
    /// use traced::setup::{Exporter, Otlp};
    ///
    /// // `endpoint`: a collector on 127.0.0.1 that accepts every export; `received` counts them.
    /// # let (endpoint, received) = collector(Some("200 OK"))?;
    /// let otlp = Otlp::http().with_endpoint(endpoint).with_max_batch_size(2);
    /// let guard = traced::builder().with_exporter(Exporter::Otlp(otlp)).install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// for _ in 0..5 {
    ///     run();
    /// }
    /// guard.flush()?;
    /// assert_eq!(guard.exported_spans(), 5);
    /// assert!(received.load(Ordering::SeqCst) >= 3, "five spans, at most two an export");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_max_batch_size(mut self, spans: usize) -> Otlp {
        self.batch.max_batch_size = Some(spans);
        self
    }

    /// How long spans wait for a batch to fill before they are exported anyway (else `OTEL_BSP_SCHEDULE_DELAY`,
    /// else 1 s); at least a millisecond.
    ///
    /// ```
    /// # #[cfg(feature = "otlp-http")] {
    /// # use std::io::{BufRead, BufReader, Read, Write};
    /// # use std::sync::atomic::{AtomicUsize, Ordering};
    /// # use std::sync::Arc;
    /// # /// An OTLP/HTTP collector on 127.0.0.1 that answers each export with `status` (never, for `None`): its
    /// # /// endpoint, and how many exports it received.
    /// # fn collector(status: Option<&'static str>) -> std::io::Result<(String, Arc<AtomicUsize>)> {
    /// #     let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// #     let endpoint = format!("http://{}/v1/traces", listener.local_addr()?);
    /// #     let requests = Arc::new(AtomicUsize::new(0));
    /// #     let received = Arc::clone(&requests);
    /// #     std::thread::spawn(move || {
    /// #         for stream in listener.incoming().flatten() {
    /// #             let mut stream = BufReader::new(stream);
    /// #             'requests: loop {
    /// #                 let mut length = 0;
    /// #                 loop {
    /// #                     let mut line = String::new();
    /// #                     if stream.read_line(&mut line).unwrap_or(0) == 0 {
    /// #                         break 'requests;
    /// #                     }
    /// #                     if line == "\r\n" {
    /// #                         break;
    /// #                     }
    /// #                     if let Some((name, value)) = line.split_once(':') {
    /// #                         if name.eq_ignore_ascii_case("content-length") {
    /// #                             length = value.trim().parse().unwrap_or(0);
    /// #                         }
    /// #                     }
    /// #                 }
    /// #                 if stream.read_exact(&mut vec![0; length]).is_err() {
    /// #                     break;
    /// #                 }
    /// #                 received.fetch_add(1, Ordering::SeqCst);
    /// #                 let Some(status) = status else { loop { std::thread::park() } };
    /// #                 let answer = format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
    /// #                 if stream.get_mut().write_all(answer.as_bytes()).is_err() {
    /// #                     break;
    /// #                 }
    /// #             }
    /// #         }
    /// #     });
    /// #     Ok((endpoint, requests))
    /// # }
    /// use std::time::{Duration, Instant};
    /// use traced::setup::{Exporter, Otlp};
    ///
    /// // `endpoint`: a collector on 127.0.0.1 that accepts every export.
    /// # let (endpoint, _) = collector(Some("200 OK"))?;
    /// let otlp = Otlp::http().with_endpoint(endpoint).with_scheduled_delay(Duration::from_millis(10));
    /// let guard = traced::builder().with_exporter(Exporter::Otlp(otlp)).install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// // No flush: the span goes out on its own once the delay is over.
    /// let deadline = Instant::now() + Duration::from_secs(10);
    /// while guard.exported_spans() == 0 {
    ///     assert!(Instant::now() < deadline, "never exported");
    ///     std::thread::sleep(Duration::from_millis(5));
    /// }
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_scheduled_delay(mut self, delay: Duration) -> Otlp {
        self.batch.scheduled_delay = Some(delay);
        self
    }

    /// Renamed [`with_endpoint`](Otlp::with_endpoint).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let before = traced::setup::Otlp::grpc().endpoint("http://127.0.0.1:4317");
    /// let now = traced::setup::Otlp::grpc().with_endpoint("http://127.0.0.1:4317");
    /// # let _ = (before, now);
    /// ```
    #[deprecated(since = "0.1.0", note = "renamed `with_endpoint`, like every other builder method")]
    pub fn endpoint(self, url: impl Into<String>) -> Otlp {
        self.with_endpoint(url)
    }

    /// Renamed [`with_timeout`](Otlp::with_timeout).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// # use std::time::Duration;
    /// let before = traced::setup::Otlp::grpc().timeout(Duration::from_secs(5));
    /// let now = traced::setup::Otlp::grpc().with_timeout(Duration::from_secs(5));
    /// # let _ = (before, now);
    /// ```
    #[deprecated(since = "0.1.0", note = "renamed `with_timeout`, like every other builder method")]
    pub fn timeout(self, timeout: Duration) -> Otlp {
        self.with_timeout(timeout)
    }

    /// Renamed [`with_max_queue_size`](Otlp::with_max_queue_size).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let before = traced::setup::Otlp::grpc().max_queue_size(4096);
    /// let now = traced::setup::Otlp::grpc().with_max_queue_size(4096);
    /// # let _ = (before, now);
    /// ```
    #[deprecated(since = "0.1.0", note = "renamed `with_max_queue_size`, like every other builder method")]
    pub fn max_queue_size(self, spans: usize) -> Otlp {
        self.with_max_queue_size(spans)
    }

    /// Renamed [`with_max_batch_size`](Otlp::with_max_batch_size).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let before = traced::setup::Otlp::grpc().max_batch_size(512);
    /// let now = traced::setup::Otlp::grpc().with_max_batch_size(512);
    /// # let _ = (before, now);
    /// ```
    #[deprecated(since = "0.1.0", note = "renamed `with_max_batch_size`, like every other builder method")]
    pub fn max_batch_size(self, spans: usize) -> Otlp {
        self.with_max_batch_size(spans)
    }

    /// Renamed [`with_scheduled_delay`](Otlp::with_scheduled_delay).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// # use std::time::Duration;
    /// let before = traced::setup::Otlp::grpc().scheduled_delay(Duration::from_secs(1));
    /// let now = traced::setup::Otlp::grpc().with_scheduled_delay(Duration::from_secs(1));
    /// # let _ = (before, now);
    /// ```
    #[deprecated(since = "0.1.0", note = "renamed `with_scheduled_delay`, like every other builder method")]
    pub fn scheduled_delay(self, delay: Duration) -> Otlp {
        self.with_scheduled_delay(delay)
    }

    /// The exporter `OTEL_TRACES_EXPORTER` names; `timeout` is `OTEL_EXPORTER_OTLP[_TRACES]_TIMEOUT`, which bounds
    /// a batch's export too unless `OTEL_BSP_EXPORT_TIMEOUT` does.
    pub(crate) fn from_env(protocol: Option<OtlpProtocol>, timeout: Option<Duration>) -> Otlp {
        let mut otlp = match protocol {
            Some(OtlpProtocol::Grpc) => Otlp::grpc(),
            // The spec's default transport.
            Some(OtlpProtocol::HttpProtobuf) => Otlp::http(),
            // The spec's default transport, unless this build has only the other.
            None if cfg!(feature = "otlp-http") => Otlp::http(),
            None => Otlp::grpc(),
        };
        otlp.timeout = timeout;
        otlp
    }

    /// Takes each batch setting not set here from `env` (the `OTEL_BSP_*` variables).
    pub(crate) fn batch_from_env(&mut self, env: &BatchSettings) {
        let batch = &mut self.batch;
        batch.max_queue_size = batch.max_queue_size.or(env.max_queue_size);
        batch.max_batch_size = batch.max_batch_size.or(env.max_batch_size);
        batch.scheduled_delay = batch.scheduled_delay.or(env.scheduled_delay);
        batch.export_timeout = batch.export_timeout.or(env.export_timeout);
    }

    /// Checks the endpoint the exporter is going to use: this one's, else the one `from_env` names (the variable
    /// and its value), which the exporter reads itself; an empty one counts as unset, as the exporter has it.
    /// `insecure` is `OTEL_EXPORTER_OTLP[_TRACES]_INSECURE`, with which the gRPC exporter puts `http://` in front
    /// of an endpoint without a scheme. Only the form is checked: whether a collector answers there shows in
    /// [`Guard::dropped_spans`](crate::setup::Guard::dropped_spans).
    pub(crate) fn check_endpoint(
        &self,
        from_env: Option<(&'static str, &str)>,
        insecure: bool,
    ) -> Result<(), InitError> {
        let set = |url: &&str| !url.is_empty();
        let (name, url) = match (self.endpoint.as_deref().filter(set), from_env.filter(|(_, url)| set(url))) {
            (Some(url), _) => ("Otlp::endpoint", url),
            (None, Some(found)) => found,
            (None, None) => return Ok(()),
        };
        let grpc = self.protocol == OtlpProtocol::Grpc;
        // The exporter appends `/v1/traces` to `OTEL_EXPORTER_OTLP_ENDPOINT` only, and only for HTTP.
        let example = match (grpc, name) {
            (true, _) => "http://host:4317",
            (false, "OTEL_EXPORTER_OTLP_ENDPOINT") => "http://host:4318",
            (false, _) => "http://host:4318/v1/traces",
        };
        let problem = if grpc && insecure && !has_scheme(url) {
            endpoint_problem(&format!("http://{url}"))
        } else {
            endpoint_problem(url)
        };
        let expected = match problem {
            None => return Ok(()),
            Some(Problem::NotAUrl(why)) if grpc && !has_scheme(url) => format!(
                "a URL such as `{example}` (this is not a valid URL: {why}; to have the exporter put `http://` in \
                 front, set OTEL_EXPORTER_OTLP_INSECURE=true)"
            ),
            Some(Problem::NotAUrl(why)) => format!("a URL such as `{example}` (this is not a valid URL: {why})"),
            Some(Problem::Scheme(scheme)) => {
                format!("a URL whose scheme is `http` or `https`, such as `{example}` (OTLP cannot go over `{scheme}`)")
            }
            Some(Problem::NoHost) => format!("a URL with a host, such as `{example}` (this one has none)"),
            Some(Problem::Port(why)) => format!("a port from 1 to 65535, such as `{example}` (the port {why})"),
        };
        Err(InitError::invalid(name, shown_endpoint(url), &expected))
    }

    /// The SDK's batch processor in front of the exporter, and its counts.
    pub(crate) fn into_processor(
        self,
    ) -> Result<(impl opentelemetry_sdk::trace::SpanProcessor, Arc<ExportStats>), InitError> {
        let failed = |what: &str, error: &(dyn std::error::Error + 'static)| {
            InitError::Exporter(ExporterError::new(what, error, scrub))
        };
        #[cfg(not(feature = "otlp-grpc"))]
        if self.protocol == OtlpProtocol::Grpc {
            return Err(InitError::MissingFeature { what: "OTLP over gRPC", feature: "otlp-grpc" });
        }
        #[cfg(not(feature = "otlp-http"))]
        if self.protocol == OtlpProtocol::HttpProtobuf {
            return Err(InitError::MissingFeature { what: "OTLP over HTTP", feature: "otlp-http" });
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| failed("starting the OTLP export runtime failed", &error))?;
        // The gRPC channel spawns its worker on the runtime current while it is built.
        let built = {
            let _entered = runtime.enter();
            let builder = opentelemetry_otlp::SpanExporter::builder();
            match self.protocol {
                #[cfg(feature = "otlp-grpc")]
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
                #[cfg(feature = "otlp-http")]
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
                #[allow(unreachable_patterns)]
                _ => unreachable!("a transport left out of the build returned above"),
            }
        };
        let exporter = match built {
            Ok(exporter) => exporter,
            Err(error) => {
                // Dropping a runtime where blocking is not allowed (`install` called in async code) panics.
                runtime.shutdown_background();
                return Err(failed("building the OTLP exporter failed", &error));
            }
        };
        let stats = Arc::new(ExportStats::default());
        let processor = Batch::start(exporter, runtime, Resolved::new(&self.batch, self.timeout), Arc::clone(&stats));
        Ok((processor, stats))
    }
}

/// Why an endpoint cannot work. Nothing in it quotes the endpoint: a mistyped URL may put a password anywhere.
#[derive(Debug, PartialEq)]
enum Problem {
    NotAUrl(&'static str),
    /// A well-formed scheme other than `http` and `https`.
    Scheme(String),
    NoHost,
    Port(&'static str),
}

/// What makes `url` unusable as an OTLP endpoint, or `None` when it may work (the exporter checks the rest).
/// The form checked is the one the spec asks of OTLP/HTTP endpoints and every gRPC exporter accepts: "a valid URL
/// with scheme (http or https) and host", that "MAY contain a port"
/// (<https://opentelemetry.io/docs/specs/otel/protocol/exporter/#configuration-options>).
fn endpoint_problem(url: &str) -> Option<Problem> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(Problem::NotAUrl("it contains a space or a control character"));
    }
    let no_scheme = Problem::NotAUrl("it does not start with `http://` or `https://`");
    let Some((scheme, rest)) = url.split_once("://") else { return Some(no_scheme) };
    // RFC 3986: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`; anything else before `://` is no scheme at all.
    let well_formed = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !well_formed {
        return Some(no_scheme);
    }
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Some(Problem::Scheme(scheme.to_owned()));
    }
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host_port)| host_port);
    if !host_port.is_ascii() {
        return Some(Problem::NotAUrl("its host is not ASCII (write an international name in its `xn--` form)"));
    }
    let (host, port) = match host_port.strip_prefix('[') {
        // An IPv6 address, `[::1]:4317`.
        Some(inside) => match inside.split_once(']') {
            Some((address, "")) => (address, None),
            Some((address, after)) => match after.strip_prefix(':') {
                Some(port) => (address, Some(port)),
                None => return Some(Problem::NotAUrl("its host and port are not of the form `[address]:port`")),
            },
            None => return Some(Problem::NotAUrl("the `[` of its IPv6 address is not closed")),
        },
        None => match host_port.split_once(':') {
            Some((_, port)) if port.contains(':') => {
                return Some(Problem::NotAUrl("its host and port are not of the form `host:port`"))
            }
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        },
    };
    if host.is_empty() {
        return Some(Problem::NoHost);
    }
    match port {
        // `http://host:/` is the default port (RFC 3986, section 3.2.3).
        None | Some("") => None,
        Some(port) if !port.bytes().all(|b| b.is_ascii_digit()) => Some(Problem::Port("is not a number")),
        Some(port) => match port.parse::<u16>() {
            Ok(1..) => None,
            _ => Some(Problem::Port("is out of range")),
        },
    }
}

/// Whether `url` names a scheme, as the exporter decides it: `://` before any path, query or fragment.
fn has_scheme(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']))
}

/// An endpoint as an error may show it: without its user and password, and without anything before an `@`
/// that is left, as a mistyped URL (`http:/user:pw@host`, `http://user:p/w@host`) may still carry a password there.
fn shown_endpoint(url: &str) -> String {
    let clean = crate::sanitize::QueryKeys::default().url(url);
    // `REDACTED:REDACTED@` is how the sanitizer writes a user and password it removed.
    match clean.rfind('@') {
        Some(at) if !clean[..at].ends_with("REDACTED:REDACTED") => format!("REDACTED:REDACTED@{}", &clean[at + 1..]),
        _ => clean.into_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn error(otlp: &Otlp, from_env: Option<(&'static str, &str)>) -> String {
        otlp.check_endpoint(from_env, false).unwrap_err().to_string()
    }

    #[test]
    fn endpoints_that_can_work_pass() {
        for url in [
            "http://127.0.0.1:4317",
            "HTTP://collector:1/v1/traces",
            "http://[::1]:4317",
            "http://[::1]",
            "http://user:pw@collector:65535/otlp?x=1",
            "http://collector:/",
            "http://collector/é",
            "https://collector.example.com",
        ] {
            assert_eq!(endpoint_problem(url), None, "{url}");
        }
    }

    #[test]
    fn endpoints_that_cannot_work_name_the_setting_and_the_accepted_form() {
        let grpc = Otlp::grpc();
        assert_eq!(
            error(&grpc.clone().with_endpoint("ftp://127.0.0.1:4317"), None),
            "Otlp::endpoint=\"ftp://127.0.0.1:4317\" is invalid: expected a URL whose scheme is `http` or `https`, \
             such as `http://host:4317` (OTLP cannot go over `ftp`)"
        );
        assert_eq!(
            error(&grpc.clone().with_endpoint("http://127.0.0.1:99999"), None),
            "Otlp::endpoint=\"http://127.0.0.1:99999\" is invalid: expected a port from 1 to 65535, such as \
             `http://host:4317` (the port is out of range)"
        );
        assert_eq!(
            error(&grpc, Some(("OTEL_EXPORTER_OTLP_ENDPOINT", "not_a_url"))),
            "OTEL_EXPORTER_OTLP_ENDPOINT=\"not_a_url\" is invalid: expected a URL such as `http://host:4317` (this \
             is not a valid URL: it does not start with `http://` or `https://`; to have the exporter put `http://` \
             in front, set OTEL_EXPORTER_OTLP_INSECURE=true)"
        );
        let cases = [
            ("http://127.0.0.1:0", "(the port is out of range)"),
            ("http://h:4317x", "(the port is not a number)"),
            ("http://h:1:2", "not of the form `host:port`"),
            ("http://[::1", "is not closed"),
            ("http://[::1]x", "not of the form `[address]:port`"),
            ("http://", "(this one has none)"),
            ("http://user@:4317", "(this one has none)"),
            ("http:// h", "a space or a control character"),
            ("http://h\u{0}", "a space or a control character"),
            ("http://é.example", "`xn--` form"),
            ("collector:4317", "OTEL_EXPORTER_OTLP_INSECURE=true"),
            ("://h", "it does not start with `http://`"),
            ("unix:///tmp/otlp.sock", "OTLP cannot go over `unix`"),
        ];
        for (url, expected) in cases {
            let error = error(&grpc.clone().with_endpoint(url), None);
            assert!(error.starts_with("Otlp::endpoint=") && error.contains(expected), "{url}: {error}");
        }
    }

    #[test]
    fn the_example_is_the_form_the_setting_takes() {
        let http = Otlp::http();
        let bad = "ftp://h";
        assert!(error(&http, Some(("OTEL_EXPORTER_OTLP_ENDPOINT", bad))).contains("`http://host:4318`"));
        assert!(
            error(&http, Some(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", bad))).contains("`http://host:4318/v1/traces`")
        );
        assert!(error(&http.clone().with_endpoint(bad), None).contains("`http://host:4318/v1/traces`"));
    }

    #[test]
    fn the_builder_endpoint_wins_over_the_environment() {
        let from_env = Some(("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://h"));
        assert!(Otlp::grpc().with_endpoint("http://h:4317").check_endpoint(from_env, false).is_ok());
        assert!(Otlp::grpc().check_endpoint(None, false).is_ok(), "no endpoint: the exporter's default");
        assert!(
            error(&Otlp::grpc().with_endpoint(""), from_env).starts_with("OTEL_EXPORTER_OTLP_ENDPOINT="),
            "empty: unset"
        );
        assert!(Otlp::grpc().check_endpoint(Some(("OTEL_EXPORTER_OTLP_ENDPOINT", "")), false).is_ok());
        assert!(error(&Otlp::grpc(), from_env).starts_with("OTEL_EXPORTER_OTLP_ENDPOINT="));
    }

    #[test]
    fn an_exporter_error_keeps_its_causes_scrubbed() {
        use std::error::Error;

        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("transport error")
            }
        }
        impl Error for Outer {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.0)
            }
        }
        let outer = Outer(std::io::Error::other("connect to http://user:pa55w0rd@collector:4317 refused"));
        let error = InitError::Exporter(ExporterError::new("building the OTLP exporter failed", &outer, scrub));
        assert_eq!(error.to_string(), "building the OTLP exporter failed");
        let mut causes = Vec::new();
        let mut next = error.source();
        while let Some(cause) = next {
            causes.push(cause.to_string());
            next = cause.source();
        }
        assert_eq!(causes.len(), 2, "{causes:?}");
        assert!(causes.iter().all(|cause| !cause.contains("pa55w0rd")), "{causes:?}");
        assert!(causes[1].contains("REDACTED:REDACTED@collector:4317"), "{causes:?}");
    }

    #[test]
    fn without_a_scheme_the_grpc_exporter_is_followed() {
        let grpc = Otlp::grpc().with_endpoint("collector:4317");
        assert!(grpc.check_endpoint(None, true).is_ok(), "INSECURE: the exporter puts `http://` in front");
        assert!(grpc.check_endpoint(None, false).is_err(), "else `https://`, the misleading TLS message");
        let bad_port =
            Otlp::grpc().with_endpoint("collector:99999").check_endpoint(None, true).unwrap_err().to_string();
        assert!(bad_port.contains("the port is out of range"), "{bad_port}");
        assert!(
            Otlp::http().with_endpoint("collector:4318").check_endpoint(None, true).is_err(),
            "HTTP needs a scheme"
        );
    }

    #[test]
    fn an_error_never_shows_a_password() {
        for url in [
            "ftp://user:hunter2@h:4317",
            "http://user:hunter2@h:99999",
            "http:/user:hunter2@h",
            "http://user:hun/ter2@h",
            "http://user:hun?ter2@h:0",
            "user:hunter2@h:4317",
            "user:hunter2@h://x",
            "ftp://h:4317/?token=hunter2",
            "http://user:hunter2@h:1:2/",
        ] {
            let error = error(&Otlp::grpc().with_endpoint(url), None);
            assert!(!error.contains("hunter2") && !error.contains("hun"), "{url}: {error}");
        }
        assert!(error(&Otlp::grpc().with_endpoint("ftp://u:p@h:1"), None).contains("\"ftp://REDACTED:REDACTED@h:1\""));
    }

    /// Random text from the characters that matter to the check, multi-byte ones among them.
    #[test]
    fn never_panics_on_random_text() {
        const PIECES: [&str; 18] = [
            "http", "https", "ftp", "://", ":", "@", "/", "?", "#", "[", "]", "é", "😀", "\u{0}", " ", "h", "4317",
            "99999",
        ];
        let mut random = crate::random_text::RandomText::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let url = random.text(&PIECES, 12, |_| true);
            if let Err(error) = Otlp::http().with_endpoint(url.as_str()).check_endpoint(None, false) {
                assert!(error.to_string().starts_with("Otlp::endpoint="), "{url:?}: {error}");
            }
        }
    }
}
