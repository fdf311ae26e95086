//! Connection events on HTTP client spans: the marker a client layer puts into its request's context, and (feature
//! `hyper-util`) the connector and resolver wrappers that find it there and record each step of a new connection
//! on that request's span, in the spirit of Go's `otelhttptrace`.

#[cfg(feature = "hyper-util")]
mod connector;
pub(crate) mod probe;
#[cfg(feature = "hyper-util")]
mod resolver;
#[cfg(feature = "hyper-util")]
mod tls;
#[cfg(feature = "hyper-util")]
mod watch;

#[cfg(feature = "hyper-util")]
pub use connector::{TracedConnector, TracedConnectorLayer};
#[cfg(feature = "hyper-util")]
pub use resolver::TracedResolver;
#[cfg(feature = "hyper-util")]
pub use tls::TracedTlsConnector;
