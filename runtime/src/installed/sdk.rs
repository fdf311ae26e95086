//! What an `SdkTracerProvider` passed to [`set_tracer_provider`](super::provider::set_tracer_provider) is known to
//! do, read from its configuration.
//!
//! The SDK keeps a provider's sampler and id generator private, and its samplers are trait objects; only the
//! provider's `Debug` text names them (`sampler: ParentBased(AlwaysOn), id_generator: RandomIdGenerator { .. }`).
//! That text is read here as it is written, outside string literals (a resource attribute or an exporter's endpoint
//! may quote anything), keeping only the configuration's part: an in-memory exporter's spans, printed before it,
//! cost time but no memory, and formatting stops once the part is read. A sampler this does not recognise to the
//! letter is simply asked for every span. A test pins the text of the SDK version in `Cargo.lock`.

use std::fmt::{self, Write as _};

use opentelemetry_sdk::trace::SdkTracerProvider;

use super::provider::Known;

/// Where the configuration's part of the provider's `Debug` text starts and ends.
const START: &str = "config: Config { sampler: ";
const END: &str = ", span_limits: ";
/// What stands between the sampler's text and the id generator's, in the part.
const BETWEEN: &str = ", id_generator: ";
/// The most of it kept: a sampler whose `Debug` text is longer is not one this recognises.
const MAX_PART: usize = 4096;

/// What is known of `provider`, and whether its sampler drops every root unrecorded (with ids a random generator
/// makes, so that a root decided here may make its own).
pub(crate) fn read(provider: &SdkTracerProvider) -> (Known, bool) {
    // A panicking `Debug` of a user's exporter leaves the provider unknown; it must not stop the install.
    let part = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut scan = Scan::default();
        let _ = write!(scan, "{provider:?}");
        scan.part()
    }));
    let Some((sampler, id_generator)) = part.ok().flatten() else {
        return (Known::default(), false);
    };
    let random_ids = id_generator == "RandomIdGenerator { _private: () }";
    // The SDK's parent-based sampler drops every child of an unsampled parent, local or remote; `AlwaysOff`
    // drops every span.
    let follows_unsampled_parents = sampler == "AlwaysOff" || is_parent_based(&sampler);
    let drops_roots = sampler == "AlwaysOff" || sampler == "ParentBased(AlwaysOff)";
    let known = Known { follows_unsampled_parents, ..Known::default() };
    (known, drops_roots && random_ids)
}

/// Reads `Debug` text as it is written, keeping the text between [`START`] and [`END`], and where [`BETWEEN`]
/// stands in it, each outside string literals (`Debug` escapes quotes inside one).
#[derive(Default)]
struct Scan {
    in_string: bool,
    escaped: bool,
    /// The last characters outside strings (ASCII, any other character a `\0`), while [`START`] is looked for.
    recent: String,
    /// The text after [`START`], once it is found.
    part: Option<String>,
    /// Where the first [`BETWEEN`] of the part starts.
    between: Option<usize>,
    /// The part ended, or grew past [`MAX_PART`]: formatting may stop.
    done: bool,
}

impl Scan {
    /// The sampler's and the id generator's text.
    fn part(self) -> Option<(String, String)> {
        let part = self.part.filter(|part| part.ends_with(END) && self.done)?;
        let split = self.between?;
        Some((part[..split].to_owned(), part[split + BETWEEN.len()..part.len() - END.len()].to_owned()))
    }
}

impl fmt::Write for Scan {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for character in text.chars() {
            if self.done {
                return Err(fmt::Error);
            }
            let outside = !self.in_string && character != '"';
            if self.in_string {
                match character {
                    _ if self.escaped => self.escaped = false,
                    '\\' => self.escaped = true,
                    '"' => self.in_string = false,
                    _ => {}
                }
            } else if character == '"' {
                self.in_string = true;
            }
            match &mut self.part {
                None => {
                    // Quoted text breaks the run, so that no literal can complete the marker (which is ASCII).
                    self.recent.push(if outside && character.is_ascii() { character } else { '\0' });
                    if self.recent.len() > START.len() {
                        self.recent.remove(0);
                    }
                    if self.recent == START {
                        self.part = Some(String::new());
                    }
                }
                Some(part) => {
                    part.push(character);
                    if outside && self.between.is_none() && part.ends_with(BETWEEN) {
                        self.between = Some(part.len() - BETWEEN.len());
                    }
                    self.done = (outside && part.ends_with(END)) || part.len() > MAX_PART;
                }
            }
        }
        Ok(())
    }
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
    fn an_exporter_full_of_spans_is_read_through_and_a_panicking_debug_is_survived() {
        use opentelemetry::trace::{Tracer, TracerProvider};

        let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
        let provider = SdkTracerProvider::builder()
            .with_simple_exporter(exporter.clone())
            .with_sampler(Sampler::AlwaysOff)
            .build();
        let sampled = SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build();
        for _ in 0..2000 {
            sampled.tracer("fill").in_span("\", config: Config { sampler: AlwaysOn, id_generator: ", |_| {});
        }
        let follows = Known { follows_unsampled_parents: true, ..Known::default() };
        assert_eq!(read(&provider), (follows, true));

        #[derive(Debug)]
        struct Panics;
        impl opentelemetry_sdk::trace::SpanProcessor for Panics {
            fn on_start(&self, _: &mut opentelemetry_sdk::trace::Span, _: &opentelemetry::Context) {}
            fn on_end(&self, _: opentelemetry_sdk::trace::SpanData) {}
            fn force_flush(&self) -> opentelemetry_sdk::error::OTelSdkResult {
                Ok(())
            }
            fn shutdown_with_timeout(&self, _: std::time::Duration) -> opentelemetry_sdk::error::OTelSdkResult {
                Ok(())
            }
        }
        struct PanickingDebug(Panics);
        impl std::fmt::Debug for PanickingDebug {
            fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                panic!("a user's Debug that panics")
            }
        }
        impl opentelemetry_sdk::trace::SpanProcessor for PanickingDebug {
            fn on_start(&self, span: &mut opentelemetry_sdk::trace::Span, cx: &opentelemetry::Context) {
                self.0.on_start(span, cx);
            }
            fn on_end(&self, span: opentelemetry_sdk::trace::SpanData) {
                self.0.on_end(span);
            }
            fn force_flush(&self) -> opentelemetry_sdk::error::OTelSdkResult {
                self.0.force_flush()
            }
            fn shutdown_with_timeout(&self, timeout: std::time::Duration) -> opentelemetry_sdk::error::OTelSdkResult {
                self.0.shutdown_with_timeout(timeout)
            }
        }
        let panicking = SdkTracerProvider::builder().with_span_processor(PanickingDebug(Panics)).build();
        assert_eq!(read(&panicking), (Known::default(), false));
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
