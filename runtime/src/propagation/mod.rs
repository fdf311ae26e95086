//! W3C Trace Context, to the letter: `traceparent` and `tracestate` extracted with every rule of the spec
//! (Level 2's `random` flag kept), and injected for outgoing requests.
//!
//! The SDK's `TraceContextPropagator` reads only the first line of each header and drops flags it does not know;
//! this one sees every line: two `traceparent` headers make no parent, several `tracestate` lines are one list.
//!
//! Set-up installs it as the global propagator; with feature `http`, `extract_headers` and `inject_headers` use
//! it on `http::HeaderMap`s. Any carrier works through the `TextMapPropagator` trait:
//!
//! ```
//! use std::collections::HashMap;
//!
//! use opentelemetry::propagation::TextMapPropagator;
//!
//! let propagator = traced::propagation::TraceContext::new();
//! let incoming = HashMap::from([
//!     ("traceparent".to_owned(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_owned()),
//!     ("tracestate".to_owned(), "vendor=value".to_owned()),
//! ]);
//! let cx = propagator.extract(&incoming);
//!
//! let mut outgoing = HashMap::new();
//! propagator.inject_context(&cx, &mut outgoing);
//! assert_eq!(outgoing, incoming, "a remote parent is sent on as it came");
//! ```

#[cfg(feature = "http")]
mod http;
mod trace_context;
mod traceparent;
mod tracestate;

#[cfg(feature = "http")]
pub use self::http::{extract_headers, inject_headers};
pub use trace_context::TraceContext;
pub(crate) use traceparent::RANDOM;

/// What a carrier returns for a header line that is not text (bytes past ASCII, say), so that the line still
/// counts: a second `traceparent` still voids the first, a `tracestate` list with a bad line is still dropped.
/// It is valid in neither header.
#[cfg(feature = "http")]
pub(crate) const UNREADABLE: &str = "\u{7f}";
