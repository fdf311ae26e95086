//! The layers that [`TraceLayer::grpc_server`] and [`TraceLayer::grpc_client`] replaced, kept for a release so
//! that upgrading is a warning, not a break.
#![allow(deprecated)]

use crate::layer::deprecated_layer;

deprecated_layer!(grpc, ServerLayer, ServerService, grpc_server, "use `traced::http::TraceLayer::grpc_server()`");
deprecated_layer!(grpc, ClientLayer, ClientService, grpc_client, "use `traced::http::TraceLayer::grpc_client()`");
