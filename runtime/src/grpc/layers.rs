//! The server and client layers: one span per gRPC call.

use std::borrow::Cow;

use http::Request;
use opentelemetry::trace::SpanKind;
use opentelemetry::KeyValue;
use tower_layer::Layer;

use crate::layer::exchange::{Exchange, Side};
use crate::layer::service::{Starts, Traced};
use crate::layer::{semconv, start_span};
use crate::propagation::{extract_headers, inject_headers};

/// A tower [`Layer`] tracing a tonic server: one `server` span per call.
///
/// - The span is named `package.Service/Method`, with `rpc.system` = `grpc`, `rpc.service`, `rpc.method`, and
///   `rpc.grpc.status_code` read from the response (its headers, or the trailers at the end of its body).
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
        Exchange::new(start_span(SpanKind::Server, &parent, || call_attributes(request)), Side::GrpcServer)
    }
}

/// A tower [`Layer`] tracing a tonic client: one `client` span per call, a child of the current context.
///
/// The span is named and attributed like [`ServerLayer`]'s, plus `server.address` and `server.port` when the
/// request names its server: tonic's `Channel` adds the server below the layer, so give the client an origin
/// (`with_origin`) to have them. The status is Error for every code but OK, and for a call that failed below gRPC
/// (no connection, say), which has the error's type as `error.type` and no status code. `traceparent`,
/// `tracestate` and `baggage` go out in the call's metadata.
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
            let (name, mut attributes) = call_attributes(request);
            if let Some(authority) = request.uri().authority() {
                semconv::server(authority.as_str(), semconv::scheme(request.uri()), &mut attributes);
            }
            (name, attributes)
        };
        let cx = opentelemetry::Context::map_current(|parent| start_span(SpanKind::Client, parent, describe));
        inject_headers(&cx, request.headers_mut());
        Exchange::new(cx, Side::GrpcClient)
    }
}

/// The span name and `rpc.*` attributes of a call, from its path `/package.Service/Method`.
fn call_attributes<B>(request: &Request<B>) -> (Cow<'static, str>, Vec<KeyValue>) {
    let path = request.uri().path();
    let name = path.strip_prefix('/').unwrap_or(path);
    let mut attributes = Vec::with_capacity(5);
    attributes.push(KeyValue::new(semconv::RPC_SYSTEM, "grpc"));
    if let Some((service, method)) = name.split_once('/') {
        attributes.push(KeyValue::new(semconv::RPC_SERVICE, service.to_owned()));
        attributes.push(KeyValue::new(semconv::RPC_METHOD, method.to_owned()));
    }
    (Cow::Owned(name.to_owned()), attributes)
}
