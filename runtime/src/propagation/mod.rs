//! W3C Trace Context, to the letter: `traceparent` and `tracestate` extracted with every rule of the spec
//! (Level 2's `random` flag kept), and injected for outgoing requests.
//!
//! The SDK's `TraceContextPropagator` reads only the first line of each header and drops flags it does not know;
//! this one sees every line: two `traceparent` headers make no parent, several `tracestate` lines are one list.

#[cfg(feature = "http")]
mod http;
mod trace_context;

#[cfg(feature = "http")]
pub use self::http::{extract_headers, inject_headers};
pub use trace_context::TraceContext;
