//! Whole-service HTTP tracing (feature `http`): tower layers for servers ([`ServerLayer`]) and clients
//! ([`ClientLayer`]), each making one span per request after the HTTP spans of the OpenTelemetry semantic
//! conventions 1.42, with the W3C trace context read from and written to the headers.
//!
//! A reqwest client is traced by [`traced::reqwest`](crate::reqwest) (feature `reqwest`), a tonic one by
//! [`traced::grpc`](crate::grpc) (feature `grpc`).

mod client;
mod server;

pub use crate::layer::body::ResponseBody;
pub use crate::layer::future::ResponseFuture;
pub use crate::layer::service::{Starts, Traced};
#[cfg(feature = "reqwest")]
pub(crate) use client::client_attributes;
pub use client::{ClientLayer, ClientService};
pub use server::{ServerLayer, ServerService};
