//! Whole-service gRPC tracing (feature `grpc`): the W3C trace context in and out of tonic metadata. The layers
//! for tonic servers and clients are [`TraceLayer::grpc_server`](crate::http::TraceLayer::grpc_server) and
//! [`TraceLayer::grpc_client`](crate::http::TraceLayer::grpc_client): one span per call after the gRPC spans of
//! the OpenTelemetry semantic conventions 1.42 (`rpc.system.name`, `rpc.method`, `rpc.response.status_code`).
//!
//! They work on the HTTP/2 exchange under tonic, so they see what no interceptor can: the status in the response
//! trailers, and the end of a streamed response.

mod deprecated;
mod metadata;

#[allow(deprecated)]
pub use deprecated::{ClientLayer, ClientService, ServerLayer, ServerService};
pub use metadata::{extract_metadata, inject_metadata};
