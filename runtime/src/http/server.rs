//! The server layer: one `server` span per request.

use std::borrow::Cow;

use http::Request;
use opentelemetry::trace::SpanKind;
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::{
    HTTP_ROUTE, NETWORK_PROTOCOL_VERSION, URL_PATH, URL_SCHEME, USER_AGENT_ORIGINAL,
};
use tower_layer::Layer;

use crate::layer::exchange::{Exchange, Side};
use crate::layer::service::{Starts, Traced};
use crate::layer::{semconv, start_span};
use crate::propagation::extract_headers;

/// A tower [`Layer`] tracing an HTTP server (axum, hyper, tonic's HTTP side): one `server` span per request.
///
/// - The span is named `{METHOD} {route}`, the route taken from axum's `MatchedPath` (feature `axum`, with the
///   layer added through `Router::layer` or `route_layer`, after routing). It is never the raw path, so names stay
///   few: without a route the name is the method alone; a method the conventions do not know is spelled `HTTP`.
/// - Attributes follow the OpenTelemetry HTTP conventions: `http.request.method`, `url.path`, `url.scheme`,
///   `http.route`, `server.address`, `server.port`, `user_agent.original`, `network.protocol.version` when the
///   request arrives, `http.response.status_code` with the response. The query string is not recorded, since it
///   often carries tokens.
/// - The status is Error on a 5xx response (`error.type` is the code) and on a failed service future (`error.type`
///   is the error's type), never on a 4xx: that is the client's fault.
/// - The trace context of the request's `traceparent`, `tracestate` and `baggage` headers is the span's parent.
///   The span is current while the service runs, so `#[traced]` functions of the handler are its children.
/// - The span ends when the response body ends, not when its headers are sent.
///
/// Requests and responses pass through untouched: headers, bodies, status codes, streaming and errors.
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
///     .layer(traced::http::ServerLayer::new());
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
        server_exchange(request)
    }
}

fn server_exchange<B>(request: &Request<B>) -> Exchange {
    let parent = extract_headers(request.headers());
    Exchange::new(start_span(SpanKind::Server, &parent, || describe(request)), Side::HttpServer)
}

/// The name and start attributes of the server span of `request`.
fn describe<B>(request: &Request<B>) -> (Cow<'static, str>, Vec<KeyValue>) {
    let mut attributes = Vec::with_capacity(10);
    let method = semconv::method(request.method(), &mut attributes);
    let uri = request.uri();
    attributes.push(KeyValue::new(URL_PATH, uri.path().to_owned()));
    let scheme = semconv::scheme(uri);
    let scheme_value = match scheme {
        "http" => opentelemetry::Value::from("http"),
        "https" => opentelemetry::Value::from("https"),
        other => opentelemetry::Value::from(other.to_owned()),
    };
    attributes.push(KeyValue::new(URL_SCHEME, scheme_value));
    if let Some(authority) = semconv::requested_authority(uri, request.headers()) {
        semconv::server(authority, scheme, &mut attributes);
    }
    if let Some(agent) = request.headers().get(http::header::USER_AGENT).and_then(|agent| agent.to_str().ok()) {
        attributes.push(KeyValue::new(USER_AGENT_ORIGINAL, agent.to_owned()));
    }
    if let Some(version) = semconv::protocol_version(request.version()) {
        attributes.push(KeyValue::new(NETWORK_PROTOCOL_VERSION, version));
    }
    let route = route(request);
    if let Some(route) = route {
        attributes.push(KeyValue::new(HTTP_ROUTE, route.to_owned()));
    }
    let method = if method == "_OTHER" { "HTTP" } else { method };
    let name = match route {
        Some(route) => {
            let mut name = String::with_capacity(method.len() + 1 + route.len());
            name.push_str(method);
            name.push(' ');
            name.push_str(route);
            Cow::Owned(name)
        }
        None => Cow::Borrowed(method),
    };
    (name, attributes)
}

/// The route template that matched the request, where the router left one.
fn route<B>(request: &Request<B>) -> Option<&str> {
    #[cfg(feature = "axum")]
    if let Some(path) = request.extensions().get::<axum::extract::MatchedPath>() {
        return Some(path.as_str());
    }
    let _ = request;
    None
}
