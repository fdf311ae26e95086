//! [`TraceLayer`]: one layer value for each side of HTTP and gRPC, with hooks.

use std::sync::Arc;

use http::Request;
use opentelemetry::KeyValue;
use tower_layer::Layer;

use super::exchange::{Exchange, Side};
use super::hooks::{guarded, Hooks, Outcome, RequestHead, ResponseHead};
use super::messages::DEFAULT_MESSAGE_EVENTS;
use super::service::TraceService;
use super::sides;
use crate::propagation::inject_headers;

/// A tower [`Layer`] that traces every exchange of the service it wraps: one span per HTTP request or gRPC call,
/// after the OpenTelemetry semantic conventions 1.42, with the W3C trace context read from (servers) or written
/// to (clients) the headers.
///
/// Pick the side with a constructor: [`http_server`](TraceLayer::http_server),
/// [`http_client`](TraceLayer::http_client), [`grpc_server`](TraceLayer::grpc_server) and
/// [`grpc_client`](TraceLayer::grpc_client) (feature `grpc`). Each span is current while the service runs (so
/// `#[traced]` functions of a handler are its children) and ends when the response body ends, so a streamed
/// response is timed to its last byte. Requests and responses pass through untouched: headers, bodies, status
/// codes, streaming and errors.
///
/// The hooks change what the spans say, never the exchange: [`with_skip`](TraceLayer::with_skip) leaves a
/// request without a span (a health check), [`with_span_name`](TraceLayer::with_span_name) names it,
/// [`with_request_attributes`](TraceLayer::with_request_attributes) and
/// [`with_response_attributes`](TraceLayer::with_response_attributes) add attributes (a request id), and
/// [`with_failure`](TraceLayer::with_failure) decides which outcomes are errors. A hook that panics is left out
/// (the panic is reported by the panic hook, and traced's own behaviour stands for that request).
///
/// ```
/// use axum::{routing::get, Router};
/// use opentelemetry::KeyValue;
///
/// let layer = traced::http::TraceLayer::http_server()
///     .with_skip(|request| request.uri.path() == "/health")
///     .with_request_attributes(|request, attributes| {
///         if let Some(id) = request.headers.get("x-request-id").and_then(|id| id.to_str().ok()) {
///             attributes.push(KeyValue::new("http.request.header.x-request-id", id.to_owned()));
///         }
///     });
/// let app: Router = Router::new()
///     .route("/users/{id}", get(|| async { "ada" }))
///     .route("/health", get(|| async { "ok" }))
///     .layer(layer);
/// ```
#[derive(Clone, Debug)]
pub struct TraceLayer {
    side: Side,
    /// `None` until a hook or query key is given: cloning the layer (axum clones it for every request) stays
    /// cheap.
    hooks: Option<Arc<Hooks>>,
    /// The bound on a gRPC span's message events, `None` for none and no counting at all.
    // Read only by the gRPC layers of the `grpc` feature.
    #[cfg_attr(not(feature = "grpc"), allow(dead_code))]
    message_events: Option<u32>,
    /// A client's connection events: its requests carry the marker the connector and resolver wrappers look for.
    connection_events: bool,
}

/// What a layer without hooks runs with.
static NO_HOOKS: Hooks = Hooks::NONE;

impl TraceLayer {
    fn new(side: Side) -> Self {
        TraceLayer { side, hooks: None, message_events: Some(DEFAULT_MESSAGE_EVENTS), connection_events: false }
    }

    fn hooks_mut(&mut self) -> &mut Hooks {
        Arc::make_mut(self.hooks.get_or_insert_with(Default::default))
    }

    /// Traces an HTTP server (axum, hyper, tonic's HTTP side): one `server` span per request.
    ///
    /// - The span is named `{METHOD} {route}`, the route taken from axum's `MatchedPath` (feature `axum`, with the
    ///   layer added through `Router::layer` or `route_layer`, after routing). It is never the raw path, so names
    ///   stay few: without a route the name is the method alone; a method the conventions do not know is spelled
    ///   `HTTP`.
    /// - Attributes: `http.request.method`, `url.path`, `url.scheme`, `http.route`, `server.address`,
    ///   `server.port`, `user_agent.original`, `network.protocol.version` when the request arrives,
    ///   `http.response.status_code` with the response. The query string is not recorded, since it often carries
    ///   tokens.
    /// - The status is Error on a 5xx response (`error.type` is the code) and on a failed service future
    ///   (`error.type` is the error's type), never on a 4xx: that is the client's fault.
    /// - The trace context of the request's `traceparent`, `tracestate` and `baggage` headers is the span's parent.
    ///
    /// ```
    /// use axum::{routing::get, Router};
    ///
    /// #[traced::traced(name = "users.load")]
    /// async fn load_user() -> &'static str {
    ///     "ada"
    /// }
    ///
    /// let app: Router = Router::new()
    ///     .route("/users/{id}", get(|| async { load_user().await }))
    ///     .layer(traced::http::TraceLayer::http_server());
    /// ```
    pub fn http_server() -> Self {
        TraceLayer::new(Side::HttpServer)
    }

    /// Traces an HTTP client (hyper-util's client, or any tower service of `http::Request`s): one `client` span
    /// per request, a child of the current context.
    ///
    /// - The span is named after the method (`GET`; `HTTP` for a method the conventions do not know).
    /// - Attributes: `http.request.method`, `server.address`, `server.port`, `url.full` (user, password and
    ///   the values of credential query parameters redacted, see
    ///   [`with_sensitive_query_keys`](TraceLayer::with_sensitive_query_keys)), then `http.response.status_code`
    ///   and `network.protocol.version` with the response.
    /// - The status is Error on a 4xx or 5xx response (`error.type` is the code) and on a failed request
    ///   (`error.type` is the error's type).
    /// - `traceparent`, `tracestate` and `baggage` are written into the request's headers, through the global
    ///   propagator, so the server continues the trace.
    /// - With [`with_connection_events`](TraceLayer::with_connection_events) (feature `hyper-util`), the steps of
    ///   a new connection are events on the span, and `http.connection.reused` says whether it came from the pool.
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use tower::{service_fn, Layer, ServiceExt};
    ///
    /// # let _guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
    /// // Any tower service of `http::Request`s: here one that answers 400 unless the trace context reached it.
    /// let transport = service_fn(|request: http::Request<()>| async move {
    ///     let mut response = http::Response::new(());
    ///     if !request.headers().contains_key("traceparent") {
    ///         *response.status_mut() = http::StatusCode::BAD_REQUEST;
    ///     }
    ///     Ok::<_, Infallible>(response)
    /// });
    /// let client = traced::http::TraceLayer::http_client().layer(transport);
    ///
    /// let request = http::Request::get("http://127.0.0.1:3000/users").body(())?;
    /// let response = futures::executor::block_on(client.oneshot(request))?;
    /// assert_eq!(response.status(), 200);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn http_client() -> Self {
        TraceLayer::new(Side::HttpClient)
    }

    /// Traces a tonic server: one `server` span per call, after the gRPC conventions.
    ///
    /// - The span is named `package.Service/Method`, with `rpc.system.name` = `grpc`, `server.address` and
    ///   `server.port` (from the request's authority or `Host`) when the call starts, then `rpc.method` =
    ///   `package.Service/Method` and `rpc.response.status_code`, the code's name (`OK`, `NOT_FOUND`, ...), read
    ///   from the response (its headers, or the trailers at the end of its body); a code gRPC does not define
    ///   reads as `UNKNOWN`.
    /// - `rpc.method` waits for the answer, which tells whether the server knows the method: for a method or
    ///   service it lacks, tonic answers UNIMPLEMENTED without a message, and then (as for a path that is not
    ///   `/package.Service/Method`) `rpc.method` is `_OTHER`, `rpc.method_original` the path without its `/`, and
    ///   the span is renamed `grpc`, so made-up paths cannot make names without bound. A handler's own
    ///   UNIMPLEMENTED keeps its method if it has a message. Samplers see the method as the span's name.
    /// - The status is Error only for the codes that are the server's fault: UNKNOWN, DEADLINE_EXCEEDED,
    ///   UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS (`error.type` is the code's name).
    /// - The trace context of the call's metadata is the span's parent. The span ends with the response stream,
    ///   so a streaming call is timed to its last message.
    /// - Each message, either way, is an `rpc.message` event (`RECEIVED` for a request, `SENT` for a response),
    ///   up to a bound: see [`with_message_events`](TraceLayer::with_message_events).
    ///
    /// ```no_run
    /// # async fn serve(routes: tonic::service::Routes) -> Result<(), tonic::transport::Error> {
    /// tonic::transport::Server::builder()
    ///     .layer(traced::http::TraceLayer::grpc_server())
    ///     .add_routes(routes)
    ///     .serve("127.0.0.1:50051".parse().unwrap())
    ///     .await
    /// # }
    /// ```
    #[cfg(feature = "grpc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "grpc")))]
    pub fn grpc_server() -> Self {
        TraceLayer::new(Side::GrpcServer)
    }

    /// Traces a tonic client: one `client` span per call, a child of the current context.
    ///
    /// The span is named and attributed like [`grpc_server`](TraceLayer::grpc_server)'s, with `rpc.method` given
    /// when the call starts: the client's stub knows its methods, so only a path that is not
    /// `/package.Service/Method` makes it `_OTHER`. `server.address` and `server.port` are there when the request
    /// names its server: tonic's `Channel` adds the server below the layer, so give the client an origin
    /// (`with_origin`) to have them. The status is Error for every code but OK, and for a call that failed below
    /// gRPC (no connection, say), which has the error's type as `error.type` and no `rpc.response.status_code`.
    /// `traceparent`, `tracestate` and `baggage` go out in the call's metadata. Each message is an `rpc.message`
    /// event (`SENT` for a request, `RECEIVED` for a response), up to a bound: see
    /// [`with_message_events`](TraceLayer::with_message_events).
    ///
    /// ```no_run
    /// # async fn connect() -> Result<(), tonic::transport::Error> {
    /// let channel = tonic::transport::Endpoint::from_static("http://127.0.0.1:50051").connect().await?;
    /// let channel = tower::ServiceBuilder::new().layer(traced::http::TraceLayer::grpc_client()).service(channel);
    /// // let client = GreeterClient::new(channel);
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "grpc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "grpc")))]
    pub fn grpc_client() -> Self {
        TraceLayer::new(Side::GrpcClient)
    }

    /// Records at most `limit` `rpc.message` events on each gRPC span (default [`DEFAULT_MESSAGE_EVENTS`], 64),
    /// after the RPC conventions, as otelgrpc does: one per message of the call, either way, with
    /// `rpc.message.type` (`SENT` or `RECEIVED`, from the span's side), `rpc.message.id` (from 1, each way apart)
    /// and `rpc.message.compressed_size` (the length in the message's gRPC prefix: its size on the wire). Unary
    /// and streaming calls alike.
    ///
    /// When the span ends it gets the totals, [`MESSAGES_SENT`] and [`MESSAGES_RECEIVED`], and the messages past
    /// the bound as [`MESSAGE_EVENTS_DROPPED`], so a stream of a million messages costs a span 64 events and three
    /// attributes. `limit` 0 keeps the totals alone. The SDK bounds a span's events too
    /// (`SpanLimits::max_events_per_span`, 128 by default) and drops those past its bound silently, counting
    /// them only in the span's `dropped_events_count`: keep `limit` below it.
    ///
    /// The messages are read from the length-prefixed framing of the bodies, which pass through unchanged; a
    /// message cut off by the end of its stream is not one. The span ends with the response, so a message of the
    /// request read after that (a server that answers before reading all of a stream) is not counted. On the
    /// request side only tonic's own body, `tonic::body::Body` (what tonic's server and `Channel` carry), is
    /// read: another request body type gets the response's messages alone. An HTTP layer ignores this setting.
    ///
    /// [`DEFAULT_MESSAGE_EVENTS`]: crate::grpc::DEFAULT_MESSAGE_EVENTS
    /// [`MESSAGES_SENT`]: crate::grpc::MESSAGES_SENT
    /// [`MESSAGES_RECEIVED`]: crate::grpc::MESSAGES_RECEIVED
    /// [`MESSAGE_EVENTS_DROPPED`]: crate::grpc::MESSAGE_EVENTS_DROPPED
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use std::pin::Pin;
    /// use std::task::{Context, Poll};
    ///
    /// use futures::task::noop_waker_ref;
    /// use http_body::Body;
    /// use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
    /// use tower::{service_fn, Layer, ServiceExt};
    /// use traced::KeyValue;
    ///
    /// let exporter = InMemorySpanExporter::default();
    /// traced::set_tracer_provider(SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
    ///
    /// // A server answering three messages of 2 bytes each (flag, big-endian length, payload) in one chunk.
    /// let server = traced::http::TraceLayer::grpc_server().with_message_events(2).layer(service_fn(
    ///     |_: http::Request<String>| async {
    ///         let messages = "\0\0\0\0\x02ab\0\0\0\0\x02cd\0\0\0\0\x02ef".to_owned();
    ///         Ok::<_, Infallible>(http::Response::builder().header("grpc-status", "0").body(messages).unwrap())
    ///     },
    /// ));
    /// let request = http::Request::post("/shop.Stock/Watch").body(String::new())?;
    /// let mut body = futures::executor::block_on(server.oneshot(request))?.into_body();
    /// let Poll::Ready(Some(Ok(_))) = Pin::new(&mut body).poll_frame(&mut Context::from_waker(noop_waker_ref())) else {
    ///     unreachable!("a `String` body is ready at once")
    /// };
    ///
    /// let span = &exporter.get_finished_spans()?[0];
    /// let event = &span.events[1];
    /// assert_eq!((event.name.as_ref(), span.events.len()), ("rpc.message", 2));
    /// assert!(event.attributes.contains(&KeyValue::new("rpc.message.type", "SENT")));
    /// assert!(event.attributes.contains(&KeyValue::new("rpc.message.id", 2)));
    /// assert!(event.attributes.contains(&KeyValue::new("rpc.message.compressed_size", 2)));
    /// assert!(span.attributes.contains(&KeyValue::new(traced::grpc::MESSAGES_SENT, 3)));
    /// assert!(span.attributes.contains(&KeyValue::new(traced::grpc::MESSAGE_EVENTS_DROPPED, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "grpc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "grpc")))]
    pub fn with_message_events(mut self, limit: u32) -> Self {
        self.message_events = Some(limit);
        self
    }

    /// Records no `rpc.message` events and no message totals on gRPC spans: the bodies are not read at all, as
    /// for an HTTP layer.
    ///
    /// ```
    /// let server = traced::http::TraceLayer::grpc_server().without_message_events();
    /// # let _ = server;
    /// ```
    #[cfg(feature = "grpc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "grpc")))]
    pub fn without_message_events(mut self) -> Self {
        self.message_events = None;
        self
    }

    /// Leaves the requests `skip` picks without a span (health checks, metrics scrapes): they pass through as
    /// if the layer were not there, but a client still sends the current context on.
    ///
    /// ```
    /// let layer = traced::http::TraceLayer::http_server().with_skip(|request| request.uri.path() == "/health");
    /// # let _ = layer;
    /// ```
    pub fn with_skip(mut self, skip: impl Fn(&RequestHead<'_>) -> bool + Send + Sync + 'static) -> Self {
        self.hooks_mut().skip = Some(Arc::new(skip));
        self
    }

    /// Names each span `name(request)` instead of after the conventions. Keep names few: a name per distinct path
    /// or id makes every backend's span list useless.
    ///
    /// ```
    /// let layer = traced::http::TraceLayer::http_client()
    ///     .with_span_name(|request| format!("payments {}", request.method));
    /// # let _ = layer;
    /// ```
    pub fn with_span_name(mut self, name: impl Fn(&RequestHead<'_>) -> String + Send + Sync + 'static) -> Self {
        self.hooks_mut().name = Some(Arc::new(name));
        self
    }

    /// Adds the attributes `add` pushes when a span starts, after the conventions' (so samplers see them). It runs
    /// only for a span that may be recorded: a request whose trace set-up's sampler drops skips it.
    ///
    /// ```
    /// use opentelemetry::KeyValue;
    ///
    /// let layer = traced::http::TraceLayer::http_server().with_request_attributes(|request, attributes| {
    ///     if let Some(tenant) = request.headers.get("x-tenant").and_then(|tenant| tenant.to_str().ok()) {
    ///         attributes.push(KeyValue::new("tenant", tenant.to_owned()));
    ///     }
    /// });
    /// # let _ = layer;
    /// ```
    pub fn with_request_attributes(
        mut self,
        add: impl Fn(&RequestHead<'_>, &mut Vec<KeyValue>) + Send + Sync + 'static,
    ) -> Self {
        self.hooks_mut().on_request = Some(Arc::new(add));
        self
    }

    /// Adds the attributes `add` pushes when the response head arrives, on a span that records.
    ///
    /// ```
    /// use opentelemetry::KeyValue;
    ///
    /// let layer = traced::http::TraceLayer::http_client().with_response_attributes(|response, attributes| {
    ///     if let Some(cache) = response.headers.get("x-cache").and_then(|cache| cache.to_str().ok()) {
    ///         attributes.push(KeyValue::new("cache", cache.to_owned()));
    ///     }
    /// });
    /// # let _ = layer;
    /// ```
    pub fn with_response_attributes(
        mut self,
        add: impl Fn(&ResponseHead<'_>, &mut Vec<KeyValue>) + Send + Sync + 'static,
    ) -> Self {
        self.hooks_mut().on_response = Some(Arc::new(add));
        self
    }

    /// Decides which outcomes make the span an error, instead of the conventions' rule for the side (see the
    /// constructors). An error of the service or of the body is always one.
    ///
    /// ```
    /// use http::StatusCode;
    /// use traced::http::Outcome;
    ///
    /// // A lookup client: 404 is an answer, not a failure.
    /// let layer = traced::http::TraceLayer::http_client().with_failure(|outcome| match outcome {
    ///     Outcome::Http(status) => status.is_server_error() || (status.is_client_error() && status != StatusCode::NOT_FOUND),
    ///     _ => false,
    /// });
    /// # let _ = layer;
    /// ```
    pub fn with_failure(mut self, is_failure: impl Fn(Outcome) -> bool + Send + Sync + 'static) -> Self {
        self.hooks_mut().is_failure = Some(Arc::new(is_failure));
        self
    }

    /// For an HTTP client: query parameters whose values are redacted in `url.full` and in error texts, beyond the
    /// default list (the conventions' `AWSAccessKeyId`, `Signature`, `sig`, `X-Goog-Signature`, and common
    /// credential keys such as `token`, `access_token`, `api_key`, `key`, `X-Amz-Signature`, `password`);
    /// compared without regard to case.
    ///
    /// ```
    /// let layer = traced::http::TraceLayer::http_client().with_sensitive_query_keys(["x-internal-ticket"]);
    /// # let _ = layer;
    /// ```
    pub fn with_sensitive_query_keys(mut self, keys: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let hooks = self.hooks_mut();
        hooks.query_keys = hooks.query_keys.with(keys);
        self
    }

    /// For an HTTP client: records each step of a new connection as events on the span of the request it is made
    /// for (name resolution, connect, TLS handshake, and their failures), and whether the request was served on a
    /// connection of the pool, so that a slow first request is explained. The steps are seen by wrappers given to
    /// the client's connector: [`TracedConnector`](crate::http::TracedConnector) around the connector,
    /// [`TracedResolver`](crate::http::TracedResolver) around its resolver, and
    /// [`TracedTlsConnector`](crate::http::TracedTlsConnector) around a TLS connector; each documents its events.
    ///
    /// With the response, the span gets `http.connection.reused`: `false` when a connection was made for the
    /// request while it waited, `true` when it was served on one of the pool (with no traced connector below, every
    /// request reads as served from the pool). Without this setting the layer adds nothing to the request's context
    /// and the wrappers record nothing. Only recorded spans carry the marker: a dropped request costs nothing
    /// more. Ignored on the other sides.
    ///
    /// ```
    /// use hyper_util::client::legacy::connect::HttpConnector;
    /// use hyper_util::client::legacy::Client;
    /// use hyper_util::rt::TokioExecutor;
    /// use tower::{Layer, ServiceExt};
    /// use traced::http::{TraceLayer, TracedConnector};
    ///
    /// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
    /// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    /// let _entered = runtime.enter();
    /// let client = Client::builder(TokioExecutor::new())
    ///     .build::<_, String>(TracedConnector::new(HttpConnector::new()));
    /// let client = TraceLayer::http_client().with_connection_events().layer(client);
    ///
    /// // A port nothing listens on: the connect fails, and the span says so.
    /// let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    /// let request = http::Request::get(format!("http://127.0.0.1:{port}/users")).body(String::new())?;
    /// assert!(runtime.block_on(client.oneshot(request)).is_err());
    ///
    /// let span = &exporter.get_finished_spans().unwrap()[0];
    /// let events: Vec<_> = span.events.iter().map(|event| event.name.as_ref()).collect();
    /// assert_eq!(events, ["http.connect.start", "http.connect.error"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "hyper-util")]
    #[cfg_attr(docsrs, doc(cfg(feature = "hyper-util")))]
    pub fn with_connection_events(mut self) -> Self {
        self.connection_events = self.side == Side::HttpClient;
        self
    }

    /// Starts the span of `request`, or none for a request the user skips.
    #[inline]
    pub(crate) fn start<B: 'static>(&self, request: &mut Request<B>) -> Option<Exchange> {
        let hooks = self.hooks.as_deref().unwrap_or(&NO_HOOKS);
        if hooks.skip.as_ref().is_some_and(|skip| guarded(|| skip(&RequestHead::of(request))).unwrap_or(false)) {
            if matches!(self.side, Side::HttpClient | Side::GrpcClient) {
                opentelemetry::Context::map_current(|cx| inject_headers(cx, request.headers_mut()));
            }
            return None;
        }
        let exchange = match self.side {
            Side::HttpServer => sides::http_server::start(request, hooks),
            Side::HttpClient => sides::http_client::start(request, hooks),
            #[cfg(feature = "grpc")]
            Side::GrpcServer => sides::grpc::start_server(request, hooks, self.message_events),
            #[cfg(feature = "grpc")]
            Side::GrpcClient => sides::grpc::start_client(request, hooks, self.message_events),
            #[cfg(not(feature = "grpc"))]
            Side::GrpcServer | Side::GrpcClient => return None,
        };
        let exchange = match &self.hooks {
            Some(hooks) => exchange.with_hooks(hooks),
            None => exchange,
        };
        Some(if self.connection_events { exchange.with_connection_probe() } else { exchange })
    }
}

impl<S> Layer<S> for TraceLayer {
    type Service = TraceService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        TraceService::new(inner, self.clone())
    }
}
