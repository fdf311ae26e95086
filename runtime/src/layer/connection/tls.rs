//! [`TracedTlsConnector`]: the TLS handshake of a new `https` connection, on the span of the request it is made
//! for.

use std::fmt::Display;
use std::task::{Context, Poll};

use http::uri::Scheme;
use http::Uri;
use tower_service::Service;

use super::connector::Connecting;
use super::watch::{self, Watch};

/// A TLS connector (hyper-rustls's or hyper-tls's `HttpsConnector`, say) over a [`TracedConnector`], whose
/// handshakes are events on the span of the request they are made for, when that request's client layer has
/// [connection events](crate::http::TraceLayer::with_connection_events):
///
/// - `http.tls.start` when the connect below is done (recorded by the `TracedConnector` below, which is what
///   tells the handshake's start from the connect's; over a connector that is not traced, when the TLS connector
///   is called, so that the time includes the connect),
/// - `http.tls.done` when the connection is ready, `http.tls.error` with `error.type` and `exception.message`
///   when the handshake fails (a failed connect is the connect's `http.connect.error` alone).
///
/// Only `https` destinations have handshakes; the connector's answer is passed on untouched.
///
/// ```
/// use std::convert::Infallible;
///
/// use hyper_util::client::legacy::connect::HttpConnector;
/// use tower::service_fn;
/// use traced::http::{TracedConnector, TracedTlsConnector};
///
/// // In a program: `hyper_rustls::HttpsConnector::from((TracedConnector::new(http), tls_config))`.
/// let mut http = HttpConnector::new();
/// http.enforce_http(false);
/// let https = TracedConnector::new(http);
/// let connector = TracedTlsConnector::new(https);
/// # let _ = connector;
/// ```
///
/// [`TracedConnector`]: crate::http::TracedConnector
#[derive(Clone, Debug)]
pub struct TracedTlsConnector<C> {
    inner: C,
}

impl<C> TracedTlsConnector<C> {
    /// Traces the handshakes of `inner`, a TLS connector over a [`TracedConnector`](crate::http::TracedConnector).
    ///
    /// ```
    /// # use hyper_util::client::legacy::connect::HttpConnector;
    /// let connector = traced::http::TracedTlsConnector::new(traced::http::TracedConnector::new(HttpConnector::new()));
    /// # let _ = connector;
    /// ```
    pub fn new(inner: C) -> Self {
        TracedTlsConnector { inner }
    }
}

impl<C> Service<Uri> for TracedTlsConnector<C>
where
    C: Service<Uri>,
    C::Response: Send + 'static,
    C::Error: Display + Send + 'static,
    C::Future: Send + 'static,
{
    type Response = C::Response;
    type Error = C::Error;
    type Future = Connecting<C::Response, C::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), C::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let mut watch = if destination.scheme() == Some(&Scheme::HTTPS) { Watch::current() } else { Watch::NONE };
        watch.with(|state, _| {
            state.tls_waiting = true;
            state.connect_below = false;
            state.tls_started = false;
        });
        // TLS connectors call the connector below from `call`: a traced one has said so by now.
        let connecting = self.inner.call(destination);
        watch.with(|state, span| {
            if !state.connect_below {
                state.tls_waiting = false;
                state.tls_started = true;
                span.add_event(watch::TLS_START, Vec::new());
            }
        });
        Box::pin(async move {
            let connected = connecting.await;
            watch.with(|state, span| {
                if std::mem::take(&mut state.tls_started) {
                    match &connected {
                        Ok(_) => span.add_event(watch::TLS_DONE, Vec::new()),
                        Err(error) => span.add_event(watch::TLS_ERROR, watch::failure(error)),
                    }
                }
                state.tls_waiting = false;
            });
            connected
        })
    }
}
