//! [`TracedConnector`]: the connect step of a new connection, on the span of the request it is made for.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::SystemTime;

use http::Extensions;
use hyper_util::client::legacy::connect::{Connection, HttpInfo};
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::{NETWORK_PEER_ADDRESS, NETWORK_PEER_PORT};
use tower_layer::Layer;
use tower_service::Service;

use super::watch::{self, Watch};

/// The future of a traced connection step: boxed, as hyper-util's own `HttpConnector`'s is, since a connection is
/// made far less often than a request is sent.
pub(crate) type Connecting<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// A connector (any `tower::Service` that makes connections, such as hyper-util's `HttpConnector` or what
/// reqwest's `connector_layer` wraps) whose connects are events on the span of the request they are made for,
/// when that request's client layer has [connection events](crate::http::TraceLayer::with_connection_events):
///
/// - `http.connect.start` when the connect starts (the span's `server.address` and `server.port` say where to):
///   once the names are resolved, with a [`TracedResolver`](crate::http::TracedResolver) below, so that the time
///   to `http.connect.done` is the connect's own; else when the connector is called,
/// - `http.connect.done` with `network.peer.address` and `network.peer.port` (the address connected to, from the
///   connection's `HttpInfo`, which hyper-util's `HttpConnector` and the TLS connectors over it report),
/// - `http.connect.error` with `error.type` and `exception.message` when the connect fails (after a failed
///   resolution, the resolver's `http.dns.error` alone).
///
/// The connector's answer, connection or error, is passed on untouched. A connect runs for a request only while
/// that request waits for it: hyper-util lets a connect that a pooled connection overtook finish in the
/// background, for the pool, and that connect records nothing more.
///
/// ```
/// use hyper_util::client::legacy::connect::HttpConnector;
/// use hyper_util::client::legacy::Client;
/// use hyper_util::rt::TokioExecutor;
/// use tower::Layer;
/// use traced::http::{TraceLayer, TracedConnector};
///
/// # let _runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
/// # let _entered = _runtime.enter();
/// let client = Client::builder(TokioExecutor::new())
///     .build::<_, String>(TracedConnector::new(HttpConnector::new()));
/// let client = TraceLayer::http_client().with_connection_events().layer(client);
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct TracedConnector<C> {
    inner: C,
}

impl<C> TracedConnector<C> {
    /// Traces the connects of `inner`.
    ///
    /// ```
    /// let connector = traced::http::TracedConnector::new(hyper_util::client::legacy::connect::HttpConnector::new());
    /// # let _ = connector;
    /// ```
    pub fn new(inner: C) -> Self {
        TracedConnector { inner }
    }
}

impl TracedConnector<()> {
    /// A layer that wraps a connector in a [`TracedConnector`]: for reqwest's `ClientBuilder::connector_layer`,
    /// where the connect step is reqwest's whole connector (for `https`, the TLS handshake too).
    ///
    /// ```
    /// let client = reqwest::Client::builder().connector_layer(traced::http::TracedConnector::layer()).build()?;
    /// # let _ = client;
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    pub fn layer() -> TracedConnectorLayer {
        TracedConnectorLayer { _private: () }
    }
}

/// Wraps a connector in a [`TracedConnector`]; made by [`TracedConnector::layer`].
///
/// ```
/// use tower::Layer;
///
/// let layer: traced::http::TracedConnectorLayer = traced::http::TracedConnector::layer();
/// let connector = layer.layer(hyper_util::client::legacy::connect::HttpConnector::new());
/// # let _ = connector;
/// ```
#[derive(Clone, Copy, Debug)]
pub struct TracedConnectorLayer {
    _private: (),
}

impl<C> Layer<C> for TracedConnectorLayer {
    type Service = TracedConnector<C>;

    fn layer(&self, inner: C) -> TracedConnector<C> {
        TracedConnector::new(inner)
    }
}

impl<C, R> Service<R> for TracedConnector<C>
where
    C: Service<R>,
    C::Response: Connection + Send + 'static,
    C::Error: Display + Send + 'static,
    C::Future: Send + 'static,
{
    type Response = C::Response;
    type Error = C::Error;
    type Future = Connecting<C::Response, C::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), C::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, destination: R) -> Self::Future {
        let mut watch = Watch::current();
        watch.with(|state, _| {
            state.connect_called = Some(SystemTime::now());
            state.dns_failed = false;
            // A TLS connector above waits for this connect to start its handshake's events.
            state.connect_below = state.tls_waiting;
        });
        let connecting = self.inner.call(destination);
        Box::pin(async move {
            let connected = connecting.await;
            watch.with(|state, span| {
                let called = state.connect_called.take();
                if std::mem::take(&mut state.dns_failed) {
                    state.tls_waiting = false;
                    return;
                }
                if let Some(called) = called {
                    span.add_event_with_timestamp(watch::CONNECT_START, called, Vec::new());
                }
                match &connected {
                    Ok(connection) => {
                        state.made += 1;
                        span.add_event(watch::CONNECT_DONE, peer(connection));
                        if std::mem::take(&mut state.tls_waiting) {
                            state.tls_started = true;
                            span.add_event(watch::TLS_START, Vec::new());
                        }
                    }
                    Err(error) => {
                        state.tls_waiting = false;
                        span.add_event(watch::CONNECT_ERROR, watch::failure(error));
                    }
                }
            });
            connected
        })
    }
}

/// `network.peer.address` and `network.peer.port` of `connection`, when it reports them.
fn peer(connection: &impl Connection) -> Vec<KeyValue> {
    let mut extras = Extensions::new();
    connection.connected().get_extras(&mut extras);
    extras.get::<HttpInfo>().map_or_else(Vec::new, |info| {
        let address = info.remote_addr();
        vec![
            KeyValue::new(NETWORK_PEER_ADDRESS, address.ip().to_string()),
            KeyValue::new(NETWORK_PEER_PORT, i64::from(address.port())),
        ]
    })
}
