//! From nothing to exported traces in one call: [`init`] reads the standard `OTEL_*` variables, [`builder`]
//! sets the same things in code. Both install the global tracer provider and propagators and return a [`Guard`]
//! that flushes every finished span when it drops.
//!
//! ```
//! use traced::setup::Exporter;
//!
//! #[traced::traced(name = "jobs.run")]
//! fn run() -> Option<String> {
//!     traced::trace_id().map(|id| id.to_string())
//! }
//!
//! let guard = traced::builder().with_service_name("jobs").with_exporter(Exporter::None).install()?;
//! assert!(run().is_some(), "spans are made, and current while `run` runs");
//! guard.shutdown()?; // or let it drop at the end of `main`
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod console;
mod env;
#[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
mod otlp;
mod pipeline;
mod protocol;

#[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
pub(crate) use env::BatchSettings;

use std::any::Any;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::propagation::{TextMapCompositePropagator, TextMapPropagator};
use opentelemetry::{global, KeyValue};
use opentelemetry_sdk::error::OTelSdkError;
use opentelemetry_sdk::propagation::BaggagePropagator;
use opentelemetry_sdk::resource::{SdkProvidedResourceDetector, TelemetryResourceDetector};
use opentelemetry_sdk::trace::{
    Sampler, SdkTracerProvider, ShouldSample, SpanLimits, SpanProcessor, TracerProviderBuilder,
};
use opentelemetry_sdk::Resource;
use opentelemetry_semantic_conventions::resource::{SERVICE_NAME, SERVICE_VERSION};

use crate::installed::limits::DEFAULT_MAX_ATTRIBUTE_LENGTH;
use crate::installed::roots::{self, Shared, StagedIds, StagedSampler};
pub use console::Console;
#[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
pub use otlp::{Otlp, OtlpProtocol};
use pipeline::{Keep, Pipeline};

/// Sets up tracing from the environment: service name, resource, exporter, sampler and span limits from the
/// standard `OTEL_*` variables, the console trace tree when none names an exporter.
///
/// Honoured: `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_EXPORTER` (`console`, `otlp`,
/// `none`), `OTEL_EXPORTER_OTLP_ENDPOINT` / `_PROTOCOL` / `_HEADERS` / `_TIMEOUT` (and their `_TRACES_` forms),
/// `OTEL_BSP_SCHEDULE_DELAY` / `_EXPORT_TIMEOUT` / `_MAX_QUEUE_SIZE` / `_MAX_EXPORT_BATCH_SIZE`,
/// `OTEL_TRACES_SAMPLER` / `_ARG`, `OTEL_PROPAGATORS` (`tracecontext`, `baggage`, `none`),
/// `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, `OTEL_SPAN_*_COUNT_LIMIT` and `OTEL_SDK_DISABLED`. With
/// `OTEL_EXPORTER_OTLP_ENDPOINT` set and no `OTEL_TRACES_EXPORTER`, spans go over OTLP.
///
/// ```
/// #[traced::traced(name = "jobs.run")]
/// fn run() {}
///
/// let guard = traced::init()?;
/// run();
/// guard.shutdown()?; // or let it drop: every finished span is flushed either way
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// A variable with a value that is not one of its accepted forms, e.g. `OTEL_TRACES_SAMPLER_ARG=1.5` or
/// `OTEL_PROPAGATORS=b3` (traced ships no B3 propagator), or an OTLP endpoint that cannot work, e.g.
/// `OTEL_EXPORTER_OTLP_ENDPOINT=ftp://collector:4317`.
pub fn init() -> Result<Guard, InitError> {
    builder().install()
}

/// Sets up tracing in code; anything not set here comes from the environment, as with [`init`].
///
/// ```
/// use traced::KeyValue;
/// use traced::setup::Exporter;
///
/// let guard = traced::builder()
///     .with_service_name("checkout")
///     .with_service_version("1.4.2")
///     .with_resource_attribute(KeyValue::new("deployment.environment", "staging"))
///     .with_sampling_rate(0.25)
///     .with_max_attribute_length(1024)
///     .with_exporter(Exporter::None)
///     .install()?;
/// # drop(guard);
/// # Ok::<(), traced::setup::InitError>(())
/// ```
pub fn builder() -> Builder {
    Builder::default()
}

/// Where finished spans go.
///
/// ```
/// use traced::setup::Exporter;
///
/// // `None`, in a test say: spans are made and current (so ids reach logs and outgoing requests), but go nowhere.
/// let guard = traced::builder().with_exporter(Exporter::None).install()?;
///
/// #[traced::traced(name = "jobs.run")]
/// fn run() -> bool {
///     traced::trace_id().is_some()
/// }
/// assert!(run());
/// # drop(guard);
/// # Ok::<(), traced::setup::InitError>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Exporter {
    /// Each finished trace printed as a tree (the default).
    Console(Console),
    /// OTLP to a collector (feature `otlp`; the default when `OTEL_EXPORTER_OTLP_ENDPOINT` is set).
    #[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
    Otlp(otlp::Otlp),
    /// Nowhere: spans are made (so ids propagate) but not exported.
    None,
}

/// Set-up in code: see [`builder`].
///
/// Nothing happens until [`install`](Builder::install), so a builder can be passed around and added to:
///
/// ```
/// use traced::setup::{Builder, Exporter};
///
/// /// What every test of this crate shares: no output, every span kept.
/// fn for_tests(builder: Builder) -> Builder {
///     builder.with_exporter(Exporter::None).with_sampling_rate(1.0)
/// }
///
/// let guard = for_tests(traced::builder().with_service_name("checkout")).install()?;
/// # drop(guard);
/// # Ok::<(), traced::setup::InitError>(())
/// ```
#[derive(Debug, Default)]
#[must_use = "nothing is set up until `install` is called"]
pub struct Builder {
    service_name: Option<String>,
    service_version: Option<String>,
    resource: Vec<KeyValue>,
    exporter: Option<Exporter>,
    sampler: Option<SamplerChoice>,
    max_attribute_length: Option<usize>,
    span_limits: Option<SpanLimits>,
    shutdown_timeout: Option<Duration>,
    keep: Keep,
    /// The span filter's rules as given, read at `install`.
    filter: Option<String>,
    processors: Vec<Box<dyn SpanProcessor>>,
}

#[derive(Debug)]
enum SamplerChoice {
    Config(SamplerConfig),
    /// A root sampler that looks only at the trace id: roots can be decided before the SDK is asked.
    Root(Box<dyn ShouldSample>),
    Custom(Box<dyn ShouldSample>),
}

const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// How long the SDK's batch processor waits for a flush.
const FLUSH_BOUND: Duration = Duration::from_secs(5);

/// What a bound on attribute text accepts: the spec's limits are positive, and 0 would empty every value.
const POSITIVE_LENGTH: &str = "a positive length in bytes (0 would empty every value)";

impl Builder {
    /// The `service.name` resource attribute (else `OTEL_SERVICE_NAME`, else `unknown_service:<executable>`).
    ///
    /// ```
    /// # use std::io::Write;
    /// # use std::sync::{Arc, Mutex};
    /// # #[derive(Clone, Default)]
    /// # struct Buffer(Arc<Mutex<Vec<u8>>>);
    /// # impl Write for Buffer {
    /// #     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
    /// #         self.0.lock().unwrap().write(bytes)
    /// #     }
    /// #     fn flush(&mut self) -> std::io::Result<()> {
    /// #         Ok(())
    /// #     }
    /// # }
    /// # impl Buffer {
    /// #     fn text(&self) -> String {
    /// #         String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    /// #     }
    /// # }
    /// use traced::setup::{Console, Exporter};
    ///
    /// # let out = Buffer::default();
    /// let guard = traced::builder()
    ///     .with_service_name("checkout")
    ///     .with_exporter(Exporter::Console(Console::to_writer(out.clone())))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "orders.create")]
    /// fn create() {}
    /// create();
    /// guard.shutdown()?;
    /// assert!(out.text().starts_with("service checkout\n"), "the console heads each service's trees");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_service_name(mut self, name: impl Into<String>) -> Self {
        self.service_name = Some(name.into());
        self
    }

    /// The `service.version` resource attribute.
    ///
    /// ```
    /// # use std::sync::{Arc, Mutex};
    /// # use opentelemetry_sdk::error::OTelSdkResult;
    /// # use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
    /// # use opentelemetry_sdk::Resource;
    /// # #[derive(Clone, Debug, Default)]
    /// # struct KeepResource(Arc<Mutex<Option<Resource>>>);
    /// # impl SpanProcessor for KeepResource {
    /// #     fn on_start(&self, _: &mut Span, _: &opentelemetry::Context) {}
    /// #     fn on_end(&self, _: SpanData) {}
    /// #     fn force_flush(&self) -> OTelSdkResult {
    /// #         Ok(())
    /// #     }
    /// #     fn shutdown_with_timeout(&self, _: std::time::Duration) -> OTelSdkResult {
    /// #         Ok(())
    /// #     }
    /// #     fn set_resource(&mut self, resource: &Resource) {
    /// #         *self.0.lock().unwrap() = Some(resource.clone());
    /// #     }
    /// # }
    /// # impl KeepResource {
    /// #     fn get(&self, key: &'static str) -> Option<String> {
    /// #         let resource = self.0.lock().unwrap();
    /// #         resource.as_ref()?.get(&traced::Key::from_static_str(key)).map(|value| value.to_string())
    /// #     }
    /// # }
    /// # let resource = KeepResource::default();
    /// let guard = traced::builder()
    ///     .with_service_version("1.4.2")
    ///     .with_exporter(traced::setup::Exporter::None)
    ///     .with_span_processor(resource.clone()) // a span processor that keeps the resource it is given
    ///     .install()?;
    /// assert_eq!(resource.get("service.version").as_deref(), Some("1.4.2"));
    /// # drop(guard);
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn with_service_version(mut self, version: impl Into<String>) -> Self {
        self.service_version = Some(version.into());
        self
    }

    /// One more resource attribute; these win over `OTEL_RESOURCE_ATTRIBUTES`.
    ///
    /// ```
    /// # use std::sync::{Arc, Mutex};
    /// # use opentelemetry_sdk::error::OTelSdkResult;
    /// # use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
    /// # use opentelemetry_sdk::Resource;
    /// # #[derive(Clone, Debug, Default)]
    /// # struct KeepResource(Arc<Mutex<Option<Resource>>>);
    /// # impl SpanProcessor for KeepResource {
    /// #     fn on_start(&self, _: &mut Span, _: &opentelemetry::Context) {}
    /// #     fn on_end(&self, _: SpanData) {}
    /// #     fn force_flush(&self) -> OTelSdkResult {
    /// #         Ok(())
    /// #     }
    /// #     fn shutdown_with_timeout(&self, _: std::time::Duration) -> OTelSdkResult {
    /// #         Ok(())
    /// #     }
    /// #     fn set_resource(&mut self, resource: &Resource) {
    /// #         *self.0.lock().unwrap() = Some(resource.clone());
    /// #     }
    /// # }
    /// # impl KeepResource {
    /// #     fn get(&self, key: &'static str) -> Option<String> {
    /// #         let resource = self.0.lock().unwrap();
    /// #         resource.as_ref()?.get(&traced::Key::from_static_str(key)).map(|value| value.to_string())
    /// #     }
    /// # }
    /// use traced::KeyValue;
    ///
    /// # let resource = KeepResource::default();
    /// let guard = traced::builder()
    ///     .with_resource_attribute(KeyValue::new("deployment.environment", "staging"))
    ///     .with_exporter(traced::setup::Exporter::None)
    ///     .with_span_processor(resource.clone()) // a span processor that keeps the resource it is given
    ///     .install()?;
    /// assert_eq!(resource.get("deployment.environment").as_deref(), Some("staging"));
    /// # drop(guard);
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn with_resource_attribute(mut self, attribute: KeyValue) -> Self {
        self.resource.push(attribute);
        self
    }

    /// Where spans go (else `OTEL_TRACES_EXPORTER`, else the console tree).
    ///
    /// ```
    /// # use std::io::Write;
    /// # use std::sync::{Arc, Mutex};
    /// # #[derive(Clone, Default)]
    /// # struct Buffer(Arc<Mutex<Vec<u8>>>);
    /// # impl Write for Buffer {
    /// #     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
    /// #         self.0.lock().unwrap().write(bytes)
    /// #     }
    /// #     fn flush(&mut self) -> std::io::Result<()> {
    /// #         Ok(())
    /// #     }
    /// # }
    /// # impl Buffer {
    /// #     fn text(&self) -> String {
    /// #         String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    /// #     }
    /// # }
    /// use traced::setup::{Console, Exporter};
    ///
    /// # let out = Buffer::default();
    /// let guard = traced::builder().with_exporter(Exporter::Console(Console::to_writer(out.clone()))).install()?;
    /// #[traced::traced(name = "orders.create")]
    /// fn create() {}
    /// create();
    /// assert!(out.text().contains("orders.create"));
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_exporter(mut self, exporter: Exporter) -> Self {
        self.exporter = Some(exporter);
        self
    }

    /// Adds `processor` (any OpenTelemetry span processor: a vendor's exporter behind the SDK's batch processor,
    /// `opentelemetry-stdout`, the SDK's in-memory exporter in tests) behind traced's own pipeline, beside the
    /// exporter: it sees only sampled spans and, with [`with_keep_errors`](Builder::with_keep_errors), the failed
    /// ones marked, with their text bounded. Give [`Exporter::None`] to have it alone.
    ///
    /// ```
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "orders.create")]
    /// fn create() {}
    /// create();
    /// assert_eq!(spans.get_finished_spans()?[0].name, "orders.create");
    /// guard.shutdown()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_span_processor(mut self, processor: impl SpanProcessor + 'static) -> Self {
        self.processors.push(Box::new(processor));
        self
    }

    /// Keep this share of new traces ([`ProbabilitySampler`](crate::sampling::ProbabilitySampler)), following the
    /// parent's decision for the rest. A rate outside `0..=1` is an error from [`install`](Builder::install).
    ///
    /// ```
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_sampling_rate(0.5)
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// for _ in 0..100 {
    ///     run();
    /// }
    /// let kept = spans.get_finished_spans()?;
    /// assert!(!kept.is_empty() && kept.len() < 100, "about half");
    /// // Each kept span says it stands for 1 / 0.5 = 2 traces.
    /// assert!(kept.iter().all(|span| traced::sampling::probability_of(span.span_context.trace_state()) == Some(0.5)));
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_sampling_rate(mut self, rate: f64) -> Self {
        let root = SamplerConfig::Ratio(rate);
        self.sampler = Some(SamplerChoice::Config(SamplerConfig::ParentBased(Box::new(root))));
        self
    }

    /// Any sampler for root spans, wrapped in [`parent_based`](crate::sampling::parent_based) so children follow
    /// their parent (else `OTEL_TRACES_SAMPLER`, else parent-based always-on).
    ///
    /// A sampler that decides on the trace id alone ([`ProbabilitySampler`](crate::sampling::ProbabilitySampler),
    /// [`AdaptiveSampler`](crate::sampling::AdaptiveSampler), the SDK's `AlwaysOff` and `TraceIdRatioBased`)
    /// decides each root before the SDK is asked: a root it drops skips the SDK and its attribute expressions.
    ///
    /// ```
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, Sampler, SimpleSpanProcessor};
    /// use traced::sampling::Conditional;
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_sampler(Conditional::new(Sampler::AlwaysOff).always_if_name("payment.refund"))
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "payment.refund")]
    /// fn refund() {}
    /// #[traced::traced(name = "payment.charge")]
    /// fn charge() {}
    /// refund();
    /// charge();
    /// let names: Vec<_> = spans.get_finished_spans()?.into_iter().map(|span| span.name).collect();
    /// assert_eq!(names, ["payment.refund"]);
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_sampler(mut self, sampler: impl ShouldSample + 'static) -> Self {
        self.sampler = Some(if decides_on_trace_id_alone(&sampler) {
            SamplerChoice::Root(Box::new(sampler))
        } else {
            SamplerChoice::Custom(Box::new(crate::sampling::parent_based(sampler)))
        });
        self
    }

    /// Attribute text longer than `bytes` is cut there and marked `…[truncated]` (else
    /// `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, else [`DEFAULT_MAX_ATTRIBUTE_LENGTH`]). A bound of 0, which would
    /// empty every value, is an error from [`install`](Builder::install).
    ///
    /// ```
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_max_attribute_length(9)
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "mail.send", fields(subject))]
    /// fn send(subject: &str) {}
    /// send("quarterly report");
    /// let subject = format!("quarterly{}", traced::TRUNCATION_MARKER);
    /// assert_eq!(spans.get_finished_spans()?[0].attributes, [traced::KeyValue::new("subject", subject)]);
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_max_attribute_length(mut self, bytes: usize) -> Self {
        self.max_attribute_length = Some(bytes);
        self
    }

    /// How many attributes, events and links a span keeps (else the `OTEL_SPAN_*_COUNT_LIMIT` variables).
    ///
    /// ```
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor, SpanLimits};
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_span_limits(SpanLimits { max_events_per_span: 2, ..SpanLimits::default() })
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "jobs.poll")]
    /// fn poll() {
    ///     for attempt in 0..5 {
    ///         traced::add_event("retry", [traced::KeyValue::new("attempt", attempt)]);
    ///     }
    /// }
    /// poll();
    /// let span = &spans.get_finished_spans()?[0];
    /// assert_eq!((span.events.len(), span.events.dropped_count), (2, 3));
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_span_limits(mut self, limits: SpanLimits) -> Self {
        self.span_limits = Some(limits);
        self
    }

    /// Never miss an error: spans the sampler drops are recorded anyway (not exported), and those that end with
    /// status `Error` are exported, marked `sampling.kept_for_error = true` and without `th`. The cost is that
    /// every dropped span is built and recorded like a sampled one; see the README's sampling section.
    ///
    /// ```
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_sampling_rate(0.0)
    ///     .with_keep_errors(true)
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "payment.charge", fields(amount))]
    /// fn charge(amount: u64) -> Result<(), String> {
    ///     if amount > 100 { Err("insufficient funds".into()) } else { Ok(()) }
    /// }
    /// charge(10)?;
    /// assert!(charge(500).is_err());
    /// let exported = spans.get_finished_spans()?;
    /// assert_eq!(exported.len(), 1, "the sampler kept neither; the failed one is exported anyway");
    /// assert!(exported[0].attributes.contains(&traced::KeyValue::new("amount", 500_i64)));
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_keep_errors(mut self, keep: bool) -> Self {
        self.keep.errors = keep;
        self
    }

    /// Never miss a slow request: spans the sampler drops are recorded anyway (not exported), and those that
    /// last `threshold` or longer are exported, marked `sampling.kept_for_latency = true` and without `th`. With
    /// [`with_keep_errors`](Builder::with_keep_errors) too, a dropped span is kept when it failed or was slow, and
    /// carries the mark of each reason that holds.
    ///
    /// Each span is judged alone, by its own duration: the slow span of a dropped trace is exported, its quick
    /// parent and siblings are not. The cost is keep_errors' (every dropped span is built and recorded like a
    /// sampled one, then discarded when it ends quick); `BENCHMARKS.md` measures it against plain dropping.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_sampling_rate(0.0)
    ///     .with_keep_slow(Duration::from_millis(20))
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "search.query", fields(pages))]
    /// fn query(pages: u64) {
    ///     std::thread::sleep(Duration::from_millis(pages * 10));
    /// }
    /// query(0);
    /// query(5);
    /// let exported = spans.get_finished_spans()?;
    /// assert_eq!(exported.len(), 1, "the sampler kept neither; the slow one is exported anyway");
    /// assert!(exported[0].attributes.contains(&traced::KeyValue::new("pages", 5_i64)));
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_keep_slow(mut self, threshold: Duration) -> Self {
        self.keep.slow = Some(threshold);
        self
    }

    /// The first span filter, in [`traced::set_filter`](crate::set_filter)'s syntax: comma-separated
    /// `pattern=on|off` rules over span names and a bare `on`/`off` default, e.g.
    /// `"off,orders=on,payment.charge=on"`. The `TRACED_SPANS` variable adds its rules after these, so at equal
    /// specificity the operator's variable wins, and its default if it gives one. `set_filter` changes the filter
    /// later, while the program runs.
    ///
    /// ```
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_filter("db=off")
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(SimpleSpanProcessor::new(spans.clone()))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "orders.place")]
    /// fn place() { lookup() }
    /// #[traced::traced(name = "db.query.get_user")]
    /// fn lookup() {}
    /// place();
    /// let names: Vec<_> = spans.get_finished_spans()?.iter().map(|span| span.name.to_string()).collect();
    /// assert_eq!(names, ["orders.place"]);
    ///
    /// let error = traced::builder().with_filter("db=of").install().unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     r#"with_filter="db=of" is invalid: expected comma-separated `pattern=on|off` rules; in rule 1 ("db=of"), expected `on` or `off` after `=`"#
    /// );
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_filter(mut self, filter: impl Into<String>) -> Self {
        self.filter = Some(filter.into());
        self
    }

    /// How long dropping the [`Guard`] may wait for spans to be exported (default 5 s).
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
    ///     .with_exporter(Exporter::Otlp(otlp))
    ///     .with_shutdown_timeout(Duration::from_millis(100))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// let error = guard.shutdown().unwrap_err();
    /// assert!(error.timed_out(), "the span is lost: {error}");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = Some(timeout);
        self
    }

    /// Installs the global tracer provider and the propagators `OTEL_PROPAGATORS` names (by default W3C trace
    /// context and baggage).
    ///
    /// # Errors
    ///
    /// A bad environment variable or setting, named in the error; an OTLP endpoint that cannot work.
    ///
    /// ```
    /// let error = traced::builder().with_sampling_rate(2.0).install().unwrap_err();
    /// assert_eq!(error.to_string(), r#"with_sampling_rate="2" is invalid: expected a probability between 0 and 1"#);
    ///
    /// let guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
    /// # drop(guard);
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn install(self) -> Result<Guard, InitError> {
        self.install_from(&env::ProcessEnv)
    }

    fn install_from(self, source: &dyn env::Source) -> Result<Guard, InitError> {
        let env = env::EnvConfig::read(source)?;
        let timeout = self.shutdown_timeout.unwrap_or(DEFAULT_SHUTDOWN_TIMEOUT);
        if env.disabled {
            return Ok(Guard { provider: None, timeout, stats: Vec::new() });
        }
        let exporters = match self.exporter {
            Some(exporter) => vec![exporter],
            None => default_exporters(&env)?,
        };
        // Endpoints are checked here, before anything starts, rather than left to the exporter: it takes a port
        // out of range for the default port and reports a URL without a scheme as a missing TLS feature.
        #[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
        let exporters = exporters
            .into_iter()
            .map(|exporter| match exporter {
                Exporter::Otlp(mut otlp) => {
                    let from_env = env.otlp_endpoint.as_ref().map(|(name, url)| (*name, url.as_str()));
                    otlp.check_endpoint(from_env, env.otlp_insecure)?;
                    otlp.batch_from_env(&env.batch);
                    Ok(Exporter::Otlp(otlp))
                }
                other => Ok(other),
            })
            .collect::<Result<Vec<_>, InitError>>()?;
        let filter = match (&self.filter, env.spans) {
            (Some(given), from_env) => {
                let given = env::parse_filter("with_filter", given)?;
                Some(match from_env {
                    Some(from_env) => given.followed_by(from_env),
                    None => given,
                })
            }
            (None, from_env) => from_env,
        };
        if self.max_attribute_length == Some(0) {
            return Err(InitError::invalid("with_max_attribute_length", "0", POSITIVE_LENGTH));
        }
        // Whether the sampler follows the parent's decision for every child (all but env's unwrapped ones).
        // `root`: the sampler of root spans, when it looks at nothing but the trace id.
        let (sampler, root, parent_based) = match self.sampler {
            Some(SamplerChoice::Custom(sampler)) => (sampler, None, true),
            Some(SamplerChoice::Root(root)) => {
                let root = Shared(Arc::from(root));
                let sampler: Box<dyn ShouldSample> =
                    Box::new(crate::sampling::ParentBased::boxed(Box::new(root.clone())));
                (sampler, Some(root), true)
            }
            Some(SamplerChoice::Config(config)) => {
                let (sampler, root) = config.build_with_root("with_sampling_rate")?;
                (sampler, root, true)
            }
            None => match env.sampler {
                Some(config) => {
                    let parent_based = matches!(config, SamplerConfig::ParentBased(_));
                    let (sampler, root) = config.build_with_root("OTEL_TRACES_SAMPLER_ARG")?;
                    (sampler, root, parent_based)
                }
                None => {
                    (Box::new(crate::sampling::parent_based(Sampler::AlwaysOn)) as Box<dyn ShouldSample>, None, true)
                }
            },
        };
        // Roots are decided ahead of the SDK unless keep_errors or keep_slow wants dropped ones recorded.
        let records_dropped = self.keep.records_dropped();
        let root = root.filter(|_| !records_dropped);
        let sampler: Box<dyn ShouldSample> = if records_dropped {
            Box::new(crate::sampling::keep_errors::RecordDropped::new(sampler))
        } else if root.is_some() {
            Box::new(StagedSampler(sampler))
        } else {
            sampler
        };
        // Children of unsampled parents skip all span work, unless dropped spans are to be recorded.
        let follows_unsampled_parents = parent_based && !records_dropped;
        let max_length =
            self.max_attribute_length.or(env.attribute_value_length).unwrap_or(DEFAULT_MAX_ATTRIBUTE_LENGTH);
        let mut limits = self.span_limits.unwrap_or_default();
        if self.span_limits.is_none() {
            limits.max_attributes_per_span = env.attribute_count.unwrap_or(limits.max_attributes_per_span);
            limits.max_events_per_span = env.event_count.unwrap_or(limits.max_events_per_span);
            limits.max_links_per_span = env.link_count.unwrap_or(limits.max_links_per_span);
        }

        let resource = resource(self.service_name, self.service_version, self.resource, env.service_name, env.resource);
        let propagators =
            env.propagators.unwrap_or_else(|| vec![PropagatorKind::TraceContext, PropagatorKind::Baggage]);

        let mut stats = Vec::new();
        let mut provider =
            SdkTracerProvider::builder().with_resource(resource).with_sampler(sampler).with_span_limits(limits);
        if root.is_some() {
            provider = provider.with_id_generator(StagedIds::default());
        }
        for exporter in exporters {
            let (with_exporter, counts) = add_exporter(provider, exporter, max_length, self.keep)?;
            provider = with_exporter;
            stats.extend(counts);
        }
        for processor in self.processors {
            provider = provider.with_span_processor(Pipeline::new(processor, max_length, self.keep));
        }
        let provider = provider.build();
        crate::installed::limits::set_max_attribute_length(max_length);
        // In force before the provider, which makes no span it would filter out.
        if let Some(filter) = filter {
            crate::filter::install(filter);
        }
        // Registered first, so that no call sees the new provider without its root sampler.
        let id = crate::installed::provider::new_id();
        roots::register(id, root);
        // Set-up's id generators are random ones.
        let known = crate::installed::provider::Known { follows_unsampled_parents, random_ids: true, noop: false };
        let source = crate::installed::tracers::Source::Sdk(provider.clone());
        crate::installed::provider::install(id, provider.clone(), known, Some(source));
        global::set_text_map_propagator(propagator(&propagators));
        Ok(Guard { provider: Some(provider), timeout, stats })
    }
}

/// The propagators `kinds` name, as one; for none, one that reads and writes nothing and hands back the context
/// it was given (the API's no-op propagator would hand back the current one).
fn propagator(kinds: &[PropagatorKind]) -> TextMapCompositePropagator {
    TextMapCompositePropagator::new(kinds.iter().map(|kind| kind.propagator()).collect())
}

/// The resource of set-up's provider. Later settings win: `OTEL_RESOURCE_ATTRIBUTES` (`from_env`), then
/// `OTEL_SERVICE_NAME` (`env_name`), then the builder's name, version and attributes.
///
/// The SDK's own detectors of those two variables are left out (`Resource::builder()` would run them): set-up
/// reads them itself, with an error for a malformed list where the SDK skips what it cannot read, percent-decoded
/// values where the SDK keeps `%20`, and `OTEL_SERVICE_NAME` winning, where the SDK lets the list's
/// `service.name` override it. Each variable is applied once.
fn resource(
    name: Option<String>,
    version: Option<String>,
    attributes: Vec<KeyValue>,
    env_name: Option<String>,
    from_env: Vec<KeyValue>,
) -> Resource {
    let named_in_env = from_env.iter().any(|attribute| attribute.key.as_str() == SERVICE_NAME);
    let mut resource =
        Resource::builder_empty().with_detector(Box::new(TelemetryResourceDetector)).with_attributes(from_env);
    match name.or(env_name) {
        Some(name) => resource = resource.with_service_name(name),
        // Neither variable names the service, so the SDK's detector, which reads them too, finds no name either
        // and gives its default, `unknown_service:<executable>`.
        None if !named_in_env => resource = resource.with_detector(Box::new(SdkProvidedResourceDetector)),
        None => {}
    }
    if let Some(version) = version {
        resource = resource.with_attribute(KeyValue::new(SERVICE_VERSION, version));
    }
    resource.with_attributes(attributes).build()
}

/// `provider` with `exporter` behind the span pipeline, and the exporter's counts where it keeps some.
fn add_exporter(
    provider: TracerProviderBuilder,
    exporter: Exporter,
    max_length: usize,
    keep: Keep,
) -> Result<(TracerProviderBuilder, Option<Arc<ExportStats>>), InitError> {
    Ok(match exporter {
        Exporter::Console(console) => {
            let console: Box<dyn SpanProcessor> = Box::new(console.into_processor());
            (provider.with_span_processor(Pipeline::new(console, max_length, keep)), None)
        }
        #[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
        Exporter::Otlp(otlp) => {
            let (processor, counts) = otlp.into_processor()?;
            let processor: Box<dyn SpanProcessor> = Box::new(processor);
            (provider.with_span_processor(Pipeline::new(processor, max_length, keep)), Some(counts))
        }
        Exporter::None => (provider, None),
    })
}

/// The exporters `OTEL_TRACES_EXPORTER` names; by default OTLP when an endpoint is set, else the console.
fn default_exporters(env: &env::EnvConfig) -> Result<Vec<Exporter>, InitError> {
    let named = match &env.exporters {
        Some(named) => named.clone(),
        None if env.otlp_endpoint.is_some() => vec![ExporterKind::Otlp],
        None => vec![ExporterKind::Console],
    };
    named
        .into_iter()
        .map(|kind| match kind {
            ExporterKind::Console => Ok(Exporter::Console(Console::stdout())),
            ExporterKind::None => Ok(Exporter::None),
            #[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
            ExporterKind::Otlp => Ok(Exporter::Otlp(otlp::Otlp::from_env(env.otlp_protocol, env.otlp_timeout))),
            #[cfg(not(any(feature = "otlp-grpc", feature = "otlp-http")))]
            ExporterKind::Otlp => Err(InitError::MissingFeature { what: "OTLP export", feature: "otlp" }),
        })
        .collect()
}

/// Keeps tracing installed; dropping it (or [`shutdown`](Guard::shutdown)) flushes every finished span, waiting at
/// most the shutdown timeout.
///
/// ```
/// # fn serve() {}
/// fn main() -> Result<(), traced::setup::InitError> {
///     // `_guard`, not `_`: `let _ = ...` would drop it, and shut tracing down, at once.
///     let _guard = traced::init()?;
///     serve();
///     Ok(())
/// } // `_guard` drops here: every finished span is exported before the program ends
/// ```
#[derive(Debug)]
#[must_use = "dropping the guard shuts tracing down: keep it alive for as long as the program runs"]
pub struct Guard {
    provider: Option<SdkTracerProvider>,
    timeout: Duration,
    /// The counts of each exporter that can lose spans.
    stats: Vec<Arc<ExportStats>>,
}

/// What an exporter did with the spans it was given.
#[derive(Debug, Default)]
pub(crate) struct ExportStats {
    pub(crate) dropped: AtomicU64,
    pub(crate) exported: AtomicU64,
    /// A flush or shutdown ran out of time: the provider folds its processors' errors into one text, so the
    /// processor says so here.
    pub(crate) timed_out: AtomicBool,
}

impl Guard {
    /// How many finished spans were lost on the way to a collector: the export queue was full, or an export
    /// failed or timed out. Always 0 without OTLP export.
    ///
    /// ```
    /// # #[cfg(feature = "otlp-http")] {
    /// use std::time::Duration;
    /// use traced::setup::{Exporter, Otlp};
    ///
    /// // A collector that is down: nothing listens on this port.
    /// let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    /// let otlp = Otlp::http().with_endpoint(format!("http://127.0.0.1:{port}/v1/traces"));
    /// let guard = traced::builder()
    ///     .with_exporter(Exporter::Otlp(otlp.with_timeout(Duration::from_millis(200))))
    ///     .install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// let _ = guard.flush(); // an error: the export failed
    /// assert_eq!(guard.dropped_spans(), 1);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dropped_spans(&self) -> u64 {
        self.stats.iter().map(|stats| stats.dropped.load(Ordering::Relaxed)).sum()
    }

    /// How many spans were exported to a collector. Always 0 without OTLP export.
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
    /// // `endpoint`: a collector on 127.0.0.1 that accepts every export.
    /// # let (endpoint, _) = collector(Some("200 OK"))?;
    /// let guard = traced::builder().with_exporter(Exporter::Otlp(Otlp::http().with_endpoint(endpoint))).install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// guard.flush()?;
    /// assert_eq!((guard.exported_spans(), guard.dropped_spans()), (1, 0));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exported_spans(&self) -> u64 {
        self.stats.iter().map(|stats| stats.exported.load(Ordering::Relaxed)).sum()
    }

    /// Exports every finished span now, without shutting down.
    ///
    /// # Errors
    ///
    /// An exporter failed, or (OTLP) did not finish within 5 s, the bound of the SDK's batch processor on a flush.
    ///
    /// ```
    /// use opentelemetry_sdk::trace::{BatchSpanProcessor, InMemorySpanExporter};
    /// use traced::setup::Exporter;
    ///
    /// let spans = InMemorySpanExporter::default();
    /// let guard = traced::builder()
    ///     .with_exporter(Exporter::None)
    ///     .with_span_processor(BatchSpanProcessor::builder(spans.clone()).build())
    ///     .install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// guard.flush()?; // the batch goes out now, not at its scheduled time
    /// assert_eq!(spans.get_finished_spans()?.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn flush(&self) -> Result<(), ShutdownError> {
        match &self.provider {
            Some(provider) => provider.force_flush().map_err(|error| ShutdownError::new(&error, None, &self.stats)),
            None => Ok(()),
        }
    }

    /// Flushes and stops every exporter, waiting at most the shutdown timeout.
    ///
    /// # Errors
    ///
    /// An exporter failed or did not finish in time; the spans it held are lost.
    ///
    /// ```
    /// let guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() -> bool {
    ///     traced::trace_id().is_some()
    /// }
    /// assert!(run());
    /// // Unlike a drop, which can only print a failure to stderr, `shutdown` returns it.
    /// guard.shutdown()?;
    /// assert!(!run(), "once shut down, no more spans are made");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shutdown(mut self) -> Result<(), ShutdownError> {
        self.shutdown_now()
    }

    fn shutdown_now(&mut self) -> Result<(), ShutdownError> {
        match self.provider.take() {
            Some(provider) => provider
                .shutdown_with_timeout(self.timeout)
                .map_err(|error| ShutdownError::new(&error, Some(self.timeout), &self.stats)),
            None => Ok(()),
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Err(error) = self.shutdown_now() {
            // Drop cannot return the error, and losing spans silently is worse than a line on stderr.
            eprintln!("traced: {error}");
        }
    }
}

/// Flushing or shutting tracing down failed: some spans may not have been exported.
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
/// # use std::time::Duration;
/// use traced::setup::{Exporter, Otlp};
///
/// // `endpoint`: a collector on 127.0.0.1 that refuses every export.
/// # let (endpoint, _) = collector(Some("400 Bad Request"))?;
/// let otlp = Otlp::http().with_endpoint(endpoint);
/// # let otlp = otlp.with_scheduled_delay(Duration::from_secs(60));
/// let guard = traced::builder().with_exporter(Exporter::Otlp(otlp)).install()?;
///
/// #[traced::traced(name = "jobs.run")]
/// fn run() {}
/// run();
/// let error: traced::setup::ShutdownError = guard.flush().unwrap_err();
/// assert!(!error.timed_out());
/// assert!(error.to_string().starts_with("exporting spans failed, some may be lost: "), "{error}");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShutdownError {
    reason: String,
    timed_out: Option<Duration>,
}

impl ShutdownError {
    /// `error`, from a flush (`timeout` is `None`) or a shutdown bounded by `timeout`, of the exporters counting in
    /// `stats`.
    fn new(error: &OTelSdkError, timeout: Option<Duration>, stats: &[Arc<ExportStats>]) -> ShutdownError {
        let reported = stats.iter().any(|stats| stats.timed_out.swap(false, Ordering::Relaxed));
        let timed_out = match error {
            OTelSdkError::Timeout(waited) => Some(*waited),
            _ if reported => Some(timeout.unwrap_or(FLUSH_BOUND)),
            _ => None,
        };
        ShutdownError { reason: error.to_string(), timed_out }
    }

    /// Whether an exporter was still busy when the timeout ran out (a collector that does not answer, say). A
    /// processor given to [`with_span_processor`](Builder::with_span_processor) is known to have timed out only when
    /// it is the provider's only one, which reports the timeout as such.
    ///
    /// ```
    /// # #[cfg(feature = "otlp-http")] {
    /// # use std::time::Duration;
    /// # use traced::setup::{Exporter, Otlp};
    /// # let collector = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let otlp = Otlp::http().with_endpoint(format!("http://{}/v1/traces", collector.local_addr()?));
    /// # let guard = traced::builder()
    /// #     .with_exporter(Exporter::Otlp(otlp))
    /// #     .with_shutdown_timeout(Duration::from_millis(100))
    /// #     .install()?;
    /// # #[traced::traced(name = "jobs.run")]
    /// # fn run() {}
    /// # run();
    /// // `guard` exports to a collector that takes the connection and never answers.
    /// let error = guard.shutdown().unwrap_err();
    /// assert!(error.timed_out());
    /// assert_eq!(error.to_string(), "exporting spans did not finish within 100ms; the spans it held are lost");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn timed_out(&self) -> bool {
        self.timed_out.is_some()
    }
}

impl fmt::Display for ShutdownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.timed_out {
            Some(timeout) => write!(f, "exporting spans did not finish within {timeout:?}; the spans it held are lost"),
            None => write!(f, "exporting spans failed, some may be lost: {}", self.reason),
        }
    }
}

impl std::error::Error for ShutdownError {}

/// Set-up failed: a setting or environment variable has a value that cannot be used.
///
/// ```
/// use traced::setup::InitError;
///
/// let error = traced::builder().with_max_attribute_length(0).install().unwrap_err();
/// assert!(matches!(error, InitError::Invalid { name: "with_max_attribute_length", .. }));
/// assert_eq!(
///     error.to_string(),
///     r#"with_max_attribute_length="0" is invalid: expected a positive length in bytes (0 would empty every value)"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InitError {
    /// A variable or setting has a value outside its accepted forms.
    Invalid {
        /// The variable or builder method, e.g. `OTEL_TRACES_SAMPLER`.
        name: &'static str,
        /// The value given, with what may be a credential in it (a header value, a URL's password) redacted.
        value: String,
        /// What is accepted.
        expected: String,
    },
    /// The exporter could not be started.
    Exporter(ExporterError),
    /// The configuration asks for something this build leaves out.
    MissingFeature {
        /// What was asked for.
        what: &'static str,
        /// The cargo feature of `traced` that provides it.
        feature: &'static str,
    },
}

impl InitError {
    pub(crate) fn invalid(name: &'static str, value: impl Into<String>, expected: &str) -> InitError {
        InitError::Invalid { name, value: value.into(), expected: expected.to_owned() }
    }
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::Invalid { name, value, expected } => {
                write!(f, "{name}={value:?} is invalid: expected {expected}")
            }
            InitError::Exporter(error) => fmt::Display::fmt(error, f),
            InitError::MissingFeature { what, feature } => {
                write!(f, "{what} needs the `{feature}` feature of `traced`: enable it in Cargo.toml")
            }
        }
    }
}

impl std::error::Error for InitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InitError::Exporter(error) => error.cause.as_deref().map(|cause| cause as _),
            _ => None,
        }
    }
}

/// Why an exporter could not be started: what failed (its `Display`), and as its [`source`](std::error::Error::source)
/// the chain of errors that made it fail, each text with what may be a credential in it (a URL's password, an
/// `OTEL_EXPORTER_OTLP_HEADERS` value) redacted. The errors themselves are not kept: their texts may hold those
/// credentials.
///
/// ```
/// use std::error::Error;
///
/// // The whole story of any set-up error: its text, then each cause's.
/// fn report(error: &traced::setup::InitError) -> String {
///     let mut text = error.to_string();
///     let mut next = error.source();
///     while let Some(cause) = next {
///         text = format!("{text}: {cause}");
///         next = cause.source();
///     }
///     text
/// }
///
/// let error = traced::builder().with_sampling_rate(2.0).install().unwrap_err();
/// assert!(report(&error).contains("with_sampling_rate"), "{}", report(&error));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExporterError {
    message: String,
    cause: Option<Box<ExporterError>>,
}

impl ExporterError {
    /// `what` failed because of `error`, whose chain of sources is kept as scrubbed text.
    #[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
    pub(crate) fn new(what: &str, error: &(dyn std::error::Error + 'static), scrub: impl Fn(String) -> String) -> Self {
        let mut chain = Vec::new();
        let mut next = Some(error);
        while let Some(error) = next {
            chain.push(scrub(error.to_string()));
            next = error.source();
        }
        let cause =
            chain.into_iter().rev().fold(None, |cause, message| Some(Box::new(ExporterError { message, cause })));
        ExporterError { message: what.to_owned(), cause }
    }
}

impl fmt::Display for ExporterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExporterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_deref().map(|cause| cause as _)
    }
}

/// An exporter named by `OTEL_TRACES_EXPORTER`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExporterKind {
    Console,
    Otlp,
    None,
}

/// A propagator named by `OTEL_PROPAGATORS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PropagatorKind {
    TraceContext,
    Baggage,
}

impl PropagatorKind {
    fn propagator(self) -> Box<dyn TextMapPropagator + Send + Sync> {
        match self {
            PropagatorKind::TraceContext => Box::new(crate::propagation::TraceContext::new()),
            PropagatorKind::Baggage => Box::new(BaggagePropagator::new()),
        }
    }
}

/// Whether `sampler` is one whose decision depends on the trace id alone (never on names or attributes), so that
/// a root can be decided before the SDK builds it.
fn decides_on_trace_id_alone<S: ShouldSample + 'static>(sampler: &S) -> bool {
    let sampler: &dyn Any = sampler;
    sampler.is::<crate::sampling::ProbabilitySampler>()
        || sampler.is::<crate::sampling::AdaptiveSampler>()
        || matches!(sampler.downcast_ref::<Sampler>(), Some(Sampler::AlwaysOff | Sampler::TraceIdRatioBased(_)))
}

/// A sampler named by `OTEL_TRACES_SAMPLER` or [`Builder::with_sampling_rate`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SamplerConfig {
    AlwaysOn,
    AlwaysOff,
    Ratio(f64),
    /// `traced_adaptive`: a target per second and a sample size.
    Adaptive(f64, u32),
    ParentBased(Box<SamplerConfig>),
}

impl SamplerConfig {
    /// The sampler, and the sampler it gives root spans when that one looks only at the trace id: probability,
    /// adaptive and always-off, alone or under parent-based (always-on has nothing to skip).
    fn build_with_root(self, name: &'static str) -> Result<(Box<dyn ShouldSample>, Option<Shared>), InitError> {
        let decides_roots = |config: &SamplerConfig| {
            matches!(config, SamplerConfig::Ratio(_) | SamplerConfig::Adaptive(..) | SamplerConfig::AlwaysOff)
        };
        Ok(match self {
            SamplerConfig::ParentBased(root) if decides_roots(&root) => {
                let root = Shared(Arc::from(root.build(name)?));
                (Box::new(crate::sampling::ParentBased::boxed(Box::new(root.clone()))), Some(root))
            }
            config if decides_roots(&config) => {
                let root = Shared(Arc::from(config.build(name)?));
                (Box::new(root.clone()), Some(root))
            }
            config => (config.build(name)?, None),
        })
    }

    fn build(self, name: &'static str) -> Result<Box<dyn ShouldSample>, InitError> {
        let invalid = |error: crate::sampling::InvalidSampler| {
            InitError::invalid(name, error.to_string(), "a valid sampler setting")
        };
        Ok(match self {
            SamplerConfig::AlwaysOn => Box::new(Sampler::AlwaysOn),
            SamplerConfig::AlwaysOff => Box::new(Sampler::AlwaysOff),
            SamplerConfig::Ratio(ratio) => Box::new(
                crate::sampling::ProbabilitySampler::new(ratio)
                    .map_err(|_| InitError::invalid(name, ratio.to_string(), "a probability between 0 and 1"))?,
            ),
            SamplerConfig::Adaptive(target, sample_size) => {
                Box::new(crate::sampling::AdaptiveSampler::new(target, sample_size).map_err(invalid)?)
            }
            SamplerConfig::ParentBased(root) => Box::new(crate::sampling::ParentBased::boxed(root.build(name)?)),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    use super::*;

    /// `install_from` with these variables alone; every case fails before anything is installed.
    fn install_error(builder: Builder, vars: &[(&'static str, &'static str)]) -> String {
        let vars: HashMap<&'static str, &'static str> = vars.iter().copied().collect();
        builder.install_from(&vars).unwrap_err().to_string()
    }

    #[test]
    fn a_zero_attribute_bound_is_an_error() {
        let error = install_error(builder().with_max_attribute_length(0).with_exporter(Exporter::None), &[]);
        assert_eq!(
            error,
            "with_max_attribute_length=\"0\" is invalid: expected a positive length in bytes (0 would empty every value)"
        );
    }

    // The three tests below run in CI's steps that test `traced` with one OTLP transport, or none.
    #[cfg(not(any(feature = "otlp-grpc", feature = "otlp-http")))]
    #[test]
    fn otlp_without_a_transport_names_the_feature() {
        let error = install_error(builder(), &[("OTEL_TRACES_EXPORTER", "otlp")]);
        assert_eq!(error, "OTLP export needs the `otlp` feature of `traced`: enable it in Cargo.toml");
    }

    #[cfg(all(feature = "otlp-http", not(feature = "otlp-grpc")))]
    #[test]
    fn grpc_without_its_feature_names_it() {
        let vars = [("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")];
        let error = install_error(builder(), &vars);
        assert_eq!(error, "OTLP over gRPC needs the `otlp-grpc` feature of `traced`: enable it in Cargo.toml");
        let error = install_error(builder().with_exporter(Exporter::Otlp(otlp::Otlp::grpc())), &[]);
        assert_eq!(error, "OTLP over gRPC needs the `otlp-grpc` feature of `traced`: enable it in Cargo.toml");
    }

    #[cfg(all(feature = "otlp-grpc", not(feature = "otlp-http")))]
    #[test]
    fn http_without_its_feature_names_it() {
        let vars = [
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
        ];
        let error = install_error(builder(), &vars);
        assert_eq!(error, "OTLP over HTTP needs the `otlp-http` feature of `traced`: enable it in Cargo.toml");
        let error = install_error(builder().with_exporter(Exporter::Otlp(otlp::Otlp::http())), &[]);
        assert_eq!(error, "OTLP over HTTP needs the `otlp-http` feature of `traced`: enable it in Cargo.toml");
    }

    #[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
    #[test]
    fn the_otlp_endpoint_the_environment_names_is_checked() {
        let error = install_error(builder(), &[("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://user:hunter2@127.0.0.1:4317")]);
        assert!(error.starts_with("OTEL_EXPORTER_OTLP_ENDPOINT=\"ftp://REDACTED:REDACTED@127.0.0.1:4317\""), "{error}");
        let grpc = [("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "not_a_url"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")];
        assert!(install_error(builder(), &grpc).contains("this is not a valid URL"));
        // The builder's exporter reads the environment's endpoint too, unless it has its own.
        let otlp = builder().with_exporter(Exporter::Otlp(otlp::Otlp::http()));
        assert!(install_error(otlp, &[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://h:99999")]).contains("out of range"));
    }

    fn attributes(resource: &Resource) -> BTreeMap<String, String> {
        resource.iter().map(|(key, value)| (key.to_string(), value.to_string())).collect()
    }

    fn from_env(vars: &[(&'static str, &'static str)]) -> Resource {
        let env = env::EnvConfig::read(&vars.iter().copied().collect::<HashMap<_, _>>()).unwrap();
        resource(None, None, Vec::new(), env.service_name, env.resource)
    }

    #[test]
    fn the_resource_takes_the_list_then_the_service_name_then_the_builder() {
        let list = "service.name=listed,team=pay%20ments,deployment.environment=env";
        let vars = [("OTEL_RESOURCE_ATTRIBUTES", list), ("OTEL_SERVICE_NAME", "named")];
        let built = attributes(&from_env(&vars));
        let sdk = ["telemetry.sdk.language", "telemetry.sdk.name", "telemetry.sdk.version"];
        let keys: Vec<&str> = built.keys().map(String::as_str).collect();
        assert_eq!(keys, [&["deployment.environment", "service.name", "team"][..], &sdk].concat(), "nothing else");
        assert_eq!((built["service.name"].as_str(), built["team"].as_str()), ("named", "pay ments"));
        assert_eq!(built["telemetry.sdk.language"], "rust");

        let env = env::EnvConfig::read(&vars.iter().copied().collect::<HashMap<_, _>>()).unwrap();
        let code = vec![KeyValue::new("deployment.environment", "code")];
        let built = resource(Some("built".into()), Some("1.2.3".into()), code, env.service_name, env.resource);
        let built = attributes(&built);
        assert_eq!(built["service.name"], "built");
        assert_eq!(built["service.version"], "1.2.3");
        assert_eq!(built["deployment.environment"], "code");

        assert_eq!(attributes(&from_env(&[("OTEL_RESOURCE_ATTRIBUTES", list)]))["service.name"], "listed");
        assert!(attributes(&from_env(&[]))["service.name"].starts_with("unknown_service"));
    }

    /// `OTEL_RESOURCE_ATTRIBUTES` is read once, by set-up: the SDK's detector of it does not run. Checked in a
    /// child process of this test binary whose environment sets it where set-up's source has nothing.
    #[test]
    fn the_resource_variables_are_applied_once() {
        const CHILD: &str = "TRACED_TEST_RESOURCE_CHILD";
        if std::env::var_os(CHILD).is_some() {
            let built = attributes(&from_env(&[]));
            assert!(!built.contains_key("from.process"), "{built:?}");
            assert!(built["service.name"].starts_with("unknown_service"), "{built:?}");
            return;
        }
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "setup::tests::the_resource_variables_are_applied_once"])
            .env(CHILD, "1")
            .env("OTEL_RESOURCE_ATTRIBUTES", "from.process=1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success() && stdout.contains("1 passed"), "{stdout}");
    }

    #[test]
    fn the_propagators_named_are_the_ones_built() {
        // The composite keeps its fields in a set: sorted to compare.
        let fields =
            |kinds: &[PropagatorKind]| -> BTreeSet<String> { propagator(kinds).fields().map(str::to_owned).collect() };
        assert_eq!(
            fields(&[PropagatorKind::TraceContext, PropagatorKind::Baggage]),
            BTreeSet::from(["baggage".to_owned(), "traceparent".to_owned(), "tracestate".to_owned()])
        );
        assert_eq!(fields(&[PropagatorKind::Baggage]), BTreeSet::from(["baggage".to_owned()]));
        assert!(fields(&[]).is_empty());
        let error = install_error(builder().with_exporter(Exporter::None), &[("OTEL_PROPAGATORS", "b3")]);
        assert!(error.starts_with("OTEL_PROPAGATORS=\"b3\" is invalid"), "{error}");
    }
}
