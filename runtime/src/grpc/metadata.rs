//! Trace context in and out of tonic metadata, through the global propagator that set-up installs.

use opentelemetry::propagation::{Extractor, Injector};
use opentelemetry::{global, Context};
use tonic::metadata::{KeyRef, MetadataKey, MetadataMap, MetadataValue};

use crate::propagation::UNREADABLE;

struct Metadata<'a>(&'a MetadataMap);

impl Extractor for Metadata<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0
            .keys()
            .filter_map(|key| match key {
                KeyRef::Ascii(key) => Some(key.as_str()),
                KeyRef::Binary(_) => None,
            })
            .collect()
    }

    fn get_all(&self, key: &str) -> Option<Vec<&str>> {
        let values: Vec<&str> = self.0.get_all(key).iter().map(|value| value.to_str().unwrap_or(UNREADABLE)).collect();
        (!values.is_empty()).then_some(values)
    }
}

struct MetadataMut<'a>(&'a mut MetadataMap);

impl Injector for MetadataMut<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(key), Ok(value)) = (MetadataKey::from_bytes(key.as_bytes()), MetadataValue::try_from(value)) {
            self.0.insert(key, value);
        }
    }
}

/// The context a gRPC request's metadata carries (`traceparent`, `tracestate`, `baggage`), on top of the current
/// one. [`TraceLayer::grpc_server`](crate::http::TraceLayer::grpc_server) does this for every call; this is for code that sees only the
/// `tonic::Request`, an interceptor say.
///
/// ```
/// use tonic::metadata::MetadataMap;
///
/// # let _guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
/// let mut metadata = MetadataMap::new();
/// metadata.insert("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".parse()?);
///
/// let _attached = traced::grpc::extract_metadata(&metadata).attach();
/// assert_eq!(traced::trace_id().map(|id| id.to_string()).as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn extract_metadata(metadata: &MetadataMap) -> Context {
    global::get_text_map_propagator(|propagator| propagator.extract(&Metadata(metadata)))
}

/// Writes `cx`'s trace context into an outgoing request's metadata. [`TraceLayer::grpc_client`](crate::http::TraceLayer::grpc_client) does
/// this for every call.
///
/// ```
/// # let _guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
/// #[traced::traced(name = "orders.call_stock")]
/// fn call() -> tonic::metadata::MetadataMap {
///     let mut metadata = tonic::metadata::MetadataMap::new();
///     traced::grpc::inject_metadata(&opentelemetry::Context::current(), &mut metadata);
///     metadata
/// }
/// assert!(call().contains_key("traceparent"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn inject_metadata(cx: &Context, metadata: &mut MetadataMap) {
    global::get_text_map_propagator(|propagator| propagator.inject_context(cx, &mut MetadataMut(metadata)));
}
