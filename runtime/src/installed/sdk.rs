//! What an `SdkTracerProvider` passed to [`set_tracer_provider`](super::provider::set_tracer_provider) is known to
//! do, read from its configuration.
//!
//! The SDK keeps a provider's sampler and id generator private, and its samplers are trait objects; only the
//! provider's `Debug` text names them (`sampler: ParentBased(AlwaysOn), id_generator: RandomIdGenerator { .. }`).
//! That text is read here, outside string literals (a resource attribute or an exporter's endpoint may quote
//! anything), and a sampler this does not recognise to the letter is simply asked for every span. A test pins the
//! text of the SDK version in `Cargo.lock`.

use opentelemetry_sdk::trace::SdkTracerProvider;

use super::provider::Known;

/// What is known of `provider`, and whether its sampler drops every root unrecorded (with ids a random generator
/// makes, so that a root decided here may make its own).
pub(crate) fn read(provider: &SdkTracerProvider) -> (Known, bool) {
    let text = format!("{provider:?}");
    let Some(sampler) = field(&text, "config: Config { sampler: ", ", id_generator: ") else {
        return (Known::default(), false);
    };
    let random_ids = field(&text, ", id_generator: ", ", span_limits: ") == Some("RandomIdGenerator { _private: () }");
    // The SDK's parent-based sampler drops every child of an unsampled parent, local or remote; `AlwaysOff`
    // drops every span.
    let follows_unsampled_parents = sampler == "AlwaysOff" || is_parent_based(sampler);
    let drops_roots = sampler == "AlwaysOff" || sampler == "ParentBased(AlwaysOff)";
    let known = Known { follows_unsampled_parents, ..Known::default() };
    (known, drops_roots && random_ids)
}

/// `ParentBased(...)`, its parentheses balanced: the SDK's parent-based sampler around any root sampler.
fn is_parent_based(sampler: &str) -> bool {
    let Some(inner) = sampler.strip_prefix("ParentBased(").and_then(|rest| rest.strip_suffix(')')) else {
        return false;
    };
    let mut depth = 0_usize;
    for byte in inner.bytes() {
        match byte {
            b'(' => depth += 1,
            b')' => match depth.checked_sub(1) {
                Some(less) => depth = less,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}

/// The text between the first `start` and the next `end` of `text`, both outside string literals.
fn field<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = outside_strings(text, start)? + start.len();
    let to = from + outside_strings(&text[from..], end)?;
    Some(&text[from..to])
}

/// Where `needle` first stands in `text` outside a `"..."` literal (`Debug` escapes quotes inside one).
fn outside_strings(text: &str, needle: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut in_string = false;
    let mut escaped = false;
    for (at, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if byte == b'"' {
            in_string = true;
        } else if bytes[at..].starts_with(needle.as_bytes()) {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use opentelemetry::KeyValue;
    use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider};
    use opentelemetry_sdk::Resource;

    use super::*;

    fn known(sampler: Sampler) -> (Known, bool) {
        read(&SdkTracerProvider::builder().with_sampler(sampler).build())
    }

    #[test]
    fn the_sdk_samplers_are_read() {
        let follows = Known { follows_unsampled_parents: true, ..Known::default() };
        assert_eq!(read(&SdkTracerProvider::builder().build()), (follows, false), "the default: ParentBased(AlwaysOn)");
        assert_eq!(known(Sampler::ParentBased(Box::new(Sampler::AlwaysOn))), (follows, false));
        assert_eq!(known(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(0.25)))), (follows, false));
        assert_eq!(known(Sampler::ParentBased(Box::new(Sampler::AlwaysOff))), (follows, true));
        assert_eq!(known(Sampler::AlwaysOff), (follows, true));
        assert_eq!(known(Sampler::AlwaysOn), (Known::default(), false));
        assert_eq!(known(Sampler::TraceIdRatioBased(0.5)), (Known::default(), false));
    }

    #[test]
    fn other_samplers_and_id_generators_are_not_guessed() {
        #[derive(Clone, Debug)]
        struct ParentBasedLookalike;
        impl opentelemetry_sdk::trace::ShouldSample for ParentBasedLookalike {
            fn should_sample(
                &self,
                _: Option<&opentelemetry::Context>,
                _: opentelemetry::trace::TraceId,
                _: &str,
                _: &opentelemetry::trace::SpanKind,
                _: &[KeyValue],
                _: &[opentelemetry::trace::Link],
            ) -> opentelemetry_sdk::trace::SamplingResult {
                unreachable!("never asked")
            }
        }
        let custom = SdkTracerProvider::builder().with_sampler(ParentBasedLookalike).build();
        assert_eq!(read(&custom), (Known::default(), false));

        #[derive(Debug)]
        struct Sequential;
        impl opentelemetry_sdk::trace::IdGenerator for Sequential {
            fn new_trace_id(&self) -> opentelemetry::trace::TraceId {
                opentelemetry::trace::TraceId::from(1)
            }
            fn new_span_id(&self) -> opentelemetry::trace::SpanId {
                opentelemetry::trace::SpanId::from(1)
            }
        }
        let ids = SdkTracerProvider::builder().with_sampler(Sampler::AlwaysOff).with_id_generator(Sequential).build();
        let follows = Known { follows_unsampled_parents: true, ..Known::default() };
        assert_eq!(read(&ids), (follows, false), "roots are left to the SDK, whose ids are not random");
    }

    #[test]
    fn quoted_text_cannot_pose_as_the_configuration() {
        let decoy = "\", config: Config { sampler: AlwaysOff, id_generator: RandomIdGenerator { _private: () }, span_limits: \"";
        // The exporter's `Debug` shows the resource, before the provider's configuration.
        let provider = SdkTracerProvider::builder()
            .with_resource(Resource::builder_empty().with_attribute(KeyValue::new("decoy", decoy)).build())
            .with_simple_exporter(opentelemetry_sdk::trace::InMemorySpanExporter::default())
            .with_sampler(Sampler::AlwaysOn)
            .build();
        assert!(format!("{provider:?}").find("decoy") < format!("{provider:?}").find("config: Config"));
        assert_eq!(read(&provider), (Known::default(), false));
    }

    #[test]
    fn parentheses_must_balance() {
        assert!(is_parent_based("ParentBased(AlwaysOn)"));
        assert!(is_parent_based("ParentBased(TraceIdRatioBased(0.5))"));
        assert!(!is_parent_based("ParentBased(A)(B)"));
        assert!(!is_parent_based("ParentBased(A))"));
        assert!(!is_parent_based("ParentBasedX(A)"));
    }
}
