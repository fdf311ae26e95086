//! The reqwest middleware: the HTTP client side for `reqwest-middleware` clients, spans made like
//! [`TraceLayer::http_client`](crate::http::TraceLayer::http_client)'s from the same parts.

use http::Extensions;
use opentelemetry::context::FutureExt;
use opentelemetry::trace::SpanKind;
use reqwest_middleware::reqwest::{Request, Response};
use reqwest_middleware::{Error, Middleware, Next, Result};

use crate::layer::exchange::{Ending, Exchange, Side};
use crate::layer::start_span;
use crate::propagation::inject_headers;
use crate::sanitize::QueryKeys;

/// A [`reqwest_middleware`] middleware that traces every request of the client: one `client` span, named and
/// attributed like [`TraceLayer::http_client`](crate::http::TraceLayer::http_client)'s, with `traceparent`, `tracestate`
/// and `baggage` sent on.
///
/// The status is Error on a 4xx or 5xx response (`error.type` is the code) and on a failed request, where
/// `error.type` says what failed: `timeout`, `connect`, `redirect`, `request`, `body`, `decode`, `builder` or
/// `middleware`. A reqwest `Response` owns its body, so the span ends when the response headers arrive.
///
/// ```
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(traced::reqwest::TracingMiddleware::new())
///     .build();
/// // client.get("http://127.0.0.1:3000/users").send().await?;
/// ```
#[derive(Clone, Debug, Default)]
pub struct TracingMiddleware {
    query_keys: QueryKeys,
    connection_events: bool,
}

impl TracingMiddleware {
    /// The middleware, redacting the default list of credential query parameters (`token`, `api_key`,
    /// `X-Amz-Signature`, ...).
    ///
    /// ```
    /// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
    /// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
    /// # let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    /// # let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    /// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
    ///     .with(traced::reqwest::TracingMiddleware::new())
    ///     .build();
    /// let _ = runtime.block_on(client.get(format!("http://127.0.0.1:{port}/users?token=hunter2")).send());
    /// let span = &exporter.get_finished_spans().unwrap()[0];
    /// assert!(!format!("{span:?}").contains("hunter2"), "neither in `url.full` nor in the error text");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        TracingMiddleware::default()
    }

    /// Query parameters whose values are redacted in `url.full` and in error texts, beyond the default list
    /// (see [`TraceLayer::with_sensitive_query_keys`](crate::http::TraceLayer::with_sensitive_query_keys));
    /// compared without regard to case.
    ///
    /// ```
    /// let middleware = traced::reqwest::TracingMiddleware::new().with_sensitive_query_keys(["x-internal-ticket"]);
    /// # let _ = middleware;
    /// ```
    pub fn with_sensitive_query_keys(mut self, keys: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.query_keys = self.query_keys.with(keys);
        self
    }

    /// Records each step of a new connection as events on the span of the request it is made for, and whether the
    /// request was served on a connection of the pool (`http.connection.reused`), as
    /// [`TraceLayer::with_connection_events`](crate::http::TraceLayer::with_connection_events) does. Build the
    /// reqwest client with the wrappers that see the steps: [`TracedConnector::layer`] as a connector layer, and
    /// [`TracedResolver`] as its resolver.
    ///
    /// reqwest's connector does the TCP connect and the TLS handshake (and a proxy's) in one service, so the
    /// connect events span them all: there are no `http.tls.*` events. `network.peer.address` is the proxy's,
    /// through a proxy, and `error.type` of `http.connect.error` is `_OTHER`, since reqwest boxes its connector's
    /// errors (`exception.message` says what failed).
    ///
    /// ```
    /// use hyper_util::client::legacy::connect::dns::GaiResolver;
    /// use traced::http::{TracedConnector, TracedResolver};
    ///
    /// let client = reqwest::Client::builder()
    ///     .connector_layer(TracedConnector::layer())
    ///     .dns_resolver(TracedResolver::new(GaiResolver::new()))
    ///     .build()?;
    /// let client = reqwest_middleware::ClientBuilder::new(client)
    ///     .with(traced::reqwest::TracingMiddleware::new().with_connection_events())
    ///     .build();
    /// # let _ = client;
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    ///
    /// [`TracedConnector::layer`]: crate::http::TracedConnector::layer
    /// [`TracedResolver`]: crate::http::TracedResolver
    pub fn with_connection_events(mut self) -> Self {
        self.connection_events = true;
        self
    }
}

#[async_trait::async_trait]
impl Middleware for TracingMiddleware {
    async fn handle(&self, mut request: Request, extensions: &mut Extensions, next: Next<'_>) -> Result<Response> {
        let mut exchange = match request.url().as_str().parse::<http::Uri>() {
            Ok(uri) => {
                let cx = opentelemetry::Context::map_current(|parent| {
                    start_span(SpanKind::Client, parent, || {
                        crate::layer::sides::http_client::attributes(request.method(), &uri, &self.query_keys)
                    })
                });
                inject_headers(&cx, request.headers_mut());
                let exchange = Exchange::new(cx, Side::HttpClient).with_query_keys(&self.query_keys);
                if self.connection_events {
                    exchange.with_connection_probe()
                } else {
                    exchange
                }
            }
            // A URL that is no URI reqwest will not send either: let it report that, untraced.
            Err(_) => return next.run(request, extensions).await,
        };
        let result = next.run(request, extensions).with_context(exchange.context().clone()).await;
        match &result {
            Ok(response) => exchange.response(response.status(), response.version(), response.headers()),
            Err(error) => exchange.failed_as(error_kind(error), error),
        }
        exchange.finish(Ending::Complete);
        result
    }
}

/// `error.type` for a failed request: what failed, in reqwest's own terms.
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Middleware(_) => "middleware",
        Error::Reqwest(error) if error.is_timeout() => "timeout",
        Error::Reqwest(error) if error.is_connect() => "connect",
        Error::Reqwest(error) if error.is_redirect() => "redirect",
        Error::Reqwest(error) if error.is_builder() => "builder",
        Error::Reqwest(error) if error.is_body() => "body",
        Error::Reqwest(error) if error.is_decode() => "decode",
        Error::Reqwest(error) if error.is_request() => "request",
        Error::Reqwest(_) => "_OTHER",
    }
}
