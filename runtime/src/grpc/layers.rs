//! The server and client layers: one span per gRPC call.

use std::borrow::Cow;

use http::Request;
use opentelemetry::trace::SpanKind;
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::RPC_SYSTEM_NAME;
use tower_layer::Layer;

use crate::layer::exchange::{Exchange, Side};
use crate::layer::service::{Starts, Traced};
use crate::layer::{semconv, start_span};
use crate::propagation::{extract_headers, inject_headers};

/// A tower [`Layer`] tracing a tonic server: one `server` span per call, after the gRPC conventions of
/// OpenTelemetry semantic conventions 1.42.
///
/// - The span is named `package.Service/Method`, with `rpc.system.name` = `grpc`, `server.address` and
///   `server.port` (from the request's authority or `Host`) when the call starts, then `rpc.method` =
///   `package.Service/Method` and `rpc.response.status_code`, the code's name (`OK`, `NOT_FOUND`, ...), read
///   from the response (its headers, or the trailers at the end of its body); a code gRPC does not define reads
///   as `UNKNOWN`.
/// - `rpc.method` waits for the answer, which tells whether the server knows the method: for a method or service
///   it lacks, tonic answers UNIMPLEMENTED without a message, and then (as for a path that is not
///   `/package.Service/Method`) `rpc.method` is `_OTHER`, `rpc.method_original` the path without its `/`, and
///   the span is renamed `grpc`, so made-up paths cannot make names without bound. A handler's own UNIMPLEMENTED
///   keeps its method if it has a message. Samplers see the method as the span's name.
/// - The status is Error only for the codes that are the server's fault: UNKNOWN, DEADLINE_EXCEEDED,
///   UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS (`error.type` is the code's name).
/// - The trace context of the call's metadata is the span's parent, and the span is current while the service
///   runs, so `#[traced]` functions of the handler are its children.
/// - The span ends with the response stream, so a streaming call is timed to its last message.
///
/// ```no_run
/// # async fn serve(routes: tonic::service::Routes) -> Result<(), tonic::transport::Error> {
/// tonic::transport::Server::builder()
///     .layer(traced::grpc::ServerLayer::new())
///     .add_routes(routes)
///     .serve("127.0.0.1:50051".parse().unwrap())
///     .await
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ServerLayer {
    _private: (),
}

impl ServerLayer {
    /// The layer.
    pub fn new() -> Self {
        ServerLayer::default()
    }
}

impl<S> Layer<S> for ServerLayer {
    type Service = ServerService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Traced::new(inner, *self)
    }
}

/// A service traced by [`ServerLayer`].
pub type ServerService<S> = Traced<S, ServerLayer>;

impl Starts for ServerLayer {
    fn start<B>(&self, request: &mut Request<B>) -> Exchange {
        let parent = extract_headers(request.headers());
        let describe = || {
            let uri = request.uri();
            let mut attributes = Vec::with_capacity(3);
            attributes.push(KeyValue::new(RPC_SYSTEM_NAME, semconv::GRPC));
            if let Some(authority) = semconv::requested_authority(uri, request.headers()) {
                semconv::server(authority, semconv::scheme(uri), &mut attributes);
            }
            let name = semconv::grpc_method(uri.path()).unwrap_or(semconv::GRPC);
            (Cow::Owned(name.to_owned()), attributes)
        };
        let cx = start_span(SpanKind::Server, &parent, describe);
        Exchange::new(cx, Side::GrpcServer).with_grpc_path(request.uri().path())
    }
}

/// A tower [`Layer`] tracing a tonic client: one `client` span per call, a child of the current context.
///
/// The span is named and attributed like [`ServerLayer`]'s (gRPC conventions of OpenTelemetry semantic
/// conventions 1.42), with `rpc.method` given when the call starts: the client's stub knows its methods, so only a
/// path that is not `/package.Service/Method` makes it `_OTHER`. `server.address` and `server.port` are there
/// when the request names its server: tonic's `Channel` adds the server below the layer, so give the client an
/// origin (`with_origin`) to have them. The status is Error for every code but OK, and for a call that failed
/// below gRPC (no connection, say), which has the error's type as `error.type` and no
/// `rpc.response.status_code`. `traceparent`, `tracestate` and `baggage` go out in the call's metadata.
///
/// ```no_run
/// # async fn connect() -> Result<(), tonic::transport::Error> {
/// let channel = tonic::transport::Endpoint::from_static("http://127.0.0.1:50051").connect().await?;
/// let channel = tower::ServiceBuilder::new().layer(traced::grpc::ClientLayer::new()).service(channel);
/// // let client = GreeterClient::new(channel);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientLayer {
    _private: (),
}

impl ClientLayer {
    /// The layer.
    pub fn new() -> Self {
        ClientLayer::default()
    }
}

impl<S> Layer<S> for ClientLayer {
    type Service = ClientService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Traced::new(inner, *self)
    }
}

/// A service traced by [`ClientLayer`].
pub type ClientService<S> = Traced<S, ClientLayer>;

impl Starts for ClientLayer {
    fn start<B>(&self, request: &mut Request<B>) -> Exchange {
        let describe = || {
            let uri = request.uri();
            let mut attributes = Vec::with_capacity(5);
            attributes.push(KeyValue::new(RPC_SYSTEM_NAME, semconv::GRPC));
            let name = semconv::rpc_method(uri.path(), true, &mut attributes);
            if let Some(authority) = uri.authority() {
                semconv::server(authority.as_str(), semconv::scheme(uri), &mut attributes);
            }
            (Cow::Owned(name.to_owned()), attributes)
        };
        let cx = opentelemetry::Context::map_current(|parent| start_span(SpanKind::Client, parent, describe));
        inject_headers(&cx, request.headers_mut());
        Exchange::new(cx, Side::GrpcClient)
    }
}
