//! From nothing to exported traces in one call: [`init`] reads the standard `OTEL_*` variables, [`builder`]
//! sets the same things in code. Both install the global tracer provider and propagators and return a [`Guard`]
//! that flushes every finished span when it drops.

mod env;
mod pipeline;

use std::any::Any;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::propagation::TextMapCompositePropagator;
use opentelemetry::{global, KeyValue};
use opentelemetry_sdk::error::OTelSdkError;
use opentelemetry_sdk::propagation::BaggagePropagator;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider, ShouldSample, SpanLimits, TracerProviderBuilder};
use opentelemetry_sdk::Resource;

use crate::console::Console;
use crate::limits::DEFAULT_MAX_ATTRIBUTE_LENGTH;
use crate::sampling::presample::{self, Shared, StagedIds, StagedSampler};
use pipeline::Pipeline;

/// Sets up tracing from the environment: service name, resource, exporter, sampler and span limits from the
/// standard `OTEL_*` variables, the console trace tree when none names an exporter.
///
/// Honoured: `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_EXPORTER` (`console`, `otlp`,
/// `none`), `OTEL_EXPORTER_OTLP_ENDPOINT` / `_PROTOCOL` / `_HEADERS` / `_TIMEOUT` (and their `_TRACES_` forms),
/// `OTEL_TRACES_SAMPLER` / `_ARG`, `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, `OTEL_SPAN_*_COUNT_LIMIT` and
/// `OTEL_SDK_DISABLED`. With `OTEL_EXPORTER_OTLP_ENDPOINT` set and no `OTEL_TRACES_EXPORTER`, spans go over OTLP.
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
/// A variable with a value that is not one of its accepted forms, e.g. `OTEL_TRACES_SAMPLER_ARG=1.5`, or an
/// OTLP endpoint that cannot work, e.g. `OTEL_EXPORTER_OTLP_ENDPOINT=ftp://collector:4317`.
pub fn init() -> Result<Guard, InitError> {
    builder().install()
}

/// Sets up tracing in code; anything not set here comes from the environment, as with [`init`].
///
/// ```
/// use traced::{Exporter, KeyValue};
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
/// # Ok::<(), traced::InitError>(())
/// ```
pub fn builder() -> Builder {
    Builder::default()
}

/// Where finished spans go.
#[derive(Debug)]
#[non_exhaustive]
pub enum Exporter {
    /// Each finished trace printed as a tree (the default).
    Console(Console),
    /// OTLP to a collector (feature `otlp`; the default when `OTEL_EXPORTER_OTLP_ENDPOINT` is set).
    #[cfg(feature = "otlp")]
    Otlp(crate::otlp::Otlp),
    /// Nowhere: spans are made (so ids propagate) but not exported.
    None,
}

/// Set-up in code: see [`builder`].
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
    keep_errors: bool,
}

#[derive(Debug)]
enum SamplerChoice {
    Config(SamplerConfig),
    /// A root sampler that looks only at the trace id: roots can be decided before the SDK is asked.
    Root(Box<dyn ShouldSample>),
    Custom(Box<dyn ShouldSample>),
}

const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// What a bound on attribute text accepts: the spec's limits are positive, and 0 would empty every value.
const POSITIVE_LENGTH: &str = "a positive length in bytes (0 would empty every value)";

impl Builder {
    /// The `service.name` resource attribute (else `OTEL_SERVICE_NAME`, else `unknown_service:<executable>`).
    pub fn with_service_name(mut self, name: impl Into<String>) -> Self {
        self.service_name = Some(name.into());
        self
    }

    /// The `service.version` resource attribute.
    pub fn with_service_version(mut self, version: impl Into<String>) -> Self {
        self.service_version = Some(version.into());
        self
    }

    /// One more resource attribute; these win over `OTEL_RESOURCE_ATTRIBUTES`.
    pub fn with_resource_attribute(mut self, attribute: KeyValue) -> Self {
        self.resource.push(attribute);
        self
    }

    /// Where spans go (else `OTEL_TRACES_EXPORTER`, else the console tree).
    pub fn with_exporter(mut self, exporter: Exporter) -> Self {
        self.exporter = Some(exporter);
        self
    }

    /// Keep this share of new traces ([`ProbabilitySampler`](crate::sampling::ProbabilitySampler)), following the
    /// parent's decision for the rest. A rate outside `0..=1` is an error from [`install`](Builder::install).
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
    pub fn with_max_attribute_length(mut self, bytes: usize) -> Self {
        self.max_attribute_length = Some(bytes);
        self
    }

    /// How many attributes, events and links a span keeps (else the `OTEL_SPAN_*_COUNT_LIMIT` variables).
    pub fn with_span_limits(mut self, limits: SpanLimits) -> Self {
        self.span_limits = Some(limits);
        self
    }

    /// Never miss an error: spans the sampler drops are recorded anyway (not exported), and those that end with
    /// status `Error` are exported, marked `sampling.kept_for_error = true` and without `th`. The cost is that
    /// every dropped span is built and recorded like a sampled one; see the README's sampling section.
    pub fn with_keep_errors(mut self, keep: bool) -> Self {
        self.keep_errors = keep;
        self
    }

    /// How long dropping the [`Guard`] may wait for spans to be exported (default 5 s).
    pub fn with_shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = Some(timeout);
        self
    }

    /// Installs the global tracer provider and the W3C trace-context and baggage propagators.
    ///
    /// # Errors
    ///
    /// A bad environment variable or setting, named in the error; an OTLP endpoint that cannot work.
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
        // Checked here, before anything starts, rather than left to the exporter: it takes a port out of range
        // for the default port and reports a URL without a scheme as a missing TLS feature.
        #[cfg(feature = "otlp")]
        for exporter in &exporters {
            if let Exporter::Otlp(otlp) = exporter {
                let from_env = env.otlp_endpoint.as_ref().map(|(name, url)| (*name, url.as_str()));
                otlp.check_endpoint(from_env, env.otlp_insecure)?;
            }
        }
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
        // Roots are decided ahead of the SDK unless keep_errors wants dropped ones recorded.
        let root = root.filter(|_| !self.keep_errors);
        let sampler: Box<dyn ShouldSample> = if self.keep_errors {
            Box::new(crate::sampling::keep_errors::RecordDropped::new(sampler))
        } else if root.is_some() {
            Box::new(StagedSampler(sampler))
        } else {
            sampler
        };
        // Children of unsampled parents skip all span work, unless keep_errors wants them recorded.
        let follows_unsampled_parents = parent_based && !self.keep_errors;
        let max_length =
            self.max_attribute_length.or(env.attribute_value_length).unwrap_or(DEFAULT_MAX_ATTRIBUTE_LENGTH);
        let mut limits = self.span_limits.unwrap_or_default();
        if self.span_limits.is_none() {
            limits.max_attributes_per_span = env.attribute_count.unwrap_or(limits.max_attributes_per_span);
            limits.max_events_per_span = env.event_count.unwrap_or(limits.max_events_per_span);
            limits.max_links_per_span = env.link_count.unwrap_or(limits.max_links_per_span);
        }

        // Later settings win: `OTEL_RESOURCE_ATTRIBUTES`, then `OTEL_SERVICE_NAME`, then the builder's.
        let mut resource = Resource::builder().with_attributes(env.resource);
        if let Some(name) = self.service_name.or(env.service_name) {
            resource = resource.with_service_name(name);
        }
        if let Some(version) = self.service_version {
            resource = resource.with_attribute(KeyValue::new("service.version", version));
        }
        resource = resource.with_attributes(self.resource);

        let mut stats = Vec::new();
        let mut provider =
            SdkTracerProvider::builder().with_resource(resource.build()).with_sampler(sampler).with_span_limits(limits);
        if root.is_some() {
            provider = provider.with_id_generator(StagedIds::default());
        }
        for exporter in exporters {
            let (with_exporter, counts) = add_exporter(provider, exporter, max_length, self.keep_errors)?;
            provider = with_exporter;
            stats.extend(counts);
        }
        let provider = provider.build();
        crate::limits::set_max_attribute_length(max_length);
        // Registered first, so that no call sees the new provider without its root sampler.
        let id = crate::provider::new_id();
        presample::register(id, root);
        // Set-up's id generators are random ones.
        let known = crate::provider::Known { follows_unsampled_parents, random_ids: true };
        crate::provider::install(id, provider.clone(), known);
        global::set_text_map_propagator(TextMapCompositePropagator::new(vec![
            Box::new(crate::propagation::TraceContext::new()),
            Box::new(BaggagePropagator::new()),
        ]));
        Ok(Guard { provider: Some(provider), timeout, stats })
    }
}

/// `provider` with `exporter` behind the span pipeline, and the exporter's counts where it keeps some.
fn add_exporter(
    provider: TracerProviderBuilder,
    exporter: Exporter,
    max_length: usize,
    keep_errors: bool,
) -> Result<(TracerProviderBuilder, Option<Arc<ExportStats>>), InitError> {
    Ok(match exporter {
        Exporter::Console(console) => {
            (provider.with_span_processor(Pipeline::new(console.into_processor(), max_length, keep_errors)), None)
        }
        #[cfg(feature = "otlp")]
        Exporter::Otlp(otlp) => {
            let (processor, counts) = otlp.into_processor()?;
            (provider.with_span_processor(Pipeline::new(processor, max_length, keep_errors)), Some(counts))
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
            #[cfg(feature = "otlp")]
            ExporterKind::Otlp => Ok(Exporter::Otlp(crate::otlp::Otlp::from_env(env.otlp_protocol, env.otlp_timeout))),
            #[cfg(not(feature = "otlp"))]
            ExporterKind::Otlp => Err(InitError::MissingFeature { what: "OTLP export", feature: "otlp" }),
        })
        .collect()
}

/// Keeps tracing installed; dropping it (or [`shutdown`](Guard::shutdown)) flushes every finished span, waiting at
/// most the shutdown timeout.
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
}

impl Guard {
    /// How many finished spans were lost on the way to a collector: the export queue was full, or an export
    /// failed or timed out. Always 0 without OTLP export.
    pub fn dropped_spans(&self) -> u64 {
        self.stats.iter().map(|stats| stats.dropped.load(Ordering::Relaxed)).sum()
    }

    /// How many spans were exported to a collector. Always 0 without OTLP export.
    pub fn exported_spans(&self) -> u64 {
        self.stats.iter().map(|stats| stats.exported.load(Ordering::Relaxed)).sum()
    }

    /// Exports every finished span now, without shutting down.
    ///
    /// # Errors
    ///
    /// An exporter failed.
    pub fn flush(&self) -> Result<(), ShutdownError> {
        match &self.provider {
            Some(provider) => provider.force_flush().map_err(|error| ShutdownError::new(&error, None)),
            None => Ok(()),
        }
    }

    /// Flushes and stops every exporter, waiting at most the shutdown timeout.
    ///
    /// # Errors
    ///
    /// An exporter failed or did not finish in time; the spans it held are lost.
    pub fn shutdown(mut self) -> Result<(), ShutdownError> {
        self.shutdown_now()
    }

    fn shutdown_now(&mut self) -> Result<(), ShutdownError> {
        match self.provider.take() {
            Some(provider) => provider
                .shutdown_with_timeout(self.timeout)
                .map_err(|error| ShutdownError::new(&error, Some(self.timeout))),
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShutdownError {
    reason: String,
    timed_out: Option<Duration>,
}

impl ShutdownError {
    fn new(error: &OTelSdkError, timeout: Option<Duration>) -> ShutdownError {
        // The provider reports its processors' errors as one text; a timeout among them shows as `Timeout(..)`.
        let timed_out = match error {
            OTelSdkError::Timeout(waited) => Some(*waited),
            OTelSdkError::InternalFailure(reason) if reason.contains("Timeout(") => timeout,
            _ => None,
        };
        ShutdownError { reason: error.to_string(), timed_out }
    }

    /// Whether an exporter was still busy when the timeout ran out (a collector that does not answer, say).
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
    Exporter(String),
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
            InitError::Exporter(reason) => f.write_str(reason),
            InitError::MissingFeature { what, feature } => {
                write!(f, "{what} needs the `{feature}` feature of `traced`: enable it in Cargo.toml")
            }
        }
    }
}

impl std::error::Error for InitError {}

/// An exporter named by `OTEL_TRACES_EXPORTER`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExporterKind {
    Console,
    Otlp,
    None,
}

/// The OTLP transport named by `OTEL_EXPORTER_OTLP_PROTOCOL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Protocol {
    Grpc,
    HttpProtobuf,
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
    use std::collections::HashMap;

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

    #[cfg(feature = "otlp")]
    #[test]
    fn the_otlp_endpoint_the_environment_names_is_checked() {
        let error = install_error(builder(), &[("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://user:hunter2@127.0.0.1:4317")]);
        assert!(error.starts_with("OTEL_EXPORTER_OTLP_ENDPOINT=\"ftp://REDACTED:REDACTED@127.0.0.1:4317\""), "{error}");
        let grpc = [("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "not_a_url"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")];
        assert!(install_error(builder(), &grpc).contains("this is not a valid URL"));
        // The builder's exporter reads the environment's endpoint too, unless it has its own.
        let otlp = builder().with_exporter(Exporter::Otlp(crate::otlp::Otlp::http()));
        assert!(install_error(otlp, &[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://h:99999")]).contains("out of range"));
    }
}
