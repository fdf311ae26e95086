//! Whole-service gRPC tracing (feature `grpc`): tower layers for tonic servers ([`ServerLayer`]) and clients
//! ([`ClientLayer`]), one span per call after the gRPC spans of the OpenTelemetry semantic conventions 1.42
//! (`rpc.system.name`, `rpc.method`, `rpc.response.status_code`), and the W3C trace context in and out of tonic
//! metadata.
//!
//! Both layers work on the HTTP/2 exchange under tonic, so they see what no interceptor can: the status in the
//! response trailers, and the end of a streamed response.

mod layers;
mod metadata;

pub use layers::{ClientLayer, ClientService, ServerLayer, ServerService};
pub use metadata::{extract_metadata, inject_metadata};
