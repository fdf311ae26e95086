//! The marker a client layer with connection events puts into its request's context: it tells the connector and
//! resolver wrappers below that this request wants events, and tells the layer, at the response, whether a
//! connection was made for the request.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use opentelemetry::trace::{SpanId, TraceContextExt};
use opentelemetry::Context;

/// One request's marker, in its context beside its span; clones share the state.
#[derive(Clone, Debug)]
pub(crate) struct Probe(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    /// The span the marker was made for: a child span made below the layer (another client's, whose layer has no
    /// connection events) inherits the marker in its context, and must not take this request's events.
    span: SpanId,
    state: Mutex<State>,
}

/// What the wrappers have seen of the request's connection so far.
#[derive(Debug, Default)]
// Only `answered` and `made` are read without the wrappers of the `hyper-util` feature.
#[cfg_attr(not(feature = "hyper-util"), allow(dead_code))]
pub(crate) struct State {
    /// The response (or the failure) arrived: what the wrappers see from then on is another request's business.
    pub(crate) answered: bool,
    /// Connections made while the request waited for them.
    pub(crate) made: u32,
    /// When the traced connector was called, until its start is recorded: by the traced resolver below once the
    /// names are resolved (so that the connect's time is its own), else by the connector when it ends.
    pub(crate) connect_called: Option<SystemTime>,
    /// The resolution below the connector failed: the connect never started, the resolver's error tells why.
    pub(crate) dns_failed: bool,
    /// A TLS wrapper waits for the connect below it: the handshake starts when that connect is done.
    pub(crate) tls_waiting: bool,
    /// A traced connect below the TLS wrapper took the call, and will start the handshake's events.
    pub(crate) connect_below: bool,
    /// The handshake's start was recorded: its end or failure is the TLS wrapper's to record.
    pub(crate) tls_started: bool,
}

impl Probe {
    /// `cx` with a new marker, for the request whose span `cx` holds.
    pub(crate) fn attach(cx: &Context) -> (Context, Probe) {
        let probe = Probe(Arc::new(Inner { span: cx.span().span_context().span_id(), state: Mutex::default() }));
        (cx.with_value(probe.clone()), probe)
    }

    /// The request was answered (or failed): whether it was served without a connection made for it, that is on
    /// a connection of the pool. No event is recorded from then on.
    pub(crate) fn answer(&self) -> bool {
        let mut state = self.state();
        state.answered = true;
        state.made == 0
    }

    /// The state, even after a panic elsewhere while it was held: it holds only flags and a count.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.0.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether `cx` is the context of the request this marker was made for: its span is current.
    #[cfg_attr(not(feature = "hyper-util"), allow(dead_code))]
    pub(crate) fn is_for(&self, cx: &Context) -> bool {
        cx.span().span_context().span_id() == self.0.span
    }

    /// Whether `self` and `other` are the same request's marker.
    #[cfg_attr(not(feature = "hyper-util"), allow(dead_code))]
    pub(crate) fn same(&self, other: &Probe) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
