//! The request a connection step (a resolve, a connect, a handshake) runs for, and the events it records on that
//! request's span.

use std::fmt::Display;

use opentelemetry::trace::{SpanRef, TraceContextExt};
use opentelemetry::{Context, KeyValue};
use opentelemetry_semantic_conventions::trace::{ERROR_TYPE, EXCEPTION_MESSAGE};

use super::probe::{Probe, State};
use crate::layer::exchange::error_type;
use crate::sanitize::QueryKeys;

pub(crate) const DNS_START: &str = "http.dns.start";
pub(crate) const DNS_DONE: &str = "http.dns.done";
pub(crate) const DNS_ERROR: &str = "http.dns.error";
pub(crate) const CONNECT_START: &str = "http.connect.start";
pub(crate) const CONNECT_DONE: &str = "http.connect.done";
pub(crate) const CONNECT_ERROR: &str = "http.connect.error";
pub(crate) const TLS_START: &str = "http.tls.start";
pub(crate) const TLS_DONE: &str = "http.tls.done";
pub(crate) const TLS_ERROR: &str = "http.tls.error";

/// The marker of the request that started a step, taken when the step starts: `None` when no request with
/// connection events is current (events off, or a step the pool runs on its own).
pub(crate) struct Watch(Option<Probe>);

impl Watch {
    /// A step that runs for no request.
    pub(crate) const NONE: Watch = Watch(None);

    /// The request whose span is current, if it wants connection events and still waits for its answer.
    pub(crate) fn current() -> Watch {
        Watch(Context::map_current(|cx| {
            cx.get::<Probe>().filter(|probe| probe.is_for(cx) && !probe.state().answered).cloned()
        }))
    }

    /// Runs `record` with the request's state and span while the request still waits for this step: its context
    /// is current (hyper-util moves a connect that a pooled connection overtook to a task of its own, where it
    /// is not) and its answer has not come. Once it does not, the step records nothing more.
    pub(crate) fn with<R>(&mut self, record: impl FnOnce(&mut State, &SpanRef<'_>) -> R) -> Option<R> {
        let probe = self.0.as_ref()?;
        let recorded = Context::map_current(|cx| {
            let waiting = probe.is_for(cx) && cx.get::<Probe>().is_some_and(|current| current.same(probe));
            let mut state = probe.state();
            (waiting && !state.answered).then(|| record(&mut state, &cx.span()))
        });
        if recorded.is_none() {
            self.0 = None;
        }
        recorded
    }
}

/// The attributes of a failed step's event: the error's type (`error.type`) and its text (`exception.message`, the
/// conventions' `error.message` being deprecated), without the credentials of a URL it quotes.
pub(crate) fn failure<E: Display>(error: &E) -> Vec<KeyValue> {
    vec![
        KeyValue::new(ERROR_TYPE, error_type::<E>()),
        KeyValue::new(EXCEPTION_MESSAGE, QueryKeys::DEFAULT.urls_in(&error.to_string()).into_owned()),
    ]
}
