//! Whole-service HTTP and gRPC tracing (feature `http`): [`TraceLayer`], a tower layer for each side
//! ([`http_server`](TraceLayer::http_server), [`http_client`](TraceLayer::http_client), and with feature `grpc`
//! [`grpc_server`](TraceLayer::grpc_server), [`grpc_client`](TraceLayer::grpc_client)), making one span per
//! exchange after the OpenTelemetry semantic conventions 1.42, with the W3C trace context read from and written
//! to the headers, and hooks to skip requests, name spans, add attributes and classify failures.
//!
//! A reqwest client is traced by [`traced::reqwest`](crate::reqwest) (feature `reqwest`); tonic metadata is read
//! and written by [`traced::grpc`](crate::grpc) (feature `grpc`).

mod deprecated;

#[allow(deprecated)]
pub use deprecated::{ClientLayer, ClientService, ServerLayer, ServerService};

pub use crate::layer::{Outcome, RequestHead, ResponseBody, ResponseFuture, ResponseHead, TraceLayer, TraceService};
