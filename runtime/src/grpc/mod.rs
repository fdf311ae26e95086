//! Whole-service gRPC tracing (feature `grpc`): the W3C trace context in and out of tonic metadata. The layers
//! for tonic servers and clients are [`TraceLayer::grpc_server`](crate::http::TraceLayer::grpc_server) and
//! [`TraceLayer::grpc_client`](crate::http::TraceLayer::grpc_client): one span per call after the gRPC spans of
//! the OpenTelemetry semantic conventions 1.42 (`rpc.system.name`, `rpc.method`, `rpc.response.status_code`).
//!
//! They work on the HTTP/2 exchange under tonic, so they see what no interceptor can: the status in the response
//! trailers, and the end of a streamed response.
//!
//! They also see each message, read from the gRPC framing of the bodies (which pass through untouched): every
//! message of a call, unary or streaming, either way, is an `rpc.message` event on the call's span, as otelgrpc
//! records them (`rpc.message.type` `SENT` or `RECEIVED` from the span's side, `rpc.message.id` from 1 each way,
//! `rpc.message.compressed_size`), up to [`DEFAULT_MESSAGE_EVENTS`] a span; the span ends with the totals
//! ([`MESSAGES_SENT`], [`MESSAGES_RECEIVED`]) and the count of messages past the bound
//! ([`MESSAGE_EVENTS_DROPPED`]). [`TraceLayer::with_message_events`](crate::http::TraceLayer::with_message_events)
//! sets another bound, [`without_message_events`](crate::http::TraceLayer::without_message_events) none. A
//! request message read after the response ended (and with it the span) is not counted.
//!
//! ```
//! use std::convert::Infallible;
//!
//! use opentelemetry::trace::SpanKind;
//! use opentelemetry_sdk::trace::{InMemorySpanExporter, SimpleSpanProcessor};
//! use tower::{service_fn, Layer, ServiceExt};
//! use traced::http::TraceLayer;
//! use traced::KeyValue;
//!
//! let exported = InMemorySpanExporter::default();
//! let guard = traced::builder()
//!     .with_exporter(traced::setup::Exporter::None)
//!     .with_span_processor(SimpleSpanProcessor::new(exported.clone()))
//!     .install()?;
//!
//! // A server answering NOT_FOUND (a trailers-only response), and a client whose channel is that server itself.
//! let server = TraceLayer::grpc_server().layer(service_fn(|_: http::Request<()>| async {
//!     Ok::<_, Infallible>(http::Response::builder().header("grpc-status", "5").body(()).unwrap())
//! }));
//! let client = TraceLayer::grpc_client().layer(server);
//!
//! let request = http::Request::post("http://127.0.0.1:50051/shop.Stock/Check").body(())?;
//! drop(futures::executor::block_on(client.oneshot(request))?);
//!
//! let spans = exported.get_finished_spans()?;
//! let client = spans.iter().find(|span| span.span_kind == SpanKind::Client).unwrap();
//! let server = spans.iter().find(|span| span.span_kind == SpanKind::Server).unwrap();
//! assert_eq!((client.name.as_ref(), server.name.as_ref()), ("shop.Stock/Check", "shop.Stock/Check"));
//! assert!(server.attributes.contains(&KeyValue::new("rpc.response.status_code", "NOT_FOUND")));
//! assert_eq!(server.parent_span_id, client.span_context.span_id());
//! # drop(guard);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod deprecated;
mod metadata;

#[allow(deprecated)]
pub use deprecated::{ClientLayer, ClientService, ServerLayer, ServerService};
pub use metadata::{extract_metadata, inject_metadata};

pub use crate::layer::messages::{DEFAULT_MESSAGE_EVENTS, MESSAGES_RECEIVED, MESSAGES_SENT, MESSAGE_EVENTS_DROPPED};
