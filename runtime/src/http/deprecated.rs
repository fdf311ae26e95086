//! The layers of each side that [`TraceLayer`](super::TraceLayer) replaced, kept for a release so that upgrading
//! is a warning, not a break.
#![allow(deprecated)]

use tower_layer::Layer;

use super::{TraceLayer, TraceService};
use crate::layer::deprecated_layer;

deprecated_layer!(http, ServerLayer, ServerService, http_server, "use `traced::http::TraceLayer::http_server()`");

/// Renamed [`TraceLayer::http_client`].
///
/// ```
/// # #![allow(deprecated)]
/// let before = traced::http::ClientLayer::new().with_sensitive_query_keys(["ticket"]);
/// let now = traced::http::TraceLayer::http_client().with_sensitive_query_keys(["ticket"]);
/// # let _ = (before, now);
/// ```
#[deprecated(since = "0.1.0", note = "use `traced::http::TraceLayer::http_client()`")]
#[derive(Clone, Debug)]
pub struct ClientLayer {
    layer: TraceLayer,
}

impl Default for ClientLayer {
    fn default() -> Self {
        ClientLayer { layer: TraceLayer::http_client() }
    }
}

impl ClientLayer {
    /// [`TraceLayer::http_client`].
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let layer = traced::http::ClientLayer::new();
    /// # let _ = layer;
    /// ```
    pub fn new() -> Self {
        ClientLayer::default()
    }

    /// [`TraceLayer::with_sensitive_query_keys`].
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let layer = traced::http::ClientLayer::new().with_sensitive_query_keys(["ticket"]);
    /// # let _ = layer;
    /// ```
    pub fn with_sensitive_query_keys(self, keys: impl IntoIterator<Item = impl Into<String>>) -> Self {
        ClientLayer { layer: self.layer.with_sensitive_query_keys(keys) }
    }
}

impl<S> Layer<S> for ClientLayer {
    type Service = TraceService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        self.layer.layer(inner)
    }
}

/// Renamed [`TraceService`].
///
/// ```
/// # #![allow(deprecated)]
/// use std::convert::Infallible;
/// use tower::{service_fn, Layer};
///
/// let inner = service_fn(|_: http::Request<()>| async { Ok::<_, Infallible>(http::Response::new(())) });
/// let before: traced::http::ClientService<_> = traced::http::ClientLayer::new().layer(inner);
/// let now: traced::http::TraceService<_> = before;
/// # let _ = now;
/// ```
#[deprecated(since = "0.1.0", note = "use `traced::http::TraceService`")]
pub type ClientService<S> = TraceService<S>;
