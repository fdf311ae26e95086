//! The standard `OTEL_*` variables, read and checked: a bad value is an [`InitError`] that names the variable.

use std::time::Duration;

use opentelemetry::KeyValue;
use opentelemetry_sdk::trace::{
    OTEL_BSP_EXPORT_TIMEOUT, OTEL_BSP_MAX_EXPORT_BATCH_SIZE, OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_SCHEDULE_DELAY,
};

use super::protocol::OtlpProtocol;
use super::{ExporterKind, InitError, PropagatorKind, SamplerConfig, POSITIVE_LENGTH};
use crate::attributes::REDACTED;
use crate::filter::Rules;

/// Where variables come from: the process environment, or a map in tests.
pub(crate) trait Source {
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment; empty values count as unset, as the OpenTelemetry spec says.
pub(crate) struct ProcessEnv;

impl Source for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|value| !value.trim().is_empty())
    }
}

/// What the environment asks for. Every field is `None` when its variables are unset.
#[derive(Debug, Default)]
pub(crate) struct EnvConfig {
    pub(crate) disabled: bool,
    pub(crate) service_name: Option<String>,
    pub(crate) resource: Vec<KeyValue>,
    pub(crate) exporters: Option<Vec<ExporterKind>>,
    /// The OTLP endpoint's variable and value, untrimmed: the OTLP exporter reads it (and the headers) itself,
    /// and set-up checks what it will read.
    pub(crate) otlp_endpoint: Option<(&'static str, String)>,
    /// `OTEL_EXPORTER_OTLP[_TRACES]_INSECURE`, read as the exporter reads it (`true` in any case).
    pub(crate) otlp_insecure: bool,
    pub(crate) otlp_protocol: Option<OtlpProtocol>,
    pub(crate) otlp_timeout: Option<Duration>,
    pub(crate) sampler: Option<SamplerConfig>,
    pub(crate) attribute_value_length: Option<usize>,
    pub(crate) attribute_count: Option<u32>,
    pub(crate) event_count: Option<u32>,
    pub(crate) link_count: Option<u32>,
    /// The OTLP exporter's batching, from `OTEL_BSP_*`.
    pub(crate) batch: BatchSettings,
    /// `OTEL_PROPAGATORS`, each named once; empty for `none`.
    pub(crate) propagators: Option<Vec<PropagatorKind>>,
    /// `TRACED_SPANS`: the span filter's rules.
    pub(crate) spans: Option<Rules>,
}

/// Settings of the OTLP exporter's batch processor, each `None` unless given (by `OTEL_BSP_*`, or by
/// [`Otlp`](crate::setup::Otlp)'s builder); defaults and bounds are applied where the processor starts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct BatchSettings {
    pub(crate) max_queue_size: Option<usize>,
    pub(crate) max_batch_size: Option<usize>,
    pub(crate) scheduled_delay: Option<Duration>,
    pub(crate) export_timeout: Option<Duration>,
}

impl EnvConfig {
    pub(crate) fn read(source: &dyn Source) -> Result<EnvConfig, InitError> {
        let var = |name: &'static str| source.var(name).map(|value| (name, value.trim().to_owned()));
        let mut config = EnvConfig {
            disabled: var("OTEL_SDK_DISABLED")
                .map(|(name, value)| parse_bool(name, &value))
                .transpose()?
                .unwrap_or(false),
            service_name: var("OTEL_SERVICE_NAME").map(|(_, value)| value),
            ..EnvConfig::default()
        };
        // Nothing else is used when the SDK is off, so a bad value elsewhere must not stop the program.
        if config.disabled {
            return Ok(config);
        }
        if let Some((name, value)) = var("OTEL_RESOURCE_ATTRIBUTES") {
            config.resource =
                parse_pairs(name, &value)?.into_iter().map(|(key, value)| KeyValue::new(key, value)).collect();
        }
        if let Some((name, value)) = var("OTEL_TRACES_EXPORTER") {
            config.exporters = Some(parse_exporters(name, &value)?);
        }
        config.otlp_endpoint = ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"]
            .into_iter()
            .find_map(|name| source.var(name).map(|value| (name, value)));
        config.otlp_insecure = ["OTEL_EXPORTER_OTLP_TRACES_INSECURE", "OTEL_EXPORTER_OTLP_INSECURE"]
            .into_iter()
            .find_map(|name| source.var(name))
            .is_some_and(|value| value.eq_ignore_ascii_case("true"));
        if let Some((name, value)) =
            var("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL").or_else(|| var("OTEL_EXPORTER_OTLP_PROTOCOL"))
        {
            config.otlp_protocol = Some(parse_protocol(name, &value)?);
        }
        for name in ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"] {
            if let Some((name, value)) = var(name) {
                parse_pairs(name, &value)?;
            }
        }
        if let Some((name, value)) =
            var("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT").or_else(|| var("OTEL_EXPORTER_OTLP_TIMEOUT"))
        {
            config.otlp_timeout = Some(Duration::from_millis(parse_number(name, &value, "a timeout in milliseconds")?));
        }
        if let Some((name, value)) = var("OTEL_TRACES_SAMPLER") {
            let argument = var("OTEL_TRACES_SAMPLER_ARG");
            config.sampler = Some(parse_sampler(name, &value, argument)?);
        }
        if let Some((name, value)) =
            var("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT").or_else(|| var("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"))
        {
            let length = parse_number(name, &value, POSITIVE_LENGTH)?;
            if length == 0 {
                return Err(InitError::invalid(name, value, POSITIVE_LENGTH));
            }
            config.attribute_value_length = Some(length);
        }
        let count = |name: &'static str| -> Result<Option<u32>, InitError> {
            var(name).map(|(name, value)| parse_number(name, &value, "a count")).transpose()
        };
        config.attribute_count = count("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT")?;
        config.event_count = count("OTEL_SPAN_EVENT_COUNT_LIMIT")?;
        config.link_count = count("OTEL_SPAN_LINK_COUNT_LIMIT")?;
        // Read here rather than left to the SDK, which ignores a bad value without a word and takes a queue size
        // it then cannot allocate.
        let spans = |name: &'static str| -> Result<Option<usize>, InitError> {
            var(name).map(|(name, value)| parse_positive(name, &value, "a positive number of spans")).transpose()
        };
        config.batch = BatchSettings {
            max_queue_size: spans(OTEL_BSP_MAX_QUEUE_SIZE)?,
            max_batch_size: spans(OTEL_BSP_MAX_EXPORT_BATCH_SIZE)?,
            scheduled_delay: var(OTEL_BSP_SCHEDULE_DELAY)
                .map(|(name, value)| parse_number(name, &value, "a delay in milliseconds").map(Duration::from_millis))
                .transpose()?,
            export_timeout: var(OTEL_BSP_EXPORT_TIMEOUT)
                .map(|(name, value)| {
                    parse_positive(name, &value, "a positive timeout in milliseconds (0 would fail every export)")
                        .map(Duration::from_millis)
                })
                .transpose()?,
        };
        if let Some((name, value)) = var("OTEL_PROPAGATORS") {
            config.propagators = Some(parse_propagators(name, &value)?);
        }
        if let Some((name, value)) = var("TRACED_SPANS") {
            config.spans = Some(parse_filter(name, &value)?);
        }
        Ok(config)
    }
}

/// Span filter rules, `name` the variable or setting they come from.
pub(crate) fn parse_filter(name: &'static str, value: &str) -> Result<Rules, InitError> {
    Rules::parse(value).map_err(|error| {
        let expected = format!(
            "comma-separated `pattern=on|off` rules; in rule {} ({:?}), {}",
            error.position(),
            error.rule(),
            error.advice()
        );
        InitError::invalid(name, value, &expected)
    })
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, InitError> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(InitError::invalid(name, value, "`true` or `false`")),
    }
}

fn parse_number<T: std::str::FromStr>(name: &'static str, value: &str, what: &str) -> Result<T, InitError> {
    value.parse().map_err(|_| InitError::invalid(name, value, what))
}

/// A whole number from 1 up.
fn parse_positive<T: std::str::FromStr + Default + PartialEq>(
    name: &'static str,
    value: &str,
    what: &str,
) -> Result<T, InitError> {
    match parse_number(name, value, what)? {
        zero if zero == T::default() => Err(InitError::invalid(name, value, what)),
        number => Ok(number),
    }
}

/// `key1=value1,key2=value2`, values percent-decoded (the W3C Baggage format the spec uses for these).
fn parse_pairs(name: &'static str, value: &str) -> Result<Vec<(String, String)>, InitError> {
    let invalid = |expected: &str| InitError::invalid(name, shown_pairs(name, value), expected);
    value
        .split(',')
        .filter(|entry| !entry.trim().is_empty())
        .map(|entry| {
            let (key, raw) = entry.split_once('=').ok_or_else(|| invalid("comma-separated `key=value` pairs"))?;
            let key = key.trim();
            if key.is_empty() {
                return Err(invalid("comma-separated `key=value` pairs with non-empty keys"));
            }
            let decoded =
                percent_decode(raw.trim()).ok_or_else(|| invalid("values that are valid percent-encoded UTF-8"))?;
            Ok((key.to_owned(), decoded))
        })
        .collect()
}

/// A pair list as an error may show it: header values are credentials (`authorization=Bearer ...`), so only
/// their keys are shown, and an entry that is no pair not at all.
fn shown_pairs(name: &str, value: &str) -> String {
    if !name.ends_with("_HEADERS") {
        return value.to_owned();
    }
    let entries: Vec<String> = value
        .split(',')
        .map(|entry| match entry.split_once('=') {
            Some((key, _)) => format!("{}={REDACTED}", key.trim()),
            None => REDACTED.to_owned(),
        })
        .collect();
    entries.join(",")
}

/// `None` for a `%` without two hex digits after it, or bytes that are not UTF-8 once decoded (`%e9` alone).
fn percent_decode(text: &str) -> Option<String> {
    let (decoded, clean) = crate::encoding::percent_decode(text);
    clean.then(|| String::from_utf8(decoded).ok()).flatten()
}

fn parse_exporters(name: &'static str, value: &str) -> Result<Vec<ExporterKind>, InitError> {
    let exporters = value
        .split(',')
        .map(|exporter| match exporter.trim() {
            "console" | "logging" => Ok(ExporterKind::Console),
            "otlp" => Ok(ExporterKind::Otlp),
            "none" => Ok(ExporterKind::None),
            _ => Err(InitError::invalid(name, value, "`console`, `otlp` or `none` (or a comma-separated list)")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if exporters.contains(&ExporterKind::None) && exporters.len() > 1 {
        return Err(InitError::invalid(name, value, "`none` alone, or a list without it"));
    }
    Ok(exporters)
}

/// `tracecontext`, `baggage`, `none`, comma-separated; the spec's other values name propagators traced does not
/// ship (<https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration>).
fn parse_propagators(name: &'static str, value: &str) -> Result<Vec<PropagatorKind>, InitError> {
    const EXPECTED: &str = "`tracecontext`, `baggage` or `none`, or a comma-separated list of them";
    let mut kinds = Vec::new();
    let mut none = false;
    for entry in value.split(',').map(str::trim) {
        let kind = match entry {
            "tracecontext" => PropagatorKind::TraceContext,
            "baggage" => PropagatorKind::Baggage,
            "none" => {
                none = true;
                continue;
            }
            "" => return Err(InitError::invalid(name, value, EXPECTED)),
            other => {
                let expected = format!(
                    "{EXPECTED} (traced has no `{other}` propagator: install one after set-up with \
                     `opentelemetry::global::set_text_map_propagator`)"
                );
                return Err(InitError::invalid(name, value, &expected));
            }
        };
        // The spec: "Values MUST be deduplicated in order to register a Propagator only once."
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if none && !kinds.is_empty() {
        return Err(InitError::invalid(name, value, "`none` alone, or a list without it"));
    }
    Ok(kinds)
}

fn parse_protocol(name: &'static str, value: &str) -> Result<OtlpProtocol, InitError> {
    match value {
        "grpc" => Ok(OtlpProtocol::Grpc),
        "http/protobuf" => Ok(OtlpProtocol::HttpProtobuf),
        _ => Err(InitError::invalid(name, value, "`grpc` or `http/protobuf`")),
    }
}

fn parse_sampler(
    name: &'static str,
    value: &str,
    argument: Option<(&'static str, String)>,
) -> Result<SamplerConfig, InitError> {
    let ratio = || -> Result<f64, InitError> {
        let Some((arg_name, arg)) = &argument else { return Ok(1.0) };
        let ratio: f64 =
            arg.parse().map_err(|_| InitError::invalid(arg_name, arg.clone(), "a probability between 0 and 1"))?;
        if (0.0..=1.0).contains(&ratio) {
            Ok(ratio)
        } else {
            Err(InitError::invalid(arg_name, arg.clone(), "a probability between 0 and 1"))
        }
    };
    Ok(match value {
        // Samplers without an argument ignore `OTEL_TRACES_SAMPLER_ARG`, as the spec says.
        "always_on" => SamplerConfig::AlwaysOn,
        "always_off" => SamplerConfig::AlwaysOff,
        "traceidratio" => SamplerConfig::Ratio(ratio()?),
        "parentbased_always_on" => SamplerConfig::ParentBased(Box::new(SamplerConfig::AlwaysOn)),
        "parentbased_always_off" => SamplerConfig::ParentBased(Box::new(SamplerConfig::AlwaysOff)),
        "parentbased_traceidratio" => SamplerConfig::ParentBased(Box::new(SamplerConfig::Ratio(ratio()?))),
        "traced_adaptive" => adaptive(argument)?,
        "parentbased_traced_adaptive" => SamplerConfig::ParentBased(Box::new(adaptive(argument)?)),
        _ => {
            return Err(InitError::invalid(
                name,
                value,
                "`always_on`, `always_off`, `traceidratio`, `parentbased_always_on`, `parentbased_always_off`, \
                 `parentbased_traceidratio`, `traced_adaptive` or `parentbased_traced_adaptive`",
            ))
        }
    })
}

/// `OTEL_TRACES_SAMPLER_ARG` of the adaptive sampler: `target_per_second[,sample_size]`, sample size 1000 by default.
fn adaptive(argument: Option<(&'static str, String)>) -> Result<SamplerConfig, InitError> {
    const FORM: &str = "`target_per_second[,sample_size]`, a positive number and a whole number of at least 1";
    let Some((name, value)) = argument else { return Ok(SamplerConfig::Adaptive(100.0, 1000)) };
    let (target, sample_size) = value.split_once(',').unwrap_or((value.as_str(), "1000"));
    let target: f64 = target.trim().parse().map_err(|_| InitError::invalid(name, value.clone(), FORM))?;
    let sample_size: u32 = sample_size.trim().parse().map_err(|_| InitError::invalid(name, value.clone(), FORM))?;
    if !(target.is_finite() && target > 0.0) || sample_size == 0 {
        return Err(InitError::invalid(name, value, FORM));
    }
    Ok(SamplerConfig::Adaptive(target, sample_size))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    impl Source for HashMap<&'static str, &'static str> {
        fn var(&self, name: &str) -> Option<String> {
            self.get(name).map(|value| (*value).to_owned())
        }
    }

    fn read(vars: &[(&'static str, &'static str)]) -> Result<EnvConfig, InitError> {
        EnvConfig::read(&vars.iter().copied().collect::<HashMap<_, _>>())
    }

    #[test]
    fn with_the_sdk_off_other_values_are_not_read() {
        let config = read(&[("OTEL_SDK_DISABLED", "true"), ("OTEL_TRACES_SAMPLER", "sometimes")]).unwrap();
        assert!(config.disabled);
        assert!(read(&[("OTEL_SDK_DISABLED", "false"), ("OTEL_TRACES_SAMPLER", "sometimes")]).is_err());
    }

    #[test]
    fn nothing_set_is_all_defaults() {
        let config = read(&[]).unwrap();
        assert!(config.exporters.is_none() && config.sampler.is_none() && config.resource.is_empty());
    }

    #[test]
    fn resource_attributes_are_percent_decoded() {
        let config = read(&[("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod, team=pay%20ments")]).unwrap();
        assert_eq!(
            config.resource,
            [KeyValue::new("deployment.environment", "prod"), KeyValue::new("team", "pay ments")]
        );
    }

    #[test]
    fn samplers_and_their_arguments() {
        let config = read(&[("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "0.25")]);
        assert_eq!(config.unwrap().sampler, Some(SamplerConfig::ParentBased(Box::new(SamplerConfig::Ratio(0.25)))));
        assert_eq!(read(&[("OTEL_TRACES_SAMPLER", "traceidratio")]).unwrap().sampler, Some(SamplerConfig::Ratio(1.0)));
        let adaptive =
            read(&[("OTEL_TRACES_SAMPLER", "parentbased_traced_adaptive"), ("OTEL_TRACES_SAMPLER_ARG", "50,200")]);
        assert_eq!(
            adaptive.unwrap().sampler,
            Some(SamplerConfig::ParentBased(Box::new(SamplerConfig::Adaptive(50.0, 200))))
        );
    }

    #[test]
    fn bad_values_name_the_variable_and_the_accepted_forms() {
        let cases: &[(&[(&'static str, &'static str)], &str)] = &[
            (&[("OTEL_TRACES_SAMPLER", "sometimes")], "OTEL_TRACES_SAMPLER=\"sometimes\""),
            (&[("OTEL_TRACES_SAMPLER", "traced_adaptive"), ("OTEL_TRACES_SAMPLER_ARG", "0")], "a positive number"),
            (&[("OTEL_TRACES_SAMPLER", "traced_adaptive"), ("OTEL_TRACES_SAMPLER_ARG", "-5")], "a positive number"),
            (&[("OTEL_TRACES_SAMPLER", "traced_adaptive"), ("OTEL_TRACES_SAMPLER_ARG", "100,0")], "at least 1"),
            (&[("OTEL_TRACES_SAMPLER", "traced_adaptive"), ("OTEL_TRACES_SAMPLER_ARG", "NaN")], "a positive number"),
            (
                &[("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "1.5")],
                "a probability between 0 and 1",
            ),
            (&[("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "NaN")], "OTEL_TRACES_SAMPLER_ARG"),
            (&[("OTEL_TRACES_EXPORTER", "jaeger")], "`console`, `otlp` or `none`"),
            (&[("OTEL_TRACES_EXPORTER", "none,otlp")], "`none` alone"),
            (&[("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")], "`grpc` or `http/protobuf`"),
            (&[("OTEL_RESOURCE_ATTRIBUTES", "novalue")], "`key=value` pairs"),
            (&[("OTEL_RESOURCE_ATTRIBUTES", "k=%zz")], "percent-encoded"),
            (&[("OTEL_EXPORTER_OTLP_HEADERS", "=x")], "non-empty keys"),
            (&[("OTEL_SDK_DISABLED", "yes")], "`true` or `false`"),
            (&[("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "-1")], "a positive length in bytes"),
            (&[("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "0")], "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=\"0\" is invalid"),
            (&[("OTEL_BSP_MAX_QUEUE_SIZE", "0")], "OTEL_BSP_MAX_QUEUE_SIZE=\"0\" is invalid: expected a positive number"),
            (&[("OTEL_BSP_MAX_QUEUE_SIZE", "-1")], "a positive number of spans"),
            (&[("OTEL_BSP_MAX_QUEUE_SIZE", "18446744073709551616")], "a positive number of spans"),
            (&[("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4k")], "OTEL_BSP_MAX_EXPORT_BATCH_SIZE=\"4k\" is invalid"),
            (&[("OTEL_BSP_SCHEDULE_DELAY", "1.5")], "expected a delay in milliseconds"),
            (&[("OTEL_BSP_EXPORT_TIMEOUT", "0")], "(0 would fail every export)"),
            (&[("OTEL_BSP_EXPORT_TIMEOUT", "10s")], "a positive timeout in milliseconds"),
            (
                &[("OTEL_PROPAGATORS", "tracecontext,b3")],
                "OTEL_PROPAGATORS=\"tracecontext,b3\" is invalid: expected `tracecontext`, `baggage` or `none`, or a \
                 comma-separated list of them (traced has no `b3` propagator: install one after set-up with \
                 `opentelemetry::global::set_text_map_propagator`)",
            ),
            (&[("OTEL_PROPAGATORS", "jaeger")], "traced has no `jaeger` propagator"),
            (&[("OTEL_PROPAGATORS", "TraceContext")], "traced has no `TraceContext` propagator"),
            (&[("OTEL_PROPAGATORS", "tracecontext,")], "or a comma-separated list of them"),
            (&[("OTEL_PROPAGATORS", "none,baggage")], "`none` alone, or a list without it"),
            (
                &[("TRACED_SPANS", "orders=on, db* = off")],
                "TRACED_SPANS=\"orders=on, db* = off\" is invalid: expected comma-separated `pattern=on|off` rules; in \
                 rule 2 (\"db* = off\"), a `*` may only end a pattern, after a dot (`db.*`)",
            ),
            (&[("TRACED_SPANS", "db")], "in rule 1 (\"db\"), expected `pattern=on`"),
            (
                &[("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "0"), ("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "100")],
                "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT=\"0\" is invalid: expected a positive length in bytes (0 would \
                 empty every value)",
            ),
        ];
        for (vars, expected) in cases {
            let error = read(vars).unwrap_err().to_string();
            assert!(error.contains(expected), "{vars:?}: {error}");
        }
    }

    #[test]
    fn batch_settings_are_spans_and_milliseconds() {
        let vars = [
            ("OTEL_BSP_MAX_QUEUE_SIZE", "8"),
            ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", " 4 "),
            ("OTEL_BSP_SCHEDULE_DELAY", "0"),
            ("OTEL_BSP_EXPORT_TIMEOUT", "18446744073709551615"),
        ];
        let expected = BatchSettings {
            max_queue_size: Some(8),
            max_batch_size: Some(4),
            // Taken, and made a millisecond where the processor starts.
            scheduled_delay: Some(Duration::ZERO),
            export_timeout: Some(Duration::from_millis(u64::MAX)),
        };
        assert_eq!(read(&vars).unwrap().batch, expected);
        assert_eq!(read(&[]).unwrap().batch, BatchSettings::default());
    }

    #[test]
    fn propagators_are_named_once_each() {
        let propagators = |value| read(&[("OTEL_PROPAGATORS", value)]).unwrap().propagators.unwrap();
        assert_eq!(propagators("none"), []);
        assert_eq!(propagators("baggage"), [PropagatorKind::Baggage]);
        assert_eq!(
            propagators(" baggage , tracecontext,baggage"),
            [PropagatorKind::Baggage, PropagatorKind::TraceContext]
        );
        assert_eq!(propagators("none,none"), []);
        assert_eq!(read(&[]).unwrap().propagators, None, "unset: set-up's default");
    }

    #[test]
    fn the_span_value_length_limit_wins_over_the_generic_one() {
        let vars = [("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "64"), ("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "0")];
        assert_eq!(read(&vars).unwrap().attribute_value_length, Some(64));
        assert_eq!(read(&[("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "1")]).unwrap().attribute_value_length, Some(1));
    }

    #[test]
    fn the_endpoint_is_kept_as_the_exporter_reads_it() {
        let both =
            [("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318"), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b ")];
        assert_eq!(
            read(&both).unwrap().otlp_endpoint,
            Some(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b ".into()))
        );
        let generic = read(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318")]).unwrap().otlp_endpoint;
        assert_eq!(generic, Some(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318".into())));
    }

    #[test]
    fn percent_decoding_takes_two_hex_digits_and_utf8_only() {
        assert_eq!(percent_decode("pay%20ments%c3%A9"), Some("pay mentsé".into()));
        assert_eq!(percent_decode("é😀%25"), Some("é😀%".into()));
        // A sign is no hex digit (`u8::from_str_radix("+f", 16)` is 15).
        for bad in ["%+f", "%-1", "%", "%4", "a%", "%é", "%😀", "%4é", "%e9", "%ff%fe", "%c3", "%zz", "%\u{0}0"] {
            assert_eq!(percent_decode(bad), None, "{bad:?}");
        }
    }

    impl Source for HashMap<&'static str, String> {
        fn var(&self, name: &str) -> Option<String> {
            self.get(name).cloned()
        }
    }

    /// Every variable set-up reads.
    const VARIABLES: [&str; 25] = [
        "OTEL_SDK_DISABLED",
        "OTEL_SERVICE_NAME",
        "OTEL_RESOURCE_ATTRIBUTES",
        "OTEL_TRACES_EXPORTER",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
        "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
        "OTEL_EXPORTER_OTLP_TIMEOUT",
        "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
        "OTEL_TRACES_SAMPLER",
        "OTEL_TRACES_SAMPLER_ARG",
        "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
        "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT",
        "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
        "OTEL_SPAN_EVENT_COUNT_LIMIT",
        "OTEL_SPAN_LINK_COUNT_LIMIT",
        "OTEL_BSP_SCHEDULE_DELAY",
        "OTEL_BSP_EXPORT_TIMEOUT",
        "OTEL_BSP_MAX_QUEUE_SIZE",
        "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
        "OTEL_PROPAGATORS",
        "TRACED_SPANS",
    ];

    /// In every header value, and in nothing else the generator makes.
    const SECRET: &str = "S3CR3T";

    /// Random values from the characters the parsers split on, multi-byte ones and NUL among them, for a random
    /// subset of the variables: reading never panics, and an error never shows a header value.
    #[test]
    fn never_panics_and_never_shows_a_header_value() {
        const PIECES: [&str; 30] = [
            "=",
            ",",
            ";",
            "%",
            "@",
            ":",
            "/",
            "é",
            "😀",
            "\u{0}",
            " ",
            "a",
            "0",
            "1",
            ".",
            "-",
            "e9",
            "%c3",
            "%2",
            "true",
            "otlp",
            "grpc",
            "http://",
            "tracecontext",
            "baggage",
            "none",
            "b3",
            "*",
            "on",
            "off",
        ];
        let mut random = crate::random_text::RandomText::new(0x9e37_79b9_7f4a_7c15);
        // Up to 11 pieces, leaving out those with a character of `without`.
        let text = |random: &mut crate::random_text::RandomText, without: &str| {
            random.text(&PIECES, 12, |piece| !piece.contains(|c| without.contains(c)))
        };
        for _ in 0..20_000 {
            let mut vars = HashMap::new();
            for name in VARIABLES {
                if random.next() % 3 != 0 {
                    vars.insert(name, text(&mut random, ""));
                }
            }
            for name in ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"] {
                // Entries of a key and a value with the secret in it, or of random text alone.
                let entries: Vec<String> = (0..random.next() % 4)
                    .map(|_| match random.next() % 3 {
                        0 => text(&mut random, ""),
                        _ => format!(
                            "{}={}{SECRET}{}",
                            text(&mut random, ",="),
                            text(&mut random, ","),
                            text(&mut random, ",")
                        ),
                    })
                    .collect();
                if random.next() % 2 == 0 {
                    vars.insert(name, entries.join(","));
                }
            }
            if let Err(error) = EnvConfig::read(&vars) {
                let error = error.to_string();
                assert!(!error.contains(SECRET), "{vars:?}: {error}");
            }
        }
    }
}
