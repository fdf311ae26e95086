//! One traced request and its response: which status its span gets, and when the span ends.

use std::any::type_name;
use std::fmt::Display;
use std::sync::Arc;

use bytes::Buf;
use http::{HeaderMap, StatusCode, Version};
use opentelemetry::trace::{Status, TraceContextExt};
use opentelemetry::{Context, KeyValue};
use opentelemetry_semantic_conventions::trace::{
    ERROR_TYPE, HTTP_RESPONSE_STATUS_CODE, NETWORK_PROTOCOL_VERSION, RPC_RESPONSE_STATUS_CODE,
};

use super::connection::probe::Probe;
use super::hooks::{guarded, Hooks, Outcome, ResponseHead};
use super::messages::Counter;
use super::semconv;
use crate::final_status;
use crate::sanitize::QueryKeys;

/// On a client span with connection events: whether the response came on a connection of the pool (`true`) or on
/// one made for the request (`false`). The conventions have no name for it; Go's `otelhttptrace` says
/// `http.conn.reused`.
const CONNECTION_REUSED: &str = "http.connection.reused";

/// Which end of which protocol a span stands for: it decides what counts as an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// The gRPC sides are made only by the layers of the `grpc` feature.
#[cfg_attr(not(feature = "grpc"), allow(dead_code))]
pub(crate) enum Side {
    HttpServer,
    HttpClient,
    GrpcServer,
    GrpcClient,
}

/// How the exchange ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// The response body ended.
    Complete,
    /// The future or the body was dropped first: the peer went away, or the caller gave up.
    Dropped,
}

/// The span of one request, until its response body ends.
pub(crate) struct Exchange {
    cx: Context,
    side: Side,
    /// The gRPC status seen so far: in the headers of a trailers-only response, or in the trailers.
    grpc_status: Option<(i32, Option<String>)>,
    /// An error of the service or of the body was recorded: its `error.type` and description stand.
    failed: bool,
    /// The user names the span: the conventions do not rename it.
    named: bool,
    extra: Option<Box<Extra>>,
}

/// What only some exchanges need, boxed so that the common one, moved through every future and body, stays small.
#[derive(Default)]
struct Extra {
    /// The path of a recording gRPC server span's call: its `rpc.method` waits for the answer, which tells
    /// whether the server knows the method.
    grpc_path: Option<String>,
    /// The query parameters, beyond the default list, an error's text must not show the values of.
    query_keys: QueryKeys,
    /// The user's hooks, when one looks at the response.
    hooks: Option<Arc<Hooks>>,
    /// The messages of a recording gRPC span's response body, when the layer records message events.
    messages: Option<Counter>,
    /// The marker of a client's connection events, also in `cx`: the response reads from it whether a connection
    /// was made for the request.
    probe: Option<Probe>,
}

impl Exchange {
    pub(crate) fn new(cx: Context, side: Side) -> Self {
        Exchange { cx, side, grpc_status: None, failed: false, named: false, extra: None }
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    fn hooks(&self) -> Option<&Hooks> {
        self.extra.as_ref().and_then(|extra| extra.hooks.as_deref())
    }

    /// The user's hooks, kept for the response when one looks at it and the span records.
    pub(crate) fn with_hooks(mut self, hooks: &Arc<Hooks>) -> Self {
        self.named = hooks.name.is_some();
        if hooks.see_responses() && self.cx.span().is_recording() {
            self.extra_mut().hooks = Some(Arc::clone(hooks));
        }
        self
    }

    /// Whether `outcome` is a failure: the user's classifier decides, else the side's rule.
    fn is_failure(&self, outcome: Outcome) -> bool {
        if let Some(is_failure) = self.hooks().and_then(|hooks| hooks.is_failure.as_ref()) {
            if let Some(verdict) = guarded(|| is_failure(outcome)) {
                return verdict;
            }
        }
        match (self.side, outcome) {
            (Side::HttpServer, Outcome::Http(status)) => status.is_server_error(),
            (_, Outcome::Http(status)) => status.is_client_error() || status.is_server_error(),
            (Side::GrpcServer, Outcome::Grpc(code)) => semconv::GRPC_SERVER_ERRORS.contains(&code),
            (_, Outcome::Grpc(code)) => code != semconv::GRPC_OK,
        }
    }

    /// Connection events for a client span that records: a marker in the context the inner service runs in, which
    /// the connector and resolver wrappers look for.
    pub(crate) fn with_connection_probe(mut self) -> Self {
        if self.cx.span().is_recording() {
            let (cx, probe) = Probe::attach(&self.cx);
            self.cx = cx;
            self.extra_mut().probe = Some(probe);
        }
        self
    }

    /// The path of the call a gRPC server span stands for, recorded as `rpc.method` when the call ends.
    // Called only by the server layer of the `grpc` feature.
    #[cfg_attr(not(feature = "grpc"), allow(dead_code))]
    pub(crate) fn with_grpc_path(mut self, path: &str) -> Self {
        if self.cx.span().is_recording() {
            self.extra_mut().grpc_path = Some(path.to_owned());
        }
        self
    }

    /// Counts the messages of the response body with `counter`.
    // Called only by the gRPC layers of the `grpc` feature.
    #[cfg_attr(not(feature = "grpc"), allow(dead_code))]
    pub(crate) fn with_messages(mut self, counter: Counter) -> Self {
        self.extra_mut().messages = Some(counter);
        self
    }

    /// Reads a data frame of the response body: the messages of a gRPC one.
    #[inline]
    pub(crate) fn data(&mut self, data: &impl Buf) {
        if let Some(counter) = self.extra.as_mut().and_then(|extra| extra.messages.as_mut()) {
            counter.data(data);
        }
    }

    /// The query parameters, beyond the default list, whose values an error's text must not show.
    pub(crate) fn with_query_keys(mut self, keys: &QueryKeys) -> Self {
        if !keys.is_default() {
            self.extra_mut().query_keys = keys.clone();
        }
        self
    }

    /// The context with the exchange's span: current while the service runs, injected into outgoing headers.
    pub(crate) fn context(&self) -> &Context {
        &self.cx
    }

    /// Records the response head.
    pub(crate) fn response(&mut self, status: StatusCode, version: Version, headers: &HeaderMap) {
        let span = self.cx.span();
        if let Some(on_response) = self.hooks().and_then(|hooks| hooks.on_response.as_ref()) {
            let mut attributes = Vec::new();
            guarded(|| on_response(&ResponseHead { status, version, headers }, &mut attributes));
            span.set_attributes(attributes);
        }
        match self.side {
            Side::HttpServer | Side::HttpClient => {
                if !span.is_recording() {
                    return;
                }
                span.set_attribute(KeyValue::new(HTTP_RESPONSE_STATUS_CODE, i64::from(status.as_u16())));
                if let Some(probe) = self.extra.as_ref().and_then(|extra| extra.probe.as_ref()) {
                    span.set_attribute(KeyValue::new(CONNECTION_REUSED, probe.answer()));
                }
                if self.side == Side::HttpClient {
                    if let Some(version) = semconv::protocol_version(version) {
                        span.set_attribute(KeyValue::new(NETWORK_PROTOCOL_VERSION, version));
                    }
                }
                if self.is_failure(Outcome::Http(status)) {
                    self.failed = true;
                    span.set_attribute(KeyValue::new(ERROR_TYPE, status.as_str().to_owned()));
                    final_status::fail(&span, Status::error(""));
                }
            }
            Side::GrpcServer | Side::GrpcClient => {
                self.grpc_status = semconv::grpc_status(headers)
                    .or_else(|| (status != StatusCode::OK).then(|| semconv::grpc_status_of_http(status)));
            }
        }
    }

    /// Records the trailers of the response body: where a gRPC status usually is.
    pub(crate) fn trailers(&mut self, trailers: &HeaderMap) {
        if matches!(self.side, Side::GrpcServer | Side::GrpcClient) {
            if let Some(status) = semconv::grpc_status(trailers) {
                self.grpc_status = Some(status);
            }
        }
    }

    /// Records an error of the service or of the response body, of type `E`.
    pub(crate) fn failed<E: Display + ?Sized>(&mut self, error: &E) {
        self.failed_as(error_type::<E>(), error);
    }

    /// Records an error, of the kind `error_type`.
    pub(crate) fn failed_as(&mut self, error_type: &'static str, error: &(impl Display + ?Sized)) {
        if self.failed {
            return;
        }
        self.failed = true;
        let span = self.cx.span();
        span.set_attribute(KeyValue::new(ERROR_TYPE, error_type));
        // An error's text may quote the URL it failed on (reqwest's do): never its credentials.
        let default = QueryKeys::default();
        let keys = self.extra.as_ref().map_or(&default, |extra| &extra.query_keys);
        final_status::fail(&span, Status::error(keys.urls_in(&error.to_string()).into_owned()));
    }

    /// Ends the span.
    pub(crate) fn finish(mut self, ending: Ending) {
        if let Some(probe) = self.extra.as_ref().and_then(|extra| extra.probe.as_ref()) {
            probe.answer();
        }
        let span = self.cx.span();
        if matches!(self.side, Side::GrpcServer | Side::GrpcClient) {
            // A call that failed below gRPC (no connection, say) got no status: its error stands alone.
            let status = match self.grpc_status.take() {
                None if self.failed => None,
                status => Some(status.unwrap_or(match ending {
                    Ending::Complete => (semconv::GRPC_UNKNOWN, Some("no grpc-status in the response".to_owned())),
                    Ending::Dropped => (semconv::GRPC_CANCELLED, None),
                })),
            };
            if let Some(path) = self.extra.as_ref().and_then(|extra| extra.grpc_path.as_ref()) {
                // tonic answers a method or service the server lacks with UNIMPLEMENTED and no message, where a
                // handler's UNIMPLEMENTED usually says why: the conventions want `_OTHER` for the first.
                let known = match &status {
                    Some((semconv::GRPC_UNIMPLEMENTED, message)) => message.as_deref().is_some_and(|m| !m.is_empty()),
                    _ => true,
                };
                let mut attributes = Vec::with_capacity(2);
                if semconv::rpc_method(path, known, &mut attributes) == semconv::GRPC && !self.named {
                    span.update_name(semconv::GRPC);
                }
                span.set_attributes(attributes);
            }
            if let Some(counter) = self.extra.as_ref().and_then(|extra| extra.messages.as_ref()) {
                let mut attributes = Vec::with_capacity(3);
                counter.messages().totals(&mut attributes);
                span.set_attributes(attributes);
            }
            if let Some((code, message)) = status {
                span.set_attribute(KeyValue::new(RPC_RESPONSE_STATUS_CODE, semconv::grpc_code_name(code)));
                // After a failed body, its `error.type` stands.
                if self.is_failure(Outcome::Grpc(code)) && !self.failed {
                    span.set_attribute(KeyValue::new(ERROR_TYPE, semconv::grpc_code_name(code)));
                    final_status::fail(&span, Status::error(message.unwrap_or_default()));
                }
            }
        }
        span.end();
    }
}

/// `error.type` for an error of type `E`: its type name, or `_OTHER` for a boxed `dyn Error` that names nothing.
pub(crate) fn error_type<E: ?Sized>() -> &'static str {
    let name = type_name::<E>();
    if name.contains("dyn ") {
        "_OTHER"
    } else {
        name
    }
}
