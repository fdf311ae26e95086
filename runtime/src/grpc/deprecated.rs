//! The layers that [`TraceLayer::grpc_server`] and [`TraceLayer::grpc_client`] replaced, kept for a release so
//! that upgrading is a warning, not a break.
#![allow(deprecated)]

use tower_layer::Layer;

use crate::http::{TraceLayer, TraceService};

/// Renamed [`TraceLayer::grpc_server`].
#[deprecated(since = "0.1.0", note = "use `traced::http::TraceLayer::grpc_server()`")]
#[derive(Clone, Copy, Debug, Default)]
pub struct ServerLayer {
    _private: (),
}

impl ServerLayer {
    /// [`TraceLayer::grpc_server`].
    pub fn new() -> Self {
        ServerLayer::default()
    }
}

impl<S> Layer<S> for ServerLayer {
    type Service = TraceService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        TraceLayer::grpc_server().layer(inner)
    }
}

/// Renamed [`TraceService`].
#[deprecated(since = "0.1.0", note = "use `traced::http::TraceService`")]
pub type ServerService<S> = TraceService<S>;

/// Renamed [`TraceLayer::grpc_client`].
#[deprecated(since = "0.1.0", note = "use `traced::http::TraceLayer::grpc_client()`")]
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientLayer {
    _private: (),
}

impl ClientLayer {
    /// [`TraceLayer::grpc_client`].
    pub fn new() -> Self {
        ClientLayer::default()
    }
}

impl<S> Layer<S> for ClientLayer {
    type Service = TraceService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        TraceLayer::grpc_client().layer(inner)
    }
}

/// Renamed [`TraceService`].
#[deprecated(since = "0.1.0", note = "use `traced::http::TraceService`")]
pub type ClientService<S> = TraceService<S>;
