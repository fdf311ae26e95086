//! The client layer: one `client` span per request, its context sent on.

use std::borrow::Cow;

use http::Request;
use opentelemetry::trace::SpanKind;
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::URL_FULL;
use tower_layer::Layer;

use crate::layer::exchange::{Exchange, Side};
use crate::layer::service::{Starts, Traced};
use crate::layer::{semconv, start_span};
use crate::propagation::inject_headers;
use crate::sanitize::QueryKeys;

/// A tower [`Layer`] tracing an HTTP client (hyper-util's client, or any tower service of `http::Request`s):
/// one `client` span per request, a child of the current context.
///
/// - The span is named after the method (`GET`; `HTTP` for a method the conventions do not know).
/// - Attributes follow the OpenTelemetry HTTP conventions: `http.request.method`, `server.address`,
///   `server.port`, `url.full` (user, password and signature query values redacted), then
///   `http.response.status_code` and `network.protocol.version` with the response.
/// - The status is Error on a 4xx or 5xx response (`error.type` is the code) and on a failed request
///   (`error.type` is the error's type).
/// - `traceparent`, `tracestate` and `baggage` are written into the request's headers, through the global
///   propagator, so the server continues the trace.
/// - The span ends when the response body ends.
///
/// ```
/// use std::convert::Infallible;
/// use tower::{service_fn, Layer, ServiceExt};
///
/// # let _guard = traced::builder().with_exporter(traced::Exporter::None).install()?;
/// // Any tower service of `http::Request`s: here one that answers 400 unless the trace context reached it.
/// let transport = service_fn(|request: http::Request<()>| async move {
///     let mut response = http::Response::new(());
///     if !request.headers().contains_key("traceparent") {
///         *response.status_mut() = http::StatusCode::BAD_REQUEST;
///     }
///     Ok::<_, Infallible>(response)
/// });
/// let client = traced::http::ClientLayer::new().layer(transport);
///
/// let request = http::Request::get("http://127.0.0.1:3000/users").body(())?;
/// let response = futures::executor::block_on(client.oneshot(request))?;
/// assert_eq!(response.status(), 200);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ClientLayer {
    query_keys: QueryKeys,
}

impl ClientLayer {
    /// The layer.
    pub fn new() -> Self {
        ClientLayer::default()
    }

    /// Query parameters whose values are redacted in `url.full` and in error texts, beyond the default list
    /// (the conventions' `AWSAccessKeyId`, `Signature`, `sig`, `X-Goog-Signature`, and common credential keys such
    /// as `token`, `access_token`, `api_key`, `key`, `X-Amz-Signature`, `password`); compared without regard to
    /// case.
    ///
    /// ```
    /// let layer = traced::http::ClientLayer::new().with_sensitive_query_keys(["x-internal-ticket"]);
    /// # let _ = layer;
    /// ```
    pub fn with_sensitive_query_keys(mut self, keys: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.query_keys = self.query_keys.with(keys);
        self
    }
}

impl<S> Layer<S> for ClientLayer {
    type Service = ClientService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Traced::new(inner, self.clone())
    }
}

/// A service traced by [`ClientLayer`].
pub type ClientService<S> = Traced<S, ClientLayer>;

impl Starts for ClientLayer {
    fn start<B>(&self, request: &mut Request<B>) -> Exchange {
        client_exchange(request, &self.query_keys)
    }
}

/// Starts the client span of `request` and injects its context into the request's headers.
fn client_exchange<B>(request: &mut Request<B>, keys: &QueryKeys) -> Exchange {
    let cx = opentelemetry::Context::map_current(|parent| {
        start_span(SpanKind::Client, parent, || client_attributes(request.method(), request.uri(), keys))
    });
    inject_headers(&cx, request.headers_mut());
    Exchange::new(cx, Side::HttpClient).with_query_keys(keys)
}

/// The name and start attributes of a client span.
pub(crate) fn client_attributes(
    method: &http::Method,
    uri: &http::Uri,
    keys: &QueryKeys,
) -> (Cow<'static, str>, Vec<KeyValue>) {
    let mut attributes = Vec::with_capacity(5);
    let method = semconv::method(method, &mut attributes);
    if let Some(authority) = uri.authority() {
        semconv::server(authority.as_str(), semconv::scheme(uri), &mut attributes);
    }
    attributes.push(KeyValue::new(URL_FULL, semconv::full_url(uri, keys)));
    (Cow::Borrowed(if method == "_OTHER" { "HTTP" } else { method }), attributes)
}
