//! Whole-service HTTP and gRPC tracing (feature `http`): [`TraceLayer`], a tower layer for each side
//! ([`http_server`](TraceLayer::http_server), [`http_client`](TraceLayer::http_client), and with feature `grpc`
//! [`grpc_server`](TraceLayer::grpc_server), [`grpc_client`](TraceLayer::grpc_client)), making one span per
//! exchange after the OpenTelemetry semantic conventions 1.42, with the W3C trace context read from and written
//! to the headers, and hooks to skip requests, name spans, add attributes and classify failures.
//!
//! A reqwest client is traced by [`traced::reqwest`](crate::reqwest) (feature `reqwest`); tonic metadata is read
//! and written by [`traced::grpc`](crate::grpc) (feature `grpc`).
//!
//! A client span can also tell how its connection came about (feature `hyper-util`): with
//! `TraceLayer::http_client().with_connection_events()` and the wrappers `TracedConnector`, `TracedResolver` and
//! `TracedTlsConnector` around hyper-util's connector, resolver and TLS connector, the resolution, connect and
//! TLS handshake of a new connection (and their failures) are events on the span of the request it was made for,
//! and `http.connection.reused` says whether the request was served on a pooled connection.
//!
//! ```
//! use std::convert::Infallible;
//!
//! use opentelemetry::trace::SpanKind;
//! use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
//! use tower::{service_fn, Layer, ServiceExt};
//! use traced::http::TraceLayer;
//!
//! let exported = InMemorySpanExporter::default();
//! let guard = traced::builder()
//!     .with_exporter(traced::setup::Exporter::None)
//!     .with_span_processor(SimpleSpanProcessor::new(exported.clone()))
//!     .install()?;
//!
//! // A server, and a client whose transport is that server itself (in a program, hyper's client, say).
//! let server = TraceLayer::http_server().layer(service_fn(|_: http::Request<()>| async {
//!     Ok::<_, Infallible>(http::Response::new(()))
//! }));
//! let client = TraceLayer::http_client().layer(server);
//!
//! let request = http::Request::get("http://127.0.0.1:3000/users/7").body(())?;
//! drop(futures::executor::block_on(client.oneshot(request))?); // with the body, both spans end
//!
//! let spans = exported.get_finished_spans()?;
//! let client = spans.iter().find(|span| span.span_kind == SpanKind::Client).unwrap();
//! let server = spans.iter().find(|span| span.span_kind == SpanKind::Server).unwrap();
//! assert_eq!(server.parent_span_id, client.span_context.span_id());
//! assert!(server.parent_span_is_remote, "the server read its parent from the `traceparent` header");
//! # drop(guard);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod deprecated;

#[allow(deprecated)]
pub use deprecated::{ClientLayer, ClientService, ServerLayer, ServerService};

pub use crate::layer::{Outcome, RequestHead, ResponseBody, ResponseFuture, ResponseHead, TraceLayer, TraceService};
#[cfg(feature = "hyper-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "hyper-util")))]
pub use crate::layer::{TracedConnector, TracedConnectorLayer, TracedResolver, TracedTlsConnector};
